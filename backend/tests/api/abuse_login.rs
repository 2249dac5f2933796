//! Abuse resistance around accounts: who the client is behind proxies,
//! log-in limits that a stranger cannot turn against the owner, limits
//! shared through the database, and email lookups that use their index.

use std::time::Duration;

use atelier_api::{LoginRequest, RegisterRequest};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement, TransactionTrait};

use crate::both_databases;
use crate::helpers::{
    ANON, Answer, Answered, Db, PASSWORD, TestApp, spawn, spawn_settings, spawn_with,
};

both_databases!(
    a_strangers_wrong_passwords_do_not_lock_the_owner_out,
    forwarded_headers_from_an_untrusted_peer_are_ignored,
    ipv6_clients_share_one_bucket_per_64,
    registration_stays_limited_per_client,
    the_database_store_shares_limits_between_instances,
    expired_counters_are_pruned_from_the_database,
    email_lookups_use_the_lower_email_index,
);

/// A log-in from `client`, as a trusted proxy forwards it.
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> Answer {
    let body = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
    };
    app.request(Method::POST, "/api/v1/auth/login", ANON)
        .header("x-forwarded-for", client)
        .json(&body)
        .answer()
        .await
}

async fn register_from(app: &TestApp, client: &str, handle: &str) -> Answer {
    let body = RegisterRequest {
        email: format!("{handle}@example.test"),
        handle: handle.to_owned(),
        display_name: handle.to_owned(),
        password: PASSWORD.to_owned(),
    };
    app.request(Method::POST, "/api/v1/auth/register", ANON)
        .header("x-forwarded-for", client)
        .json(&body)
        .answer()
        .await
}

/// A log-in with a `Forwarded` header (RFC 7239).
async fn login_forwarded(app: &TestApp, forwarded: &str, email: &str) -> Answer {
    let body = LoginRequest {
        email: email.into(),
        password: PASSWORD.into(),
    };
    app.request(Method::POST, "/api/v1/auth/login", ANON)
        .header("forwarded", forwarded)
        .json(&body)
        .answer()
        .await
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
        let wait = res.retry_after();
        assert!((1..=120).contains(&wait), "{wait}");
        res.expect_error(429, "rate_limited");
    }
    login_from(&app, stranger, email, PASSWORD)
        .await
        .expect_error(429, "rate_limited");
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
        assert_eq!(res.status(), 200, "{}", res.text());
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
    login_forwarded(&app, "for=192.0.2.3", email)
        .await
        .expect_error(429, "rate_limited");
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
    login_from(&app, "2001:db8:1:2:abcd::1", email, PASSWORD)
        .await
        .expect_error(429, "rate_limited");
    // The next /64 is someone else.
    assert_eq!(
        login_from(&app, "2001:db8:1:3::1", email, PASSWORD)
            .await
            .status(),
        200
    );
    // RFC 7239 syntax works the same.
    let forwarded = r#"for="[2001:db8:1:2::77]:4711";proto=https"#;
    login_forwarded(&app, forwarded, email)
        .await
        .expect_error(429, "rate_limited");
}

async fn registration_stays_limited_per_client(db: Db) {
    let app = spawn_with(db, behind_proxy).await;
    for h in ["one", "two", "three"] {
        assert_eq!(register_from(&app, "198.51.100.1", h).await.status(), 201);
    }
    let res = register_from(&app, "198.51.100.1", "four").await;
    assert!(res.retry_after() >= 1);
    res.expect_error(429, "rate_limited");
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
    second
        .login(email, PASSWORD)
        .await
        .expect_error(429, "rate_limited");
    first
        .login(email, PASSWORD)
        .await
        .expect_error(429, "rate_limited");
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
