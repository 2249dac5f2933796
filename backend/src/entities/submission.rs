use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub challenge_id: i64,
    pub author_id: i64,
    pub media_id: i64,
    pub title: String,
    pub description: String,
    /// JSON array, also normalised into `submission_tags` for filtering.
    pub tags: String,
    pub status: String,
    /// Which of the author's entry slots this takes; None once withdrawn.
    pub slot: Option<i32>,
    pub duplicate_of: Option<i64>,
    pub duplicate_distance: Option<i32>,
    /// `pending`, `cleared` or `confirmed` once flagged.
    pub duplicate_review: Option<String>,
    /// Why staff disqualified it (shown to its author and staff only).
    pub status_reason: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::media::Entity",
        from = "Column::MediaId",
        to = "super::media::Column::Id"
    )]
    Media,
}

impl Related<super::media::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Media.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
