//! Entry votes: insert-or-update rows, one per (entry, voter) by constraint.
//! Tallies are aggregated on read; no counter row is updated per vote.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Votes::Table)
                    .col(
                        ColumnDef::new(Votes::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Votes::ChallengeId).big_integer().not_null())
                    .col(ColumnDef::new(Votes::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(Votes::VoterId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Votes::Score)
                            .small_integer()
                            .not_null()
                            .check(Expr::col(Votes::Score).between(1, 5)),
                    )
                    .col(
                        ColumnDef::new(Votes::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Votes::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Votes::Table, Votes::SubmissionId)
                            .to(Submissions::Table, Submissions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Votes::Table, Votes::VoterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_votes_submission_voter")
                    .table(Votes::Table)
                    .col(Votes::SubmissionId)
                    .col(Votes::VoterId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_votes_challenge")
                    .table(Votes::Table)
                    .col(Votes::ChallengeId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Votes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    Id,
    ChallengeId,
    SubmissionId,
    VoterId,
    Score,
    CreatedAt,
    UpdatedAt,
}
