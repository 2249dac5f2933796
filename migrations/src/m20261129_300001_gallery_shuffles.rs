//! Precomputed shuffles of each challenge's entries, so the voting gallery
//! pages by keyset instead of hashing and sorting every entry per request.
//! Each entry has one row per shuffle (`entries::shuffles::COUNT` of them)
//! with a pseudo-random position; a viewer reads the shuffle their seed
//! picks, ordered by position. Rows are written when an entry is submitted
//! (and, for entries made before this table, at start-up); an entry that
//! leaves the gallery keeps its rows, which the gallery's visibility filter
//! skips.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GalleryShuffles::Table)
                    .col(
                        ColumnDef::new(GalleryShuffles::ChallengeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(GalleryShuffles::Shuffle)
                            .small_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(GalleryShuffles::Position)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(GalleryShuffles::SubmissionId)
                            .big_integer()
                            .not_null(),
                    )
                    // The page query walks this key in order.
                    .primary_key(
                        Index::create()
                            .col(GalleryShuffles::ChallengeId)
                            .col(GalleryShuffles::Shuffle)
                            .col(GalleryShuffles::Position)
                            .col(GalleryShuffles::SubmissionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GalleryShuffles::Table, GalleryShuffles::SubmissionId)
                            .to(Submissions::Table, Submissions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_gallery_shuffles_submission")
                    .table(GalleryShuffles::Table)
                    .col(GalleryShuffles::SubmissionId)
                    .col(GalleryShuffles::Shuffle)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GalleryShuffles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum GalleryShuffles {
    Table,
    ChallengeId,
    Shuffle,
    Position,
    SubmissionId,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
}
