//! The JSON contract of Atelier's HTTP API (`/api/v1`).
//!
//! Shared by the backend (which serialises these types) and the WASM frontend
//! (which deserialises them), so the two can never disagree on a field name.
//! This crate depends on serde, chrono and Fluent only: no actix, no sea-orm.
//! [`i18n`] holds the translations both sides show.

mod accounts;
mod challenges;
mod entries;
mod orders;
mod polls;
#[macro_use]
mod templates;
mod ledger;
mod voting;

pub use accounts::*;
pub use challenges::*;
pub use entries::*;
pub use ledger::*;
pub use orders::*;
pub use polls::*;
pub use templates::*;
pub use voting::*;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod audit;
pub mod i18n;
pub mod rules;

/// Body of every error response: `{"error":{"code":"...","message":"..."}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code such as `not_found` or `invalid_credentials`.
    pub code: String,
    /// Human-readable explanation, in the language the request's
    /// `Accept-Language` asked for (English or Traditional Chinese; the
    /// response's `Content-Language` says which).
    pub message: String,
    /// When the server knows more than the code says: the attribute of the
    /// code's message in `errors.ftl` that says it (`too-short`, `limit`,
    /// `formats`...). A client shows that attribute, filled from `args`, in
    /// its own language; without it, the code's general message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The values of the variables of `reason`'s message (`min`, `limit`...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, ErrorArg>,
}

/// A value in [`ErrorDetail::args`]: a whole number (limits, counts, sizes)
/// or a text (a list of formats, a field name).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorArg {
    Number(i64),
    Text(String),
}

impl ErrorDetail {
    /// The message for a reader of `locale`: `reason`'s attribute filled from
    /// `args`, else the code's general message, else (a code the tables do
    /// not know, such as a proxy's) the message that came with it.
    pub fn localised(&self, locale: i18n::Locale) -> String {
        localised_error(locale, &self.code, self.reason.as_deref(), &self.args)
            .unwrap_or_else(|| self.message.clone())
    }
}

/// The message of error `code` in `locale`, with `reason`'s attribute filled
/// from `args` when it has one; `None` for a code without a message.
pub fn localised_error(
    locale: i18n::Locale,
    code: &str,
    reason: Option<&str>,
    args: &BTreeMap<String, ErrorArg>,
) -> Option<String> {
    let args: Vec<(&str, i18n::Arg<'_>)> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                ErrorArg::Number(n) => i18n::Arg::from(*n),
                ErrorArg::Text(t) => i18n::Arg::from(t),
            };
            (name.as_str(), value)
        })
        .collect();
    i18n::errors::render(locale, code, reason, &args)
}

/// What the server says about itself; the home page shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub version: String,
    /// Counts shown on the home page.
    pub members: u64,
    pub challenges: u64,
    /// Members must confirm their email before voting, casting ballots or
    /// submitting (the app then reminds unverified members).
    #[serde(default)]
    pub email_verification_required: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Expert,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Expert, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Expert => "expert",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Staff and admins curate and moderate.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Holiday,
    Topic,
    Colour,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Holiday => "holiday",
            Theme::Topic => "topic",
            Theme::Colour => "colour",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        [Theme::Holiday, Theme::Topic, Theme::Colour]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    Draft,
    Published,
    Archived,
}

impl ChallengeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeStatus::Draft => "draft",
            ChallengeStatus::Published => "published",
            ChallengeStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<ChallengeStatus> {
        [
            ChallengeStatus::Draft,
            ChallengeStatus::Published,
            ChallengeStatus::Archived,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// Where a challenge stands, derived from the clock and its phase times.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before submissions open.
    Upcoming,
    /// Members may submit entries.
    Submissions,
    /// Members may vote on entries.
    Voting,
    /// Voting closed, results not yet published.
    Closed,
    /// Results published.
    Results,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Upcoming => "upcoming",
            Phase::Submissions => "submissions",
            Phase::Voting => "voting",
            Phase::Closed => "closed",
            Phase::Results => "results",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        [
            Phase::Upcoming,
            Phase::Submissions,
            Phase::Voting,
            Phase::Closed,
            Phase::Results,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub theme: Theme,
    /// Hex colours such as `#c0392b`; empty unless the theme is `colour`.
    pub palette: Vec<String>,
    pub status: ChallengeStatus,
    pub phase: Phase,
    pub submissions_open_at: DateTime<Utc>,
    pub voting_open_at: DateTime<Utc>,
    pub voting_close_at: DateTime<Utc>,
    pub results_at: DateTime<Utc>,
    /// The cover image staff uploaded (`/api/v1/media/covers/...`), if any.
    #[serde(default)]
    pub cover_url: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeList {
    pub items: Vec<ChallengeSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_wire_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Phase::parse("voting"), Some(Phase::Voting));
        assert_eq!(Phase::parse("nope"), None);
        assert_eq!(Theme::parse("colour"), Some(Theme::Colour));
        assert_eq!(
            ChallengeStatus::parse("draft"),
            Some(ChallengeStatus::Draft)
        );
        assert_eq!(
            ApplicationStatus::parse("rejected"),
            Some(ApplicationStatus::Rejected)
        );
    }

    #[test]
    fn only_staff_and_admin_are_staff() {
        assert!(!Role::Member.is_staff());
        assert!(!Role::Expert.is_staff());
        assert!(Role::Staff.is_staff());
        assert!(Role::Admin.is_staff());
    }
}
