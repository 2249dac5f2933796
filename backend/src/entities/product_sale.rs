use sea_orm::entity::prelude::*;

/// Net sales of a product in a period; a correction is the next revision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_sales")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub period: String,
    pub revision: i32,
    pub units: i64,
    pub net_sales_minor: i64,
    pub currency: String,
    pub import_id: Option<i64>,
    pub created_by: i64,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
