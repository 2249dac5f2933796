//! Perceptual-hash versions: `media.phash_version` names the construction
//! that made `media.phash`. Rows that exist were hashed by the former
//! hand-written DCT hash (version 1); the server now hashes with
//! image_hasher (version 2), recomputes old rows from their thumbnails in
//! the background (backend/src/media/rehash.rs) and compares only hashes of
//! its own version when looking for near-duplicates.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_media_phash_version";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .add_column(
                        ColumnDef::new(Media::PhashVersion)
                            .small_integer()
                            .not_null()
                            .default(1),
                    )
                    .to_owned(),
            )
            .await?;
        // The rehash looks up the rows of an old version.
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Media::Table)
                    .col(Media::PhashVersion)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Media::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .drop_column(Media::PhashVersion)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Media {
    Table,
    PhashVersion,
}
