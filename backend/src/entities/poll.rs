use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "polls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub question: String,
    pub product: String,
    pub description: String,
    pub method: String,
    pub max_choices: i32,
    pub eligibility: String,
    pub allow_change: bool,
    pub opens_at: ChronoDateTimeUtc,
    pub closes_at: ChronoDateTimeUtc,
    pub created_by: i64,
    pub created_at: ChronoDateTimeUtc,
    /// The language of question, product, description and the option
    /// labels; other languages are in `content_translations`.
    pub base_locale: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
