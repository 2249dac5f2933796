use sea_orm::entity::prelude::*;

/// A staff-written text in a language other than its subject's base text
/// (see `crate::content_i18n`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "content_translations")]
pub struct Model {
    /// `challenge`, `poll`, `poll_option`, ...
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: i64,
    /// `en`, `zh-TW`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub locale: String,
    /// The base column it translates: `title`, `brief`, `label`, ...
    #[sea_orm(primary_key, auto_increment = false)]
    pub field: String,
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
