//! Baseline for the benchmark: the hand-written 64-bit DCT perceptual hash
//! the pipeline used before image_hasher (hash version 1), kept verbatim
//! except that it takes plain pixels instead of the pipeline's raster.
//!
//! 64-bit DCT perceptual hash (the pHash construction): luminance averaged
//! down to 32×32, a 2-D DCT, and one bit per low-frequency coefficient
//! (the 8×8 block after the DC row and column) telling whether it is above
//! their median. Re-encoding and resizing barely move low frequencies, so
//! near-copies land within a few bits; unrelated images differ in ~32.

use std::sync::OnceLock;

use super::Pixels;

const GRID: usize = 32;
const BLOCK: usize = 8;

pub fn phash(r: &Pixels) -> u64 {
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
fn luma_grid(r: &Pixels) -> Vec<f64> {
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
