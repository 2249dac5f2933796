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

use crate::config::Settings;

/// Authentication state shared by all workers.
pub struct AuthState {
    pub keys: jwt::JwtKeys,
    pub limiter: rate_limit::RateLimiter,
}

impl AuthState {
    pub fn new(settings: &Settings) -> anyhow::Result<AuthState> {
        let secret = jwt::load_or_create_secret(settings)?;
        Ok(AuthState {
            keys: jwt::JwtKeys::new(&secret, settings),
            limiter: rate_limit::RateLimiter::new(
                settings.auth.rate_limit_attempts,
                Duration::from_secs(settings.auth.rate_limit_window_secs),
            ),
        })
    }
}
