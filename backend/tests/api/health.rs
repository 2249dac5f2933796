use sea_orm::ConnectionTrait;

use crate::both_databases;
use crate::helpers::{Db, assert_error, closed_port_endpoint, postgres_admin, spawn, spawn_with};

both_databases!(
    healthz_answers_ok,
    readyz_reports_database_and_store,
    readyz_is_503_when_the_file_store_is_gone,
    readyz_is_503_when_s3_is_unreachable,
    every_response_carries_a_request_id,
    unknown_api_routes_answer_json_404,
    metrics_count_requests,
    malformed_query_is_a_400_with_a_code,
);

async fn healthz_answers_ok(db: Db) {
    let app = spawn(db).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn readyz_reports_database_and_store(db: Db) {
    let app = spawn(db).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    let expected = match db {
        Db::Sqlite => "sqlite",
        Db::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
    assert_eq!(body["store"], "file");
}

async fn readyz_is_503_when_the_file_store_is_gone(db: Db) {
    let app = spawn(db).await;
    std::fs::remove_dir_all(app.data_dir().join("objects")).unwrap();
    assert_error(app.get("/readyz").await, 503, "store_unavailable").await;
}

async fn readyz_is_503_when_s3_is_unreachable(db: Db) {
    let app = spawn_with(db, |s| {
        let server_less = closed_port_endpoint();
        s.storage.kind = atelier::config::StorageKind::S3;
        s.storage.s3.endpoint = Some(server_less);
        s.storage.s3.access_key_id = "k".into();
        s.storage.s3.timeout_secs = 2;
    })
    .await;
    assert_error(app.get("/readyz").await, 503, "store_unavailable").await;
    // The process itself is still up.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn every_response_carries_a_request_id(db: Db) {
    let app = spawn(db).await;
    let a = app.get("/healthz").await;
    let b = app.get("/api/v1/nope").await;
    let id_a = a.headers()["x-request-id"].to_str().unwrap().to_owned();
    let id_b = b.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(!id_a.is_empty());
    assert_ne!(id_a, id_b);
}

async fn unknown_api_routes_answer_json_404(db: Db) {
    let app = spawn(db).await;
    assert_error(app.get("/api/v1/does-not-exist").await, 404, "not_found").await;
    let res = app.client.post(app.url("/some/page")).send().await.unwrap();
    assert_error(res, 405, "method_not_allowed").await;
}

async fn metrics_count_requests(db: Db) {
    let app = spawn(db).await;
    app.get("/api/v1/challenges").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains("atelier_http_requests_total"),
        "metrics output:\n{text}"
    );
    assert!(
        text.contains("/api/v1/challenges"),
        "metrics output:\n{text}"
    );
}

async fn malformed_query_is_a_400_with_a_code(db: Db) {
    let app = spawn(db).await;
    assert_error(
        app.get("/api/v1/challenges?phase=later").await,
        400,
        "invalid_phase",
    )
    .await;
}

/// Dropping the database under a running app makes it unready; this is the
/// PostgreSQL case of "the database is unreachable" (SQLite is a local file).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_when_postgres_goes_away() {
    let app = spawn(Db::Postgres).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    let name = app.pg_database.clone().unwrap();
    postgres_admin()
        .await
        .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .await
        .unwrap();
    assert_error(app.get("/readyz").await, 503, "database_unavailable").await;
}
