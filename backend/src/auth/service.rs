//! Register, log in, refresh and log out.

use std::sync::OnceLock;
use std::time::Duration;

use atelier_api::{LoginRequest, RegisterRequest, Role, TokenResponse};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter, Select};

use super::{AuthState, password, refresh};
use crate::config::AuthSettings;
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

/// The user with this email, compared as the unique index `ux_users_email`
/// on `lower(email)` stores it, so PostgreSQL can use that index. Every
/// lookup by email goes through here.
pub fn user_by_email(email: &str) -> Select<user::Entity> {
    use sea_orm::sea_query::ExprTrait;
    user::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(user::Column::Email))).eq(email.to_lowercase()))
}

/// The slow-down for an account with `failures` failed log-ins in its
/// window: none up to `free`, then `base` doubled per further failure,
/// capped at `max`.
pub fn login_delay(failures: u32, free: u32, base: Duration, max: Duration) -> Duration {
    if failures < free.max(1) {
        return Duration::ZERO;
    }
    let doublings = (failures - free.max(1)).min(20);
    base.saturating_mul(1u32 << doublings).min(max)
}

/// A register, log-in or refresh answer: the JSON body, and the refresh token,
/// which travels only in the HttpOnly cookie (see `routes`).
#[derive(Debug)]
pub struct Issued {
    pub body: TokenResponse,
    pub refresh_token: String,
}

fn issued(auth: &AuthState, user: &user::Model, refresh_token: String) -> ApiResult<Issued> {
    let access_token = auth
        .keys
        .issue(user.id, users::role_of(user))
        .map_err(ApiError::internal)?;
    Ok(Issued {
        body: TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: auth.keys.access_ttl_secs,
            user: users::me(user),
        },
        refresh_token,
    })
}

/// A new session (new refresh-token family) for `user`.
pub async fn token_pair(
    db: &impl sea_orm::ConnectionTrait,
    auth: &AuthState,
    user: &user::Model,
    refresh_ttl_days: i64,
) -> ApiResult<Issued> {
    let refresh_token = refresh::issue(db, user.id, refresh_ttl_days).await?;
    issued(auth, user, refresh_token)
}

pub async fn register(
    db: &DatabaseConnection,
    auth: &AuthState,
    refresh_ttl_days: i64,
    ip: &str,
    req: RegisterRequest,
    locale: Option<crate::mail::Locale>,
) -> ApiResult<(Issued, user::Model)> {
    auth.limiter.hit(&auth.rules.register_ip, ip).await?;
    let new = NewUser {
        email: Email::parse(&req.email)?,
        handle: Handle::parse(&req.handle)?,
        display_name: DisplayName::parse(&req.display_name)?,
        role: Role::Member,
        verified: false,
        locale,
    };
    let password = Password::parse(&req.password)?;
    let txn = crate::db::begin_write(db).await?;
    let user = users::create(&txn, new, password).await?;
    let pair = token_pair(&txn, auth, &user, refresh_ttl_days).await?;
    txn.commit().await?;
    Ok((pair, user))
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "email or password is wrong")
}

/// Logs in. Only failures count, and they count twice: per client bucket
/// (`ip`, an IPv4 address or IPv6 /64), which is refused with 429 once past
/// its limit, and per account, which is slowed down (never refused) past
/// its free failures. A stranger's wrong guesses therefore never keep the
/// owner out: the owner's client has no failures of its own, and the right
/// password is checked after at most `login_max_delay`.
pub async fn login(
    db: &DatabaseConnection,
    auth: &AuthState,
    refresh_ttl_days: i64,
    ip: &str,
    req: LoginRequest,
) -> ApiResult<Issued> {
    let rules = &auth.rules;
    let client = auth.limiter.peek(&rules.login_ip, ip).await?;
    if client.count >= rules.login_ip.limit {
        return Err(ApiError::too_many_requests(client.retry_after));
    }
    let email = Email::parse(&req.email).ok();
    let account_key = email.as_ref().map_or_else(
        || req.email.trim().to_lowercase(),
        |e| e.as_str().to_owned(),
    );
    let account = auth
        .limiter
        .peek(&rules.login_account, &account_key)
        .await?;
    let delay = login_delay(
        account.count,
        rules.login_account.limit,
        rules.login_delay_base,
        rules.login_max_delay,
    );
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let found = match &email {
        Some(e) => user_by_email(e.as_str()).one(db).await?,
        None => None,
    };
    // The same work and the same answer whether or not the account exists.
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    let ok = verify_blocking(req.password, hash).await?;
    match found {
        Some(user) if ok => token_pair(db, auth, &user, refresh_ttl_days).await,
        _ => {
            auth.limiter.add(&rules.login_ip, ip).await?;
            auth.limiter.add(&rules.login_account, &account_key).await?;
            Err(invalid_credentials())
        }
    }
}

/// Spends a refresh token for a new pair (or, within the grace, the same
/// successor again with a fresh access token).
pub async fn refresh(
    db: &DatabaseConnection,
    auth: &AuthState,
    settings: &AuthSettings,
    token: &str,
) -> ApiResult<Issued> {
    let rules = refresh::Rotation {
        successor_key: auth.keys.refresh_successor_key(),
        ttl_days: settings.refresh_ttl_days,
        grace_secs: settings.refresh_grace_secs,
    };
    let txn = crate::db::begin_write(db).await?;
    let (user_id, successor) = match refresh::rotate(&txn, rules, token).await {
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
    let answer = issued(auth, &user, successor)?;
    txn.commit().await?;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slow_down_starts_after_the_free_failures_doubles_and_is_capped() {
        let ms = Duration::from_millis;
        let d = |f| login_delay(f, 5, ms(250), ms(5000));
        assert_eq!(d(0), Duration::ZERO);
        assert_eq!(d(4), Duration::ZERO);
        assert_eq!(d(5), ms(250));
        assert_eq!(d(6), ms(500));
        assert_eq!(d(9), ms(4000));
        assert_eq!(d(10), ms(5000));
        assert_eq!(d(u32::MAX), ms(5000));
    }

    #[test]
    fn email_lookups_compare_lower_case_against_the_lower_index() {
        use sea_orm::{DbBackend, QueryTrait};
        let sql = user_by_email("Mei@Example.TEST")
            .build(DbBackend::Postgres)
            .to_string();
        assert!(
            sql.contains(r#"LOWER("email") = 'mei@example.test'"#),
            "{sql}"
        );
    }
}
