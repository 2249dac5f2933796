//! Template sales in the ledger: a paid order posts its split in the
//! transaction of its `paid` event, a refund reverses it, a webhook
//! delivered twice posts once, template agreements decide the split, and
//! events written before the ledger existed are posted at start-up.

use atelier::entities::{order_event, template_order};
use atelier_api::{Agreement, Order, OrderStatus};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, TestApp, spawn};
use crate::orders_support::{
    FakeStripe, Shop, deliver_signed, order, session, spawn_with_stripe, stripe_event, template,
};
use crate::revenue_support::{
    agreement, assert_balanced, audit_actions, balance, finance, finance_staff, lines, transfer,
    transfers,
};

both_databases!(
    a_paid_order_posts_the_split_and_a_refund_reverses_it,
    a_template_agreement_decides_the_split_of_later_sales,
    agreements_are_validated_and_for_finance_only,
    a_webhook_delivered_twice_posts_once,
    events_written_before_the_ledger_are_posted_at_start_up,
);

fn kinds(l: &[(String, i64, i64)]) -> Vec<(&str, i64, i64)> {
    l.iter().map(|(k, o, a)| (k.as_str(), *o, *a)).collect()
}

async fn a_paid_order_posts_the_split_and_a_refund_reverses_it(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let staff = app.as_staff("lin").await;
    let o: Order = order(&app, &buyer, shop.paid, "ledger-key-01")
        .await
        .expect_status(201)
        .json();
    assert_eq!(o.status, OrderStatus::Paid);

    // NT$150.00 at the default 35 %: 52.50 to the creator, the rest to the platform.
    let sale = transfer(&app, &format!("order:{}:sale", o.id))
        .await
        .expect("the paid event posted the sale");
    assert_eq!(sale.kind, "template_sale");
    assert_eq!(sale.source, format!("order:{}", o.id));
    assert_eq!(sale.memo, "Tea box dieline");
    assert_eq!(sale.currency, "TWD");
    assert_eq!(sale.phase, "posted");
    assert_eq!(sale.amount_minor, 15000);
    assert_eq!(
        kinds(&lines(&app, sale.id).await),
        vec![
            ("creator_payable", shop.creator.id, -5250),
            ("payment_clearing", 0, 15000),
            ("platform_revenue", 0, -9750),
        ]
    );
    assert_balanced(&app).await;
    assert_eq!(balance(&app, shop.creator.id).await, 5250);
    assert_eq!(balance(&app, buyer.id).await, 0);
    // The same order again (same key): no second posting.
    order(&app, &buyer, shop.paid, "ledger-key-01")
        .await
        .expect_status(200);
    assert_eq!(transfers(&app, &format!("order:{}:", o.id)).await.len(), 1);

    // A refund reverses it exactly.
    app.post_json(
        &format!("/api/v1/staff/orders/{}/refund", o.id),
        &json!({"reason": "bought twice by mistake"}),
        &staff,
    )
    .await
    .expect_status(200);
    let refund = transfer(&app, &format!("order:{}:sale:reversal", o.id))
        .await
        .expect("the refunded event reversed the sale");
    assert_eq!(refund.kind, "template_refund");
    assert_eq!(refund.reverses_id, Some(sale.id));
    assert_eq!(refund.source, sale.source);
    assert_eq!(
        kinds(&lines(&app, refund.id).await),
        vec![
            ("creator_payable", shop.creator.id, 5250),
            ("payment_clearing", 0, -15000),
            ("platform_revenue", 0, 9750),
        ]
    );
    assert_eq!(balance(&app, shop.creator.id).await, 0);
    assert_balanced(&app).await;

    // Catching up finds nothing left to post.
    let posted = atelier::revenue::sales::catch_up(&app.db, &app.settings.ledger)
        .await
        .unwrap();
    assert_eq!(posted, 0);
    assert_eq!(transfers(&app, &format!("order:{}:", o.id)).await.len(), 2);

    // A free licence carries no money.
    app.post_json(
        &format!("/api/v1/templates/{}/licence", shop.free),
        &json!({}),
        &buyer,
    )
    .await
    .expect_status(201);
    assert_eq!(transfers(&app, "order:").await.len(), 2);
}

async fn a_template_agreement_decides_the_split_of_later_sales(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let co = app.as_member("co_creator").await;
    let fin = finance(&app, "fin").await;
    let path = format!("/api/v1/finance/templates/{}/agreement", shop.paid);

    // Without one, the default: 35 % to the creator from the template's creation.
    let default: Agreement = app.get_json(&path, &fin).await.expect_status(200).json();
    assert_eq!(default.id, 0);
    assert_eq!(default.share_bp, 3500);
    assert_eq!(default.parties.len(), 1);
    assert_eq!(default.parties[0].user_id, shop.creator.id);
    assert_eq!(default.parties[0].handle, "creator");

    let a: Agreement = app
        .put_json(
            &path,
            &json!({"share_bp": 5001, "parties": [
                {"user_id": shop.creator.id, "weight": 1},
                {"user_id": co.id, "weight": 1},
            ], "note": "co-designed"}),
            &fin,
        )
        .await
        .expect_status(200)
        .json();
    assert!(a.id > 0);
    assert_eq!(a.share_bp, 5001);
    assert_eq!(a.parties[1].handle, "co_creator");
    let now: Agreement = app.get_json(&path, &fin).await.expect_status(200).json();
    assert_eq!(now, a);
    let audit = audit_actions(&app).await;
    assert_eq!(audit[0].0, "agreement.template");
    assert!(audit[0].1.contains("share 5001 bp"), "{}", audit[0].1);

    // 50.01 % of 15000 is 7501.5 -> 7502, split 3751 / 3751.
    let buyer = app.as_member("hao").await;
    let o: Order = order(&app, &buyer, shop.paid, "ledger-key-02")
        .await
        .expect_status(201)
        .json();
    let sale = transfer(&app, &format!("order:{}:sale", o.id))
        .await
        .unwrap();
    assert_eq!(
        kinds(&lines(&app, sale.id).await),
        vec![
            ("creator_payable", shop.creator.id, -3751),
            ("creator_payable", co.id, -3751),
            ("payment_clearing", 0, 15000),
            ("platform_revenue", 0, -7498),
        ]
    );
    assert_eq!(balance(&app, co.id).await, 3751);
    assert_balanced(&app).await;

    // A term that ended: no agreement in force, so sales earn the default again.
    let ended = json!({"share_bp": 9000,
        "starts_at": "2025-01-01T00:00:00Z", "ends_at": "2025-06-01T00:00:00Z",
        "parties": [{"user_id": co.id, "weight": 1}]});
    app.put_json(&path, &ended, &fin).await.expect_status(200);
    let buyer2 = app.as_member("sora").await;
    let o2: Order = order(&app, &buyer2, shop.paid, "ledger-key-03")
        .await
        .expect_status(201)
        .json();
    let sale2 = transfer(&app, &format!("order:{}:sale", o2.id))
        .await
        .unwrap();
    assert_eq!(
        kinds(&lines(&app, sale2.id).await),
        vec![
            ("creator_payable", shop.creator.id, -5250),
            ("payment_clearing", 0, 15000),
            ("platform_revenue", 0, -9750),
        ]
    );
}

async fn agreements_are_validated_and_for_finance_only(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let fin = finance_staff(&app, "fin").await;
    let staff = app.as_staff("lin").await;
    let member = app.as_member("hao").await;
    let path = format!("/api/v1/finance/templates/{}/agreement", shop.paid);
    let ok = agreement(4000, &[(shop.creator.id, 1)]);

    for who in [&staff, &member] {
        app.get_json(&path, who)
            .await
            .expect_error(403, "finance_required");
        app.put_json(&path, &ok, who)
            .await
            .expect_error(403, "finance_required");
    }
    app.get_json("/api/v1/finance/templates/999999/agreement", &fin)
        .await
        .expect_error(404, "not_found");
    let c = shop.creator.id;
    for (body, code) in [
        (agreement(10_001, &[(c, 1)]), "invalid_share"),
        (agreement(-1, &[(c, 1)]), "invalid_share"),
        (agreement(1000, &[]), "invalid_parties"),
        (agreement(1000, &[(c, 0)]), "invalid_parties"),
        (agreement(1000, &[(c, 1), (c, 2)]), "invalid_parties"),
        (
            agreement(1000, &(0..21).map(|i| (c + i, 1)).collect::<Vec<_>>()),
            "invalid_parties",
        ),
        (agreement(1000, &[(c, 1), (999_999, 1)]), "unknown_party"),
        (
            json!({"share_bp": 1000, "starts_at": "2026-05-01T00:00:00Z",
                   "ends_at": "2026-05-01T00:00:00Z", "parties": [{"user_id": c, "weight": 1}]}),
            "invalid_term",
        ),
        (
            json!({"share_bp": 1000, "parties": [{"user_id": c, "weight": 1}], "note": "x".repeat(501)}),
            "invalid_note",
        ),
    ] {
        app.put_json(&path, &body, &fin)
            .await
            .expect_error(422, code);
    }
    // Finance staff (granted) may; nothing was stored by the refusals.
    let a: Agreement = app
        .put_json(&path, &ok, &fin)
        .await
        .expect_status(200)
        .json();
    assert_eq!(a.share_bp, 4000);
    assert_eq!(
        atelier::revenue::agreements::agreement_at(
            &app.db,
            atelier_api::AgreementSubject::Template,
            shop.paid,
            Utc::now()
        )
        .await
        .unwrap()
        .map(|s| s.row.id),
        Some(a.id)
    );
}

async fn a_webhook_delivered_twice_posts_once(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let o: Order = order(&app, &buyer, shop.paid, "hook-key-01")
        .await
        .expect_status(201)
        .json();
    assert_eq!(o.status, OrderStatus::Pending);
    assert!(transfers(&app, "order:").await.is_empty());
    let paid = stripe_event(
        "evt_1Paid",
        "checkout.session.completed",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    for _ in 0..2 {
        deliver_signed(&app, &paid).await.expect_status(200);
    }
    // Another event for the same payment.
    let again = stripe_event(
        "evt_2AsyncPaid",
        "checkout.session.async_payment_succeeded",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    deliver_signed(&app, &again).await.expect_status(200);
    let posted = transfers(&app, &format!("order:{}:", o.id)).await;
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(balance(&app, shop.creator.id).await, 5250);

    // The refund's webhook, delivered twice: reversed once.
    let refunded = stripe_event(
        "evt_3Refunded",
        "charge.refunded",
        json!({
            "id": "ch_test_1", "object": "charge", "amount": 15000, "amount_refunded": 15000,
            "currency": "twd", "metadata": {}, "payment_intent": format!("pi_test_{}", o.id),
            "refunded": true, "status": "succeeded",
        }),
    );
    for _ in 0..2 {
        deliver_signed(&app, &refunded).await.expect_status(200);
    }
    let posted = transfers(&app, &format!("order:{}:", o.id)).await;
    assert_eq!(posted.len(), 2, "{posted:?}");
    assert_eq!(balance(&app, shop.creator.id).await, 0);
    assert_balanced(&app).await;
}

/// Writes an order and its events straight into the database, as orders
/// were written before sales were posted.
async fn legacy_order(
    app: &TestApp,
    buyer: i64,
    template_id: i64,
    creator: i64,
    kinds: &[&str],
) -> i64 {
    let now = Utc::now();
    let o = template_order::ActiveModel {
        buyer_id: Set(buyer),
        template_id: Set(template_id),
        licence: Set("paid_single_use".into()),
        amount_minor: Set(20_000),
        currency: Set("TWD".into()),
        method: Set("card".into()),
        provider: Set("test".into()),
        idempotency_key: Set(format!("legacy-{buyer}-{template_id}")),
        created_at: Set(now),
        creator_id: Set(Some(creator)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    for kind in kinds {
        let amount = match *kind {
            "paid" => Some(20_000),
            "refunded" => Some(-20_000),
            _ => None,
        };
        order_event::ActiveModel {
            order_id: Set(o.id),
            kind: Set((*kind).to_owned()),
            idempotency_key: Set(format!("order:{}:{kind}", o.id)),
            amount_minor: Set(amount),
            provider_ref: Set(None),
            actor_id: Set(None),
            note: Set(None),
            created_at: Set(now),
            checkout_url: Set(None),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    o.id
}

async fn events_written_before_the_ledger_are_posted_at_start_up(db: Db) {
    let app = spawn(db).await;
    let creator = app.as_member("creator").await;
    let buyer = app.as_member("hao").await;
    let buyer2 = app.as_member("sora").await;
    let t = template(&app, creator.id, "Old poster", 20_000, "published").await;
    let kept = legacy_order(&app, buyer.id, t, creator.id, &["pending", "paid"]).await;
    let returned = legacy_order(
        &app,
        buyer2.id,
        t,
        creator.id,
        &["pending", "paid", "refunded"],
    )
    .await;
    assert!(transfers(&app, "order:").await.is_empty());

    // What start-up runs: the sale of each, and the reversal of the refund.
    let posted = atelier::revenue::sales::catch_up(&app.db, &app.settings.ledger)
        .await
        .unwrap();
    assert_eq!(posted, 3);
    assert!(
        transfer(&app, &format!("order:{kept}:sale"))
            .await
            .is_some()
    );
    assert!(
        transfer(&app, &format!("order:{returned}:sale:reversal"))
            .await
            .is_some()
    );
    assert_eq!(balance(&app, creator.id).await, 7000);
    // Again: nothing more.
    let posted = atelier::revenue::sales::catch_up(&app.db, &app.settings.ledger)
        .await
        .unwrap();
    assert_eq!(posted, 0);
    assert_eq!(transfers(&app, "order:").await.len(), 3);
    assert_balanced(&app).await;

    // The application runs it when it starts.
    let third = legacy_order(
        &app,
        app.as_member("kai").await.id,
        t,
        creator.id,
        &["pending", "paid"],
    )
    .await;
    let restarted =
        crate::helpers::spawn_settings(app.settings.clone(), tempfile::tempdir().unwrap(), None)
            .await;
    assert!(
        transfer(&restarted, &format!("order:{third}:sale"))
            .await
            .is_some()
    );
    assert_eq!(balance(&restarted, creator.id).await, 14_000);
}
