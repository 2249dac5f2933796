//! Accounts: sign-up, log-in and tokens, profiles, roles, expert
//! applications and the audit log.

use crate::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    /// May create templates: a verified expert, staff, or a member staff
    /// approved as a creator.
    #[serde(default)]
    pub can_publish_templates: bool,
    /// Holds the finance permission: sees every creator's earnings, runs
    /// and approves payouts, records product sales (admins always do).
    #[serde(default)]
    pub finance: bool,
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
    /// The entry's id: the work is at `/entries/{id}`.
    pub id: i64,
    pub title: String,
    pub challenge_slug: String,
    /// The challenge's title in the requested language.
    #[serde(default)]
    pub challenge_title: String,
    /// 1, 2, 3... when it won a place (results published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winner_place: Option<i32>,
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
    /// The field of expertise, when making someone an expert without a
    /// pending application (their badge shows it); a pending application's
    /// own field is used otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Characters in an expert application's bio (trimmed): the shared rules.
pub const EXPERT_BIO_MIN: usize = crate::rules::EXPERT_BIO_MIN_CHARS;
pub const EXPERT_BIO_MAX: usize = crate::rules::BIO_MAX_CHARS;
/// Characters in a field of expertise (trimmed).
pub const EXPERT_FIELD_MIN: usize = 2;
pub const EXPERT_FIELD_MAX: usize = 80;

/// The roles `actor` may give or take away: admins every role, staff only
/// member and expert, nobody else any. The server refuses the rest; the
/// users page lists only these.
pub fn grantable_roles(actor: Role) -> &'static [Role] {
    match actor {
        Role::Admin => &Role::ALL,
        Role::Staff => &[Role::Member, Role::Expert],
        Role::Member | Role::Expert => &[],
    }
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
    /// Staff approved the member as a template creator.
    #[serde(default)]
    pub creator: bool,
    /// Holds the finance permission (admins always do).
    #[serde(default)]
    pub finance: bool,
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
