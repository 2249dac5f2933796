//! The state every handler shares. Route modules depend on this module and
//! never on `app.rs`, which only assembles the server.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;

use crate::auth::AuthState;
use crate::auth::rate_limit::RateLimiter;
use crate::client_ip::TrustedProxies;
use crate::config::Settings;
use crate::mail::Mailer;
use crate::storage::Store;

/// Everything a handler may need; cheap to clone, nothing node-local that
/// another instance would need to see.
pub struct AppState {
    pub db: DatabaseConnection,
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub auth: AuthState,
    /// Bounds concurrent CPU-heavy image work (decode, resize, encode). A
    /// permit moves into the blocking task, so it is held until the work
    /// really stops, even after a timeout answered the request.
    pub media_permits: Arc<Semaphore>,
    /// Bounds uploads being received and processed at once
    /// (`media.max_concurrent_uploads`); beyond it 503 `uploads_busy`.
    pub upload_permits: Arc<Semaphore>,
    /// Proxies whose forwarding headers name the client.
    pub trusted_proxies: TrustedProxies,
    /// Votes and ballots per account per minute.
    pub vote_limiter: RateLimiter,
    /// Writes votes and ballots in group-committed batches (its task starts
    /// with the state), and caches entries open for voting.
    pub vote_writer: crate::voting::batch::VoteWriter,
    /// SMTP, or the log without a relay.
    pub mailer: Mailer,
    /// Verification mails per account per hour.
    pub resend_limiter: RateLimiter,
    /// This node's full-text index of published templates (`crate::search`).
    pub search: crate::search::SearchIndex,
    /// Takes card payments for template orders (`payments.provider`).
    pub payments: Arc<dyn crate::payments::PaymentProvider>,
}

impl AppState {
    /// Builds the shared state from settings whose `http.public_url` is
    /// already final (links in mail use it).
    pub fn new(
        settings: Settings,
        db: DatabaseConnection,
        store: Arc<dyn Store>,
    ) -> anyhow::Result<AppState> {
        let mailer = Mailer::new(&settings.mail).context("setting up mail")?;
        let auth = AuthState::new(&settings, &db).context("loading the token signing key")?;
        let trusted_proxies = TrustedProxies::parse(&settings.http.trusted_proxies)?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let max_uploads = match settings.media.max_concurrent_uploads {
            // Receiving is mostly waiting on the network (CPU work has its
            // own limit), so even a small machine takes a few at once.
            0 => (2 * cores).max(8),
            n => n,
        };
        let vote_writer = crate::voting::batch::VoteWriter::start(db.clone(), &settings.voting);
        Ok(AppState {
            vote_writer,
            db,
            store,
            auth,
            media_permits: Arc::new(Semaphore::new(cores)),
            upload_permits: Arc::new(Semaphore::new(max_uploads)),
            trusted_proxies,
            vote_limiter: RateLimiter::new(
                settings.voting.rate_limit_per_minute,
                Duration::from_secs(60),
            ),
            mailer,
            resend_limiter: RateLimiter::new(
                settings.auth.resend_verification_per_hour,
                Duration::from_secs(3600),
            ),
            search: crate::search::sync::open_for_server(&settings)?,
            payments: crate::payments::card_provider(&settings).context("setting up payments")?,
            settings: Arc::new(settings),
        })
    }
}
