//! An S3-protocol server (s3s-fs) in-process on loopback, and an address
//! where nothing listens.

use atelier::config::{Settings, StorageKind};
use secrecy::SecretString;
use tempfile::TempDir;

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
