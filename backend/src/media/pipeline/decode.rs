//! Decoding under limits. The pixel count the header declares is checked
//! before any pixel buffer exists; decoders then run under a memory cap as a
//! second line of defence. JPEGs big enough to be shrunk are decoded with
//! DCT scaling (jpeg-decoder), everything else by the `image` crate.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use actix_web::http::StatusCode;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::invalid;
use super::raster::{Raster, cover, fit};
use crate::error::ApiError;
use crate::media::image_error;

/// Decoded pixels, not yet oriented; `raster` may be smaller than the image.
pub(super) struct Decoded {
    /// Full size as stored, before orientation.
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
    pub raster: Raster,
}

/// How small a JPEG may be decoded: its long edge (`Fit`) or its short edge
/// (`Cover`) keeps at least this many pixels.
#[derive(Debug, Clone, Copy)]
enum Shrink {
    Fit(u32),
    Cover(u32),
}

/// Decodes at least `display_edge` pixels along the long edge (or the whole
/// image if it is smaller), refusing more than `max_pixels`.
pub(super) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
    display_edge: u32,
) -> Result<Decoded, ApiError> {
    decode_to(bytes, format, max_pixels, Shrink::Fit(display_edge))
}

/// [`decode`], keeping at least `edge` pixels along the short edge instead,
/// for a square crop of that size.
pub(super) fn decode_covering(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
    edge: u32,
) -> Result<Decoded, ApiError> {
    decode_to(bytes, format, max_pixels, Shrink::Cover(edge))
}

fn decode_to(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
    shrink: Shrink,
) -> Result<Decoded, ApiError> {
    // Decoders are fuzzed, but a panic on hostile input must still end as a
    // refusal, not as a dead worker thread and a 500.
    catch_unwind(AssertUnwindSafe(|| {
        if format == ImageFormat::Jpeg
            && let Some(decoded) = decode_jpeg_scaled(bytes, max_pixels, shrink)?
        {
            return Ok(decoded);
        }
        decode_with_image(bytes, format, max_pixels)
    }))
    .unwrap_or_else(|_| Err(invalid("the image could not be decoded")))
}

/// Bytes a decoder may allocate: four channels, twice over (frame
/// compositing, conversion), never less than 64 MiB.
fn alloc_cap(max_pixels: u64) -> u64 {
    max_pixels.saturating_mul(4 * 2).max(64 << 20)
}

fn check_dimensions(width: u32, height: u32, max_pixels: u64) -> Result<(), ApiError> {
    if width == 0 || height == 0 {
        return Err(invalid("the image has no pixels"));
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(too_large(width, height, max_pixels));
    }
    Ok(())
}

fn too_large(width: u32, height: u32, max_pixels: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "image_too_large",
        format!("the image is {width}x{height}; at most {max_pixels} pixels are accepted"),
    )
}

/// The `image` crate's decoders (zune-jpeg, png, image-webp, gif): the
/// first frame of animations, any bit depth, EXIF orientation read.
fn decode_with_image(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
) -> Result<Decoded, ApiError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(alloc_cap(max_pixels));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, max_pixels)?;
    let orientation = decoder.orientation().map_err(image_error)?;
    let img = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    // A frame larger than the canvas it claims must not slip past the check.
    check_dimensions(img.width(), img.height(), max_pixels)?;
    Ok(Decoded {
        width: img.width(),
        height: img.height(),
        orientation,
        raster: Raster::from_dynamic(img),
    })
}

/// Shrink-on-load: decodes a baseline or progressive 8-bit grey or YCbCr
/// JPEG at 1/2, 1/4 or 1/8 scale, the smallest that still covers the size
/// `shrink` asks for. `None` sends other JPEGs (CMYK, 12-bit, features
/// jpeg-decoder does not support) to the `image` crate.
fn decode_jpeg_scaled(
    bytes: &[u8],
    max_pixels: u64,
    shrink: Shrink,
) -> Result<Option<Decoded>, ApiError> {
    use jpeg_decoder::{Decoder, Error, PixelFormat};

    let mut decoder = Decoder::new(bytes);
    decoder
        .set_max_decoding_buffer_size(usize::try_from(alloc_cap(max_pixels)).unwrap_or(usize::MAX));
    match decoder.read_info() {
        Ok(()) => {}
        Err(Error::Unsupported(_)) => return Ok(None),
        Err(e) => return Err(jpeg_error(e)),
    }
    let Some(info) = decoder.info() else {
        return Err(invalid("the JPEG has no frame header"));
    };
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_dimensions(width, height, max_pixels)?;
    let grey = match info.pixel_format {
        PixelFormat::L8 => true,
        PixelFormat::RGB24 => false,
        PixelFormat::L16 | PixelFormat::CMYK32 => return Ok(None),
    };
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);

    // The target in stored orientation has the same long and short edges.
    let (tw, th) = match shrink {
        Shrink::Fit(edge) => fit(width, height, edge),
        Shrink::Cover(edge) => cover(width, height, edge),
    };
    let (sw, sh) = if (tw, th) == (width, height) {
        (info.width, info.height)
    } else {
        let requested = (
            u16::try_from(tw).unwrap_or(u16::MAX),
            u16::try_from(th).unwrap_or(u16::MAX),
        );
        match decoder.scale(requested.0, requested.1) {
            Ok(size) => size,
            Err(Error::Unsupported(_)) => return Ok(None),
            Err(e) => return Err(jpeg_error(e)),
        }
    };
    let pixels = match decoder.decode() {
        Ok(p) => p,
        Err(Error::Unsupported(_)) => return Ok(None),
        Err(e) => return Err(jpeg_error(e)),
    };
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let expected = sw as usize * sh as usize * if grey { 1 } else { 3 };
    if pixels.len() < expected || sw == 0 || sh == 0 {
        return Err(invalid("the JPEG decoded to fewer pixels than it declares"));
    }
    let data = if grey {
        pixels[..expected].iter().flat_map(|&l| [l, l, l]).collect()
    } else {
        let mut pixels = pixels;
        pixels.truncate(expected);
        pixels
    };
    Ok(Some(Decoded {
        width,
        height,
        orientation,
        raster: Raster {
            width: sw,
            height: sh,
            alpha: false,
            data,
        },
    }))
}

fn jpeg_error(e: jpeg_decoder::Error) -> ApiError {
    invalid(format!("the image could not be decoded: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, 128])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn big_jpegs_are_decoded_at_a_reduced_scale() {
        let data = jpeg(3400, 1000);
        let d = decode(&data, ImageFormat::Jpeg, 40_000_000, 1600).unwrap();
        assert_eq!((d.width, d.height), (3400, 1000));
        // 1/2 scale is the smallest that still covers 1600 pixels.
        assert_eq!((d.raster.width, d.raster.height), (1700, 500));
        let d = decode(&data, ImageFormat::Jpeg, 40_000_000, 400).unwrap();
        assert_eq!((d.raster.width, d.raster.height), (425, 125));
    }

    #[test]
    fn covering_keeps_the_short_edge() {
        let data = jpeg(3400, 1000);
        // 1/4 scale leaves a short edge of 250 < 256; 1/2 keeps 500.
        let d = decode_covering(&data, ImageFormat::Jpeg, 40_000_000, 256).unwrap();
        assert_eq!((d.raster.width, d.raster.height), (1700, 500));
        let d = decode_covering(&data, ImageFormat::Jpeg, 40_000_000, 120).unwrap();
        assert_eq!((d.raster.width, d.raster.height), (425, 125));
    }

    #[test]
    fn small_jpegs_are_decoded_whole() {
        let data = jpeg(300, 200);
        let d = decode(&data, ImageFormat::Jpeg, 40_000_000, 1600).unwrap();
        assert_eq!((d.raster.width, d.raster.height), (300, 200));
        assert_eq!(d.raster.data.len(), 300 * 200 * 3);
    }

    #[test]
    fn a_jpeg_declaring_too_many_pixels_is_refused_before_decoding() {
        let mut data = jpeg(16, 16);
        // SOF0: FF C0, length (2), precision (1), height (2), width (2).
        let sof = data.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        data[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
        data[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
        let err = decode(&data, ImageFormat::Jpeg, 40_000_000, 1600)
            .err()
            .unwrap();
        assert_eq!(err.code, "image_too_large", "{err}");
    }
}
