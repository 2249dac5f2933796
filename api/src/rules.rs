//! Rules the server enforces and the browser applies as people type,
//! written once so the two cannot drift apart.

/// Longest entry title, in characters.
pub const ENTRY_TITLE_MAX: usize = 120;
/// Longest entry description, in characters.
pub const ENTRY_DESCRIPTION_MAX: usize = 2000;
/// Longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 30;
/// Most tags on one entry.
pub const TAGS_MAX: usize = 10;

/// Shortest password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Longest password, in bytes (what the hash is given).
pub const PASSWORD_MAX_BYTES: usize = 256;
/// Shortest and longest handle, in characters (`a-z`, `0-9`, `_`).
pub const HANDLE_MIN_CHARS: usize = 3;
pub const HANDLE_MAX_CHARS: usize = 30;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX_CHARS: usize = 60;
/// Longest bio on a profile, in characters.
pub const BIO_MAX_CHARS: usize = 2000;
/// Shortest bio in an expert application, in characters.
pub const EXPERT_BIO_MIN_CHARS: usize = 20;

/// Whether a (lower-cased, trimmed) handle is allowed: [`HANDLE_MIN_CHARS`]
/// to [`HANDLE_MAX_CHARS`] of `a-z`, `0-9` and `_`, not starting with `_`.
pub fn handle_is_valid(handle: &str) -> bool {
    (HANDLE_MIN_CHARS..=HANDLE_MAX_CHARS).contains(&handle.len())
        && handle
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !handle.starts_with('_')
}

/// Why a bio of `chars` characters does not fit `min..=max`: the attribute
/// of `invalid_bio`'s message that says so, or `None` when it fits.
pub fn bio_problem(chars: usize, min: usize, max: usize) -> Option<&'static str> {
    if chars < min {
        Some("too-short")
    } else if chars > max {
        Some("too-long")
    } else {
        None
    }
}

/// `jpeg` -> `JPEG`, `webp` -> `WebP`: how people write the image formats.
pub fn format_name(format: &str) -> String {
    match format {
        "jpeg" | "jpg" => "JPEG".to_owned(),
        "png" => "PNG".to_owned(),
        "webp" => "WebP".to_owned(),
        "gif" => "GIF".to_owned(),
        other => other.to_uppercase(),
    }
}

/// A challenge's accepted formats for people: "JPEG, PNG".
pub fn format_list<S: AsRef<str>>(formats: &[S]) -> String {
    formats
        .iter()
        .map(|f| format_name(f.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A tag's canonical form: trimmed, without leading `#`, lower-case.
pub fn normalize_tag(raw: &str) -> String {
    raw.trim().trim_start_matches('#').trim().to_lowercase()
}

/// Whether a canonical tag is allowed: 1 to [`TAG_MAX_CHARS`] letters,
/// digits, `-` or `_`.
pub fn tag_is_valid(tag: &str) -> bool {
    !tag.is_empty()
        && tag.chars().count() <= TAG_MAX_CHARS
        && tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Tags as given, canonical, empty ones dropped and repeats removed, in
/// their first order. Validity is left to [`tag_is_valid`].
pub fn normalize_tags<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw.into_iter().map(normalize_tag) {
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Tags typed as one comma-separated text ("lantern, #Red ,, festival").
pub fn split_tags(text: &str) -> Vec<String> {
    normalize_tags(text.split(','))
}

/// A colour written `#rrggbb` (any case, surrounding spaces ignored), as
/// its red, green and blue bytes.
pub fn parse_hex_colour(raw: &str) -> Option<[u8; 3]> {
    let hex = raw.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// `#rrggbb` in lower case.
pub fn hex_colour([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Shortest and longest template title, in characters.
pub const TEMPLATE_TITLE_MIN: usize = 3;
pub const TEMPLATE_TITLE_MAX: usize = 120;
/// Longest template description (markdown), in characters.
pub const TEMPLATE_DESCRIPTION_MAX: usize = 10_000;
/// Most tags on one template (each as an entry's tag).
pub const TEMPLATE_TAGS_MAX: usize = TAGS_MAX;
/// Largest canvas edge in pixels, and in millimetres.
pub const CANVAS_PX_MAX: u32 = 20_000;
pub const CANVAS_MM_MAX: u32 = 2_000;
/// Print resolution of a millimetre canvas, dots per inch.
pub const CANVAS_DPI_MIN: u32 = 72;
pub const CANVAS_DPI_MAX: u32 = 1_200;
/// Price of a paid template in minor units of TWD: NT$10 to NT$100,000.
pub const TEMPLATE_PRICE_MIN_MINOR: i64 = 1_000;
pub const TEMPLATE_PRICE_MAX_MINOR: i64 = 10_000_000;
/// Preview images per template.
pub const TEMPLATE_PREVIEWS_MAX: usize = 8;
/// Longest editor link, in characters.
pub const EDITOR_URL_MAX: usize = 2_000;

/// Why a template title does not fit: `too-short`, `too-long`, or `None`.
pub fn template_title_problem(title: &str) -> Option<&'static str> {
    bio_problem(
        title.trim().chars().count(),
        TEMPLATE_TITLE_MIN,
        TEMPLATE_TITLE_MAX,
    )
}

/// Why a canvas is not allowed: `size` (an edge outside 1..=20000 px or
/// 1..=2000 mm), `dpi` (missing or outside 72..=1200 with mm), or `None`.
pub fn canvas_problem(canvas: &crate::templates::Canvas) -> Option<&'static str> {
    use crate::templates::CanvasUnit;
    let max = match canvas.unit {
        CanvasUnit::Px => CANVAS_PX_MAX,
        CanvasUnit::Mm => CANVAS_MM_MAX,
    };
    if !(1..=max).contains(&canvas.width) || !(1..=max).contains(&canvas.height) {
        return Some("size");
    }
    match (canvas.unit, canvas.dpi) {
        (CanvasUnit::Mm, None) => Some("dpi"),
        (_, Some(dpi)) if !(CANVAS_DPI_MIN..=CANVAS_DPI_MAX).contains(&dpi) => Some("dpi"),
        _ => None,
    }
}

/// Why a price does not go with a licence: `free` (a free licence with a
/// price above 0), `range` (a paid licence outside NT$10..=NT$100,000), or
/// `None`.
pub fn price_problem(
    licence: crate::templates::LicenceKind,
    price_minor: i64,
) -> Option<&'static str> {
    if licence.terms().free {
        (price_minor != 0).then_some("free")
    } else {
        (!(TEMPLATE_PRICE_MIN_MINOR..=TEMPLATE_PRICE_MAX_MINOR).contains(&price_minor))
            .then_some("range")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_tags_become_canonical_and_unique() {
        assert_eq!(
            split_tags(" lantern, #Red ,, festival , red "),
            ["lantern", "red", "festival"]
        );
        assert!(split_tags(" , ").is_empty());
    }

    #[test]
    fn tags_are_letters_digits_dashes_and_underscores() {
        assert!(tag_is_valid("燈籠"));
        assert!(tag_is_valid("mid-autumn_2026"));
        assert!(!tag_is_valid("two words"));
        assert!(!tag_is_valid(""));
        assert!(!tag_is_valid(&"a".repeat(TAG_MAX_CHARS + 1)));
    }

    #[test]
    fn bios_are_too_short_or_too_long() {
        assert_eq!(
            bio_problem(19, EXPERT_BIO_MIN_CHARS, BIO_MAX_CHARS),
            Some("too-short")
        );
        assert_eq!(bio_problem(20, EXPERT_BIO_MIN_CHARS, BIO_MAX_CHARS), None);
        assert_eq!(bio_problem(2000, 0, BIO_MAX_CHARS), None);
        assert_eq!(bio_problem(2001, 0, BIO_MAX_CHARS), Some("too-long"));
    }

    #[test]
    fn hex_colours_round_trip() {
        assert_eq!(parse_hex_colour(" #C8102E "), Some([0xc8, 0x10, 0x2e]));
        assert_eq!(hex_colour([0xc8, 0x10, 0x2e]), "#c8102e");
        for bad in [
            "c8102e",
            "#c8102",
            "#c8102e0",
            "#gg102e",
            "#fff",
            "",
            "#ｃ8102e",
        ] {
            assert_eq!(parse_hex_colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn template_canvas_and_price_rules() {
        use crate::templates::{Canvas, CanvasUnit, LicenceKind};
        let px = |w, h| Canvas {
            width: w,
            height: h,
            unit: CanvasUnit::Px,
            dpi: None,
        };
        assert_eq!(canvas_problem(&px(1080, 1080)), None);
        assert_eq!(canvas_problem(&px(0, 10)), Some("size"));
        assert_eq!(canvas_problem(&px(20_001, 10)), Some("size"));
        let mm = |w, dpi| Canvas {
            width: w,
            height: 297,
            unit: CanvasUnit::Mm,
            dpi,
        };
        assert_eq!(canvas_problem(&mm(210, Some(300))), None);
        assert_eq!(canvas_problem(&mm(210, None)), Some("dpi"));
        assert_eq!(canvas_problem(&mm(210, Some(71))), Some("dpi"));
        assert_eq!(canvas_problem(&mm(2_001, Some(300))), Some("size"));
        assert_eq!(price_problem(LicenceKind::FreePersonal, 0), None);
        assert_eq!(
            price_problem(LicenceKind::FreeCommercial, 100),
            Some("free")
        );
        assert_eq!(
            price_problem(LicenceKind::PaidSingleUse, 999),
            Some("range")
        );
        assert_eq!(price_problem(LicenceKind::PaidSingleUse, 1_000), None);
        assert_eq!(price_problem(LicenceKind::Extended, 10_000_000), None);
        assert_eq!(
            price_problem(LicenceKind::PaidMultiUse, 10_000_001),
            Some("range")
        );
        assert_eq!(template_title_problem(" ab "), Some("too-short"));
        assert_eq!(template_title_problem("環保包裝設計模板"), None);
        assert_eq!(template_title_problem(&"x".repeat(121)), Some("too-long"));
    }
}
