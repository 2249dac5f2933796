//! Challenge detail and staff editing.

use crate::{ChallengeStatus, ChallengeSummary, Phase, Theme};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    #[serde(flatten)]
    pub summary: ChallengeSummary,
    /// Markdown source.
    pub brief: String,
    /// The brief rendered to sanitised HTML (safe to insert).
    pub brief_html: String,
    pub rules: ChallengeRules,
    pub prizes: String,
    pub cover_url: Option<String>,
    /// Set when staff overrode the clock-derived phase.
    pub phase_override: Option<Phase>,
    /// Visible entries.
    pub entry_count: u64,
    /// Whether tallies are shown while voting is open.
    pub tallies_during_voting: bool,
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
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseOverrideRequest {
    /// None clears the override and the clock decides again.
    pub phase: Option<Phase>,
    pub reason: String,
}
