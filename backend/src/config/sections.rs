//! The sections of [`super::Settings`], one struct per table of
//! `atelier.toml`, each with its defaults.

use secrecy::SecretString;
use serde::Deserialize;
use std::path::PathBuf;

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on loopback or a private network.
    None,
    /// Plain connection upgraded with STARTTLS (required, not opportunistic).
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SmtpSettings {
    /// The relay's host name; unset means no SMTP: mail goes to the log.
    pub host: Option<String>,
    /// Defaults by `tls`: 25 for none, 587 for starttls, 465 for tls.
    pub port: Option<u16>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub tls: SmtpTls,
    /// Seconds for connecting and each SMTP command.
    pub timeout_secs: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: None,
            port: None,
            username: None,
            password: None,
            tls: SmtpTls::Starttls,
            timeout_secs: 10,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// The sender, `Name <address>`.
    pub from: String,
    pub smtp: SmtpSettings,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from: "Atelier <no-reply@atelier.localhost>".into(),
            smtp: SmtpSettings::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct VotingSettings {
    /// Accounts younger than this may not vote on entries or polls.
    pub min_account_age_hours: i64,
    /// Votes plus ballots one account may cast per minute (per node).
    pub rate_limit_per_minute: u32,
    /// Votes within an hour from accounts under 24 hours old that flag a burst.
    pub burst_threshold: u64,
    /// Distinct accounts voting from one IP in one challenge or poll that
    /// raise a flag.
    pub shared_ip_threshold: u64,
    /// Group commit (`voting::batch`): how long the oldest queued vote or
    /// ballot waits for others to share its transaction, milliseconds (0:
    /// write what is queued at once; at most 10,000).
    pub batch_window_ms: u64,
    /// Most votes and ballots written in one transaction (at most 1,000).
    pub batch_max: usize,
    /// How long an entry found open for voting is reused by later votes
    /// without reading it again, milliseconds (0: read it every time). The
    /// writer checks again that it is open when it writes the vote.
    pub lookup_cache_ms: u64,
}

impl Default for VotingSettings {
    fn default() -> Self {
        VotingSettings {
            min_account_age_hours: 0,
            rate_limit_per_minute: 120,
            burst_threshold: 20,
            shared_ip_threshold: 5,
            batch_window_ms: 2,
            batch_max: 256,
            lookup_cache_ms: 1000,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MediaSettings {
    /// Largest accepted upload, bytes.
    pub max_upload_bytes: usize,
    /// Largest accepted image, pixels (width x height), checked before decoding.
    pub max_pixels: u64,
    /// Seconds an upload may take to arrive, and again to be processed.
    pub upload_timeout_secs: u64,
    /// Image uploads (entries, palette checks, avatars, covers, poll option
    /// images) received at once per node; beyond it
    /// 503 `uploads_busy` with Retry-After. 0 means twice the CPU cores, at least 8.
    pub max_concurrent_uploads: usize,
    /// Palette checks one account may run per minute (429 beyond).
    pub palette_checks_per_minute: u32,
    pub processing_timeout_secs: u64,
    /// Perceptual-hash distance (of 64 bits) at or below which an entry is
    /// flagged as a near-duplicate of an earlier one.
    pub duplicate_distance: u32,
    /// Objects without a row are removed once older than this (seconds).
    pub orphan_grace_secs: u64,
    /// How often the orphan sweeper runs in `serve` (seconds; 0 = never).
    pub sweep_interval_secs: u64,
}

impl Default for MediaSettings {
    fn default() -> Self {
        MediaSettings {
            max_upload_bytes: 25 * 1024 * 1024,
            max_pixels: 40_000_000,
            upload_timeout_secs: 120,
            max_concurrent_uploads: 0,
            palette_checks_per_minute: 20,
            processing_timeout_secs: 60,
            duplicate_distance: 6,
            orphan_grace_secs: 3600,
            sweep_interval_secs: 3600,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    pub host: String,
    /// 0 picks a free port (the tests do this); the real one is printed.
    pub port: u16,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Seconds to let in-flight requests finish on SIGTERM/SIGINT.
    pub shutdown_timeout_secs: u64,
    /// Largest JSON body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// Send `Strict-Transport-Security` (only when the site is served over TLS).
    pub hsts: bool,
    /// Origins besides the server's own (`scheme://host[:port]`) allowed to
    /// call the cookie-reading auth endpoints, e.g. when a proxy rewrites Host.
    pub allowed_origins: Vec<String>,
    /// Reverse proxies (IPs or CIDRs) whose `Forwarded` / `X-Forwarded-For`
    /// headers name the client; empty means the TCP peer is the client.
    /// In the environment: comma-separated.
    pub trusted_proxies: Vec<String>,
    /// The address people reach the site at (links in mail), without a
    /// trailing slash; derived from host and the bound port when unset.
    pub public_url: Option<String>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            host: "127.0.0.1".into(),
            port: 8080,
            workers: 0,
            shutdown_timeout_secs: 30,
            json_limit_bytes: 64 * 1024,
            hsts: false,
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    #[default]
    File,
    S3,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct StorageSettings {
    pub kind: StorageKind,
    /// FileStore root; defaults to `<data_dir>/objects`.
    pub root: Option<PathBuf>,
    pub s3: S3Settings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct S3Settings {
    /// Custom endpoint (MinIO, Garage, R2...); empty means AWS itself.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    pub force_path_style: bool,
    /// Per-request timeout, seconds.
    pub timeout_secs: u64,
}

impl Default for S3Settings {
    fn default() -> Self {
        S3Settings {
            endpoint: None,
            bucket: "atelier".into(),
            region: "us-east-1".into(),
            access_key_id: String::new(),
            secret_access_key: SecretString::from(String::new()),
            force_path_style: true,
            timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct AuthSettings {
    /// HS256 signing key. When unset, one is generated once and kept in
    /// `<data_dir>/jwt.key`.
    pub jwt_secret: Option<SecretString>,
    pub issuer: String,
    pub audience: String,
    pub access_ttl_secs: i64,
    pub refresh_ttl_days: i64,
    /// Seconds during which a just-spent refresh token presented again gets
    /// the same successor instead of revoking its family (concurrent tabs,
    /// a lost response).
    pub refresh_grace_secs: i64,
    /// Failed log-ins per client (IPv4 address or IPv6 /64) in a window
    /// before that client is refused with 429; also registrations per
    /// client in a window.
    pub rate_limit_attempts: u32,
    pub rate_limit_window_secs: u64,
    /// Where attempt counters live: `memory` (per node) or `database`
    /// (shared by every node on the same database).
    pub rate_limit_store: RateLimitStore,
    /// Most counters the memory store keeps; the least recently used go first.
    pub rate_limit_max_entries: usize,
    /// Failed log-ins on one account (within `login_account_window_secs`)
    /// before each further attempt on it is slowed down.
    pub login_free_failures: u32,
    pub login_account_window_secs: u64,
    /// The first slow-down, doubled per further failure, capped at
    /// `login_max_delay_ms`. Slowed, never refused: the right password
    /// from a client that has not been failing always logs in.
    pub login_delay_base_ms: u64,
    pub login_max_delay_ms: u64,
    /// Whether members must confirm their email before voting, casting
    /// ballots or submitting; unset means "when SMTP is configured".
    pub require_email_verification: Option<bool>,
    /// How long a mailed verification link works.
    pub email_verification_ttl_hours: i64,
    /// Verification mails one account may ask for per hour (per node).
    pub resend_verification_per_hour: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RateLimitStore {
    #[default]
    Memory,
    Database,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            jwt_secret: None,
            issuer: "atelier".into(),
            audience: "atelier-web".into(),
            access_ttl_secs: 15 * 60,
            refresh_ttl_days: 30,
            refresh_grace_secs: 10,
            rate_limit_attempts: 10,
            rate_limit_window_secs: 60,
            rate_limit_store: RateLimitStore::Memory,
            rate_limit_max_entries: 100_000,
            login_free_failures: 5,
            login_account_window_secs: 900,
            login_delay_base_ms: 250,
            login_max_delay_ms: 5000,
            require_email_verification: None,
            email_verification_ttl_hours: 48,
            resend_verification_per_hour: 3,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DemoSettings {
    /// Seed demo users and challenges into an empty database on `serve`.
    /// Off unless asked for (`atelier serve --demo`, or `demo.seed = true`):
    /// the demo accounts share a published password.
    pub seed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct LogSettings {
    pub format: LogFormat,
    /// `tracing_subscriber::EnvFilter` syntax; `RUST_LOG` wins when set.
    pub filter: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            filter: "info,sqlx=warn,sea_orm=warn,aws=warn".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TemplateSettings {
    /// Largest template source file (SVG, PDF, PSD, AI, ZIP...), bytes.
    pub max_source_bytes: usize,
    /// Seconds a source file's download link works.
    pub download_link_ttl_secs: u64,
}

impl Default for TemplateSettings {
    fn default() -> Self {
        TemplateSettings {
            max_source_bytes: 50 * 1024 * 1024,
            download_link_ttl_secs: 300,
        }
    }
}

/// Which provider takes card payments for template orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PaymentProviderKind {
    /// The embedded default: an order is paid the moment it is made (demo
    /// and tests; never take real money with it).
    #[default]
    Test,
    /// Stripe Checkout, with `payments.stripe.*`.
    Stripe,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct PaymentsSettings {
    pub provider: PaymentProviderKind,
    pub stripe: StripeSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct StripeSettings {
    /// The secret API key (`sk_live_...` / `sk_test_...`).
    pub secret_key: SecretString,
    /// The webhook endpoint's signing secret (`whsec_...`); without it every
    /// webhook is refused.
    pub webhook_secret: SecretString,
    /// The API's address (a test double's in tests).
    pub api_base: String,
    /// How old a webhook's signed timestamp may be, seconds.
    pub webhook_tolerance_secs: i64,
    /// Per-request timeout for API calls, seconds.
    pub timeout_secs: u64,
}

impl Default for StripeSettings {
    fn default() -> Self {
        StripeSettings {
            secret_key: SecretString::from(String::new()),
            webhook_secret: SecretString::from(String::new()),
            api_base: "https://api.stripe.com".into(),
            webhook_tolerance_secs: 300,
            timeout_secs: 20,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SearchSettings {
    /// The template search index's directory; unset: `<data_dir>/search/templates`
    /// with file storage, memory with S3 storage (rebuilt at each start).
    pub dir: Option<PathBuf>,
    /// Seconds between catch-ups with template changes made through other
    /// nodes; 0 turns the catch-up off.
    pub catch_up_interval_secs: u64,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            dir: None,
            catch_up_interval_secs: 2,
        }
    }
}

/// Creator revenue share (`crate::ledger`, `crate::revenue`, `crate::payouts`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct LedgerSettings {
    /// The currency of earnings and payouts (ISO 4217).
    pub currency: String,
    /// The creators' share of a template sale without its own agreement,
    /// basis points (3500 = 35 %).
    pub template_share_bp: i32,
    /// A creator's payout threshold unless they choose another, minor units.
    pub payout_threshold_default_minor: i64,
    /// The bounds a creator's threshold must stay within, minor units.
    pub payout_threshold_min_minor: i64,
    pub payout_threshold_max_minor: i64,
    /// Withholding per residency: rate in basis points on a payout's gross,
    /// applied when the gross exceeds `*_exempt_up_to_minor`.
    pub withholding_tw_bp: i32,
    pub withholding_tw_exempt_up_to_minor: i64,
    pub withholding_foreign_bp: i32,
    pub withholding_foreign_exempt_up_to_minor: i64,
    /// 32-byte key (base64) that encrypts payout details at rest; when
    /// unset, one is generated once into `<data_dir>/payout-details.key`.
    pub details_key: Option<SecretString>,
    /// The font statement PDFs are printed in (its used glyphs embedded):
    /// a TrueType/OpenType font or collection with Traditional Chinese; in a
    /// collection the "Noto Sans CJK TC" face is used (Debian's
    /// fonts-noto-cjk).
    pub statement_font: PathBuf,
}

impl Default for LedgerSettings {
    fn default() -> Self {
        LedgerSettings {
            currency: "TWD".into(),
            template_share_bp: 3_500,
            payout_threshold_default_minor: 10_000,
            payout_threshold_min_minor: 10_000,
            payout_threshold_max_minor: 10_000_000,
            // Taiwan: residents' royalties withheld at 10 % above NT$20,000
            // per payment; non-residents at 20 % on every payment.
            withholding_tw_bp: 1_000,
            withholding_tw_exempt_up_to_minor: 2_000_000,
            withholding_foreign_bp: 2_000,
            withholding_foreign_exempt_up_to_minor: 0,
            details_key: None,
            statement_font: PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        }
    }
}
