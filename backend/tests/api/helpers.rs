//! Test harness: `spawn(Db::Sqlite | Db::Postgres)` starts the real app on
//! port 0 with a fresh database and data directory; `S3Server` runs an
//! S3-protocol server (s3s-fs) in-process on loopback.

use std::path::PathBuf;

use atelier::app::Application;
use atelier::config::{Settings, StorageKind};
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

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.settings.data_dir.clone()
    }
}

/// Asserts status and error code of an error answer; returns the message.
pub async fn assert_error(res: reqwest::Response, status: u16, code: &str) -> String {
    let got = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got, status, "unexpected status; body: {body}");
    assert_eq!(body["error"]["code"], code, "unexpected code; body: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "error without a message: {body}");
    message.to_owned()
}

pub const S3_ACCESS_KEY: &str = "atelier-test-access";
pub const S3_SECRET_KEY: &str = "atelier-test-secret-key";

/// A real S3-protocol server (s3s-fs over a temp dir) on 127.0.0.1:0, with
/// SigV4 authentication. Stops when dropped.
pub struct S3Server {
    pub endpoint: String,
    pub bucket: String,
    pub root: TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl S3Server {
    pub async fn start() -> S3Server {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use hyper_util::server::conn::auto::Builder as ConnBuilder;
        use s3s::auth::SimpleAuth;
        use s3s::service::S3ServiceBuilder;

        let root = tempfile::tempdir().unwrap();
        let bucket = "atelier-test".to_owned();
        std::fs::create_dir(root.path().join(&bucket)).unwrap();
        let fs = s3s_fs::FileSystem::new(root.path()).unwrap();
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(S3_ACCESS_KEY, S3_SECRET_KEY));
        let service = builder.build();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let http = ConnBuilder::new(TokioExecutor::new());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let conn = http
                    .serve_connection(TokioIo::new(socket), service.clone())
                    .into_owned();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
        });
        S3Server {
            endpoint,
            bucket,
            root,
            task,
        }
    }

    pub fn configure(&self, settings: &mut Settings) {
        settings.storage.kind = StorageKind::S3;
        let s3 = &mut settings.storage.s3;
        s3.endpoint = Some(self.endpoint.clone());
        s3.bucket = self.bucket.clone();
        s3.access_key_id = S3_ACCESS_KEY.to_owned();
        s3.secret_access_key = SecretString::from(S3_SECRET_KEY.to_owned());
        s3.force_path_style = true;
        s3.timeout_secs = 5;
    }
}

/// An address on loopback where nothing listens.
pub fn closed_port_endpoint() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

pub const PASSWORD: &str = "correct-horse-battery";

impl TestApp {
    pub async fn post_json<T: serde::Serialize>(&self, path: &str, body: &T) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn register(&self, handle: &str) -> atelier_api::TokenResponse {
        let res = self
            .post_json(
                "/api/v1/auth/register",
                &atelier_api::RegisterRequest {
                    email: format!("{handle}@example.test"),
                    handle: handle.to_owned(),
                    display_name: format!("{handle} display"),
                    password: PASSWORD.to_owned(),
                },
            )
            .await;
        assert_eq!(
            res.status(),
            201,
            "register {handle}: {}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/login",
            &atelier_api::LoginRequest {
                email: email.to_owned(),
                password: password.to_owned(),
            },
        )
        .await
    }

    /// Registers `handle` and gives it `role` directly in the database.
    pub async fn user_with_role(
        &self,
        handle: &str,
        role: atelier_api::Role,
    ) -> atelier_api::TokenResponse {
        use sea_orm::{ActiveModelTrait, EntityTrait, Set};
        let t = self.register(handle).await;
        let u = atelier::entities::user::Entity::find_by_id(t.user.id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let mut am: atelier::entities::user::ActiveModel = u.into();
        am.role = Set(role.as_str().to_owned());
        am.update(&self.db).await.unwrap();
        t
    }

    /// A request with `Authorization: Bearer <token>` when a token is given.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
}

/// A small real PNG.
pub fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

impl TestApp {
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
