//! Posting transfers: validated, idempotent by key, written once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::TransferKind;
use super::accounts::{AccountRef, account_id};
use crate::entities::{ledger_account, ledger_line, ledger_transfer};
use crate::error::ApiError;

/// The largest amount one line may carry (10^15 minor units), so sums over
/// many lines stay far from overflow.
pub const MAX_LINE_MINOR: i64 = 1_000_000_000_000_000;

/// A transfer to post.
#[derive(Debug, Clone)]
pub struct NewTransfer {
    /// Unique per posting: `<source>:<id>:<purpose>` (`order:12:sale`).
    pub key: String,
    pub kind: TransferKind,
    /// What it is about, for statements and lookups (`order:12`, `product:3:2026-11`).
    pub source: String,
    pub currency: String,
    /// A human description (a template's title, a product's name).
    pub memo: String,
    pub occurred_at: DateTime<Utc>,
    pub created_by: Option<i64>,
    /// Signed minor units per account, debit positive; must sum to zero.
    /// Lines on the same account are merged; zero lines are dropped.
    pub lines: Vec<(AccountRef, i64)>,
}

/// The outcome of a posting: a new transfer, or the one an earlier posting
/// with the same key and the same content made.
#[derive(Debug, Clone)]
pub enum Posted {
    Created(ledger_transfer::Model),
    Existing(ledger_transfer::Model),
}

impl Posted {
    pub fn transfer(&self) -> &ledger_transfer::Model {
        match self {
            Posted::Created(t) | Posted::Existing(t) => t,
        }
    }

    pub fn into_transfer(self) -> ledger_transfer::Model {
        match self {
            Posted::Created(t) | Posted::Existing(t) => t,
        }
    }

    pub fn created(&self) -> bool {
        matches!(self, Posted::Created(_))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("the lines of a transfer must sum to zero (they sum to {0})")]
    Unbalanced(i128),
    #[error("a transfer needs at least two non-zero lines")]
    TooFewLines,
    #[error("a line's amount is out of range")]
    AmountOutOfRange,
    #[error("invalid currency {0:?} (three capital letters, ISO 4217)")]
    InvalidCurrency(String),
    #[error("idempotency key {0:?} was already used for a different transfer")]
    KeyReused(String),
    #[error("transfer {0} is not pending, or was already posted or voided")]
    NotPending(i64),
    #[error("transfer {0} cannot be reversed (it is pending, or already reversed)")]
    NotReversible(i64),
    #[error("transfer {0} does not exist")]
    NotFound(i64),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::KeyReused(_) => ApiError::conflict("idempotency_conflict", e.to_string()),
            LedgerError::NotPending(_) | LedgerError::NotReversible(_) => {
                ApiError::conflict("already_resolved", e.to_string())
            }
            LedgerError::NotFound(_) => ApiError::not_found(e.to_string()),
            LedgerError::Db(db) => ApiError::from(db),
            LedgerError::Unbalanced(_)
            | LedgerError::TooFewLines
            | LedgerError::AmountOutOfRange
            | LedgerError::InvalidCurrency(_) => ApiError::internal(anyhow::anyhow!(e)),
        }
    }
}

/// Posts `t` (phase `posted`): its lines count in balances at once.
pub async fn post<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    t: NewTransfer,
) -> Result<Posted, LedgerError> {
    insert(conn, t, Phase::Posted, None, None).await
}

/// Posts `t` as a pending transfer: its lines are held (in the accounts'
/// pending balance) until [`resolve_pending`] posts or voids it.
pub async fn post_pending<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    t: NewTransfer,
) -> Result<Posted, LedgerError> {
    insert(conn, t, Phase::Pending, None, None).await
}

/// Resolves pending transfer `pending_id` exactly once: `post` copies its
/// lines as posted lines; otherwise it is voided and nothing is posted. The
/// key is `<pending key>:resolve`, so a repeat of the same resolution
/// returns it and the other resolution is refused (`NotPending`).
pub async fn resolve_pending<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    pending_id: i64,
    post: bool,
    kind: TransferKind,
    memo: &str,
    created_by: Option<i64>,
) -> Result<Posted, LedgerError> {
    let pending = ledger_transfer::Entity::find_by_id(pending_id)
        .one(conn)
        .await?
        .ok_or(LedgerError::NotFound(pending_id))?;
    if pending.phase != Phase::Pending.as_str() {
        return Err(LedgerError::NotPending(pending_id));
    }
    let key = format!("{}:resolve", pending.idempotency_key);
    let lines = if post {
        lines_of(conn, pending_id).await?
    } else {
        Vec::new()
    };
    let t = NewTransfer {
        key: key.clone(),
        kind,
        source: pending.source.clone(),
        currency: pending.currency.clone(),
        memo: memo.to_owned(),
        occurred_at: Utc::now(),
        created_by,
        lines,
    };
    let phase = if post {
        Phase::PostPending
    } else {
        Phase::VoidPending
    };
    match insert(conn, t, phase, Some(pending_id), None).await {
        Err(LedgerError::KeyReused(_)) => Err(LedgerError::NotPending(pending_id)),
        other => other,
    }
}

/// Reverses posted transfer `id`: a new transfer with every line negated,
/// at most once (key `<key>:reversal`).
pub async fn reverse<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    id: i64,
    kind: TransferKind,
    memo: &str,
    occurred_at: DateTime<Utc>,
    created_by: Option<i64>,
) -> Result<Posted, LedgerError> {
    let original = ledger_transfer::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(LedgerError::NotFound(id))?;
    if !matches!(original.phase.as_str(), "posted" | "post_pending") {
        return Err(LedgerError::NotReversible(id));
    }
    let lines = lines_of(conn, id)
        .await?
        .into_iter()
        .map(|(a, m)| (a, -m))
        .collect();
    let t = NewTransfer {
        key: format!("{}:reversal", original.idempotency_key),
        kind,
        source: original.source.clone(),
        currency: original.currency.clone(),
        memo: memo.to_owned(),
        occurred_at,
        created_by,
        lines,
    };
    insert(conn, t, Phase::Posted, None, Some(id)).await
}

/// A transfer's lines by account.
pub async fn lines_of<C: ConnectionTrait>(
    conn: &C,
    transfer_id: i64,
) -> Result<Vec<(AccountRef, i64)>, LedgerError> {
    let lines = ledger_line::Entity::find()
        .filter(ledger_line::Column::TransferId.eq(transfer_id))
        .order_by_asc(ledger_line::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.account_id).collect();
    let accounts: BTreeMap<i64, ledger_account::Model> = ledger_account::Entity::find()
        .filter(ledger_account::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    lines
        .into_iter()
        .map(|l| {
            let a = accounts
                .get(&l.account_id)
                .ok_or(LedgerError::NotFound(l.account_id))?;
            Ok((account_ref(a), l.amount_minor))
        })
        .collect()
}

/// The [`AccountRef`] of a stored account.
pub fn account_ref(a: &ledger_account::Model) -> AccountRef {
    match atelier_api::AccountKind::parse(&a.kind) {
        Some(atelier_api::AccountKind::CreatorPayable) | None => AccountRef::Creator(a.owner_id),
        Some(k) => AccountRef::Platform(k),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Posted,
    Pending,
    PostPending,
    VoidPending,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Posted => "posted",
            Phase::Pending => "pending",
            Phase::PostPending => "post_pending",
            Phase::VoidPending => "void_pending",
        }
    }
}

/// Merges lines per account, drops zeros, checks the sum and ranges.
fn normalise(lines: &[(AccountRef, i64)]) -> Result<Vec<(AccountRef, i64)>, LedgerError> {
    let mut merged: BTreeMap<AccountRef, i128> = BTreeMap::new();
    for (a, m) in lines {
        if m.unsigned_abs() > MAX_LINE_MINOR.unsigned_abs() {
            return Err(LedgerError::AmountOutOfRange);
        }
        *merged.entry(*a).or_default() += i128::from(*m);
    }
    let sum: i128 = merged.values().sum();
    if sum != 0 {
        return Err(LedgerError::Unbalanced(sum));
    }
    merged
        .into_iter()
        .filter(|(_, m)| *m != 0)
        .map(|(a, m)| {
            i64::try_from(m)
                .map(|m| (a, m))
                .map_err(|_| LedgerError::AmountOutOfRange)
        })
        .collect()
}

fn request_hash(t: &NewTransfer, phase: Phase, lines: &[(AccountRef, i64)]) -> String {
    let mut h = Sha256::new();
    h.update(t.kind.as_str());
    h.update([0]);
    h.update(phase.as_str());
    h.update([0]);
    h.update(&t.currency);
    h.update([0]);
    h.update(&t.source);
    for (a, m) in lines {
        h.update(format!("\0{}:{}:{m}", a.kind().as_str(), a.owner()));
    }
    hex::encode(h.finalize())
}

fn valid_currency(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// Writes the transfer and its lines together: in a transaction of its own,
/// or a savepoint of the caller's (which then commits them with the rest of
/// its change, e.g. the order event that caused the posting).
async fn insert<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    t: NewTransfer,
    phase: Phase,
    pending_id: Option<i64>,
    reverses_id: Option<i64>,
) -> Result<Posted, LedgerError> {
    // Immediate on SQLite when this is the outermost transaction (a read
    // upgraded to a write could not wait for another writer); a savepoint
    // inside the caller's transaction otherwise.
    let txn = conn
        .begin_with_options(sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let posted = insert_in(&txn, t, phase, pending_id, reverses_id).await;
    match posted {
        Ok(p) => {
            txn.commit().await?;
            Ok(p)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

async fn insert_in<C: ConnectionTrait>(
    conn: &C,
    t: NewTransfer,
    phase: Phase,
    pending_id: Option<i64>,
    reverses_id: Option<i64>,
) -> Result<Posted, LedgerError> {
    if !valid_currency(&t.currency) {
        return Err(LedgerError::InvalidCurrency(t.currency));
    }
    let lines = normalise(&t.lines)?;
    if lines.len() < 2 && phase != Phase::VoidPending {
        return Err(LedgerError::TooFewLines);
    }
    let hash = request_hash(&t, phase, &lines);
    // A retry finds its transfer without writing anything.
    if let Some(existing) = by_key(conn, &t.key).await? {
        return same_or_reused(existing, &hash);
    }
    let mut ids = Vec::with_capacity(lines.len());
    for (a, _) in &lines {
        ids.push(account_id(conn, *a, &t.currency).await?);
    }
    let amount: i64 = lines.iter().map(|(_, m)| (*m).max(0)).sum();
    let now = Utc::now();
    let inserted = ledger_transfer::Entity::insert(ledger_transfer::ActiveModel {
        idempotency_key: Set(t.key.clone()),
        kind: Set(t.kind.as_str().to_owned()),
        source: Set(t.source.clone()),
        currency: Set(t.currency.clone()),
        amount_minor: Set(amount),
        memo: Set(t.memo.clone()),
        phase: Set(phase.as_str().to_owned()),
        pending_id: Set(pending_id),
        reverses_id: Set(reverses_id),
        request_hash: Set(hash.clone()),
        occurred_at: Set(t.occurred_at),
        created_at: Set(now),
        created_by: Set(t.created_by),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([ledger_transfer::Column::IdempotencyKey])
    .exec(conn)
    .await?;
    let id = match inserted {
        sea_orm::TryInsertResult::Inserted(r) => r.last_insert_id,
        // Someone else posted this key between our lookup and insert (their
        // transaction committed first): theirs is the posting.
        sea_orm::TryInsertResult::Conflicted | sea_orm::TryInsertResult::Empty => {
            let existing = by_key(conn, &t.key)
                .await?
                .ok_or_else(|| sea_orm::DbErr::RecordNotFound(t.key.clone()))?;
            return same_or_reused(existing, &hash);
        }
    };
    let held = phase == Phase::Pending;
    if !lines.is_empty() {
        ledger_line::Entity::insert_many(lines.iter().zip(&ids).map(|((_, m), account)| {
            ledger_line::ActiveModel {
                transfer_id: Set(id),
                account_id: Set(*account),
                amount_minor: Set(*m),
                currency: Set(t.currency.clone()),
                held: Set(held),
                occurred_at: Set(t.occurred_at),
                ..Default::default()
            }
        }))
        .exec(conn)
        .await?;
    }
    let row = ledger_transfer::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(LedgerError::NotFound(id))?;
    Ok(Posted::Created(row))
}

async fn by_key<C: ConnectionTrait>(
    conn: &C,
    key: &str,
) -> Result<Option<ledger_transfer::Model>, LedgerError> {
    Ok(ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await?)
}

fn same_or_reused(existing: ledger_transfer::Model, hash: &str) -> Result<Posted, LedgerError> {
    if existing.request_hash == hash {
        Ok(Posted::Existing(existing))
    } else {
        Err(LedgerError::KeyReused(existing.idempotency_key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::AccountKind;

    #[test]
    fn normalise_merges_and_checks() {
        let a = AccountRef::Platform(AccountKind::PaymentClearing);
        let b = AccountRef::Creator(7);
        let c = AccountRef::Platform(AccountKind::PlatformRevenue);
        let out = normalise(&[(a, 100), (b, -35), (c, -65), (b, 0)]).unwrap();
        assert_eq!(out.len(), 3);
        assert!(matches!(
            normalise(&[(a, 100), (b, -35)]),
            Err(LedgerError::Unbalanced(65))
        ));
        let merged = normalise(&[(a, 100), (a, -100)]).unwrap();
        assert!(merged.is_empty());
        assert!(matches!(
            normalise(&[(a, MAX_LINE_MINOR + 1), (b, -MAX_LINE_MINOR - 1)]),
            Err(LedgerError::AmountOutOfRange)
        ));
        assert!(valid_currency("TWD"));
        assert!(!valid_currency("twd"));
    }
}
