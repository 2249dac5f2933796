//! The reconciliation report: checks that the ledger balances and that
//! every order and payout made the postings it should. Each check names
//! what is wrong (the offending ids, at most [`SHOWN`] of them).
//!
//! - `transfers_balanced`: every transfer's lines sum to zero;
//! - `lines_sum_to_zero`: all lines of each currency sum to zero;
//! - `pending_resolved_once`: no pending transfer is resolved twice, and
//!   only pending transfers are resolved;
//! - `orders_posted`: every order with a `paid` event has its sale transfer
//!   (`order:<id>:sale`);
//! - `refunds_posted`: every order with a `refunded` event has the sale's
//!   reversal (`order:<id>:sale:reversal`);
//! - `payouts_match`: every payout's transfer (and its posted resolution)
//!   moves exactly the payout's gross, tax and net;
//! - `reversals_negate`: every reversal negates exactly the lines of the
//!   transfer it reverses;
//! - `no_negative_creator_balance`: no creator's available balance is below
//!   zero (a refund after a payout would do that: money to recover).

use std::collections::BTreeMap;

use atelier_api::{AccountKind, Reconciliation, ReconciliationCheck};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

use super::money::money;
use super::read::int;
use crate::entities::payout;
use crate::error::ApiError;

/// Offending ids listed per check.
pub const SHOWN: usize = 20;

pub async fn reconcile<C: ConnectionTrait>(conn: &C) -> Result<Reconciliation, ApiError> {
    let transfers = count(
        conn,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_transfers",
    )
    .await?;
    let lines = count(
        conn,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_lines",
    )
    .await?;

    let unbalanced = ids(
        conn,
        "SELECT transfer_id AS id FROM ledger_lines GROUP BY transfer_id \
         HAVING SUM(amount_minor) <> 0 ORDER BY transfer_id",
    )
    .await?;

    let mut totals = Vec::new();
    let mut off_currencies = Vec::new();
    for r in query(
        conn,
        "SELECT currency AS currency, CAST(SUM(amount_minor) AS BIGINT) AS total \
         FROM ledger_lines GROUP BY currency ORDER BY currency",
    )
    .await?
    {
        let currency: String = r.try_get("", "currency")?;
        let total = int(&r, "total")?;
        if total != 0 {
            off_currencies.push(format!("{currency} {total}"));
        }
        totals.push(money(total, &currency));
    }

    let twice = ids(
        conn,
        "SELECT pending_id AS id FROM ledger_transfers WHERE pending_id IS NOT NULL \
         GROUP BY pending_id HAVING COUNT(*) > 1 ORDER BY pending_id",
    )
    .await?;
    let not_pending = ids(
        conn,
        "SELECT r.id AS id FROM ledger_transfers r \
         LEFT JOIN ledger_transfers p ON p.id = r.pending_id \
         WHERE r.pending_id IS NOT NULL AND (p.id IS NULL OR p.phase <> 'pending') ORDER BY r.id",
    )
    .await?;

    let unposted_orders = ids(
        conn,
        "SELECT DISTINCT e.order_id AS id FROM order_events e WHERE e.kind = 'paid' \
         AND NOT EXISTS (SELECT 1 FROM ledger_transfers t \
           WHERE t.idempotency_key = 'order:' || CAST(e.order_id AS TEXT) || ':sale') \
         ORDER BY e.order_id",
    )
    .await?;
    let unposted_refunds = ids(
        conn,
        "SELECT DISTINCT e.order_id AS id FROM order_events e WHERE e.kind = 'refunded' \
         AND NOT EXISTS (SELECT 1 FROM ledger_transfers t \
           WHERE t.idempotency_key = 'order:' || CAST(e.order_id AS TEXT) || ':sale:reversal') \
         ORDER BY e.order_id",
    )
    .await?;

    let payouts_off = payouts_off(conn).await?;

    let bad_reversals = ids(
        conn,
        "SELECT r.id AS id FROM ledger_transfers r \
         JOIN ledger_transfers o ON o.id = r.reverses_id \
         WHERE r.currency <> o.currency \
           OR EXISTS (SELECT 1 FROM ledger_lines lr WHERE lr.transfer_id = r.id \
             AND NOT EXISTS (SELECT 1 FROM ledger_lines lo WHERE lo.transfer_id = o.id \
               AND lo.account_id = lr.account_id AND lo.amount_minor = -lr.amount_minor)) \
           OR EXISTS (SELECT 1 FROM ledger_lines lo WHERE lo.transfer_id = o.id \
             AND NOT EXISTS (SELECT 1 FROM ledger_lines lr WHERE lr.transfer_id = r.id \
               AND lr.account_id = lo.account_id AND lr.amount_minor = -lo.amount_minor)) \
         ORDER BY r.id",
    )
    .await?;
    let dangling_reversals = ids(
        conn,
        "SELECT r.id AS id FROM ledger_transfers r \
         LEFT JOIN ledger_transfers o ON o.id = r.reverses_id \
         WHERE r.reverses_id IS NOT NULL AND o.id IS NULL ORDER BY r.id",
    )
    .await?;

    // A payable is credit-normal: posted + held-unresolved above zero means
    // the creator owes the platform.
    let negative = ids(
        conn,
        "SELECT a.owner_id AS id FROM ledger_accounts a JOIN ledger_lines l ON l.account_id = a.id \
         WHERE a.kind = 'creator_payable' \
           AND (NOT l.held OR NOT EXISTS \
             (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = l.transfer_id)) \
         GROUP BY a.id, a.owner_id HAVING SUM(l.amount_minor) > 0 ORDER BY a.owner_id",
    )
    .await?;

    let checks = vec![
        check(
            "transfers_balanced",
            &unbalanced,
            format!("the lines of each of {transfers} transfers sum to zero"),
            "transfers whose lines do not sum to zero",
        ),
        ReconciliationCheck {
            name: "lines_sum_to_zero".into(),
            ok: off_currencies.is_empty(),
            detail: if off_currencies.is_empty() {
                format!("all {lines} lines sum to zero in each currency")
            } else {
                format!("lines do not sum to zero: {}", off_currencies.join(", "))
            },
        },
        check(
            "pending_resolved_once",
            &[twice.as_slice(), not_pending.as_slice()].concat(),
            "every pending transfer is posted or voided at most once".into(),
            "pending transfers resolved more than once, or resolutions of a transfer that is not pending",
        ),
        check(
            "orders_posted",
            &unposted_orders,
            "every paid order has its sale transfer".into(),
            "paid orders without a sale transfer (order:<id>:sale)",
        ),
        check(
            "refunds_posted",
            &unposted_refunds,
            "every refunded order has its sale's reversal".into(),
            "refunded orders without a reversal (order:<id>:sale:reversal)",
        ),
        check(
            "payouts_match",
            &payouts_off,
            "every payout's transfers move its gross, tax and net".into(),
            "payouts whose transfers differ from their gross, tax or net",
        ),
        check(
            "reversals_negate",
            &[bad_reversals.as_slice(), dangling_reversals.as_slice()].concat(),
            "every reversal negates the lines of what it reverses".into(),
            "reversals that do not exactly negate their original",
        ),
        check(
            "no_negative_creator_balance",
            &negative,
            "no creator owes the platform".into(),
            "creators (user ids) whose available balance is below zero",
        ),
    ];
    Ok(Reconciliation {
        ok: checks.iter().all(|c| c.ok),
        checked_at: Utc::now(),
        transfers,
        lines,
        totals,
        checks,
    })
}

fn check(name: &str, offending: &[i64], ok_detail: String, problem: &str) -> ReconciliationCheck {
    if offending.is_empty() {
        return ReconciliationCheck {
            name: name.into(),
            ok: true,
            detail: ok_detail,
        };
    }
    let shown: Vec<String> = offending.iter().take(SHOWN).map(i64::to_string).collect();
    let more = offending.len().saturating_sub(SHOWN);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    ReconciliationCheck {
        name: name.into(),
        ok: false,
        detail: format!("{problem}: {}{tail}", shown.join(", ")),
    }
}

/// Payouts whose pending transfer, or its posted resolution, has other lines
/// than `Creator(user) +gross`, `TaxWithheld -tax`, `PayoutClearing -net`
/// (zero lines left out), or whose gross is not tax + net.
async fn payouts_off<C: ConnectionTrait>(conn: &C) -> Result<Vec<i64>, ApiError> {
    let payouts = payout::Entity::find().all(conn).await?;
    if payouts.is_empty() {
        return Ok(Vec::new());
    }
    // The lines of every payout's transfer and of its posted resolution, by
    // the transfer they belong to.
    type Lines = BTreeMap<(String, i64), i64>;
    let mut by_transfer: BTreeMap<i64, Lines> = BTreeMap::new();
    let mut resolution_of: BTreeMap<i64, i64> = BTreeMap::new();
    for r in query(
        conn,
        "SELECT l.transfer_id AS transfer_id, a.kind AS kind, a.owner_id AS owner_id, \
           CAST(l.amount_minor AS BIGINT) AS amount, t.pending_id AS pending_id \
         FROM ledger_lines l \
         JOIN ledger_accounts a ON a.id = l.account_id \
         JOIN ledger_transfers t ON t.id = l.transfer_id \
         WHERE t.id IN (SELECT transfer_id FROM payouts) \
            OR (t.phase = 'post_pending' AND t.pending_id IN (SELECT transfer_id FROM payouts))",
    )
    .await?
    {
        let transfer = int(&r, "transfer_id")?;
        let kind: String = r.try_get("", "kind")?;
        *by_transfer
            .entry(transfer)
            .or_default()
            .entry((kind, int(&r, "owner_id")?))
            .or_default() += int(&r, "amount")?;
        if let Some(p) = r.try_get::<Option<i64>>("", "pending_id")? {
            resolution_of.insert(p, transfer);
        }
    }
    let mut off = Vec::new();
    for p in payouts {
        let mut want = Lines::new();
        for (kind, owner, amount) in [
            (AccountKind::CreatorPayable, p.user_id, p.gross_minor),
            (AccountKind::TaxWithheld, 0, -p.tax_minor),
            (AccountKind::PayoutClearing, 0, -p.net_minor),
        ] {
            if amount != 0 {
                want.insert((kind.as_str().to_owned(), owner), amount);
            }
        }
        let empty = Lines::new();
        let held = by_transfer.get(&p.transfer_id).unwrap_or(&empty);
        let posted_ok = resolution_of
            .get(&p.transfer_id)
            .and_then(|r| by_transfer.get(r))
            .is_none_or(|lines| *lines == want);
        if p.gross_minor != p.tax_minor + p.net_minor || *held != want || !posted_ok {
            off.push(p.id);
        }
    }
    Ok(off)
}

async fn query<C: ConnectionTrait>(
    conn: &C,
    sql: &str,
) -> Result<Vec<sea_orm::QueryResult>, ApiError> {
    Ok(conn
        .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await?)
}

async fn ids<C: ConnectionTrait>(conn: &C, sql: &str) -> Result<Vec<i64>, ApiError> {
    query(conn, sql)
        .await?
        .iter()
        .map(|r| int(r, "id").map_err(ApiError::from))
        .collect()
}

async fn count<C: ConnectionTrait>(conn: &C, sql: &str) -> Result<u64, ApiError> {
    let n = match query(conn, sql).await?.first() {
        Some(r) => int(r, "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
