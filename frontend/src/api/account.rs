//! Signing up and in, the session's refresh, and the member's own account.

use super::{
    ApiError, Body, authed, authed_response, encode_component, public, send, upload_image,
};
use crate::session::Session;
use atelier_api::{
    ExpertApplication, ExpertApplicationList, ExpertApplicationRequest, LoginRequest, Me,
    PublicProfile, RefreshRequest, RegisterRequest, TokenResponse, UpdateProfileRequest,
    VerifyEmailRequest,
};
use gloo_net::http::Method;

pub async fn public_profile(handle: &str) -> Result<PublicProfile, ApiError> {
    let path = format!("/users/{}", encode_component(handle));
    public(Method::GET, &path, Body::Empty).await
}

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

pub async fn me(session: Session) -> Result<Me, ApiError> {
    authed(session, Method::GET, "/me", Body::Empty).await
}

pub async fn update_me(session: Session, req: &UpdateProfileRequest) -> Result<Me, ApiError> {
    authed(session, Method::PATCH, "/me", Body::json(req)?).await
}

/// Uploads the avatar (as every image, a form with the image in `file`); the server
/// accepts png, jpeg, webp and gif.
pub async fn upload_avatar(session: Session, image: web_sys::File) -> Result<Me, ApiError> {
    upload_image(session, Method::PUT, "/me/avatar", &image).await
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
