//! Stripe Checkout: sessions created as Stripe's API documents them (against
//! a stand-in on loopback that checks the form), and webhooks signed as
//! Stripe signs them: unsigned, mis-signed, stale and replayed deliveries
//! change nothing; the documented events pay, fail, cancel and refund.

use atelier_api::{Order, OrderStatus};
use chrono::Utc;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{Answer, Db, TestApp};
use crate::orders_support::{
    FakeStripe, SECRET_KEY, Shop, WEBHOOK_SECRET, deliver, deliver_signed, events, events_of_kind,
    licences_of, order, order_count, payment_event_count, session, spawn_with_stripe, stripe_event,
    stripe_signature,
};

both_databases!(
    checkout_sessions_are_created_as_stripe_documents,
    an_unreachable_stripe_keeps_the_order_for_a_retry,
    unsigned_mis_signed_stale_and_replayed_webhooks_change_nothing,
    a_session_paid_with_another_amount_is_not_paid,
    expired_sessions_cancel_and_buyers_cancelling_expire_the_session,
    stripe_refunds_are_confirmed_by_webhook,
);

fn outcome(a: &Answer) -> String {
    assert_eq!(a.status, 200, "{}: {}", a.request, a.text());
    let v: Value = a.json();
    assert_eq!(v["received"], true);
    v["outcome"].as_str().unwrap_or_default().to_owned()
}

async fn pending_order(app: &TestApp, shop: &Shop, key: &str) -> (crate::helpers::User, Order) {
    let buyer = app
        .as_member(&format!("buyer_{}", key.replace('-', "_")))
        .await;
    let o: Order = order(app, &buyer, shop.paid, key)
        .await
        .expect_status(201)
        .json();
    assert_eq!(o.status, OrderStatus::Pending);
    (buyer, o)
}

async fn checkout_sessions_are_created_as_stripe_documents(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;

    let o: Order = order(&app, &buyer, shop.paid, "stripe-key-0001")
        .await
        .expect_status(201)
        .json();
    assert_eq!(o.status, OrderStatus::Pending);
    assert_eq!(
        o.checkout_url.as_deref(),
        Some("https://checkout.stripe.com/c/pay/cs_test_fake1")
    );
    assert_eq!(o.payment_reference, None);
    assert!(licences_of(&app, buyer.id).await.is_empty(), "not paid yet");

    let calls = stripe.calls_to("/v1/checkout/sessions");
    assert_eq!(calls.len(), 1);
    let c = &calls[0];
    assert_eq!(
        c.authorization.as_deref(),
        Some(format!("Bearer {SECRET_KEY}").as_str())
    );
    assert_eq!(
        c.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let key = c.idempotency_key.clone().unwrap_or_default();
    assert!(
        key.contains("stripe-key-0001") && key.contains(&o.id.to_string()),
        "{key}"
    );
    let id = o.id.to_string();
    for (field, want) in [
        ("mode", "payment"),
        ("line_items[0][price_data][currency]", "twd"),
        ("line_items[0][price_data][unit_amount]", "15000"),
        (
            "line_items[0][price_data][product_data][name]",
            "Tea box dieline",
        ),
        ("line_items[0][quantity]", "1"),
        ("client_reference_id", id.as_str()),
        ("metadata[order_id]", id.as_str()),
    ] {
        assert_eq!(c.field(field), Some(want), "{field}: {:?}", c.form);
    }
    for field in ["success_url", "cancel_url"] {
        let url = c.field(field).unwrap_or_default();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with(&format!("/orders/{}", o.id)),
            "{field}: {url}"
        );
    }
    // The session is the pending event's reference.
    assert_eq!(
        events(&app, o.id).await[0].provider_ref.as_deref(),
        Some("cs_test_fake1")
    );

    // The same key again: the same order and no second session.
    let again: Order = order(&app, &buyer, shop.paid, "stripe-key-0001")
        .await
        .expect_status(200)
        .json();
    assert_eq!(again, o);
    assert_eq!(stripe.calls_to("/v1/checkout/sessions").len(), 1);
    let seen: Order = app
        .get_json(&format!("/api/v1/orders/{}", o.id), &buyer)
        .await
        .json();
    assert_eq!(seen.checkout_url, o.checkout_url);
}

async fn an_unreachable_stripe_keeps_the_order_for_a_retry(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;

    stripe.fail_next(1);
    order(&app, &buyer, shop.paid, "retry-key-0001")
        .await
        .expect_error(503, "payment_provider_unavailable");
    assert_eq!(order_count(&app).await, 1, "the order is kept");
    // The same request again starts the payment (same Stripe idempotency key).
    let o: Order = order(&app, &buyer, shop.paid, "retry-key-0001")
        .await
        .expect_status(200)
        .json();
    assert!(o.checkout_url.is_some(), "{o:?}");
    let calls = stripe.calls_to("/v1/checkout/sessions");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].idempotency_key, calls[1].idempotency_key);
    assert_eq!(order_count(&app).await, 1);
}

/// No payment event recorded, no paid event, no licence.
async fn unchanged(app: &TestApp, order_id: i64, buyer_id: i64) {
    assert_eq!(payment_event_count(app).await, 0);
    assert_eq!(events_of_kind(app, order_id, "paid").await, 0);
    assert!(licences_of(app, buyer_id).await.is_empty());
}

async fn unsigned_mis_signed_stale_and_replayed_webhooks_change_nothing(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let (buyer, o) = pending_order(&app, &shop, "hook-key-0001").await;
    let body = stripe_event(
        "evt_1PaidOnce",
        "checkout.session.completed",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    let now = Utc::now().timestamp();

    deliver(&app, &body, None)
        .await
        .expect_error(400, "signature_missing");
    unchanged(&app, o.id, buyer.id).await;
    for sig in [
        stripe_signature("whsec_someone_else", now, &body),
        // Signed for another body.
        stripe_signature(WEBHOOK_SECRET, now, &body.replace("15000", "1")),
        // The timestamp changed after signing.
        stripe_signature(WEBHOOK_SECRET, now, &body)
            .replace(&format!("t={now}"), &format!("t={}", now + 1)),
        format!("t={now}"),
        format!("t={now},v0={}", "ab".repeat(32)),
        "garbage".to_owned(),
    ] {
        deliver(&app, &body, Some(sig))
            .await
            .expect_error(400, "signature_invalid");
    }
    unchanged(&app, o.id, buyer.id).await;
    // Correctly signed, but six minutes ago (tolerance 300 s).
    deliver(
        &app,
        &body,
        Some(stripe_signature(WEBHOOK_SECRET, now - 360, &body)),
    )
    .await
    .expect_error(400, "signature_expired");
    unchanged(&app, o.id, buyer.id).await;

    // Signed now (with a second, stale v1 beside it, as while rolling a secret).
    let sig = format!(
        "{},v1={}",
        stripe_signature(WEBHOOK_SECRET, now, &body),
        "00".repeat(32)
    );
    assert_eq!(
        outcome(&deliver(&app, &body, Some(sig.clone())).await),
        "applied"
    );
    let paid: Order = app
        .get_json(&format!("/api/v1/orders/{}", o.id), &buyer)
        .await
        .json();
    assert_eq!(paid.status, OrderStatus::Paid);
    assert_eq!(paid.checkout_url, None);
    let evs = events(&app, o.id).await;
    assert_eq!(
        evs[1].provider_ref.as_deref(),
        Some(format!("pi_test_{}", o.id).as_str())
    );
    assert_eq!(evs[1].amount_minor, Some(15000));
    assert_eq!(licences_of(&app, buyer.id).await.len(), 1);

    // The same delivery replayed, and again re-signed: nothing changes.
    assert_eq!(outcome(&deliver(&app, &body, Some(sig)).await), "duplicate");
    assert_eq!(outcome(&deliver_signed(&app, &body).await), "duplicate");
    assert_eq!(payment_event_count(&app).await, 1);
    assert_eq!(events_of_kind(&app, o.id, "paid").await, 1);
    // Another event for the same payment: recorded, the order already paid.
    let async_paid = stripe_event(
        "evt_2AsyncPaid",
        "checkout.session.async_payment_succeeded",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &async_paid).await), "already");
    assert_eq!(events_of_kind(&app, o.id, "paid").await, 1);
    assert_eq!(licences_of(&app, buyer.id).await.len(), 1);
    // Types we do not handle are received and ignored; an order we do not
    // know is recorded and left alone.
    let other = stripe_event(
        "evt_3Customer",
        "customer.created",
        json!({"id": "cus_1", "object": "customer"}),
    );
    assert_eq!(outcome(&deliver_signed(&app, &other).await), "ignored");
    let mut stranger = session(&o, "cs_test_other", "paid", 15000);
    stranger["metadata"]["order_id"] = json!("999999");
    stranger["client_reference_id"] = json!("999999");
    let unknown = stripe_event("evt_4Unknown", "checkout.session.completed", stranger);
    assert_eq!(
        outcome(&deliver_signed(&app, &unknown).await),
        "unknown_order"
    );
    assert_eq!(payment_event_count(&app).await, 4);
    // A body that is not an event, signed: refused, nothing recorded.
    deliver_signed(&app, "not json")
        .await
        .expect_error(400, "invalid_body");
    assert_eq!(payment_event_count(&app).await, 4);
}

async fn a_session_paid_with_another_amount_is_not_paid(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let (buyer, o) = pending_order(&app, &shop, "amount-key-01").await;
    let body = stripe_event(
        "evt_5Cheap",
        "checkout.session.completed",
        session(&o, "cs_test_fake1", "paid", 100),
    );
    assert_eq!(
        outcome(&deliver_signed(&app, &body).await),
        "amount_mismatch"
    );
    let evs = events(&app, o.id).await;
    assert_eq!(evs.last().map(|e| e.kind.as_str()), Some("failed"));
    let note = evs.last().and_then(|e| e.note.clone()).unwrap_or_default();
    assert!(note.contains("100") && note.contains("15000"), "{note}");
    assert!(licences_of(&app, buyer.id).await.is_empty());
    assert_eq!(payment_event_count(&app).await, 1);

    // A session not yet paid (a delayed method) waits.
    let (_, o2) = pending_order(&app, &shop, "amount-key-02").await;
    let unpaid = stripe_event(
        "evt_6Unpaid",
        "checkout.session.completed",
        session(&o2, "cs_test_fake2", "unpaid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &unpaid).await), "waiting");
    assert_eq!(events(&app, o2.id).await.len(), 1);
    let failed = stripe_event(
        "evt_7Failed",
        "checkout.session.async_payment_failed",
        session(&o2, "cs_test_fake2", "unpaid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &failed).await), "applied");
    assert_eq!(events_of_kind(&app, o2.id, "failed").await, 1);
}

async fn expired_sessions_cancel_and_buyers_cancelling_expire_the_session(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let (buyer, o) = pending_order(&app, &shop, "expire-key-01").await;
    let body = stripe_event(
        "evt_8Expired",
        "checkout.session.expired",
        session(&o, "cs_test_fake1", "unpaid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &body).await), "applied");
    let seen: Order = app
        .get_json(&format!("/api/v1/orders/{}", o.id), &buyer)
        .await
        .json();
    assert_eq!(seen.status, OrderStatus::Cancelled);

    let (buyer2, o2) = pending_order(&app, &shop, "expire-key-02").await;
    let session_id = events(&app, o2.id).await[0].provider_ref.clone().unwrap();
    let cancelled: Order = app
        .post_json(
            &format!("/api/v1/orders/{}/cancel", o2.id),
            &json!({}),
            &buyer2,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    let expire = stripe.calls_to(&format!("/v1/checkout/sessions/{session_id}/expire"));
    assert_eq!(expire.len(), 1, "{:?}", stripe.calls());
}

async fn stripe_refunds_are_confirmed_by_webhook(db: Db) {
    let stripe = FakeStripe::start().await;
    let app = spawn_with_stripe(db, &stripe).await;
    let shop = Shop::open(&app, "creator").await;
    let staff = app.as_staff("lin").await;
    let (buyer, o) = pending_order(&app, &shop, "refund-key-01").await;
    let paid = stripe_event(
        "evt_9Paid",
        "checkout.session.completed",
        session(&o, "cs_test_fake1", "paid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &paid).await), "applied");
    let intent = format!("pi_test_{}", o.id);

    // Stripe accepts the refund as pending: the order stays paid for now.
    stripe.refunds_answer("pending");
    let still: Order = app
        .post_json(
            &format!("/api/v1/staff/orders/{}/refund", o.id),
            &json!({"reason": "the file was broken"}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(still.status, OrderStatus::Paid);
    let refunds = stripe.calls_to("/v1/refunds");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].field("payment_intent"), Some(intent.as_str()));
    assert_eq!(
        refunds[0].field("metadata[reason]"),
        Some("the file was broken")
    );
    let log = app.audit_log(&staff).await;
    assert_eq!(log.items[0].action, "order.refund");
    assert!(
        atelier::templates::access::live_licence(&app.db, buyer.id, shop.paid)
            .await
            .unwrap()
            .is_some()
    );

    // Stripe confirms: refunded, the licence revoked with the staff's reason.
    let refund_object = json!({
        "id": "re_test_fake2",
        "object": "refund",
        "amount": 15000,
        "charge": "ch_test_1",
        "currency": "twd",
        "metadata": {"order_id": o.id.to_string(), "reason": "the file was broken"},
        "payment_intent": intent,
        "status": "succeeded",
    });
    let confirmed = stripe_event("evt_10Refund", "refund.updated", refund_object);
    assert_eq!(outcome(&deliver_signed(&app, &confirmed).await), "applied");
    let done: Order = app
        .get_json(&format!("/api/v1/orders/{}", o.id), &buyer)
        .await
        .json();
    assert_eq!(done.status, OrderStatus::Refunded);
    let evs = events(&app, o.id).await;
    assert_eq!(evs.last().and_then(|e| e.amount_minor), Some(-15000));
    let rows = licences_of(&app, buyer.id).await;
    assert_eq!(
        rows[0].revoked_reason.as_deref(),
        Some("the file was broken")
    );
    assert!(
        atelier::templates::access::live_licence(&app.db, buyer.id, shop.paid)
            .await
            .unwrap()
            .is_none()
    );
    // charge.refunded for the same payment (found by its payment intent): already so.
    let charge = stripe_event(
        "evt_11Charge",
        "charge.refunded",
        json!({
            "id": "ch_test_1", "object": "charge", "amount": 15000, "amount_refunded": 15000,
            "currency": "twd", "metadata": {}, "payment_intent": intent, "refunded": true,
            "status": "succeeded",
        }),
    );
    assert_eq!(outcome(&deliver_signed(&app, &charge).await), "already");
    assert_eq!(events_of_kind(&app, o.id, "refunded").await, 1);

    // A refund Stripe reports succeeded at once is done at once.
    let (buyer2, o2) = pending_order(&app, &shop, "refund-key-02").await;
    let paid2 = stripe_event(
        "evt_12Paid",
        "checkout.session.completed",
        session(&o2, "cs_test_fake9", "paid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &paid2).await), "applied");
    stripe.refunds_answer("succeeded");
    let now: Order = app
        .post_json(
            &format!("/api/v1/staff/orders/{}/refund", o2.id),
            &json!({"reason": "asked within a day"}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(now.status, OrderStatus::Refunded);
    assert!(
        atelier::templates::access::live_licence(&app.db, buyer2.id, shop.paid)
            .await
            .unwrap()
            .is_none()
    );
    // A partial refund at Stripe leaves an order paid.
    let (_, o3) = pending_order(&app, &shop, "refund-key-03").await;
    let paid3 = stripe_event(
        "evt_13Paid",
        "checkout.session.completed",
        session(&o3, "cs_test_fake10", "paid", 15000),
    );
    assert_eq!(outcome(&deliver_signed(&app, &paid3).await), "applied");
    let partial = stripe_event(
        "evt_14Partial",
        "charge.refunded",
        json!({
            "id": "ch_test_3", "object": "charge", "amount": 15000, "amount_refunded": 5000,
            "currency": "twd", "payment_intent": format!("pi_test_{}", o3.id), "refunded": false,
        }),
    );
    assert_eq!(outcome(&deliver_signed(&app, &partial).await), "ignored");
    assert_eq!(events_of_kind(&app, o3.id, "refunded").await, 0);
}
