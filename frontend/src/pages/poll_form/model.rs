//! The poll form as typed (question, product, description and each
//! option's label in every language), turned into a `PollInput` or the first
//! problem found.

use std::collections::BTreeMap;

use atelier_api::{Eligibility, PollInput, PollMethod, PollOptionInput, Translations};
use chrono::{DateTime, Utc};

use crate::components::locale_index;
use crate::i18n::{Key, Locale};

pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 20;

/// What staff write about a poll in one language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPollText {
    pub question: String,
    pub product: String,
    pub description: String,
}

/// The poll form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPoll {
    /// Per language, in [`Locale::ALL`] order.
    pub texts: [RawPollText; 2],
    /// The language staff wrote in first (the base unless it is incomplete).
    pub base_locale: Locale,
    pub method: PollMethod,
    pub max_choices: String,
    pub eligibility: Eligibility,
    pub allow_change: bool,
    pub opens_at: String,
    pub closes_at: String,
    /// Each option's label per language, in [`Locale::ALL`] order.
    pub options: Vec<[String; 2]>,
}

/// `fields` without the empty ones, as one language's translation.
fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(f, t)| ((*f).to_owned(), t.trim().to_owned()))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

pub fn build_poll(
    raw: &RawPoll,
    to_utc: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Result<PollInput, Key> {
    // Options left blank in every language are dropped.
    let options: Vec<&[String; 2]> = raw
        .options
        .iter()
        .filter(|labels| labels.iter().any(|l| !l.trim().is_empty()))
        .collect();
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
        return Err(Key::FormOptionCount);
    }
    // The base language must have everything; the other may have gaps.
    let complete = |l: &Locale| {
        let (i, t) = (locale_index(*l), &raw.texts[locale_index(*l)]);
        !t.question.trim().is_empty()
            && !t.product.trim().is_empty()
            && options.iter().all(|labels| !labels[i].trim().is_empty())
    };
    let base = std::iter::once(raw.base_locale)
        .chain(Locale::ALL)
        .find(complete)
        .ok_or(Key::FormPollIncomplete)?;
    let others: Vec<Locale> = Locale::ALL.into_iter().filter(|l| *l != base).collect();
    let translated = |of: &dyn Fn(Locale) -> BTreeMap<String, String>| -> Translations {
        others
            .iter()
            .map(|l| (l.tag().to_owned(), of(*l)))
            .filter(|(_, f)| !f.is_empty())
            .collect()
    };
    let options = options
        .iter()
        .map(|labels| PollOptionInput {
            label: labels[locale_index(base)].trim().to_owned(),
            translations: Some(translated(&|l| {
                fields(&[("label", &labels[locale_index(l)])])
            })),
        })
        .collect();
    let max_choices = match raw.method {
        PollMethod::Approval => Some(
            raw.max_choices
                .trim()
                .parse::<i32>()
                .map_err(|_| Key::FormBadNumber)?,
        ),
        _ => None,
    };
    let opens_at = to_utc(&raw.opens_at).ok_or(Key::FormBadDate)?;
    let closes_at = to_utc(&raw.closes_at).ok_or(Key::FormBadDate)?;
    let text = &raw.texts[locale_index(base)];
    Ok(PollInput {
        question: text.question.trim().to_owned(),
        product: text.product.trim().to_owned(),
        description: text.description.trim().to_owned(),
        method: raw.method,
        max_choices,
        eligibility: raw.eligibility,
        allow_change: raw.allow_change,
        opens_at,
        closes_at,
        options,
        base_locale: Some(base.tag().to_owned()),
        translations: Some(translated(&|l| {
            let t = &raw.texts[locale_index(l)];
            fields(&[
                ("question", &t.question),
                ("product", &t.product),
                ("description", &t.description),
            ])
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(value: &str) -> Option<DateTime<Utc>> {
        crate::components::time::parse_local_input(value).map(|t| Utc.from_utc_datetime(&t))
    }

    fn english(labels: &[&str]) -> Vec<[String; 2]> {
        labels
            .iter()
            .map(|l| [(*l).to_owned(), String::new()])
            .collect()
    }

    fn raw() -> RawPoll {
        RawPoll {
            texts: [
                RawPollText {
                    question: " Name the tea? ".into(),
                    product: "Winter tea".into(),
                    description: "".into(),
                },
                RawPollText::default(),
            ],
            base_locale: Locale::En,
            method: PollMethod::Ranked,
            max_choices: "x".into(),
            eligibility: Eligibility::AllMembers,
            allow_change: true,
            opens_at: "2026-12-01T10:00".into(),
            closes_at: "2026-12-08T10:00".into(),
            options: english(&["Jade", "  ", "Moon"]),
        }
    }

    #[test]
    fn blank_options_are_dropped_and_max_choices_only_matters_for_approval() {
        let input = build_poll(&raw(), utc).unwrap();
        assert_eq!(input.question, "Name the tea?");
        assert_eq!(input.options.len(), 2);
        assert_eq!(input.max_choices, None);
        let mut r = raw();
        r.method = PollMethod::Approval;
        assert_eq!(build_poll(&r, utc), Err(Key::FormBadNumber));
        r.max_choices = "2".into();
        assert_eq!(build_poll(&r, utc).unwrap().max_choices, Some(2));
    }

    #[test]
    fn a_poll_needs_two_options_and_valid_times() {
        let mut r = raw();
        r.options = english(&["Only"]);
        assert_eq!(build_poll(&r, utc), Err(Key::FormOptionCount));
        let mut r = raw();
        r.closes_at = "soon".into();
        assert_eq!(build_poll(&r, utc), Err(Key::FormBadDate));
    }

    #[test]
    fn the_other_language_goes_into_translations() {
        let mut r = raw();
        let zh = locale_index(Locale::ZhTw);
        r.texts[zh].question = "茶要叫什麼？".into();
        r.options[0][zh] = "翠玉".into();
        let input = build_poll(&r, utc).unwrap();
        assert_eq!(input.base_locale.as_deref(), Some("en"));
        let t = input.translations.unwrap();
        assert_eq!(t["zh-TW"].len(), 1, "empty texts are left out: {t:?}");
        assert_eq!(t["zh-TW"]["question"], "茶要叫什麼？");
        assert_eq!(
            input.options[0].translations.as_ref().unwrap()["zh-TW"]["label"],
            "翠玉"
        );
        assert!(input.options[1].translations.as_ref().unwrap().is_empty());
    }

    #[test]
    fn the_base_is_a_language_with_every_text() {
        let zh = locale_index(Locale::ZhTw);
        let mut r = raw();
        r.base_locale = Locale::ZhTw;
        r.texts[zh].question = "茶要叫什麼？".into();
        r.texts[zh].product = "冬茶".into();
        // Not every option has a Chinese label: English stays the base.
        r.options[0][zh] = "翠玉".into();
        assert_eq!(
            build_poll(&r, utc).unwrap().base_locale.as_deref(),
            Some("en")
        );
        r.options[2][zh] = "月光".into();
        let input = build_poll(&r, utc).unwrap();
        assert_eq!(input.base_locale.as_deref(), Some("zh-TW"));
        assert_eq!(input.question, "茶要叫什麼？");
        assert_eq!(input.options[1].label, "月光");
        assert_eq!(
            input.options[1].translations.as_ref().unwrap()["en"]["label"],
            "Moon"
        );
        let mut r = raw();
        r.texts[0].product = " ".into();
        assert_eq!(build_poll(&r, utc), Err(Key::FormPollIncomplete));
    }
}
