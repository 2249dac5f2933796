//! Register, log in, refresh and log out.

use std::sync::OnceLock;

use atelier_api::{LoginRequest, RegisterRequest, Role, TokenResponse};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

use super::{AuthState, password, refresh};
use crate::entities::user;
use crate::error::{ApiError, ApiResult};
use crate::users::domain::{DisplayName, Email, Handle, Password};
use crate::users::service::{self as users, NewUser};

/// Runs argon2 off the async executor; without a stored hash (unknown
/// account) it verifies against the dummy hash so both cases cost the same.
async fn verify_blocking(password: String, hash: Option<String>) -> ApiResult<bool> {
    tokio::task::spawn_blocking(move || {
        let hash = hash.as_deref().unwrap_or_else(|| dummy_hash());
        password::verify(&password, hash)
    })
    .await
    .map_err(ApiError::internal)
}

/// A real argon2id hash of a random password: unknown emails are verified
/// against it so they take as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        password::hash(&uuid::Uuid::new_v4().to_string()).unwrap_or_else(|_| {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2x8b3cDNbF3jGXqBwCmOlJbqNOpwIlOVgTGlp1V2Bno".to_owned()
        })
    })
}

fn rate_limit(auth: &AuthState, key: &str) -> ApiResult<()> {
    auth.limiter.hit(key).map_err(ApiError::too_many_requests)
}

pub async fn token_pair(
    db: &impl sea_orm::ConnectionTrait,
    auth: &AuthState,
    user: &user::Model,
    family: Option<String>,
    refresh_ttl_days: i64,
) -> ApiResult<TokenResponse> {
    let refresh_token = refresh::issue(db, user.id, family, refresh_ttl_days).await?;
    let access_token = auth
        .keys
        .issue(user.id, users::role_of(user))
        .map_err(ApiError::internal)?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: auth.keys.access_ttl_secs,
        refresh_token,
        user: users::me(user),
    })
}

pub async fn register(
    db: &DatabaseConnection,
    auth: &AuthState,
    refresh_ttl_days: i64,
    ip: &str,
    req: RegisterRequest,
    locale: Option<crate::mail::Locale>,
) -> ApiResult<(TokenResponse, user::Model)> {
    rate_limit(auth, &format!("register:ip:{ip}"))?;
    let new = NewUser {
        email: Email::parse(&req.email)?,
        handle: Handle::parse(&req.handle)?,
        display_name: DisplayName::parse(&req.display_name)?,
        role: Role::Member,
        verified: false,
        locale,
    };
    let password = Password::parse(&req.password)?;
    let txn = db.begin().await?;
    let user = users::create(&txn, new, password).await?;
    let pair = token_pair(&txn, auth, &user, None, refresh_ttl_days).await?;
    txn.commit().await?;
    Ok((pair, user))
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "email or password is wrong")
}

pub async fn login(
    db: &DatabaseConnection,
    auth: &AuthState,
    refresh_ttl_days: i64,
    ip: &str,
    req: LoginRequest,
) -> ApiResult<TokenResponse> {
    rate_limit(auth, &format!("login:ip:{ip}"))?;
    let email = Email::parse(&req.email).ok();
    let account_key = email.as_ref().map_or_else(
        || req.email.trim().to_lowercase(),
        |e| e.as_str().to_owned(),
    );
    rate_limit(auth, &format!("login:account:{account_key}"))?;
    let found = match &email {
        Some(e) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(e.as_str()))
                .one(db)
                .await?
        }
        None => None,
    };
    // The same work and the same answer whether or not the account exists.
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    let ok = verify_blocking(req.password, hash).await?;
    match found {
        Some(user) if ok => token_pair(db, auth, &user, None, refresh_ttl_days).await,
        _ => Err(invalid_credentials()),
    }
}

pub async fn refresh(
    db: &DatabaseConnection,
    auth: &AuthState,
    refresh_ttl_days: i64,
    token: &str,
) -> ApiResult<TokenResponse> {
    let txn = db.begin().await?;
    let spent = refresh::spend(&txn, token).await;
    let (user_id, family) = match spent {
        Ok(v) => v,
        Err(e) => {
            // A detected reuse revoked the family inside the transaction: keep that.
            txn.commit().await?;
            return Err(e);
        }
    };
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| {
            ApiError::unauthorized("invalid_refresh_token", "the account no longer exists")
        })?;
    let pair = token_pair(&txn, auth, &user, Some(family), refresh_ttl_days).await?;
    txn.commit().await?;
    Ok(pair)
}
