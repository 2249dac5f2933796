//! Users, refresh tokens, audit log, expert applications and challenges.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn ts<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn text<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}

fn text_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}

fn fk_user<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id(Users::Id))
                    .col(text(Users::Email))
                    .col(text(Users::Handle))
                    .col(text(Users::DisplayName))
                    .col(text(Users::PasswordHash))
                    .col(text(Users::Role))
                    .col(text(Users::Bio))
                    .col(text_null(Users::AvatarKey))
                    .col(text_null(Users::ExpertField))
                    .col(ts(Users::CreatedAt))
                    .col(ts(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // Case-insensitive uniqueness is the database's job, not only the
        // application's normalisation: both SQLite and PostgreSQL index lower().
        let db = manager.get_connection();
        db.execute_unprepared("CREATE UNIQUE INDEX ux_users_email ON users (lower(email))")
            .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX ux_users_handle ON users (lower(handle))")
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(id(RefreshTokens::Id))
                    .col(fk_user(RefreshTokens::UserId))
                    .col(text(RefreshTokens::FamilyId))
                    .col(text(RefreshTokens::TokenHash).unique_key().to_owned())
                    .col(ts(RefreshTokens::CreatedAt))
                    .col(ts(RefreshTokens::ExpiresAt))
                    .col(ts_null(RefreshTokens::UsedAt))
                    .col(ts_null(RefreshTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(text(AuditLog::Action))
                    .col(text(AuditLog::Subject))
                    .col(text(AuditLog::Detail))
                    .col(ts(AuditLog::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditLog::Table, AuditLog::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ExpertApplications::Table)
                    .col(id(ExpertApplications::Id))
                    .col(fk_user(ExpertApplications::UserId))
                    .col(text(ExpertApplications::Bio))
                    .col(text(ExpertApplications::PortfolioLinks))
                    .col(text(ExpertApplications::Field))
                    .col(text(ExpertApplications::Status))
                    .col(text_null(ExpertApplications::Reason))
                    .col(
                        ColumnDef::new(ExpertApplications::DecidedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(ts(ExpertApplications::CreatedAt))
                    .col(ts_null(ExpertApplications::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExpertApplications::Table, ExpertApplications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // At most one pending application per user.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_expert_applications_pending ON expert_applications (user_id) WHERE status = 'pending'",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Challenges::Table)
                    .col(id(Challenges::Id))
                    .col(text(Challenges::Slug).unique_key().to_owned())
                    .col(text(Challenges::Title))
                    .col(text(Challenges::Brief))
                    .col(text(Challenges::Theme))
                    .col(text(Challenges::Palette))
                    .col(text(Challenges::Status))
                    .col(text_null(Challenges::CoverKey))
                    .col(
                        ColumnDef::new(Challenges::EntriesPerMember)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(text(Challenges::AcceptedFormats))
                    .col(
                        ColumnDef::new(Challenges::MinWidth)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Challenges::MinHeight)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(text(Challenges::Prizes))
                    .col(ts(Challenges::SubmissionsOpenAt))
                    .col(ts(Challenges::VotingOpenAt))
                    .col(ts(Challenges::VotingCloseAt))
                    .col(ts(Challenges::ResultsAt))
                    .col(text_null(Challenges::PhaseOverride))
                    .col(ColumnDef::new(Challenges::CreatedBy).big_integer().null())
                    .col(ts(Challenges::CreatedAt))
                    .col(ts(Challenges::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Challenges::Table.into_iden(),
            ExpertApplications::Table.into_iden(),
            AuditLog::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Handle,
    DisplayName,
    PasswordHash,
    Role,
    Bio,
    AvatarKey,
    ExpertField,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    Subject,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExpertApplications {
    Table,
    Id,
    UserId,
    Bio,
    PortfolioLinks,
    Field,
    Status,
    Reason,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
    Slug,
    Title,
    Brief,
    Theme,
    Palette,
    Status,
    CoverKey,
    EntriesPerMember,
    AcceptedFormats,
    MinWidth,
    MinHeight,
    Prizes,
    SubmissionsOpenAt,
    VotingOpenAt,
    VotingCloseAt,
    ResultsAt,
    PhaseOverride,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
