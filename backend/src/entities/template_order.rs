use sea_orm::entity::prelude::*;

/// An order, written once; its history is in `order_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "template_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub buyer_id: i64,
    pub template_id: i64,
    pub licence: String,
    pub amount_minor: i64,
    pub currency: String,
    pub method: String,
    pub provider: String,
    pub idempotency_key: String,
    pub created_at: ChronoDateTimeUtc,
    /// The template's creator at order time (who a sale is credited to).
    pub creator_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
