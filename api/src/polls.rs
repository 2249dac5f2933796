//! Co-creation polls: options, ballots, results and runoff rounds.

use crate::Translations;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollMethod {
    /// One option.
    Single,
    /// Up to `max_choices` options.
    Approval,
    /// Options in order of preference, counted by instant runoff.
    Ranked,
}

impl PollMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PollMethod::Single => "single",
            PollMethod::Approval => "approval",
            PollMethod::Ranked => "ranked",
        }
    }

    pub fn parse(s: &str) -> Option<PollMethod> {
        [PollMethod::Single, PollMethod::Approval, PollMethod::Ranked]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    AllMembers,
    Invited,
}

impl Eligibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Eligibility::AllMembers => "all_members",
            Eligibility::Invited => "invited",
        }
    }

    pub fn parse(s: &str) -> Option<Eligibility> {
        [Eligibility::AllMembers, Eligibility::Invited]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollState {
    Scheduled,
    Open,
    Closed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOptionInput {
    pub label: String,
    /// The label in other languages: `{"zh-TW": {"label": "..."}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub translations: Option<Translations>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollInput {
    pub question: String,
    /// The product the poll is about (a name, a package...).
    pub product: String,
    pub description: String,
    pub method: PollMethod,
    /// For approval: how many options a ballot may approve (default: all).
    pub max_choices: Option<i32>,
    pub eligibility: Eligibility,
    /// Whether a ballot may be replaced until the poll closes.
    pub allow_change: bool,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub options: Vec<PollOptionInput>,
    /// The language of question, product, description and the option
    /// labels: `en` or `zh-TW` (on create `en` by default; on an edit, left
    /// out, it stays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_locale: Option<String>,
    /// Question, product and description in other languages, e.g.
    /// `{"zh-TW": {"question": "...", "description": "..."}}`, checked like
    /// the base fields. An edit replaces the whole definition, translations
    /// included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub translations: Option<Translations>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    pub id: i64,
    /// In the request's language (or the base text when it has none).
    pub label: String,
    pub image_url: Option<String>,
    /// Staff only: the label in every language it is written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub texts: Option<Translations>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    pub id: i64,
    pub question: String,
    pub product: String,
    pub description: String,
    pub method: PollMethod,
    pub max_choices: i32,
    pub eligibility: Eligibility,
    pub allow_change: bool,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub state: PollState,
    pub options: Vec<PollOption>,
    /// The viewer's ballot (option ids, in order for ranked polls).
    pub my_ballot: Option<Vec<i64>>,
    /// Whether the viewer may cast (or replace) a ballot now.
    pub can_vote: bool,
    /// The language the base texts are written in; question, product,
    /// description and labels above are in the request's language where
    /// staff wrote them in it.
    pub base_locale: String,
    /// Staff only: question, product and description in every language
    /// they are written in, the base language included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HashMap<String, HashMap<String, String>>>))]
    pub texts: Option<Translations>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollList {
    pub items: Vec<Poll>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRequest {
    /// Option ids: one for single, up to max_choices for approval, in order
    /// of preference for ranked (a partial ranking is allowed).
    pub choices: Vec<i64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    pub handles: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResult {
    pub invited: Vec<String>,
    pub unknown: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    pub option_id: i64,
    pub label: String,
    pub votes: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunoffRound {
    pub round: u32,
    /// Continuing options and their votes this round.
    pub counts: Vec<OptionCount>,
    /// Ballots with no continuing option left.
    pub exhausted: u64,
    /// The option eliminated after this round, if any.
    pub eliminated: Option<i64>,
    /// Whether the elimination had to break a tie for last place.
    pub tie_break: bool,
    /// The options tied for last place (empty without a tie).
    #[serde(default)]
    pub tied: Vec<i64>,
    /// How that tie was broken (absent without a tie).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_break_rule: Option<TieBreak>,
}

/// How a tie was broken: a stable code, explained in both languages.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Ranked: of the options tied for last, the one with fewer votes in
    /// the latest earlier round where they differed is eliminated.
    EarlierRounds,
    /// A reproducible draw: each tied option's number is the SHA-256 (hex)
    /// of `"{draw_seed}:{option_id}"`; the lowest number wins (ranked: the
    /// highest is eliminated).
    Draw,
}

impl TieBreak {
    pub fn as_str(self) -> &'static str {
        match self {
            TieBreak::EarlierRounds => "earlier_rounds",
            TieBreak::Draw => "draw",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    pub poll_id: i64,
    pub method: PollMethod,
    pub ballots: u64,
    /// Single and approval: votes per option. Ranked: first preferences.
    pub counts: Vec<OptionCount>,
    /// Ranked only: each instant-runoff round.
    pub rounds: Vec<RunoffRound>,
    pub winner: Option<i64>,
    /// Whether the winner came out of a tie: single and approval, options
    /// sharing the most votes; ranked, every continuing option tied in the
    /// round before the win.
    #[serde(default)]
    pub tied: bool,
    /// The options in that tie (the winner among them); empty without one.
    #[serde(default)]
    pub tied_options: Vec<i64>,
    /// How that tie was broken (absent without a tie).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_break: Option<TieBreak>,
    /// The seed of any draw: the hex SHA-256 of the poll id and its ballots
    /// sorted (see `draw_seed` in the backend), so anyone holding the ballot
    /// export can recompute it; fixed only once the last ballot is in.
    #[serde(default)]
    pub draw_seed: String,
    /// How ties are broken.
    pub rules: String,
}
