//! Email verification: a random token per mail, of which only the SHA-256 is
//! stored; the link `<public url>/verify-email?token=...` marks the account
//! verified. When verification is required (`auth.require_email_verification`,
//! by default whenever SMTP is configured) unverified members may not vote,
//! cast ballots or submit entries: `require_verified` is the one check.

use actix_web::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::refresh::hash_token;
use crate::config::Settings;
use crate::entities::{email_verification, user};
use crate::error::{ApiError, ApiResult};
use crate::mail::{Locale, OutgoingMail, verification_mail};
use crate::state::AppState;

/// 403 `email_unverified` when verification is required and `user` has not
/// confirmed their address yet.
pub fn require_verified(settings: &Settings, user: &user::Model) -> ApiResult<()> {
    if settings.email_verification_required() && user.email_verified_at.is_none() {
        return Err(ApiError::forbidden(
            "confirm your email address first (use the link we mailed you)",
        )
        .code("email_unverified"));
    }
    Ok(())
}

/// The language of a request, from `Accept-Language`.
pub fn request_locale(req: &HttpRequest) -> Option<Locale> {
    crate::i18n::preferred_locale(req)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn issue<C: ConnectionTrait>(db: &C, user_id: i64, ttl_hours: i64) -> ApiResult<String> {
    let token = new_token();
    let now = Utc::now();
    email_verification::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(ttl_hours)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub fn link(public_url: &str, token: &str) -> String {
    format!(
        "{}/verify-email?token={token}",
        public_url.trim_end_matches('/')
    )
}

/// Creates a token for `user` and mails the link (or logs it without SMTP).
pub async fn send(state: &AppState, user: &user::Model) -> anyhow::Result<()> {
    // Bounded so a mistyped setting cannot overflow the expiry time.
    let ttl = state
        .settings
        .auth
        .email_verification_ttl_hours
        .clamp(0, 24 * 365);
    let token = issue(&state.db, user.id, ttl)
        .await
        .map_err(|e| anyhow::anyhow!("storing the verification token: {e}"))?;
    let base = state
        .settings
        .http
        .public_url
        .clone()
        .unwrap_or_else(|| state.settings.public_url(state.settings.http.port));
    let locale = user.locale.as_deref().and_then(Locale::from_tag);
    let (subject, body) = verification_mail(locale, &user.display_name, &link(&base, &token), ttl);
    state
        .mailer
        .send(&OutgoingMail {
            to: user.email.clone(),
            to_name: user.display_name.clone(),
            subject,
            body,
        })
        .await
}

/// After registration: mails the link in the background, so a slow relay
/// does not hold up the answer. A failure is logged; the member can ask for
/// another mail.
pub fn send_in_background(state: actix_web::web::Data<AppState>, user: user::Model) {
    tokio::spawn(async move {
        if let Err(e) = send(&state, &user).await {
            tracing::warn!(user_id = user.id, error = %format!("{e:#}"), "could not send the verification mail");
        }
    });
}

fn invalid() -> ApiError {
    ApiError::bad_request(
        "verification_invalid",
        "this verification link is not valid; ask for a new one",
    )
}

/// Marks the token's account verified. Using a token again is a no-op.
pub async fn verify(db: &sea_orm::DatabaseConnection, token: &str) -> ApiResult<()> {
    let token = token.trim();
    if token.is_empty() || token.len() > 200 {
        return Err(invalid());
    }
    let txn = crate::db::begin_write(db).await?;
    let row = email_verification::Entity::find()
        .filter(email_verification::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() {
        return Ok(());
    }
    let now = Utc::now();
    if row.expires_at <= now {
        return Err(ApiError::new(
            actix_web::http::StatusCode::GONE,
            "verification_expired",
            "this verification link has expired; ask for a new one",
        ));
    }
    let user_id = row.user_id;
    let mut am: email_verification::ActiveModel = row.into();
    am.used_at = Set(Some(now));
    am.update(&txn).await?;
    let u = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if u.email_verified_at.is_none() {
        let mut am: user::ActiveModel = u.into();
        am.email_verified_at = Set(Some(now));
        am.updated_at = Set(now);
        am.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Mails a fresh link to a logged-in member who is not verified yet.
pub async fn resend(state: &AppState, user: &user::Model) -> ApiResult<()> {
    if user.email_verified_at.is_some() {
        return Err(ApiError::conflict(
            "already_verified",
            "your email address is already confirmed",
        ));
    }
    state
        .resend_limiter
        .hit(&format!("resend:{}", user.id))
        .map_err(ApiError::too_many_requests)?;
    send(state, user).await.map_err(|e| {
        ApiError::unavailable("mail_unavailable", "the mail could not be sent; try later")
            .with_source(e)
    })
}

/// Confirms an email address with the token from the mailed link.
#[utoipa::path(
    post,
    path = "/api/v1/auth/verify-email",
    tag = "auth",
    request_body = atelier_api::VerifyEmailRequest,
    responses(
        (status = 204, description = "verified (also when the token was used before)"),
        (status = 400, body = atelier_api::ErrorBody, description = "`verification_invalid`"),
        (status = 410, body = atelier_api::ErrorBody, description = "`verification_expired`")
    )
)]
#[actix_web::post("/auth/verify-email")]
#[tracing::instrument(skip(state, body))]
pub async fn verify_email(
    state: actix_web::web::Data<AppState>,
    body: actix_web::web::Json<atelier_api::VerifyEmailRequest>,
) -> ApiResult<actix_web::HttpResponse> {
    verify(&state.db, &body.token).await?;
    Ok(actix_web::HttpResponse::NoContent().finish())
}

/// Mails the logged-in member a new verification link.
#[utoipa::path(
    post,
    path = "/api/v1/auth/resend-verification",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "a new link was mailed"),
        (status = 401, body = atelier_api::ErrorBody),
        (status = 409, body = atelier_api::ErrorBody, description = "`already_verified`"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`, with Retry-After"),
        (status = 503, body = atelier_api::ErrorBody, description = "`mail_unavailable`")
    )
)]
#[actix_web::post("/auth/resend-verification")]
#[tracing::instrument(skip(state, user), fields(user_id = user.id()))]
pub async fn resend_verification(
    state: actix_web::web::Data<AppState>,
    user: super::CurrentUser,
) -> ApiResult<actix_web::HttpResponse> {
    resend(&state, &user.user).await?;
    Ok(actix_web::HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_the_public_url_and_the_token() {
        assert_eq!(
            link("https://a.example/", "abc"),
            "https://a.example/verify-email?token=abc"
        );
    }
}
