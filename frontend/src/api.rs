//! The one typed client for Atelier's HTTP API (`/api/v1`), over the browser's fetch.
//!
//! Every call returns `Result<T, ApiError>`, where `ApiError` carries the server's
//! `{"error":{"code","message"}}`. Authenticated calls take their access token from the
//! [`Session`], which refreshes it when it is about to expire; after a 401 they refresh
//! and retry once.

use std::fmt;

use atelier_api::{
    AuditList, BallotRequest, ChallengeDetail, ChallengeInput, ChallengeList, ChallengeResults,
    ChangeRoleRequest, DecideApplicationRequest, DuplicateFlagList, EntryDetail, EntryPage,
    ErrorBody, ExpertApplication, ExpertApplicationList, ExpertApplicationRequest, InviteRequest,
    InviteResult, LoginRequest, Me, MyEntryList, MyVote, PaletteMatch, PhaseOverrideRequest,
    PickWinnersRequest, Poll, PollInput, PollList, PollResults, PublicProfile, RefreshRequest,
    RegisterRequest, ResolveDuplicateRequest, ReviewFlagRequest, SiteInfo, TokenResponse,
    UpdateEntryRequest, UpdateProfileRequest, UserAdminList, UserAdminView, VerifyEmailRequest,
    VoteFlagList, VoteRequest,
};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::Session;
use crate::upload;

pub const BASE: &str = "/api/v1";

/// A failed call: an error answer from the server, or one of the client-side codes below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status; 0 when no answer arrived.
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// No answer: offline, DNS, CORS, aborted.
    pub const NETWORK: &'static str = "network_error";
    /// An answer whose body was not what the contract says.
    pub const BAD_RESPONSE: &'static str = "bad_response";
    /// An authenticated call without a session (or after it could not be refreshed).
    pub const NOT_LOGGED_IN: &'static str = "not_logged_in";

    pub fn network(err: impl fmt::Display) -> Self {
        ApiError {
            status: 0,
            code: Self::NETWORK.to_owned(),
            message: err.to_string(),
        }
    }

    pub fn bad_response(status: u16, err: impl fmt::Display) -> Self {
        ApiError {
            status,
            code: Self::BAD_RESPONSE.to_owned(),
            message: err.to_string(),
        }
    }

    pub fn not_logged_in() -> Self {
        ApiError {
            status: 401,
            code: Self::NOT_LOGGED_IN.to_owned(),
            message: "not logged in".to_owned(),
        }
    }

    /// Builds the error for a non-2xx answer from its body, which should be an [`ErrorBody`].
    pub fn from_response(status: u16, body: &str) -> Self {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error }) => ApiError {
                status,
                code: error.code,
                message: error.message,
            },
            Err(_) => ApiError {
                status,
                code: format!("http_{status}"),
                message: if body.trim().is_empty() {
                    format!("HTTP {status}")
                } else {
                    body.chars().take(200).collect()
                },
            },
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// A request body that can be sent again (for the retry after a 401).
#[derive(Clone)]
enum Body {
    Empty,
    Json(String),
    Raw {
        data: web_sys::Blob,
        content_type: String,
    },
}

impl Body {
    fn json(value: &impl Serialize) -> Result<Body, ApiError> {
        serde_json::to_string(value)
            .map(Body::Json)
            .map_err(|e| ApiError::bad_response(0, e))
    }
}

/// Percent-encodes a path segment or query value (RFC 3986 unreserved characters pass).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

async fn send(
    method: Method,
    path: &str,
    body: &Body,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(method)
        .header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder
            .header("Content-Type", "application/json")
            .body(json.as_str()),
        Body::Raw { data, content_type } => builder
            .header("Content-Type", content_type)
            .body(data.clone()),
    }
    .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(ApiError::from_response(status, &text))
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let text = response.text().await.map_err(ApiError::network)?;
    serde_json::from_str(&text).map_err(|e| ApiError::bad_response(status, e))
}

async fn public<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    decode(send(method, path, &body, None).await?).await
}

/// An authenticated call: fresh token first, and one refresh-and-retry after a 401.
async fn authed_response(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<Response, ApiError> {
    let token = session.access_token().await?;
    match send(method.clone(), path, &body, Some(&token)).await {
        Err(e) if e.status == 401 => {
            let token = session.token_after_rejection(&token).await?;
            send(method, path, &body, Some(&token)).await
        }
        other => other,
    }
}

async fn authed<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    decode(authed_response(session, method, path, body).await?).await
}

// ---- public -----------------------------------------------------------------

pub async fn site() -> Result<SiteInfo, ApiError> {
    public(Method::GET, "/site", Body::Empty).await
}

pub async fn challenges() -> Result<ChallengeList, ApiError> {
    public(Method::GET, "/challenges", Body::Empty).await
}

pub async fn public_profile(handle: &str) -> Result<PublicProfile, ApiError> {
    let path = format!("/users/{}", encode_component(handle));
    public(Method::GET, &path, Body::Empty).await
}

// ---- auth (used by the session) ------------------------------------------------

pub async fn register(req: &RegisterRequest) -> Result<TokenResponse, ApiError> {
    public(Method::POST, "/auth/register", Body::json(req)?).await
}

pub async fn login(req: &LoginRequest) -> Result<TokenResponse, ApiError> {
    public(Method::POST, "/auth/login", Body::json(req)?).await
}

/// Trades the refresh cookie (HttpOnly: this code never sees it) for a new access token
/// and a new cookie. `legacy_token` is a refresh token an older version of the app kept in
/// localStorage, sent once in the body to move the session into the cookie.
pub async fn refresh(legacy_token: Option<String>) -> Result<TokenResponse, ApiError> {
    let req = RefreshRequest {
        refresh_token: legacy_token,
    };
    public(Method::POST, "/auth/refresh", Body::json(&req)?).await
}

/// Revokes the session behind the refresh cookie and clears the cookie.
pub async fn logout() -> Result<(), ApiError> {
    let body = Body::json(&RefreshRequest::default())?;
    send(Method::POST, "/auth/logout", &body, None)
        .await
        .map(drop)
}

/// Confirms an email address with the token from the mailed link.
pub async fn verify_email(token: &str) -> Result<(), ApiError> {
    let req = VerifyEmailRequest {
        token: token.to_owned(),
    };
    send(Method::POST, "/auth/verify-email", &Body::json(&req)?, None)
        .await
        .map(drop)
}

/// Mails the logged-in member a new verification link.
pub async fn resend_verification(session: Session) -> Result<(), ApiError> {
    authed_response(
        session,
        Method::POST,
        "/auth/resend-verification",
        Body::Empty,
    )
    .await
    .map(drop)
}

// ---- my account ----------------------------------------------------------------

pub async fn me(session: Session) -> Result<Me, ApiError> {
    authed(session, Method::GET, "/me", Body::Empty).await
}

pub async fn update_me(session: Session, req: &UpdateProfileRequest) -> Result<Me, ApiError> {
    authed(session, Method::PATCH, "/me", Body::json(req)?).await
}

/// Uploads the image as the raw request body; the server accepts png, jpeg, webp and gif.
pub async fn upload_avatar(session: Session, image: web_sys::File) -> Result<Me, ApiError> {
    authed(session, Method::PUT, "/me/avatar", raw_image(image)).await
}

pub async fn apply_as_expert(
    session: Session,
    req: &ExpertApplicationRequest,
) -> Result<ExpertApplication, ApiError> {
    authed(
        session,
        Method::POST,
        "/expert-applications",
        Body::json(req)?,
    )
    .await
}

pub async fn my_applications(session: Session) -> Result<ExpertApplicationList, ApiError> {
    authed(
        session,
        Method::GET,
        "/expert-applications/mine",
        Body::Empty,
    )
    .await
}

// ---- staff -----------------------------------------------------------------------

pub async fn pending_applications(session: Session) -> Result<ExpertApplicationList, ApiError> {
    authed(
        session,
        Method::GET,
        "/expert-applications?status=pending",
        Body::Empty,
    )
    .await
}

pub async fn decide_application(
    session: Session,
    id: i64,
    req: &DecideApplicationRequest,
) -> Result<ExpertApplication, ApiError> {
    let path = format!("/expert-applications/{id}/decision");
    authed(session, Method::POST, &path, Body::json(req)?).await
}

pub async fn search_users(session: Session, query: &str) -> Result<UserAdminList, ApiError> {
    let path = if query.trim().is_empty() {
        "/admin/users".to_owned()
    } else {
        format!("/admin/users?q={}", encode_component(query.trim()))
    };
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn change_role(
    session: Session,
    user_id: i64,
    req: &ChangeRoleRequest,
) -> Result<UserAdminView, ApiError> {
    let path = format!("/admin/users/{user_id}/role");
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

/// One page of the audit log, newest first; `before` is the previous page's
/// `next_cursor`.
pub async fn audit_log(session: Session, before: Option<i64>) -> Result<AuditList, ApiError> {
    let path = match before {
        Some(id) => format!("/admin/audit?before={id}"),
        None => "/admin/audit".to_owned(),
    };
    authed(session, Method::GET, &path, Body::Empty).await
}

/// A call that anyone may make, sent with the viewer's token when there is a session, so
/// the answer can include what only they may see (their ballot, "editable", ...).
async fn viewer<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    if session.has_user_untracked() {
        authed(session, method, path, body).await
    } else {
        public(method, path, body).await
    }
}

/// A file fetched with the bearer token, to be saved by the browser.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// From `Content-Disposition`, when the server names the file.
    pub filename: Option<String>,
}

/// The `filename="..."` of a `Content-Disposition` header.
pub fn disposition_filename(header: &str) -> Option<String> {
    header.split(';').map(str::trim).find_map(|part| {
        let value = part.strip_prefix("filename=")?;
        let name = value.trim_matches('"');
        (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
    })
}

/// Paths the server hands out (`/api/v1/...`) relative to [`BASE`].
fn api_path(path: &str) -> &str {
    path.strip_prefix(BASE).unwrap_or(path)
}

/// Fetches a protected file (an original upload, a CSV export) with the bearer token.
pub async fn download(session: Session, path: &str) -> Result<Download, ApiError> {
    let response = authed_response(session, Method::GET, api_path(path), Body::Empty).await?;
    let headers = response.headers();
    let content_type = headers
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let filename = headers
        .get("content-disposition")
        .and_then(|h| disposition_filename(&h));
    let bytes = response.binary().await.map_err(ApiError::network)?;
    Ok(Download {
        bytes,
        content_type,
        filename,
    })
}

fn raw_image(file: web_sys::File) -> Body {
    let content_type = file.type_();
    Body::Raw {
        data: file.into(),
        content_type,
    }
}

// ---- challenges ----------------------------------------------------------------------

pub async fn challenge(session: Session, slug: &str) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}", encode_component(slug));
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// Every challenge, drafts and archived ones included (staff).
pub async fn all_challenges(session: Session) -> Result<ChallengeList, ApiError> {
    authed(session, Method::GET, "/challenges?include=all", Body::Empty).await
}

pub async fn create_challenge(
    session: Session,
    input: &ChallengeInput,
) -> Result<ChallengeDetail, ApiError> {
    authed(session, Method::POST, "/challenges", Body::json(input)?).await
}

pub async fn update_challenge(
    session: Session,
    slug: &str,
    input: &ChallengeInput,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}", encode_component(slug));
    authed(session, Method::PATCH, &path, Body::json(input)?).await
}

pub async fn override_phase(
    session: Session,
    slug: &str,
    req: &PhaseOverrideRequest,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}/phase-override", encode_component(slug));
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

pub async fn upload_cover(
    session: Session,
    slug: &str,
    image: web_sys::File,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}/cover", encode_component(slug));
    authed(session, Method::PUT, &path, raw_image(image)).await
}

/// What a gallery page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GalleryQuery {
    pub rank: bool,
    pub tag: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
    /// The anonymous viewer's shuffle seed (logged-in viewers are shuffled by account).
    pub seed: Option<String>,
}

impl GalleryQuery {
    pub fn to_query_string(&self) -> String {
        let mut parts = vec![format!(
            "sort={}",
            if self.rank { "rank" } else { "newest" }
        )];
        let mut push = |name: &str, value: Option<&str>| {
            if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                parts.push(format!("{name}={}", encode_component(v)));
            }
        };
        push("tag", self.tag.as_deref());
        push("cursor", self.cursor.as_deref());
        push("seed", self.seed.as_deref());
        if let Some(limit) = self.limit {
            parts.push(format!("limit={limit}"));
        }
        parts.join("&")
    }
}

pub async fn gallery(
    session: Session,
    slug: &str,
    query: &GalleryQuery,
) -> Result<EntryPage, ApiError> {
    let path = format!(
        "/challenges/{}/entries?{}",
        encode_component(slug),
        query.to_query_string()
    );
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// How the image matches the palette of a colour challenge, before it is submitted.
pub async fn palette_check(
    session: Session,
    slug: &str,
    image: web_sys::File,
) -> Result<PaletteMatch, ApiError> {
    let path = format!("/challenges/{}/palette-check", encode_component(slug));
    authed(session, Method::POST, &path, raw_image(image)).await
}

/// The text fields of an entry submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryForm {
    pub title: String,
    pub description: String,
    /// Comma-separated, as the server reads them.
    pub tags: String,
}

/// Submits an entry as `multipart/form-data` over XMLHttpRequest, so `on_progress`
/// hears how much of the file has been sent (0.0 to 1.0).
pub async fn submit_entry(
    session: Session,
    slug: &str,
    image: web_sys::File,
    form: &EntryForm,
    on_progress: std::rc::Rc<dyn Fn(f64)>,
) -> Result<EntryDetail, ApiError> {
    let url = format!("{BASE}/challenges/{}/entries", encode_component(slug));
    let fields = [
        ("title", form.title.as_str()),
        ("description", form.description.as_str()),
        ("tags", form.tags.as_str()),
    ];
    let token = session.access_token().await?;
    let sent = upload::post_form(&url, &token, &fields, &image, on_progress.clone()).await;
    let (status, text) = match sent {
        Err(e) if e.status == 401 => {
            let token = session.token_after_rejection(&token).await?;
            upload::post_form(&url, &token, &fields, &image, on_progress).await?
        }
        other => other?,
    };
    serde_json::from_str(&text).map_err(|e| ApiError::bad_response(status, e))
}

// ---- entries ---------------------------------------------------------------------------

pub async fn entry(session: Session, id: i64) -> Result<EntryDetail, ApiError> {
    viewer(session, Method::GET, &format!("/entries/{id}"), Body::Empty).await
}

pub async fn update_entry(
    session: Session,
    id: i64,
    req: &UpdateEntryRequest,
) -> Result<EntryDetail, ApiError> {
    let path = format!("/entries/{id}");
    authed(session, Method::PATCH, &path, Body::json(req)?).await
}

pub async fn withdraw_entry(session: Session, id: i64) -> Result<(), ApiError> {
    let path = format!("/entries/{id}");
    authed_response(session, Method::DELETE, &path, Body::Empty)
        .await
        .map(drop)
}

pub async fn my_entries(session: Session) -> Result<MyEntryList, ApiError> {
    authed(session, Method::GET, "/me/entries", Body::Empty).await
}

pub async fn duplicates(session: Session) -> Result<DuplicateFlagList, ApiError> {
    authed(session, Method::GET, "/staff/duplicates", Body::Empty).await
}

pub async fn resolve_duplicate(
    session: Session,
    entry_id: i64,
    req: &ResolveDuplicateRequest,
) -> Result<(), ApiError> {
    let path = format!("/staff/duplicates/{entry_id}");
    authed_response(session, Method::POST, &path, Body::json(req)?)
        .await
        .map(drop)
}

// ---- voting on entries -----------------------------------------------------------------

pub async fn my_vote(session: Session, entry_id: i64) -> Result<MyVote, ApiError> {
    let path = format!("/entries/{entry_id}/vote");
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn vote(session: Session, entry_id: i64, score: i16) -> Result<MyVote, ApiError> {
    let path = format!("/entries/{entry_id}/vote");
    authed(
        session,
        Method::PUT,
        &path,
        Body::json(&VoteRequest { score })?,
    )
    .await
}

pub async fn results(session: Session, slug: &str) -> Result<ChallengeResults, ApiError> {
    let path = format!("/challenges/{}/results", encode_component(slug));
    viewer(session, Method::GET, &path, Body::Empty).await
}

pub async fn pick_winners(
    session: Session,
    slug: &str,
    req: &PickWinnersRequest,
) -> Result<ChallengeResults, ApiError> {
    let path = format!("/challenges/{}/winners", encode_component(slug));
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

pub async fn vote_flags(session: Session) -> Result<VoteFlagList, ApiError> {
    authed(session, Method::GET, "/staff/vote-flags", Body::Empty).await
}

pub async fn review_flag(
    session: Session,
    id: i64,
    req: &ReviewFlagRequest,
) -> Result<(), ApiError> {
    let path = format!("/staff/vote-flags/{id}");
    authed_response(session, Method::POST, &path, Body::json(req)?)
        .await
        .map(drop)
}

// ---- polls -----------------------------------------------------------------------------

pub async fn polls(session: Session) -> Result<PollList, ApiError> {
    viewer(session, Method::GET, "/polls", Body::Empty).await
}

pub async fn poll(session: Session, id: i64) -> Result<Poll, ApiError> {
    viewer(session, Method::GET, &format!("/polls/{id}"), Body::Empty).await
}

pub async fn create_poll(session: Session, input: &PollInput) -> Result<Poll, ApiError> {
    authed(session, Method::POST, "/polls", Body::json(input)?).await
}

pub async fn cast_ballot(session: Session, id: i64, choices: Vec<i64>) -> Result<Poll, ApiError> {
    let path = format!("/polls/{id}/ballot");
    let body = Body::json(&BallotRequest { choices })?;
    authed(session, Method::PUT, &path, body).await
}

pub async fn invite(
    session: Session,
    id: i64,
    handles: Vec<String>,
) -> Result<InviteResult, ApiError> {
    let path = format!("/polls/{id}/invites");
    authed(
        session,
        Method::POST,
        &path,
        Body::json(&InviteRequest { handles })?,
    )
    .await
}

pub async fn poll_results(session: Session, id: i64) -> Result<PollResults, ApiError> {
    let path = format!("/polls/{id}/results");
    viewer(session, Method::GET, &path, Body::Empty).await
}

pub async fn option_image(
    session: Session,
    poll_id: i64,
    option_id: i64,
    image: web_sys::File,
) -> Result<Poll, ApiError> {
    let path = format!("/polls/{poll_id}/options/{option_id}/image");
    authed(session, Method::PUT, &path, raw_image(image)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_keep_their_code_and_message() {
        let err = ApiError::from_response(
            409,
            r#"{"error":{"code":"handle_taken","message":"That handle is taken"}}"#,
        );
        assert_eq!(err.status, 409);
        assert_eq!(err.code, "handle_taken");
        assert_eq!(err.message, "That handle is taken");
    }

    #[test]
    fn non_json_errors_still_become_api_errors() {
        let err = ApiError::from_response(502, "Bad Gateway");
        assert_eq!(err.code, "http_502");
        assert_eq!(err.message, "Bad Gateway");
        assert_eq!(ApiError::from_response(500, "").message, "HTTP 500");
    }

    #[test]
    fn gallery_queries_leave_out_what_is_unset() {
        let q = GalleryQuery {
            tag: Some(" red lantern ".into()),
            cursor: Some("n42".into()),
            limit: Some(24),
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "sort=newest&tag=red%20lantern&cursor=n42&limit=24"
        );
        let ranked = GalleryQuery {
            rank: true,
            tag: Some("  ".into()),
            seed: Some("abc".into()),
            ..Default::default()
        };
        assert_eq!(ranked.to_query_string(), "sort=rank&seed=abc");
    }

    #[test]
    fn download_names_come_from_content_disposition() {
        assert_eq!(
            disposition_filename(r#"attachment; filename="poll-3-ballots.csv""#).as_deref(),
            Some("poll-3-ballots.csv")
        );
        assert_eq!(disposition_filename("inline"), None);
        assert_eq!(disposition_filename(r#"attachment; filename="../x""#), None);
    }

    #[test]
    fn server_paths_are_made_relative_to_the_api() {
        assert_eq!(
            api_path("/api/v1/entries/3/original"),
            "/entries/3/original"
        );
        assert_eq!(api_path("/entries/3"), "/entries/3");
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("mei-lin_2.0~"), "mei-lin_2.0~");
        assert_eq!(encode_component("a b&c/d"), "a%20b%26c%2Fd");
        assert_eq!(encode_component("美"), "%E7%BE%8E");
    }
}
