//! Long-lived opaque refresh tokens. Only their SHA-256 is stored. Each use
//! spends the token and issues a successor in the same family; presenting a
//! spent (or revoked) token again revokes the whole family, which logs out a
//! thief and the victim alike until the victim logs in again.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entities::refresh_token;
use crate::error::{ApiError, ApiResult};

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Stores a new token for `user_id` in `family` (a new family when None).
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    family: Option<String>,
    ttl_days: i64,
) -> ApiResult<String> {
    let token = new_token();
    let now = Utc::now();
    refresh_token::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(ttl_days)),
        used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn revoke_family<C: ConnectionTrait>(db: &C, family: &str) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

fn invalid() -> ApiError {
    ApiError::unauthorized("invalid_refresh_token", "the refresh token is not valid")
}

/// Spends `token`; returns (user id, family) for issuing its successor.
pub async fn spend<C: ConnectionTrait>(db: &C, token: &str) -> ApiResult<(i64, String)> {
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.revoked_at.is_some() {
        revoke_family(db, &row.family_id).await?;
        tracing::warn!(user_id = row.user_id, family = %row.family_id, "refresh token reused; family revoked");
        return Err(ApiError::unauthorized(
            "refresh_token_reused",
            "this refresh token was already used; all sessions from it are revoked",
        ));
    }
    if row.expires_at <= Utc::now() {
        return Err(ApiError::unauthorized(
            "refresh_token_expired",
            "the refresh token has expired; log in again",
        ));
    }
    // Only one concurrent spender wins; the loser is treated as reuse.
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if spent.rows_affected != 1 {
        revoke_family(db, &row.family_id).await?;
        return Err(ApiError::unauthorized(
            "refresh_token_reused",
            "this refresh token was already used; all sessions from it are revoked",
        ));
    }
    Ok((row.user_id, row.family_id))
}

/// Log-out: revokes the token's family. Unknown tokens are ignored so
/// log-out always succeeds.
pub async fn revoke<C: ConnectionTrait>(db: &C, token: &str) -> ApiResult<()> {
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
    {
        revoke_family(db, &row.family_id).await?;
    }
    Ok(())
}
