//! The template form's values as typed, checked in the browser first and
//! turned into the `TemplateInput` the server takes.

use atelier_api::{
    Canvas, CanvasUnit, LicenceKind, TemplateCategory, TemplateDetail, TemplateInput,
};

use crate::i18n::Key;

// The limits both sides apply (`atelier_api::rules`), checked here first so
// a form that cannot pass is not sent.
pub use atelier_api::rules::{
    CANVAS_DPI_MAX as DPI_MAX, CANVAS_DPI_MIN as DPI_MIN, CANVAS_MM_MAX as MM_MAX,
    CANVAS_PX_MAX as PX_MAX, EDITOR_URL_MAX, TEMPLATE_DESCRIPTION_MAX as DESCRIPTION_MAX,
    TEMPLATE_PREVIEWS_MAX as PREVIEWS_MAX, TEMPLATE_PRICE_MAX_MINOR, TEMPLATE_PRICE_MIN_MINOR,
    TEMPLATE_TAGS_MAX as TAGS_MAX, TEMPLATE_TITLE_MAX as TITLE_MAX,
    TEMPLATE_TITLE_MIN as TITLE_MIN,
};
/// A paid template costs NT$10 to NT$100,000 (in whole dollars).
pub const PRICE_MIN_DOLLARS: i64 = TEMPLATE_PRICE_MIN_MINOR / MINOR_PER_DOLLAR;
pub const PRICE_MAX_DOLLARS: i64 = TEMPLATE_PRICE_MAX_MINOR / MINOR_PER_DOLLAR;
/// The server's limit for a source file (`templates.max_source_bytes`).
pub const SOURCE_MAX_BYTES: f64 = 50.0 * 1024.0 * 1024.0;
/// What the server recognises as a source, by the name's ending (the server
/// checks the content).
pub const SOURCE_EXTENSIONS: [&str; 8] = ["svg", "pdf", "png", "jpg", "jpeg", "psd", "ai", "zip"];
/// The image types the image pipeline takes for previews.
pub const PREVIEW_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];

/// Minor units of TWD per NT$.
const MINOR_PER_DOLLAR: i64 = 100;

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTemplate {
    pub title: String,
    pub description: String,
    pub category: TemplateCategory,
    pub tags: String,
    pub width: String,
    pub height: String,
    pub unit: CanvasUnit,
    pub dpi: String,
    pub licence: LicenceKind,
    /// Whole NT$.
    pub price: String,
    pub editor_url: String,
}

impl Default for RawTemplate {
    fn default() -> Self {
        RawTemplate {
            title: String::new(),
            description: String::new(),
            category: TemplateCategory::Poster,
            tags: String::new(),
            width: "1080".into(),
            height: "1080".into(),
            unit: CanvasUnit::Px,
            dpi: "300".into(),
            licence: LicenceKind::FreePersonal,
            price: "0".into(),
            editor_url: String::new(),
        }
    }
}

/// The form filled in from a saved template.
pub fn from_detail(t: &TemplateDetail) -> RawTemplate {
    RawTemplate {
        title: t.card.title.clone(),
        description: t.description.clone(),
        category: t.card.category,
        tags: t.card.tags.join(", "),
        width: t.canvas.width.to_string(),
        height: t.canvas.height.to_string(),
        unit: t.canvas.unit,
        dpi: t.canvas.dpi.unwrap_or(300).to_string(),
        licence: t.card.licence,
        price: minor_to_dollars(t.card.price.amount_minor),
        editor_url: t.editor_url.clone().unwrap_or_default(),
    }
}

/// Whole NT$ as typed ("1,500", " 150 ") to minor units.
pub fn dollars_to_minor(text: &str) -> Option<i64> {
    let digits: String = text.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok()?.checked_mul(MINOR_PER_DOLLAR)
}

/// Minor units of TWD as whole NT$ for the price field (cents dropped).
pub fn minor_to_dollars(minor: i64) -> String {
    (minor / MINOR_PER_DOLLAR).to_string()
}

/// A link the browser may open: http or https with a host.
pub fn is_web_link(url: &str) -> bool {
    let url = url.trim();
    ["https://", "http://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && url[scheme.len()..]
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
    })
}

/// A problem found in the browser: the field and what to say (the message's
/// numeric variables with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: Key,
    pub args: &'static [(&'static str, i64)],
}

fn problem(field: &'static str, key: Key) -> Problem {
    let args: &'static [(&'static str, i64)] = match key {
        Key::CreatorTitleRule => &[("min", TITLE_MIN as i64), ("max", TITLE_MAX as i64)],
        Key::CreatorDescriptionTooLong => &[("max", DESCRIPTION_MAX as i64)],
        Key::CreatorDpiRule => &[("min", DPI_MIN as i64), ("max", DPI_MAX as i64)],
        Key::CreatorPriceRule => &[("min", PRICE_MIN_DOLLARS), ("max", PRICE_MAX_DOLLARS)],
        _ => &[],
    };
    Problem { field, key, args }
}

/// The canvas rule for a unit, with its largest size.
fn canvas_problem(unit: CanvasUnit) -> Problem {
    let args: &'static [(&'static str, i64)] = match unit {
        CanvasUnit::Px => &[("max", PX_MAX as i64)],
        CanvasUnit::Mm => &[("max", MM_MAX as i64)],
    };
    Problem {
        field: "canvas",
        key: Key::CreatorCanvasRule,
        args,
    }
}

/// A whole number as typed, or 0 (which no rule accepts) when it is not one.
fn whole(text: &str) -> u32 {
    text.trim().parse::<u32>().unwrap_or(0)
}

/// Checks the form (with the rules the server applies) and builds what the
/// server takes; `editing` sends an empty editor link (which removes it)
/// instead of leaving it out.
pub fn build_input(raw: &RawTemplate, editing: bool) -> Result<TemplateInput, Problem> {
    use atelier_api::rules;
    let title = raw.title.trim();
    if rules::template_title_problem(title).is_some() {
        return Err(problem("title", Key::CreatorTitleRule));
    }
    let description = raw.description.trim();
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(problem("description", Key::CreatorDescriptionTooLong));
    }
    let tags = rules::split_tags(&raw.tags);
    if tags.len() > TAGS_MAX || !tags.iter().all(|t| rules::tag_is_valid(t)) {
        return Err(problem("tags", Key::TagsHint));
    }
    let canvas = Canvas {
        width: whole(&raw.width),
        height: whole(&raw.height),
        unit: raw.unit,
        dpi: (raw.unit == CanvasUnit::Mm).then(|| whole(&raw.dpi)),
    };
    match rules::canvas_problem(&canvas) {
        Some("dpi") => return Err(problem("canvas", Key::CreatorDpiRule)),
        Some(_) => return Err(canvas_problem(raw.unit)),
        None => {}
    }
    let price_minor = if raw.licence.terms().free {
        0
    } else {
        dollars_to_minor(&raw.price)
            .filter(|m| rules::price_problem(raw.licence, *m).is_none())
            .ok_or_else(|| problem("price", Key::CreatorPriceRule))?
    };
    let editor_url = raw.editor_url.trim();
    if !editor_url.is_empty()
        && (!is_web_link(editor_url) || editor_url.chars().count() > EDITOR_URL_MAX)
    {
        return Err(problem("editor_url", Key::CreatorEditorUrlRule));
    }
    Ok(TemplateInput {
        title: Some(title.to_owned()),
        description: Some(description.to_owned()),
        category: Some(raw.category),
        tags: Some(tags),
        canvas: Some(canvas),
        licence: Some(raw.licence),
        price_minor: Some(price_minor),
        editor_url: if editor_url.is_empty() && !editing {
            None
        } else {
            Some(editor_url.to_owned())
        },
    })
}

/// What is wrong with a file picked as a preview, if anything.
pub fn preview_problem(mime: &str, bytes: f64, max_bytes: f64) -> Option<Key> {
    if !PREVIEW_TYPES.contains(&mime) {
        Some(Key::CreatorPreviewWrongType)
    } else if bytes <= 0.0 {
        Some(Key::EntryEmptyFile)
    } else if bytes > max_bytes {
        Some(Key::CreatorFileTooLarge)
    } else {
        None
    }
}

/// What is wrong with a file picked as a source, if anything.
pub fn source_problem(name: &str, bytes: f64, max_bytes: f64) -> Option<Key> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if !SOURCE_EXTENSIONS.contains(&ext.as_str()) {
        Some(Key::CreatorSourceWrongType)
    } else if bytes <= 0.0 {
        Some(Key::EntryEmptyFile)
    } else if bytes > max_bytes {
        Some(Key::CreatorFileTooLarge)
    } else {
        None
    }
}

/// How many of `picked` new previews fit beside `have` (uploaded or on
/// their way): the first ones, in the order picked.
pub fn previews_that_fit(have: usize, picked: usize) -> usize {
    PREVIEWS_MAX.saturating_sub(have).min(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> RawTemplate {
        RawTemplate {
            title: "  Eco packaging dieline ".into(),
            description: "A **box**.".into(),
            tags: "Box, #eco,, box".into(),
            ..RawTemplate::default()
        }
    }

    #[test]
    fn a_free_template_is_sent_at_no_charge_whatever_the_price_field_says() {
        let mut raw = filled();
        raw.price = "150".into();
        let input = build_input(&raw, false).unwrap();
        assert_eq!(input.title.as_deref(), Some("Eco packaging dieline"));
        assert_eq!(input.tags, Some(vec!["box".to_owned(), "eco".to_owned()]));
        assert_eq!(input.price_minor, Some(0));
        assert_eq!(input.editor_url, None);
        assert_eq!(
            input.canvas,
            Some(Canvas {
                width: 1080,
                height: 1080,
                unit: CanvasUnit::Px,
                dpi: None
            })
        );
    }

    #[test]
    fn whole_dollars_become_minor_units() {
        let mut raw = filled();
        raw.licence = LicenceKind::PaidSingleUse;
        raw.price = "1,500".into();
        assert_eq!(build_input(&raw, false).unwrap().price_minor, Some(150_000));
        assert_eq!(dollars_to_minor(" 150 "), Some(15_000));
        assert_eq!(dollars_to_minor("1.5"), None);
        assert_eq!(dollars_to_minor("-3"), None);
        assert_eq!(dollars_to_minor(""), None);
        assert_eq!(minor_to_dollars(15_000), "150");
    }

    #[test]
    fn paid_prices_stay_between_ten_and_a_hundred_thousand_dollars() {
        let mut raw = filled();
        raw.licence = LicenceKind::Extended;
        for (price, ok) in [
            ("9", false),
            ("10", true),
            ("100000", true),
            ("100001", false),
            ("abc", false),
        ] {
            raw.price = price.into();
            let result = build_input(&raw, false);
            assert_eq!(result.is_ok(), ok, "{price}");
            if !ok {
                assert_eq!(result.unwrap_err().field, "price");
            }
        }
    }

    #[test]
    fn millimetres_need_a_print_resolution() {
        let mut raw = filled();
        raw.unit = CanvasUnit::Mm;
        raw.width = "210".into();
        raw.height = "297".into();
        raw.dpi = "300".into();
        let canvas = build_input(&raw, false).unwrap().canvas.unwrap();
        assert_eq!((canvas.width, canvas.dpi), (210, Some(300)));
        raw.dpi = "50".into();
        assert_eq!(
            build_input(&raw, false).unwrap_err(),
            problem("canvas", Key::CreatorDpiRule)
        );
        raw.dpi = "300".into();
        raw.width = "2001".into();
        assert_eq!(build_input(&raw, false).unwrap_err().field, "canvas");
        // 2001 is a fine pixel width.
        raw.unit = CanvasUnit::Px;
        assert!(build_input(&raw, false).is_ok());
    }

    #[test]
    fn titles_tags_and_links_are_checked_first() {
        let mut raw = filled();
        raw.title = "ab".into();
        assert_eq!(build_input(&raw, false).unwrap_err().field, "title");
        raw.title = "x".repeat(TITLE_MAX + 1);
        assert_eq!(build_input(&raw, false).unwrap_err().field, "title");
        raw = filled();
        raw.tags = (0..11)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(build_input(&raw, false).unwrap_err().field, "tags");
        raw = filled();
        raw.editor_url = "javascript:alert(1)".into();
        assert_eq!(build_input(&raw, false).unwrap_err().field, "editor_url");
        raw.editor_url = "https://www.canva.com/design/abc".into();
        assert!(build_input(&raw, false).is_ok());
    }

    #[test]
    fn editing_sends_an_empty_link_to_remove_it() {
        let raw = filled();
        assert_eq!(
            build_input(&raw, true).unwrap().editor_url.as_deref(),
            Some("")
        );
        assert_eq!(build_input(&raw, false).unwrap().editor_url, None);
    }

    #[test]
    fn web_links_need_a_scheme_and_a_host() {
        assert!(is_web_link("https://example.com"));
        assert!(is_web_link("HTTP://example.com/x?y#z"));
        assert!(!is_web_link("https://"));
        assert!(!is_web_link("ftp://example.com"));
        assert!(!is_web_link("example.com"));
    }

    #[test]
    fn picked_files_are_checked_before_they_are_sent() {
        let max = 1000.0;
        assert_eq!(preview_problem("image/png", 10.0, max), None);
        assert_eq!(
            preview_problem("image/svg+xml", 10.0, max),
            Some(Key::CreatorPreviewWrongType)
        );
        assert_eq!(
            preview_problem("image/jpeg", 1001.0, max),
            Some(Key::CreatorFileTooLarge)
        );
        assert_eq!(source_problem("Box.SVG", 10.0, max), None);
        assert_eq!(source_problem("box.ai", 10.0, max), None);
        assert_eq!(
            source_problem("box.exe", 10.0, max),
            Some(Key::CreatorSourceWrongType)
        );
        assert_eq!(
            source_problem("noextension", 10.0, max),
            Some(Key::CreatorSourceWrongType)
        );
        assert_eq!(
            source_problem("box.zip", 0.0, max),
            Some(Key::EntryEmptyFile)
        );
    }

    #[test]
    fn at_most_eight_previews_fit() {
        assert_eq!(previews_that_fit(0, 3), 3);
        assert_eq!(previews_that_fit(6, 3), 2);
        assert_eq!(previews_that_fit(8, 1), 0);
        assert_eq!(previews_that_fit(9, 1), 0);
    }

    #[test]
    fn a_saved_template_fills_the_form_and_saves_unchanged() {
        use atelier_api::{Money, TemplateCard, TemplateCreator, TemplateStatus};
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let detail = TemplateDetail {
            card: TemplateCard {
                id: 3,
                title: "環保包裝設計模板".into(),
                category: TemplateCategory::Packaging,
                tags: vec!["box".into(), "eco".into()],
                creator: TemplateCreator {
                    handle: "kai".into(),
                    display_name: "Kai".into(),
                    expert: true,
                },
                licence: LicenceKind::PaidMultiUse,
                price: Money {
                    amount_minor: 15_000,
                    currency: "TWD".into(),
                },
                status: TemplateStatus::Draft,
                thumbnail_url: None,
                thumbnail_width: 0,
                thumbnail_height: 0,
                uses: 0,
                published_at: None,
            },
            description: "A box.".into(),
            description_html: "<p>A box.</p>".into(),
            canvas: Canvas {
                width: 210,
                height: 297,
                unit: CanvasUnit::Mm,
                dpi: Some(300),
            },
            previews: vec![],
            files: vec![],
            colours: vec![],
            editor_url: Some("https://example.com/edit".into()),
            review_reason: None,
            can_download: true,
            can_edit: true,
            my_licence: None,
            downloads: 0,
            created_at: at,
            updated_at: at,
        };
        let raw = from_detail(&detail);
        assert_eq!(raw.price, "150");
        assert_eq!(raw.tags, "box, eco");
        let input = build_input(&raw, true).unwrap();
        assert_eq!(input.price_minor, Some(15_000));
        assert_eq!(input.canvas, Some(detail.canvas));
        assert_eq!(input.tags, Some(detail.card.tags.clone()));
        assert_eq!(
            input.editor_url.as_deref(),
            Some("https://example.com/edit")
        );
    }
}
