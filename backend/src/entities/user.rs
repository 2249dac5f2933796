use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub handle: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub bio: String,
    pub avatar_key: Option<String>,
    pub expert_field: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// When the member confirmed their email; None until then.
    pub email_verified_at: Option<ChronoDateTimeUtc>,
    /// `en` or `zh-TW` when known: the language mail is written in.
    pub locale: Option<String>,
    /// When staff approved the member as a template creator; None otherwise
    /// (verified experts may publish templates without it).
    pub creator_approved_at: Option<ChronoDateTimeUtc>,
    /// Set while the user holds the finance permission (granted by an admin).
    pub finance_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
