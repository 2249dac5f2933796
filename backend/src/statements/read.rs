//! Reading a creator's lines off the ledger, with what statements need of
//! each line's transfer, in one query.

use atelier_api::{EarningLine, EarningSource, TransferKind};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};

use super::money::money;
use crate::error::ApiError;
use crate::ledger::AccountRef;

/// One line on a creator's payable, as the creator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatorLine {
    pub line_id: i64,
    pub transfer_id: i64,
    /// Positive: owed to the creator more (earned); negative: less (a
    /// refund, a reversal, a payout).
    pub amount: i64,
    /// A line of a pending transfer (a payout's reservation).
    pub held: bool,
    /// For a held line: its pending transfer was posted or voided.
    pub resolved: bool,
    pub occurred_at: DateTime<Utc>,
    pub kind: TransferKind,
    /// The earning source: the kind's, or for a generic reversal the source
    /// of the transfer it reverses.
    pub source: Option<EarningSource>,
    /// The transfer's source (`order:12`, `product:3:2026-11`, `payout:5`).
    pub reference: String,
    /// The transfer's memo (a template's title, a product's name).
    pub memo: String,
    /// Tax the transfer withheld (its `tax_withheld` line, positive).
    pub tax: i64,
}

impl CreatorLine {
    /// Counts in the balance.
    pub fn posted(&self) -> bool {
        !self.held
    }

    /// Reserved by a payout not yet paid or failed.
    pub fn pending(&self) -> bool {
        self.held && !self.resolved
    }

    /// Shown in the creator's list of lines: posted lines and unresolved
    /// holds (a resolved hold is told by its resolution: the posted payout,
    /// or nothing when it was voided).
    pub fn visible(&self) -> bool {
        self.posted() || self.pending()
    }

    pub fn view(&self, currency: &str) -> EarningLine {
        EarningLine {
            transfer_id: self.transfer_id,
            occurred_at: self.occurred_at,
            kind: self.kind,
            source: self.source,
            reference: self.reference.clone(),
            description: self.memo.clone(),
            amount: money(self.amount, currency),
            pending: self.pending(),
        }
    }
}

/// Which lines to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineQuery {
    /// Only lines with an id below this (keyset paging, newest first).
    pub before_id: Option<i64>,
    /// At most this many, newest first; all (oldest first) when None.
    pub limit: Option<u64>,
    /// Leave out resolved holds.
    pub visible_only: bool,
}

/// The id of creator `user_id`'s payable in `currency`, if it exists.
pub async fn creator_account<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    currency: &str,
) -> Result<Option<i64>, ApiError> {
    Ok(crate::ledger::accounts::find(conn, AccountRef::Creator(user_id), currency).await?)
}

/// The lines of account `account_id` (a creator's payable): oldest first,
/// or with a limit newest first.
pub async fn creator_lines<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    q: LineQuery,
) -> Result<Vec<CreatorLine>, ApiError> {
    let backend = conn.get_database_backend();
    let mut values: Vec<Value> = vec![account_id.into()];
    let mut sql = String::from(
        "SELECT l.id AS line_id, l.transfer_id AS transfer_id, \
           CAST(l.amount_minor AS BIGINT) AS amount_minor, \
           CASE WHEN l.held THEN 1 ELSE 0 END AS held, \
           CASE WHEN l.held AND EXISTS \
             (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = l.transfer_id) \
             THEN 1 ELSE 0 END AS resolved, \
           l.occurred_at AS occurred_at, t.kind AS kind, t.source AS source, \
           t.memo AS memo, o.kind AS reversed_kind, \
           CAST(COALESCE((SELECT SUM(x.amount_minor) FROM ledger_lines x \
             JOIN ledger_accounts xa ON xa.id = x.account_id \
             WHERE x.transfer_id = l.transfer_id AND xa.kind = 'tax_withheld'), 0) AS BIGINT) AS tax \
         FROM ledger_lines l \
         JOIN ledger_transfers t ON t.id = l.transfer_id \
         LEFT JOIN ledger_transfers o ON o.id = t.reverses_id \
         WHERE l.account_id = ",
    );
    sql.push_str(&placeholder(backend, 1));
    if let Some(before) = q.before_id {
        values.push(before.into());
        sql.push_str(" AND l.id < ");
        sql.push_str(&placeholder(backend, values.len()));
    }
    if q.visible_only {
        sql.push_str(
            " AND (NOT l.held OR NOT EXISTS \
               (SELECT 1 FROM ledger_transfers r2 WHERE r2.pending_id = l.transfer_id))",
        );
    }
    match q.limit {
        Some(limit) => {
            values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
            sql.push_str(" ORDER BY l.id DESC LIMIT ");
            sql.push_str(&placeholder(backend, values.len()));
        }
        None => sql.push_str(" ORDER BY l.id ASC"),
    }
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    rows.iter().map(line_of).collect()
}

fn line_of(r: &QueryResult) -> Result<CreatorLine, ApiError> {
    let kind_name: String = r.try_get("", "kind")?;
    let kind = TransferKind::parse(&kind_name).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "ledger transfer of unknown kind {kind_name:?}"
        ))
    })?;
    let reversed: Option<String> = r.try_get("", "reversed_kind")?;
    let source = kind.source().or_else(|| {
        reversed
            .as_deref()
            .and_then(TransferKind::parse)
            .and_then(TransferKind::source)
    });
    let raw = int(r, "amount_minor")?;
    Ok(CreatorLine {
        line_id: int(r, "line_id")?,
        transfer_id: int(r, "transfer_id")?,
        amount: raw.checked_neg().unwrap_or(i64::MAX),
        held: int(r, "held")? != 0,
        resolved: int(r, "resolved")? != 0,
        occurred_at: r.try_get("", "occurred_at")?,
        kind,
        source,
        reference: r.try_get("", "source")?,
        memo: r.try_get("", "memo")?,
        tax: int(r, "tax")?.checked_neg().unwrap_or(i64::MAX),
    })
}

/// An integer column, whatever width the database answers with (PostgreSQL
/// types `CASE ... THEN 1` as INTEGER, a cast sum as BIGINT).
pub fn int(r: &QueryResult, col: &str) -> Result<i64, sea_orm::DbErr> {
    r.try_get::<i64>("", col)
        .or_else(|_| r.try_get::<i32>("", col).map(i64::from))
        .or_else(|_| r.try_get::<Option<i64>>("", col).map(|v| v.unwrap_or(0)))
}

/// The `n`th (1-based) placeholder: `$n` on PostgreSQL, `?` on SQLite.
pub fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}
