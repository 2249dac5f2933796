//! Template sales in the ledger. An order's `paid` event posts its sale in
//! the event's transaction ([`post_sale`], called by
//! `crate::orders::events::apply`); its `refunded` event reverses the sale
//! ([`post_refund`]). Both are idempotent by key (`order:<id>:sale` and the
//! reversal's `order:<id>:sale:reversal`), so [`catch_up`] may post whatever
//! events lack their transfer (events written before this code existed, or by
//! a process that failed between) at any time, as often as it likes.
//!
//! A sale of price `P` whose terms give the creators `S` bp:
//! `C = share_of(P, S)` split among the parties by weight (largest
//! remainder); lines: payment clearing `+P`, each creator `-c_i`, platform
//! revenue `-(P - C)`. Free licences have no order and carry no money.

use atelier_api::OrderStatus;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Statement,
};

use super::agreements;
use crate::config::LedgerSettings;
use crate::entities::{ledger_transfer, order_event, template, template_order};
use crate::ledger::{
    AccountKind, AccountRef, LedgerError, NewTransfer, Posted, TransferKind, post, reverse,
};

/// The key of an order's sale.
pub fn sale_key(order_id: i64) -> String {
    format!("order:{order_id}:sale")
}

/// The key [`crate::ledger::reverse`] gives the reversal of a sale.
pub fn refund_key(order_id: i64) -> String {
    format!("{}:reversal", sale_key(order_id))
}

/// A ledger error as a database error, for callers that speak `DbErr`
/// (the order events): a database failure stays one; anything else is a
/// broken invariant, reported as a custom error.
pub fn as_db_err(e: LedgerError) -> DbErr {
    match e {
        LedgerError::Db(db) => db,
        other => DbErr::Custom(format!("ledger: {other}")),
    }
}

async fn memo<C: ConnectionTrait>(conn: &C, template_id: i64) -> Result<String, DbErr> {
    Ok(template::Entity::find_by_id(template_id)
        .one(conn)
        .await?
        .map_or_else(|| format!("template {template_id}"), |t| t.title))
}

/// Posts the sale of a paid order (paid at `paid_at`), in the caller's
/// transaction. None for an order without money. A repeat returns the
/// transfer posted before.
pub async fn post_sale<C: ConnectionTrait + sea_orm::TransactionTrait>(
    conn: &C,
    order: &template_order::Model,
    paid_at: DateTime<Utc>,
    actor: Option<i64>,
    ledger: &LedgerSettings,
) -> Result<Option<Posted>, LedgerError> {
    if order.amount_minor <= 0 {
        return Ok(None);
    }
    // A repeat (catch-up after the event already posted) finds the sale
    // without recomputing it from agreements that may have changed since.
    if let Some(t) = by_key(conn, &sale_key(order.id)).await? {
        return Ok(Some(Posted::Existing(t)));
    }
    let terms =
        agreements::template_terms(conn, order.template_id, order.creator_id, paid_at, ledger)
            .await?;
    let price = order.amount_minor;
    let parts = terms.split(price);
    let creators: i64 = parts.iter().map(|(_, c)| *c).sum();
    let mut lines = vec![(AccountRef::Platform(AccountKind::PaymentClearing), price)];
    lines.extend(
        parts
            .iter()
            .map(|(user, c)| (AccountRef::Creator(*user), -c)),
    );
    lines.push((
        AccountRef::Platform(AccountKind::PlatformRevenue),
        -(price - creators),
    ));
    let posted = post(
        conn,
        NewTransfer {
            key: sale_key(order.id),
            kind: TransferKind::TemplateSale,
            source: format!("order:{}", order.id),
            currency: order.currency.clone(),
            memo: memo(conn, order.template_id).await?,
            occurred_at: paid_at,
            created_by: actor,
            lines,
        },
    )
    .await?;
    Ok(Some(posted))
}

/// Reverses a refunded order's sale (refunded at `refunded_at`), in the
/// caller's transaction: posts the sale first if it is missing (an order
/// paid before sales were posted), then its reversal. None for an order
/// without money, or one never paid.
pub async fn post_refund<C: ConnectionTrait + sea_orm::TransactionTrait>(
    conn: &C,
    order: &template_order::Model,
    refunded_at: DateTime<Utc>,
    actor: Option<i64>,
    ledger: &LedgerSettings,
) -> Result<Option<Posted>, LedgerError> {
    if order.amount_minor <= 0 {
        return Ok(None);
    }
    let sale = match by_key(conn, &sale_key(order.id)).await? {
        Some(t) => t,
        None => {
            let Some(paid) = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order.id))
                .filter(order_event::Column::Kind.eq(OrderStatus::Paid.as_str()))
                .one(conn)
                .await?
            else {
                return Ok(None);
            };
            match post_sale(conn, order, paid.created_at, paid.actor_id, ledger).await? {
                Some(p) => p.into_transfer(),
                None => return Ok(None),
            }
        }
    };
    let memo = format!("refund: {}", sale.memo);
    Ok(Some(
        reverse(
            conn,
            sale.id,
            TransferKind::TemplateRefund,
            &memo,
            refunded_at,
            actor,
        )
        .await?,
    ))
}

async fn by_key<C: ConnectionTrait>(
    conn: &C,
    key: &str,
) -> Result<Option<ledger_transfer::Model>, DbErr> {
    ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await
}

/// The `paid` and `refunded` events with money whose transfer is missing,
/// oldest first.
async fn unposted(db: &DatabaseConnection) -> Result<Vec<i64>, DbErr> {
    let backend = db.get_database_backend();
    let sql = "SELECT e.id AS id FROM order_events e \
         WHERE e.kind IN ('paid', 'refunded') AND COALESCE(e.amount_minor, 0) <> 0 \
         AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.idempotency_key = \
           CASE WHEN e.kind = 'paid' \
             THEN 'order:' || CAST(e.order_id AS TEXT) || ':sale' \
             ELSE 'order:' || CAST(e.order_id AS TEXT) || ':sale:reversal' END) \
         ORDER BY e.id";
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
}

/// Posts every `paid` or `refunded` order event that has no transfer yet,
/// each in its own write transaction with its order locked (as a transition
/// would); answers how many transfers it posted. An event whose posting is
/// refused (a broken invariant) is logged and left for the next start.
pub async fn catch_up(db: &DatabaseConnection, ledger: &LedgerSettings) -> Result<u64, DbErr> {
    let mut posted = 0;
    for event_id in unposted(db).await? {
        let txn = crate::db::begin_write(db).await?;
        let Some(event) = order_event::Entity::find_by_id(event_id).one(&txn).await? else {
            continue;
        };
        let Some(order) = crate::orders::events::lock(&txn, event.order_id).await? else {
            continue;
        };
        let done = if event.kind == OrderStatus::Paid.as_str() {
            post_sale(&txn, &order, event.created_at, event.actor_id, ledger).await
        } else {
            post_refund(&txn, &order, event.created_at, event.actor_id, ledger).await
        };
        match done {
            Ok(p) => {
                txn.commit().await?;
                if p.is_some_and(|p| p.created()) {
                    posted += 1;
                }
            }
            Err(LedgerError::Db(e)) => return Err(e),
            Err(e) => {
                tracing::error!(
                    order = order.id,
                    event = event.id,
                    error = %e,
                    "an order event could not be posted to the ledger"
                );
            }
        }
    }
    Ok(posted)
}
