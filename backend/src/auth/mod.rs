//! Authentication: argon2id passwords, JWT access tokens, rotating refresh
//! tokens, the `CurrentUser` extractor and role guards, attempt limits.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod rate_limit;
pub mod refresh;
pub mod routes;
pub mod service;
pub mod verify;

use std::time::Duration;

pub use extract::{CurrentUser, MaybeUser};
use rate_limit::{KeyHasher, Limiter, Rule};
use sea_orm::DatabaseConnection;

use crate::config::{RateLimitStore, Settings};

/// The limits on attempts, from the settings.
pub struct LimitRules {
    /// Failed log-ins per client bucket; past the limit that client is refused.
    pub login_ip: Rule,
    /// Failed log-ins per account; past `limit` attempts on it are slowed.
    pub login_account: Rule,
    pub login_delay_base: Duration,
    pub login_max_delay: Duration,
    /// Registrations per client bucket.
    pub register_ip: Rule,
    /// Palette checks per account.
    pub palette_check: Rule,
}

impl LimitRules {
    pub fn new(settings: &Settings) -> LimitRules {
        let a = &settings.auth;
        let window = Duration::from_secs(a.rate_limit_window_secs);
        LimitRules {
            login_ip: Rule {
                scope: "login-ip",
                limit: a.rate_limit_attempts,
                window,
            },
            login_account: Rule {
                scope: "login-account",
                limit: a.login_free_failures,
                window: Duration::from_secs(a.login_account_window_secs),
            },
            login_delay_base: Duration::from_millis(a.login_delay_base_ms),
            login_max_delay: Duration::from_millis(a.login_max_delay_ms),
            register_ip: Rule {
                scope: "register-ip",
                limit: a.rate_limit_attempts,
                window,
            },
            palette_check: Rule {
                scope: "palette-check",
                limit: settings.media.palette_checks_per_minute,
                window: Duration::from_secs(60),
            },
        }
    }
}

/// Authentication state shared by all workers.
pub struct AuthState {
    pub keys: jwt::JwtKeys,
    pub limiter: Limiter,
    pub rules: LimitRules,
}

impl AuthState {
    pub fn new(settings: &Settings, db: &DatabaseConnection) -> anyhow::Result<AuthState> {
        let secret = jwt::load_or_create_secret(settings)?;
        let limiter = match settings.auth.rate_limit_store {
            RateLimitStore::Memory => Limiter::memory(settings.auth.rate_limit_max_entries),
            RateLimitStore::Database => Limiter::database(db.clone(), KeyHasher::derived(&secret)),
        };
        Ok(AuthState {
            keys: jwt::JwtKeys::new(&secret, settings),
            limiter,
            rules: LimitRules::new(settings),
        })
    }
}
