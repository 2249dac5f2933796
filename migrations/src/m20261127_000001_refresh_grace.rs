//! Refresh-token grace: a spent token remembers which token replaced it, so
//! the same token presented again within a few seconds (two tabs, a lost
//! response) gets that successor back instead of revoking the family. The
//! successor itself is not stored: it is derived from a server key and the
//! spent token's hash (see backend/src/auth/refresh.rs).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .add_column(
                        ColumnDef::new(RefreshTokens::ReplacedById)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .drop_column(RefreshTokens::ReplacedById)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    ReplacedById,
}
