//! The audit log: every staff mutation writes its row in the transaction of
//! the change (`atelier::audit::STAFF_MUTATIONS` lists them), a failed one
//! writes none, phase-time and tally edits need a reason, and the log pages
//! by keyset.

use std::collections::BTreeSet;

use atelier::audit::{NOT_STAFF_MUTATIONS, STAFF_MUTATIONS};
use atelier_api::{AuditList, Poll, Role};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

use crate::both_databases;
use crate::challenge_admin::{challenge_body, create_challenge};
use crate::entries::submit;
use crate::helpers::{Db, TestApp, assert_error, png_bytes, spawn};

both_databases!(
    every_staff_mutation_writes_its_audit_row,
    a_failed_staff_mutation_writes_no_audit_row,
    phase_time_and_tally_edits_need_a_reason,
    the_audit_log_pages_by_keyset,
);

/// Every documented route other than a GET is either a staff mutation (and
/// audited) or a member action listed as such.
#[test]
fn every_mutating_route_is_classified() {
    for (method, path) in atelier::routes::DOCUMENTED {
        if *method == "get" {
            continue;
        }
        let staff = STAFF_MUTATIONS
            .iter()
            .any(|(m, p, _)| m == method && p == path);
        let member = NOT_STAFF_MUTATIONS.contains(&(method, path));
        assert!(
            staff ^ member,
            "{method} {path}: list it in atelier::audit::STAFF_MUTATIONS (and audit it) \
             or in NOT_STAFF_MUTATIONS"
        );
    }
    for (method, path, _) in STAFF_MUTATIONS {
        assert!(
            atelier::routes::DOCUMENTED.contains(&(method, path)),
            "{method} {path} is not a documented route"
        );
    }
}

async fn audit_count(app: &TestApp) -> u64 {
    atelier::entities::audit_log::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn actions(app: &TestApp) -> Vec<String> {
    atelier::entities::audit_log::Entity::find()
        .order_by_asc(atelier::entities::audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

/// Asserts exactly one audit row was added since `before`, for `action`.
async fn check(app: &TestApp, action: &str, before: u64) {
    let all = actions(app).await;
    assert_eq!(
        all.len() as u64,
        before + 1,
        "{action}: expected one new audit row, got {all:?}"
    );
    assert_eq!(all.last().map(String::as_str), Some(action), "{all:?}");
}

/// Sends a request as `token`, asserts the status, returns the JSON body
/// (or `Null` for bodies that are not JSON).
async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let mut rb = app.request(method.clone(), path, Some(token));
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let got = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn upload(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.request(Method::PUT, path, Some(token))
        .header("content-type", "image/png")
        .body(png_bytes(320, 240))
        .send()
        .await
        .unwrap()
}

fn poll_body(opens_in: Duration) -> Value {
    json!({
        "question": "Which name for the oolong?",
        "product": "Seasonal oolong",
        "description": "Names from the community.",
        "method": "single",
        "eligibility": "invited",
        "allow_change": true,
        "opens_at": Utc::now() + opens_in,
        "closes_at": Utc::now() + opens_in + Duration::hours(1),
        "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
    })
}

async fn every_staff_mutation_writes_its_audit_row(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let t = staff.access_token.as_str();
    let mei = app.register("mei").await;
    let hao = app.register("hao").await;
    let kai = app.register("kai").await;
    let mut done: BTreeSet<(&str, &str)> = BTreeSet::new();

    // Each step: the route it exercises, the action it must log, and the call.
    let mut expect = |method: &'static str, path: &'static str, action: &'static str| {
        let listed = STAFF_MUTATIONS
            .iter()
            .find(|(m, p, _)| *m == method && *p == path)
            .unwrap_or_else(|| panic!("{method} {path} is not in STAFF_MUTATIONS"));
        // The listed action, or the other outcome of the same decision.
        let other = match listed.2 {
            "entry.disqualify_duplicate" => "entry.clear_duplicate",
            "expert.approve" => "expert.reject",
            same => same,
        };
        assert!(
            listed.2 == action || other == action,
            "{method} {path} logs {action}, listed as {}",
            listed.2
        );
        done.insert((method, path));
        action
    };
    let a = expect("post", "/api/v1/challenges", "challenge.create");
    let n = audit_count(&app).await;
    create_challenge(&app, t, &challenge_body("lanterns", -1)).await;
    check(&app, a, n).await;

    let a = expect("patch", "/api/v1/challenges/{slug}", "challenge.update");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::PATCH,
        "/api/v1/challenges/lanterns",
        Some(json!({"title": "Lanterns 2027"})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let a = expect("put", "/api/v1/challenges/{slug}/cover", "challenge.cover");
    let n = audit_count(&app).await;
    let res = upload(&app, t, "/api/v1/challenges/lanterns/cover").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    check(&app, a, n).await;

    let first = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "First",
        png_bytes(300, 200),
    )
    .await;
    let second = submit(
        &app,
        &hao.access_token,
        "lanterns",
        "Second",
        png_bytes(310, 200),
    )
    .await;
    let s = atelier::entities::submission::Entity::find_by_id(second.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::submission::ActiveModel = s.into();
    am.duplicate_of = Set(Some(first.id));
    am.duplicate_distance = Set(Some(2));
    am.duplicate_review = Set(Some("pending".into()));
    am.update(&app.db).await.unwrap();
    let a = expect(
        "post",
        "/api/v1/staff/duplicates/{id}",
        "entry.clear_duplicate",
    );
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::POST,
        &format!("/api/v1/staff/duplicates/{}", second.id),
        Some(json!({"disqualify": false, "reason": "different enough"})),
        204,
    )
    .await;
    check(&app, a, n).await;

    let a = expect(
        "put",
        "/api/v1/challenges/{slug}/phase-override",
        "challenge.phase_override",
    );
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::PUT,
        "/api/v1/challenges/lanterns/phase-override",
        Some(json!({"phase": "closed", "reason": "judging starts early"})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let a = expect(
        "put",
        "/api/v1/challenges/{slug}/winners",
        "challenge.pick_winners",
    );
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::PUT,
        "/api/v1/challenges/lanterns/winners",
        Some(json!({"entries": [first.id, second.id], "reason": "jury decision"})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let a = expect("post", "/api/v1/polls", "poll.create");
    let n = audit_count(&app).await;
    let poll: Poll = serde_json::from_value(
        call(
            &app,
            t,
            Method::POST,
            "/api/v1/polls",
            Some(poll_body(Duration::hours(1))),
            201,
        )
        .await,
    )
    .unwrap();
    check(&app, a, n).await;

    let a = expect("patch", "/api/v1/polls/{id}", "poll.update");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::PATCH,
        &format!("/api/v1/polls/{}", poll.id),
        Some(poll_body(Duration::hours(2))),
        200,
    )
    .await;
    check(&app, a, n).await;

    let poll: Poll = app
        .request(Method::GET, &format!("/api/v1/polls/{}", poll.id), Some(t))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let a = expect(
        "put",
        "/api/v1/polls/{id}/options/{option_id}/image",
        "poll.option_image",
    );
    let n = audit_count(&app).await;
    let res = upload(
        &app,
        t,
        &format!(
            "/api/v1/polls/{}/options/{}/image",
            poll.id, poll.options[0].id
        ),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    check(&app, a, n).await;

    let a = expect("post", "/api/v1/polls/{id}/invites", "poll.invite");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::POST,
        &format!("/api/v1/polls/{}/invites", poll.id),
        Some(json!({"handles": ["mei", "hao"]})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let a = expect("get", "/api/v1/polls/{id}/ballots.csv", "poll.export");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::GET,
        &format!("/api/v1/polls/{}/ballots.csv", poll.id),
        None,
        200,
    )
    .await;
    check(&app, a, n).await;

    let flag = atelier::entities::vote_flag::ActiveModel {
        kind: Set("shared_ip".into()),
        scope: Set(format!("challenge:{}", first.id)),
        key: Set("127.0.0.1".into()),
        detail: Set("test".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let a = expect("post", "/api/v1/staff/vote-flags/{id}", "vote_flag.review");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::POST,
        &format!("/api/v1/staff/vote-flags/{}", flag.id),
        Some(json!({"resolution": "a shared office network"})),
        204,
    )
    .await;
    check(&app, a, n).await;

    let a = expect("put", "/api/v1/admin/users/{id}/role", "user.role_change");
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::PUT,
        &format!("/api/v1/admin/users/{}/role", hao.user.id),
        Some(json!({"role": "expert"})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let application = call(
        &app,
        &kai.access_token,
        Method::POST,
        "/api/v1/expert-applications",
        Some(json!({
            "bio": "Twenty years of illustrating tea packaging in Taipei.",
            "portfolio_links": ["https://kai.example.com/work"],
            "field": "Illustration",
        })),
        201,
    )
    .await;
    let a = expect(
        "post",
        "/api/v1/expert-applications/{id}/decision",
        "expert.reject",
    );
    let n = audit_count(&app).await;
    call(
        &app,
        t,
        Method::POST,
        &format!(
            "/api/v1/expert-applications/{}/decision",
            application["id"].as_i64().unwrap()
        ),
        Some(json!({"approve": false, "reason": "no published work yet"})),
        200,
    )
    .await;
    check(&app, a, n).await;

    let listed: BTreeSet<(&str, &str)> = STAFF_MUTATIONS.iter().map(|(m, p, _)| (*m, *p)).collect();
    assert_eq!(done, listed, "every listed staff mutation is exercised");
}

/// The audit row is written in the change's transaction: when it cannot be
/// written the change does not happen either. A refused request writes none.
async fn a_failed_staff_mutation_writes_no_audit_row(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let t = staff.access_token.as_str();
    let mei = app.register("mei").await;
    create_challenge(&app, t, &challenge_body("lanterns", -1)).await;
    create_challenge(&app, t, &challenge_body("teacups", -1)).await;
    let poll: Poll = serde_json::from_value(
        call(
            &app,
            t,
            Method::POST,
            "/api/v1/polls",
            Some(poll_body(Duration::hours(1))),
            201,
        )
        .await,
    )
    .unwrap();
    let n = audit_count(&app).await;

    // Refused before anything is written.
    call(
        &app,
        t,
        Method::PATCH,
        "/api/v1/challenges/lanterns",
        Some(json!({"slug": "teacups"})),
        409,
    )
    .await;
    call(
        &app,
        t,
        Method::PUT,
        "/api/v1/challenges/lanterns/winners",
        Some(json!({"entries": [1], "reason": "too early"})),
        409,
    )
    .await;
    assert_eq!(audit_count(&app).await, n);

    // With the audit table gone, the changes roll back with their rows.
    app.db
        .execute_unprepared("ALTER TABLE audit_log RENAME TO audit_log_away")
        .await
        .unwrap();
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/admin/users/{}/role", mei.user.id),
            Some(t),
        )
        .json(&json!({"role": "expert"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 500, "internal").await;
    let res = upload(&app, t, "/api/v1/challenges/lanterns/cover").await;
    assert_error(res, 500, "internal").await;
    let res = upload(
        &app,
        t,
        &format!(
            "/api/v1/polls/{}/options/{}/image",
            poll.id, poll.options[0].id
        ),
    )
    .await;
    assert_error(res, 500, "internal").await;
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/polls/{}/invites", poll.id),
            Some(t),
        )
        .json(&json!({"handles": ["mei"]}))
        .send()
        .await
        .unwrap();
    assert_error(res, 500, "internal").await;
    let res = app
        .request(Method::PATCH, "/api/v1/challenges/lanterns", Some(t))
        .json(&json!({"title": "Never saved"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 500, "internal").await;
    app.db
        .execute_unprepared("ALTER TABLE audit_log_away RENAME TO audit_log")
        .await
        .unwrap();

    assert_eq!(audit_count(&app).await, n);
    let mei_row = atelier::entities::user::Entity::find_by_id(mei.user.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mei_row.role, "member");
    let ch = atelier::entities::challenge::Entity::find()
        .filter(atelier::entities::challenge::Column::Slug.eq("lanterns"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ch.cover_key, None);
    assert_eq!(ch.title, "Challenge lanterns");
    let option = atelier::entities::poll_option::Entity::find_by_id(poll.options[0].id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(option.image_key, None);
    assert_eq!(
        atelier::entities::poll_invite::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // The objects written before the failed rows were removed again.
    let store = atelier::storage::open(&app.settings).await.unwrap();
    for prefix in atelier::storage::references::Prefix::ALL {
        let left = store.list(prefix.as_str()).await.unwrap();
        assert!(left.is_empty(), "{left:?}");
    }
}

async fn phase_time_and_tally_edits_need_a_reason(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let t = staff.access_token.as_str();
    let c = create_challenge(&app, t, &challenge_body("lanterns", -1)).await;
    let n = audit_count(&app).await;
    let later = c.summary.results_at + Duration::days(3);
    for body in [
        json!({"results_at": later}),
        json!({"results_at": later, "reason": " "}),
        json!({"tallies_during_voting": true}),
    ] {
        let res = app
            .request(Method::PATCH, "/api/v1/challenges/lanterns", Some(t))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(res, 422, "reason_required").await;
    }
    assert_eq!(audit_count(&app).await, n);
    // Unchanged times need no reason.
    call(
        &app,
        t,
        Method::PATCH,
        "/api/v1/challenges/lanterns",
        Some(json!({"results_at": c.summary.results_at, "title": "Lanterns"})),
        200,
    )
    .await;
    call(
        &app,
        t,
        Method::PATCH,
        "/api/v1/challenges/lanterns",
        Some(json!({
            "results_at": later,
            "tallies_during_voting": true,
            "reason": "the jury needs three more days"
        })),
        200,
    )
    .await;
    let log: AuditList =
        serde_json::from_value(call(&app, t, Method::GET, "/api/v1/admin/audit", None, 200).await)
            .unwrap();
    let newest = &log.items[0];
    assert_eq!(newest.action, "challenge.update");
    assert!(
        newest.detail.contains("phase times")
            && newest
                .detail
                .contains("tallies during voting false -> true")
            && newest
                .detail
                .ends_with("reason: the jury needs three more days"),
        "{}",
        newest.detail
    );
}

async fn the_audit_log_pages_by_keyset(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let t = staff.access_token.as_str();
    let member = app.register("mei").await;
    for i in 0..120 {
        atelier::audit::record(
            &app.db,
            Some(staff.user.id),
            "test.step",
            &format!("step:{i}"),
            "",
        )
        .await
        .unwrap();
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/admin/audit".to_owned();
    let mut pages = 0;
    loop {
        let page: AuditList =
            serde_json::from_value(call(&app, t, Method::GET, &path, None, 200).await).unwrap();
        pages += 1;
        assert!(page.items.len() <= 50);
        seen.extend(page.items.iter().map(|e| e.id));
        match page.next_cursor {
            Some(c) => {
                assert_eq!(page.items.len(), 50);
                assert_eq!(Some(c), page.items.last().map(|e| e.id));
                path = format!("/api/v1/admin/audit?before={c}");
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 120);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );

    let page: AuditList = serde_json::from_value(
        call(
            &app,
            t,
            Method::GET,
            "/api/v1/admin/audit?limit=200",
            None,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(page.items.len(), 120);
    assert_eq!(page.next_cursor, None);
    assert_eq!(page.items[0].actor_handle.as_deref(), Some("lin"));
    for bad in ["limit=0", "limit=201", "before=x"] {
        let res = app
            .request(Method::GET, &format!("/api/v1/admin/audit?{bad}"), Some(t))
            .send()
            .await
            .unwrap();
        assert_error(res, 400, "invalid_query").await;
    }
    let res = app
        .request(
            Method::GET,
            "/api/v1/admin/audit",
            Some(&member.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
}
