//! Email verification over a real SMTP server on loopback (and through the
//! log without one).

use atelier_api::{Me, MyVote, Poll, TokenResponse};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answer, Answered, Db, PASSWORD, TestApp, User, png_bytes, spawn_with};
use crate::mail_helpers::{SmtpServer, logged_mail_to, mail_log, token_in};

both_databases!(
    registration_mails_a_link_that_verifies_the_account,
    unverified_members_may_not_vote_cast_ballots_or_submit_until_verified,
    without_smtp_verification_is_optional_and_the_link_is_logged,
    invalid_and_expired_links_and_resending_get_their_codes,
    accounts_from_before_the_migration_and_the_cli_count_as_verified,
);

/// Registers `handle` with `Accept-Language` when given.
async fn register_in(app: &TestApp, handle: &str, accept_language: Option<&str>) -> TokenResponse {
    let mut rb = app
        .request(Method::POST, "/api/v1/auth/register", ANON)
        .json(&json!({
            "email": format!("{handle}@example.test"),
            "handle": handle,
            "display_name": format!("{handle} display"),
            "password": PASSWORD,
        }));
    if let Some(l) = accept_language {
        rb = rb.header("accept-language", l);
    }
    rb.answer().await.expect_status(201).json()
}

async fn me(app: &TestApp, who: &User) -> Me {
    app.get_json("/api/v1/me", who)
        .await
        .expect_status(200)
        .json()
}

async fn verify(app: &TestApp, token: &str) -> Answer {
    app.post_json(
        "/api/v1/auth/verify-email",
        &json!({ "token": token }),
        ANON,
    )
    .await
}

async fn resend(app: &TestApp, who: Option<&User>) -> Answer {
    let token = who.map(|u| u.token.as_str());
    app.call(Method::POST, "/api/v1/auth/resend-verification", token)
        .await
}

async fn registration_mails_a_link_that_verifies_the_account(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with(db, |s| smtp.configure(s)).await;

    let registered = register_in(&app, "mei", Some("zh-TW,zh;q=0.9,en;q=0.5")).await;
    assert!(!registered.user.email_verified);
    let mei = User::from(registered);
    let mail = smtp.mail_to("mei@example.test", 0).await;
    assert_eq!(mail.from, "no-reply@atelier.test");
    assert_eq!(mail.subject(), "請確認您在 Atelier 的電子郵件地址");
    let raw = mail.raw_subject();
    assert!(raw.is_ascii(), "the header is encoded for the wire: {raw}");
    assert!(raw.to_lowercase().contains("=?utf-8?"), "RFC 2047: {raw}");
    let text = mail.text();
    assert!(text.contains("mei display 您好"), "{text}");
    assert!(
        !text.contains("Hello"),
        "one language when it is known: {text}"
    );
    let link_prefix = format!("{}/verify-email?token=", app.address);
    assert!(text.contains(&link_prefix), "{text}");
    let token = token_in(&text);
    assert!(token.len() >= 40, "a long random token: {token}");

    assert!(!me(&app, &mei).await.email_verified);
    verify(&app, &token).await.expect_status(204);
    assert!(me(&app, &mei).await.email_verified);
    // The link may be opened again (mail clients prefetch links).
    verify(&app, &token).await.expect_status(204);
    assert!(me(&app, &mei).await.email_verified);
    // Only a hash of the token is stored.
    let rows = atelier::entities::email_verification::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.token_hash != token && r.token_hash.len() == 64)
    );

    register_in(&app, "ken", Some("en-GB")).await;
    let en = smtp.mail_to("ken@example.test", 0).await;
    assert_eq!(en.subject(), "Confirm your email address for Atelier");
    register_in(&app, "ana", Some("pt-BR")).await;
    let both = smtp.mail_to("ana@example.test", 0).await;
    assert!(
        both.subject().contains("Confirm") && both.subject().contains("請確認"),
        "{}",
        both.subject()
    );
    let text = both.text();
    assert!(text.contains("Hello ana display") && text.contains("ana display 您好"));
}

async fn unverified_members_may_not_vote_cast_ballots_or_submit_until_verified(db: Db) {
    let smtp = SmtpServer::start();
    // With SMTP configured, verification is required without saying so.
    let app = spawn_with(db, |s| smtp.configure(s)).await;
    let staff = app.open_challenge("lanterns", 2).await;
    let author = app.as_member("author").await;
    app.submit_entry(
        &author,
        "lanterns",
        "Red lantern",
        "red",
        png_bytes(120, 100),
    )
    .await
    .expect_error(403, "email_unverified");
    let mail = smtp.mail_to("author@example.test", 0).await;
    verify(&app, &token_in(&mail.text()))
        .await
        .expect_status(204);
    let entry = app
        .new_entry(&author, "lanterns", "Red lantern", png_bytes(120, 100))
        .await;
    app.override_phase(&staff, "lanterns", Some("voting")).await;

    let poll: Poll = app
        .create_poll(
            &staff,
            &json!({
                "question": "Which name?",
                "product": "Oolong",
                "description": "Two names from the community.",
                "method": "single",
                "eligibility": "all_members",
                "allow_change": true,
                "opens_at": Utc::now() - Duration::minutes(1),
                "closes_at": Utc::now() + Duration::hours(1),
                "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
            }),
        )
        .await;
    let choice = [poll.options[0].id];

    let voter = app.as_member("voter").await;
    app.vote(&voter, entry.id, 5)
        .await
        .expect_error(403, "email_unverified");
    app.ballot(&voter, poll.id, &choice)
        .await
        .expect_error(403, "email_unverified");
    let mine: MyVote = app
        .get_json(&format!("/api/v1/entries/{}/vote", entry.id), &voter)
        .await
        .json();
    assert!(!mine.can_vote);

    let mail = smtp.mail_to("voter@example.test", 0).await;
    verify(&app, &token_in(&mail.text()))
        .await
        .expect_status(204);
    app.vote(&voter, entry.id, 5).await.expect_status(200);
    app.ballot(&voter, poll.id, &choice)
        .await
        .expect_status(200);
}

async fn without_smtp_verification_is_optional_and_the_link_is_logged(db: Db) {
    mail_log();
    let app = spawn_with(db, |_| {}).await;
    assert!(!app.settings.smtp_configured());
    app.open_challenge("sketches", 1).await;
    let handle = format!("sora{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let sora = app.as_member(&handle).await;
    let record = logged_mail_to(&format!("{handle}@example.test")).await;
    assert!(
        record.contains(&format!("{}/verify-email?token=", app.address)),
        "{record}"
    );
    // Not required without SMTP: the unverified member may submit.
    app.new_entry(&sora, "sketches", "A sketch", png_bytes(100, 100))
        .await;
    assert!(!me(&app, &sora).await.email_verified);
    verify(&app, &token_in(&record)).await.expect_status(204);
    assert!(me(&app, &sora).await.email_verified);
    // Resending works through the log as well.
    resend(&app, Some(&sora))
        .await
        .expect_error(409, "already_verified");
}

async fn invalid_and_expired_links_and_resending_get_their_codes(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with(db, |s| {
        smtp.configure(s);
        // Links expire at once; one extra mail per hour.
        s.auth.email_verification_ttl_hours = 0;
        s.auth.resend_verification_per_hour = 1;
    })
    .await;
    verify(&app, "not-a-token")
        .await
        .expect_error(400, "verification_invalid");
    verify(&app, "  ")
        .await
        .expect_error(400, "verification_invalid");
    app.post_json("/api/v1/auth/verify-email", &json!({}), ANON)
        .await
        .expect_status(400);

    let kai = app.as_member("kai").await;
    let first = smtp.mail_to("kai@example.test", 0).await;
    verify(&app, &token_in(&first.text()))
        .await
        .expect_error(410, "verification_expired");
    assert!(!me(&app, &kai).await.email_verified);

    resend(&app, None)
        .await
        .expect_error(401, "unauthenticated");
    resend(&app, Some(&kai)).await.expect_status(204);
    let second = smtp.mail_to("kai@example.test", 1).await;
    assert_ne!(token_in(&second.text()), token_in(&first.text()));
    let res = resend(&app, Some(&kai)).await;
    assert!(res.headers.contains_key("retry-after"));
    res.expect_error(429, "rate_limited");
    assert_eq!(smtp.count_to("kai@example.test"), 2);

    // A link that is still valid verifies; afterwards resending is refused.
    let row = atelier::entities::email_verification::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|r| r.id)
        .unwrap();
    let mut am: atelier::entities::email_verification::ActiveModel = row.into();
    am.expires_at = Set(Utc::now() + Duration::hours(1));
    am.update(&app.db).await.unwrap();
    verify(&app, &token_in(&second.text()))
        .await
        .expect_status(204);
    assert!(me(&app, &kai).await.email_verified);
    resend(&app, Some(&kai))
        .await
        .expect_error(409, "already_verified");
}

async fn accounts_from_before_the_migration_and_the_cli_count_as_verified(db: Db) {
    use migration::{Alias, MigratorTrait, Query};
    use sea_orm::ConnectionTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = match db {
        Db::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("before.db").display()
        ),
        Db::Postgres => {
            let name = format!("atelier_test_{}", uuid::Uuid::new_v4().simple());
            crate::helpers::postgres_admin()
                .await
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            format!("{}/{name}", crate::helpers::postgres_base_url())
        }
    };
    let conn = sea_orm::Database::connect(&url).await.unwrap();
    // The schema as it was before email verification: the first four migrations.
    migration::Migrator::up(&conn, Some(4)).await.unwrap();
    let joined = Utc::now() - Duration::days(30);
    let insert = Query::insert()
        .into_table(Alias::new("users"))
        .columns(
            [
                "email",
                "handle",
                "display_name",
                "password_hash",
                "role",
                "bio",
                "created_at",
                "updated_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            "early@example.test".into(),
            "early".into(),
            "Early".into(),
            "x".into(),
            "member".into(),
            "".into(),
            joined.into(),
            joined.into(),
        ])
        .to_owned();
    conn.execute(&insert).await.unwrap();
    migration::Migrator::up(&conn, None).await.unwrap();
    let early = atelier::entities::user::Entity::find()
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let verified_at = early.email_verified_at.expect("backfilled as verified");
    assert!((verified_at - joined).num_seconds().abs() <= 1);

    // `atelier admin create-user` vouches for the address too.
    let app = spawn_with(db, |_| {}).await;
    let m = atelier::users::service::create_from_cli(
        &app.db,
        "ops@example.test",
        "ops",
        "Ops",
        PASSWORD,
        atelier_api::Role::Admin,
    )
    .await
    .unwrap();
    assert!(m.email_verified_at.is_some());
    let plain = app.register("plain").await;
    assert!(!plain.user.email_verified);
}
