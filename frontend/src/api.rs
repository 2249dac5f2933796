//! The one typed client for Atelier's HTTP API (`/api/v1`), over the browser's fetch.
//!
//! Every call returns `Result<T, ApiError>`, where `ApiError` carries the server's
//! `{"error":{"code","message"}}`. Authenticated calls take their access token from the
//! [`Session`], which refreshes it when it is about to expire; after a 401 they refresh
//! and retry once.

use std::fmt;

use atelier_api::{
    AuditList, ChallengeList, ChangeRoleRequest, DecideApplicationRequest, ErrorBody,
    ExpertApplication, ExpertApplicationList, ExpertApplicationRequest, LoginRequest, Me,
    PublicProfile, RefreshRequest, RegisterRequest, SiteInfo, TokenResponse, UpdateProfileRequest,
    UserAdminList, UserAdminView,
};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::Session;

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

pub async fn refresh(req: &RefreshRequest) -> Result<TokenResponse, ApiError> {
    public(Method::POST, "/auth/refresh", Body::json(req)?).await
}

pub async fn logout(req: &RefreshRequest) -> Result<(), ApiError> {
    send(Method::POST, "/auth/logout", &Body::json(req)?, None)
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
    let content_type = image.type_();
    let body = Body::Raw {
        data: image.into(),
        content_type,
    };
    authed(session, Method::PUT, "/me/avatar", body).await
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

pub async fn audit_log(session: Session) -> Result<AuditList, ApiError> {
    authed(session, Method::GET, "/admin/audit", Body::Empty).await
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
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("mei-lin_2.0~"), "mei-lin_2.0~");
        assert_eq!(encode_component("a b&c/d"), "a%20b%26c%2Fd");
        assert_eq!(encode_component("美"), "%E7%BE%8E");
    }
}
