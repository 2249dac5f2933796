//! Test harness: `spawn(Db::Sqlite | Db::Postgres)` starts the real app on
//! port 0 with a fresh database and data directory. The submodules hold
//! what the tests do with it: requests and their answers (`http`), accounts
//! (`users`), challenges, votes and polls (`fixtures`), uploads (`uploads`)
//! and an in-process S3 server (`s3`).

mod fixtures;
mod http;
mod s3;
mod uploads;
mod users;

pub use fixtures::challenge_body;
pub use http::{ANON, Answer, Answered, assert_error};
pub use s3::{S3_ACCESS_KEY, S3_SECRET_KEY, S3Server, closed_port_endpoint};
pub use uploads::{entry_form, image_body, images_dir, png_bytes, raw_image_body, test_image};
pub use users::{PASSWORD, User};

use std::path::PathBuf;

use atelier::app::Application;
use atelier::config::Settings;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Generates `mod <name> { sqlite(), postgres() }` for each `async fn <name>(db: Db)`.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Db::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Db::Postgres).await
                }
            }
        )+
    };
}

pub struct TestApp {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub address: String,
    pub client: reqwest::Client,
    /// A separate connection to the app's database, for direct checks.
    pub db: DatabaseConnection,
    pub settings: Settings,
    pub pg_database: Option<String>,
    _dir: TempDir,
}

pub fn postgres_base_url() -> String {
    std::env::var("ATELIER_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// Connects to the PostgreSQL server's maintenance database, or fails the
/// test with a message that says what to do. Never skips.
pub async fn postgres_admin() -> DatabaseConnection {
    let base = postgres_base_url();
    let mut opts = sea_orm::ConnectOptions::new(format!("{base}/postgres"));
    opts.connect_timeout(std::time::Duration::from_secs(3))
        .acquire_timeout(std::time::Duration::from_secs(3))
        .max_connections(2)
        .sqlx_logging(false);
    Database::connect(opts).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {base}: {e}\n\
                 The PostgreSQL variant of every database test needs it. Start it with\n\
                 `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`\n\
                 or point ATELIER_TEST_POSTGRES_URL at a server (trust auth, user postgres)."
        )
    })
}

/// Creates an empty database named `atelier_test_<uuid>` and returns its URL.
async fn fresh_postgres_database() -> (String, String) {
    let admin = postgres_admin().await;
    let name = format!("atelier_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("creating a test database");
    (format!("{}/{name}", postgres_base_url()), name)
}

pub fn test_settings(dir: &TempDir) -> Settings {
    let mut s = Settings::default();
    s.http.port = 0;
    s.http.workers = 1;
    s.data_dir = dir.path().join("data");
    s.frontend_dir = dir.path().join("no-frontend");
    s.demo.seed = false;
    s.auth.jwt_secret = Some(SecretString::from(
        "test-signing-key-0123456789abcdef".to_owned(),
    ));
    s
}

pub async fn spawn(db: Db) -> TestApp {
    spawn_with(db, |_| {}).await
}

pub async fn spawn_with(db: Db, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    let mut pg_database = None;
    if db == Db::Postgres {
        let (url, name) = fresh_postgres_database().await;
        settings.database_url = Some(SecretString::from(url));
        pg_database = Some(name);
    }
    configure(&mut settings);
    spawn_settings(settings, dir, pg_database).await
}

pub async fn spawn_settings(
    settings: Settings,
    dir: TempDir,
    pg_database: Option<String>,
) -> TestApp {
    let app = Application::build(settings.clone())
        .await
        .expect("the application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let db = atelier::db::connect(&settings).await.unwrap();
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        db,
        settings,
        pg_database,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// An anonymous GET, answered as it came (headers, bytes).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.settings.data_dir.clone()
    }

    /// The real `atelier` binary pointed at this app's database, with no
    /// `ATELIER_*` setting inherited from the test environment.
    pub fn atelier_command(&self) -> std::process::Command {
        use secrecy::ExposeSecret;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_atelier"));
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("ATELIER_")) {
            cmd.env_remove(k);
        }
        let url = self.settings.database_url.as_ref().map_or_else(
            || self.settings.database_url(),
            |u| u.expose_secret().to_owned(),
        );
        cmd.env("ATELIER_DATABASE_URL", url);
        cmd
    }
}

/// Every file under `dir`, recursively (none when it does not exist).
pub fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
