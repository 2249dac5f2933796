//! What staff write about a challenge in each language: title, brief and
//! prizes, with the base fields' limits.

use atelier_api::Translations;

use crate::content_i18n::{self, Checked, Field, Locale, Subject};
use crate::error::ApiResult;

pub const TITLE: Field = Field {
    name: "title",
    min_chars: 3,
    max_chars: 120,
    code: "invalid_title",
    trim: true,
};
pub const BRIEF: Field = Field {
    name: "brief",
    min_chars: 0,
    max_chars: 20_000,
    code: "invalid_brief",
    trim: false,
};
pub const PRIZES: Field = Field {
    name: "prizes",
    min_chars: 0,
    max_chars: 2_000,
    code: "invalid_prizes",
    trim: false,
};

/// What staff write about a challenge, in each language; the base fields
/// have the same limits.
pub const TEXT: Subject = Subject {
    kind: "challenge",
    fields: &[TITLE, BRIEF, PRIZES],
};

pub fn translations(input: &Option<Translations>, base: Locale) -> ApiResult<Checked> {
    content_i18n::check(&TEXT, base, input.as_ref(), "translations")
}

/// `translations zh-TW.title, zh-TW.brief`, for the audit log.
pub fn translated(t: &Checked) -> String {
    if t.is_empty() {
        return String::new();
    }
    let fields: Vec<String> = t
        .iter()
        .map(|(l, f, _)| format!("{}.{f}", l.tag()))
        .collect();
    format!("translations {}", fields.join(", "))
}
