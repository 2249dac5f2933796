//! Why staff took an entry out of its challenge: `submissions.status_reason`
//! holds the reason given when an entry is disqualified, which its author
//! sees on the entry page and in their list of entries. Rows disqualified
//! before keep NULL (their reason is in the audit log only).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Submissions::Table)
                    .add_column(ColumnDef::new(Submissions::StatusReason).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Submissions::Table)
                    .drop_column(Submissions::StatusReason)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    StatusReason,
}
