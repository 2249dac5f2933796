//! Staff-written content in several languages (English and Traditional
//! Chinese): challenge titles, briefs and prizes, poll questions and option
//! labels, and whatever content comes later.
//!
//! A subject's own columns hold its base text, in the language its
//! `base_locale` names; texts in other languages are rows of
//! `content_translations` keyed by (subject kind, subject id, locale, field).
//! Reads load the rows of a whole list in one query ([`Loaded::load`]) and
//! resolve each field to the request's language ([`RequestLocale`]), falling
//! back to the base text where staff have not written that language.

mod input;
mod locale;
mod store;

pub use input::{Checked, check, check_base_locale};
pub use locale::{AcceptLanguage, Locale, RequestLocale, base_of, localized, parse_tag};
pub use store::{Loaded, remove_all, remove_locale, save};

/// A kind of content and the fields of it that staff write in each language.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    /// Stored in `content_translations.subject_kind`: `challenge`, `poll`, ...
    pub kind: &'static str,
    pub fields: &'static [Field],
}

/// A translatable field, checked like its base column.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The base column's name, as sent and stored (`title`, `brief`, ...).
    pub name: &'static str,
    /// Length in characters (an empty text means "no translation").
    pub min_chars: usize,
    pub max_chars: usize,
    /// The validation code the base field answers with (`invalid_title`).
    pub code: &'static str,
    /// Surrounding whitespace is dropped (one-line fields), else kept.
    pub trim: bool,
}

impl Subject {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// `title, brief, prizes`, for messages.
    fn field_names(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
