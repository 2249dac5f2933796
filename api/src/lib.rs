//! The JSON contract of Atelier's HTTP API (`/api/v1`).
//!
//! Shared by the backend (which serialises these types) and the WASM frontend
//! (which deserialises them), so the two can never disagree on a field name.
//! This crate depends on serde, chrono and Fluent only: no actix, no sea-orm.
//! [`i18n`] holds the translations both sides show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod i18n;

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
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeList {
    pub items: Vec<ChallengeSummary>,
}

// ---- accounts -------------------------------------------------------------

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub email: String,
    pub handle: String,
    pub display_name: String,
    pub password: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshRequest {
    /// For clients without cookies: the value of the `atelier_refresh`
    /// cookie. Browsers send `{}` and the cookie does the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// Answer to register, log-in and refresh. The refresh token is not in the
/// body: it comes as the HttpOnly cookie `atelier_refresh` (Path=/api/v1/auth).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: Me,
}

/// The logged-in user's own view of their account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub bio: String,
    pub avatar_url: Option<String>,
    /// Field of expertise when the user is a verified expert.
    pub expert_field: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Whether the member confirmed their email address (the mailed link).
    #[serde(default)]
    pub email_verified: bool,
}

/// The token from the verification link (`/verify-email?token=...`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// What anyone may see of a user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub bio: String,
    pub avatar_url: Option<String>,
    /// Set for verified experts: shown as a badge.
    pub expert_field: Option<String>,
    pub joined_at: DateTime<Utc>,
    /// The user's public work, newest first.
    pub works: Vec<WorkSummary>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkSummary {
    pub id: i64,
    pub title: String,
    pub challenge_slug: String,
    pub thumbnail_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateProfileRequest {
    pub display_name: Option<String>,
    pub bio: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertApplicationRequest {
    pub bio: String,
    pub portfolio_links: Vec<String>,
    pub field: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicationStatus> {
        [
            ApplicationStatus::Pending,
            ApplicationStatus::Approved,
            ApplicationStatus::Rejected,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertApplication {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub bio: String,
    pub portfolio_links: Vec<String>,
    pub field: String,
    pub status: ApplicationStatus,
    /// Staff's reason, given with a decision.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertApplicationList {
    pub items: Vec<ExpertApplication>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideApplicationRequest {
    pub approve: bool,
    /// Required when rejecting.
    pub reason: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRoleRequest {
    pub role: Role,
}

/// A user as staff see it in the user administration list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAdminView {
    pub id: i64,
    pub email: String,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAdminList {
    pub items: Vec<UserAdminView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_handle: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditList {
    pub items: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<i64>,
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

// ---- challenges (detail and staff editing) ---------------------------------

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

// ---- entries -------------------------------------------------------------

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Visible,
    Hidden,
    Withdrawn,
    Disqualified,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Visible => "visible",
            EntryStatus::Hidden => "hidden",
            EntryStatus::Withdrawn => "withdrawn",
            EntryStatus::Disqualified => "disqualified",
        }
    }

    pub fn parse(s: &str) -> Option<EntryStatus> {
        [
            EntryStatus::Visible,
            EntryStatus::Hidden,
            EntryStatus::Withdrawn,
            EntryStatus::Disqualified,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DominantColour {
    pub hex: String,
    /// Share of the image, 0..1.
    pub share: f32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColourMatch {
    pub colour: String,
    pub share: f32,
    pub nearest: String,
    /// CIE colour difference to the nearest palette colour.
    pub delta_e: f32,
}

/// How close an image's dominant colours are to a challenge palette.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaletteMatch {
    /// 0 (unrelated) to 100 (exactly the palette).
    pub score: u8,
    pub matches: Vec<ColourMatch>,
    /// One sentence on how the score is computed.
    pub explanation: String,
}

/// An entry as a gallery card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryCard {
    pub id: i64,
    pub title: String,
    pub author_handle: String,
    pub author_display_name: String,
    pub thumbnail_url: String,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryPage {
    pub items: Vec<EntryCard>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub id: i64,
    pub challenge_slug: String,
    pub challenge_title: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub status: EntryStatus,
    pub author_handle: String,
    pub author_display_name: String,
    pub display_url: String,
    pub display_width: u32,
    pub display_height: u32,
    pub thumbnail_url: String,
    /// Only for the author and staff: `GET` it with the bearer token.
    pub original_url: Option<String>,
    pub width: u32,
    pub height: u32,
    pub colours: Vec<DominantColour>,
    /// For colour-theme challenges.
    pub palette_match: Option<PaletteMatch>,
    pub is_mine: bool,
    /// The author may still edit or withdraw it.
    pub editable: bool,
    /// Staff only: a near-duplicate of this earlier entry is suspected.
    pub duplicate_of: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateEntryRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyEntry {
    pub entry: EntryCard,
    pub challenge_slug: String,
    pub challenge_title: String,
    pub status: EntryStatus,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyEntryList {
    pub items: Vec<MyEntry>,
}

/// A suspected near-duplicate for staff review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateFlag {
    pub entry: EntryCard,
    pub original: EntryCard,
    /// Hamming distance of the perceptual hashes (0 = identical).
    pub distance: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateFlagList {
    pub items: Vec<DuplicateFlag>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveDuplicateRequest {
    /// true: the entry is disqualified; false: the flag is cleared.
    pub disqualify: bool,
    pub reason: String,
}

// ---- voting on entries ---------------------------------------------------

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
    /// How the ranking is computed.
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

// ---- co-creation polls ----------------------------------------------------

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
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    pub id: i64,
    pub label: String,
    pub image_url: Option<String>,
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
    /// How ties are broken.
    pub rules: String,
}
