//! Votes on entries, results, winners and integrity flags.

use crate::{ChallengeSummary, EntryCard};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRequest {
    /// 1 to 5 stars.
    pub score: i16,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyVote {
    pub entry_id: i64,
    /// None when the viewer has not voted on this entry.
    pub score: Option<i16>,
    /// Whether the viewer may vote on it now (phase, ownership, account age).
    pub can_vote: bool,
}

/// One entry's place in the ranking.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedEntry {
    pub rank: u32,
    pub entry: EntryCard,
    pub votes: i64,
    /// Plain mean of the scores (0 with no votes).
    pub mean: f64,
    /// Bayesian average used for the ranking.
    pub score: f64,
    /// 1, 2, 3... when staff picked it as a winner.
    pub winner_place: Option<i32>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChallengeResults {
    pub challenge: ChallengeSummary,
    /// Winners in place order (staff's picks).
    pub winners: Vec<RankedEntry>,
    pub ranking: Vec<RankedEntry>,
    /// How the ranking is computed (English; the app shows its own
    /// translation).
    pub method: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickWinnersRequest {
    /// Entry ids, first place first.
    pub entries: Vec<i64>,
    pub reason: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteFlag {
    pub id: i64,
    /// `new_account_burst` or `shared_ip`.
    pub kind: String,
    /// `challenge:<slug>` or `poll:<id>`.
    pub scope: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub reviewed: bool,
    pub resolution: Option<String>,
    /// Votes staff discounted behind this flag (left out of the ranking).
    #[serde(default)]
    pub discounted_votes: u64,
}

/// What staff decide about an integrity flag.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagDecision {
    /// Reviewed; the votes keep counting.
    #[default]
    Dismiss,
    /// The votes behind the flag no longer count in the ranking.
    Discount,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteFlagList {
    pub items: Vec<VoteFlag>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFlagRequest {
    /// The reason (3-500 characters), recorded in the audit log.
    pub resolution: String,
    #[serde(default)]
    pub decision: FlagDecision,
}
