//! The colour facet: each dominant colour of a template's first preview
//! falls into one of eleven families people search by (red, orange, yellow,
//! green, blue, purple, pink, brown, black, white, grey).
//!
//! The colour is judged in OKLCH (the `palette` crate's conversion), where
//! lightness, chroma and hue follow perception closely enough for plain
//! thresholds: colours with hardly any chroma are black, grey or white by
//! lightness; very dark ones are black; the rest go by hue, with dark
//! oranges and yellows called brown and light reds and magentas pink.

use palette::{IntoColor, Oklch, Srgb};

/// Dominant colours covering less of the image than this do not put the
/// template into their family (an accent is not what the template "is").
pub const MIN_SHARE: f32 = 0.08;

/// The family of an sRGB colour.
pub fn family([r, g, b]: [u8; 3]) -> &'static str {
    let c: Oklch = Srgb::new(r, g, b).into_format::<f32>().into_color();
    let (l, chroma) = (c.l, c.chroma);
    let hue = c.hue.into_positive_degrees();
    if chroma < 0.035 {
        return if l < 0.3 {
            "black"
        } else if l > 0.93 {
            "white"
        } else {
            "grey"
        };
    }
    if l < 0.2 || (l < 0.25 && chroma < 0.08) {
        return "black";
    }
    // Light, weakly coloured tints read as white (cream, ivory).
    if l > 0.9 && chroma < 0.05 {
        return "white";
    }
    match hue {
        h if !(12.0..345.0).contains(&h) => {
            if l > 0.72 {
                "pink"
            } else {
                "red"
            }
        }
        h if h < 40.0 => {
            if l > 0.78 && chroma < 0.16 {
                "pink"
            } else if l < 0.55 && chroma < 0.1 {
                "brown"
            } else {
                "red"
            }
        }
        h if h < 75.0 => {
            if l < 0.62 {
                "brown"
            } else {
                "orange"
            }
        }
        h if h < 115.0 => {
            if l < 0.55 {
                "brown"
            } else {
                "yellow"
            }
        }
        h if h < 180.0 => "green",
        h if h < 285.0 => "blue",
        h if h < 320.0 => "purple",
        _ => {
            if l > 0.6 {
                "pink"
            } else {
                "purple"
            }
        }
    }
}

/// The families of dominant colours (`#rrggbb` with their shares), each
/// once, in the order first met; colours below [`MIN_SHARE`] are skipped.
pub fn families<'a>(colours: impl IntoIterator<Item = (&'a str, f32)>) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (hex, share) in colours {
        let Some(rgb) = atelier_api::rules::parse_hex_colour(hex) else {
            continue;
        };
        if share < MIN_SHARE {
            continue;
        }
        let f = family(rgb);
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> [u8; 3] {
        atelier_api::rules::parse_hex_colour(s).unwrap_or([0, 0, 0])
    }

    #[test]
    fn named_colours_fall_into_their_families() {
        let cases = [
            ("#ff0000", "red"),
            ("#c8102e", "red"),
            ("#b22222", "red"),
            ("#ff8000", "orange"),
            ("#ffa500", "orange"),
            ("#ef8354", "orange"),
            ("#ffff00", "yellow"),
            ("#f4d35e", "yellow"),
            ("#ffd700", "yellow"),
            ("#00ff00", "green"),
            ("#4f7942", "green"),
            ("#2e8b57", "green"),
            ("#0000ff", "blue"),
            ("#00ffff", "blue"),
            ("#1a237e", "blue"),
            ("#87ceeb", "blue"),
            ("#800080", "purple"),
            ("#8e7cc3", "purple"),
            ("#ffc0cb", "pink"),
            ("#ff69b4", "pink"),
            ("#ff00ff", "pink"),
            ("#8b4513", "brown"),
            ("#6b4226", "brown"),
            ("#3e2412", "brown"),
            ("#000000", "black"),
            ("#111111", "black"),
            ("#1b1b2f", "black"),
            ("#ffffff", "white"),
            ("#f5e6ca", "white"),
            ("#2b2d42", "blue"),
            ("#7a0c0c", "red"),
            ("#fafafa", "white"),
            ("#808080", "grey"),
            ("#c0c0c0", "grey"),
            ("#5a5a5a", "grey"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(c, want)| family(hex(c)) != *want)
            .map(|(c, want)| format!("{c}: {} (want {want})", family(hex(c))))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn every_family_is_one_the_catalogue_lists() {
        for r in (0..=255u8).step_by(17) {
            for g in (0..=255u8).step_by(17) {
                for b in (0..=255u8).step_by(17) {
                    let f = family([r, g, b]);
                    assert!(atelier_api::COLOUR_FAMILIES.contains(&f), "{f}");
                }
            }
        }
    }

    #[test]
    fn small_accents_and_repeats_do_not_count() {
        let got = families([
            ("#ff0000", 0.5),
            ("#c8102e", 0.3),
            ("#0000ff", 0.05),
            ("not a colour", 0.9),
            ("#ffffff", 0.15),
        ]);
        assert_eq!(got, ["red", "white"]);
    }
}
