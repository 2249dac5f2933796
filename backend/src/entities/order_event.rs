use sea_orm::entity::prelude::*;

/// What happened to an order; the latest event is its status.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub amount_minor: Option<i64>,
    pub provider_ref: Option<String>,
    pub actor_id: Option<i64>,
    pub note: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    /// `pending`: the provider's checkout page, while there is one.
    pub checkout_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
