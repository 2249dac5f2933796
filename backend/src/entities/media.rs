use sea_orm::entity::prelude::*;

/// One uploaded image: the metadata-free original and two renditions, each an
/// object in the store.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub original_key: String,
    pub display_key: String,
    pub thumb_key: String,
    pub format: String,
    pub width: i32,
    pub height: i32,
    pub display_width: i32,
    pub display_height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    pub bytes: i64,
    pub sha256: String,
    /// The 64-bit perceptual hash, stored as its bit pattern.
    pub phash: i64,
    /// Which hash construction made `phash` (`pipeline::PHASH_VERSION`);
    /// hashes of different versions are never compared.
    pub phash_version: i16,
    /// JSON array of `{hex, share}`.
    pub colours: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
