//! Abuse resistance: who the client is behind proxies, log-in limits that
//! a stranger cannot turn against the owner, limits shared through the
//! database, uploads refused before their body is read, the upload cap and
//! the palette-check throttle, and email lookups that use their index.

use std::time::Duration;

use atelier_api::{LoginRequest, RegisterRequest, Role};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement, TransactionTrait};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both_databases;
use crate::challenge_admin::{challenge_body, create_challenge};
use crate::entries::{open_challenge, submit};
use crate::helpers::{
    Db, PASSWORD, TestApp, assert_error, png_bytes, spawn, spawn_settings, spawn_with,
};

both_databases!(
    a_strangers_wrong_passwords_do_not_lock_the_owner_out,
    forwarded_headers_from_an_untrusted_peer_are_ignored,
    ipv6_clients_share_one_bucket_per_64,
    registration_stays_limited_per_client,
    the_database_store_shares_limits_between_instances,
    expired_counters_are_pruned_from_the_database,
    uploads_are_refused_before_their_body_is_read,
    uploads_beyond_the_cap_are_told_to_come_back,
    palette_checks_are_throttled_per_account,
    email_lookups_use_the_lower_email_index,
);

async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", client)
        .json(&LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        })
        .send()
        .await
        .unwrap()
}

async fn register_from(app: &TestApp, client: &str, handle: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/register"))
        .header("x-forwarded-for", client)
        .json(&RegisterRequest {
            email: format!("{handle}@example.test"),
            handle: handle.to_owned(),
            display_name: handle.to_owned(),
            password: PASSWORD.to_owned(),
        })
        .send()
        .await
        .unwrap()
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()
        .get("retry-after")
        .unwrap_or_else(|| panic!("no Retry-After on {}", res.status()))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Behind a trusted proxy on loopback, `X-Forwarded-For` tells clients apart.
fn behind_proxy(s: &mut atelier::config::Settings) {
    s.http.trusted_proxies = vec!["127.0.0.1".into(), "::1".into()];
    s.auth.rate_limit_attempts = 3;
    s.auth.rate_limit_window_secs = 120;
    s.auth.login_free_failures = 2;
    s.auth.login_delay_base_ms = 20;
    s.auth.login_max_delay_ms = 200;
}

async fn a_strangers_wrong_passwords_do_not_lock_the_owner_out(db: Db) {
    let app = spawn_with(db, behind_proxy).await;
    app.register("mei").await;
    let email = "mei@example.test";
    let stranger = "198.51.100.66";
    let owner = "203.0.113.5";
    for i in 0..3 {
        let res = login_from(&app, stranger, email, &format!("guess-{i}-wrong")).await;
        assert_eq!(res.status(), 401, "guess {i}");
    }
    // The stranger's client is refused now, even with the right password...
    for _ in 0..5 {
        let res = login_from(&app, stranger, email, "guess-again-wrong").await;
        let wait = retry_after(&res);
        assert!((1..=120).contains(&wait), "{wait}");
        assert_error(res, 429, "rate_limited").await;
    }
    assert_error(
        login_from(&app, stranger, email, PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
    // ...while a second stranger keeps failing on the same account,
    let other = "198.51.100.67";
    for i in 0..3 {
        let res = login_from(&app, other, email, &format!("more-{i}-wrong")).await;
        assert_eq!(res.status(), 401);
    }
    // the owner, from a client that has not been failing, logs straight in,
    // again and again: successes never count.
    for _ in 0..6 {
        let res = login_from(&app, owner, email, PASSWORD).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    // The owner's own typo is an ordinary 401, not a refusal.
    assert_eq!(
        login_from(&app, owner, email, "a-typo-in-there")
            .await
            .status(),
        401
    );
    assert_eq!(login_from(&app, owner, email, PASSWORD).await.status(), 200);
}

async fn forwarded_headers_from_an_untrusted_peer_are_ignored(db: Db) {
    // No trusted proxies: whatever a client claims, it is its peer address.
    let app = spawn_with(db, |s| {
        s.auth.rate_limit_attempts = 2;
        s.auth.rate_limit_window_secs = 120;
    })
    .await;
    app.register("mei").await;
    let email = "mei@example.test";
    assert_eq!(
        login_from(&app, "192.0.2.1", email, "wrong-one-1")
            .await
            .status(),
        401
    );
    assert_eq!(
        login_from(&app, "192.0.2.2", email, "wrong-two-2")
            .await
            .status(),
        401
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("forwarded", "for=192.0.2.3")
        .json(&LoginRequest {
            email: email.into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_error(res, 429, "rate_limited").await;
}

async fn ipv6_clients_share_one_bucket_per_64(db: Db) {
    let app = spawn_with(db, |s| {
        behind_proxy(s);
        s.auth.rate_limit_attempts = 2;
        s.auth.login_free_failures = 50;
    })
    .await;
    app.register("mei").await;
    let email = "mei@example.test";
    for client in ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9"] {
        assert_eq!(
            login_from(&app, client, email, "wrong-password")
                .await
                .status(),
            401
        );
    }
    assert_error(
        login_from(&app, "2001:db8:1:2:abcd::1", email, PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
    // The next /64 is someone else.
    assert_eq!(
        login_from(&app, "2001:db8:1:3::1", email, PASSWORD)
            .await
            .status(),
        200
    );
    // RFC 7239 syntax works the same.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("forwarded", r#"for="[2001:db8:1:2::77]:4711";proto=https"#)
        .json(&LoginRequest {
            email: email.into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_error(res, 429, "rate_limited").await;
}

async fn registration_stays_limited_per_client(db: Db) {
    let app = spawn_with(db, behind_proxy).await;
    for h in ["one", "two", "three"] {
        assert_eq!(register_from(&app, "198.51.100.1", h).await.status(), 201);
    }
    let res = register_from(&app, "198.51.100.1", "four").await;
    assert!(retry_after(&res) >= 1);
    assert_error(res, 429, "rate_limited").await;
    assert_eq!(
        register_from(&app, "198.51.100.2", "five").await.status(),
        201
    );
}

async fn the_database_store_shares_limits_between_instances(db: Db) {
    let configure = |s: &mut atelier::config::Settings| {
        s.auth.rate_limit_store = atelier::config::RateLimitStore::Database;
        s.auth.rate_limit_attempts = 3;
        s.auth.rate_limit_window_secs = 120;
    };
    let first = spawn_with(db, configure).await;
    let mut settings = first.settings.clone();
    settings.database_url = Some(secrecy::SecretString::from(first.settings.database_url()));
    let second = spawn_settings(settings, tempfile::tempdir().unwrap(), None).await;
    first.register("mei").await;
    let email = "mei@example.test";
    assert_eq!(first.login(email, "wrong-on-first").await.status(), 401);
    assert_eq!(second.login(email, "wrong-on-second").await.status(), 401);
    assert_eq!(first.login(email, "wrong-on-first-2").await.status(), 401);
    // Three failures between the two nodes: both refuse the client now.
    assert_error(second.login(email, PASSWORD).await, 429, "rate_limited").await;
    assert_error(first.login(email, PASSWORD).await, 429, "rate_limited").await;
    // The table holds hashed keys only: no address and no email.
    let rows = first
        .db
        .query_all_raw(Statement::from_string(
            first.db.get_database_backend(),
            "SELECT key, count FROM rate_limits",
        ))
        .await
        .unwrap();
    assert!(rows.len() >= 2, "per client and per account");
    for row in rows {
        let key: String = row.try_get("", "key").unwrap();
        assert_eq!(key.len(), 32, "{key}");
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    }
}

async fn expired_counters_are_pruned_from_the_database(db: Db) {
    use atelier::auth::rate_limit::{KeyHasher, Limiter, PRUNE_EVERY, Rule};
    let app = spawn(db).await;
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "INSERT INTO rate_limits (key, window_start, count, expires_at) \
             VALUES ('00000000000000000000000000000000', 0, 3, 60)",
        ))
        .await
        .unwrap();
    let limiter = Limiter::database(app.db.clone(), KeyHasher::derived(b"test secret"));
    let rule = Rule {
        scope: "test",
        limit: 1000,
        window: Duration::from_secs(600),
    };
    for i in 0..PRUNE_EVERY {
        let c = limiter.add(&rule, "someone").await.unwrap();
        assert_eq!(u64::from(c.count), i + 1);
    }
    let count = |sql: &'static str| {
        let db = &app.db;
        async move {
            db.query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM rate_limits WHERE expires_at = 60").await,
        0,
        "the expired counter is gone"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM rate_limits").await,
        1,
        "the live one stays"
    );
    assert_eq!(
        limiter.peek(&rule, "someone").await.unwrap().count,
        u32::try_from(PRUNE_EVERY).unwrap()
    );
}

/// Sends the head of a POST with a large declared body and only `sent`
/// bytes of it, then reads the answer without sending more.
async fn partial_post(
    app: &TestApp,
    path: &str,
    token: &str,
    content_type: &str,
    declared: usize,
    sent: usize,
) -> (tokio::net::TcpStream, u16, String) {
    let host = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {declared}\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&vec![b'x'; sent]).await.unwrap();
    let (status, body) = tokio::time::timeout(Duration::from_secs(15), read_answer(&mut socket))
        .await
        .expect("the answer arrives without the rest of the body");
    (socket, status, body)
}

async fn read_answer(socket: &mut tokio::net::TcpStream) -> (u16, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if body.len() >= len || n == 0 {
                let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                return (status, body.to_owned());
            }
        }
        assert!(n > 0, "connection closed without an answer: {text:?}");
    }
}

async fn uploads_are_refused_before_their_body_is_read(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "open-now", 1).await;
    create_challenge(&app, &staff.access_token, &challenge_body("later", 5)).await;
    let mei = app.register("mei").await;
    submit(
        &app,
        &mei.access_token,
        "open-now",
        "First",
        png_bytes(64, 64),
    )
    .await;
    let multipart = "multipart/form-data; boundary=XyZ";
    let twenty_mb = 20 * 1024 * 1024;
    let cases = [
        (
            "/api/v1/challenges/later/entries",
            &mei.access_token,
            409,
            "submissions_closed",
        ),
        (
            "/api/v1/challenges/nowhere/entries",
            &mei.access_token,
            404,
            "not_found",
        ),
        (
            "/api/v1/challenges/open-now/entries",
            &mei.access_token,
            409,
            "entry_limit_reached",
        ),
        (
            "/api/v1/challenges/open-now/entries",
            &staff.access_token,
            403,
            "forbidden",
        ),
    ];
    for (path, token, status, code) in cases {
        let (_socket, got, body) =
            partial_post(&app, path, token, multipart, twenty_mb, 8 * 1024).await;
        assert_eq!(got, status, "{path}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["code"], code, "{path}");
    }
    // The palette check too: a topic challenge has no palette.
    let (_socket, got, body) = partial_post(
        &app,
        "/api/v1/challenges/open-now/palette-check",
        &mei.access_token,
        "image/png",
        twenty_mb,
        8 * 1024,
    )
    .await;
    assert_eq!(got, 409, "{body}");
    assert!(body.contains("not_a_colour_challenge"), "{body}");
}

async fn uploads_beyond_the_cap_are_told_to_come_back(db: Db) {
    let app = spawn_with(db, |s| s.media.max_concurrent_uploads = 1).await;
    open_challenge(&app, "busy", 2).await;
    let mei = app.register("mei").await;
    let jun = app.register("jun").await;
    // Mei's upload is slow: a few bytes of a declared megabyte, then nothing.
    let host = app.address.trim_start_matches("http://").to_owned();
    let slow_upload = || async {
        let mut slow = tokio::net::TcpStream::connect(&host).await.unwrap();
        let head = format!(
            "POST /api/v1/challenges/busy/entries HTTP/1.1\r\nHost: {host}\r\n\
             Authorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\
             Content-Length: 1048576\r\n\r\n--XyZ\r\n",
            mei.access_token
        );
        slow.write_all(head.as_bytes()).await.unwrap();
        slow
    };
    // Jun's probes (not an image) are 415 when there is room, 503 when not.
    let probe = || async {
        let form = reqwest::multipart::Form::new().text("title", "Probe").part(
            "file",
            reqwest::multipart::Part::bytes(b"not an image".to_vec()),
        );
        app.request(
            Method::POST,
            "/api/v1/challenges/busy/entries",
            Some(&jun.access_token),
        )
        .multipart(form)
        .send()
        .await
        .unwrap()
    };
    // Give the slow upload time to take its place first; on a loaded
    // machine a probe may still get there first, so try a few times.
    let mut busy = None;
    let mut slow = None;
    for _ in 0..5 {
        let s = slow_upload().await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let res = probe().await;
        if res.status() == 503 {
            busy = Some(res);
            slow = Some(s);
            break;
        }
        assert_eq!(res.status(), 415, "{}", res.text().await.unwrap());
    }
    let busy = busy.expect("a second upload is refused while the first holds the only place");
    assert!(retry_after(&busy) >= 1);
    assert_error(busy, 503, "uploads_busy").await;
    // The slow client goes away; its place is free again.
    drop(slow);
    let mut freed = false;
    for _ in 0..100 {
        let res = probe().await;
        if res.status() == 415 {
            freed = true;
            break;
        }
        assert_eq!(res.status(), 503);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(freed, "the place is released when the upload ends");
}

async fn palette_checks_are_throttled_per_account(db: Db) {
    let app = spawn_with(db, |s| s.media.palette_checks_per_minute = 2).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let mut body = challenge_body("red-dusk", -1);
    body["theme"] = json!("colour");
    body["palette"] = json!(["#c81e1e", "#1e1ec8"]);
    create_challenge(&app, &staff.access_token, &body).await;
    let mei = app.register("mei").await;
    let jun = app.register("jun").await;
    let check = |token: String| {
        let app = &app;
        async move {
            app.request(
                Method::POST,
                "/api/v1/challenges/red-dusk/palette-check",
                Some(&token),
            )
            .header("content-type", "image/png")
            .body(png_bytes(64, 64))
            .send()
            .await
            .unwrap()
        }
    };
    for _ in 0..2 {
        assert_eq!(check(mei.access_token.clone()).await.status(), 200);
    }
    let res = check(mei.access_token.clone()).await;
    let wait = retry_after(&res);
    assert!((1..=60).contains(&wait), "{wait}");
    assert_error(res, 429, "rate_limited").await;
    assert_eq!(
        check(jun.access_token.clone()).await.status(),
        200,
        "per account"
    );
}

async fn email_lookups_use_the_lower_email_index(db: Db) {
    let app = spawn(db).await;
    for h in ["mei", "jun", "lin"] {
        app.register(h).await;
    }
    let backend = app.db.get_database_backend();
    // The very query log-in runs, built by the same function.
    let query = atelier::auth::service::user_by_email("Mei@Example.TEST").build(backend);
    let values = query.values.clone().map(|v| v.0).unwrap_or_default();
    let txn = app.db.begin().await.unwrap();
    let plan: Vec<String> = match db {
        Db::Postgres => {
            // A three-row table is cheaper to scan; ask whether the index *can* serve.
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .unwrap();
            let rows = txn
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    format!("EXPLAIN {}", query.sql),
                    values,
                ))
                .await
                .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap())
                .collect()
        }
        Db::Sqlite => {
            let rows = txn
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    format!("EXPLAIN QUERY PLAN {}", query.sql),
                    values,
                ))
                .await
                .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String>("", "detail").unwrap())
                .collect()
        }
    };
    let plan = plan.join("\n");
    assert!(plan.contains("ux_users_email"), "{}\n{plan}", query.sql);
    assert!(plan.contains("Index") || plan.contains("INDEX"), "{plan}");
    assert!(!plan.contains("Seq Scan"), "{plan}");
    txn.rollback().await.unwrap();
    // And log-in finds the account whatever the case of the address.
    assert_eq!(app.login("MEI@example.test", PASSWORD).await.status(), 200);
}
