use sea_orm::entity::prelude::*;

/// An entry's place in one of its challenge's precomputed shuffles
/// (`entries::shuffles`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gallery_shuffles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub challenge_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub shuffle: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub submission_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
