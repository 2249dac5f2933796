use atelier_api::{Me, RefreshRequest, TokenResponse};
use chrono::Utc;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ActiveModelTrait, Set};

use crate::both_databases;
use crate::helpers::{ANON, Answer, Db, PASSWORD, TestApp, assert_error, spawn, spawn_with};
use crate::sessions::{refresh_cookie, register_with_cookie};

both_databases!(
    registering_returns_tokens_that_work,
    emails_and_handles_are_unique_regardless_of_case,
    the_database_itself_refuses_case_variants,
    bad_registrations_get_clear_codes,
    login_errors_do_not_reveal_whether_the_email_exists,
    tampered_expired_and_foreign_tokens_are_rejected,
    a_token_whose_nbf_lies_ahead_is_refused,
    refresh_rotates_and_reuse_revokes_the_family,
    logout_revokes_the_session,
    login_is_rate_limited_with_retry_after,
    registration_is_rate_limited_per_ip,
    the_cli_creates_the_first_admin,
);

async fn me(app: &TestApp, token: &str) -> Answer {
    app.get_json("/api/v1/me", token).await
}

async fn registering_returns_tokens_that_work(db: Db) {
    let app = spawn(db).await;
    let t = app.register("Mei_Lin").await;
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.expires_in, 900);
    assert_eq!(t.user.handle, "mei_lin");
    assert_eq!(t.user.role, atelier_api::Role::Member);
    let m: Me = me(&app, &t.access_token).await.json();
    assert_eq!(m.email, "mei_lin@example.test");
    // The password is stored as an argon2id hash only.
    let row = atelier::users::service::find_by_handle(&app.db, "mei_lin")
        .await
        .unwrap();
    assert!(row.password_hash.starts_with("$argon2id$"));
    assert!(!row.password_hash.contains(PASSWORD));
    // Logging in gives a fresh pair.
    let res = app.login("MEI_LIN@example.test", PASSWORD).await;
    assert_eq!(res.status(), 200);
}

async fn emails_and_handles_are_unique_regardless_of_case(db: Db) {
    let app = spawn(db).await;
    app.register("mei").await;
    let dup_email = atelier_api::RegisterRequest {
        email: "MEI@Example.Test".into(),
        handle: "other".into(),
        display_name: "x".into(),
        password: PASSWORD.into(),
    };
    app.post_json("/api/v1/auth/register", &dup_email, ANON)
        .await
        .expect_error(409, "account_exists");
    let dup_handle = atelier_api::RegisterRequest {
        email: "other@example.test".into(),
        handle: "MEI".into(),
        display_name: "x".into(),
        password: PASSWORD.into(),
    };
    app.post_json("/api/v1/auth/register", &dup_handle, ANON)
        .await
        .expect_error(409, "account_exists");
}

async fn the_database_itself_refuses_case_variants(db: Db) {
    let app = spawn(db).await;
    app.register("mei").await;
    // Bypass the application's normalisation entirely.
    let now = Utc::now();
    let err = atelier::entities::user::ActiveModel {
        email: Set("Mei@EXAMPLE.test".into()),
        handle: Set("Totally_New".into()),
        display_name: Set("x".into()),
        password_hash: Set("x".into()),
        role: Set("member".into()),
        bio: Set(String::new()),
        avatar_key: Set(None),
        expert_field: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap_err();
    assert!(atelier::error::is_unique_violation(&err), "{err:?}");
}

async fn bad_registrations_get_clear_codes(db: Db) {
    let app = spawn(db).await;
    let cases = [
        ("not-an-email", "okhandle", "123456789012", "invalid_email"),
        ("a@example.test", "x", "123456789012", "invalid_handle"),
        ("a@example.test", "okhandle", "short", "weak_password"),
        ("a@example.test", "okhandle", "123456789", "weak_password"),
    ];
    for (email, handle, password, code) in cases {
        app.post_json(
            "/api/v1/auth/register",
            &serde_json::json!({"email": email, "handle": handle, "display_name": "D", "password": password}),
            ANON,
        )
        .await
        .expect_error(422, code);
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(res, 400, "invalid_json").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(format!("{{\"email\":\"{}\"}}", "a".repeat(100_000)))
        .send()
        .await
        .unwrap();
    assert_error(res, 413, "payload_too_large").await;
}

async fn login_errors_do_not_reveal_whether_the_email_exists(db: Db) {
    let app = spawn(db).await;
    app.register("mei").await;
    let wrong = app.login("mei@example.test", "wrong-password-123").await;
    let wrong_body = wrong.expect_error(401, "invalid_credentials");
    let unknown = app.login("nobody@example.test", "wrong-password-123").await;
    let unknown_body = unknown.expect_error(401, "invalid_credentials");
    assert_eq!(wrong_body, unknown_body);
    let malformed = app.login("not an email", "wrong-password-123").await;
    assert_eq!(
        malformed.expect_error(401, "invalid_credentials"),
        wrong_body
    );
}

fn sign(claims: &serde_json::Value, key: &[u8], alg: Algorithm) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).unwrap()
}

async fn tampered_expired_and_foreign_tokens_are_rejected(db: Db) {
    let app = spawn(db).await;
    let t = app.register("mei").await;
    assert_eq!(me(&app, &t.access_token).await.status(), 200);
    let key = b"test-signing-key-0123456789abcdef";
    let now = Utc::now().timestamp();
    let claims = |exp: i64, aud: &str, iss: &str| {
        serde_json::json!({"sub": t.user.id.to_string(), "role": "admin", "iat": now - 10,
            "exp": exp, "jti": "x", "iss": iss, "aud": aud})
    };
    // A well-formed token made with the real key passes: the cases below fail for their one flaw.
    let good = sign(
        &claims(now + 60, "atelier-web", "atelier"),
        key,
        Algorithm::HS256,
    );
    assert_eq!(me(&app, &good).await.status(), 200);

    let expired = sign(
        &claims(now - 120, "atelier-web", "atelier"),
        key,
        Algorithm::HS256,
    );
    me(&app, &expired).await.expect_error(401, "token_expired");
    let wrong_aud = sign(
        &claims(now + 60, "someone-else", "atelier"),
        key,
        Algorithm::HS256,
    );
    me(&app, &wrong_aud)
        .await
        .expect_error(401, "invalid_token");
    let wrong_iss = sign(
        &claims(now + 60, "atelier-web", "evil"),
        key,
        Algorithm::HS256,
    );
    me(&app, &wrong_iss)
        .await
        .expect_error(401, "invalid_token");
    let wrong_alg = sign(
        &claims(now + 60, "atelier-web", "atelier"),
        key,
        Algorithm::HS512,
    );
    me(&app, &wrong_alg)
        .await
        .expect_error(401, "invalid_token");
    let other_key = sign(
        &claims(now + 60, "atelier-web", "atelier"),
        b"another-key-0123456789abcdefghij",
        Algorithm::HS256,
    );
    me(&app, &other_key)
        .await
        .expect_error(401, "invalid_token");

    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = t.access_token.split('.').nth(1).unwrap();
    let none = format!("{}.{payload}.", b64.encode(r#"{"alg":"none","typ":"JWT"}"#));
    me(&app, &none).await.expect_error(401, "invalid_token");

    // Tampered payload: claim another user id, keep the old signature.
    let mut parts: Vec<String> = t.access_token.split('.').map(str::to_owned).collect();
    let mut body: serde_json::Value =
        serde_json::from_slice(&b64.decode(&parts[1]).unwrap()).unwrap();
    body["sub"] = serde_json::json!((t.user.id + 1).to_string());
    parts[1] = b64.encode(serde_json::to_vec(&body).unwrap());
    me(&app, &parts.join("."))
        .await
        .expect_error(401, "invalid_token");

    app.get_json("/api/v1/me", ANON)
        .await
        .expect_error(401, "unauthenticated");
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_error(res, 401, "invalid_token").await;
}

async fn a_token_whose_nbf_lies_ahead_is_refused(db: Db) {
    let app = spawn(db).await;
    let t = app.register("mei").await;
    let key = b"test-signing-key-0123456789abcdef";
    let now = Utc::now().timestamp();
    let claims = |nbf: i64| {
        serde_json::json!({"sub": t.user.id.to_string(), "role": "member", "iat": now,
            "nbf": nbf, "exp": now + 600, "jti": "x", "iss": "atelier", "aud": "atelier-web"})
    };
    // Valid since a minute ago: accepted, so the refusal below is about `nbf` alone.
    let current = sign(&claims(now - 60), key, Algorithm::HS256);
    assert_eq!(me(&app, &current).await.status(), 200);
    let ahead = sign(&claims(now + 3600), key, Algorithm::HS256);
    me(&app, &ahead).await.expect_error(401, "invalid_token");
}

/// A refresh by API client: the token in the body, no cookie, no Origin.
async fn refresh(app: &TestApp, token: &str) -> Answer {
    let body = RefreshRequest {
        refresh_token: Some(token.to_owned()),
    };
    app.post_json("/api/v1/auth/refresh", &body, ANON).await
}

async fn refresh_rotates_and_reuse_revokes_the_family(db: Db) {
    // No grace: any second use is a reuse (the grace has its own tests).
    let app = spawn_with(db, |s| s.auth.refresh_grace_secs = 0).await;
    let (_, first_token) = register_with_cookie(&app, "mei").await;
    let second_res = refresh(&app, &first_token).await.expect_status(200);
    let second_token = refresh_cookie(&second_res.headers).unwrap();
    let second: TokenResponse = second_res.json();
    assert_ne!(second_token, first_token);
    assert_eq!(me(&app, &second.access_token).await.status(), 200);
    // The stored value is a hash, never the token.
    use sea_orm::EntityTrait;
    let rows = atelier::entities::refresh_token::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.token_hash != second_token && r.token_hash.len() == 64)
    );

    // Replaying the spent token is theft: the whole family goes.
    refresh(&app, &first_token)
        .await
        .expect_error(401, "refresh_token_reused");
    refresh(&app, &second_token)
        .await
        .expect_error(401, "refresh_token_reused");
    // Another log-in (another family) is unaffected.
    let login = app.login("mei@example.test", PASSWORD).await;
    let other = refresh_cookie(&login.headers).unwrap();
    refresh(&app, &other).await.expect_status(200);
    refresh(&app, "made-up-token")
        .await
        .expect_error(401, "invalid_refresh_token");
}

async fn logout_revokes_the_session(db: Db) {
    let app = spawn(db).await;
    let (_, token) = register_with_cookie(&app, "mei").await;
    let body = RefreshRequest {
        refresh_token: Some(token.clone()),
    };
    app.post_json("/api/v1/auth/logout", &body, ANON)
        .await
        .expect_status(204);
    refresh(&app, &token).await.expect_status(401);
}

async fn login_is_rate_limited_with_retry_after(db: Db) {
    let app = spawn_with(db, |s| {
        s.auth.rate_limit_attempts = 3;
        s.auth.rate_limit_window_secs = 120;
    })
    .await;
    // Registration has its own bucket.
    app.register("mei").await;
    for _ in 0..3 {
        assert_eq!(
            app.login("mei@example.test", "wrong-password-1")
                .await
                .status(),
            401
        );
    }
    let res = app.login("mei@example.test", PASSWORD).await;
    let retry = res.retry_after();
    assert!((1..=120).contains(&retry), "{retry}");
    res.expect_error(429, "rate_limited");
}

async fn registration_is_rate_limited_per_ip(db: Db) {
    let app = spawn_with(db, |s| s.auth.rate_limit_attempts = 2).await;
    app.register("one_user").await;
    app.register("two_user").await;
    let body = atelier_api::RegisterRequest {
        email: "three@example.test".into(),
        handle: "three".into(),
        display_name: "Three".into(),
        password: PASSWORD.into(),
    };
    let res = app.post_json("/api/v1/auth/register", &body, ANON).await;
    assert!(res.headers.contains_key("retry-after"));
    res.expect_error(429, "rate_limited");
}

async fn the_cli_creates_the_first_admin(db: Db) {
    let app = spawn(db).await;
    let url = app.settings.database_url();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args([
            "admin",
            "create-user",
            "--email",
            "Boss@Example.test",
            "--handle",
            "boss",
            "--role",
            "admin",
        ])
        .env("ATELIER_DATABASE_URL", &url)
        .env("ATELIER_DATA_DIR", app.data_dir())
        .env("ATELIER_ADMIN_PASSWORD", "a-very-long-admin-password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t: TokenResponse = app
        .login("boss@example.test", "a-very-long-admin-password")
        .await
        .json();
    assert_eq!(t.user.role, atelier_api::Role::Admin);
    // A weak password is refused with a clear message and a failing exit.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args([
            "admin",
            "create-user",
            "--email",
            "b2@example.test",
            "--handle",
            "boss2",
            "--password",
            "short",
        ])
        .env("ATELIER_DATABASE_URL", &url)
        .env("ATELIER_DATA_DIR", app.data_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10"));
}
