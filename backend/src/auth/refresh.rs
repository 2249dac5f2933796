//! Long-lived opaque refresh tokens. Only their SHA-256 is stored. Each use
//! spends the token and issues a successor in the same family; presenting a
//! spent (or revoked) token again revokes the whole family, which logs out a
//! thief and the victim alike until the victim logs in again.
//!
//! Grace: the same token presented again within `auth.refresh_grace_secs` of
//! being spent (two tabs refreshing at once, a response lost on the way) gets
//! the same successor back instead of revoking the family. The successor is
//! not stored anywhere in clear: it is HMAC-SHA256(server subkey, spent
//! token's hash), so the server can re-derive it from the spent row alone,
//! while a copy of the database (which holds only hashes) cannot. The spent
//! row records which row holds the successor (`replaced_by_id`), so only a
//! successor that is still live is ever handed out again.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
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

/// The successor of the token whose hash is `spent_hash`: unpredictable
/// without `key`, and the same every time it is derived.
fn successor_of(key: &[u8; 32], spent_hash: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(spent_hash.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    token: &str,
    user_id: i64,
    family: String,
    ttl_days: i64,
) -> ApiResult<refresh_token::Model> {
    let now = Utc::now();
    Ok(refresh_token::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family),
        token_hash: Set(hash_token(token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(ttl_days)),
        used_at: Set(None),
        revoked_at: Set(None),
        replaced_by_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Stores a new token for `user_id` in a new family (a log-in).
pub async fn issue<C: ConnectionTrait>(db: &C, user_id: i64, ttl_days: i64) -> ApiResult<String> {
    let token = new_token();
    insert(
        db,
        &token,
        user_id,
        uuid::Uuid::new_v4().to_string(),
        ttl_days,
    )
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

fn reused() -> ApiError {
    ApiError::unauthorized(
        "refresh_token_reused",
        "this refresh token was already used; all sessions from it are revoked",
    )
}

/// How long a spent token may be presented again for the same successor.
#[derive(Debug, Clone, Copy)]
pub struct Rotation<'a> {
    pub successor_key: &'a [u8; 32],
    pub ttl_days: i64,
    pub grace_secs: i64,
}

/// Spends `token` and returns (user id, successor token). Within the grace
/// the same token returns the same successor; otherwise a spent or revoked
/// token revokes its family.
pub async fn rotate<C: ConnectionTrait>(
    db: &C,
    rules: Rotation<'_>,
    token: &str,
) -> ApiResult<(i64, String)> {
    let hash = hash_token(token);
    let now = Utc::now();
    // Claim first: the write lock taken here serialises concurrent spenders
    // (a row lock on PostgreSQL, the write lock on SQLite), so the loser's
    // read below sees the winner's committed successor.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::TokenHash.eq(&hash))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(&hash))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if claimed.rows_affected == 1 {
        let successor = successor_of(rules.successor_key, &row.token_hash);
        let next = insert(
            db,
            &successor,
            row.user_id,
            row.family_id.clone(),
            rules.ttl_days,
        )
        .await?;
        refresh_token::ActiveModel {
            id: Set(row.id),
            replaced_by_id: Set(Some(next.id)),
            ..Default::default()
        }
        .update(db)
        .await?;
        return Ok((row.user_id, successor));
    }
    if row.revoked_at.is_none() && row.used_at.is_none() {
        return Err(ApiError::unauthorized(
            "refresh_token_expired",
            "the refresh token has expired; log in again",
        ));
    }
    if let Some(successor) = within_grace(db, rules, &row).await? {
        tracing::info!(user_id = row.user_id, family = %row.family_id, "refresh token presented again within the grace; same successor");
        return Ok((row.user_id, successor));
    }
    revoke_family(db, &row.family_id).await?;
    tracing::warn!(user_id = row.user_id, family = %row.family_id, "refresh token reused; family revoked");
    Err(reused())
}

/// The successor of a token spent less than the grace ago, if that
/// successor is still live.
async fn within_grace<C: ConnectionTrait>(
    db: &C,
    rules: Rotation<'_>,
    row: &refresh_token::Model,
) -> ApiResult<Option<String>> {
    let now = Utc::now();
    let (Some(used_at), None, Some(next_id)) = (row.used_at, row.revoked_at, row.replaced_by_id)
    else {
        return Ok(None);
    };
    if now - used_at > Duration::seconds(rules.grace_secs) {
        return Ok(None);
    }
    let successor = successor_of(rules.successor_key, &row.token_hash);
    let live = refresh_token::Entity::find_by_id(next_id)
        .one(db)
        .await?
        .is_some_and(|next| {
            next.token_hash == hash_token(&successor)
                && next.used_at.is_none()
                && next.revoked_at.is_none()
                && next.expires_at > now
        });
    Ok(live.then_some(successor))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_are_stable_per_token_and_key() {
        let key = [7u8; 32];
        let a = successor_of(&key, &hash_token("one"));
        assert_eq!(a, successor_of(&key, &hash_token("one")));
        assert_ne!(a, successor_of(&key, &hash_token("two")));
        assert_ne!(a, successor_of(&[8u8; 32], &hash_token("one")));
        // As long and as opaque as a fresh token.
        assert_eq!(a.len(), new_token().len());
    }
}
