//! HTTP handlers for `/api/v1/auth`.
//!
//! The refresh token lives in an HttpOnly, Secure, SameSite=Strict cookie
//! scoped to `/api/v1/auth`, so page scripts never see it. Browsers treat
//! http://localhost and http://127.0.0.1 as secure contexts and keep Secure
//! cookies there, so the flag is always set. The endpoints that read the
//! cookie (refresh, log-out) also check `Origin` against the server's own
//! origin and `http.allowed_origins`; a request carrying the cookie without
//! an `Origin` is refused too. Clients without cookies may send the token in
//! the body instead (`{"refresh_token": ...}`).

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, post, web};
use atelier_api::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse};

use super::{refresh, service};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "atelier_refresh";
/// The only paths the browser sends the cookie to.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(token: String, ttl_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::days(ttl_days))
        .finish()
}

fn removal_cookie() -> Cookie<'static> {
    let mut cookie = refresh_cookie(String::new(), 0);
    cookie.make_removal();
    cookie
}

/// The JSON answer with the refresh token in the cookie, not the body.
fn with_session(
    mut res: HttpResponseBuilder,
    issued: service::Issued,
    ttl_days: i64,
) -> HttpResponse {
    res.cookie(refresh_cookie(issued.refresh_token, ttl_days))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(issued.body)
}

fn csrf_rejected(message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "csrf_rejected", message.to_owned())
}

/// `scheme://host[:port]` compared without case and a trailing slash.
fn normalise_origin(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Refuses cross-site calls: an `Origin` must be this server's own (its host
/// as the request names it) or a configured one, and the refresh cookie is
/// never accepted without an `Origin`. Browsers always send `Origin` on a
/// POST, and page scripts cannot forge it.
fn check_origin(req: &HttpRequest, allowed: &[String]) -> ApiResult<()> {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return match req.cookie(REFRESH_COOKIE) {
            Some(_) => Err(csrf_rejected(
                "a request carrying the session cookie must say where it comes from (Origin)",
            )),
            None => Ok(()),
        };
    };
    let origin = origin
        .to_str()
        .map(normalise_origin)
        .map_err(|_| csrf_rejected("the Origin header is not readable"))?;
    let own_host = req.connection_info().host().to_ascii_lowercase();
    let same_host = origin.split_once("://").is_some_and(|(scheme, authority)| {
        matches!(scheme, "http" | "https") && authority == own_host
    });
    if same_host || allowed.iter().any(|a| normalise_origin(a) == origin) {
        Ok(())
    } else {
        Err(csrf_rejected("cross-site requests may not use the session"))
    }
}

/// The body of refresh and log-out: empty, `{}`, or `{"refresh_token": ...}`.
fn parse_refresh_body(body: &[u8]) -> ApiResult<RefreshRequest> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(RefreshRequest::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("invalid_json", format!("invalid JSON body: {e}")))
}

/// The token from the body (clients without cookies), else from the cookie.
fn presented_token(req: &HttpRequest, body: RefreshRequest) -> Option<String> {
    body.refresh_token
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .filter(|t| !t.is_empty())
}

use crate::client_ip::client_bucket;
/// Kept here for callers that import it from this module.
pub use crate::client_ip::client_ip;

/// Creates a member account and logs it in, and mails a verification link
/// (in the language of `Accept-Language`, or English and zh-TW).
#[utoipa::path(
    post,
    path = "/api/v1/auth/register",
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = TokenResponse, description = "logged in; the refresh token is set as the HttpOnly cookie `atelier_refresh` (Path=/api/v1/auth, Secure, SameSite=Strict)"),
        (status = 409, body = atelier_api::ErrorBody, description = "`account_exists`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_email`, `invalid_handle`, `invalid_display_name`, `weak_password`"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`, with Retry-After")
    )
)]
#[post("/auth/register")]
#[tracing::instrument(skip(state, req, body), fields(handle = %body.handle))]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let ttl = state.settings.auth.refresh_ttl_days;
    let (issued, user) = service::register(
        &state.db,
        &state.auth,
        ttl,
        &client_bucket(&req),
        body.into_inner(),
        super::verify::request_locale(&req),
    )
    .await?;
    super::verify::send_in_background(state, user);
    Ok(with_session(HttpResponse::Created(), issued, ttl))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse, description = "logged in; the refresh token is set as the HttpOnly cookie `atelier_refresh`"),
        (status = 401, body = atelier_api::ErrorBody, description = "`invalid_credentials` (same for unknown email and wrong password)"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`, with Retry-After")
    )
)]
#[post("/auth/login")]
#[tracing::instrument(skip(state, req, body))]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let ttl = state.settings.auth.refresh_ttl_days;
    let issued = service::login(
        &state.db,
        &state.auth,
        ttl,
        &client_bucket(&req),
        body.into_inner(),
    )
    .await?;
    Ok(with_session(HttpResponse::Ok(), issued, ttl))
}

/// Spends the refresh token (the cookie, or `refresh_token` in the body) for
/// a new access token and a new refresh cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    request_body(content = RefreshRequest, description = "`{}` from browsers (the cookie carries the token); clients without cookies put the token here"),
    responses(
        (status = 200, body = TokenResponse, description = "the successor refresh token is set as the cookie; the same token presented again within `auth.refresh_grace_secs` gets the same successor"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_json`"),
        (status = 401, body = atelier_api::ErrorBody, description = "`invalid_refresh_token`, `refresh_token_expired`, `refresh_token_reused` (the family is revoked)"),
        (status = 403, body = atelier_api::ErrorBody, description = "`csrf_rejected`: a foreign `Origin`, or the cookie without an `Origin`")
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(skip(state, req, body))]
pub async fn refresh_tokens(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    check_origin(&req, &state.settings.http.allowed_origins)?;
    let body = parse_refresh_body(&body)?;
    let token = presented_token(&req, body).ok_or_else(|| {
        ApiError::unauthorized("invalid_refresh_token", "no refresh token was presented")
    })?;
    let auth = &state.settings.auth;
    let issued = service::refresh(&state.db, &state.auth, auth, &token).await?;
    Ok(with_session(
        HttpResponse::Ok(),
        issued,
        auth.refresh_ttl_days,
    ))
}

/// Revokes the refresh token's whole family and clears the cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    request_body(content = RefreshRequest, description = "`{}` from browsers; clients without cookies put the token here"),
    responses(
        (status = 204, description = "logged out; the cookie is cleared"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_json`"),
        (status = 403, body = atelier_api::ErrorBody, description = "`csrf_rejected`")
    )
)]
#[post("/auth/logout")]
#[tracing::instrument(skip(state, req, body))]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    check_origin(&req, &state.settings.http.allowed_origins)?;
    let body = parse_refresh_body(&body)?;
    if let Some(token) = presented_token(&req, body) {
        refresh::revoke(&state.db, &token).await?;
    }
    Ok(HttpResponse::NoContent().cookie(removal_cookie()).finish())
}
