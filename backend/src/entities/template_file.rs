use sea_orm::entity::prelude::*;

/// A private source file; `file_key` is never served by the media route.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "template_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub template_id: i64,
    pub file_name: String,
    pub format: String,
    pub content_type: String,
    pub bytes: i64,
    pub sha256: String,
    pub file_key: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
