//! Challenge detail and staff editing, and the shape of staff-written
//! content in several languages (used by polls too).

use std::collections::BTreeMap;

use crate::{ChallengeStatus, ChallengeSummary, Phase, Theme};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The languages staff write content in (BCP 47 tags). Reads answer in the
/// one `Accept-Language` asks for (any `zh...` reads `zh-TW`, anything else
/// `en`); a text missing in it falls back to the base text.
pub const CONTENT_LOCALES: [&str; 2] = ["en", "zh-TW"];

/// Staff-written texts by language: locale (`en`, `zh-TW`) -> field (the
/// base field's name: `title`, `brief`, `label`...) -> text, e.g.
/// `{"zh-TW": {"title": "元宵燈籠", "brief": "..."}}`.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRules {
    pub entries_per_member: i32,
    /// Any of `jpeg`, `png`, `webp`, `gif`.
    pub accepted_formats: Vec<String>,
    pub min_width: i32,
    pub min_height: i32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeDetail {
    /// The summary's fields (`cover_url` among them) sit at the top level.
    #[serde(flatten)]
    pub summary: ChallengeSummary,
    /// Markdown source.
    pub brief: String,
    /// The brief rendered to sanitised HTML (safe to insert).
    pub brief_html: String,
    pub rules: ChallengeRules,
    pub prizes: String,
    /// Set when staff overrode the clock-derived phase.
    pub phase_override: Option<Phase>,
    /// Visible entries.
    pub entry_count: u64,
    /// Whether tallies are shown while voting is open.
    pub tallies_during_voting: bool,
    /// The language the base text (title, brief, prizes) is written in.
    pub base_locale: String,
    /// For a logged-in caller: how many of their entries hold one of the
    /// `rules.entries_per_member` places (a withdrawn entry frees its place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_entries: Option<u32>,
    /// The largest image file an entry may be, in bytes
    /// (`media.max_upload_bytes`), so the browser can check it first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_upload_bytes: Option<u64>,
    /// Staff only: title, brief and prizes in every language they are
    /// written in, the base language included (what the edit form shows).
    /// The fields above are resolved to the request's language instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub texts: Option<Translations>,
}

/// Create (all fields required but `palette`, `rules`, `prizes`, `status`) or
/// edit (every field optional) a challenge.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeInput {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub brief: Option<String>,
    pub theme: Option<Theme>,
    pub palette: Option<Vec<String>>,
    pub status: Option<ChallengeStatus>,
    pub rules: Option<ChallengeRules>,
    pub prizes: Option<String>,
    pub submissions_open_at: Option<DateTime<Utc>>,
    pub voting_open_at: Option<DateTime<Utc>>,
    pub voting_close_at: Option<DateTime<Utc>>,
    pub results_at: Option<DateTime<Utc>>,
    /// Show vote tallies while voting is open (default: hidden until results).
    pub tallies_during_voting: Option<bool>,
    /// Why, when an edit changes phase times or tally visibility (audited;
    /// 422 `reason_required` without one). Ignored otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The language of `title`, `brief` and `prizes`: `en` (the default on
    /// create) or `zh-TW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_locale: Option<String>,
    /// The texts in other languages, e.g. `{"zh-TW": {"title": "...",
    /// "brief": "...", "prizes": "..."}}`, checked like the base fields. On
    /// an edit, a field given replaces its translation and an empty one
    /// removes it (the base text is shown instead); fields left out stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub translations: Option<Translations>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseOverrideRequest {
    /// None clears the override and the clock decides again.
    pub phase: Option<Phase>,
    pub reason: String,
}
