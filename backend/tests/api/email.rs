//! Email verification over a real SMTP server on loopback (and through the
//! log without one), and discounting the votes behind an integrity flag.

use atelier_api::{AuditList, ChallengeResults, Me, TokenResponse, VoteFlagList};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::both_databases;
use crate::challenge_admin::override_phase;
use crate::entries::{open_challenge, submit, submit_raw};
use crate::helpers::{Db, PASSWORD, TestApp, assert_error, png_bytes, spawn_with};
use crate::mail_helpers::{SmtpServer, logged_mail_to, mail_log, token_in};

both_databases!(
    registration_mails_a_link_that_verifies_the_account,
    unverified_members_may_not_vote_cast_ballots_or_submit_until_verified,
    without_smtp_verification_is_optional_and_the_link_is_logged,
    invalid_and_expired_links_and_resending_get_their_codes,
    discounting_a_burst_flag_takes_its_votes_out_of_the_results,
    accounts_from_before_the_migration_and_the_cli_count_as_verified,
    poll_flags_can_be_reviewed_but_not_discounted,
);

async fn register_in(app: &TestApp, handle: &str, accept_language: Option<&str>) -> TokenResponse {
    let mut rb = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({
            "email": format!("{handle}@example.test"),
            "handle": handle,
            "display_name": format!("{handle} display"),
            "password": PASSWORD,
        }));
    if let Some(l) = accept_language {
        rb = rb.header("accept-language", l);
    }
    let res = rb.send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn me(app: &TestApp, token: &str) -> Me {
    let res = app
        .request(Method::GET, "/api/v1/me", Some(token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/verify-email", &json!({ "token": token }))
        .await
}

async fn resend(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/resend-verification", token)
        .send()
        .await
        .unwrap()
}

async fn vote(app: &TestApp, token: &str, entry: i64, score: i16) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/entries/{entry}/vote"),
        Some(token),
    )
    .json(&json!({ "score": score }))
    .send()
    .await
    .unwrap()
}

async fn registration_mails_a_link_that_verifies_the_account(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with(db, |s| smtp.configure(s)).await;

    let mei = register_in(&app, "mei", Some("zh-TW,zh;q=0.9,en;q=0.5")).await;
    assert!(!mei.user.email_verified);
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

    assert!(!me(&app, &mei.access_token).await.email_verified);
    assert_eq!(verify(&app, &token).await.status(), 204);
    assert!(me(&app, &mei.access_token).await.email_verified);
    // The link may be opened again (mail clients prefetch links).
    assert_eq!(verify(&app, &token).await.status(), 204);
    assert!(me(&app, &mei.access_token).await.email_verified);
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
    let staff = open_challenge(&app, "lanterns", 2).await;
    let author = app.register("author").await;
    let res = submit_raw(
        &app,
        &author.access_token,
        "lanterns",
        "Red lantern",
        "red",
        png_bytes(120, 100),
    )
    .await;
    assert_error(res, 403, "email_unverified").await;
    let mail = smtp.mail_to("author@example.test", 0).await;
    assert_eq!(verify(&app, &token_in(&mail.text())).await.status(), 204);
    let entry = submit(
        &app,
        &author.access_token,
        "lanterns",
        "Red lantern",
        png_bytes(120, 100),
    )
    .await;
    override_phase(&app, &staff.access_token, "lanterns", Some("voting")).await;

    let res = app
        .request(Method::POST, "/api/v1/polls", Some(&staff.access_token))
        .json(&json!({
            "question": "Which name?",
            "product": "Oolong",
            "description": "Two names from the community.",
            "method": "single",
            "eligibility": "all_members",
            "allow_change": true,
            "opens_at": Utc::now() - Duration::minutes(1),
            "closes_at": Utc::now() + Duration::hours(1),
            "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let poll: atelier_api::Poll = res.json().await.unwrap();
    let ballot = |token: String| {
        let app = &app;
        let (pid, oid) = (poll.id, poll.options[0].id);
        async move {
            app.request(
                Method::PUT,
                &format!("/api/v1/polls/{pid}/ballot"),
                Some(&token),
            )
            .json(&json!({ "choices": [oid] }))
            .send()
            .await
            .unwrap()
        }
    };

    let voter = app.register("voter").await;
    assert_error(
        vote(&app, &voter.access_token, entry.id, 5).await,
        403,
        "email_unverified",
    )
    .await;
    assert_error(
        ballot(voter.access_token.clone()).await,
        403,
        "email_unverified",
    )
    .await;
    let mine: atelier_api::MyVote = app
        .request(
            Method::GET,
            &format!("/api/v1/entries/{}/vote", entry.id),
            Some(&voter.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!mine.can_vote);

    let mail = smtp.mail_to("voter@example.test", 0).await;
    assert_eq!(verify(&app, &token_in(&mail.text())).await.status(), 204);
    assert_eq!(
        vote(&app, &voter.access_token, entry.id, 5).await.status(),
        200
    );
    assert_eq!(ballot(voter.access_token.clone()).await.status(), 200);
}

async fn without_smtp_verification_is_optional_and_the_link_is_logged(db: Db) {
    mail_log();
    let app = spawn_with(db, |_| {}).await;
    assert!(!app.settings.smtp_configured());
    open_challenge(&app, "sketches", 1).await;
    let handle = format!("sora{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let sora = app.register(&handle).await;
    let record = logged_mail_to(&format!("{handle}@example.test")).await;
    assert!(
        record.contains(&format!("{}/verify-email?token=", app.address)),
        "{record}"
    );
    // Not required without SMTP: the unverified member may submit.
    submit(
        &app,
        &sora.access_token,
        "sketches",
        "A sketch",
        png_bytes(100, 100),
    )
    .await;
    assert!(!me(&app, &sora.access_token).await.email_verified);
    assert_eq!(verify(&app, &token_in(&record)).await.status(), 204);
    assert!(me(&app, &sora.access_token).await.email_verified);
    // Resending works through the log as well.
    let res = resend(&app, Some(&sora.access_token)).await;
    assert_error(res, 409, "already_verified").await;
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
    assert_error(
        verify(&app, "not-a-token").await,
        400,
        "verification_invalid",
    )
    .await;
    assert_error(verify(&app, "  ").await, 400, "verification_invalid").await;
    let res = app.post_json("/api/v1/auth/verify-email", &json!({})).await;
    assert_eq!(res.status(), 400);

    let kai = app.register("kai").await;
    let first = smtp.mail_to("kai@example.test", 0).await;
    assert_error(
        verify(&app, &token_in(&first.text())).await,
        410,
        "verification_expired",
    )
    .await;
    assert!(!me(&app, &kai.access_token).await.email_verified);

    assert_error(resend(&app, None).await, 401, "unauthenticated").await;
    assert_eq!(resend(&app, Some(&kai.access_token)).await.status(), 204);
    let second = smtp.mail_to("kai@example.test", 1).await;
    assert_ne!(token_in(&second.text()), token_in(&first.text()));
    let res = resend(&app, Some(&kai.access_token)).await;
    assert!(res.headers().contains_key("retry-after"));
    assert_error(res, 429, "rate_limited").await;
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
    assert_eq!(verify(&app, &token_in(&second.text())).await.status(), 204);
    assert!(me(&app, &kai.access_token).await.email_verified);
    assert_error(
        resend(&app, Some(&kai.access_token)).await,
        409,
        "already_verified",
    )
    .await;
}

async fn results(app: &TestApp, staff: &str, slug: &str) -> ChallengeResults {
    let res = app
        .request(
            Method::GET,
            &format!("/api/v1/challenges/{slug}/results"),
            Some(staff),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Registers `handle` and dates the account back three days.
async fn old_account(app: &TestApp, handle: &str) -> TokenResponse {
    let t = app.register(handle).await;
    let u = atelier::entities::user::Entity::find_by_id(t.user.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::user::ActiveModel = u.into();
    am.created_at = Set(Utc::now() - Duration::days(3));
    am.update(&app.db).await.unwrap();
    t
}

async fn discounting_a_burst_flag_takes_its_votes_out_of_the_results(db: Db) {
    let app = spawn_with(db, |s| {
        s.voting.burst_threshold = 4;
        // Every test voter shares 127.0.0.1: keep the address flag out of it.
        s.voting.shared_ip_threshold = 1000;
    })
    .await;
    let staff = open_challenge(&app, "lanterns", 2).await;
    let author = app.register("author").await;
    let a = submit(
        &app,
        &author.access_token,
        "lanterns",
        "A",
        png_bytes(100, 100),
    )
    .await;
    let b = submit(
        &app,
        &author.access_token,
        "lanterns",
        "B",
        png_bytes(110, 100),
    )
    .await;
    override_phase(&app, &staff.access_token, "lanterns", Some("voting")).await;
    for i in 0..3 {
        let o = old_account(&app, &format!("old{i}")).await;
        assert_eq!(vote(&app, &o.access_token, a.id, 4).await.status(), 200);
    }
    let o = old_account(&app, "old_b").await;
    assert_eq!(vote(&app, &o.access_token, b.id, 3).await.status(), 200);
    let before = results(&app, &staff.access_token, "lanterns").await;
    assert_eq!(before.ranking[0].entry.id, a.id);

    // A burst of brand-new accounts lifts B to the top and raises a flag.
    for i in 0..4 {
        let n = app.register(&format!("new{i}")).await;
        assert_eq!(vote(&app, &n.access_token, b.id, 5).await.status(), 200);
    }
    let raised = results(&app, &staff.access_token, "lanterns").await;
    assert_eq!(raised.ranking[0].entry.id, b.id, "{raised:?}");
    assert_eq!(raised.ranking[0].votes, 5);
    let flags: VoteFlagList = app
        .request(
            Method::GET,
            "/api/v1/staff/vote-flags",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let flag = flags
        .items
        .iter()
        .find(|f| f.kind == "new_account_burst")
        .unwrap_or_else(|| panic!("{flags:?}"));
    let review = |body: serde_json::Value, token: String| {
        let app = &app;
        let id = flag.id;
        async move {
            app.request(
                Method::POST,
                &format!("/api/v1/staff/vote-flags/{id}"),
                Some(&token),
            )
            .json(&body)
            .send()
            .await
            .unwrap()
        }
    };
    assert_error(
        review(
            json!({"decision": "discount", "resolution": " "}),
            staff.access_token.clone(),
        )
        .await,
        422,
        "reason_required",
    )
    .await;
    assert_error(
        review(
            json!({"decision": "discount", "resolution": "sock puppets"}),
            author.access_token.clone(),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let res = review(
        json!({"decision": "discount", "resolution": "accounts made for this vote"}),
        staff.access_token.clone(),
    )
    .await;
    assert_eq!(res.status(), 204, "{}", res.text().await.unwrap());

    let after = results(&app, &staff.access_token, "lanterns").await;
    assert_eq!(after.ranking[0].entry.id, a.id, "{after:?}");
    let b_row = after.ranking.iter().find(|r| r.entry.id == b.id).unwrap();
    assert_eq!((b_row.votes, b_row.mean), (1, 3.0));
    // The votes themselves stay; they are only left out.
    let stored = atelier::entities::vote::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 8);

    let flags: VoteFlagList = app
        .request(
            Method::GET,
            "/api/v1/staff/vote-flags",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let f = flags.items.iter().find(|f| f.id == flag.id).unwrap();
    assert!(f.reviewed);
    assert_eq!(f.discounted_votes, 4);
    assert_eq!(f.resolution.as_deref(), Some("accounts made for this vote"));

    let audit: AuditList = app
        .request(
            Method::GET,
            "/api/v1/admin/audit",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = audit
        .items
        .iter()
        .find(|e| e.action == "vote_flag.discount")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert_eq!(row.subject, "challenge:lanterns:new_account_burst");
    assert!(
        row.detail.starts_with("4 votes discounted"),
        "{}",
        row.detail
    );
    assert!(row.detail.contains("accounts made for this vote"));
    assert_eq!(row.actor_handle.as_deref(), Some("staff_lanterns"));
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

async fn poll_flags_can_be_reviewed_but_not_discounted(db: Db) {
    let app = spawn_with(db, |s| s.voting.shared_ip_threshold = 2).await;
    let staff = app.user_with_role("lin", atelier_api::Role::Staff).await;
    let res = app
        .request(Method::POST, "/api/v1/polls", Some(&staff.access_token))
        .json(&json!({
            "question": "Which name?",
            "product": "Oolong",
            "description": "Two names from the community.",
            "method": "single",
            "eligibility": "all_members",
            "allow_change": true,
            "opens_at": Utc::now() - Duration::minutes(1),
            "closes_at": Utc::now() + Duration::hours(1),
            "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let poll: atelier_api::Poll = res.json().await.unwrap();
    for handle in ["p_one", "p_two"] {
        let m = app.register(handle).await;
        let res = app
            .request(
                Method::PUT,
                &format!("/api/v1/polls/{}/ballot", poll.id),
                Some(&m.access_token),
            )
            .json(&json!({ "choices": [poll.options[0].id] }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let flags: VoteFlagList = app
        .request(
            Method::GET,
            "/api/v1/staff/vote-flags",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let flag = flags
        .items
        .iter()
        .find(|f| f.scope == format!("poll:{}", poll.id))
        .unwrap_or_else(|| panic!("{flags:?}"));
    let review = |decision: &str| {
        app.request(
            Method::POST,
            &format!("/api/v1/staff/vote-flags/{}", flag.id),
            Some(&staff.access_token),
        )
        .json(&json!({ "decision": decision, "resolution": "one household" }))
        .send()
    };
    assert_error(
        review("discount").await.unwrap(),
        422,
        "flag_not_discountable",
    )
    .await;
    assert_eq!(review("dismiss").await.unwrap().status(), 204);
    let res = review("ignore").await.unwrap();
    assert_error(res, 400, "invalid_json").await;
}
