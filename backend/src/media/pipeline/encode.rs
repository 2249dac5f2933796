//! Rendition encoding: lossy WebP through libwebp (built from source by
//! libwebp-sys), alpha kept. Output carries no metadata by construction.

use bytes::Bytes;

use super::raster::Raster;
use crate::error::ApiError;

/// libwebp quality (0..=100); 80 is visually close to JPEG 85-90 at about
/// half the bytes.
const QUALITY: f32 = 80.0;

/// Effort. Measured on a 1600×1067 photo: method 2 encodes in ~55 ms,
/// methods 3-4 in ~150 ms for files only 2-3% smaller, so the display
/// rendition uses 2; the thumbnail is small enough for 4.
#[derive(Debug, Clone, Copy)]
pub(super) enum Speed {
    Display,
    Thumbnail,
}

pub(super) fn webp(r: &Raster, speed: Speed) -> Result<Bytes, ApiError> {
    let fail = |what: String| ApiError::internal(anyhow::anyhow!("WebP encoding failed: {what}"));
    let expected = r.width as usize * r.height as usize * r.channels();
    if r.width == 0 || r.height == 0 || r.data.len() != expected {
        return Err(fail(format!(
            "{}x{} raster of {} bytes",
            r.width,
            r.height,
            r.data.len()
        )));
    }
    let mut config = webp::WebPConfig::new().map_err(|()| fail("no config".into()))?;
    config.lossless = 0;
    config.quality = QUALITY;
    config.method = match speed {
        Speed::Display => 2,
        Speed::Thumbnail => 4,
    };
    config.alpha_compression = 1;
    let layout = if r.alpha {
        webp::PixelLayout::Rgba
    } else {
        webp::PixelLayout::Rgb
    };
    let encoded = webp::Encoder::new(&r.data, layout, r.width, r.height)
        .encode_advanced(&config)
        .map_err(|e| fail(format!("{e:?}")))?;
    Ok(Bytes::copy_from_slice(&encoded))
}
