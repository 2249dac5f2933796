//! The avatar rendition: the centre square of the upright image, resized to
//! [`AVATAR_SIZE`] and encoded as JPEG. It goes through the same decoder
//! (pixel limit, memory cap, panic guard, shrink-on-load), resizer and
//! deadline checks as entries; the encoder writes no metadata.

use std::time::Instant;

use actix_web::http::StatusCode;

use super::raster::Resizer;
use super::{Limits, Rendition, decode, encode, on_time};
use crate::error::ApiError;

/// Width and height of every avatar.
pub const AVATAR_SIZE: u32 = 256;

/// Makes the avatar of an upload, refusing it as [`super::process`] would
/// (413 `payload_too_large` past `limits.max_bytes`, 415
/// `unsupported_image_format`, 413 `image_too_large`, 422 `invalid_image`),
/// and with 422 `processing_timeout` at the first stage boundary after
/// `deadline`. Smaller images are scaled up to the size.
pub fn avatar_until(
    bytes: &[u8],
    limits: &Limits,
    deadline: Option<Instant>,
) -> Result<Rendition, ApiError> {
    if bytes.len() > limits.max_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the upload exceeds {} bytes", limits.max_bytes),
        ));
    }
    let format = crate::media::sniff(bytes)?;
    let decoded = decode::decode_covering(bytes, format, limits.max_pixels, AVATAR_SIZE)?;
    on_time(deadline)?;
    // The centre square is the same before and after orientation (turns
    // and flips map it onto itself), so crop and shrink first and turn
    // only the small result.
    let r = decoded.raster;
    let side = r.width.min(r.height);
    let square = r.crop((r.width - side) / 2, (r.height - side) / 2, side, side)?;
    drop(r);
    let small = Resizer::new()
        .resize(square, AVATAR_SIZE, AVATAR_SIZE)?
        .orient(decoded.orientation)?;
    on_time(deadline)?;
    Ok(Rendition {
        bytes: encode::jpeg(&small)?,
        width: AVATAR_SIZE,
        height: AVATAR_SIZE,
        content_type: "image/jpeg",
        ext: "jpg",
    })
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use image::ImageFormat;

    use super::*;

    fn png(img: &image::RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn avatar(bytes: &[u8]) -> Result<Rendition, ApiError> {
        avatar_until(bytes, &Limits::default(), None)
    }

    #[test]
    fn avatars_are_square_jpegs_of_the_centre() {
        // 640x480: red margins left and right of a green centre square.
        let img = image::RgbImage::from_fn(640, 480, |x, _| {
            if (80..560).contains(&x) {
                image::Rgb([20, 200, 20])
            } else {
                image::Rgb([220, 20, 20])
            }
        });
        let out = avatar(&png(&img)).unwrap();
        assert_eq!(image::guess_format(&out.bytes).unwrap(), ImageFormat::Jpeg);
        assert_eq!(out.content_type, "image/jpeg");
        let back = image::load_from_memory(&out.bytes).unwrap().to_rgb8();
        assert_eq!((back.width(), back.height()), (AVATAR_SIZE, AVATAR_SIZE));
        for (x, y) in [(2, 2), (253, 253), (128, 128)] {
            let p = back.get_pixel(x, y).0;
            assert!(
                p[1] > 150 && p[0] < 80,
                "({x}, {y}) is {p:?}: the margins were cut"
            );
        }
    }

    #[test]
    fn small_images_are_scaled_up_and_orientation_applied() {
        let img = image::RgbImage::from_pixel(40, 30, image::Rgb([9, 9, 200]));
        let out = avatar(&png(&img)).unwrap();
        assert_eq!((out.width, out.height), (AVATAR_SIZE, AVATAR_SIZE));
        // A JPEG whose EXIF says "turn 90°": top half black before turning,
        // so the right half is black after.
        let photo = image::RgbImage::from_fn(600, 600, |_, y| {
            if y < 300 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            }
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&photo)
            .unwrap();
        // APP1 with a little-endian TIFF header and one IFD entry:
        // Orientation (0x0112), SHORT, count 1, value 6.
        let mut exif =
            b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
        let len = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
        let mut app1 = vec![0xFF, 0xE1, len[0], len[1]];
        app1.append(&mut exif);
        jpeg.splice(2..2, app1);
        let back = image::load_from_memory(&avatar(&jpeg).unwrap().bytes)
            .unwrap()
            .to_rgb8();
        // Unturned, the bottom right would be light and the top left dark.
        assert!(back.get_pixel(240, 200).0[0] < 50, "right half is dark");
        assert!(back.get_pixel(15, 60).0[0] > 200, "left half is light");
    }

    #[test]
    fn text_and_truncated_images_are_refused_not_panics() {
        assert_eq!(
            avatar(b"plain text").unwrap_err().code,
            "unsupported_image_format"
        );
        let data = png(&image::RgbImage::from_pixel(64, 64, image::Rgb([1, 2, 3])));
        let err = avatar(&data[..data.len() / 2]).unwrap_err();
        assert_eq!(err.code, "invalid_image", "{err}");
        let small = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            avatar_until(&data, &small, None).unwrap_err().code,
            "payload_too_large"
        );
        let past = Some(Instant::now());
        assert_eq!(
            avatar_until(&data, &Limits::default(), past)
                .unwrap_err()
                .code,
            "processing_timeout"
        );
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A valid PNG header claiming 100000 x 100000 pixels, with no data.
        let mut bomb = png(&image::RgbImage::from_pixel(1, 1, image::Rgb([0, 0, 0])));
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // Fix the IHDR chunk's CRC (over type + data) so the header is valid.
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(bomb.len() < 100, "a few dozen bytes claim 10^10 pixels");
        let err = avatar(&bomb).unwrap_err();
        assert_eq!(err.code, "image_too_large", "{err}");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
