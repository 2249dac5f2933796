//! Challenge prizes: set per place, posted to the winners' authors once when
//! staff confirm the winners; confirming again posts nothing, and the
//! winners and prizes no longer change.

use atelier_api::ChallengePrizes;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, png_bytes, spawn};
use crate::revenue_support::{assert_balanced, audit_actions, balance, lines, transfer, transfers};

both_databases!(prizes_post_once_on_confirm_and_lock_the_winners);

fn prize(place: i32, amount: i64) -> serde_json::Value {
    json!({"place": place, "amount": {"amount_minor": amount, "currency": "TWD"}})
}

async fn prizes_post_once_on_confirm_and_lock_the_winners(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let ana = app.as_member("ana").await;
    let bo = app.as_member("bob").await;
    let member = app.as_member("hao").await;
    let first = app
        .new_entry(&ana, "lanterns", "Rabbit", png_bytes(120, 100))
        .await;
    let second = app
        .new_entry(&bo, "lanterns", "Moon", png_bytes(121, 100))
        .await;
    let third = app
        .new_entry(&bo, "lanterns", "Stars", png_bytes(122, 100))
        .await;
    let prizes = "/api/v1/staff/challenges/lanterns/prizes";
    let confirm = "/api/v1/staff/challenges/lanterns/winners/confirm";

    app.get_json(prizes, &member)
        .await
        .expect_error(403, "forbidden");
    app.put_json(prizes, &json!({"prizes": [prize(1, 100)]}), &member)
        .await
        .expect_error(403, "forbidden");
    app.get_json("/api/v1/staff/challenges/nope/prizes", &staff)
        .await
        .expect_error(404, "not_found");
    for bad in [
        json!({"prizes": [prize(0, 100)]}),
        json!({"prizes": [prize(11, 100)]}),
        json!({"prizes": [prize(1, 0)]}),
        json!({"prizes": [prize(1, -5)]}),
        json!({"prizes": [prize(1, 100), prize(1, 200)]}),
        json!({"prizes": [{"place": 1, "amount": {"amount_minor": 100, "currency": "nt"}}]}),
    ] {
        app.put_json(prizes, &bad, &staff)
            .await
            .expect_error(422, "invalid_prize");
    }
    let set: ChallengePrizes = app
        .put_json(
            prizes,
            &json!({"prizes": [prize(2, 1_000_000), prize(1, 2_000_000), prize(3, 500_000)]}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        set.prizes
            .iter()
            .map(|p| (p.place, p.amount.amount_minor))
            .collect::<Vec<_>>(),
        vec![(1, 2_000_000), (2, 1_000_000), (3, 500_000)]
    );
    assert_eq!(set.confirmed_at, None);
    assert_eq!(audit_actions(&app).await[0].0, "challenge.prizes");

    // No winners yet: nothing to confirm.
    app.post_json(confirm, &json!({}), &staff)
        .await
        .expect_error(409, "no_winners");
    app.post_json(confirm, &json!({}), &member)
        .await
        .expect_error(403, "forbidden");

    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [first.id, second.id], "reason": "jury decision"}),
        &staff,
    )
    .await
    .expect_status(200);
    // Winners may still change before confirmation.
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [first.id, third.id], "reason": "jury changed its mind"}),
        &staff,
    )
    .await
    .expect_status(200);

    let done: ChallengePrizes = app
        .post_json(confirm, &json!({}), &staff)
        .await
        .expect_status(200)
        .json();
    assert!(done.confirmed_at.is_some());
    let awards: Vec<(i32, i64, i64, &str, i64)> = done
        .awards
        .iter()
        .map(|a| {
            (
                a.place,
                a.submission_id,
                a.user_id,
                a.handle.as_str(),
                a.amount.amount_minor,
            )
        })
        .collect();
    assert_eq!(
        awards,
        vec![
            (1, first.id, ana.id, "ana", 2_000_000),
            (2, third.id, bo.id, "bob", 1_000_000),
        ]
    );
    let audit = audit_actions(&app).await;
    assert_eq!(audit[0].0, "challenge.confirm_winners");
    // Place 3 has a prize but no winner: nothing posted for it.
    assert_eq!(transfers(&app, "prize:").await.len(), 2);
    let t = transfer(&app, &format!("prize:{}:1", set_challenge_id(&app).await))
        .await
        .unwrap();
    assert_eq!(t.kind, "prize");
    assert_eq!(done.awards[0].transfer_id, t.id);
    assert_eq!(
        lines(&app, t.id).await,
        vec![
            ("creator_payable".into(), ana.id, -2_000_000),
            ("prize_pool".into(), 0, 2_000_000),
        ]
    );
    assert_eq!(balance(&app, ana.id).await, 2_000_000);
    assert_eq!(balance(&app, bo.id).await, 1_000_000);

    // Again: the same answer, nothing posted, nothing audited.
    let audits = audit.len();
    let again: ChallengePrizes = app
        .post_json(confirm, &json!({}), &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(again, done);
    assert_eq!(transfers(&app, "prize:").await.len(), 2);
    assert_eq!(balance(&app, ana.id).await, 2_000_000);
    assert_eq!(audit_actions(&app).await.len(), audits);
    let read: ChallengePrizes = app.get_json(prizes, &staff).await.expect_status(200).json();
    assert_eq!(read, done);

    // Winners and prizes are locked now.
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [second.id], "reason": "too late for this"}),
        &staff,
    )
    .await
    .expect_error(409, "winners_confirmed");
    app.put_json(prizes, &json!({"prizes": [prize(1, 1)]}), &staff)
        .await
        .expect_error(409, "prizes_confirmed");
    assert_balanced(&app).await;
}

async fn set_challenge_id(app: &crate::helpers::TestApp) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    atelier::entities::challenge::Entity::find()
        .filter(atelier::entities::challenge::Column::Slug.eq("lanterns"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

both_databases!(the_demo_revenue_is_a_co_created_product_and_confirmed_prizes);

async fn the_demo_revenue_is_a_co_created_product_and_confirmed_prizes(db: Db) {
    let app = crate::helpers::spawn_with(db, |s| s.demo.seed = true).await;
    // The demo's card order was paid, so its sale is in the ledger.
    let sales = transfers(&app, "order:").await;
    assert_eq!(sales.len(), 1, "{sales:?}");
    assert_eq!(sales[0].kind, "template_sale");

    atelier::revenue::demo::seed(&app.db, &app.settings.ledger)
        .await
        .unwrap();
    let admin = crate::revenue_support::finance(&app, "fin").await;
    let products: Vec<atelier_api::Product> = app
        .get_json("/api/v1/finance/products", &admin)
        .await
        .expect_status(200)
        .json();
    assert_eq!(products.len(), 1);
    let p = &products[0];
    assert!(p.code.starts_with("DEMO-"), "{}", p.code);
    assert!(p.submission_id.is_some() && p.challenge_id.is_some());
    let agreement = p.agreement.as_ref().unwrap();
    assert_eq!(agreement.parties.len(), 2);
    // 8 % of NT$247,200.00 and of NT$172,200.50.
    assert_eq!(p.royalties.amount_minor, 1_977_600 + 1_377_604);
    assert_eq!(transfers(&app, "royalty:").await.len(), 2);
    let prizes = transfers(&app, "prize:").await;
    assert_eq!(prizes.len(), 2, "{prizes:?}");
    assert_balanced(&app).await;

    // Seeding again changes nothing.
    atelier::revenue::demo::seed(&app.db, &app.settings.ledger)
        .await
        .unwrap();
    assert_eq!(transfers(&app, "royalty:").await.len(), 2);
    assert_eq!(transfers(&app, "prize:").await.len(), 2);
}
