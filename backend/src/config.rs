//! Layered settings: built-in defaults, then `atelier.toml` (or the file given
//! with `--config`), then `ATELIER_*` environment variables (`__` separates
//! nested keys: `ATELIER_HTTP__PORT=0`). Secrets are `SecretString` so they
//! never end up in logs.

mod sections;

pub use sections::*;

use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub http: HttpSettings,
    /// Where the embedded defaults keep their files (SQLite, objects, JWT key).
    pub data_dir: PathBuf,
    /// `postgres://...` or `sqlite://...`; defaults to `<data_dir>/atelier.db`.
    pub database_url: Option<SecretString>,
    /// The built WASM frontend (`scripts/build-frontend.sh` writes it).
    pub frontend_dir: PathBuf,
    pub storage: StorageSettings,
    pub auth: AuthSettings,
    pub demo: DemoSettings,
    pub log: LogSettings,
    pub media: MediaSettings,
    pub voting: VotingSettings,
    pub mail: MailSettings,
    pub search: SearchSettings,
    pub templates: TemplateSettings,
    pub payments: PaymentsSettings,
    pub ledger: LedgerSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            http: HttpSettings::default(),
            data_dir: PathBuf::from("data"),
            database_url: None,
            frontend_dir: PathBuf::from("frontend/dist"),
            storage: StorageSettings::default(),
            auth: AuthSettings::default(),
            demo: DemoSettings::default(),
            log: LogSettings::default(),
            media: MediaSettings::default(),
            voting: VotingSettings::default(),
            mail: MailSettings::default(),
            search: SearchSettings::default(),
            templates: TemplateSettings::default(),
            payments: PaymentsSettings::default(),
            ledger: LedgerSettings::default(),
        }
    }
}

impl Settings {
    /// Defaults, then the TOML file (if it exists), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Settings> {
        let path = file.unwrap_or_else(|| Path::new("atelier.toml"));
        if file.is_some() && !path.exists() {
            anyhow::bail!("config file {} does not exist", path.display());
        }
        Self::from_sources(path, std::env::vars())
    }

    fn from_sources(
        path: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Settings> {
        let env: config::Map<String, String> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("ATELIER_"))
            .collect();
        config::Config::builder()
            .add_source(config::File::from(path).required(false))
            .add_source(
                config::Environment::with_prefix("ATELIER")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("http.allowed_origins")
                    .with_list_parse_key("http.trusted_proxies")
                    .source(Some(env)),
            )
            .build()
            .context("reading configuration")?
            .try_deserialize()
            .context("configuration has an invalid value")
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_owned(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("atelier.db").display()
            ),
        }
    }

    /// Whether an SMTP relay is configured (otherwise mail goes to the log).
    pub fn smtp_configured(&self) -> bool {
        self.mail
            .smtp
            .host
            .as_deref()
            .is_some_and(|h| !h.trim().is_empty())
    }

    /// `auth.require_email_verification`, defaulting to whether mail can
    /// actually reach people.
    pub fn email_verification_required(&self) -> bool {
        self.auth
            .require_email_verification
            .unwrap_or_else(|| self.smtp_configured())
    }

    /// `http.public_url` without its trailing slash, or one derived from the
    /// bind address and `port` (the bound one: 0 is resolved by then).
    pub fn public_url(&self, port: u16) -> String {
        match self.http.public_url.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => u.trim_end_matches('/').to_owned(),
            _ => {
                let host = match self.http.host.as_str() {
                    "0.0.0.0" | "::" | "" => "127.0.0.1",
                    h => h,
                };
                if host.contains(':') {
                    format!("http://[{host}]:{port}")
                } else {
                    format!("http://{host}:{port}")
                }
            }
        }
    }

    pub fn storage_root(&self) -> PathBuf {
        self.storage
            .root
            .clone()
            .unwrap_or_else(|| self.data_dir.join("objects"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_use_sqlite_under_the_data_dir() {
        let s = Settings::from_sources(Path::new("/nonexistent.toml"), env(&[])).unwrap();
        assert_eq!(s.http.port, 8080);
        assert_eq!(s.storage.kind, StorageKind::File);
        assert_eq!(s.database_url(), "sqlite://data/atelier.db?mode=rwc");
        assert_eq!(s.storage_root(), PathBuf::from("data/objects"));
        assert!(!s.demo.seed, "demo data is opt-in");
        assert!(!s.smtp_configured());
        assert!(!s.email_verification_required(), "no SMTP: not required");
        assert_eq!(s.public_url(8080), "http://127.0.0.1:8080");
    }

    #[test]
    fn verification_defaults_to_on_with_smtp_and_can_be_overridden() {
        let s = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[
                ("ATELIER_MAIL__SMTP__HOST", "smtp.example.com"),
                ("ATELIER_MAIL__SMTP__TLS", "tls"),
                ("ATELIER_MAIL__SMTP__PASSWORD", "mail-secret-42"),
                ("ATELIER_HTTP__PUBLIC_URL", "https://atelier.example/"),
            ]),
        )
        .unwrap();
        assert!(s.smtp_configured());
        assert_eq!(s.mail.smtp.tls, SmtpTls::Tls);
        assert!(s.email_verification_required());
        assert_eq!(s.public_url(1), "https://atelier.example");
        assert!(!format!("{s:?}").contains("mail-secret-42"));
        let off = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[
                ("ATELIER_MAIL__SMTP__HOST", "smtp.example.com"),
                ("ATELIER_AUTH__REQUIRE_EMAIL_VERIFICATION", "false"),
            ]),
        )
        .unwrap();
        assert!(!off.email_verification_required());
        let on = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[("ATELIER_AUTH__REQUIRE_EMAIL_VERIFICATION", "true")]),
        )
        .unwrap();
        assert!(on.email_verification_required());
    }

    #[test]
    fn file_is_overridden_by_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("atelier.toml");
        std::fs::write(
            &file,
            "data_dir = \"/srv/atelier\"\n[http]\nport = 9000\nhost = \"0.0.0.0\"\n[storage]\nkind = \"s3\"\n[storage.s3]\nbucket = \"from-file\"\n",
        )
        .unwrap();
        let s = Settings::from_sources(
            &file,
            env(&[
                ("ATELIER_HTTP__PORT", "0"),
                ("ATELIER_STORAGE__S3__BUCKET", "from-env"),
                ("ATELIER_DEMO__SEED", "true"),
                ("ATELIER_DATABASE_URL", "postgres://u@h/db"),
                ("OTHER_HTTP__PORT", "1"),
            ]),
        )
        .unwrap();
        assert_eq!(s.http.port, 0);
        assert_eq!(s.http.host, "0.0.0.0");
        assert_eq!(s.data_dir, PathBuf::from("/srv/atelier"));
        assert_eq!(s.storage.kind, StorageKind::S3);
        assert_eq!(s.storage.s3.bucket, "from-env");
        assert!(s.demo.seed);
        assert_eq!(s.database_url(), "postgres://u@h/db");
        assert_eq!(s.auth.rate_limit_store, RateLimitStore::Memory);
    }

    #[test]
    fn trusted_proxies_and_the_limit_store_come_from_the_environment() {
        let s = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[
                ("ATELIER_HTTP__TRUSTED_PROXIES", "10.0.0.0/8,::1"),
                ("ATELIER_AUTH__RATE_LIMIT_STORE", "database"),
            ]),
        )
        .unwrap();
        assert_eq!(s.http.trusted_proxies, vec!["10.0.0.0/8", "::1"]);
        assert_eq!(s.auth.rate_limit_store, RateLimitStore::Database);
        let d = Settings::from_sources(Path::new("/nonexistent.toml"), env(&[])).unwrap();
        assert!(d.http.trusted_proxies.is_empty());
    }

    #[test]
    fn allowed_origins_and_hsts_come_from_the_environment() {
        let s = Settings::from_sources(Path::new("/nonexistent.toml"), env(&[])).unwrap();
        assert!(!s.http.hsts);
        assert!(s.http.allowed_origins.is_empty());
        assert_eq!(s.auth.refresh_grace_secs, 10);
        let s = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[
                ("ATELIER_HTTP__HSTS", "true"),
                (
                    "ATELIER_HTTP__ALLOWED_ORIGINS",
                    "https://a.example,https://b.example",
                ),
            ]),
        )
        .unwrap();
        assert!(s.http.hsts);
        assert_eq!(
            s.http.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
    }

    #[test]
    fn invalid_values_are_reported_not_defaulted() {
        let err = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[("ATELIER_HTTP__PORT", "not-a-port")]),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("invalid"), "{err:#}");
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Settings::from_sources(
            Path::new("/nonexistent.toml"),
            env(&[("ATELIER_AUTH__JWT_SECRET", "hunter2hunter2")]),
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
