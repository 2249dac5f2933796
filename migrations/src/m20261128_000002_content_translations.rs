//! Staff-written content in more than one language.
//!
//! The existing text columns (a challenge's title, brief and prizes; a poll's
//! question, product and description; an option's label) stay the base text,
//! and `base_locale` on challenges and polls says which language it is in
//! (existing rows: `en`). Texts in other languages live in one table for
//! every kind of content, one row per (subject kind, subject id, locale,
//! field), so later content (templates, workshops, newsletters...) needs no
//! new column per translated field.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContentTranslations::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(ContentTranslations::SubjectKind)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ContentTranslations::SubjectId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ContentTranslations::Locale)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ContentTranslations::Field)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ContentTranslations::Text).text().not_null())
                    .primary_key(
                        Index::create()
                            .col(ContentTranslations::SubjectKind)
                            .col(ContentTranslations::SubjectId)
                            .col(ContentTranslations::Locale)
                            .col(ContentTranslations::Field),
                    )
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        for table in [Content::Challenges, Content::Polls] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(
                            ColumnDef::new(Content::BaseLocale)
                                .string_len(16)
                                .not_null()
                                .default("en"),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Content::Challenges, Content::Polls] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(Content::BaseLocale)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ContentTranslations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContentTranslations {
    Table,
    SubjectKind,
    SubjectId,
    Locale,
    Field,
    Text,
}

#[derive(DeriveIden, Clone, Copy)]
enum Content {
    Challenges,
    Polls,
    BaseLocale,
}
