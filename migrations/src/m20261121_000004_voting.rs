//! Voting integrity and co-creation polls: who voted from where, staff's
//! winner picks, flags for staff review, polls with options, invitations and
//! ballots (one per member per poll, by constraint).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn big<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).big_integer().not_null().to_owned()
}

fn text<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Votes::Table)
                    .add_column(ColumnDef::new(Votes::Ip).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_votes_challenge_ip")
                    .table(Votes::Table)
                    .col(Votes::ChallengeId)
                    .col(Votes::Ip)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Challenges::Table)
                    .add_column(
                        ColumnDef::new(Challenges::TalliesDuringVoting)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Winners::Table)
                    .col(id(Winners::Id))
                    .col(big(Winners::ChallengeId))
                    .col(big(Winners::SubmissionId))
                    .col(ColumnDef::new(Winners::Place).integer().not_null())
                    .col(big(Winners::PickedBy))
                    .col(ts(Winners::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Winners::Table, Winners::ChallengeId)
                            .to(Challenges::Table, Challenges::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ux_winners_place", Winners::Place),
            ("ux_winners_submission", Winners::SubmissionId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Winners::Table)
                        .col(Winners::ChallengeId)
                        .col(col)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(VoteFlags::Table)
                    .col(id(VoteFlags::Id))
                    .col(text(VoteFlags::Kind))
                    .col(text(VoteFlags::Scope))
                    .col(text(VoteFlags::Key))
                    .col(text(VoteFlags::Detail))
                    .col(ts(VoteFlags::CreatedAt))
                    .col(
                        ColumnDef::new(VoteFlags::ReviewedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(VoteFlags::ReviewedBy).big_integer().null())
                    .col(ColumnDef::new(VoteFlags::Resolution).text().null())
                    .to_owned(),
            )
            .await?;
        // One flag per (kind, scope, key): repeated triggers update it.
        manager
            .create_index(
                Index::create()
                    .name("ux_vote_flags_key")
                    .table(VoteFlags::Table)
                    .col(VoteFlags::Kind)
                    .col(VoteFlags::Scope)
                    .col(VoteFlags::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Polls::Table)
                    .col(id(Polls::Id))
                    .col(text(Polls::Question))
                    .col(text(Polls::Product))
                    .col(text(Polls::Description))
                    .col(text(Polls::Method))
                    .col(ColumnDef::new(Polls::MaxChoices).integer().not_null())
                    .col(text(Polls::Eligibility))
                    .col(ColumnDef::new(Polls::AllowChange).boolean().not_null())
                    .col(ts(Polls::OpensAt))
                    .col(ts(Polls::ClosesAt))
                    .col(big(Polls::CreatedBy))
                    .col(ts(Polls::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollOptions::Table)
                    .col(id(PollOptions::Id))
                    .col(big(PollOptions::PollId))
                    .col(text(PollOptions::Label))
                    .col(ColumnDef::new(PollOptions::ImageKey).text().null())
                    .col(ColumnDef::new(PollOptions::Position).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollOptions::Table, PollOptions::PollId)
                            .to(Polls::Table, Polls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollInvites::Table)
                    .col(big(PollInvites::PollId))
                    .col(big(PollInvites::UserId))
                    .col(ts(PollInvites::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(PollInvites::PollId)
                            .col(PollInvites::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollInvites::Table, PollInvites::PollId)
                            .to(Polls::Table, Polls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Ballots::Table)
                    .col(id(Ballots::Id))
                    .col(big(Ballots::PollId))
                    .col(big(Ballots::VoterId))
                    .col(text(Ballots::Choices))
                    .col(text(Ballots::Ip))
                    .col(ts(Ballots::CreatedAt))
                    .col(ts(Ballots::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Ballots::Table, Ballots::PollId)
                            .to(Polls::Table, Polls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_ballots_poll_voter")
                    .table(Ballots::Table)
                    .col(Ballots::PollId)
                    .col(Ballots::VoterId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Ballots::Table.into_iden(),
            PollInvites::Table.into_iden(),
            PollOptions::Table.into_iden(),
            Polls::Table.into_iden(),
            VoteFlags::Table.into_iden(),
            Winners::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    ChallengeId,
    Ip,
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
    TalliesDuringVoting,
}

#[derive(DeriveIden)]
enum Winners {
    #[sea_orm(iden = "challenge_winners")]
    Table,
    Id,
    ChallengeId,
    SubmissionId,
    Place,
    PickedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VoteFlags {
    Table,
    Id,
    Kind,
    Scope,
    Key,
    Detail,
    CreatedAt,
    ReviewedAt,
    ReviewedBy,
    Resolution,
}

#[derive(DeriveIden)]
enum Polls {
    Table,
    Id,
    Question,
    Product,
    Description,
    Method,
    MaxChoices,
    Eligibility,
    AllowChange,
    OpensAt,
    ClosesAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PollOptions {
    Table,
    Id,
    PollId,
    Label,
    ImageKey,
    Position,
}

#[derive(DeriveIden)]
enum PollInvites {
    Table,
    PollId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Ballots {
    Table,
    Id,
    PollId,
    VoterId,
    Choices,
    Ip,
    CreatedAt,
    UpdatedAt,
}
