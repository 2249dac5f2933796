//! `POST /orders`: one order per buyer and idempotency key, whatever the
//! concurrency. The unique index `uq_template_orders_idempotency` decides a
//! race: the loser's insert fails, and it answers with the winner's order.
//! Amount, currency, licence and creator are copied from the template at
//! order time. After the order and its `pending` event commit, the payment
//! provider starts the payment; a repeat of the request finds the order and,
//! if that start left no trace (a crash, a provider error), starts again.

use std::sync::Arc;

use atelier_api::{Order, OrderRequest, OrderStatus, PaymentMethod};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set,
};

use super::events::{self, Transition};
use super::{licences, read};
use crate::auth::CurrentUser;
use crate::config::LedgerSettings;
use crate::entities::{order_event, template, template_order};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::payments::{self, Charge, PaymentProvider, bank::BankTransfer};

pub const KEY_MIN: usize = 8;
pub const KEY_MAX: usize = 64;

/// 8..=64 characters of `[A-Za-z0-9_-]`.
pub fn valid_key(key: &str) -> bool {
    (KEY_MIN..=KEY_MAX).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

async fn by_key<C: ConnectionTrait>(
    db: &C,
    buyer_id: i64,
    key: &str,
) -> Result<Option<template_order::Model>, DbErr> {
    template_order::Entity::find()
        .filter(template_order::Column::BuyerId.eq(buyer_id))
        .filter(template_order::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

/// What the provider is told about an order.
pub async fn charge<C: ConnectionTrait>(
    db: &C,
    order: &template_order::Model,
) -> ApiResult<Charge> {
    let title = template::Entity::find_by_id(order.template_id)
        .one(db)
        .await?
        .map(|t| t.title)
        .unwrap_or_default();
    Ok(Charge {
        order_id: order.id,
        amount_minor: order.amount_minor,
        currency: order.currency.clone(),
        title,
        idempotency_key: order.idempotency_key.clone(),
    })
}

fn provider_for(
    card: &Arc<dyn PaymentProvider>,
    method: PaymentMethod,
) -> Arc<dyn PaymentProvider> {
    match method {
        PaymentMethod::Card => card.clone(),
        PaymentMethod::BankTransfer => Arc::new(BankTransfer),
    }
}

/// Creates the order (or finds the one this key made); answers it and
/// whether it is new. `card` takes card payments.
pub async fn create(
    db: &DatabaseConnection,
    card: &Arc<dyn PaymentProvider>,
    buyer: &CurrentUser,
    req: OrderRequest,
    ledger: &LedgerSettings,
) -> ApiResult<(Order, bool)> {
    let key = req.idempotency_key.as_str();
    if !valid_key(key) {
        return Err(ApiError::validation(
            "the idempotency key must be 8-64 characters of A-Z, a-z, 0-9, _ and -",
        )
        .code("invalid_idempotency_key"));
    }
    if let Some(existing) = by_key(db, buyer.id(), key).await? {
        return Ok((
            repeat(db, card, &existing, req.template_id, ledger).await?,
            false,
        ));
    }
    let t = match buyable(db, buyer, req.template_id).await {
        Ok(t) => t,
        Err(refused) => {
            // A concurrent request with this key may have made (and paid)
            // the order since the lookup above: answer with it instead.
            return match by_key(db, buyer.id(), key).await? {
                Some(existing) => Ok((
                    repeat(db, card, &existing, req.template_id, ledger).await?,
                    false,
                )),
                None => Err(refused),
            };
        }
    };
    let method = req.method.unwrap_or(PaymentMethod::Card);
    let provider = provider_for(card, method);
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let inserted = template_order::ActiveModel {
        buyer_id: Set(buyer.id()),
        template_id: Set(t.id),
        licence: Set(t.licence.clone()),
        amount_minor: Set(t.price_minor),
        currency: Set(t.currency.clone()),
        method: Set(read::method_str(method).to_owned()),
        provider: Set(provider.name().to_owned()),
        idempotency_key: Set(key.to_owned()),
        created_at: Set(now),
        creator_id: Set(Some(t.creator_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let order = match inserted {
        Ok(order) => order,
        Err(e) if is_unique_violation(&e) => {
            // A concurrent request with the same key made it first.
            drop(txn);
            let existing = by_key(db, buyer.id(), key)
                .await?
                .ok_or_else(|| ApiError::internal(e))?;
            return Ok((
                repeat(db, card, &existing, req.template_id, ledger).await?,
                false,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    order_event::ActiveModel {
        order_id: Set(order.id),
        kind: Set(OrderStatus::Pending.as_str().to_owned()),
        idempotency_key: Set(events::event_key(order.id, OrderStatus::Pending)),
        amount_minor: Set(None),
        provider_ref: Set(None),
        actor_id: Set(None),
        note: Set(None),
        created_at: Set(now),
        checkout_url: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    start(db, &order, provider.as_ref(), ledger).await?;
    Ok((read::view(db, &order).await?, true))
}

/// The template, if `buyer` may order it.
async fn buyable<C: ConnectionTrait>(
    db: &C,
    buyer: &CurrentUser,
    template_id: i64,
) -> ApiResult<template::Model> {
    let t = licences::published(db, template_id).await?;
    if t.creator_id == buyer.id() {
        return Err(ApiError::conflict(
            "own_template",
            "this is your own template; you can download it already",
        ));
    }
    if licences::is_free(&t) {
        return Err(ApiError::conflict(
            "template_free",
            "this template is free; take it with POST /api/v1/templates/{id}/licence",
        ));
    }
    if licences::holds(db, buyer.id(), t.id).await? {
        return Err(ApiError::conflict(
            "already_licensed",
            "you already hold a licence for this template",
        ));
    }
    Ok(t)
}

/// The same key again: the same order, if it is for the same template.
async fn repeat(
    db: &DatabaseConnection,
    card: &Arc<dyn PaymentProvider>,
    existing: &template_order::Model,
    template_id: i64,
    ledger: &LedgerSettings,
) -> ApiResult<Order> {
    if existing.template_id != template_id {
        return Err(ApiError::conflict(
            "idempotency_conflict",
            "this idempotency key was used for an order of another template",
        ));
    }
    let evs = events::history(db, existing.id).await?;
    if events::status(&evs) == OrderStatus::Pending && events::refs(&evs).0.is_none() {
        // The first start left no trace: start again (the provider's
        // idempotency key makes it the same payment).
        match payments::for_order(card, &existing.provider) {
            Ok(provider) => {
                if let Err(e) = start(db, existing, provider.as_ref(), ledger).await {
                    tracing::warn!(order = existing.id, error = %e, "restarting a payment failed");
                }
            }
            Err(e) => tracing::warn!(order = existing.id, error = %e, "no provider for the order"),
        }
    }
    read::view(db, existing).await
}

/// Starts the payment and records where it is; a payment complete at once
/// (the test provider) is recorded as paid.
async fn start(
    db: &DatabaseConnection,
    order: &template_order::Model,
    provider: &dyn PaymentProvider,
    ledger: &LedgerSettings,
) -> ApiResult<()> {
    let checkout = provider.start(&charge(db, order).await?).await?;
    events::record_checkout(
        db,
        order.id,
        checkout.provider_ref.clone(),
        checkout.checkout_url.clone(),
    )
    .await?;
    if checkout.paid_now {
        events::run(
            db,
            order.id,
            Transition::to(OrderStatus::Paid)
                .provider_ref(checkout.provider_ref)
                .note(format!("paid at once by the {} provider", provider.name())),
            ledger,
        )
        .await?;
    }
    Ok(())
}
