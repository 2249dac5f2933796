//! The S3 path against a real S3-protocol server on loopback (s3s-fs).

use atelier::config::S3Settings;
use atelier::storage::{S3Store, Store, StoreError};
use bytes::Bytes;
use secrecy::SecretString;

use crate::both_databases;
use crate::helpers::{
    Db, S3_ACCESS_KEY, S3_SECRET_KEY, S3Server, closed_port_endpoint, spawn_with,
};

fn store_for(server: &S3Server) -> S3Store {
    S3Store::new(&S3Settings {
        endpoint: Some(server.endpoint.clone()),
        bucket: server.bucket.clone(),
        region: "us-east-1".into(),
        access_key_id: S3_ACCESS_KEY.into(),
        secret_access_key: SecretString::from(S3_SECRET_KEY.to_owned()),
        force_path_style: true,
        timeout_secs: 10,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_puts_gets_streams_and_deletes() {
    let server = S3Server::start().await;
    let store = store_for(&server);
    store.check().await.unwrap();

    // 3 MB, so the body arrives in several chunks.
    let body: Bytes = (0..3_000_000u32)
        .map(|i| (i % 251) as u8)
        .collect::<Vec<_>>()
        .into();
    store
        .put("media/1/original.jpg", body.clone(), "image/jpeg")
        .await
        .unwrap();
    assert!(store.exists("media/1/original.jpg").await.unwrap());
    // It really landed in the server's bucket directory.
    assert!(
        server
            .root
            .path()
            .join("atelier-test/media/1/original.jpg")
            .exists()
    );

    let obj = store.get("media/1/original.jpg").await.unwrap();
    assert_eq!(obj.content_type, "image/jpeg");
    assert_eq!(obj.len, 3_000_000);
    assert_eq!(obj.into_bytes().await.unwrap(), body);

    store.delete("media/1/original.jpg").await.unwrap();
    assert!(!store.exists("media/1/original.jpg").await.unwrap());
    assert!(matches!(
        store.get("media/1/original.jpg").await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_refuses_wrong_credentials() {
    let server = S3Server::start().await;
    let mut settings = S3Settings {
        endpoint: Some(server.endpoint.clone()),
        bucket: server.bucket.clone(),
        access_key_id: S3_ACCESS_KEY.into(),
        secret_access_key: SecretString::from("wrong-secret".to_owned()),
        ..S3Settings::default()
    };
    settings.timeout_secs = 5;
    let store = S3Store::new(&settings);
    assert!(
        store
            .put("a.txt", Bytes::from_static(b"x"), "text/plain")
            .await
            .is_err()
    );
    assert!(matches!(
        store.check().await,
        Err(StoreError::Unavailable(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_reports_an_unreachable_server_as_unavailable() {
    let store = S3Store::new(&S3Settings {
        endpoint: Some(closed_port_endpoint()),
        access_key_id: "k".into(),
        timeout_secs: 2,
        ..S3Settings::default()
    });
    let err = store
        .put("a.txt", Bytes::from_static(b"x"), "text/plain")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
}

both_databases!(the_app_is_ready_on_s3);

async fn the_app_is_ready_on_s3(db: Db) {
    let server = S3Server::start().await;
    let app = spawn_with(db, |s| server.configure(s)).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["store"], "s3");
}
