//! Free licences, orders through the test provider and by bank transfer,
//! receipts, the library, cancelling, staff marking a transfer paid and
//! refunds that revoke the licence.

use atelier::entities::{media, template, template_preview};
use atelier_api::{LicenceGrant, Order, OrderStatus, PaymentMethod};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, spawn};
use crate::orders_support::{
    Shop, bank_order, events, events_of_kind, licences_of, order, order_count, popularity, template,
};

both_databases!(
    free_templates_are_licensed_once,
    paid_templates_are_ordered_once_per_key_and_paid_by_the_test_provider,
    bank_transfers_wait_for_staff,
    buyers_cancel_pending_orders,
    refunds_revoke_the_licence_and_record_a_reversal,
    receipts_and_the_library_are_the_callers_own,
    the_demo_member_holds_a_free_licence_a_paid_order_and_a_pending_transfer,
);

async fn free_templates_are_licensed_once(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let member = app.as_member("yuting").await;
    let path = format!("/api/v1/templates/{}/licence", shop.free);
    let before = popularity(&app, shop.free).await;

    app.post_json(&path, &json!({}), ANON)
        .await
        .expect_error(401, "unauthenticated");
    let first: LicenceGrant = app
        .post_json(&path, &json!({}), &member)
        .await
        .expect_status(201)
        .json();
    assert_eq!(first.template_id, shop.free);
    assert_eq!(first.template_title, "環保包裝設計模板");
    assert_eq!(first.order_id, None);
    assert_eq!(first.revoked_at, None);
    assert_eq!(first.licence.as_str(), "free_commercial");
    let bumped = popularity(&app, shop.free).await;
    assert!(
        bumped > before,
        "the first grant counts: {before} -> {bumped}"
    );

    // The same grant again, and popularity counted once.
    let again: LicenceGrant = app
        .post_json(&path, &json!({}), &member)
        .await
        .expect_status(200)
        .json();
    assert_eq!(again.id, first.id);
    assert_eq!(popularity(&app, shop.free).await, bumped);
    let rows = licences_of(&app, member.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].grant_key,
        format!("free:{}:{}", member.id, shop.free)
    );
    assert!(
        atelier::templates::access::live_licence(&app.db, member.id, shop.free)
            .await
            .unwrap()
            .is_some()
    );

    // A paid template is bought, not taken; drafts and unknown ids do not exist.
    app.post_json(
        &format!("/api/v1/templates/{}/licence", shop.paid),
        &json!({}),
        &member,
    )
    .await
    .expect_error(409, "template_not_free");
    for status in ["draft", "in_review", "rejected", "unlisted"] {
        let t = template(&app, shop.creator.id, "Hidden", 0, status).await;
        app.post_json(
            &format!("/api/v1/templates/{t}/licence"),
            &json!({}),
            &member,
        )
        .await
        .expect_error(404, "not_found");
    }
    app.post_json("/api/v1/templates/999999/licence", &json!({}), &member)
        .await
        .expect_error(404, "not_found");
    app.post_json(&path, &json!({}), &shop.creator)
        .await
        .expect_error(409, "own_template");
}

async fn paid_templates_are_ordered_once_per_key_and_paid_by_the_test_provider(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let before = popularity(&app, shop.paid).await;

    let created: Order = order(&app, &buyer, shop.paid, "order-key-0001")
        .await
        .expect_status(201)
        .json();
    // The test provider pays at once: paid, licensed, counted as a sale.
    assert_eq!(created.status, OrderStatus::Paid);
    assert_eq!(created.method, PaymentMethod::Card);
    assert_eq!(created.amount.amount_minor, 15000);
    assert_eq!(created.amount.currency, "TWD");
    assert_eq!(created.template_title, "Tea box dieline");
    assert_eq!(created.buyer_handle, "hao");
    assert!(created.paid_at.is_some());
    assert_eq!(created.checkout_url, None);
    assert_eq!(created.payment_reference, None);
    assert!(popularity(&app, shop.paid).await > before);
    let licences = licences_of(&app, buyer.id).await;
    assert_eq!(licences.len(), 1);
    assert_eq!(licences[0].order_id, Some(created.id));
    assert_eq!(licences[0].grant_key, format!("order:{}", created.id));
    assert_eq!(licences[0].licence, "paid_single_use");

    // What a ledger reads: the pending and paid events, the sale positive,
    // and the order's snapshot of the template.
    let evs = events(&app, created.id).await;
    let kinds: Vec<&str> = evs.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["pending", "paid"]);
    assert_eq!(evs[0].amount_minor, None);
    assert_eq!(evs[1].amount_minor, Some(15000));
    assert_eq!(evs[1].idempotency_key, format!("order:{}:paid", created.id));
    let row = atelier::entities::template_order::Entity::find_by_id(created.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.creator_id, Some(shop.creator.id));
    assert_eq!(row.buyer_id, buyer.id);
    assert_eq!(row.provider, "test");

    // The same key: the same order, whatever the template costs now.
    let t = template::Entity::find_by_id(shop.paid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: template::ActiveModel = t.into();
    am.price_minor = Set(99000);
    am.update(&app.db).await.unwrap();
    let again: Order = order(&app, &buyer, shop.paid, "order-key-0001")
        .await
        .expect_status(200)
        .json();
    assert_eq!(again, created);
    assert_eq!(order_count(&app).await, 1);
    assert_eq!(events_of_kind(&app, created.id, "paid").await, 1);

    // The same key for another template is a conflict; the buyer holds it now.
    let other = template(&app, shop.creator.id, "Poster grid", 5000, "published").await;
    order(&app, &buyer, other, "order-key-0001")
        .await
        .expect_error(409, "idempotency_conflict");
    order(&app, &buyer, shop.paid, "order-key-0002")
        .await
        .expect_error(409, "already_licensed");
    // Another buyer may use the same key: keys are per buyer.
    let second = app.as_member("sora").await;
    let theirs: Order = order(&app, &second, shop.paid, "order-key-0001")
        .await
        .expect_status(201)
        .json();
    assert_ne!(theirs.id, created.id);
    assert_eq!(theirs.amount.amount_minor, 99000, "the price at order time");

    for bad in [
        "short",
        "x".repeat(65).as_str(),
        "has space-123",
        "ünïcode-key",
        "",
    ] {
        order(&app, &buyer, other, bad)
            .await
            .expect_error(422, "invalid_idempotency_key");
    }
    order(&app, &buyer, shop.free, "order-key-0003")
        .await
        .expect_error(409, "template_free");
    order(&app, &shop.creator, shop.paid, "order-key-0004")
        .await
        .expect_error(409, "own_template");
    let draft = template(&app, shop.creator.id, "Draft", 5000, "draft").await;
    order(&app, &buyer, draft, "order-key-0005")
        .await
        .expect_error(404, "not_found");
    app.post_json(
        "/api/v1/orders",
        &json!({"template_id": other, "idempotency_key": "order-key-0006"}),
        ANON,
    )
    .await
    .expect_error(401, "unauthenticated");
}

async fn bank_transfers_wait_for_staff(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let staff = app.as_staff("lin").await;

    let o = bank_order(&app, &buyer, shop.paid, "bank-key-0001").await;
    assert_eq!(o.status, OrderStatus::Pending);
    assert_eq!(o.method, PaymentMethod::BankTransfer);
    assert!(licences_of(&app, buyer.id).await.is_empty());
    // ATL-<id>-<check digits>: the id followed by its digits is 1 mod 97.
    let reference = o.payment_reference.clone().expect("a payment reference");
    let (id, digits) = reference
        .strip_prefix("ATL-")
        .and_then(|r| r.rsplit_once('-'))
        .expect("ATL-<id>-<digits>");
    assert_eq!(id, o.id.to_string());
    assert_eq!(
        (format!("{id}{digits}").parse::<u128>().unwrap()) % 97,
        1,
        "{reference}"
    );
    assert_eq!(
        events(&app, o.id).await[0].provider_ref.as_deref(),
        Some(reference.as_str())
    );

    // Staff find it among the pending orders.
    let pending: Vec<Order> = app
        .get_json("/api/v1/staff/orders?status=pending", &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(pending.iter().map(|o| o.id).collect::<Vec<_>>(), [o.id]);
    let paid: Vec<Order> = app
        .get_json("/api/v1/staff/orders?status=paid", &staff)
        .await
        .json();
    assert!(paid.is_empty());
    app.get_json("/api/v1/staff/orders?status=lost", &staff)
        .await
        .expect_error(400, "invalid_status");
    app.get_json("/api/v1/staff/orders?limit=0", &staff)
        .await
        .expect_error(400, "invalid_limit");
    app.get_json("/api/v1/staff/orders", &buyer)
        .await
        .expect_error(403, "forbidden");

    let mark = format!("/api/v1/staff/orders/{}/mark-paid", o.id);
    app.post_json(&mark, &json!({"reference": "BANK-7781"}), &buyer)
        .await
        .expect_error(403, "forbidden");
    app.post_json(&mark, &json!({"reference": "   "}), &staff)
        .await
        .expect_error(422, "invalid_reference");
    assert!(licences_of(&app, buyer.id).await.is_empty());
    let audit_before = crate::audit::audit_count(&app).await;
    let done: Order = app
        .post_json(&mark, &json!({"reference": "BANK-7781"}), &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(done.status, OrderStatus::Paid);
    assert_eq!(crate::audit::audit_count(&app).await, audit_before + 1);
    let log = app.audit_log(&staff).await;
    assert_eq!(log.items[0].action, "order.mark_paid");
    assert_eq!(log.items[0].subject, format!("order:{}", o.id));
    assert_eq!(log.items[0].detail, "BANK-7781");
    let evs = events(&app, o.id).await;
    assert_eq!(evs[1].kind, "paid");
    assert_eq!(evs[1].provider_ref.as_deref(), Some("BANK-7781"));
    assert_eq!(evs[1].actor_id, Some(staff.id));
    assert_eq!(licences_of(&app, buyer.id).await.len(), 1);

    app.post_json(&mark, &json!({"reference": "BANK-7781"}), &staff)
        .await
        .expect_error(409, "order_already_paid");
    assert_eq!(crate::audit::audit_count(&app).await, audit_before + 1);
    // A card order is confirmed by its provider, never by hand.
    let other = template(&app, shop.creator.id, "Poster grid", 5000, "published").await;
    let card: Order = order(&app, &buyer, other, "card-key-0001")
        .await
        .expect_status(201)
        .json();
    app.post_json(
        &format!("/api/v1/staff/orders/{}/mark-paid", card.id),
        &json!({"reference": "BANK-1"}),
        &staff,
    )
    .await
    .expect_error(409, "not_bank_transfer");
    app.post_json(
        "/api/v1/staff/orders/999999/mark-paid",
        &json!({"reference": "BANK-1"}),
        &staff,
    )
    .await
    .expect_error(404, "not_found");
}

async fn buyers_cancel_pending_orders(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let other = app.as_member("sora").await;
    let staff = app.as_staff("lin").await;
    let o = bank_order(&app, &buyer, shop.paid, "bank-key-0001").await;
    let cancel = format!("/api/v1/orders/{}/cancel", o.id);

    app.post_json(&cancel, &json!({}), &other)
        .await
        .expect_error(404, "not_found");
    app.post_json(&cancel, &json!({}), &staff)
        .await
        .expect_error(403, "forbidden");
    let cancelled: Order = app
        .post_json(&cancel, &json!({}), &buyer)
        .await
        .expect_status(200)
        .json();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    app.post_json(&cancel, &json!({}), &buyer)
        .await
        .expect_error(409, "order_not_pending");
    // The transfer arrived after all: staff may still mark it paid.
    let paid: Order = app
        .post_json(
            &format!("/api/v1/staff/orders/{}/mark-paid", o.id),
            &json!({"reference": "LATE-1"}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(paid.status, OrderStatus::Paid);
    let kinds: Vec<String> = events(&app, o.id)
        .await
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["pending", "cancelled", "paid"]);
    // A paid order is not cancelled.
    app.post_json(&cancel, &json!({}), &buyer)
        .await
        .expect_error(409, "order_not_pending");
}

async fn refunds_revoke_the_licence_and_record_a_reversal(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let staff = app.as_staff("lin").await;
    let o: Order = order(&app, &buyer, shop.paid, "refund-key-01")
        .await
        .expect_status(201)
        .json();
    assert!(
        atelier::templates::access::live_licence(&app.db, buyer.id, shop.paid)
            .await
            .unwrap()
            .is_some()
    );
    let refund = format!("/api/v1/staff/orders/{}/refund", o.id);
    app.post_json(&refund, &json!({"reason": "duplicate purchase"}), &buyer)
        .await
        .expect_error(403, "forbidden");
    app.post_json(&refund, &json!({"reason": "no"}), &staff)
        .await
        .expect_error(422, "reason_required");
    let audit_before = crate::audit::audit_count(&app).await;
    let refunded: Order = app
        .post_json(&refund, &json!({"reason": "duplicate purchase"}), &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(refunded.status, OrderStatus::Refunded);
    assert!(refunded.refunded_at.is_some());
    assert_eq!(crate::audit::audit_count(&app).await, audit_before + 1);
    let log = app.audit_log(&staff).await;
    assert_eq!(log.items[0].action, "order.refund");
    assert_eq!(log.items[0].detail, "duplicate purchase");

    // The reversal: the same amount, negative; sale plus reversal is zero.
    let evs = events(&app, o.id).await;
    let kinds: Vec<&str> = evs.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["pending", "paid", "refunded"]);
    assert_eq!(evs[2].amount_minor, Some(-15000));
    assert_eq!(evs.iter().filter_map(|e| e.amount_minor).sum::<i64>(), 0);

    // The licence is revoked, not deleted: future downloads are refused.
    let rows = licences_of(&app, buyer.id).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].revoked_at.is_some());
    assert_eq!(
        rows[0].revoked_reason.as_deref(),
        Some("duplicate purchase")
    );
    assert!(
        atelier::templates::access::live_licence(&app.db, buyer.id, shop.paid)
            .await
            .unwrap()
            .is_none()
    );
    let library: Vec<LicenceGrant> = app
        .get_json("/api/v1/me/library", &buyer)
        .await
        .expect_status(200)
        .json();
    assert_eq!(library.len(), 1);
    assert!(library[0].revoked_at.is_some());

    app.post_json(&refund, &json!({"reason": "duplicate purchase"}), &staff)
        .await
        .expect_error(409, "order_not_paid");
    assert_eq!(crate::audit::audit_count(&app).await, audit_before + 1);
    // A pending order has nothing to refund.
    let pending = bank_order(&app, &buyer, shop.paid, "refund-key-02").await;
    app.post_json(
        &format!("/api/v1/staff/orders/{}/refund", pending.id),
        &json!({"reason": "not paid yet"}),
        &staff,
    )
    .await
    .expect_error(409, "order_not_paid");
    // Without a live licence the buyer may buy it again.
    order(&app, &buyer, shop.paid, "refund-key-03")
        .await
        .expect_status(201);
}

async fn receipts_and_the_library_are_the_callers_own(db: Db) {
    let app = spawn(db).await;
    let shop = Shop::open(&app, "creator").await;
    let buyer = app.as_member("hao").await;
    let other = app.as_member("sora").await;
    let staff = app.as_staff("lin").await;

    // The paid template's first preview is the library's thumbnail.
    let now = Utc::now();
    let mut media_ids = Vec::new();
    for key in ["first", "second"] {
        let m = media::ActiveModel {
            owner_id: Set(shop.creator.id),
            original_key: Set(format!("originals/{key}/o.png")),
            display_key: Set(format!("media/{key}/d.webp")),
            thumb_key: Set(format!("media/{key}/t.webp")),
            format: Set("png".into()),
            width: Set(100),
            height: Set(100),
            display_width: Set(100),
            display_height: Set(100),
            thumb_width: Set(50),
            thumb_height: Set(50),
            bytes: Set(100),
            sha256: Set(key.repeat(8)),
            phash: Set(0),
            phash_version: Set(1),
            colours: Set("[]".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        media_ids.push(m.id);
    }
    for (position, media_id) in [(1, media_ids[1]), (0, media_ids[0])] {
        template_preview::ActiveModel {
            template_id: Set(shop.paid),
            media_id: Set(media_id),
            position: Set(position),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }

    app.post_json(
        &format!("/api/v1/templates/{}/licence", shop.free),
        &json!({}),
        &buyer,
    )
    .await
    .expect_status(201);
    let paid: Order = order(&app, &buyer, shop.paid, "lib-key-0001")
        .await
        .expect_status(201)
        .json();
    let other_template = template(&app, shop.creator.id, "Sticker sheet", 3000, "published").await;
    let pending = bank_order(&app, &buyer, other_template, "lib-key-0002").await;
    let theirs = bank_order(&app, &other, other_template, "lib-key-0003").await;

    let mine: Vec<Order> = app
        .get_json("/api/v1/me/orders", &buyer)
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        mine.iter().map(|o| o.id).collect::<Vec<_>>(),
        [pending.id, paid.id],
        "newest first, only the caller's"
    );
    let library: Vec<LicenceGrant> = app
        .get_json("/api/v1/me/library", &buyer)
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        library
            .iter()
            .map(|g| (g.template_id, g.order_id))
            .collect::<Vec<_>>(),
        [(shop.paid, Some(paid.id)), (shop.free, None)],
        "newest first; the pending order grants nothing yet"
    );
    assert_eq!(
        library[0].thumbnail_url.as_deref(),
        Some("/api/v1/media/media/first/t.webp")
    );
    assert_eq!(library[1].thumbnail_url, None);
    let none: Vec<LicenceGrant> = app.get_json("/api/v1/me/library", &other).await.json();
    assert!(none.is_empty());
    app.get_json("/api/v1/me/library", ANON)
        .await
        .expect_error(401, "unauthenticated");
    app.get_json("/api/v1/me/orders", ANON)
        .await
        .expect_error(401, "unauthenticated");

    // An order is its buyer's and staff's to see; to others it does not exist.
    let path = format!("/api/v1/orders/{}", theirs.id);
    app.get_json(&path, &buyer)
        .await
        .expect_error(404, "not_found");
    let seen: Order = app.get_json(&path, &other).await.expect_status(200).json();
    assert_eq!(seen, theirs);
    let by_staff: Order = app.get_json(&path, &staff).await.expect_status(200).json();
    assert_eq!(by_staff.buyer_handle, "sora");
    app.get_json("/api/v1/orders/999999", &staff)
        .await
        .expect_error(404, "not_found");

    // Staff page through every order, newest first.
    let all: Vec<Order> = app
        .get_json("/api/v1/staff/orders?limit=2", &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        all.iter().map(|o| o.id).collect::<Vec<_>>(),
        [theirs.id, pending.id]
    );
    let older: Vec<Order> = app
        .get_json(
            &format!("/api/v1/staff/orders?limit=2&before={}", pending.id),
            &staff,
        )
        .await
        .json();
    assert_eq!(older.iter().map(|o| o.id).collect::<Vec<_>>(), [paid.id]);
}

async fn the_demo_member_holds_a_free_licence_a_paid_order_and_a_pending_transfer(db: Db) {
    let app = spawn(db).await;
    // Before any template or the member exists it does nothing.
    atelier::demo::orders::seed(&app.db).await.unwrap();
    let member = app.as_member(atelier::demo::orders::BUYER).await;
    atelier::demo::orders::seed(&app.db).await.unwrap();
    assert_eq!(order_count(&app).await, 0);

    let shop = Shop::open(&app, "demo_creator").await;
    let second = template(&app, shop.creator.id, "Sticker sheet", 3000, "published").await;
    atelier::demo::orders::seed(&app.db).await.unwrap();
    let mine: Vec<Order> = app.get_json("/api/v1/me/orders", &member).await.json();
    let summary: Vec<(i64, OrderStatus, PaymentMethod)> = mine
        .iter()
        .map(|o| (o.template_id, o.status, o.method))
        .collect();
    assert_eq!(
        summary,
        [
            (shop.paid, OrderStatus::Paid, PaymentMethod::Card),
            (second, OrderStatus::Pending, PaymentMethod::BankTransfer),
        ]
    );
    assert!(mine[1].payment_reference.is_some());
    let library: Vec<LicenceGrant> = app.get_json("/api/v1/me/library", &member).await.json();
    let held: Vec<(i64, Option<i64>)> = library
        .iter()
        .map(|g| (g.template_id, g.order_id))
        .collect();
    assert_eq!(held, [(shop.paid, Some(mine[0].id)), (shop.free, None)]);
    // Seeding again adds nothing.
    atelier::demo::orders::seed(&app.db).await.unwrap();
    assert_eq!(order_count(&app).await, 2);
    assert_eq!(licences_of(&app, member.id).await.len(), 2);
}
