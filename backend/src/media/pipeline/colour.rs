//! Colour for entries: dominant colours and how well an image keeps to a
//! challenge palette. The colour science is the `palette` crate's (sRGB to
//! CIELAB under D65, the CIEDE2000 difference) and the clustering is
//! `kmeans_colors`' (k-means++ seeding, Hamerly's k-means, in CIELAB). Ours
//! are only the policies around them: which pixels count, merging
//! near-identical clusters, reporting each cluster's mean sRGB, and the
//! palette score.
//!
//! Against the former hand-written k-means (`cargo bench -p atelier-backend
//! --bench pipeline_parts`, nine thumbnails): 18.8 ms in all against 20.2 ms,
//! the same colours within a few sRGB steps where the clusters are clear,
//! and palette scores within 2 points.

use kmeans_colors::get_kmeans_hamerly;
use palette::color_difference::Ciede2000;
use palette::{IntoColor, Srgb};

use super::DominantColour;
use super::raster::Raster;

/// Pixels looked at when finding dominant colours (a 400 px thumbnail has
/// ~100k; a regular subsample of 16k gives the same clusters ~6x faster).
const MAX_SAMPLES: usize = 16_384;
const KMEANS_ROUNDS: usize = 16;
/// k-means stops once its centroids moved less than this (squared CIELAB
/// distance, summed) in a round.
const KMEANS_CONVERGED: f32 = 0.01;
/// A fixed seed: the same pixels always give the same colours.
const KMEANS_SEED: u64 = 0x5EED_C010;
/// Clusters closer than this (CIE76 ΔE) are reported as one colour.
const MERGE_DELTA_E: f32 = 5.0;
/// A dominant colour this far (CIEDE2000) from every palette colour scores 0.
pub const PALETTE_TOLERANCE: f32 = 30.0;

/// CIELAB, D65 white point.
type Lab = palette::Lab<palette::white_point::D65, f32>;

/// How closely an image's dominant colours keep to a palette.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PaletteMatch {
    /// 0..=100, see [`palette_match`].
    pub score: u8,
    /// One per (valid) dominant colour, in the given order.
    pub matches: Vec<ColourMatch>,
}

/// One dominant colour and the palette colour nearest to it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
/// share first: k-means in CIELAB (seeded, so the same pixels always give
/// the same answer), near-identical clusters merged. Each hex is the mean
/// sRGB of its cluster's pixels.
pub(super) fn dominant_colours(r: &Raster, k: usize) -> Vec<DominantColour> {
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
    // kmeans_colors labels points with a u8.
    let k = k.min(usize::from(u8::MAX));
    if samples.is_empty() || k == 0 {
        return Vec::new();
    }
    let labs: Vec<Lab> = samples.iter().map(|&p| srgb_to_lab(p)).collect();
    let result = get_kmeans_hamerly(
        k,
        KMEANS_ROUNDS,
        KMEANS_CONVERGED,
        false,
        &labs,
        KMEANS_SEED,
    );

    struct Cluster {
        lab: Lab,
        rgb_sum: [u64; 3],
        count: usize,
    }
    let mut clusters: Vec<Cluster> = result
        .centroids
        .iter()
        .map(|&lab| Cluster {
            lab,
            rgb_sum: [0; 3],
            count: 0,
        })
        .collect();
    for (i, rgb) in result.indices.iter().zip(&samples) {
        let Some(c) = clusters.get_mut(usize::from(*i)) else {
            continue;
        };
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

/// Squared CIE76 difference.
fn distance2(a: Lab, b: Lab) -> f32 {
    (a.l - b.l).powi(2) + (a.a - b.a).powi(2) + (a.b - b.b).powi(2)
}

/// `#rrggbb` / `#rgb`, `#` optional, any case, surrounding spaces ignored.
pub(super) fn parse_hex(s: &str) -> Option<[u8; 3]> {
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

pub(super) fn to_hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// sRGB (D65) to CIELAB.
pub(super) fn srgb_to_lab(rgb: [u8; 3]) -> Lab {
    Srgb::new(rgb[0], rgb[1], rgb[2])
        .into_format::<f32>()
        .into_color()
}

/// CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1.
pub(super) fn ciede2000(lab1: Lab, lab2: Lab) -> f32 {
    lab1.difference(lab2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(v: [f32; 3]) -> Lab {
        Lab::new(v[0], v[1], v[2])
    }

    fn arr(l: Lab) -> [f32; 3] {
        [l.l, l.a, l.b]
    }

    fn dc(hex: &str, share: f32) -> DominantColour {
        DominantColour {
            hex: hex.to_owned(),
            share,
        }
    }

    #[test]
    fn ciede2000_matches_sharmas_reference_pairs() {
        // (Lab 1, Lab 2, ΔE00) from Sharma, Wu & Dalal (2005), table 1.
        let pairs: [([f32; 3], [f32; 3], f32); 10] = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 3.1571, -77.2803], [50.0, 0.0, -82.7485], 2.8615),
            ([50.0, 2.8361, -74.0200], [50.0, 0.0, -82.7485], 3.4412),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            ([50.0, 2.5, 0.0], [61.0, -5.0, 29.0], 22.8977),
            ([50.0, 2.5, 0.0], [56.0, -27.0, -3.0], 31.9030),
            ([50.0, 2.5, 0.0], [58.0, 24.0, 15.0], 19.4535),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
        ];
        for (a, b, want) in pairs {
            let got = ciede2000(lab(a), lab(b));
            assert!((got - want).abs() < 2e-3, "{a:?} {b:?}: {got} != {want}");
            assert!((ciede2000(lab(b), lab(a)) - want).abs() < 2e-3, "symmetric");
        }
    }

    #[test]
    fn lab_of_known_colours() {
        let white = arr(srgb_to_lab([255, 255, 255]));
        assert!((white[0] - 100.0).abs() < 0.01 && white[1].abs() < 0.01 && white[2].abs() < 0.01);
        assert_eq!(arr(srgb_to_lab([0, 0, 0])), [0.0, 0.0, 0.0]);
        // sRGB red: L 53.24, a 80.09, b 67.20.
        let red = arr(srgb_to_lab([255, 0, 0]));
        for (got, want) in red.iter().zip([53.24, 80.09, 67.20]) {
            assert!((got - want).abs() < 0.05, "{red:?}");
        }
    }

    #[test]
    fn hex_parsing() {
        assert_eq!(parse_hex("#FF8000"), Some([255, 128, 0]));
        assert_eq!(parse_hex(" 0a0B0c "), Some([10, 11, 12]));
        assert_eq!(parse_hex("#f80"), Some([255, 136, 0]));
        assert_eq!(parse_hex("#ff80"), None);
        assert_eq!(parse_hex("#gg0000"), None);
        assert_eq!(parse_hex("#ffé000"), None);
        assert_eq!(parse_hex(""), None);
        assert_eq!(to_hex([255, 128, 0]), "#ff8000");
    }

    #[test]
    fn palette_match_hand_computed() {
        let palette = vec!["#ffffff".to_owned(), "not a colour".to_owned()];
        // Exact match: ΔE 0, full score.
        let m = palette_match(&[dc("#FFFFFF", 1.0)], &palette);
        assert_eq!(m.score, 100);
        assert_eq!(m.matches[0].nearest, "#ffffff");
        assert_eq!(m.matches[0].colour, "#ffffff");
        // Black is ΔE00 100 from white: counts 0; half the image → 50.
        let m = palette_match(&[dc("#ffffff", 0.5), dc("#000000", 0.5)], &palette);
        assert_eq!(m.score, 50);
        assert!((m.matches[1].delta_e - 100.0).abs() < 0.01);
        // Shares are normalised: 0.3 + 0.1 → weights 3/4 and 1/4.
        let m = palette_match(&[dc("#ffffff", 0.3), dc("#000000", 0.1)], &palette);
        assert_eq!(m.score, 75);
        // Greys have a = b = 0, so ΔE00 = ΔL / SL. #777777: L 50.034;
        // #888888: L 56.703; ΔL 6.669; L̄ 53.369, SL = 1 + 0.015 × 3.369² /
        // √(20 + 3.369²) = 1.0304; ΔE00 6.472 → 1 − 6.472/30 = 0.784 → 78.
        let m = palette_match(&[dc("#888888", 1.0)], &["#777777".to_owned()]);
        assert!((m.matches[0].delta_e - 6.472).abs() < 0.005, "{m:?}");
        assert_eq!(m.score, 78);
        // The nearest of several palette colours is chosen.
        let m = palette_match(&[dc("#fe0000", 1.0)], &["#0000ff".into(), "#ff0000".into()]);
        assert_eq!(m.matches[0].nearest, "#ff0000");
        assert!(m.score >= 99);
    }

    #[test]
    fn palette_match_edge_cases() {
        let none = palette_match(&[dc("#ffffff", 1.0)], &[]);
        assert_eq!((none.score, none.matches.len()), (0, 0));
        let invalid = palette_match(&[dc("#ffffff", 1.0)], &["#12".into(), "red".into()]);
        assert_eq!((invalid.score, invalid.matches.len()), (0, 0));
        let no_colours = palette_match(&[], &["#ffffff".into()]);
        assert_eq!((no_colours.score, no_colours.matches.len()), (0, 0));
        // Zero or broken shares: equal weights.
        let m = palette_match(
            &[dc("#ffffff", 0.0), dc("#000000", f32::NAN), dc("nope", 1.0)],
            &["#ffffff".into()],
        );
        assert_eq!(m.score, 50);
        assert_eq!(m.matches.len(), 2);
    }

    fn raster(pixels: &[([u8; 3], usize)]) -> Raster {
        let mut data = Vec::new();
        for (rgb, n) in pixels {
            for _ in 0..*n {
                data.extend_from_slice(rgb);
            }
        }
        let width = (data.len() / 3) as u32;
        Raster {
            width,
            height: 1,
            alpha: false,
            data,
        }
    }

    #[test]
    fn dominant_colours_find_the_blocks_and_their_shares() {
        let r = raster(&[
            ([200, 30, 30], 600),
            ([20, 40, 200], 300),
            ([250, 250, 250], 100),
        ]);
        let c = dominant_colours(&r, 5);
        let got: Vec<(&str, f32)> = c.iter().map(|c| (c.hex.as_str(), c.share)).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, "#c81e1e");
        assert_eq!(got[1].0, "#1428c8");
        assert_eq!(got[2].0, "#fafafa");
        for (g, want) in got.iter().zip([0.6, 0.3, 0.1]) {
            assert!((g.1 - want).abs() < 1e-3, "{got:?}");
        }
        assert_eq!(c, dominant_colours(&r, 5), "deterministic");
    }

    #[test]
    fn dominant_colours_are_at_most_k_and_sum_to_one() {
        let pixels: Vec<([u8; 3], usize)> = (0..40u32)
            .map(|i| {
                (
                    [i * 6, 255 - i * 6, (i * 37) % 255].map(|v| v as u8),
                    10 + i as usize,
                )
            })
            .collect();
        let c = dominant_colours(&raster(&pixels), 5);
        assert!(!c.is_empty() && c.len() <= 5);
        let sum: f32 = c.iter().map(|c| c.share).sum();
        assert!((sum - 1.0).abs() < 1e-3, "{sum}");
        assert!(c.windows(2).all(|w| w[0].share >= w[1].share));
    }

    #[test]
    fn near_identical_shades_merge_and_transparent_pixels_do_not_count() {
        let r = raster(&[([100, 100, 100], 500), ([101, 100, 100], 500)]);
        assert_eq!(dominant_colours(&r, 5).len(), 1);
        let transparent = Raster {
            width: 2,
            height: 1,
            alpha: true,
            data: vec![1, 2, 3, 0, 4, 5, 6, 10],
        };
        assert!(dominant_colours(&transparent, 5).is_empty());
    }
}
