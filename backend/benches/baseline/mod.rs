//! The pipeline's former hand-written colour science, perceptual hash and
//! metadata stripper, kept only here as the benchmark's baseline (the
//! server uses palette + kmeans_colors, image_hasher and img-parts).

pub mod colour;
pub mod phash;
pub mod strip;

/// Packed 8-bit RGB or RGBA pixels (the pipeline's raster, borrowed).
pub struct Pixels<'a> {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: &'a [u8],
}

impl Pixels<'_> {
    pub fn channels(&self) -> usize {
        if self.alpha { 4 } else { 3 }
    }
}
