//! The challenge form's fields as typed (title, brief and prizes in each
//! language), turned into a `ChallengeInput` (or the first problem found),
//! and the slug suggested from the title.

use std::collections::BTreeMap;

use crate::browser;
use crate::components::locale_index;
use crate::components::time::browser_local_input;
use crate::i18n::{Key, Locale};
use atelier_api::{
    ChallengeDetail, ChallengeInput, ChallengeRules, ChallengeStatus, Phase, Theme, Translations,
};
use chrono::{DateTime, Duration, Utc};

pub const FORMATS: [&str; 4] = ["jpeg", "png", "webp", "gif"];

pub const MAX_PALETTE: usize = 8;

pub(super) const THEMES: [Theme; 3] = [Theme::Holiday, Theme::Topic, Theme::Colour];

pub(super) const STATUSES: [ChallengeStatus; 3] = [
    ChallengeStatus::Draft,
    ChallengeStatus::Published,
    ChallengeStatus::Archived,
];

pub(super) const PHASES: [Phase; 5] = [
    Phase::Upcoming,
    Phase::Submissions,
    Phase::Voting,
    Phase::Closed,
    Phase::Results,
];

/// What staff write in one language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawText {
    pub title: String,
    pub brief: String,
    pub prizes: String,
}

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChallenge {
    pub slug: String,
    /// Title, brief and prizes per language, in [`Locale::ALL`] order.
    pub texts: [RawText; 2],
    /// The language the texts were first written in (kept when it has a title).
    pub base_locale: Locale,
    pub theme: Theme,
    pub palette: Vec<String>,
    pub status: ChallengeStatus,
    pub entries_per_member: String,
    pub formats: Vec<String>,
    pub min_width: String,
    pub min_height: String,
    /// `datetime-local` values: submissions open, voting opens, voting closes, results.
    pub times: [String; 4],
    pub tallies_during_voting: bool,
}

/// The base language: the one the texts were written in first while it has
/// a title, else the first that has one.
fn base_locale(raw: &RawChallenge) -> Option<Locale> {
    let titled = |l: &Locale| !raw.texts[locale_index(*l)].title.trim().is_empty();
    std::iter::once(raw.base_locale)
        .chain(Locale::ALL)
        .find(titled)
}

/// The texts of every language but the base one; empty ones tell the server
/// to drop a translation written before.
fn translations(raw: &RawChallenge, base: Locale) -> Translations {
    Locale::ALL
        .into_iter()
        .filter(|l| *l != base)
        .map(|l| {
            let t = &raw.texts[locale_index(l)];
            let fields = BTreeMap::from([
                ("title".to_owned(), t.title.trim().to_owned()),
                ("brief".to_owned(), t.brief.clone()),
                ("prizes".to_owned(), t.prizes.trim().to_owned()),
            ]);
            (l.tag().to_owned(), fields)
        })
        .collect()
}

/// Checks what the browser can check and builds the request; `to_utc` reads a
/// `datetime-local` value in the browser's time zone.
pub fn build_input(
    raw: &RawChallenge,
    to_utc: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Result<ChallengeInput, Key> {
    let base = base_locale(raw).ok_or(Key::FormTitleMissing)?;
    let text = &raw.texts[locale_index(base)];
    let number = |s: &str| s.trim().parse::<i32>().map_err(|_| Key::FormBadNumber);
    let entries_per_member = number(&raw.entries_per_member)?;
    let min_width = number(&raw.min_width)?;
    let min_height = number(&raw.min_height)?;
    if raw.formats.is_empty() {
        return Err(Key::FormNoFormats);
    }
    let palette = if raw.theme == Theme::Colour {
        if raw.palette.is_empty() || raw.palette.len() > MAX_PALETTE {
            return Err(Key::FormPaletteSize);
        }
        raw.palette.iter().map(|c| c.to_lowercase()).collect()
    } else {
        Vec::new()
    };
    let mut times = [None; 4];
    for (slot, value) in times.iter_mut().zip(&raw.times) {
        *slot = Some(to_utc(value).ok_or(Key::FormBadDate)?);
    }
    let [submissions, voting_open, voting_close, results] = times;
    Ok(ChallengeInput {
        slug: Some(raw.slug.trim().to_lowercase()),
        title: Some(text.title.trim().to_owned()),
        brief: Some(text.brief.clone()),
        theme: Some(raw.theme),
        palette: Some(palette),
        status: Some(raw.status),
        rules: Some(ChallengeRules {
            entries_per_member,
            accepted_formats: raw.formats.clone(),
            min_width,
            min_height,
        }),
        prizes: Some(text.prizes.trim().to_owned()),
        submissions_open_at: submissions,
        voting_open_at: voting_open,
        voting_close_at: voting_close,
        results_at: results,
        tallies_during_voting: Some(raw.tallies_during_voting),
        reason: None,
        base_locale: Some(base.tag().to_owned()),
        translations: Some(translations(raw, base)),
    })
}

/// A slug suggested from the title: lower-case ASCII words joined by `-`.
pub fn suggest_slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(60).collect()
}

/// A new challenge, written first in `base` (the staff member's language).
pub(super) fn defaults(base: Locale) -> RawChallenge {
    // Next whole hour, then two weeks of submissions, a week of voting.
    let start = browser::next_whole_hour();
    let at = |days: i64| browser_local_input(&(start + Duration::days(days)));
    RawChallenge {
        slug: String::new(),
        texts: Default::default(),
        base_locale: base,
        theme: Theme::Topic,
        palette: vec!["#a3391f".to_owned()],
        status: ChallengeStatus::Draft,
        entries_per_member: "3".to_owned(),
        formats: vec!["jpeg".to_owned(), "png".to_owned(), "webp".to_owned()],
        min_width: "0".to_owned(),
        min_height: "0".to_owned(),
        times: [at(0), at(14), at(21), at(23)],
        tallies_during_voting: false,
    }
}

/// The texts of a challenge in each language: what staff wrote (`texts`),
/// or, without it, the texts shown as the base language's.
fn texts_of(d: &ChallengeDetail, base: Locale) -> [RawText; 2] {
    Locale::ALL.map(|l| match &d.texts {
        Some(all) => {
            let field = |name: &str| {
                all.get(l.tag())
                    .and_then(|fields| fields.get(name))
                    .cloned()
                    .unwrap_or_default()
            };
            RawText {
                title: field("title"),
                brief: field("brief"),
                prizes: field("prizes"),
            }
        }
        None if l == base => RawText {
            title: d.summary.title.clone(),
            brief: d.brief.clone(),
            prizes: d.prizes.clone(),
        },
        None => RawText::default(),
    })
}

pub(super) fn from_detail(d: &ChallengeDetail) -> RawChallenge {
    let c = &d.summary;
    let base = Locale::from_tag(&d.base_locale).unwrap_or(Locale::En);
    RawChallenge {
        slug: c.slug.clone(),
        texts: texts_of(d, base),
        base_locale: base,
        theme: c.theme,
        palette: if c.palette.is_empty() {
            vec!["#a3391f".to_owned()]
        } else {
            c.palette.clone()
        },
        status: c.status,
        entries_per_member: d.rules.entries_per_member.to_string(),
        formats: d.rules.accepted_formats.clone(),
        min_width: d.rules.min_width.to_string(),
        min_height: d.rules.min_height.to_string(),
        times: [
            browser_local_input(&c.submissions_open_at),
            browser_local_input(&c.voting_open_at),
            browser_local_input(&c.voting_close_at),
            browser_local_input(&c.results_at),
        ],
        tallies_during_voting: d.tallies_during_voting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn raw() -> RawChallenge {
        RawChallenge {
            slug: " Winter-Tea ".into(),
            texts: [
                RawText {
                    title: " Winter tea ".into(),
                    brief: "Brief".into(),
                    prizes: "".into(),
                },
                RawText::default(),
            ],
            base_locale: Locale::En,
            theme: Theme::Topic,
            palette: vec!["#ABCDEF".into()],
            status: ChallengeStatus::Published,
            entries_per_member: "2".into(),
            formats: vec!["jpeg".into()],
            min_width: "0".into(),
            min_height: "100".into(),
            times: [
                "2026-12-01T10:00".into(),
                "2026-12-10T10:00".into(),
                "2026-12-15T10:00".into(),
                "2026-12-16T10:00".into(),
            ],
            tallies_during_voting: false,
        }
    }

    // Reads the value as UTC+8 (Taipei).
    fn taipei(value: &str) -> Option<DateTime<Utc>> {
        let t = crate::components::time::parse_local_input(value)?;
        Some(Utc.from_utc_datetime(&(t - Duration::hours(8))))
    }

    #[test]
    fn times_are_sent_in_utc() {
        let input = build_input(&raw(), taipei).unwrap();
        assert_eq!(
            input.submissions_open_at,
            Some(Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap())
        );
        assert_eq!(input.slug.as_deref(), Some("winter-tea"));
        assert_eq!(input.title.as_deref(), Some("Winter tea"));
        // Only colour challenges carry a palette.
        assert_eq!(input.palette, Some(vec![]));
        assert_eq!(input.rules.unwrap().min_height, 100);
    }

    #[test]
    fn colour_challenges_need_a_palette() {
        let mut r = raw();
        r.theme = Theme::Colour;
        assert_eq!(
            build_input(&r, taipei).unwrap().palette,
            Some(vec!["#abcdef".to_owned()])
        );
        r.palette.clear();
        assert_eq!(build_input(&r, taipei), Err(Key::FormPaletteSize));
    }

    #[test]
    fn bad_numbers_dates_and_formats_are_caught_here() {
        let mut r = raw();
        r.entries_per_member = "two".into();
        assert_eq!(build_input(&r, taipei), Err(Key::FormBadNumber));
        let mut r = raw();
        r.times[2] = "".into();
        assert_eq!(build_input(&r, taipei), Err(Key::FormBadDate));
        let mut r = raw();
        r.formats.clear();
        assert_eq!(build_input(&r, taipei), Err(Key::FormNoFormats));
    }

    #[test]
    fn texts_go_to_the_base_fields_and_the_translations() {
        let mut r = raw();
        r.texts[locale_index(Locale::ZhTw)] = RawText {
            title: " 冬茶 ".into(),
            brief: "說明".into(),
            prizes: "".into(),
        };
        let input = build_input(&r, taipei).unwrap();
        assert_eq!(input.base_locale.as_deref(), Some("en"));
        assert_eq!(input.title.as_deref(), Some("Winter tea"));
        let zh = &input.translations.as_ref().unwrap()["zh-TW"];
        assert_eq!(zh["title"], "冬茶");
        assert_eq!(zh["brief"], "說明");
        assert_eq!(zh["prizes"], "", "an empty text drops a translation");
        assert!(!input.translations.unwrap().contains_key("en"));
    }

    #[test]
    fn the_base_language_is_one_with_a_title() {
        let mut r = raw();
        r.base_locale = Locale::ZhTw;
        // Written in English only: English is the base after all.
        assert_eq!(
            build_input(&r, taipei).unwrap().base_locale.as_deref(),
            Some("en")
        );
        r.texts[locale_index(Locale::ZhTw)].title = "冬茶".into();
        let input = build_input(&r, taipei).unwrap();
        assert_eq!(input.base_locale.as_deref(), Some("zh-TW"));
        assert_eq!(input.title.as_deref(), Some("冬茶"));
        assert_eq!(input.translations.unwrap()["en"]["title"], "Winter tea");
        for t in &mut r.texts {
            t.title = "  ".into();
        }
        assert_eq!(build_input(&r, taipei), Err(Key::FormTitleMissing));
    }

    #[test]
    fn slugs_are_suggested_from_titles() {
        assert_eq!(
            suggest_slug("Lunar New Year: Lanterns!"),
            "lunar-new-year-lanterns"
        );
        assert_eq!(suggest_slug("  月餅 Box 2027 "), "box-2027");
    }
}
