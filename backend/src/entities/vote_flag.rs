use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vote_flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub scope: String,
    /// What the flag is about within its scope (an IP, a time bucket).
    pub key: String,
    pub detail: String,
    pub created_at: ChronoDateTimeUtc,
    pub reviewed_at: Option<ChronoDateTimeUtc>,
    pub reviewed_by: Option<i64>,
    pub resolution: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
