//! 8-bit RGB/RGBA pixel buffers: sizing, resampling (fast_image_resize,
//! SIMD Lanczos3) and EXIF orientation.

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer};

use crate::error::ApiError;

/// Packed 8-bit pixels, RGB or (when some pixel is not opaque) RGBA.
pub(super) struct Raster {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Raster {
    pub fn channels(&self) -> usize {
        if self.alpha { 4 } else { 3 }
    }

    /// Converts to 8 bits per channel (16-bit PNGs included); an alpha
    /// channel survives only if some pixel is not fully opaque.
    pub fn from_dynamic(img: DynamicImage) -> Raster {
        let (width, height) = (img.width(), img.height());
        if img.color().has_alpha() {
            let rgba = img.into_rgba8();
            if rgba.pixels().any(|p| p.0[3] != u8::MAX) {
                return Raster {
                    width,
                    height,
                    alpha: true,
                    data: rgba.into_raw(),
                };
            }
            let data = rgba
                .into_raw()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            return Raster {
                width,
                height,
                alpha: false,
                data,
            };
        }
        Raster {
            width,
            height,
            alpha: false,
            data: img.into_rgb8().into_raw(),
        }
    }

    /// The `width`×`height` rectangle whose top-left corner is at (`x`, `y`).
    pub fn crop(&self, x: u32, y: u32, width: u32, height: u32) -> Result<Raster, ApiError> {
        let outside = || ApiError::internal(anyhow::anyhow!("crop outside the raster"));
        if x.checked_add(width).is_none_or(|r| r > self.width)
            || y.checked_add(height).is_none_or(|b| b > self.height)
        {
            return Err(outside());
        }
        let c = self.channels();
        let stride = self.width as usize * c;
        let row_bytes = width as usize * c;
        let mut data = Vec::with_capacity(row_bytes * height as usize);
        for row in y..y + height {
            let start = row as usize * stride + x as usize * c;
            let line = self
                .data
                .get(start..start + row_bytes)
                .ok_or_else(outside)?;
            data.extend_from_slice(line);
        }
        Ok(Raster {
            width,
            height,
            alpha: self.alpha,
            data,
        })
    }

    /// Applies an EXIF orientation, making the pixels upright.
    pub fn orient(self, orientation: Orientation) -> Result<Raster, ApiError> {
        if orientation == Orientation::NoTransforms {
            return Ok(self);
        }
        let Raster {
            width,
            height,
            alpha,
            data,
        } = self;
        let mismatch = || ApiError::internal(anyhow::anyhow!("pixel buffer of the wrong size"));
        let mut img = if alpha {
            DynamicImage::ImageRgba8(
                ImageBuffer::from_raw(width, height, data).ok_or_else(mismatch)?,
            )
        } else {
            DynamicImage::ImageRgb8(
                ImageBuffer::from_raw(width, height, data).ok_or_else(mismatch)?,
            )
        };
        img.apply_orientation(orientation);
        let (width, height) = (img.width(), img.height());
        let data = if alpha {
            img.into_rgba8().into_raw()
        } else {
            img.into_rgb8().into_raw()
        };
        Ok(Raster {
            width,
            height,
            alpha,
            data,
        })
    }
}

/// Whether an orientation turns the image by a quarter, swapping width and height.
pub(super) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The size of `width`×`height` scaled so its long edge is at most `edge`,
/// never upscaled, each side at least 1, the aspect ratio kept to the pixel.
pub(super) fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(edge) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(edge).clamp(1, edge)
    };
    (scale(width), scale(height))
}

/// The size of `width`×`height` scaled so its short edge is `edge` (the long
/// edge keeps the aspect ratio, rounded up), never upscaled.
pub(super) fn cover(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let short = width.min(height);
    if short <= edge || short == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(edge)).div_ceil(u64::from(short));
        u32::try_from(scaled).unwrap_or(side).clamp(edge, side)
    };
    (scale(width), scale(height))
}

/// Resamples with a reused SIMD resizer (buffers are kept between calls).
pub(super) struct Resizer {
    inner: fr::Resizer,
}

impl Resizer {
    pub fn new() -> Self {
        Resizer {
            inner: fr::Resizer::new(),
        }
    }

    /// Resizes, handing the raster back untouched when it already has the size.
    pub fn resize(&mut self, src: Raster, width: u32, height: u32) -> Result<Raster, ApiError> {
        if (src.width, src.height) == (width, height) {
            return Ok(src);
        }
        self.resize_ref(&src, width, height)
    }

    pub fn resize_ref(
        &mut self,
        src: &Raster,
        width: u32,
        height: u32,
    ) -> Result<Raster, ApiError> {
        if (src.width, src.height) == (width, height) {
            return Ok(Raster {
                width,
                height,
                alpha: src.alpha,
                data: src.data.clone(),
            });
        }
        let pixel_type = if src.alpha {
            fr::PixelType::U8x4
        } else {
            fr::PixelType::U8x3
        };
        let view = fr::images::ImageRef::new(src.width, src.height, &src.data, pixel_type)
            .map_err(ApiError::internal)?;
        let mut dst = fr::images::Image::new(width, height, pixel_type);
        // Lanczos3 keeps detail when shrinking a lot; alpha is premultiplied
        // while filtering so transparent pixels do not bleed their colour.
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        self.inner
            .resize(&view, &mut dst, &options)
            .map_err(ApiError::internal)?;
        Ok(Raster {
            width,
            height,
            alpha: src.alpha,
            data: dst.into_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_aspect_ratio_and_never_upscales() {
        assert_eq!(fit(6000, 4000, 1600), (1600, 1067));
        assert_eq!(fit(4000, 6000, 1600), (1067, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
        assert_eq!(fit(1, 40_000, 1600), (1, 1600));
        assert_eq!(fit(1600, 1600, 400), (400, 400));
    }

    #[test]
    fn cover_keeps_the_short_edge_and_never_upscales() {
        assert_eq!(cover(6000, 4000, 256), (384, 256));
        assert_eq!(cover(1000, 3400, 256), (256, 871));
        assert_eq!(cover(200, 100, 256), (200, 100));
        assert_eq!(cover(300, 300, 256), (256, 256));
    }

    #[test]
    fn crop_takes_the_rectangle_and_refuses_outside() {
        // 3x2, each pixel's red channel its index.
        let r = Raster {
            width: 3,
            height: 2,
            alpha: false,
            data: (0..6u8).flat_map(|i| [i, 0, 0]).collect(),
        };
        let c = r.crop(1, 0, 2, 2).unwrap();
        assert_eq!((c.width, c.height), (2, 2));
        assert_eq!(c.data, vec![1, 0, 0, 2, 0, 0, 4, 0, 0, 5, 0, 0]);
        assert!(r.crop(2, 0, 2, 1).is_err());
        assert!(r.crop(0, 1, 1, 2).is_err());
        assert!(r.crop(u32::MAX, 0, 2, 1).is_err());
    }

    #[test]
    fn orientation_6_turns_the_top_left_corner_to_the_top_right() {
        // 2x1: red then blue.
        let r = Raster {
            width: 2,
            height: 1,
            alpha: false,
            data: vec![255, 0, 0, 0, 0, 255],
        };
        let up = r.orient(Orientation::Rotate90).unwrap();
        assert_eq!((up.width, up.height), (1, 2));
        assert_eq!(up.data, vec![255, 0, 0, 0, 0, 255]);
        assert!(swaps_axes(Orientation::Rotate90));
        assert!(!swaps_axes(Orientation::FlipVertical));
    }

    #[test]
    fn opaque_alpha_is_dropped() {
        let img = image::RgbaImage::from_pixel(3, 2, image::Rgba([1, 2, 3, 255]));
        let r = Raster::from_dynamic(DynamicImage::ImageRgba8(img));
        assert!(!r.alpha);
        assert_eq!(r.data.len(), 3 * 2 * 3);
        let img16 = image::ImageBuffer::<image::Rgb<u16>, _>::from_pixel(
            2,
            2,
            image::Rgb([65535, 0, 32896]),
        );
        let r = Raster::from_dynamic(DynamicImage::ImageRgb16(img16));
        assert_eq!(&r.data[..3], &[255, 0, 128]);
    }
}
