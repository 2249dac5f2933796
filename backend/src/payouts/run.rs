//! Payout runs: once a month (`YYYY-MM`, Asia/Taipei) has ended, every
//! creator whose available balance earned up to its end reaches their
//! threshold gets a payout: a pending ledger transfer reserves the gross
//! (tax withheld by residency, the rest to be sent) until finance staff mark
//! it paid or failed.
//!
//! # Safe to repeat, safe under concurrency
//!
//! - One run per period: the `payout_runs` row is unique per period. A run
//!   inserts it first, in the same transaction as its payouts; a second run
//!   of the same period waits on that insert until the first commits, then
//!   finds the run and answers it (`created: false`) without making anything.
//! - One payout per creator per run (`ux_payouts_run_user`).
//! - Never more than the balance: the run locks each creator's
//!   `creator_payable` account (PostgreSQL: `SELECT ... FOR NO KEY UPDATE`
//!   on the account row, in account order so two runs never deadlock; SQLite:
//!   the run's immediate write transaction holds the database's write lock)
//!   and only then reads what is available, so runs of different periods
//!   reserve one after the other and the second sees the first's holds.
//!   `FOR NO KEY UPDATE` rather than `FOR UPDATE`: it excludes another run
//!   just the same, but not the foreign-key checks of sales and prizes being
//!   posted to the creator meanwhile, which need not wait for the run.

use std::collections::HashMap;

use atelier_api::{AccountKind, Money, PayoutRunResult, PayoutSkip, Residency, TransferKind};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, Statement,
};

use super::read;
use super::settings::{latest, major, stored};
use crate::config::{LedgerSettings, Settings};
use crate::entities::{ledger_account, payout, payout_event, payout_run, user};
use crate::error::{ApiError, ApiResult};
use crate::ledger::period::Month;
use crate::ledger::{self, AccountRef, NewTransfer};
use crate::templates::stats::taipei;

fn invalid_period(period: &str) -> ApiError {
    ApiError::validation(format!(
        "{period:?} is not a period: give a month as YYYY-MM (2000-2999)"
    ))
    .code("invalid_period")
}

/// The first instant of `period` and the first instant after it, in UTC
/// (the month's bounds in Asia/Taipei); 422 `invalid_period`.
pub fn period_bounds(period: &str) -> ApiResult<(DateTime<Utc>, DateTime<Utc>)> {
    Month::parse(period)
        .map(|m| (m.start(), m.end()))
        .ok_or_else(|| invalid_period(period))
}

/// The period (`YYYY-MM`, Asia/Taipei) that `at` falls in.
pub fn period_of(at: DateTime<Utc>) -> String {
    Month::of(at).to_string()
}

/// The last period that has ended at `now`: the month before the current one.
pub fn last_ended_period(now: DateTime<Utc>) -> String {
    Month::of(now).prev().to_string()
}

/// What creator `user_id` may be paid for a period ending at `end`: the
/// posted balance earned before `end` (payouts already posted count whenever
/// they were paid), less every hold of a pending payout; and never more than
/// what is available now (a refund after `end` lowers it).
pub async fn available_for_period<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    currency: &str,
    end: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let Some(account) =
        ledger::accounts::find(conn, AccountRef::Creator(user_id), currency).await?
    else {
        return Ok(0);
    };
    let backend = conn.get_database_backend();
    // Numbered, since the end comes first in the text: `$n` on PostgreSQL,
    // `?n` on SQLite.
    let (p1, p2) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?1", "?2"),
    };
    let posted_kind = TransferKind::PayoutPosted.as_str();
    let sql = format!(
        "SELECT \
           CAST(COALESCE(SUM(CASE WHEN NOT l.held AND (l.occurred_at < {p2} OR t.kind = '{posted_kind}') \
             THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS posted, \
           CAST(COALESCE(SUM(CASE WHEN l.held AND NOT EXISTS \
             (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = l.transfer_id) \
             THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS pending \
         FROM ledger_lines l JOIN ledger_transfers t ON t.id = l.transfer_id \
         WHERE l.account_id = {p1}"
    );
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [account.into(), end.into()],
        ))
        .await?;
    let (posted, pending) = match row {
        Some(r) => (
            ledger::balance::sum_col(&r, "posted")?,
            ledger::balance::sum_col(&r, "pending")?,
        ),
        None => (0, 0),
    };
    // Credit-normal: owed = the negated sum; holds are debits.
    let by_end = -posted - pending;
    let now = ledger::creator_balance(conn, user_id, currency).await?;
    Ok(by_end.min(now.available()))
}

/// The tax withheld from a payout of `gross` for `residency`: the
/// configured rate when the gross exceeds the exempt amount.
pub fn withholding(ledger: &LedgerSettings, residency: Residency, gross: i64) -> i64 {
    let (bp, exempt_up_to) = match residency {
        Residency::Tw => (
            ledger.withholding_tw_bp,
            ledger.withholding_tw_exempt_up_to_minor,
        ),
        Residency::Foreign => (
            ledger.withholding_foreign_bp,
            ledger.withholding_foreign_exempt_up_to_minor,
        ),
    };
    if gross > 0 && gross > exempt_up_to {
        ledger::share_of(gross, bp).clamp(0, gross)
    } else {
        0
    }
}

/// Locks the creator's account row for the rest of the transaction (see the
/// module's notes; SQLite's write transaction is the lock there).
async fn lock_account<C: ConnectionTrait>(conn: &C, account_id: i64) -> Result<(), DbErr> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM ledger_accounts WHERE id = $1 FOR NO KEY UPDATE",
            [account_id.into()],
        ))
        .await?;
    }
    Ok(())
}

fn money(amount_minor: i64, currency: &str) -> Money {
    Money {
        amount_minor,
        currency: currency.to_owned(),
    }
}

/// Runs the payouts of `period` (see the module's notes): 422
/// `invalid_period`, 409 `period_not_started` (a month still to come). A
/// run made during its month takes what was earned until then. `actor` is the finance user
/// (None from the command line); the run is audited `payout.run`.
pub async fn run(
    db: &DatabaseConnection,
    settings: &Settings,
    period: &str,
    actor: Option<i64>,
) -> ApiResult<PayoutRunResult> {
    let (start, end) = period_bounds(period)?;
    let now = Utc::now();
    if now < start {
        return Err(ApiError::conflict(
            "period_not_started",
            format!(
                "{period} has not begun yet; its payouts can run from {}",
                start
                    .with_timezone(&taipei())
                    .format("%Y-%m-%d %H:%M (UTC+8)")
            ),
        )
        .variant("from")
        .arg(
            "from",
            start
                .with_timezone(&taipei())
                .format("%Y-%m-%d")
                .to_string(),
        ));
    }
    // The month's earnings, or, when the run is made before the month is
    // over, what was earned until now (later earnings go to the next run).
    let end = end.min(now);
    let ledger = &settings.ledger;
    let currency = ledger.currency.as_str();
    let txn = crate::db::begin_write(db).await?;
    let inserted = payout_run::Entity::insert(payout_run::ActiveModel {
        period: Set(period.to_owned()),
        created_by: Set(actor),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([payout_run::Column::Period])
    .exec(&txn)
    .await?;
    let run_id = match inserted {
        sea_orm::TryInsertResult::Inserted(r) => r.last_insert_id,
        // The period's run exists (or was just committed by a concurrent
        // run, which this insert waited for): answer it, make nothing.
        sea_orm::TryInsertResult::Conflicted | sea_orm::TryInsertResult::Empty => {
            txn.rollback().await?;
            return existing(db, period).await;
        }
    };
    let accounts = ledger_account::Entity::find()
        .filter(ledger_account::Column::Kind.eq(AccountKind::CreatorPayable.as_str()))
        .filter(ledger_account::Column::Currency.eq(currency))
        .order_by_asc(ledger_account::Column::Id)
        .all(&txn)
        .await?;
    let mut made = Vec::new();
    let mut skipped: Vec<(i64, i64, &'static str)> = Vec::new();
    for account in &accounts {
        let user_id = account.owner_id;
        lock_account(&txn, account.id).await?;
        let available = available_for_period(&txn, user_id, currency, end).await?;
        if available <= 0 {
            continue;
        }
        let Some(prefs) = latest(&txn, user_id).await? else {
            skipped.push((user_id, available, "no_settings"));
            continue;
        };
        if available < prefs.threshold_minor {
            skipped.push((user_id, available, "below_threshold"));
            continue;
        }
        let residency = Residency::parse(&prefs.residency)
            .ok_or_else(|| stored("residency", &prefs.residency))?;
        let gross = available;
        let tax = withholding(ledger, residency, gross);
        let net = gross - tax;
        let row = payout::ActiveModel {
            run_id: Set(run_id),
            user_id: Set(user_id),
            currency: Set(currency.to_owned()),
            gross_minor: Set(gross),
            tax_minor: Set(tax),
            net_minor: Set(net),
            method: Set(prefs.method.clone()),
            details_hint: Set(prefs.details_hint.clone()),
            residency: Set(prefs.residency.clone()),
            // Set below, once the transfer (keyed by this payout's id) exists.
            transfer_id: Set(0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let transfer = ledger::post_pending(
            &txn,
            NewTransfer {
                key: format!("payout:{}", row.id),
                kind: TransferKind::Payout,
                source: format!("payout:{}", row.id),
                currency: currency.to_owned(),
                memo: format!("Payout {period}"),
                occurred_at: now,
                created_by: actor,
                lines: vec![
                    (AccountRef::Creator(user_id), gross),
                    (AccountRef::Platform(AccountKind::TaxWithheld), -tax),
                    (AccountRef::Platform(AccountKind::PayoutClearing), -net),
                ],
            },
        )
        .await?
        .into_transfer();
        payout::Entity::update_many()
            .col_expr(payout::Column::TransferId, Expr::value(transfer.id))
            .filter(payout::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        payout_event::ActiveModel {
            payout_id: Set(row.id),
            kind: Set(read::CREATED.to_owned()),
            reference: Set(None),
            reason: Set(None),
            actor_id: Set(actor),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        made.push(payout::Model {
            transfer_id: transfer.id,
            ..row
        });
    }
    let sum = |f: fn(&payout::Model) -> i64| made.iter().map(f).sum::<i64>();
    let detail = format!(
        "period {period}: {} payouts, gross {} {currency}, tax {}, net {}; {} skipped",
        made.len(),
        major(sum(|p| p.gross_minor), currency),
        major(sum(|p| p.tax_minor), currency),
        major(sum(|p| p.net_minor), currency),
        skipped.len()
    );
    crate::audit::record(
        &txn,
        actor,
        "payout.run",
        &format!("payout_run:{run_id}"),
        &detail,
    )
    .await?;
    txn.commit().await?;
    let payouts = read::views(db, &made).await?;
    let handles = handles(db, skipped.iter().map(|s| s.0).collect()).await?;
    Ok(PayoutRunResult {
        run_id,
        period: period.to_owned(),
        created: true,
        payouts,
        skipped: skipped
            .into_iter()
            .map(|(user_id, available, reason)| PayoutSkip {
                user_id,
                handle: handles.get(&user_id).cloned().unwrap_or_default(),
                available: money(available, currency),
                reason: reason.to_owned(),
            })
            .collect(),
    })
}

/// The run of `period` as it stands, for a repeat.
async fn existing(db: &DatabaseConnection, period: &str) -> ApiResult<PayoutRunResult> {
    let run = payout_run::Entity::find()
        .filter(payout_run::Column::Period.eq(period))
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "the payout run of {period} conflicted but cannot be found"
            ))
        })?;
    Ok(PayoutRunResult {
        run_id: run.id,
        period: run.period,
        created: false,
        payouts: read::of_run(db, run.id).await?,
        skipped: Vec::new(),
    })
}

async fn handles(db: &DatabaseConnection, ids: Vec<i64>) -> Result<HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.handle))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_taipei_months() {
        let (start, end) = period_bounds("2026-11").unwrap();
        assert_eq!(start.to_rfc3339(), "2026-10-31T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-30T16:00:00+00:00");
        let (_, end) = period_bounds("2026-12").unwrap();
        assert_eq!(end.to_rfc3339(), "2026-12-31T16:00:00+00:00");
        assert_eq!(period_bounds("2026-13").unwrap_err().code, "invalid_period");
        assert_eq!(period_bounds("26-11").unwrap_err().code, "invalid_period");
        assert_eq!(period_of(end), "2027-01");
        let just_before = end - chrono::Duration::seconds(1);
        assert_eq!(period_of(just_before), "2026-12");
        assert_eq!(last_ended_period(end), "2026-12");
        assert_eq!(last_ended_period(just_before), "2026-11");
    }

    #[test]
    fn withholding_by_residency() {
        let l = LedgerSettings::default();
        assert_eq!(withholding(&l, Residency::Tw, 2_000_000), 0);
        assert_eq!(withholding(&l, Residency::Tw, 2_500_000), 250_000);
        assert_eq!(withholding(&l, Residency::Foreign, 10_000), 2_000);
        assert_eq!(withholding(&l, Residency::Foreign, 12_345), 2_469);
    }
}
