//! An order's history: `pending` is written with the order; then `paid`,
//! `failed`, `cancelled` or `refunded`, each at most once (the unique key
//! `order:<id>:<kind>`), and the latest is the status. A transition runs in
//! the caller's write transaction with the order row locked, so two at once
//! (a webhook and staff, a webhook delivered twice) are decided one after
//! the other against the status the first left.
//!
//! | from | to |
//! |---|---|
//! | pending | paid, failed, cancelled |
//! | failed, cancelled | paid (the money arrived after all) |
//! | paid | refunded |
//!
//! `paid` grants the buyer the licence (`grant_key` `order:<id>`), counts
//! the sale toward the template's popularity and posts the sale to the
//! ledger (`crate::revenue::sales`); `refunded` revokes the licence
//! (`revoked_at`, `revoked_reason`), so no further download link is issued
//! for it, and reverses the sale in the ledger. The postings are in the
//! event's transaction: an event without its transfer cannot commit.

use atelier_api::OrderStatus;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::config::LedgerSettings;
use crate::entities::{order_event, template_licence, template_order};
use crate::error::{ApiError, ApiResult};
use crate::revenue::sales;
use crate::templates::popularity;

/// The unique key of an order's transition to `kind`.
pub fn event_key(order_id: i64, kind: OrderStatus) -> String {
    format!("order:{order_id}:{}", kind.as_str())
}

/// The unique key of the licence an order grants.
pub fn licence_key(order_id: i64) -> String {
    format!("order:{order_id}")
}

/// The order, its row locked until the transaction ends (`FOR UPDATE` on
/// PostgreSQL; on SQLite the write transaction holds the database).
pub async fn lock<C: ConnectionTrait>(
    txn: &C,
    order_id: i64,
) -> Result<Option<template_order::Model>, DbErr> {
    template_order::Entity::find_by_id(order_id)
        .lock_exclusive()
        .one(txn)
        .await
}

/// The order's events, oldest first.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    order_id: i64,
) -> Result<Vec<order_event::Model>, DbErr> {
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order_id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await
}

/// The status events (oldest first) give: the latest one's kind.
pub fn status(events: &[order_event::Model]) -> OrderStatus {
    events
        .last()
        .and_then(|e| OrderStatus::parse(&e.kind))
        .unwrap_or(OrderStatus::Pending)
}

/// Whether an order may go from `from` to `to`.
pub fn allowed(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    matches!(
        (from, to),
        (Pending, Paid | Failed | Cancelled) | (Failed | Cancelled, Paid) | (Paid, Refunded)
    )
}

/// A transition to make.
#[derive(Debug, Clone)]
pub struct Transition {
    pub to: OrderStatus,
    /// The provider's name for it (a payment intent, a refund, a bank
    /// transfer's reference).
    pub provider_ref: Option<String>,
    /// Staff who made it; None for the buyer's provider or a webhook.
    pub actor_id: Option<i64>,
    /// Why (a refund's reason, the webhook event it came from).
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

impl Transition {
    pub fn to(to: OrderStatus) -> Transition {
        Transition {
            to,
            provider_ref: None,
            actor_id: None,
            note: None,
            at: Utc::now(),
        }
    }

    pub fn provider_ref(mut self, r: Option<String>) -> Transition {
        self.provider_ref = r;
        self
    }

    pub fn actor(mut self, id: i64) -> Transition {
        self.actor_id = Some(id);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Transition {
        self.note = Some(note.into());
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// The order already has that status: nothing to do.
    Already,
    /// Not from the status it has.
    Refused(OrderStatus),
}

/// Makes a transition inside the caller's write transaction, on an order
/// the caller has [`lock`]ed. `ledger` gives the creators' default share
/// of the sale a `paid` event posts.
pub async fn apply<C: ConnectionTrait + sea_orm::TransactionTrait>(
    txn: &C,
    order: &template_order::Model,
    t: Transition,
    ledger: &LedgerSettings,
) -> Result<Outcome, DbErr> {
    let current = status(&history(txn, order.id).await?);
    if current == t.to {
        return Ok(Outcome::Already);
    }
    if !allowed(current, t.to) {
        return Ok(Outcome::Refused(current));
    }
    let amount = match t.to {
        OrderStatus::Paid => Some(order.amount_minor),
        OrderStatus::Refunded => Some(-order.amount_minor),
        _ => None,
    };
    order_event::ActiveModel {
        order_id: Set(order.id),
        kind: Set(t.to.as_str().to_owned()),
        idempotency_key: Set(event_key(order.id, t.to)),
        amount_minor: Set(amount),
        provider_ref: Set(t.provider_ref.clone()),
        actor_id: Set(t.actor_id),
        note: Set(t.note.clone()),
        created_at: Set(t.at),
        checkout_url: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    match t.to {
        OrderStatus::Paid => {
            template_licence::ActiveModel {
                user_id: Set(order.buyer_id),
                template_id: Set(order.template_id),
                licence: Set(order.licence.clone()),
                order_id: Set(Some(order.id)),
                grant_key: Set(licence_key(order.id)),
                granted_at: Set(t.at),
                revoked_at: Set(None),
                revoked_reason: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            popularity::bump(txn, order.template_id, popularity::SALE_WEIGHT, t.at).await?;
            sales::post_sale(txn, order, t.at, t.actor_id, ledger)
                .await
                .map_err(sales::as_db_err)?;
        }
        OrderStatus::Refunded => {
            template_licence::Entity::update_many()
                .col_expr(template_licence::Column::RevokedAt, Expr::value(t.at))
                .col_expr(
                    template_licence::Column::RevokedReason,
                    Expr::value(t.note.clone().unwrap_or_else(|| "refunded".to_owned())),
                )
                .filter(template_licence::Column::GrantKey.eq(licence_key(order.id)))
                .filter(template_licence::Column::RevokedAt.is_null())
                .exec(txn)
                .await?;
            sales::post_refund(txn, order, t.at, t.actor_id, ledger)
                .await
                .map_err(sales::as_db_err)?;
        }
        _ => {}
    }
    Ok(Outcome::Applied)
}

/// Runs one transition in its own write transaction; answers the order and
/// what happened (404 when there is no such order).
pub async fn run(
    db: &DatabaseConnection,
    order_id: i64,
    t: Transition,
    ledger: &LedgerSettings,
) -> ApiResult<(template_order::Model, Outcome)> {
    let txn = crate::db::begin_write(db).await?;
    let order = lock(&txn, order_id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such order"))?;
    let outcome = apply(&txn, &order, t, ledger).await?;
    txn.commit().await?;
    Ok((order, outcome))
}

/// Records where the provider's checkout is on the `pending` event (once:
/// a later start for the same order keeps the first).
pub async fn record_checkout<C: ConnectionTrait>(
    db: &C,
    order_id: i64,
    provider_ref: Option<String>,
    checkout_url: Option<String>,
) -> Result<(), DbErr> {
    if provider_ref.is_none() && checkout_url.is_none() {
        return Ok(());
    }
    order_event::Entity::update_many()
        .col_expr(order_event::Column::ProviderRef, Expr::value(provider_ref))
        .col_expr(order_event::Column::CheckoutUrl, Expr::value(checkout_url))
        .filter(order_event::Column::OrderId.eq(order_id))
        .filter(order_event::Column::Kind.eq(OrderStatus::Pending.as_str()))
        .filter(order_event::Column::ProviderRef.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The `pending` event's provider reference (a Checkout Session, a bank
/// reference) and the `paid` event's (a payment intent).
pub fn refs(events: &[order_event::Model]) -> (Option<&str>, Option<&str>) {
    let of = |kind: OrderStatus| {
        events
            .iter()
            .find(|e| e.kind == kind.as_str())
            .and_then(|e| e.provider_ref.as_deref())
    };
    (of(OrderStatus::Pending), of(OrderStatus::Paid))
}

/// The order a provider's payment reference belongs to: the `paid` event
/// that recorded it.
pub async fn order_by_payment_ref<C: ConnectionTrait>(
    db: &C,
    payment_ref: &str,
) -> Result<Option<i64>, DbErr> {
    Ok(order_event::Entity::find()
        .filter(order_event::Column::ProviderRef.eq(payment_ref))
        .filter(order_event::Column::Kind.eq(OrderStatus::Paid.as_str()))
        .limit(1)
        .one(db)
        .await?
        .map(|e| e.order_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn only_the_listed_transitions_are_allowed() {
        let all = [Pending, Paid, Failed, Cancelled, Refunded];
        let mut yes = Vec::new();
        for from in all {
            for to in all {
                if allowed(from, to) {
                    yes.push((from, to));
                }
            }
        }
        assert_eq!(
            yes,
            vec![
                (Pending, Paid),
                (Pending, Failed),
                (Pending, Cancelled),
                (Paid, Refunded),
                (Failed, Paid),
                (Cancelled, Paid),
            ]
        );
    }
}
