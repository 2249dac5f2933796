//! Stripe's webhook: what Stripe says about a payment, applied to its order
//! once.
//!
//! 1. The `Stripe-Signature` is verified ([`super::signature`]) before
//!    anything is read or written: unsigned, mis-signed and too old
//!    deliveries are refused (400) and change nothing.
//! 2. The event is recorded in `payment_events`, unique by (provider, event
//!    id), in the transaction that applies it: a second delivery of the same
//!    event (a retry, a replay, ten at once) finds it there and changes
//!    nothing.
//! 3. The event moves its order on ([`crate::orders::events`]), whose own
//!    unique keys make two different events for the same transition (say
//!    `charge.refunded` and `refund.updated`) one transition.
//!
//! Handled: `checkout.session.completed` and
//! `checkout.session.async_payment_succeeded` with `payment_status: paid`
//! (paid; the amount and currency must be the order's, else the order is
//! marked failed with the mismatch recorded, and not paid),
//! `checkout.session.async_payment_failed` (failed),
//! `checkout.session.expired` (cancelled), `charge.refunded` when fully
//! refunded and `refund.created` / `refund.updated` /
//! `charge.refund.updated` with `status: succeeded` (refunded, licence
//! revoked). Every other type is recorded and ignored.

use atelier_api::OrderStatus;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::signature::{self, SignatureError};
use crate::config::LedgerSettings;
use crate::entities::{payment_event, template_order};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::orders::events::{self, Outcome, Transition};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: Value,
}

/// What became of a delivery (the answer's `outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// The order moved on.
    Applied,
    /// This event was handled before: nothing changed.
    Duplicate,
    /// The order had that status already.
    Already,
    /// Not a type we act on, or not a transition from the order's status.
    Ignored,
    /// The session is complete but not yet paid (a delayed method).
    Waiting,
    /// No order of ours is named.
    UnknownOrder,
    /// Stripe charged another amount than the order's: the order failed.
    AmountMismatch,
}

impl Handled {
    pub fn as_str(self) -> &'static str {
        match self {
            Handled::Applied => "applied",
            Handled::Duplicate => "duplicate",
            Handled::Already => "already",
            Handled::Ignored => "ignored",
            Handled::Waiting => "waiting",
            Handled::UnknownOrder => "unknown_order",
            Handled::AmountMismatch => "amount_mismatch",
        }
    }
}

fn refused(e: SignatureError) -> ApiError {
    match e {
        SignatureError::Missing => ApiError::bad_request(
            "signature_missing",
            "the Stripe-Signature header is missing",
        ),
        SignatureError::Invalid => ApiError::bad_request(
            "signature_invalid",
            "the Stripe-Signature does not match the body",
        ),
        SignatureError::Expired => ApiError::bad_request(
            "signature_expired",
            "the Stripe-Signature timestamp is outside the tolerance",
        ),
    }
}

/// Verifies, records and applies one delivery.
pub async fn receive(
    state: &AppState,
    signature_header: Option<&str>,
    body: &[u8],
) -> ApiResult<Handled> {
    let cfg = &state.settings.payments.stripe;
    signature::verify(
        signature_header,
        body,
        cfg.webhook_secret.expose_secret().as_bytes(),
        cfg.webhook_tolerance_secs,
        Utc::now().timestamp(),
    )
    .map_err(refused)?;
    let event: Event = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request("invalid_body", "not a Stripe event").detail(e.to_string())
    })?;
    let txn = crate::db::begin_write(&state.db).await?;
    let recorded = payment_event::ActiveModel {
        provider: Set(super::stripe::NAME.to_owned()),
        event_id: Set(event.id.clone()),
        event_type: Set(event.kind.clone()),
        payload_sha256: Set(hex::encode(Sha256::digest(body))),
        received_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match recorded {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Ok(Handled::Duplicate),
        Err(e) => return Err(e.into()),
    }
    let handled = apply(&txn, &event, &state.settings.ledger).await?;
    txn.commit().await?;
    tracing::info!(
        event = %event.id,
        kind = %event.kind,
        outcome = handled.as_str(),
        "stripe webhook"
    );
    Ok(handled)
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn meta_order(obj: &Value) -> Option<i64> {
    obj.get("metadata")
        .and_then(|m| text(m, "order_id"))
        .and_then(|s| s.parse().ok())
}

/// The order an object names, locked: by `metadata.order_id` (or
/// `client_reference_id`), else by the payment intent its payment recorded.
/// Only an order made through Stripe.
async fn find_order(
    txn: &DatabaseTransaction,
    obj: &Value,
) -> ApiResult<Option<template_order::Model>> {
    let mut id =
        meta_order(obj).or_else(|| text(obj, "client_reference_id").and_then(|s| s.parse().ok()));
    if id.is_none()
        && let Some(intent) = text(obj, "payment_intent")
    {
        id = events::order_by_payment_ref(txn, intent).await?;
    }
    let Some(id) = id else { return Ok(None) };
    Ok(events::lock(txn, id)
        .await?
        .filter(|o| o.provider == super::stripe::NAME))
}

async fn transition(
    txn: &DatabaseTransaction,
    order: &template_order::Model,
    t: Transition,
    ledger: &LedgerSettings,
) -> ApiResult<Handled> {
    Ok(match events::apply(txn, order, t, ledger).await? {
        Outcome::Applied => Handled::Applied,
        Outcome::Already => Handled::Already,
        Outcome::Refused(_) => Handled::Ignored,
    })
}

async fn apply(
    txn: &DatabaseTransaction,
    event: &Event,
    ledger: &LedgerSettings,
) -> ApiResult<Handled> {
    let obj = &event.data.object;
    let from = format!("stripe {} {}", event.kind, event.id);
    let to = match event.kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            if text(obj, "payment_status") != Some("paid") {
                return Ok(Handled::Waiting);
            }
            OrderStatus::Paid
        }
        "checkout.session.async_payment_failed" => OrderStatus::Failed,
        "checkout.session.expired" => OrderStatus::Cancelled,
        "charge.refunded" => {
            if obj.get("refunded").and_then(Value::as_bool) != Some(true) {
                // A partial refund: the order stays paid.
                return Ok(Handled::Ignored);
            }
            OrderStatus::Refunded
        }
        "refund.created" | "refund.updated" | "charge.refund.updated" => {
            if text(obj, "status") != Some("succeeded") {
                return Ok(Handled::Waiting);
            }
            OrderStatus::Refunded
        }
        _ => return Ok(Handled::Ignored),
    };
    let Some(order) = find_order(txn, obj).await? else {
        tracing::warn!(event = %event.id, "a Stripe event names no order of ours");
        return Ok(Handled::UnknownOrder);
    };
    let mut t = Transition::to(to).note(from);
    match to {
        OrderStatus::Paid => {
            let amount = obj.get("amount_total").and_then(Value::as_i64);
            let currency = text(obj, "currency").unwrap_or_default();
            if amount != Some(order.amount_minor) || !currency.eq_ignore_ascii_case(&order.currency)
            {
                let note = format!(
                    "amount mismatch in {}: Stripe charged {} {}, the order is {} {}",
                    event.id,
                    amount.map_or_else(|| "nothing".to_owned(), |a| a.to_string()),
                    currency,
                    order.amount_minor,
                    order.currency
                );
                tracing::warn!(order = order.id, "{note}");
                let failed = Transition::to(OrderStatus::Failed)
                    .provider_ref(text(obj, "id").map(str::to_owned))
                    .note(note);
                events::apply(txn, &order, failed, ledger).await?;
                return Ok(Handled::AmountMismatch);
            }
            // Refunds name the payment intent; keep it.
            t = t.provider_ref(
                text(obj, "payment_intent")
                    .or_else(|| text(obj, "id"))
                    .map(str::to_owned),
            );
        }
        OrderStatus::Refunded => {
            let amount = obj.get("amount").and_then(Value::as_i64);
            if event.kind != "charge.refunded" && amount != Some(order.amount_minor) {
                // A partial refund: the order stays paid.
                return Ok(Handled::Ignored);
            }
            let reason = obj
                .get("metadata")
                .and_then(|m| text(m, "reason"))
                .map_or_else(|| "refunded at Stripe".to_owned(), str::to_owned);
            t = t
                .provider_ref(text(obj, "id").map(str::to_owned))
                .note(reason);
        }
        _ => {
            t = t.provider_ref(text(obj, "id").map(str::to_owned));
        }
    }
    transition(txn, &order, t, ledger).await
}
