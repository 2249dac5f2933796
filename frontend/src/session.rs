//! The logged-in session. The access token lives only in memory (this reactive context);
//! the refresh token lives in an HttpOnly cookie that page scripts never see, so a reload
//! can restore the session without exposing the token to script. localStorage keeps only
//! a hint that a session exists, so logged-out visitors do not ask the server for one.
//!
//! Refresh tokens are single-use and rotate. Within this tab, concurrent callers share one
//! in-flight refresh; across the tabs of this browser, a Web Lock lets one tab refresh at a
//! time, so two tabs never present the same cookie at once (the server also tolerates that
//! within a short grace, for browsers without Web Locks).

use std::cell::RefCell;
use std::time::Duration;

use atelier_api::{Me, TokenResponse};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::browser;

/// Set while this browser holds a session (the cookie itself is invisible to script).
const SESSION_HINT_KEY: &str = "atelier.session";
/// Where older versions kept the refresh token itself; moved into the cookie once.
const LEGACY_REFRESH_TOKEN_KEY: &str = "atelier.refresh_token";
/// The Web Lock that serialises refreshes across this origin's tabs.
const REFRESH_LOCK: &str = "atelier.refresh";
/// Refresh this long before the access token expires.
const REFRESH_AHEAD_MS: f64 = 60_000.0;
/// A token this close to expiry is refreshed before use rather than sent.
const EXPIRY_SLACK_MS: f64 = 5_000.0;

#[derive(Debug, Clone, PartialEq)]
struct Auth {
    access_token: String,
    expires_at_ms: f64,
    user: Me,
}

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

thread_local! {
    static IN_FLIGHT: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
}

/// When to refresh an access token that lives `expires_in_ms`: a minute ahead, or halfway
/// through for short-lived tokens, and never in a tight loop.
pub fn refresh_delay_ms(expires_in_ms: f64) -> f64 {
    let delay = if expires_in_ms > 2.0 * REFRESH_AHEAD_MS {
        expires_in_ms - REFRESH_AHEAD_MS
    } else {
        expires_in_ms / 2.0
    };
    delay.max(1_000.0)
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    auth: RwSignal<Option<Auth>>,
    user: Memo<Option<Me>>,
    restored: RwSignal<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Bumped on log-out, so a refresh that was already under way cannot revive the session.
    epoch: StoredValue<u64>,
}

impl Session {
    /// Creates the session, provides it as context and starts restoring a stored one.
    pub fn provide() -> Session {
        let auth = RwSignal::new(None::<Auth>);
        let session = Session {
            auth,
            user: Memo::new(move |_| auth.with(|a| a.as_ref().map(|a| a.user.clone()))),
            restored: RwSignal::new(false),
            timer: StoredValue::new(None),
            epoch: StoredValue::new(0),
        };
        provide_context(session);
        spawn_local(async move {
            let stored = browser::storage_get(SESSION_HINT_KEY).is_some()
                || browser::storage_get(LEGACY_REFRESH_TOKEN_KEY).is_some();
            if stored {
                // A failure leaves us logged out, which is what the user sees either way.
                let _ = session.refresh().await;
            }
            session.restored.set(true);
        });
        session
    }

    /// The logged-in user (tracked); changes only when the user does, not on token refresh.
    pub fn user(self) -> Option<Me> {
        self.user.get()
    }

    pub fn user_memo(self) -> Memo<Option<Me>> {
        self.user
    }

    /// Whether someone is logged in, without tracking it.
    pub fn has_user_untracked(self) -> bool {
        self.auth.with_untracked(Option::is_some)
    }

    /// The logged-in user's id (tracked); `None` when logged out.
    pub fn user_id(self) -> Option<i64> {
        self.user.with(|u| u.as_ref().map(|u| u.id))
    }

    /// Whether the logged-in user is staff or an admin (tracked).
    pub fn is_staff(self) -> bool {
        self.user
            .with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()))
    }

    /// False until the stored session has been restored (or found absent) at start-up.
    pub fn is_restored(self) -> bool {
        self.restored.get()
    }

    /// Replaces the user after an edit of the profile or avatar.
    pub fn set_user(self, user: Me) {
        self.auth.update(|auth| {
            if let Some(auth) = auth {
                auth.user = user;
            }
        });
    }

    /// Starts a session from a register, log-in or refresh answer.
    pub fn establish(self, tokens: TokenResponse) {
        browser::storage_set(SESSION_HINT_KEY, "1");
        let lifetime_ms = tokens.expires_in.max(0) as f64 * 1000.0;
        self.auth.set(Some(Auth {
            access_token: tokens.access_token,
            expires_at_ms: browser::now_ms() + lifetime_ms,
            user: tokens.user,
        }));
        self.restored.set(true);
        self.schedule_refresh(lifetime_ms);
    }

    fn schedule_refresh(self, lifetime_ms: f64) {
        self.cancel_timer();
        let delay = Duration::from_millis(refresh_delay_ms(lifetime_ms) as u64);
        let handle = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    let _ = self.refresh().await;
                })
            },
            delay,
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn cancel_timer(self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn current_token(self) -> Option<String> {
        self.auth
            .with_untracked(|a| a.as_ref().map(|a| a.access_token.clone()))
    }

    /// Trades the refresh cookie for a new access token. Concurrent callers in this tab share
    /// one request; other tabs wait for the same lock.
    pub async fn refresh(self) -> Result<(), ApiError> {
        let shared = IN_FLIGHT.with(|slot| {
            let mut slot = slot.borrow_mut();
            if let Some(running) = slot.as_ref() {
                return running.clone();
            }
            let running = async move {
                let result = browser::with_lock(REFRESH_LOCK, self.refresh_once()).await;
                IN_FLIGHT.with(|slot| slot.borrow_mut().take());
                result
            }
            .boxed_local()
            .shared();
            *slot = Some(running.clone());
            running
        });
        shared.await
    }

    async fn refresh_once(self) -> Result<(), ApiError> {
        let legacy = browser::storage_get(LEGACY_REFRESH_TOKEN_KEY);
        if legacy.is_none() && browser::storage_get(SESSION_HINT_KEY).is_none() {
            // No session in this browser (or another tab logged out): nothing to ask for.
            self.forget();
            return Err(ApiError::not_logged_in());
        }
        if legacy.is_some() {
            // Whatever the answer, the token no longer belongs in script-readable storage.
            browser::storage_remove(LEGACY_REFRESH_TOKEN_KEY);
        }
        let epoch = self.epoch.get_value();
        match api::refresh(legacy).await {
            Ok(tokens) if self.epoch.get_value() == epoch => {
                self.establish(tokens);
                Ok(())
            }
            Ok(_) => {
                // Logged out meanwhile: revoke the session the new cookie belongs to.
                let _ = api::logout().await;
                Err(ApiError::not_logged_in())
            }
            Err(e) if (400..500).contains(&e.status) => {
                // The token is spent, revoked or expired: the session is over.
                self.forget();
                Err(e)
            }
            // Offline or a server error: keep the token and try again later.
            Err(e) => Err(e),
        }
    }

    /// A usable access token, refreshed first when the current one is (nearly) expired.
    pub async fn access_token(self) -> Result<String, ApiError> {
        let current = self.auth.with_untracked(|a| {
            a.as_ref()
                .map(|a| (a.access_token.clone(), a.expires_at_ms))
        });
        match current {
            Some((token, expires_at)) if browser::now_ms() < expires_at - EXPIRY_SLACK_MS => {
                Ok(token)
            }
            _ => {
                self.refresh().await?;
                self.current_token().ok_or_else(ApiError::not_logged_in)
            }
        }
    }

    /// The token to retry with after the server rejected `rejected`: refreshes unless
    /// another call already has.
    pub async fn token_after_rejection(self, rejected: &str) -> Result<String, ApiError> {
        match self.current_token() {
            Some(token) if token != rejected => Ok(token),
            _ => {
                self.refresh().await?;
                self.current_token().ok_or_else(ApiError::not_logged_in)
            }
        }
    }

    /// Ends the session here, and on the server, which revokes the refresh token and clears
    /// its cookie.
    pub async fn logout(self) {
        self.forget();
        // Best effort: this tab has already forgotten the session.
        let _ = api::logout().await;
    }

    fn forget(self) {
        self.epoch.update_value(|e| *e += 1);
        self.cancel_timer();
        browser::storage_remove(SESSION_HINT_KEY);
        self.auth.set(None);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_runs_a_minute_before_expiry() {
        assert_eq!(refresh_delay_ms(900_000.0), 840_000.0);
    }

    #[test]
    fn short_lived_tokens_refresh_halfway_but_not_in_a_loop() {
        assert_eq!(refresh_delay_ms(60_000.0), 30_000.0);
        assert_eq!(refresh_delay_ms(0.0), 1_000.0);
    }
}
