//! What a creator sends (`TemplateInput`), checked against the shared rules
//! (`atelier_api::rules`): each refusal carries a stable code that names
//! the form field it concerns, and a variant saying what is wrong.

use atelier_api::rules;
use atelier_api::{Canvas, CanvasUnit, LicenceKind, TemplateCategory, TemplateInput};

use crate::entities::template;
use crate::error::{ApiError, ApiResult};

/// A template's fields after validation: everything a row needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub title: String,
    pub description: String,
    pub category: TemplateCategory,
    pub tags: Vec<String>,
    pub canvas: Canvas,
    pub licence: LicenceKind,
    pub price_minor: i64,
    pub editor_url: Option<String>,
}

fn missing(field: &'static str) -> ApiError {
    ApiError::validation(format!("{field} is required")).code("missing_field")
}

/// A new template: every field but `editor_url` is required.
pub fn for_create(input: TemplateInput) -> ApiResult<Fields> {
    let fields = Fields {
        title: input.title.ok_or_else(|| missing("title"))?,
        description: input.description.ok_or_else(|| missing("description"))?,
        category: input.category.ok_or_else(|| missing("category"))?,
        tags: input.tags.unwrap_or_default(),
        canvas: input.canvas.ok_or_else(|| missing("canvas"))?,
        licence: input.licence.ok_or_else(|| missing("licence"))?,
        price_minor: input.price_minor.ok_or_else(|| missing("price_minor"))?,
        editor_url: input.editor_url,
    };
    check(fields)
}

/// An edit: the given fields over the row's, then the whole checked (a
/// licence change must still agree with the price, and so on).
pub fn for_update(row: &template::Model, input: TemplateInput) -> ApiResult<Fields> {
    let current = from_row(row);
    let fields = Fields {
        title: input.title.unwrap_or(current.title),
        description: input.description.unwrap_or(current.description),
        category: input.category.unwrap_or(current.category),
        tags: input.tags.unwrap_or(current.tags),
        canvas: input.canvas.unwrap_or(current.canvas),
        licence: input.licence.unwrap_or(current.licence),
        price_minor: input.price_minor.unwrap_or(current.price_minor),
        editor_url: match input.editor_url {
            Some(url) => Some(url),
            None => current.editor_url,
        },
    };
    check(fields)
}

/// The row's fields (tags are read separately; they start empty here and
/// the caller fills them when it needs them).
pub fn from_row(row: &template::Model) -> Fields {
    Fields {
        title: row.title.clone(),
        description: row.description_md.clone(),
        category: TemplateCategory::parse(&row.category).unwrap_or(TemplateCategory::Other),
        tags: Vec::new(),
        canvas: canvas_of(row),
        licence: LicenceKind::parse(&row.licence).unwrap_or(LicenceKind::FreePersonal),
        price_minor: row.price_minor,
        editor_url: row.editor_url.clone(),
    }
}

pub fn canvas_of(row: &template::Model) -> Canvas {
    Canvas {
        width: u32::try_from(row.canvas_width).unwrap_or(0),
        height: u32::try_from(row.canvas_height).unwrap_or(0),
        unit: CanvasUnit::parse(&row.canvas_unit).unwrap_or(CanvasUnit::Px),
        dpi: row.canvas_dpi.and_then(|d| u32::try_from(d).ok()),
    }
}

fn check(f: Fields) -> ApiResult<Fields> {
    let title = f.title.trim().to_owned();
    if let Some(problem) = rules::template_title_problem(&title) {
        return Err(ApiError::validation(format!(
            "title must be {}-{} characters",
            rules::TEMPLATE_TITLE_MIN,
            rules::TEMPLATE_TITLE_MAX
        ))
        .code("invalid_template_title")
        .variant(problem)
        .arg("min", rules::TEMPLATE_TITLE_MIN)
        .arg("max", rules::TEMPLATE_TITLE_MAX));
    }
    let description = f.description.trim().to_owned();
    if description.chars().count() > rules::TEMPLATE_DESCRIPTION_MAX {
        return Err(ApiError::validation(format!(
            "description must be at most {} characters",
            rules::TEMPLATE_DESCRIPTION_MAX
        ))
        .code("invalid_template_description"));
    }
    let tags = rules::normalize_tags(f.tags.iter().map(String::as_str));
    if let Some(t) = tags.iter().find(|t| !rules::tag_is_valid(t)) {
        return Err(ApiError::validation(format!(
            "tag {t:?} must be at most {} letters, digits, - or _",
            rules::TAG_MAX_CHARS
        ))
        .code("invalid_tags"));
    }
    if tags.len() > rules::TEMPLATE_TAGS_MAX {
        return Err(
            ApiError::validation(format!("at most {} tags", rules::TEMPLATE_TAGS_MAX))
                .code("invalid_tags"),
        );
    }
    if let Some(problem) = rules::canvas_problem(&f.canvas) {
        return Err(ApiError::validation(
            "the canvas must be 1-20000 px or 1-2000 mm a side, millimetres with 72-1200 dpi",
        )
        .code("invalid_canvas")
        .variant(problem));
    }
    if let Some(problem) = rules::price_problem(f.licence, f.price_minor) {
        let message = if problem == "free" {
            "a free licence has the price 0"
        } else {
            "a paid licence costs NT$10 to NT$100,000 (1000-10000000 minor units)"
        };
        return Err(ApiError::validation(message)
            .code("invalid_price")
            .variant(problem));
    }
    let editor_url = match f.editor_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) if editor_url_is_valid(url) => Some(url.to_owned()),
        Some(_) => {
            return Err(ApiError::validation(
                "the editor link must be an http:// or https:// address",
            )
            .code("invalid_editor_url"));
        }
    };
    Ok(Fields {
        title,
        description,
        tags,
        editor_url,
        ..f
    })
}

/// An absolute http(s) URL with a host, no spaces or control characters.
fn editor_url_is_valid(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    url.chars().count() <= rules::EDITOR_URL_MAX
        && !host.is_empty()
        && !host.starts_with('@')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TemplateInput {
        TemplateInput {
            title: Some("  Eco packaging dieline ".into()),
            description: Some("A **dieline**.".into()),
            category: Some(TemplateCategory::Packaging),
            tags: Some(vec!["#Eco".into(), "eco".into(), " 包裝 ".into()]),
            canvas: Some(Canvas {
                width: 210,
                height: 297,
                unit: CanvasUnit::Mm,
                dpi: Some(300),
            }),
            licence: Some(LicenceKind::PaidSingleUse),
            price_minor: Some(15_000),
            editor_url: Some(" ".into()),
        }
    }

    #[test]
    fn a_good_template_is_normalised() {
        let f = for_create(input()).unwrap();
        assert_eq!(f.title, "Eco packaging dieline");
        assert_eq!(f.tags, ["eco", "包裝"]);
        assert_eq!(f.editor_url, None);
    }

    #[test]
    fn each_rule_has_its_code() {
        let code = |change: fn(&mut TemplateInput)| {
            let mut i = input();
            change(&mut i);
            for_create(i).map(|_| ()).unwrap_err().code
        };
        assert_eq!(
            code(|i| i.title = Some("ab".into())),
            "invalid_template_title"
        );
        assert_eq!(code(|i| i.title = None), "missing_field");
        assert_eq!(
            code(|i| i.description = Some("x".repeat(10_001))),
            "invalid_template_description"
        );
        assert_eq!(
            code(|i| i.tags = Some((0..11).map(|n| format!("t{n}")).collect())),
            "invalid_tags"
        );
        assert_eq!(
            code(|i| i.tags = Some(vec!["two words".into()])),
            "invalid_tags"
        );
        assert_eq!(
            code(|i| i.canvas = Some(Canvas {
                width: 210,
                height: 297,
                unit: CanvasUnit::Mm,
                dpi: None
            })),
            "invalid_canvas"
        );
        assert_eq!(code(|i| i.price_minor = Some(0)), "invalid_price");
        assert_eq!(
            code(|i| i.licence = Some(LicenceKind::FreeCommercial)),
            "invalid_price"
        );
        assert_eq!(
            code(|i| i.editor_url = Some("javascript:alert(1)".into())),
            "invalid_editor_url"
        );
        assert_eq!(
            code(|i| i.editor_url = Some("https://".into())),
            "invalid_editor_url"
        );
        let mut ok = input();
        ok.editor_url = Some("https://www.canva.com/design/abc/edit".into());
        assert!(for_create(ok).is_ok());
    }
}
