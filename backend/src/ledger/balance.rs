//! Balances, derived from lines (no stored balance to drift).

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use super::accounts::{AccountRef, find};

/// An account's sums, debit positive: `posted` over posted lines,
/// `pending` over held lines of pending transfers not yet resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub posted: i64,
    pub pending: i64,
}

/// What a creator is owed, as the creator sees it (positive = owed to them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreatorBalance {
    /// Posted balance owed.
    pub balance: i64,
    /// Held by pending payouts (positive: reserved for payouts).
    pub pending_payouts: i64,
}

impl CreatorBalance {
    /// What a new payout may take.
    pub fn available(&self) -> i64 {
        self.balance - self.pending_payouts
    }
}

/// The sums of account `account_id`.
pub async fn account_balance<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
) -> Result<Sums, sea_orm::DbErr> {
    let backend = conn.get_database_backend();
    let p = placeholder(backend);
    let sql = format!(
        "SELECT \
           CAST(COALESCE(SUM(CASE WHEN l.held THEN 0 ELSE l.amount_minor END), 0) AS BIGINT) AS posted, \
           CAST(COALESCE(SUM(CASE WHEN l.held AND NOT EXISTS \
             (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = l.transfer_id) \
             THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS pending \
         FROM ledger_lines l WHERE l.account_id = {p}"
    );
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [account_id.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => Sums {
            posted: sum_col(&r, "posted")?,
            pending: sum_col(&r, "pending")?,
        },
        None => Sums::default(),
    })
}

/// What creator `user_id` is owed in `currency`.
pub async fn creator_balance<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    currency: &str,
) -> Result<CreatorBalance, sea_orm::DbErr> {
    let Some(id) = find(conn, AccountRef::Creator(user_id), currency).await? else {
        return Ok(CreatorBalance::default());
    };
    let s = account_balance(conn, id).await?;
    // A payable is credit-normal: what is owed is the negated sum. Payout
    // holds are debits.
    Ok(CreatorBalance {
        balance: -s.posted,
        pending_payouts: s.pending,
    })
}

/// A sum column, read as i64: the SQL casts `SUM` to BIGINT, since
/// PostgreSQL would answer NUMERIC.
pub fn sum_col(row: &sea_orm::QueryResult, col: &str) -> Result<i64, sea_orm::DbErr> {
    row.try_get::<i64>("", col)
        .or_else(|_| row.try_get::<Option<i64>>("", col).map(|v| v.unwrap_or(0)))
}

/// `$1` on PostgreSQL, `?` on SQLite (one placeholder).
pub fn placeholder(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    }
}
