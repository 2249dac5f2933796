//! The image pipeline for challenge entries: one synchronous, CPU-bound call
//! turns an upload into everything the platform keeps about it — the
//! original with its metadata removed, WebP display and thumbnail
//! renditions, a perceptual hash and the dominant colours — or refuses it
//! with a 4xx (too big, not an image, a decompression bomb, corrupt).
//!
//! Callers run [`process`] off the async executor (`spawn_blocking`) under a
//! concurrency limit; nothing here blocks on I/O.
//!
//! Speed comes from never touching full-resolution pixels when a smaller
//! picture will do: JPEGs are decoded with DCT scaling (1/2, 1/4 or 1/8, the
//! smallest that is still at least the display size), the thumbnail is made
//! from the display rendition, and the hash and colours from the thumbnail.

mod avatar;
mod colour;
mod decode;
mod encode;
mod phash;
mod raster;
mod strip;

use actix_web::http::StatusCode;
use bytes::Bytes;
use image::ImageFormat;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

pub use avatar::{AVATAR_SIZE, avatar_until};
pub use colour::{ColourMatch, PaletteMatch, palette_match};
pub use phash::{PHASH_VERSION, hamming};

use raster::{Raster, fit};

/// WebP cannot be wider or taller than this; rendition edges are capped to it.
const MAX_RENDITION_EDGE: u32 = 16_383;
/// How many dominant colours are reported.
const DOMINANT_COLOURS: usize = 5;

/// What an upload may be, and the sizes of its renditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest upload accepted, in bytes (413 `payload_too_large` above).
    pub max_bytes: usize,
    /// Most pixels (width × height, from the header) accepted
    /// (413 `image_too_large` above, before any pixel is decoded).
    pub max_pixels: u64,
    /// Long edge of the display rendition; smaller images are not upscaled.
    pub display_edge: u32,
    /// Long edge of the thumbnail.
    pub thumb_edge: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 25 * 1024 * 1024,
            max_pixels: 40_000_000,
            display_edge: 1600,
            thumb_edge: 400,
        }
    }
}

/// One stored file.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendition {
    pub bytes: Bytes,
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    /// File extension without the dot, e.g. `webp`.
    pub ext: &'static str,
}

impl std::fmt::Debug for Rendition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendition")
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Everything the pipeline learns from and makes of one upload.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Detected from the content: `jpeg`, `png`, `webp` or `gif`.
    pub format: &'static str,
    /// Of the upright image (EXIF orientation applied).
    pub width: u32,
    pub height: u32,
    /// Size of the upload.
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the upload (not of `original`).
    pub sha256: String,
    /// The upload in its own format with all metadata removed losslessly
    /// (see [`process`]); `width`/`height` are the upright size.
    pub original: Rendition,
    /// Long edge ≤ `display_edge`, WebP (lossy, alpha kept).
    pub display: Rendition,
    /// Long edge ≤ `thumb_edge`, WebP (lossy, alpha kept).
    pub thumbnail: Rendition,
    /// 64-bit DCT perceptual hash of the upright image, of construction
    /// [`PHASH_VERSION`]; compare with [`hamming`].
    pub phash: u64,
    /// Up to five, most dominant first; shares sum to 1 (over opaque pixels).
    pub colours: Vec<DominantColour>,
}

/// A colour that covers `share` (0..=1) of the image.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DominantColour {
    /// `#rrggbb`, lowercase.
    pub hex: String,
    pub share: f32,
}

/// Turns an upload into its stored forms.
///
/// Checks, in order: size (413 `payload_too_large`), format by content —
/// JPEG, PNG, WebP or GIF, whatever the name says (415
/// `unsupported_image_format`), the pixel count the header declares, before
/// any pixel buffer exists (413 `image_too_large`), then decoding under a
/// memory cap (422 `invalid_image` for corrupt or truncated files, 413 when
/// the cap trips). Never panics and never answers 5xx for a bad upload.
///
/// The `original` keeps the uploaded bytes of the image data and drops every
/// metadata container: JPEG APP1 (EXIF, XMP), APP13 (IPTC), COM, every other
/// APPn except APP0/JFIF (its embedded thumbnail removed), APP2 ICC profiles
/// (kept: they are colour, not personal data, and dropping them shifts
/// colours) and APP14 Adobe (needed to decode colours correctly), plus
/// anything after EOI; PNG keeps only chunks that affect rendering (text,
/// `eXIf`, `tIME` and unknown chunks go); WebP drops `EXIF`, `XMP ` and
/// unknown chunks and clears their VP8X flags; GIF drops comments and every
/// application extension but NETSCAPE2.0/ANIMEXTS1.0 (looping).
///
/// Orientation: when the upload is not upright, the original gets a minimal
/// EXIF block holding only the orientation tag (JPEG APP1, PNG `eXIf`, WebP
/// `EXIF`), so it stays bit-exact in its pixels and displays upright in
/// browsers, instead of a lossy full-resolution re-encode.
///
/// Animated GIF/PNG/WebP: the renditions show the first frame; the original
/// keeps the animation.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, ApiError> {
    process_until(bytes, limits, None)
}

/// 422 `processing_timeout`.
pub fn timed_out() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "processing_timeout",
        "the image took too long to process",
    )
}

/// Gives up between stages once `deadline` has passed, so a timed-out
/// upload stops using its thread (and its permit) after the stage at hand;
/// each stage is itself bounded by the pixel and memory limits.
fn on_time(deadline: Option<std::time::Instant>) -> Result<(), ApiError> {
    match deadline {
        Some(d) if std::time::Instant::now() >= d => Err(timed_out()),
        _ => Ok(()),
    }
}

/// [`process`], abandoned with 422 `processing_timeout` at the first stage
/// boundary after `deadline`.
pub fn process_until(
    bytes: &[u8],
    limits: &Limits,
    deadline: Option<std::time::Instant>,
) -> Result<Processed, ApiError> {
    if bytes.len() > limits.max_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the upload exceeds {} bytes", limits.max_bytes),
        ));
    }
    let format = super::sniff(bytes)?;
    let display_edge = limits.display_edge.clamp(1, MAX_RENDITION_EDGE);
    let thumb_edge = limits.thumb_edge.clamp(1, display_edge);

    let decoded = decode::decode(bytes, format, limits.max_pixels, display_edge)?;
    on_time(deadline)?;
    let original = strip::strip(format, bytes, decoded.orientation)?;
    on_time(deadline)?;

    let (width, height) = if raster::swaps_axes(decoded.orientation) {
        (decoded.height, decoded.width)
    } else {
        (decoded.width, decoded.height)
    };
    let (format_name, content_type, ext) = describe(format);

    // Resize first, in the stored orientation, then rotate the small result.
    let (dw, dh) = fit(width, height, display_edge);
    let stored_target = if raster::swaps_axes(decoded.orientation) {
        (dh, dw)
    } else {
        (dw, dh)
    };
    let mut resizer = raster::Resizer::new();
    let display = resizer
        .resize(decoded.raster, stored_target.0, stored_target.1)?
        .orient(decoded.orientation)?;
    let (tw, th) = fit(width, height, thumb_edge);
    let thumb = resizer.resize_ref(&display, tw, th)?;
    on_time(deadline)?;

    let display_rendition = webp_rendition(&display, encode::Speed::Display)?;
    drop(display);
    on_time(deadline)?;
    let thumbnail = if (tw, th) == (dw, dh) {
        display_rendition.clone()
    } else {
        webp_rendition(&thumb, encode::Speed::Thumbnail)?
    };

    Ok(Processed {
        format: format_name,
        width,
        height,
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
        original: Rendition {
            bytes: original,
            width,
            height,
            content_type,
            ext,
        },
        display: display_rendition,
        thumbnail,
        phash: phash::phash(&thumb),
        colours: colour::dominant_colours(&thumb, DOMINANT_COLOURS),
    })
}

fn webp_rendition(r: &Raster, speed: encode::Speed) -> Result<Rendition, ApiError> {
    Ok(Rendition {
        bytes: encode::webp(r, speed)?,
        width: r.width,
        height: r.height,
        content_type: "image/webp",
        ext: "webp",
    })
}

/// Name, content type and extension of an accepted format.
fn describe(format: ImageFormat) -> (&'static str, &'static str, &'static str) {
    match format {
        ImageFormat::Jpeg => ("jpeg", "image/jpeg", "jpg"),
        ImageFormat::Png => ("png", "image/png", "png"),
        ImageFormat::WebP => ("webp", "image/webp", "webp"),
        // `sniff` admits nothing else.
        _ => ("gif", "image/gif", "gif"),
    }
}

/// The perceptual hash of a stored thumbnail (a rendition made by
/// [`process`]), for rows hashed by an earlier [`PHASH_VERSION`]. Close to,
/// not bit-identical with, the hash [`process`] computed from the thumbnail's
/// pixels before they were encoded.
pub fn thumbnail_phash(bytes: &[u8]) -> Result<u64, ApiError> {
    let format = super::sniff(bytes)?;
    let decoded = decode::decode(
        bytes,
        format,
        Limits::default().max_pixels,
        MAX_RENDITION_EDGE,
    )?;
    Ok(phash::phash(&decoded.raster))
}

/// The analysis stages on their own, on pixels decoded once, for the
/// benchmarks (`benches/pipeline_parts.rs`).
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// Upright pixels, as the hash and the colours see the thumbnail.
    pub struct Pixels(Raster);

    impl Pixels {
        pub fn new(img: image::DynamicImage) -> Pixels {
            Pixels(Raster::from_dynamic(img))
        }

        pub fn width(&self) -> u32 {
            self.0.width
        }

        pub fn height(&self) -> u32 {
            self.0.height
        }

        pub fn alpha(&self) -> bool {
            self.0.alpha
        }

        /// Packed RGB, or RGBA when [`Pixels::alpha`].
        pub fn data(&self) -> &[u8] {
            &self.0.data
        }
    }

    pub fn phash(p: &Pixels) -> u64 {
        super::phash::phash(&p.0)
    }

    pub fn dominant_colours(p: &Pixels) -> Vec<DominantColour> {
        colour::dominant_colours(&p.0, DOMINANT_COLOURS)
    }

    /// The upload without metadata (the format sniffed from its bytes).
    pub fn strip(
        bytes: &[u8],
        orientation: image::metadata::Orientation,
    ) -> Result<Bytes, ApiError> {
        strip::strip(crate::media::sniff(bytes)?, bytes, orientation)
    }
}

/// 422 `invalid_image`.
fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message).code("invalid_image")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(img: &image::RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_small_image_is_not_upscaled_and_keeps_its_alpha() {
        let img = image::RgbaImage::from_fn(120, 80, |x, _| {
            image::Rgba([200, 10, 10, if x < 60 { 0 } else { 255 }])
        });
        let p = process(&png(&img), &Limits::default()).unwrap();
        assert_eq!((p.width, p.height), (120, 80));
        assert_eq!((p.display.width, p.display.height), (120, 80));
        assert_eq!(p.display, p.thumbnail);
        let back = image::load_from_memory(&p.display.bytes).unwrap();
        assert!(back.color().has_alpha());
        assert_eq!(p.colours.len(), 1, "transparent pixels have no colour");
        assert_eq!(p.colours[0].hex, "#c80a0a");
    }

    #[test]
    fn renditions_fit_their_edges() {
        let img = image::RgbaImage::from_fn(3000, 1000, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 99, 255])
        });
        let p = process(&png(&img), &Limits::default()).unwrap();
        assert_eq!((p.display.width, p.display.height), (1600, 533));
        assert_eq!((p.thumbnail.width, p.thumbnail.height), (400, 133));
        assert_eq!(p.format, "png");
        assert_eq!(p.original.content_type, "image/png");
        assert_eq!(p.sha256.len(), 64);
    }

    #[test]
    fn a_passed_deadline_stops_processing() {
        let img = image::RgbaImage::from_pixel(64, 48, image::Rgba([1, 2, 3, 255]));
        let past = std::time::Instant::now();
        let err = process_until(&png(&img), &Limits::default(), Some(past)).unwrap_err();
        assert_eq!(err.code, "processing_timeout");
        let later = std::time::Instant::now() + std::time::Duration::from_secs(60);
        assert!(process_until(&png(&img), &Limits::default(), Some(later)).is_ok());
    }

    #[test]
    fn limits_are_enforced_in_order() {
        let img = image::RgbaImage::from_pixel(50, 50, image::Rgba([1, 2, 3, 255]));
        let data = png(&img);
        let small = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            process(&data, &small).unwrap_err().code,
            "payload_too_large"
        );
        let few_pixels = Limits {
            max_pixels: 2499,
            ..Limits::default()
        };
        assert_eq!(
            process(&data, &few_pixels).unwrap_err().code,
            "image_too_large"
        );
        assert_eq!(
            process(b"plain text, not a picture", &Limits::default())
                .unwrap_err()
                .code,
            "unsupported_image_format"
        );
    }
}
