//! Baseline for the benchmark: the hand-written colour science the pipeline
//! used before the palette and kmeans_colors crates, kept verbatim except
//! that it takes plain pixels instead of the pipeline's raster.
//!
//! Colour science for entries: CIELAB, the CIEDE2000 difference, dominant
//! colours by k-means, and how well an image keeps to a challenge palette.

use atelier::media::pipeline::DominantColour;

use super::Pixels;

/// Pixels looked at when finding dominant colours (a 400 px thumbnail has
/// ~100k; a regular subsample of 16k gives the same clusters ~6x faster).
const MAX_SAMPLES: usize = 16_384;
const KMEANS_ROUNDS: usize = 16;
/// Clusters closer than this (CIE76 ΔE) are reported as one colour.
const MERGE_DELTA_E: f32 = 5.0;
/// A dominant colour this far (CIEDE2000) from every palette colour scores 0.
pub const PALETTE_TOLERANCE: f32 = 30.0;

type Lab = [f32; 3];

/// How closely an image's dominant colours keep to a palette.
#[derive(Debug, Clone, PartialEq)]
pub struct PaletteMatch {
    /// 0..=100, see [`palette_match`].
    pub score: u8,
    /// One per (valid) dominant colour, in the given order.
    pub matches: Vec<ColourMatch>,
}

/// One dominant colour and the palette colour nearest to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColourMatch {
    /// `#rrggbb`.
    pub colour: String,
    /// Its share of the image, as given.
    pub share: f32,
    /// The nearest palette colour, `#rrggbb`.
    pub nearest: String,
    /// CIEDE2000 difference to it: below ~2 hardly visible, ~10 clearly
    /// another shade, 30+ another colour.
    pub delta_e: f32,
}

/// Scores an image's dominant colours against a palette:
///
/// ```text
/// score = round(100 × Σᵢ wᵢ × max(0, 1 − ΔE₀₀(cᵢ, pᵢ) / 30))
/// ```
///
/// where cᵢ are the dominant colours, pᵢ the palette colour nearest to cᵢ by
/// CIEDE2000 ΔE₀₀ (in CIELAB, D65), and wᵢ = shareᵢ / Σ share (equal weights
/// if every share is 0). So an image made only of palette colours scores
/// 100, a colour 15 ΔE away from the palette counts half, and one 30 or more
/// away counts nothing.
///
/// Colours are `#rrggbb` or `#rgb` (the `#` optional, any case); invalid
/// entries on either side are ignored, as are negative or non-finite shares
/// (taken as 0). An empty palette, or no valid colour, scores 0 with no
/// matches.
pub fn palette_match(colours: &[DominantColour], palette: &[String]) -> PaletteMatch {
    let palette: Vec<([u8; 3], Lab)> = palette
        .iter()
        .filter_map(|p| parse_hex(p))
        .map(|rgb| (rgb, srgb_to_lab(rgb)))
        .collect();
    let colours: Vec<([u8; 3], f32, f32)> = colours
        .iter()
        .filter_map(|c| {
            let weight = if c.share.is_finite() && c.share > 0.0 {
                c.share
            } else {
                0.0
            };
            parse_hex(&c.hex).map(|rgb| (rgb, c.share, weight))
        })
        .collect();
    if palette.is_empty() || colours.is_empty() {
        return PaletteMatch {
            score: 0,
            matches: Vec::new(),
        };
    }
    let total: f32 = colours.iter().map(|c| c.2).sum();
    let mut score = 0.0f32;
    let mut matches = Vec::with_capacity(colours.len());
    for (rgb, share, weight) in colours.iter().copied() {
        let lab = srgb_to_lab(rgb);
        let (nearest, delta_e) = palette
            .iter()
            .map(|(p, p_lab)| (*p, ciede2000(lab, *p_lab)))
            .fold(([0u8; 3], f32::INFINITY), |best, c| {
                if c.1 < best.1 { c } else { best }
            });
        let w = if total > 0.0 {
            weight / total
        } else {
            1.0 / colours.len() as f32
        };
        score += w * (1.0 - delta_e / PALETTE_TOLERANCE).max(0.0);
        matches.push(ColourMatch {
            colour: to_hex(rgb),
            share,
            nearest: to_hex(nearest),
            delta_e,
        });
    }
    PaletteMatch {
        score: (score * 100.0).round().clamp(0.0, 100.0) as u8,
        matches,
    }
}

/// Up to `k` colours covering the opaque pixels (alpha ≥ 128), largest
/// share first: k-means (k-means++ start from a fixed seed, so the same
/// pixels always give the same answer) in CIELAB, near-identical clusters
/// merged. Each hex is the mean sRGB of its cluster's pixels.
pub fn dominant_colours(r: &Pixels, k: usize) -> Vec<DominantColour> {
    let channels = r.channels();
    let pixels = r.data.len() / channels;
    let step = pixels.div_ceil(MAX_SAMPLES).max(1);
    let samples: Vec<[u8; 3]> = r
        .data
        .chunks_exact(channels)
        .step_by(step)
        .filter(|p| channels == 3 || p[3] >= 128)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    if samples.is_empty() || k == 0 {
        return Vec::new();
    }
    let labs: Vec<Lab> = samples.iter().map(|&p| srgb_to_lab(p)).collect();
    let mut centres = kmeans_pp(&labs, k);
    let mut assignment = vec![0usize; labs.len()];
    for round in 0..KMEANS_ROUNDS {
        let mut changed = false;
        for (a, lab) in assignment.iter_mut().zip(&labs) {
            let best = nearest(&centres, *lab);
            changed |= *a != best;
            *a = best;
        }
        if !changed && round > 0 {
            break;
        }
        let mut sums = vec![([0f64; 3], 0usize); centres.len()];
        for (a, lab) in assignment.iter().zip(&labs) {
            let (sum, n) = &mut sums[*a];
            for (s, v) in sum.iter_mut().zip(lab) {
                *s += f64::from(*v);
            }
            *n += 1;
        }
        for (c, (sum, n)) in centres.iter_mut().zip(&sums) {
            if *n > 0 {
                *c = sum.map(|s| (s / *n as f64) as f32);
            }
        }
    }

    struct Cluster {
        lab: Lab,
        rgb_sum: [u64; 3],
        count: usize,
    }
    let mut clusters: Vec<Cluster> = centres
        .iter()
        .map(|&lab| Cluster {
            lab,
            rgb_sum: [0; 3],
            count: 0,
        })
        .collect();
    for (a, rgb) in assignment.iter().zip(&samples) {
        let c = &mut clusters[*a];
        for (s, v) in c.rgb_sum.iter_mut().zip(rgb) {
            *s += u64::from(*v);
        }
        c.count += 1;
    }
    clusters.retain(|c| c.count > 0);
    clusters.sort_by_key(|c| std::cmp::Reverse(c.count));
    let mut merged: Vec<Cluster> = Vec::with_capacity(clusters.len());
    for c in clusters {
        match merged
            .iter_mut()
            .find(|m| distance2(m.lab, c.lab) < MERGE_DELTA_E * MERGE_DELTA_E)
        {
            Some(m) => {
                for (s, v) in m.rgb_sum.iter_mut().zip(c.rgb_sum) {
                    *s += v;
                }
                m.count += c.count;
            }
            None => merged.push(c),
        }
    }
    merged.sort_by_key(|c| std::cmp::Reverse(c.count));
    let total = samples.len() as f32;
    merged
        .iter()
        .take(k)
        .map(|c| {
            let mean = c.rgb_sum.map(|s| {
                let n = c.count.max(1) as u64;
                u8::try_from((s + n / 2) / n).unwrap_or(u8::MAX)
            });
            DominantColour {
                hex: to_hex(mean),
                share: c.count as f32 / total,
            }
        })
        .collect()
}

/// k-means++ seeding with a fixed-seed generator: deterministic, and
/// stops early when every sample already sits on a centre.
fn kmeans_pp(labs: &[Lab], k: usize) -> Vec<Lab> {
    let mut state: u64 = 0x5EED_C010_u64;
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let first = labs[(next() % labs.len() as u64) as usize];
    let mut centres = vec![first];
    let mut d2: Vec<f64> = labs
        .iter()
        .map(|&l| f64::from(distance2(l, first)))
        .collect();
    while centres.len() < k {
        let total: f64 = d2.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut target = (next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let mut pick = labs.len() - 1;
        for (i, d) in d2.iter().enumerate() {
            if target < *d {
                pick = i;
                break;
            }
            target -= d;
        }
        let centre = labs[pick];
        centres.push(centre);
        for (d, &l) in d2.iter_mut().zip(labs) {
            *d = d.min(f64::from(distance2(l, centre)));
        }
    }
    centres
}

fn nearest(centres: &[Lab], lab: Lab) -> usize {
    let mut best = (0, f32::INFINITY);
    for (i, c) in centres.iter().enumerate() {
        let d = distance2(*c, lab);
        if d < best.1 {
            best = (i, d);
        }
    }
    best.0
}

/// Squared CIE76 difference.
fn distance2(a: Lab, b: Lab) -> f32 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// `#rrggbb` / `#rgb`, `#` optional, any case, surrounding spaces ignored.
pub fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let s = s.trim();
    let s = s.strip_prefix('#').unwrap_or(s);
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(s.get(i..i + 1)?, 16).ok();
    match s.len() {
        6 => Some([0, 2, 4].map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0))),
        3 => {
            let d = [digit(0)?, digit(1)?, digit(2)?];
            Some(d.map(|v| v * 17))
        }
        _ => None,
    }
}

pub fn to_hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// sRGB (D65) to CIELAB.
pub fn srgb_to_lab(rgb: [u8; 3]) -> Lab {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(rgb[0]), lin(rgb[1]), lin(rgb[2]));
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = (0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| {
        const E: f64 = 216.0 / 24389.0;
        if t > E {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [
        (116.0 * fy - 16.0) as f32,
        (500.0 * (fx - fy)) as f32,
        (200.0 * (fy - fz)) as f32,
    ]
}

/// CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1.
pub fn ciede2000(lab1: Lab, lab2: Lab) -> f32 {
    let [l1, a1, b1] = lab1.map(f64::from);
    let [l2, a2, b2] = lab2.map(f64::from);
    let pow25_7 = 25f64.powi(7);
    let c_bar = ((a1 * a1 + b1 * b1).sqrt() + (a2 * a2 + b2 * b2).sqrt()) / 2.0;
    let g = 0.5 * (1.0 - (c_bar.powi(7) / (c_bar.powi(7) + pow25_7)).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = ((a1p * a1p + b1 * b1).sqrt(), (a2p * a2p + b2 * b2).sqrt());
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));

    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh_angle = if c1p * c2p == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > 180.0 {
            d - 360.0
        } else if d < -180.0 {
            d + 360.0
        } else {
            d
        }
    };
    let dh = 2.0 * (c1p * c2p).sqrt() * (dh_angle.to_radians() / 2.0).sin();

    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (c1p + c2p) / 2.0;
    let h_bar = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let t = 1.0 - 0.17 * (h_bar - 30.0).to_radians().cos()
        + 0.24 * (2.0 * h_bar).to_radians().cos()
        + 0.32 * (3.0 * h_bar + 6.0).to_radians().cos()
        - 0.20 * (4.0 * h_bar - 63.0).to_radians().cos();
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let rc = 2.0 * (cp_bar.powi(7) / (cp_bar.powi(7) + pow25_7)).sqrt();
    let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let sc = 1.0 + 0.045 * cp_bar;
    let sh = 1.0 + 0.015 * cp_bar * t;
    let rt = -(2.0 * d_theta.to_radians()).sin() * rc;
    let (tl, tc, th) = (dl / sl, dc / sc, dh / sh);
    (tl * tl + tc * tc + th * th + rt * tc * th).max(0.0).sqrt() as f32
}
