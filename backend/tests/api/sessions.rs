//! The browser session: the refresh token in an HttpOnly cookie, the Origin
//! check on the endpoints that read it, and the grace for a token presented
//! twice at once.

use atelier_api::TokenResponse;
use chrono::{Duration, Utc};
use reqwest::Method;
use reqwest::header::HeaderMap;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::both_databases;
use crate::helpers::{ANON, Answer, Answered, Db, PASSWORD, TestApp, spawn, spawn_with};
use atelier::entities::refresh_token;

both_databases!(
    the_refresh_cookie_is_httponly_secure_strict_and_scoped,
    refresh_via_the_cookie_works,
    a_cross_site_refresh_is_refused_and_changes_nothing,
    configured_origins_may_use_the_cookie,
    the_same_token_twice_within_the_grace_gets_the_same_successor,
    two_refreshes_at_once_both_get_the_same_successor,
    after_the_grace_reuse_revokes_the_family,
    logout_clears_the_cookie,
);

/// The `Set-Cookie` header for the refresh cookie, if the answer has one.
pub fn set_refresh_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("atelier_refresh="))
        .map(str::to_owned)
}

/// The refresh token the answer set as the cookie.
pub fn refresh_cookie(headers: &HeaderMap) -> Option<String> {
    let header = set_refresh_cookie(headers)?;
    let value = header.split(';').next()?.strip_prefix("atelier_refresh=")?;
    Some(value.to_owned())
}

/// Registers `handle`; returns the answer and the refresh token from its cookie.
pub async fn register_with_cookie(app: &TestApp, handle: &str) -> (TokenResponse, String) {
    let body = atelier_api::RegisterRequest {
        email: format!("{handle}@example.test"),
        handle: handle.to_owned(),
        display_name: handle.to_owned(),
        password: PASSWORD.to_owned(),
    };
    let res = app
        .post_json("/api/v1/auth/register", &body, ANON)
        .await
        .expect_status(201);
    let token = refresh_cookie(&res.headers).expect("register sets the refresh cookie");
    (res.json(), token)
}

/// A POST as a browser sends it: the cookie, and `Origin` when given.
async fn with_cookie(app: &TestApp, path: &str, token: &str, origin: Option<&str>) -> Answer {
    let mut rb = app
        .request(Method::POST, path, ANON)
        .header("cookie", format!("atelier_refresh={token}"))
        .json(&serde_json::json!({}));
    if let Some(origin) = origin {
        rb = rb.header("origin", origin);
    }
    rb.answer().await
}

async fn refresh(app: &TestApp, token: &str) -> Answer {
    with_cookie(app, "/api/v1/auth/refresh", token, Some(&app.address)).await
}

async fn me_status(app: &TestApp, access_token: &str) -> u16 {
    app.get_json("/api/v1/me", access_token)
        .await
        .status()
        .as_u16()
}

async fn the_refresh_cookie_is_httponly_secure_strict_and_scoped(db: Db) {
    let app = spawn(db).await;
    let body = atelier_api::RegisterRequest {
        email: "mei@example.test".into(),
        handle: "mei".into(),
        display_name: "Mei".into(),
        password: PASSWORD.into(),
    };
    let register = app.post_json("/api/v1/auth/register", &body, ANON).await;
    let login = app.login("mei@example.test", PASSWORD).await;
    for res in [register, login] {
        let cookie = set_refresh_cookie(&res.headers).expect("a refresh cookie");
        let attrs: Vec<String> = cookie
            .split(';')
            .skip(1)
            .map(|a| a.trim().to_ascii_lowercase())
            .collect();
        for wanted in [
            "httponly",
            "secure",
            "samesite=strict",
            "path=/api/v1/auth",
            "max-age=2592000",
        ] {
            assert!(attrs.iter().any(|a| a == wanted), "{wanted} in {cookie}");
        }
        assert!(
            refresh_cookie(&res.headers).unwrap().len() >= 43,
            "{cookie}"
        );
        assert_eq!(res.headers["cache-control"], "no-store");
        // The browser never sees the token in the body.
        let body: serde_json::Value = res.json();
        assert!(body["access_token"].is_string(), "{body}");
        assert!(body.get("refresh_token").is_none(), "{body}");
    }
}

async fn refresh_via_the_cookie_works(db: Db) {
    let app = spawn(db).await;
    let (_, first) = register_with_cookie(&app, "mei").await;
    let res = refresh(&app, &first).await;
    assert_eq!(res.status(), 200);
    let second = refresh_cookie(&res.headers).expect("a new cookie");
    assert_ne!(second, first);
    let tokens: TokenResponse = res.json();
    assert_eq!(me_status(&app, &tokens.access_token).await, 200);
    // The successor works in turn.
    let res = refresh(&app, &second).await;
    assert_eq!(res.status(), 200);
    assert_ne!(refresh_cookie(&res.headers).unwrap(), second);
    // A token in the body (an app moving an older stored token into the cookie) works
    // from the site itself too, and the answer sets the successor as the cookie.
    let third = refresh_cookie(&res.headers).unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("origin", &app.address)
        .json(&serde_json::json!({ "refresh_token": third }))
        .answer()
        .await;
    assert_eq!(res.status(), 200);
    assert!(refresh_cookie(&res.headers).is_some());
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("origin", &app.address)
        .header("content-type", "application/json")
        .body("{not json")
        .answer()
        .await;
    res.expect_error(400, "invalid_json");
    // Neither cookie nor body: nothing to refresh with.
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("origin", &app.address)
        .answer()
        .await;
    res.expect_error(401, "invalid_refresh_token");
}

async fn tokens_in_db(app: &TestApp) -> Vec<refresh_token::Model> {
    refresh_token::Entity::find().all(&app.db).await.unwrap()
}

async fn a_cross_site_refresh_is_refused_and_changes_nothing(db: Db) {
    let app = spawn(db).await;
    let (_, token) = register_with_cookie(&app, "mei").await;
    let before = tokens_in_db(&app).await;

    let foreign = with_cookie(
        &app,
        "/api/v1/auth/refresh",
        &token,
        Some("https://evil.example"),
    )
    .await;
    assert!(set_refresh_cookie(&foreign.headers).is_none());
    foreign.expect_error(403, "csrf_rejected");
    // A look-alike host on another port is another origin.
    let port_off = format!("{}1", app.address);
    let res = with_cookie(&app, "/api/v1/auth/refresh", &token, Some(&port_off)).await;
    res.expect_error(403, "csrf_rejected");
    // The cookie without any Origin.
    let res = with_cookie(&app, "/api/v1/auth/refresh", &token, None).await;
    res.expect_error(403, "csrf_rejected");
    // A classic cross-site form post is refused before its body is read.
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", format!("atelier_refresh={token}"))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=b")
        .answer()
        .await;
    res.expect_error(403, "csrf_rejected");
    // Cross-site log-out is refused as well.
    let res = with_cookie(
        &app,
        "/api/v1/auth/logout",
        &token,
        Some("https://evil.example"),
    )
    .await;
    res.expect_error(403, "csrf_rejected");

    assert_eq!(
        tokens_in_db(&app).await,
        before,
        "nothing was spent or revoked"
    );
    // The session is untouched: the same cookie still refreshes from the site itself.
    assert_eq!(refresh(&app, &token).await.status(), 200);
}

async fn configured_origins_may_use_the_cookie(db: Db) {
    let app = spawn_with(db, |s| {
        s.http.allowed_origins = vec!["https://atelier.example/".into()]
    })
    .await;
    let (_, token) = register_with_cookie(&app, "mei").await;
    let res = with_cookie(
        &app,
        "/api/v1/auth/refresh",
        &token,
        Some("https://other.example"),
    )
    .await;
    res.expect_error(403, "csrf_rejected");
    let res = with_cookie(
        &app,
        "/api/v1/auth/refresh",
        &token,
        Some("https://Atelier.example"),
    )
    .await;
    assert_eq!(res.status(), 200);
}

async fn the_same_token_twice_within_the_grace_gets_the_same_successor(db: Db) {
    let app = spawn(db).await;
    let (_, first) = register_with_cookie(&app, "mei").await;
    let a = refresh(&app, &first).await;
    assert_eq!(a.status(), 200);
    let successor = refresh_cookie(&a.headers).unwrap();
    // Another tab presents the same, just-spent cookie.
    let b = refresh(&app, &first).await;
    assert_eq!(b.status(), 200);
    assert_eq!(refresh_cookie(&b.headers).unwrap(), successor);
    let tokens: TokenResponse = b.json();
    assert_eq!(me_status(&app, &tokens.access_token).await, 200);
    // One successor row only, and the session lives on.
    assert_eq!(tokens_in_db(&app).await.len(), 2);
    let next = refresh(&app, &successor).await;
    assert_eq!(next.status(), 200);
    // The successor is stored as a hash only.
    assert!(
        tokens_in_db(&app)
            .await
            .iter()
            .all(|r| r.token_hash != successor && r.token_hash.len() == 64)
    );
    // Once the successor itself is spent, the old token is no longer honoured.
    refresh(&app, &first)
        .await
        .expect_error(401, "refresh_token_reused");
}

async fn two_refreshes_at_once_both_get_the_same_successor(db: Db) {
    let app = spawn(db).await;
    let (_, first) = register_with_cookie(&app, "mei").await;
    let (a, b) = tokio::join!(refresh(&app, &first), refresh(&app, &first));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let successor = refresh_cookie(&a.headers).unwrap();
    assert_eq!(refresh_cookie(&b.headers).unwrap(), successor);
    assert_eq!(refresh(&app, &successor).await.status(), 200);
}

async fn after_the_grace_reuse_revokes_the_family(db: Db) {
    let app = spawn(db).await;
    let (_, first) = register_with_cookie(&app, "mei").await;
    let res = refresh(&app, &first).await;
    let successor = refresh_cookie(&res.headers).unwrap();
    // The first token was spent a minute ago (the grace is 10 s).
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::UsedAt,
            Expr::value(Utc::now() - Duration::seconds(60)),
        )
        .filter(refresh_token::Column::UsedAt.is_not_null())
        .exec(&app.db)
        .await
        .unwrap();
    refresh(&app, &first)
        .await
        .expect_error(401, "refresh_token_reused");
    refresh(&app, &successor)
        .await
        .expect_error(401, "refresh_token_reused");
    assert!(
        tokens_in_db(&app)
            .await
            .iter()
            .all(|r| r.revoked_at.is_some())
    );
}

async fn logout_clears_the_cookie(db: Db) {
    let app = spawn(db).await;
    let (_, token) = register_with_cookie(&app, "mei").await;
    let res = with_cookie(&app, "/api/v1/auth/logout", &token, Some(&app.address)).await;
    assert_eq!(res.status(), 204);
    let cleared = set_refresh_cookie(&res.headers).expect("the cookie is cleared");
    let lower = cleared.to_ascii_lowercase();
    assert!(lower.starts_with("atelier_refresh=;"), "{cleared}");
    assert!(lower.contains("max-age=0"), "{cleared}");
    assert!(lower.contains("path=/api/v1/auth"), "{cleared}");
    refresh(&app, &token)
        .await
        .expect_error(401, "refresh_token_reused");
}
