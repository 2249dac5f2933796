//! The template marketplace: templates with tags, colour families, preview
//! images and private source files; licences, orders (written once, with
//! an event list for what happens later), payment-provider events (each
//! handled once), uses in entries, downloads and daily views. Challenges
//! attach templates; users may be approved as creators.

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

fn big<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).big_integer().not_null().to_owned()
}

fn text<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}

fn text_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().null().to_owned()
}

fn at<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn fk<F: IntoIden, T: IntoIden>(
    from_table: F,
    from_col: impl IntoIden,
    to_table: T,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(Alias::new(*c));
    }
    i
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(at_null(Users::CreatorApprovedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(id(Templates::Id))
                    .col(big(Templates::CreatorId))
                    .col(text(Templates::Title))
                    .col(text(Templates::DescriptionMd))
                    .col(text(Templates::Category))
                    .col(ColumnDef::new(Templates::CanvasWidth).integer().not_null())
                    .col(ColumnDef::new(Templates::CanvasHeight).integer().not_null())
                    .col(text(Templates::CanvasUnit))
                    .col(ColumnDef::new(Templates::CanvasDpi).integer().null())
                    .col(text(Templates::Licence))
                    .col(big(Templates::PriceMinor))
                    .col(text(Templates::Currency))
                    .col(text_null(Templates::EditorUrl))
                    .col(text(Templates::Status))
                    .col(text_null(Templates::ReviewReason))
                    // Forward-decayed popularity: ln(sum of w * e^((t - t0)/tau))
                    // over uses and sales, so ordering by it equals ordering by
                    // the decayed score at any moment without rewriting rows.
                    .col(ColumnDef::new(Templates::Popularity).double().not_null())
                    // JSON array of the first preview's dominant colours.
                    .col(text(Templates::Colours))
                    .col(at(Templates::CreatedAt))
                    .col(at(Templates::UpdatedAt))
                    .col(at_null(Templates::SubmittedAt))
                    .col(at_null(Templates::PublishedAt))
                    .foreign_key(&mut fk(
                        Templates::Table,
                        Templates::CreatorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_templates_status_published",
                &["status", "published_at", "id"][..],
            ),
            (
                "idx_templates_status_popularity",
                &["status", "popularity", "id"][..],
            ),
            (
                "idx_templates_status_price",
                &["status", "price_minor", "id"][..],
            ),
            ("idx_templates_creator", &["creator_id", "id"][..]),
            ("idx_templates_updated", &["updated_at"][..]),
        ] {
            manager
                .create_index(index(name, Templates::Table, cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(TemplateTags::Table)
                    .col(big(TemplateTags::TemplateId))
                    .col(text(TemplateTags::Tag))
                    .primary_key(
                        Index::create()
                            .col(TemplateTags::TemplateId)
                            .col(TemplateTags::Tag),
                    )
                    .foreign_key(&mut fk(
                        TemplateTags::Table,
                        TemplateTags::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_tags_tag",
                TemplateTags::Table,
                &["tag", "template_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateColours::Table)
                    .col(big(TemplateColours::TemplateId))
                    .col(text(TemplateColours::Family))
                    .primary_key(
                        Index::create()
                            .col(TemplateColours::TemplateId)
                            .col(TemplateColours::Family),
                    )
                    .foreign_key(&mut fk(
                        TemplateColours::Table,
                        TemplateColours::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_colours_family",
                TemplateColours::Table,
                &["family", "template_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplatePreviews::Table)
                    .col(id(TemplatePreviews::Id))
                    .col(big(TemplatePreviews::TemplateId))
                    .col(big(TemplatePreviews::MediaId))
                    .col(
                        ColumnDef::new(TemplatePreviews::Position)
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        TemplatePreviews::Table,
                        TemplatePreviews::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .foreign_key(&mut fk(
                        TemplatePreviews::Table,
                        TemplatePreviews::MediaId,
                        Media::Table,
                        Media::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_previews_template",
                TemplatePreviews::Table,
                &["template_id", "position"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateFiles::Table)
                    .col(id(TemplateFiles::Id))
                    .col(big(TemplateFiles::TemplateId))
                    .col(text(TemplateFiles::FileName))
                    .col(text(TemplateFiles::Format))
                    .col(text(TemplateFiles::ContentType))
                    .col(big(TemplateFiles::Bytes))
                    .col(text(TemplateFiles::Sha256))
                    // Private: never under the public media route.
                    .col(text(TemplateFiles::FileKey))
                    .col(at(TemplateFiles::CreatedAt))
                    .foreign_key(&mut fk(
                        TemplateFiles::Table,
                        TemplateFiles::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_files_template",
                TemplateFiles::Table,
                &["template_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateOrders::Table)
                    .col(id(TemplateOrders::Id))
                    .col(big(TemplateOrders::BuyerId))
                    .col(big(TemplateOrders::TemplateId))
                    .col(text(TemplateOrders::Licence))
                    .col(big(TemplateOrders::AmountMinor))
                    .col(text(TemplateOrders::Currency))
                    .col(text(TemplateOrders::Method))
                    .col(text(TemplateOrders::Provider))
                    .col(text(TemplateOrders::IdempotencyKey))
                    .col(at(TemplateOrders::CreatedAt))
                    .foreign_key(&mut fk(
                        TemplateOrders::Table,
                        TemplateOrders::BuyerId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        TemplateOrders::Table,
                        TemplateOrders::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_template_orders_idempotency",
                    TemplateOrders::Table,
                    &["buyer_id", "idempotency_key"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_orders_template",
                TemplateOrders::Table,
                &["template_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .col(id(OrderEvents::Id))
                    .col(big(OrderEvents::OrderId))
                    // pending | paid | failed | cancelled | refunded
                    .col(text(OrderEvents::Kind))
                    // Unique: `order:<id>:<kind>` (or the provider's event id),
                    // so a retried or replayed transition is written once.
                    .col(text(OrderEvents::IdempotencyKey))
                    .col(
                        ColumnDef::new(OrderEvents::AmountMinor)
                            .big_integer()
                            .null(),
                    )
                    .col(text_null(OrderEvents::ProviderRef))
                    .col(ColumnDef::new(OrderEvents::ActorId).big_integer().null())
                    .col(text_null(OrderEvents::Note))
                    .col(at(OrderEvents::CreatedAt))
                    .foreign_key(&mut fk(
                        OrderEvents::Table,
                        OrderEvents::OrderId,
                        TemplateOrders::Table,
                        TemplateOrders::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_order_events_idempotency",
                    OrderEvents::Table,
                    &["idempotency_key"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_order_events_order",
                OrderEvents::Table,
                &["order_id", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateLicences::Table)
                    .col(id(TemplateLicences::Id))
                    .col(big(TemplateLicences::UserId))
                    .col(big(TemplateLicences::TemplateId))
                    .col(text(TemplateLicences::Licence))
                    .col(
                        ColumnDef::new(TemplateLicences::OrderId)
                            .big_integer()
                            .null(),
                    )
                    // Unique: `order:<id>` or `free:<user>:<template>`.
                    .col(text(TemplateLicences::GrantKey))
                    .col(at(TemplateLicences::GrantedAt))
                    .col(at_null(TemplateLicences::RevokedAt))
                    .col(text_null(TemplateLicences::RevokedReason))
                    .foreign_key(&mut fk(
                        TemplateLicences::Table,
                        TemplateLicences::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        TemplateLicences::Table,
                        TemplateLicences::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_template_licences_grant",
                    TemplateLicences::Table,
                    &["grant_key"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_licences_user",
                TemplateLicences::Table,
                &["user_id", "template_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PaymentEvents::Table)
                    .col(id(PaymentEvents::Id))
                    .col(text(PaymentEvents::Provider))
                    .col(text(PaymentEvents::EventId))
                    .col(text(PaymentEvents::EventType))
                    .col(text(PaymentEvents::PayloadSha256))
                    .col(at(PaymentEvents::ReceivedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_payment_events_provider_event",
                    PaymentEvents::Table,
                    &["provider", "event_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChallengeTemplates::Table)
                    .col(big(ChallengeTemplates::ChallengeId))
                    .col(big(ChallengeTemplates::TemplateId))
                    .col(
                        ColumnDef::new(ChallengeTemplates::Position)
                            .integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ChallengeTemplates::ChallengeId)
                            .col(ChallengeTemplates::TemplateId),
                    )
                    .foreign_key(&mut fk(
                        ChallengeTemplates::Table,
                        ChallengeTemplates::ChallengeId,
                        Challenges::Table,
                        Challenges::Id,
                    ))
                    .foreign_key(&mut fk(
                        ChallengeTemplates::Table,
                        ChallengeTemplates::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateUses::Table)
                    .col(id(TemplateUses::Id))
                    .col(big(TemplateUses::TemplateId))
                    .col(big(TemplateUses::UserId))
                    .col(big(TemplateUses::SubmissionId))
                    .col(at(TemplateUses::CreatedAt))
                    .foreign_key(&mut fk(
                        TemplateUses::Table,
                        TemplateUses::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .foreign_key(&mut fk(
                        TemplateUses::Table,
                        TemplateUses::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        TemplateUses::Table,
                        TemplateUses::SubmissionId,
                        Submissions::Table,
                        Submissions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_template_uses_submission",
                    TemplateUses::Table,
                    &["submission_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_uses_template",
                TemplateUses::Table,
                &["template_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateDownloads::Table)
                    .col(id(TemplateDownloads::Id))
                    .col(big(TemplateDownloads::TemplateId))
                    .col(big(TemplateDownloads::FileId))
                    .col(big(TemplateDownloads::UserId))
                    .col(at(TemplateDownloads::CreatedAt))
                    .foreign_key(&mut fk(
                        TemplateDownloads::Table,
                        TemplateDownloads::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_template_downloads_template",
                TemplateDownloads::Table,
                &["template_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TemplateViews::Table)
                    .col(big(TemplateViews::TemplateId))
                    // The day in Asia/Taipei, `YYYY-MM-DD`.
                    .col(text(TemplateViews::Day))
                    .col(big(TemplateViews::Views))
                    .primary_key(
                        Index::create()
                            .col(TemplateViews::TemplateId)
                            .col(TemplateViews::Day),
                    )
                    .foreign_key(&mut fk(
                        TemplateViews::Table,
                        TemplateViews::TemplateId,
                        Templates::Table,
                        Templates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TemplateViews::Table.into_iden(),
            TemplateDownloads::Table.into_iden(),
            TemplateUses::Table.into_iden(),
            ChallengeTemplates::Table.into_iden(),
            PaymentEvents::Table.into_iden(),
            TemplateLicences::Table.into_iden(),
            OrderEvents::Table.into_iden(),
            TemplateOrders::Table.into_iden(),
            TemplateFiles::Table.into_iden(),
            TemplatePreviews::Table.into_iden(),
            TemplateColours::Table.into_iden(),
            TemplateTags::Table.into_iden(),
            Templates::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::CreatorApprovedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    CreatorApprovedAt,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Id,
    CreatorId,
    Title,
    DescriptionMd,
    Category,
    CanvasWidth,
    CanvasHeight,
    CanvasUnit,
    CanvasDpi,
    Licence,
    PriceMinor,
    Currency,
    EditorUrl,
    Status,
    ReviewReason,
    Popularity,
    Colours,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum TemplateTags {
    Table,
    TemplateId,
    Tag,
}

#[derive(DeriveIden)]
enum TemplateColours {
    Table,
    TemplateId,
    Family,
}

#[derive(DeriveIden)]
enum TemplatePreviews {
    Table,
    Id,
    TemplateId,
    MediaId,
    Position,
}

#[derive(DeriveIden)]
enum TemplateFiles {
    Table,
    Id,
    TemplateId,
    FileName,
    Format,
    ContentType,
    Bytes,
    Sha256,
    FileKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TemplateOrders {
    Table,
    Id,
    BuyerId,
    TemplateId,
    Licence,
    AmountMinor,
    Currency,
    Method,
    Provider,
    IdempotencyKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    Kind,
    IdempotencyKey,
    AmountMinor,
    ProviderRef,
    ActorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TemplateLicences {
    Table,
    Id,
    UserId,
    TemplateId,
    Licence,
    OrderId,
    GrantKey,
    GrantedAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum PaymentEvents {
    Table,
    Id,
    Provider,
    EventId,
    EventType,
    PayloadSha256,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum ChallengeTemplates {
    Table,
    ChallengeId,
    TemplateId,
    Position,
}

#[derive(DeriveIden)]
enum TemplateUses {
    Table,
    Id,
    TemplateId,
    UserId,
    SubmissionId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TemplateDownloads {
    Table,
    Id,
    TemplateId,
    FileId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TemplateViews {
    Table,
    TemplateId,
    Day,
    Views,
}
