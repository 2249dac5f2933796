//! What an order keeps for the ledger and the buyer: `template_orders.creator_id`
//! is the template's creator at order time (so a sale and its reversal name who
//! earns them from the order alone), `order_events.checkout_url` is where the
//! provider's checkout page sends the buyer while the order is pending, and an
//! index on `order_events.provider_ref` finds the order a provider's refund or
//! charge event names (a Stripe payment intent).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(TemplateOrders::Table)
                    .add_column(
                        ColumnDef::new(TemplateOrders::CreatorId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderEvents::Table)
                    .add_column(ColumnDef::new(OrderEvents::CheckoutUrl).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_events_provider_ref")
                    .table(OrderEvents::Table)
                    .col(OrderEvents::ProviderRef)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_order_events_provider_ref")
                    .table(OrderEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderEvents::Table)
                    .drop_column(OrderEvents::CheckoutUrl)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TemplateOrders::Table)
                    .drop_column(TemplateOrders::CreatorId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum TemplateOrders {
    Table,
    CreatorId,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    CheckoutUrl,
    ProviderRef,
}
