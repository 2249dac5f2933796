//! The audit log: every staff mutation writes its row in the transaction of
//! the change (`atelier::audit::STAFF_MUTATIONS` lists them). Failed
//! mutations, reasons and paging are in `audit_log`.

use std::collections::BTreeSet;

use atelier::audit::{NOT_STAFF_MUTATIONS, STAFF_MUTATIONS};
use atelier_api::{ExpertApplication, Poll};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, QueryOrder, Set};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{Db, TestApp, challenge_body, png_bytes, spawn};

both_databases!(every_staff_mutation_writes_its_audit_row);

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

pub async fn audit_count(app: &TestApp) -> u64 {
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

/// An invited-only poll opening `opens_in` from now.
pub fn poll_body(opens_in: Duration) -> Value {
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
    let staff = app.as_staff("lin").await;
    let t = &staff;
    let mei = app.as_member("mei").await;
    let hao = app.as_member("hao").await;
    let kai = app.as_member("kai").await;
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
            "template.approve" => "template.reject",
            "user.creator_approve" => "user.creator_revoke",
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
    app.create_challenge(t, &challenge_body("lanterns", -1))
        .await;
    check(&app, a, n).await;

    let a = expect("patch", "/api/v1/challenges/{slug}", "challenge.update");
    let n = audit_count(&app).await;
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"title": "Lanterns 2027"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let a = expect("put", "/api/v1/challenges/{slug}/cover", "challenge.cover");
    let n = audit_count(&app).await;
    app.upload_cover(t, "lanterns", png_bytes(320, 240))
        .await
        .expect_status(200);
    check(&app, a, n).await;

    let first = app
        .new_entry(&mei, "lanterns", "First", png_bytes(300, 200))
        .await;
    let second = app
        .new_entry(&hao, "lanterns", "Second", png_bytes(310, 200))
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
    app.post_json(
        &format!("/api/v1/staff/duplicates/{}", second.id),
        &json!({"disqualify": false, "reason": "different enough"}),
        t,
    )
    .await
    .expect_status(204);
    check(&app, a, n).await;

    let a = expect(
        "put",
        "/api/v1/challenges/{slug}/phase-override",
        "challenge.phase_override",
    );
    let n = audit_count(&app).await;
    app.put_json(
        "/api/v1/challenges/lanterns/phase-override",
        &json!({"phase": "closed", "reason": "judging starts early"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let a = expect(
        "put",
        "/api/v1/challenges/{slug}/winners",
        "challenge.pick_winners",
    );
    let n = audit_count(&app).await;
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [first.id, second.id], "reason": "jury decision"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let a = expect(
        "post",
        "/api/v1/staff/entries/{id}/disqualify",
        "entry.disqualify",
    );
    let n = audit_count(&app).await;
    app.post_json(
        &format!("/api/v1/staff/entries/{}/disqualify", first.id),
        &json!({"reason": "traced from a photograph"}),
        t,
    )
    .await
    .expect_status(204);
    check(&app, a, n).await;

    let a = expect("post", "/api/v1/polls", "poll.create");
    let n = audit_count(&app).await;
    let poll = app.create_poll(t, &poll_body(Duration::hours(1))).await;
    check(&app, a, n).await;

    let a = expect("patch", "/api/v1/polls/{id}", "poll.update");
    let n = audit_count(&app).await;
    app.patch_json(
        &format!("/api/v1/polls/{}", poll.id),
        &poll_body(Duration::hours(2)),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let poll: Poll = app
        .get_json(&format!("/api/v1/polls/{}", poll.id), t)
        .await
        .json();
    let a = expect(
        "put",
        "/api/v1/polls/{id}/options/{option_id}/image",
        "poll.option_image",
    );
    let n = audit_count(&app).await;
    app.upload_poll_option_image(t, poll.id, poll.options[0].id, png_bytes(320, 240))
        .await
        .expect_status(200);
    check(&app, a, n).await;

    let a = expect("post", "/api/v1/polls/{id}/invites", "poll.invite");
    let n = audit_count(&app).await;
    app.post_json(
        &format!("/api/v1/polls/{}/invites", poll.id),
        &json!({"handles": ["mei", "hao"]}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let a = expect("get", "/api/v1/polls/{id}/ballots.csv", "poll.export");
    let n = audit_count(&app).await;
    app.get_json(&format!("/api/v1/polls/{}/ballots.csv", poll.id), t)
        .await
        .expect_status(200);
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
    app.post_json(
        &format!("/api/v1/staff/vote-flags/{}", flag.id),
        &json!({"resolution": "a shared office network"}),
        t,
    )
    .await
    .expect_status(204);
    check(&app, a, n).await;

    let a = expect("put", "/api/v1/admin/users/{id}/role", "user.role_change");
    let n = audit_count(&app).await;
    app.put_json(
        &format!("/api/v1/admin/users/{}/role", hao.id),
        &json!({"role": "expert", "field": "Illustration"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let application: ExpertApplication = app
        .post_json(
            "/api/v1/expert-applications",
            &json!({
                "bio": "Twenty years of illustrating tea packaging in Taipei.",
                "portfolio_links": ["https://kai.example.com/work"],
                "field": "Illustration",
            }),
            &kai,
        )
        .await
        .expect_status(201)
        .json();
    let a = expect(
        "post",
        "/api/v1/expert-applications/{id}/decision",
        "expert.reject",
    );
    let n = audit_count(&app).await;
    app.post_json(
        &format!("/api/v1/expert-applications/{}/decision", application.id),
        &json!({"approve": false, "reason": "no published work yet"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    // Orders: a bank transfer marked paid, then refunded.
    let shop = crate::orders_support::Shop::open(&app, "audit_creator").await;
    let order = crate::orders_support::bank_order(&app, &mei, shop.paid, "audit-order-1").await;
    let a = expect(
        "post",
        "/api/v1/staff/orders/{id}/mark-paid",
        "order.mark_paid",
    );
    let n = audit_count(&app).await;
    app.post_json(
        &format!("/api/v1/staff/orders/{}/mark-paid", order.id),
        &json!({"reference": "BANK-0001"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect("post", "/api/v1/staff/orders/{id}/refund", "order.refund");
    let n = audit_count(&app).await;
    app.post_json(
        &format!("/api/v1/staff/orders/{}/refund", order.id),
        &json!({"reason": "bought by mistake"}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    // Templates: the review, creator approval and a challenge's templates.
    let creator = app.as_expert("tpl_creator").await;
    let tpl = crate::templates_support::body("Audited", "poster", &[], 0);
    let (published, _) = app.published_template(&creator, t, &tpl, [1, 2, 3]).await;
    let draft = app.create_template(&creator, &tpl).await;
    app.add_preview(&creator, draft.card.id, png_bytes(40, 30))
        .await
        .expect_status(201);
    app.patch_json(
        &format!("/api/v1/templates/{}", draft.card.id),
        &json!({"editor_url": "https://editor.example/x"}),
        &creator,
    )
    .await
    .expect_status(200);
    app.post_json(
        &format!("/api/v1/templates/{}/submit", draft.card.id),
        &json!({}),
        &creator,
    )
    .await
    .expect_status(200);
    let a = expect(
        "post",
        "/api/v1/staff/templates/{id}/review",
        "template.reject",
    );
    let n = audit_count(&app).await;
    app.review_template(
        t,
        draft.card.id,
        &json!({"approve": false, "reason": "too blurry"}),
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "put",
        "/api/v1/staff/users/{id}/creator",
        "user.creator_approve",
    );
    let n = audit_count(&app).await;
    app.put_json(
        &format!("/api/v1/staff/users/{}/creator", mei.id),
        &json!({"approved": true}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "put",
        "/api/v1/staff/challenges/{slug}/templates",
        "challenge.templates",
    );
    let n = audit_count(&app).await;
    app.put_json(
        "/api/v1/staff/challenges/lanterns/templates",
        &json!({"template_ids": [published.card.id]}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;

    let a = expect(
        "put",
        "/api/v1/admin/users/{id}/finance",
        "user.finance_grant",
    );
    let admin = app.as_role("audit_admin", atelier_api::Role::Admin).await;
    let n = audit_count(&app).await;
    app.put_json(
        &format!("/api/v1/admin/users/{}/finance", staff.id),
        &json!({"finance": true, "reason": "runs the monthly payouts"}),
        &admin,
    )
    .await
    .expect_status(204);
    check(&app, a, n).await;

    // Payouts: a run, then one payout approved and paid, another failed.
    crate::finance_support::creator_with_earnings(&app, "audit_payee", 20_000).await;
    crate::finance_support::creator_with_earnings(&app, "audit_failed_payee", 30_000).await;
    let a = expect("post", "/api/v1/finance/payout-runs", "payout.run");
    let n = audit_count(&app).await;
    let run: atelier_api::PayoutRunResult = app
        .post_json(
            "/api/v1/finance/payout-runs",
            &json!({"period": crate::finance_support::PAST_MONTH}),
            &admin,
        )
        .await
        .expect_status(201)
        .json();
    check(&app, a, n).await;
    assert_eq!(run.payouts.len(), 2, "{run:?}");
    let (paid, failed) = (run.payouts[0].id, run.payouts[1].id);
    for (path, action, id, body) in [
        (
            "/api/v1/finance/payouts/{id}/approve",
            "payout.approve",
            paid,
            json!({}),
        ),
        (
            "/api/v1/finance/payouts/{id}/paid",
            "payout.paid",
            paid,
            json!({"reference": "TX-2025-12-1"}),
        ),
        (
            "/api/v1/finance/payouts/{id}/failed",
            "payout.failed",
            failed,
            json!({"reason": "bank account closed"}),
        ),
    ] {
        let a = expect("post", path, action);
        let n = audit_count(&app).await;
        app.post_json(&path.replace("{id}", &id.to_string()), &body, &admin)
            .await
            .expect_status(200);
        check(&app, a, n).await;
    }

    // Revenue: prizes of the challenge whose winners were picked above,
    // agreements, a product and its sales.
    let a = expect(
        "put",
        "/api/v1/staff/challenges/{slug}/prizes",
        "challenge.prizes",
    );
    let n = audit_count(&app).await;
    app.put_json(
        "/api/v1/staff/challenges/lanterns/prizes",
        &json!({"prizes": [{"place": 1, "amount": {"amount_minor": 500_000, "currency": "TWD"}}]}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "post",
        "/api/v1/staff/challenges/{slug}/winners/confirm",
        "challenge.confirm_winners",
    );
    let n = audit_count(&app).await;
    app.post_json(
        "/api/v1/staff/challenges/lanterns/winners/confirm",
        &json!({}),
        t,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "put",
        "/api/v1/finance/templates/{id}/agreement",
        "agreement.template",
    );
    let n = audit_count(&app).await;
    app.put_json(
        &format!("/api/v1/finance/templates/{}/agreement", published.card.id),
        &json!({"share_bp": 4_000, "parties": [{"user_id": creator.id, "weight": 1}]}),
        &admin,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect("post", "/api/v1/finance/products", "product.create");
    let n = audit_count(&app).await;
    let product: atelier_api::Product = app
        .post_json(
            "/api/v1/finance/products",
            &json!({"code": "AUDIT-TIN", "name": "Audit tea tin", "agreement": {
                "share_bp": 800, "starts_at": "2026-01-01T00:00:00Z",
                "parties": [{"user_id": creator.id, "weight": 1}]}}),
            &admin,
        )
        .await
        .expect_status(201)
        .json();
    check(&app, a, n).await;
    let a = expect(
        "put",
        "/api/v1/finance/products/{id}/agreement",
        "agreement.product",
    );
    let n = audit_count(&app).await;
    app.put_json(
        &format!("/api/v1/finance/products/{}/agreement", product.id),
        &json!({"share_bp": 1_000, "starts_at": "2026-01-01T00:00:00Z",
            "parties": [{"user_id": creator.id, "weight": 1}]}),
        &admin,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "post",
        "/api/v1/finance/product-sales",
        "product_sales.import",
    );
    let n = audit_count(&app).await;
    app.post_json(
        "/api/v1/finance/product-sales",
        &json!({"lines": [{"product_code": "AUDIT-TIN", "period": "2026-09", "units": 3,
            "net_sales": {"amount_minor": 90_000, "currency": "TWD"}}]}),
        &admin,
    )
    .await
    .expect_status(200);
    check(&app, a, n).await;
    let a = expect(
        "post",
        "/api/v1/finance/product-sales/csv",
        "product_sales.import_csv",
    );
    let n = audit_count(&app).await;
    let res = app
        .request(
            reqwest::Method::POST,
            "/api/v1/finance/product-sales/csv?filename=october.csv",
            &admin,
        )
        .header("content-type", "text/csv")
        .body("product_code,period,units,net_sales,currency\nAUDIT-TIN,2026-10,2,600.00,TWD\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    check(&app, a, n).await;

    let listed: BTreeSet<(&str, &str)> = STAFF_MUTATIONS.iter().map(|(m, p, _)| (*m, *p)).collect();
    assert_eq!(done, listed, "every listed staff mutation is exercised");
}
