//! Idempotency under real concurrent requests (the claims are about
//! PostgreSQL; SQLite runs them too): one key makes one order, one member
//! one free grant, one webhook event one payment.

use atelier_api::{LicenceGrant, Order, OrderStatus};
use futures::future::join_all;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{Db, spawn_with};
use crate::orders_support::{
    FakeStripe, Shop, deliver_signed, events_of_kind, licences_of, order, order_count,
    payment_event_count, popularity, session, spawn_with_stripe, stripe_event, template,
};

both_databases!(
    twenty_concurrent_orders_with_one_key_make_one_order,
    ten_concurrent_free_licence_requests_make_one_grant,
    a_webhook_delivered_ten_times_at_once_pays_once,
);

/// Rounds of the burst: one alone does not always make requests collide
/// at the insert; five do.
const ROUNDS: usize = 5;

async fn twenty_concurrent_orders_with_one_key_make_one_order(db: Db) {
    let app = spawn_with(db, |s| s.http.workers = 4).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    for round in 0..ROUNDS {
        let t = template(
            &app,
            shop.creator.id,
            &format!("Box {round}"),
            15000,
            "published",
        )
        .await;
        let key = format!("same-key-000{round}");
        let answers = join_all((0..20).map(|_| order(&app, &buyer, t, &key))).await;
        let mut ids = Vec::new();
        let mut created = 0;
        for a in &answers {
            match a.status.as_u16() {
                201 => created += 1,
                200 => {}
                other => panic!("{}: {other}: {}", a.request, a.text()),
            }
            ids.push(a.json::<Order>().id);
        }
        assert_eq!(created, 1, "exactly one request made the order");
        ids.dedup();
        assert_eq!(ids.len(), 1, "every answer is the same order: {ids:?}");
        assert_eq!(order_count(&app).await, round as u64 + 1);
        assert_eq!(events_of_kind(&app, ids[0], "pending").await, 1);
        assert_eq!(events_of_kind(&app, ids[0], "paid").await, 1);
        let licences = licences_of(&app, buyer.id).await;
        assert_eq!(licences.len(), round + 1, "{licences:?}");
        assert!(licences.iter().any(|l| l.order_id == Some(ids[0])));
        let last: Order = order(&app, &buyer, t, &key).await.expect_status(200).json();
        assert_eq!(last.status, OrderStatus::Paid);
    }
}

async fn ten_concurrent_free_licence_requests_make_one_grant(db: Db) {
    let app = spawn_with(db, |s| s.http.workers = 4).await;
    let shop = Shop::open(&app, "creator").await;
    let member = app.as_member("yuting").await;
    let empty = json!({});
    for round in 0..ROUNDS {
        let t = template(
            &app,
            shop.creator.id,
            &format!("Free {round}"),
            0,
            "published",
        )
        .await;
        let path = format!("/api/v1/templates/{t}/licence");
        let answers = join_all((0..10).map(|_| app.post_json(&path, &empty, &member))).await;
        let mut ids: Vec<i64> = answers
            .iter()
            .map(|a| {
                assert!(
                    matches!(a.status.as_u16(), 200 | 201),
                    "{}: {}",
                    a.status,
                    a.text()
                );
                a.json::<LicenceGrant>().id
            })
            .collect();
        assert_eq!(answers.iter().filter(|a| a.status == 201).count(), 1);
        ids.dedup();
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(licences_of(&app, member.id).await.len(), round + 1);
        // Popularity counted one grant: its decayed score is one free
        // licence's weight (0.5), not several.
        let score =
            atelier::templates::popularity::score_at(popularity(&app, t).await, chrono::Utc::now());
        assert!(
            (0.49..=0.5001).contains(&score),
            "one grant of weight {}: {score}",
            atelier::templates::popularity::FREE_LICENCE_WEIGHT
        );
    }
}

async fn a_webhook_delivered_ten_times_at_once_pays_once(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let o: Order = order(&app, &buyer, shop.paid, "hook-key-0001")
        .await
        .expect_status(201)
        .json();
    assert_eq!(o.status, OrderStatus::Pending);

    let body = stripe_event(
        "evt_concurrent_1",
        "checkout.session.completed",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    let answers = join_all((0..10).map(|_| deliver_signed(&app, &body))).await;
    let mut outcomes: Vec<String> = answers
        .iter()
        .map(|a| {
            let v: Value = a.json();
            assert_eq!(a.status, 200, "{v}");
            v["outcome"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    outcomes.sort();
    let mut expected = vec!["duplicate".to_owned(); 9];
    expected.insert(0, "applied".to_owned());
    assert_eq!(outcomes, expected);
    assert_eq!(events_of_kind(&app, o.id, "paid").await, 1);
    assert_eq!(payment_event_count(&app).await, 1);
    assert_eq!(licences_of(&app, buyer.id).await.len(), 1);
}
