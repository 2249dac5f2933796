//! 64-bit DCT perceptual hash (the pHash construction): luminance averaged
//! down to 32×32, a 2-D DCT, and one bit per low-frequency coefficient
//! (the 8×8 block after the DC row and column) telling whether it is above
//! their median. Re-encoding and resizing barely move low frequencies, so
//! near-copies land within a few bits; unrelated images differ in ~32.

use std::sync::OnceLock;

use super::raster::Raster;

const GRID: usize = 32;
const BLOCK: usize = 8;

/// Number of differing bits; ≤ 6 means "probably the same picture".
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

pub(super) fn phash(r: &Raster) -> u64 {
    let grid = luma_grid(r);
    let cos = cos_table();
    // Only coefficients 0..=BLOCK along each axis are needed.
    let mut rows = [[0f64; BLOCK + 1]; GRID];
    for (y, row) in rows.iter_mut().enumerate() {
        for (u, out) in row.iter_mut().enumerate() {
            *out = (0..GRID).map(|x| grid[y * GRID + x] * cos[u][x]).sum();
        }
    }
    let mut coeffs = [0f64; BLOCK * BLOCK];
    for v in 1..=BLOCK {
        for u in 1..=BLOCK {
            coeffs[(v - 1) * BLOCK + (u - 1)] = (0..GRID).map(|y| rows[y][u] * cos[v][y]).sum();
        }
    }
    let mut sorted = coeffs;
    sorted.sort_by(f64::total_cmp);
    let median = (sorted[31] + sorted[32]) / 2.0;
    coeffs
        .iter()
        .fold(0u64, |hash, &c| (hash << 1) | u64::from(c > median))
}

/// `cos((2x + 1) k π / 2N)` for k in 0..=BLOCK.
fn cos_table() -> &'static [[f64; GRID]; BLOCK + 1] {
    static TABLE: OnceLock<[[f64; GRID]; BLOCK + 1]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [[0f64; GRID]; BLOCK + 1];
        for (k, row) in t.iter_mut().enumerate() {
            for (x, c) in row.iter_mut().enumerate() {
                *c = ((2 * x + 1) as f64 * k as f64 * std::f64::consts::PI / (2 * GRID) as f64)
                    .cos();
            }
        }
        t
    })
}

/// Rec. 601 luma, transparent pixels composited over white, box-averaged
/// onto a 32×32 grid (cells cover at least one pixel, so tiny images work).
fn luma_grid(r: &Raster) -> Vec<f64> {
    let (w, h) = (r.width as usize, r.height as usize);
    let channels = r.channels();
    let luma: Vec<f64> = r
        .data
        .chunks_exact(channels)
        .map(|p| {
            let y = 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
            if channels == 4 {
                let a = f64::from(p[3]) / 255.0;
                y * a + 255.0 * (1.0 - a)
            } else {
                y
            }
        })
        .collect();
    let mut grid = vec![0f64; GRID * GRID];
    if w == 0 || h == 0 || luma.len() < w * h {
        return grid;
    }
    let span = |i: usize, n: usize| {
        let start = i * n / GRID;
        let end = ((i + 1) * n / GRID).max(start + 1).min(n);
        (start.min(n - 1), end)
    };
    for gy in 0..GRID {
        let (y0, y1) = span(gy, h);
        for gx in 0..GRID {
            let (x0, x1) = span(gx, w);
            let mut sum = 0.0;
            for y in y0..y1 {
                sum += luma[y * w + x0..y * w + x1].iter().sum::<f64>();
            }
            grid[gy * GRID + gx] = sum / ((y1 - y0) * (x1 - x0)) as f64;
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic scene: a gradient and a few blobs placed by `seed`.
    fn scene(seed: u64, w: u32, h: u32) -> Raster {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let blobs: Vec<(f64, f64, f64, [f64; 3])> = (0..6)
            .map(|_| {
                let v = next();
                (
                    (v % 1000) as f64 / 1000.0,
                    ((v >> 10) % 1000) as f64 / 1000.0,
                    0.08 + ((v >> 20) % 200) as f64 / 1000.0,
                    [
                        (v >> 30) as u8 as f64,
                        (v >> 38) as u8 as f64,
                        (v >> 46) as u8 as f64,
                    ],
                )
            })
            .collect();
        let angle = (next() % 628) as f64 / 100.0;
        let mut data = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f64 / w as f64, y as f64 / h as f64);
                let g = 127.0 + 100.0 * ((fx - 0.5) * angle.cos() + (fy - 0.5) * angle.sin());
                let mut c = [g, g * 0.8, 255.0 - g];
                for (bx, by, br, col) in &blobs {
                    if (fx - bx).powi(2) + (fy - by).powi(2) < br * br {
                        c = *col;
                    }
                }
                data.extend(c.iter().map(|v| v.clamp(0.0, 255.0) as u8));
            }
        }
        Raster {
            width: w,
            height: h,
            alpha: false,
            data,
        }
    }

    fn resized(r: &Raster, w: u32, h: u32) -> Raster {
        super::super::raster::Resizer::new()
            .resize_ref(r, w, h)
            .unwrap()
    }

    #[test]
    fn hamming_counts_differing_bits() {
        assert_eq!(hamming(0, 0), 0);
        assert_eq!(hamming(0b1011, 0b0010), 2);
        assert_eq!(hamming(u64::MAX, 0), 64);
    }

    #[test]
    fn a_resized_copy_hashes_alike() {
        for seed in 1..6 {
            let a = scene(seed, 400, 300);
            let b = resized(&a, 173, 130);
            let d = hamming(phash(&a), phash(&b));
            assert!(d <= 6, "seed {seed}: distance {d}");
        }
    }

    #[test]
    fn a_jpeg_reencoded_copy_hashes_alike() {
        let a = scene(7, 400, 300);
        let img = image::RgbImage::from_raw(400, 300, a.data.clone()).unwrap();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 40)
            .encode_image(&img)
            .unwrap();
        let back = image::load_from_memory(&jpeg).unwrap().into_rgb8();
        let b = Raster {
            width: 400,
            height: 300,
            alpha: false,
            data: back.into_raw(),
        };
        let d = hamming(phash(&a), phash(&b));
        assert!(d <= 6, "distance {d}");
    }

    #[test]
    fn different_images_hash_apart() {
        let hashes: Vec<u64> = (1..8).map(|seed| phash(&scene(seed, 300, 200))).collect();
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                let d = hamming(*a, *b);
                assert!(d > 16, "distance {d} between different scenes");
            }
        }
    }

    #[test]
    fn tiny_and_transparent_images_hash_without_panicking() {
        let one = Raster {
            width: 1,
            height: 1,
            alpha: true,
            data: vec![0, 0, 0, 0],
        };
        let _ = phash(&one);
        let strip = scene(3, 1, 500);
        let _ = phash(&strip);
    }
}
