//! The reactive locale of the web app: chosen from storage or the browser's
//! languages, switchable in the header, remembered in localStorage and mirrored
//! into `<html lang>`; dates in the reader's conventions. The texts themselves
//! are Fluent messages in the shared `atelier_api::i18n` (`api/locales/`).

use chrono::{DateTime, FixedOffset, Offset, Utc};
use leptos::prelude::*;

pub use atelier_api::i18n::ui::{Key, text};
pub use atelier_api::i18n::{Arg, Locale};
use atelier_api::i18n::{errors, ui};

use crate::browser;

const STORAGE_KEY: &str = "atelier.locale";

/// "1st place", "第 1 名": a winner's place.
pub fn place_label(locale: Locale, place: i32) -> String {
    ui::format(locale, Key::Place, &[("place", place.into())])
}

/// A calendar date in the reader's conventions, at the given UTC offset.
pub fn format_date(locale: Locale, at: &DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.with_timezone(&fixed_offset(offset_minutes));
    match locale {
        Locale::En => local.format("%-d %b %Y").to_string(),
        Locale::ZhTw => local.format("%Y年%-m月%-d日").to_string(),
    }
}

/// Date and time, for logs.
pub fn format_date_time(locale: Locale, at: &DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.with_timezone(&fixed_offset(offset_minutes));
    match locale {
        Locale::En => local.format("%-d %b %Y, %H:%M").to_string(),
        Locale::ZhTw => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
    }
}

fn fixed_offset(minutes: i32) -> FixedOffset {
    FixedOffset::east_opt(minutes.saturating_mul(60)).unwrap_or_else(|| Utc.fix())
}

/// See [`I18n::label`].
pub fn label_text(locale: Locale, key: Key) -> String {
    let text = text(locale, key);
    if text.ends_with(':') {
        format!("{text} ")
    } else {
        text.to_owned()
    }
}

/// See [`I18n::with_colon`].
pub fn with_colon_text(locale: Locale, key: Key) -> String {
    match locale {
        Locale::En => format!("{}: ", text(locale, key)),
        Locale::ZhTw => format!("{}：", text(locale, key)),
    }
}

/// Stands in for a value in [`I18n::fmt_around`]: a private-use character no
/// message contains.
const VALUE_MARK: &str = "\u{E000}";

fn split_around(text: &str) -> (String, String) {
    match text.split_once(VALUE_MARK) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text.to_owned(), String::new()),
    }
}

/// The app's locale; `Copy`, so views capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current locale (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    pub fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
        browser::storage_set(STORAGE_KEY, locale.tag());
    }

    /// The text of `key` in the current locale (tracked).
    pub fn t(self, key: Key) -> &'static str {
        text(self.locale.get(), key)
    }

    /// A reactive text node for views: re-renders when the locale changes.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// `key`'s message with its text variables filled (tracked).
    pub fn fmt(self, key: Key, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|&(n, v)| (n, v.into())).collect();
        self.fmt_args(key, &args)
    }

    /// `key`'s message with variables of any kind; numbers pick plural forms (tracked).
    pub fn fmt_args(self, key: Key, args: &[(&str, Arg<'_>)]) -> String {
        ui::format(self.locale.get(), key, args)
    }

    /// `key`'s message for a count, its `$count` variable (tracked): "1 vote", "3 votes".
    pub fn count(self, key: Key, count: impl Into<Arg<'static>>) -> String {
        self.fmt_args(key, &[("count", count.into())])
    }

    /// A label that ends in a colon, ready for its value to follow: English "By:"
    /// gets a space after it, zh-TW's full-width "作者：" none (tracked).
    pub fn label(self, key: Key) -> String {
        label_text(self.locale.get(), key)
    }

    /// A noun as a label, with the locale's colon: "Theme: " / "主題：" (tracked).
    pub fn with_colon(self, key: Key) -> String {
        with_colon_text(self.locale.get(), key)
    }

    /// `key`'s message split around its variable `var` (tracked): the text before
    /// and after the value, so a view can put the value in an element of its own
    /// (an email address that must not break mid-word, a link).
    pub fn fmt_around(self, key: Key, var: &str) -> (String, String) {
        split_around(&self.fmt(key, &[(var, VALUE_MARK)]))
    }

    /// The message for an API error code, from the same table the server
    /// answers with (tracked); `None` for codes it does not know.
    pub fn error_message(self, code: &str) -> Option<&'static str> {
        errors::message(self.locale.get(), code)
    }

    /// A date in the current locale and the browser's time zone (tracked).
    pub fn date(self, at: &DateTime<Utc>) -> String {
        let offset = browser::utc_offset_minutes(at.timestamp_millis() as f64);
        format_date(self.locale(), at, offset)
    }

    pub fn date_time(self, at: &DateTime<Utc>) -> String {
        let offset = browser::utc_offset_minutes(at.timestamp_millis() as f64);
        format_date_time(self.locale(), at, offset)
    }
}

/// Creates the locale (stored choice, else the browser's languages) and provides it.
pub fn provide_i18n() -> I18n {
    let initial = browser::storage_get(STORAGE_KEY)
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_else(|| {
            let langs = browser::preferred_languages();
            Locale::negotiate(langs.iter().map(String::as_str))
        });
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    Effect::new(move |_| browser::set_document_lang(i18n.locale().tag()));
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Sets the document title to "`key` · Atelier", following the locale.
pub fn use_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| browser::set_document_title(&format!("{} · Atelier", i18n.t(key))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    // The texts, their placeholders, plural forms and locale negotiation are
    // tested with the messages in `atelier_api::i18n`.

    #[test]
    fn places_read_as_ordinals() {
        let en: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .into_iter()
            .map(|n| place_label(Locale::En, n))
            .collect();
        assert_eq!(
            en,
            [
                "1st place",
                "2nd place",
                "3rd place",
                "4th place",
                "11th place",
                "12th place",
                "13th place",
                "21st place",
                "22nd place",
                "101st place"
            ]
        );
        assert_eq!(place_label(Locale::ZhTw, 2), "第 2 名");
    }

    #[test]
    fn labels_get_a_space_in_english_only() {
        assert_eq!(label_text(Locale::En, Key::By), "By: ");
        assert_eq!(label_text(Locale::ZhTw, Key::By), "作者：");
        assert_eq!(
            label_text(Locale::En, Key::Loading),
            text(Locale::En, Key::Loading)
        );
    }

    #[test]
    fn a_message_splits_around_its_value() {
        let text = ui::format(
            Locale::ZhTw,
            Key::UnverifiedBanner,
            &[("email", VALUE_MARK.into())],
        );
        let (before, after) = split_around(&text);
        assert!(before.ends_with("寄到 "), "{before:?}");
        assert!(after.starts_with(" 的連結"), "{after:?}");
        assert_eq!(
            split_around("no mark"),
            ("no mark".to_owned(), String::new())
        );
    }

    #[test]
    fn dates_follow_the_locale_and_offset() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 20, 30, 0).unwrap();
        assert_eq!(format_date(Locale::En, &at, 0), "21 Nov 2026");
        // 20:30 UTC is already the next day in Taipei (UTC+8).
        assert_eq!(format_date(Locale::ZhTw, &at, 8 * 60), "2026年11月22日");
        assert_eq!(
            format_date_time(Locale::En, &at, -5 * 60),
            "21 Nov 2026, 15:30"
        );
    }
}
