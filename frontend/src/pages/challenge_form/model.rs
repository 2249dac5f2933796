//! The challenge form's fields as typed, turned into a `ChallengeInput`
//! (or the first problem found), and the slug suggested from the title.

use crate::browser;
use crate::components::time::browser_local_input;
use crate::i18n::Key;
use atelier_api::{ChallengeDetail, ChallengeInput, ChallengeRules, ChallengeStatus, Phase, Theme};
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

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChallenge {
    pub slug: String,
    pub title: String,
    pub brief: String,
    pub theme: Theme,
    pub palette: Vec<String>,
    pub status: ChallengeStatus,
    pub entries_per_member: String,
    pub formats: Vec<String>,
    pub min_width: String,
    pub min_height: String,
    pub prizes: String,
    /// `datetime-local` values: submissions open, voting opens, voting closes, results.
    pub times: [String; 4],
    pub tallies_during_voting: bool,
}

/// Checks what the browser can check and builds the request; `to_utc` reads a
/// `datetime-local` value in the browser's time zone.
pub fn build_input(
    raw: &RawChallenge,
    to_utc: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Result<ChallengeInput, Key> {
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
        title: Some(raw.title.trim().to_owned()),
        brief: Some(raw.brief.clone()),
        theme: Some(raw.theme),
        palette: Some(palette),
        status: Some(raw.status),
        rules: Some(ChallengeRules {
            entries_per_member,
            accepted_formats: raw.formats.clone(),
            min_width,
            min_height,
        }),
        prizes: Some(raw.prizes.trim().to_owned()),
        submissions_open_at: submissions,
        voting_open_at: voting_open,
        voting_close_at: voting_close,
        results_at: results,
        tallies_during_voting: Some(raw.tallies_during_voting),
        reason: None,
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

pub(super) fn defaults() -> RawChallenge {
    // Next whole hour, then two weeks of submissions, a week of voting.
    let start = browser::next_whole_hour();
    let at = |days: i64| browser_local_input(&(start + Duration::days(days)));
    RawChallenge {
        slug: String::new(),
        title: String::new(),
        brief: String::new(),
        theme: Theme::Topic,
        palette: vec!["#a3391f".to_owned()],
        status: ChallengeStatus::Draft,
        entries_per_member: "3".to_owned(),
        formats: vec!["jpeg".to_owned(), "png".to_owned(), "webp".to_owned()],
        min_width: "0".to_owned(),
        min_height: "0".to_owned(),
        prizes: String::new(),
        times: [at(0), at(14), at(21), at(23)],
        tallies_during_voting: false,
    }
}

pub(super) fn from_detail(d: &ChallengeDetail) -> RawChallenge {
    let c = &d.summary;
    RawChallenge {
        slug: c.slug.clone(),
        title: c.title.clone(),
        brief: d.brief.clone(),
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
        prizes: d.prizes.clone(),
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
            title: " Winter tea ".into(),
            brief: "Brief".into(),
            theme: Theme::Topic,
            palette: vec!["#ABCDEF".into()],
            status: ChallengeStatus::Published,
            entries_per_member: "2".into(),
            formats: vec!["jpeg".into()],
            min_width: "0".into(),
            min_height: "100".into(),
            prizes: "".into(),
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
    fn slugs_are_suggested_from_titles() {
        assert_eq!(
            suggest_slug("Lunar New Year: Lanterns!"),
            "lunar-new-year-lanterns"
        );
        assert_eq!(suggest_slug("  月餅 Box 2027 "), "box-2027");
    }
}
