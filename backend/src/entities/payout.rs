use sea_orm::entity::prelude::*;

/// A payout to a creator; its events say what happened to it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payouts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub run_id: i64,
    pub user_id: i64,
    pub currency: String,
    pub gross_minor: i64,
    pub tax_minor: i64,
    pub net_minor: i64,
    pub method: String,
    pub details_hint: String,
    pub residency: String,
    pub transfer_id: i64,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
