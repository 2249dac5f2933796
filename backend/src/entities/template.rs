use sea_orm::entity::prelude::*;

/// A marketplace template (`atelier_api::TemplateDetail`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub creator_id: i64,
    pub title: String,
    pub description_md: String,
    pub category: String,
    pub canvas_width: i32,
    pub canvas_height: i32,
    pub canvas_unit: String,
    pub canvas_dpi: Option<i32>,
    pub licence: String,
    pub price_minor: i64,
    pub currency: String,
    pub editor_url: Option<String>,
    pub status: String,
    pub review_reason: Option<String>,
    /// ln of the forward-decayed sum of weighted uses and sales (see the migration).
    pub popularity: f64,
    /// JSON array of `#rrggbb`, the first preview's dominant colours.
    pub colours: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub submitted_at: Option<ChronoDateTimeUtc>,
    pub published_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
