use sea_orm::entity::prelude::*;

/// A ledger transfer (journal entry), written once; see `crate::ledger`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub idempotency_key: String,
    pub kind: String,
    pub source: String,
    pub currency: String,
    pub amount_minor: i64,
    pub memo: String,
    pub phase: String,
    pub pending_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub request_hash: String,
    pub occurred_at: ChronoDateTimeUtc,
    pub created_at: ChronoDateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
