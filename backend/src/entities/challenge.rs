use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "challenges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// Markdown source; rendered safely when shown.
    pub brief: String,
    pub theme: String,
    /// JSON array of `#rrggbb` strings.
    pub palette: String,
    pub status: String,
    pub cover_key: Option<String>,
    pub entries_per_member: i32,
    /// JSON array of accepted formats (`jpeg`, `png`, `webp`, `gif`).
    pub accepted_formats: String,
    pub min_width: i32,
    pub min_height: i32,
    pub prizes: String,
    pub submissions_open_at: ChronoDateTimeUtc,
    pub voting_open_at: ChronoDateTimeUtc,
    pub voting_close_at: ChronoDateTimeUtc,
    pub results_at: ChronoDateTimeUtc,
    /// Staff override of the clock-derived phase.
    pub phase_override: Option<String>,
    pub created_by: Option<i64>,
    pub tallies_during_voting: bool,
    /// The language of title, brief and prizes (`en`, `zh-TW`); other
    /// languages are in `content_translations`.
    pub base_locale: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
