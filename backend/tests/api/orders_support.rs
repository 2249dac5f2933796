//! What the order and payment tests share: templates written straight into
//! the database (the templates routes are not needed to buy one), Stripe
//! webhooks signed as Stripe documents it, and a stand-in for Stripe's API on
//! loopback that records what it was sent and answers in Stripe's shapes.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use atelier::entities::{order_event, template, template_licence, template_order};
use atelier_api::Order;
use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{Answer, Answered, Db, TestApp, User, spawn_with};

/// Writes a template: free when `price_minor` is 0, `status` as given.
pub async fn template(
    app: &TestApp,
    creator: i64,
    title: &str,
    price_minor: i64,
    status: &str,
) -> i64 {
    let now = Utc::now();
    template::ActiveModel {
        creator_id: Set(creator),
        title: Set(title.to_owned()),
        description_md: Set("A template for the tests.".into()),
        category: Set("packaging".into()),
        canvas_width: Set(1080),
        canvas_height: Set(1080),
        canvas_unit: Set("px".into()),
        canvas_dpi: Set(None),
        licence: Set(if price_minor == 0 {
            "free_commercial".into()
        } else {
            "paid_single_use".into()
        }),
        price_minor: Set(price_minor),
        currency: Set("TWD".into()),
        editor_url: Set(None),
        status: Set(status.to_owned()),
        review_reason: Set(None),
        popularity: Set(atelier::templates::popularity::FLOOR),
        colours: Set("[]".into()),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(Some(now)),
        published_at: Set((status == "published").then_some(now)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A creator and two published templates: a free one and one at NT$150.
pub struct Shop {
    pub creator: User,
    pub free: i64,
    pub paid: i64,
}

impl Shop {
    pub async fn open(app: &TestApp, creator_handle: &str) -> Shop {
        let creator = app.as_member(creator_handle).await;
        let free = template(app, creator.id, "環保包裝設計模板", 0, "published").await;
        let paid = template(app, creator.id, "Tea box dieline", 15000, "published").await;
        Shop {
            creator,
            free,
            paid,
        }
    }
}

pub async fn order(app: &TestApp, who: &User, template_id: i64, key: &str) -> Answer {
    app.post_json(
        "/api/v1/orders",
        &json!({"template_id": template_id, "idempotency_key": key}),
        who,
    )
    .await
}

pub async fn bank_order(app: &TestApp, who: &User, template_id: i64, key: &str) -> Order {
    app.post_json(
        "/api/v1/orders",
        &json!({"template_id": template_id, "idempotency_key": key, "method": "bank_transfer"}),
        who,
    )
    .await
    .expect_status(201)
    .json()
}

pub async fn popularity(app: &TestApp, template_id: i64) -> f64 {
    template::Entity::find_by_id(template_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .popularity
}

pub async fn events(app: &TestApp, order_id: i64) -> Vec<order_event::Model> {
    use sea_orm::QueryOrder;
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order_id))
        .order_by_asc(order_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn events_of_kind(app: &TestApp, order_id: i64, kind: &str) -> usize {
    events(app, order_id)
        .await
        .iter()
        .filter(|e| e.kind == kind)
        .count()
}

pub async fn licences_of(app: &TestApp, user_id: i64) -> Vec<template_licence::Model> {
    template_licence::Entity::find()
        .filter(template_licence::Column::UserId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn order_count(app: &TestApp) -> u64 {
    template_order::Entity::find().count(&app.db).await.unwrap()
}

pub async fn payment_event_count(app: &TestApp) -> u64 {
    atelier::entities::payment_event::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

// ---------------------------------------------------------------- Stripe

pub const SECRET_KEY: &str = "sk_test_atelier_0123456789";
pub const WEBHOOK_SECRET: &str = "whsec_atelier_test_0123456789abcdef";

/// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs a delivery
/// (computed here, not by the server's code).
pub fn stripe_signature(secret: &str, t: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// An event in Stripe's envelope (`object: event`, `data.object`).
pub fn stripe_event(id: &str, kind: &str, object: Value) -> String {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": Utc::now().timestamp(),
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    })
    .to_string()
}

/// A Checkout Session as `checkout.session.*` events carry it.
pub fn session(order: &Order, session_id: &str, payment_status: &str, amount_total: i64) -> Value {
    json!({
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": amount_total,
        "amount_total": amount_total,
        "client_reference_id": order.id.to_string(),
        "currency": "twd",
        "customer_details": {"email": "buyer@example.test", "name": "Buyer"},
        "livemode": false,
        "metadata": {"order_id": order.id.to_string()},
        "mode": "payment",
        "payment_intent": format!("pi_test_{}", order.id),
        "payment_status": payment_status,
        "status": if payment_status == "paid" { "complete" } else { "open" },
        "url": null,
    })
}

/// Delivers `body` to the webhook with `signature` (none when None).
pub async fn deliver(app: &TestApp, body: &str, signature: Option<String>) -> Answer {
    let mut rb = app
        .client
        .post(app.url("/api/v1/payments/stripe/webhook"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(sig) = signature {
        rb = rb.header("Stripe-Signature", sig);
    }
    rb.answer().await
}

/// Delivers `body` signed now with the test endpoint secret.
pub async fn deliver_signed(app: &TestApp, body: &str) -> Answer {
    let sig = stripe_signature(WEBHOOK_SECRET, Utc::now().timestamp(), body);
    deliver(app, body, Some(sig)).await
}

/// One request the fake Stripe received.
#[derive(Debug, Clone)]
pub struct Call {
    pub path: String,
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub form: Vec<(String, String)>,
}

impl Call {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct FakeState {
    calls: Mutex<Vec<Call>>,
    /// Answers the next this-many requests with a 500.
    fail_next: Mutex<usize>,
    /// `status` of the refunds it creates.
    refund_status: Mutex<String>,
}

/// Stripe's API as far as Atelier uses it: Checkout Sessions (created once
/// per idempotency key, as Stripe does), their expiry, and refunds.
pub struct FakeStripe {
    pub url: String,
    state: Arc<FakeState>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

async fn fake_stripe(
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<FakeState>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let call = Call {
        path: req.path().to_owned(),
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        content_type: header("content-type"),
        form: form.into_inner(),
    };
    let (earlier, n) = {
        let mut calls = state.calls.lock().unwrap();
        let earlier: Vec<Call> = calls.clone();
        calls.push(call.clone());
        (earlier, calls.len())
    };
    {
        let mut fail = state.fail_next.lock().unwrap();
        if *fail > 0 {
            *fail -= 1;
            return HttpResponse::InternalServerError().json(json!({
                "error": {"type": "api_error", "message": "An unknown error occurred"}
            }));
        }
    }
    if call.authorization.as_deref() != Some(&format!("Bearer {SECRET_KEY}")) {
        return HttpResponse::Unauthorized().json(json!({
            "error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}
        }));
    }
    if call.path == "/v1/checkout/sessions" {
        // The same idempotency key answers the same session.
        let first = earlier
            .iter()
            .position(|c| c.path == call.path && c.idempotency_key == call.idempotency_key)
            .map_or(n, |i| i + 1);
        let id = format!("cs_test_fake{first}");
        return HttpResponse::Ok().json(json!({
            "id": id,
            "object": "checkout.session",
            "amount_total": call.field("line_items[0][price_data][unit_amount]").and_then(|a| a.parse::<i64>().ok()),
            "currency": call.field("line_items[0][price_data][currency]"),
            "client_reference_id": call.field("client_reference_id"),
            "metadata": {"order_id": call.field("metadata[order_id]")},
            "mode": "payment",
            "payment_status": "unpaid",
            "status": "open",
            "url": format!("https://checkout.stripe.com/c/pay/{id}"),
        }));
    }
    if let Some(rest) = call.path.strip_prefix("/v1/checkout/sessions/")
        && let Some(id) = rest.strip_suffix("/expire")
    {
        return HttpResponse::Ok().json(json!({
            "id": id, "object": "checkout.session", "status": "expired", "url": null
        }));
    }
    if call.path == "/v1/refunds" {
        let status = state.refund_status.lock().unwrap().clone();
        return HttpResponse::Ok().json(json!({
            "id": format!("re_test_fake{n}"),
            "object": "refund",
            "payment_intent": call.field("payment_intent"),
            "metadata": {"order_id": call.field("metadata[order_id]"), "reason": call.field("metadata[reason]")},
            "status": status,
        }));
    }
    HttpResponse::NotFound().json(json!({
        "error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}
    }))
}

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        let state = Arc::new(FakeState {
            refund_status: Mutex::new("succeeded".into()),
            ..Default::default()
        });
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(fake_stripe))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        FakeStripe {
            url: format!("http://{addr}"),
            state,
            handle,
        }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.lock().unwrap().clone()
    }

    pub fn calls_to(&self, path: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.path == path)
            .collect()
    }

    pub fn fail_next(&self, n: usize) {
        *self.state.fail_next.lock().unwrap() = n;
    }

    pub fn refunds_answer(&self, status: &str) {
        *self.state.refund_status.lock().unwrap() = status.to_owned();
    }
}

/// An app whose card payments go to Stripe (the fake), with the test
/// webhook secret.
pub async fn spawn_with_stripe(db: Db, stripe: &FakeStripe) -> TestApp {
    let api_base = stripe.url.clone();
    spawn_with(db, move |s| {
        s.payments.provider = atelier::config::PaymentProviderKind::Stripe;
        s.payments.stripe.secret_key = SecretString::from(SECRET_KEY.to_owned());
        s.payments.stripe.webhook_secret = SecretString::from(WEBHOOK_SECRET.to_owned());
        s.payments.stripe.api_base = api_base;
        s.auth.rate_limit_attempts = 10_000;
    })
    .await
}

// ------------------------------------------------- the authorisation matrix

/// The rows `authz.rs` points the order routes at: a free and a paid
/// template (by a creator of their own), and a pending bank-transfer order
/// of `buyer`'s (nobody in the matrix bought it).
pub struct MatrixOrders {
    pub free: i64,
    pub paid: i64,
    pub order: i64,
}

impl MatrixOrders {
    pub async fn create(app: &TestApp, buyer: &User) -> MatrixOrders {
        let shop = Shop::open(app, "matrix_creator").await;
        let order = bank_order(app, buyer, shop.paid, "matrix-fixture-order").await;
        MatrixOrders {
            free: shop.free,
            paid: shop.paid,
            order: order.id,
        }
    }

    /// The `{id}` of an order route's path, if `path` is one.
    pub fn id_for(&self, path: &str) -> Option<i64> {
        if path == "/api/v1/templates/{id}/licence" {
            Some(self.free)
        } else if path.starts_with("/api/v1/orders/") || path.starts_with("/api/v1/staff/orders/") {
            Some(self.order)
        } else {
            None
        }
    }

    /// `{paid_template}` in a body.
    pub fn body(&self, body: &str) -> String {
        body.replace("{paid_template}", &self.paid.to_string())
    }
}
