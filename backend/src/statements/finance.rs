//! Finance staff's views: every account's balance, creators' balances and
//! the overview.

use std::collections::BTreeMap;

use atelier_api::{AccountBalance, AccountKind, EarningSource, FinanceOverview, TransferKind};
use chrono::Utc;
use sea_orm::{ConnectionTrait, Statement};

use super::money::money;
use super::period::Month;
use super::read::{int, placeholder};
use super::statement::by_source;
use super::summary::CHART_MONTHS;
use crate::config::LedgerSettings;
use crate::error::ApiError;

/// The balance of every account (only creators' payables with
/// `creators_only`), platform accounts first, then by owner and currency.
pub async fn balances<C: ConnectionTrait>(
    conn: &C,
    creators_only: bool,
) -> Result<Vec<AccountBalance>, ApiError> {
    let backend = conn.get_database_backend();
    let filter = if creators_only {
        "WHERE a.kind = 'creator_payable' "
    } else {
        ""
    };
    let sql = format!(
        "SELECT a.id AS id, a.kind AS kind, a.owner_id AS owner_id, a.currency AS currency, \
           u.handle AS handle, \
           CAST(COALESCE(SUM(CASE WHEN l.held THEN 0 ELSE l.amount_minor END), 0) AS BIGINT) AS posted, \
           CAST(COALESCE(SUM(CASE WHEN l.held AND NOT EXISTS \
             (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = l.transfer_id) \
             THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS pending \
         FROM ledger_accounts a \
         LEFT JOIN ledger_lines l ON l.account_id = a.id \
         LEFT JOIN users u ON u.id = a.owner_id AND a.kind = 'creator_payable' \
         {filter}\
         GROUP BY a.id, a.kind, a.owner_id, a.currency, u.handle \
         ORDER BY a.owner_id, a.kind, a.currency"
    );
    let rows = conn
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("", "kind")?;
            let currency: String = r.try_get("", "currency")?;
            Ok(AccountBalance {
                account_id: int(r, "id")?,
                kind: AccountKind::parse(&kind).ok_or_else(|| {
                    ApiError::internal(anyhow::anyhow!("ledger account of unknown kind {kind:?}"))
                })?,
                owner_id: int(r, "owner_id")?,
                owner_handle: r.try_get("", "handle")?,
                posted: money(int(r, "posted")?, &currency),
                pending: money(int(r, "pending")?, &currency),
                currency,
            })
        })
        .collect()
}

/// Finance staff's overview in the configured currency.
pub async fn overview<C: ConnectionTrait>(
    conn: &C,
    settings: &LedgerSettings,
) -> Result<FinanceOverview, ApiError> {
    let currency = settings.currency.as_str();
    let accounts = balances(conn, false).await?;
    let sum = |kind: AccountKind, pick: fn(&AccountBalance) -> i64| -> i64 {
        accounts
            .iter()
            .filter(|a| a.kind == kind && a.currency == currency)
            .map(pick)
            .sum()
    };
    // Credit-normal accounts are shown positive.
    let platform_revenue = -sum(AccountKind::PlatformRevenue, |a| a.posted.amount_minor);
    let creator_liabilities = -sum(AccountKind::CreatorPayable, |a| a.posted.amount_minor);
    let pending_payouts = sum(AccountKind::CreatorPayable, |a| a.pending.amount_minor);
    let tax_withheld = -sum(AccountKind::TaxWithheld, |a| a.posted.amount_minor);

    let this_month = Month::of(Utc::now());
    let months = this_month.last(CHART_MONTHS);
    let since = months.first().copied().unwrap_or(this_month).start();
    let (totals, by_month) = creator_earnings(conn, currency, since).await?;
    let payout_queue = payout_queue(conn).await?;
    Ok(FinanceOverview {
        currency: currency.to_owned(),
        platform_revenue: money(platform_revenue, currency),
        creator_liabilities: money(creator_liabilities, currency),
        pending_payouts: money(pending_payouts, currency),
        tax_withheld: money(tax_withheld, currency),
        royalties_posted: money(
            totals.get(&EarningSource::Royalties).copied().unwrap_or(0),
            currency,
        ),
        prizes_posted: money(
            totals.get(&EarningSource::Prizes).copied().unwrap_or(0),
            currency,
        ),
        sales_by_month: months
            .into_iter()
            .map(|m| {
                let empty = BTreeMap::new();
                let amounts = by_month.get(&m).unwrap_or(&empty);
                atelier_api::MonthEarnings {
                    month: m.to_string(),
                    total: money(amounts.values().sum(), currency),
                    by_source: by_source(amounts, currency),
                }
            })
            .collect(),
        payout_queue,
        accounts,
    })
}

type BySource = BTreeMap<EarningSource, i64>;

/// What creators earned (posted, net of refunds and reversals), per source
/// in total, and per month and source since `since`.
async fn creator_earnings<C: ConnectionTrait>(
    conn: &C,
    currency: &str,
    since: chrono::DateTime<Utc>,
) -> Result<(BySource, BTreeMap<Month, BySource>), ApiError> {
    let backend = conn.get_database_backend();
    let select = "SELECT t.kind AS kind, o.kind AS reversed_kind, \
           CAST(SUM(l.amount_minor) AS BIGINT) AS amount \
         FROM ledger_lines l \
         JOIN ledger_accounts a ON a.id = l.account_id AND a.kind = 'creator_payable' \
         JOIN ledger_transfers t ON t.id = l.transfer_id \
         LEFT JOIN ledger_transfers o ON o.id = t.reverses_id \
         WHERE NOT l.held AND a.currency = ";
    let totals_sql = format!(
        "{select}{} GROUP BY t.kind, o.kind",
        placeholder(backend, 1)
    );
    let mut totals = BySource::new();
    for r in conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            totals_sql,
            [currency.into()],
        ))
        .await?
    {
        if let Some(s) = source_of(&r)? {
            *totals.entry(s).or_default() -= int(&r, "amount")?;
        }
    }
    // Per month: the lines since `since`, summed here by Taiwan month.
    let recent_sql = format!(
        "SELECT t.kind AS kind, o.kind AS reversed_kind, l.occurred_at AS occurred_at, \
           CAST(l.amount_minor AS BIGINT) AS amount \
         FROM ledger_lines l \
         JOIN ledger_accounts a ON a.id = l.account_id AND a.kind = 'creator_payable' \
         JOIN ledger_transfers t ON t.id = l.transfer_id \
         LEFT JOIN ledger_transfers o ON o.id = t.reverses_id \
         WHERE NOT l.held AND a.currency = {} AND l.occurred_at >= {}",
        placeholder(backend, 1),
        placeholder(backend, 2)
    );
    let mut months: BTreeMap<Month, BySource> = BTreeMap::new();
    for r in conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            recent_sql,
            [currency.into(), since.into()],
        ))
        .await?
    {
        if let Some(s) = source_of(&r)? {
            let at: chrono::DateTime<Utc> = r.try_get("", "occurred_at")?;
            *months
                .entry(Month::of(at))
                .or_default()
                .entry(s)
                .or_default() -= int(&r, "amount")?;
        }
    }
    Ok((totals, months))
}

fn source_of(r: &sea_orm::QueryResult) -> Result<Option<EarningSource>, ApiError> {
    let kind: String = r.try_get("", "kind")?;
    let reversed: Option<String> = r.try_get("", "reversed_kind")?;
    Ok(TransferKind::parse(&kind)
        .and_then(TransferKind::source)
        .or_else(|| {
            reversed
                .as_deref()
                .and_then(TransferKind::parse)
                .and_then(TransferKind::source)
        }))
}

/// Payouts waiting for approval or payment: pending payout transfers that
/// nothing posted or voided yet.
async fn payout_queue<C: ConnectionTrait>(conn: &C) -> Result<u32, ApiError> {
    let backend = conn.get_database_backend();
    let sql = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_transfers p \
         WHERE p.phase = 'pending' AND p.kind = 'payout' AND NOT EXISTS \
           (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)";
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await?;
    let n = match row {
        Some(r) => int(&r, "n")?,
        None => 0,
    };
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
