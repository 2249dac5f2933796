//! Orders as their buyer (receipts) and staff see them.

use std::collections::HashMap;

use atelier_api::{LicenceKind, Money, Order, OrderStatus, PaymentMethod};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::events;
use crate::auth::CurrentUser;
use crate::entities::{order_event, template, template_order, user};
use crate::error::{ApiError, ApiResult};
use crate::payments::bank;

/// Receipts a member sees at most (newest first).
pub const MINE_LIMIT: u64 = 500;
/// Default and largest page of the staff list.
pub const STAFF_PAGE_DEFAULT: u64 = 50;
pub const STAFF_PAGE_MAX: u64 = 200;

pub fn method_of(o: &template_order::Model) -> PaymentMethod {
    match o.method.as_str() {
        "bank_transfer" => PaymentMethod::BankTransfer,
        _ => PaymentMethod::Card,
    }
}

pub fn method_str(m: PaymentMethod) -> &'static str {
    match m {
        PaymentMethod::Card => "card",
        PaymentMethod::BankTransfer => "bank_transfer",
    }
}

fn build(o: &template_order::Model, evs: &[order_event::Model], title: &str, buyer: &str) -> Order {
    let status = events::status(evs);
    let at = |kind: OrderStatus| {
        evs.iter()
            .find(|e| e.kind == kind.as_str())
            .map(|e| e.created_at)
    };
    let method = method_of(o);
    Order {
        id: o.id,
        template_id: o.template_id,
        template_title: title.to_owned(),
        licence: LicenceKind::parse(&o.licence).unwrap_or(LicenceKind::PaidSingleUse),
        amount: Money {
            amount_minor: o.amount_minor,
            currency: o.currency.clone(),
        },
        method,
        status,
        checkout_url: if status == OrderStatus::Pending {
            evs.iter()
                .find(|e| e.kind == OrderStatus::Pending.as_str())
                .and_then(|e| e.checkout_url.clone())
        } else {
            None
        },
        payment_reference: (method == PaymentMethod::BankTransfer).then(|| bank::reference(o.id)),
        buyer_handle: buyer.to_owned(),
        created_at: o.created_at,
        paid_at: at(OrderStatus::Paid),
        refunded_at: at(OrderStatus::Refunded),
    }
}

/// The views of `orders`, in their order, in three queries.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    orders: &[template_order::Model],
) -> Result<Vec<Order>, DbErr> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let mut evs: HashMap<i64, Vec<order_event::Model>> = HashMap::new();
    for e in order_event::Entity::find()
        .filter(order_event::Column::OrderId.is_in(ids))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?
    {
        evs.entry(e.order_id).or_default().push(e);
    }
    let titles: HashMap<i64, String> = template::Entity::find()
        .select_only()
        .column(template::Column::Id)
        .column(template::Column::Title)
        .filter(template::Column::Id.is_in(orders.iter().map(|o| o.template_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let handles: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Handle)
        .filter(user::Column::Id.is_in(orders.iter().map(|o| o.buyer_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(orders
        .iter()
        .map(|o| {
            build(
                o,
                evs.get(&o.id).map(Vec::as_slice).unwrap_or_default(),
                titles.get(&o.template_id).map_or("", String::as_str),
                handles.get(&o.buyer_id).map_or("", String::as_str),
            )
        })
        .collect())
}

pub async fn view<C: ConnectionTrait>(db: &C, order: &template_order::Model) -> ApiResult<Order> {
    views(db, std::slice::from_ref(order))
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("order {} has no view", order.id)))
}

/// The order, when `user` is its buyer or staff; 404 for anyone else (whether
/// it exists is nobody else's business).
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<template_order::Model> {
    let staff = user.require_staff().is_ok();
    match template_order::Entity::find_by_id(id).one(db).await? {
        Some(o) if staff || o.buyer_id == user.id() => Ok(o),
        _ => Err(ApiError::not_found("no such order")),
    }
}

/// A member's receipts, newest first.
pub async fn mine<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<Order>, DbErr> {
    let orders = template_order::Entity::find()
        .filter(template_order::Column::BuyerId.eq(user_id))
        .order_by_desc(template_order::Column::Id)
        .limit(MINE_LIMIT)
        .all(db)
        .await?;
    views(db, &orders).await
}

/// Every order (with `status`: those whose latest event is it), newest
/// first, older than the order `before` when given.
pub async fn staff_list<C: ConnectionTrait>(
    db: &C,
    status: Option<OrderStatus>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<Order>, DbErr> {
    let mut q = template_order::Entity::find().order_by_desc(template_order::Column::Id);
    if let Some(status) = status {
        // The status is one of a fixed set of words, never the client's text.
        q = q.filter(Expr::cust(format!(
            "(SELECT e.kind FROM order_events e WHERE e.order_id = template_orders.id \
             ORDER BY e.id DESC LIMIT 1) = '{}'",
            status.as_str()
        )));
    }
    if let Some(before) = before {
        q = q.filter(template_order::Column::Id.lt(before));
    }
    let orders = q.limit(limit).all(db).await?;
    views(db, &orders).await
}
