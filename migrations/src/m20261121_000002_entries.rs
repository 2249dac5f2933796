//! Media (an original plus renditions) and challenge entries with tags.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let id = |c: Media| {
            ColumnDef::new(c)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(id(Media::Id))
                    .col(ColumnDef::new(Media::OwnerId).big_integer().not_null())
                    .col(ColumnDef::new(Media::OriginalKey).text().not_null())
                    .col(ColumnDef::new(Media::DisplayKey).text().not_null())
                    .col(ColumnDef::new(Media::ThumbKey).text().not_null())
                    .col(ColumnDef::new(Media::Format).text().not_null())
                    .col(ColumnDef::new(Media::Width).integer().not_null())
                    .col(ColumnDef::new(Media::Height).integer().not_null())
                    .col(ColumnDef::new(Media::DisplayWidth).integer().not_null())
                    .col(ColumnDef::new(Media::DisplayHeight).integer().not_null())
                    .col(ColumnDef::new(Media::ThumbWidth).integer().not_null())
                    .col(ColumnDef::new(Media::ThumbHeight).integer().not_null())
                    .col(ColumnDef::new(Media::Bytes).big_integer().not_null())
                    .col(ColumnDef::new(Media::Sha256).text().not_null())
                    .col(ColumnDef::new(Media::Phash).big_integer().not_null())
                    .col(ColumnDef::new(Media::Colours).text().not_null())
                    .col(
                        ColumnDef::new(Media::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Media::Table, Media::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Submissions::Table)
                    .col(
                        ColumnDef::new(Submissions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Submissions::ChallengeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Submissions::AuthorId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Submissions::MediaId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Submissions::Title).text().not_null())
                    .col(ColumnDef::new(Submissions::Description).text().not_null())
                    .col(ColumnDef::new(Submissions::Tags).text().not_null())
                    .col(ColumnDef::new(Submissions::Status).text().not_null())
                    // 1..=entries_per_member while the entry counts against the
                    // limit; NULL once withdrawn. Unique per (challenge, author),
                    // so the limit holds under concurrency.
                    .col(ColumnDef::new(Submissions::Slot).integer().null())
                    .col(
                        ColumnDef::new(Submissions::DuplicateOf)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Submissions::DuplicateDistance)
                            .integer()
                            .null(),
                    )
                    .col(ColumnDef::new(Submissions::DuplicateReview).text().null())
                    .col(
                        ColumnDef::new(Submissions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Submissions::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Submissions::Table, Submissions::ChallengeId)
                            .to(Challenges::Table, Challenges::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Submissions::Table, Submissions::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Submissions::Table, Submissions::MediaId)
                            .to(Media::Table, Media::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_submissions_slot")
                    .table(Submissions::Table)
                    .col(Submissions::ChallengeId)
                    .col(Submissions::AuthorId)
                    .col(Submissions::Slot)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_submissions_challenge")
                    .table(Submissions::Table)
                    .col(Submissions::ChallengeId)
                    .col(Submissions::Status)
                    .col(Submissions::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_submissions_author")
                    .table(Submissions::Table)
                    .col(Submissions::AuthorId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SubmissionTags::Table)
                    .col(
                        ColumnDef::new(SubmissionTags::SubmissionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(SubmissionTags::Tag).text().not_null())
                    .primary_key(
                        Index::create()
                            .col(SubmissionTags::SubmissionId)
                            .col(SubmissionTags::Tag),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SubmissionTags::Table, SubmissionTags::SubmissionId)
                            .to(Submissions::Table, Submissions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_submission_tags_tag")
                    .table(SubmissionTags::Table)
                    .col(SubmissionTags::Tag)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SubmissionTags::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Submissions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Media::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Media {
    Table,
    Id,
    OwnerId,
    OriginalKey,
    DisplayKey,
    ThumbKey,
    Format,
    Width,
    Height,
    DisplayWidth,
    DisplayHeight,
    ThumbWidth,
    ThumbHeight,
    Bytes,
    Sha256,
    Phash,
    Colours,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
    ChallengeId,
    AuthorId,
    MediaId,
    Title,
    Description,
    Tags,
    Status,
    Slot,
    DuplicateOf,
    DuplicateDistance,
    DuplicateReview,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SubmissionTags {
    Table,
    SubmissionId,
    Tag,
}
