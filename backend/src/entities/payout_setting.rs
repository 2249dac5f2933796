use sea_orm::entity::prelude::*;

/// A version of a creator's payout settings; the latest is in force.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payout_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub method: String,
    pub details_enc: String,
    pub details_hint: String,
    pub threshold_minor: i64,
    pub currency: String,
    pub residency: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
