//! Translations as staff send them, checked like the base fields: known
//! languages other than the base one, known fields, the same lengths.

use std::collections::HashSet;

use atelier_api::Translations;

use super::{Locale, Subject};
use crate::error::{ApiError, ApiResult};

/// Checked translations of one subject: (locale, field, text), where an
/// empty text means "no translation" (the base text is shown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked(Vec<(Locale, &'static str, String)>);

impl Checked {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Locale, &'static str, &str)> {
        self.0.iter().map(|(l, f, t)| (*l, *f, t.as_str()))
    }

    /// The text given for `field` in `locale` ("" to remove it), if any.
    pub fn get(&self, locale: Locale, field: &str) -> Option<&str> {
        self.iter()
            .find(|(l, f, _)| *l == locale && *f == field)
            .map(|(_, _, t)| t)
    }
}

fn locales() -> String {
    Locale::ALL.map(Locale::tag).join(", ")
}

/// The base language staff named (`None`: `default`).
pub fn check_base_locale(raw: Option<&str>, default: Locale) -> ApiResult<Locale> {
    match raw {
        None => Ok(default),
        Some(tag) => super::parse_tag(tag).ok_or_else(|| {
            ApiError::validation(format!(
                "base_locale must be one of {}, not {tag:?}",
                locales()
            ))
            .variant("base-locale")
            .arg("language", tag.to_owned())
        }),
    }
}

/// Checks `input` (at `at`, e.g. `translations` or
/// `options[1].translations`, for messages) against `subject`'s fields.
/// An unknown language or field, the base language, or a field given twice
/// is 422 `validation_failed` naming it; a text of the wrong length answers
/// with the base field's code (`invalid_title`...).
pub fn check(
    subject: &Subject,
    base: Locale,
    input: Option<&Translations>,
    at: &str,
) -> ApiResult<Checked> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (tag, fields) in input.into_iter().flatten() {
        let locale = super::parse_tag(tag).ok_or_else(|| {
            ApiError::validation(format!(
                "{at}: unknown language {tag:?} (use {})",
                locales()
            ))
            .variant("unknown-language")
            .arg("at", at.to_owned())
            .arg("language", tag.clone())
        })?;
        if locale == base {
            return Err(ApiError::validation(format!(
                "{at}.{tag}: {} is the base language; its text goes in the base fields",
                locale.tag()
            ))
            .variant("base-language")
            .arg("at", at.to_owned())
            .arg("language", locale.tag()));
        }
        for (name, text) in fields {
            let field = subject.field(name).ok_or_else(|| {
                ApiError::validation(format!(
                    "{at}.{tag}: unknown field {name:?} (use {})",
                    subject.field_names()
                ))
                .variant("unknown-field")
                .arg("at", format!("{at}.{tag}"))
                .arg("field", name.clone())
                .arg("fields", subject.field_names())
            })?;
            if !seen.insert((locale, field.name)) {
                let twice = format!("{}.{name}", locale.tag());
                return Err(
                    ApiError::validation(format!("{at}: {twice} is given twice"))
                        .variant("given-twice")
                        .arg("at", at.to_owned())
                        .arg("field", twice),
                );
            }
            let text = if field.trim || text.trim().is_empty() {
                text.trim()
            } else {
                text.as_str()
            };
            let n = text.chars().count();
            if n > 0 && !(field.min_chars..=field.max_chars).contains(&n) {
                let range = if field.min_chars == 0 {
                    format!("at most {}", field.max_chars)
                } else {
                    format!("{}-{}", field.min_chars, field.max_chars)
                };
                return Err(ApiError::validation(format!(
                    "{at}.{tag}.{name} must be {range} characters"
                ))
                .code(field.code)
                .variant("translation")
                .arg("field", format!("{at}.{tag}.{name}"))
                .arg("min", field.min_chars)
                .arg("max", field.max_chars));
            }
            out.push((locale, field.name, text.to_owned()));
        }
    }
    Ok(Checked(out))
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    const SUBJECT: Subject = Subject {
        kind: "thing",
        fields: &[
            Field {
                name: "title",
                min_chars: 3,
                max_chars: 10,
                code: "invalid_title",
                trim: true,
            },
            Field {
                name: "brief",
                min_chars: 0,
                max_chars: 20,
                code: "invalid_brief",
                trim: false,
            },
        ],
    };

    fn input(pairs: &[(&str, &str, &str)]) -> Translations {
        let mut t = Translations::new();
        for (l, f, text) in pairs {
            t.entry((*l).into())
                .or_default()
                .insert((*f).into(), (*text).into());
        }
        t
    }

    fn refused(pairs: &[(&str, &str, &str)]) -> (String, &'static str, String) {
        let e = check(&SUBJECT, Locale::En, Some(&input(pairs)), "translations").unwrap_err();
        (e.status.to_string(), e.code, e.message)
    }

    #[test]
    fn texts_are_checked_like_the_base_fields() {
        let c = check(
            &SUBJECT,
            Locale::En,
            Some(&input(&[
                ("zh-TW", "title", "  燈籠設計  "),
                ("zh-TW", "brief", " 說明\n"),
            ])),
            "translations",
        )
        .unwrap();
        assert_eq!(c.get(Locale::ZhTw, "title"), Some("燈籠設計"));
        assert_eq!(c.get(Locale::ZhTw, "brief"), Some(" 說明\n"));
        let (status, code, message) = refused(&[("zh-TW", "title", "燈")]);
        assert_eq!(
            (status.as_str(), code),
            ("422 Unprocessable Entity", "invalid_title")
        );
        assert!(message.contains("translations.zh-TW.title"), "{message}");
        assert_eq!(
            refused(&[("zh-TW", "brief", &"長".repeat(21))]).1,
            "invalid_brief"
        );
    }

    #[test]
    fn empty_texts_remove_a_translation() {
        let c = check(
            &SUBJECT,
            Locale::En,
            Some(&input(&[("zh-TW", "title", "   ")])),
            "translations",
        )
        .unwrap();
        assert_eq!(c.get(Locale::ZhTw, "title"), Some(""));
        assert!(check(&SUBJECT, Locale::En, None, "t").unwrap().is_empty());
    }

    #[test]
    fn unknown_languages_and_fields_are_named() {
        let (_, code, message) = refused(&[("fr", "title", "Lanternes")]);
        assert_eq!(code, "validation_failed");
        assert!(message.contains("\"fr\""), "{message}");
        let (_, code, message) = refused(&[("zh-TW", "subtitle", "副標")]);
        assert_eq!(code, "validation_failed");
        assert!(message.contains("\"subtitle\""), "{message}");
        let (_, code, message) = refused(&[("en", "title", "Lanterns")]);
        assert_eq!(code, "validation_failed");
        assert!(message.contains("base language"), "{message}");
        let (_, code, message) =
            refused(&[("zh-TW", "title", "一二三"), ("zh-tw", "title", "四五六")]);
        assert_eq!(code, "validation_failed");
        assert!(message.contains("twice"), "{message}");
    }

    #[test]
    fn the_base_language_defaults_and_must_be_known() {
        assert_eq!(check_base_locale(None, Locale::En).unwrap(), Locale::En);
        assert_eq!(
            check_base_locale(Some("zh-TW"), Locale::En).unwrap(),
            Locale::ZhTw
        );
        let e = check_base_locale(Some("klingon"), Locale::En).unwrap_err();
        assert_eq!(e.code, "validation_failed");
        assert!(e.message.contains("klingon"));
    }
}
