//! Accounts, addressed by meaning and created on first use.

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::AccountKind;
use crate::entities::ledger_account;

/// An account by what it is: a platform account, or a creator's payable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountRef {
    /// One of the platform's own accounts (owner 0).
    Platform(AccountKind),
    /// What the platform owes creator `user_id` (`creator_payable`).
    Creator(i64),
}

impl AccountRef {
    pub fn kind(self) -> AccountKind {
        match self {
            AccountRef::Platform(k) => k,
            AccountRef::Creator(_) => AccountKind::CreatorPayable,
        }
    }

    pub fn owner(self) -> i64 {
        match self {
            AccountRef::Platform(_) => 0,
            AccountRef::Creator(id) => id,
        }
    }
}

/// The id of the account, creating it when it does not exist yet (safe
/// when two requests create it at once: the unique index keeps one).
pub async fn account_id<C: ConnectionTrait>(
    conn: &C,
    account: AccountRef,
    currency: &str,
) -> Result<i64, sea_orm::DbErr> {
    if let Some(id) = find(conn, account, currency).await? {
        return Ok(id);
    }
    ledger_account::Entity::insert(ledger_account::ActiveModel {
        kind: Set(account.kind().as_str().to_owned()),
        owner_id: Set(account.owner()),
        currency: Set(currency.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        ledger_account::Column::Kind,
        ledger_account::Column::OwnerId,
        ledger_account::Column::Currency,
    ])
    .exec(conn)
    .await?;
    find(conn, account, currency)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("ledger account".to_owned()))
}

/// The id of the account if it exists.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    account: AccountRef,
    currency: &str,
) -> Result<Option<i64>, sea_orm::DbErr> {
    Ok(ledger_account::Entity::find()
        .filter(ledger_account::Column::Kind.eq(account.kind().as_str()))
        .filter(ledger_account::Column::OwnerId.eq(account.owner()))
        .filter(ledger_account::Column::Currency.eq(currency))
        .one(conn)
        .await?
        .map(|a| a.id))
}
