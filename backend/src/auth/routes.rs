//! HTTP handlers for `/api/v1/auth`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use atelier_api::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse};

use super::{refresh, service};
use crate::app::AppState;
use crate::error::ApiResult;

/// The peer address. Forwarded headers are not trusted: a client could set
/// them to dodge the per-IP limit.
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Creates a member account and logs it in, and mails a verification link
/// (in the language of `Accept-Language`, or English and zh-TW).
#[utoipa::path(
    post,
    path = "/api/v1/auth/register",
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = TokenResponse),
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
    let (pair, user) = service::register(
        &state.db,
        &state.auth,
        state.settings.auth.refresh_ttl_days,
        &client_ip(&req),
        body.into_inner(),
        super::verify::request_locale(&req),
    )
    .await?;
    super::verify::send_in_background(state, user);
    Ok(HttpResponse::Created().json(pair))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
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
    let pair = service::login(
        &state.db,
        &state.auth,
        state.settings.auth.refresh_ttl_days,
        &client_ip(&req),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Spends a refresh token for a new access + refresh pair.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = atelier_api::ErrorBody, description = "`invalid_refresh_token`, `refresh_token_expired`, `refresh_token_reused` (the family is revoked)")
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(skip(state, body))]
pub async fn refresh_tokens(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let pair = service::refresh(
        &state.db,
        &state.auth,
        state.settings.auth.refresh_ttl_days,
        &body.refresh_token,
    )
    .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Revokes the refresh token's whole family.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "logged out"))
)]
#[post("/auth/logout")]
#[tracing::instrument(skip(state, body))]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    refresh::revoke(&state.db, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}
