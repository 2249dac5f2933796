//! Demo orders: a demo member holds a free licence and a paid order (paid
//! through the test provider), and waits on a bank transfer. Reads the
//! templates the templates demo wrote from the database; does nothing when
//! there are none, or when the member has orders or licences already.

use std::sync::Arc;

use atelier_api::{OrderRequest, PaymentMethod, TemplateStatus};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::auth::CurrentUser;
use crate::entities::{template, template_licence, template_order, user};
use crate::orders::{create, licences};
use crate::payments::PaymentProvider;
use crate::payments::test_provider::TestProvider;

/// The demo member who shops.
pub const BUYER: &str = "yuting";

fn api(e: crate::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let Some(member) = user::Entity::find()
        .filter(user::Column::Handle.eq(BUYER))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let orders = template_order::Entity::find()
        .filter(template_order::Column::BuyerId.eq(member.id))
        .count(db)
        .await?;
    let held = template_licence::Entity::find()
        .filter(template_licence::Column::UserId.eq(member.id))
        .count(db)
        .await?;
    if orders + held > 0 {
        return Ok(());
    }
    let published = template::Entity::find()
        .filter(template::Column::Status.eq(TemplateStatus::Published.as_str()))
        .filter(template::Column::CreatorId.ne(member.id))
        .order_by_asc(template::Column::Id)
        .all(db)
        .await?;
    let buyer = CurrentUser {
        role: crate::users::service::role_of(&member),
        user: member,
    };
    if let Some(free) = published.iter().find(|t| licences::is_free(t)) {
        licences::take_free(db, &buyer, free.id)
            .await
            .map_err(api)?;
    }
    let paid: Vec<&template::Model> = published.iter().filter(|t| !licences::is_free(t)).collect();
    let Some(first) = paid.first() else {
        return Ok(());
    };
    let card: Arc<dyn PaymentProvider> = Arc::new(TestProvider);
    // The demo's sale posts with the default creators' share.
    let ledger = &crate::config::LedgerSettings::default();
    // The transfer first: a pending order does not stand in the way of
    // buying the same template by card.
    let transfer = paid.get(1).unwrap_or(first);
    create::create(
        db,
        &card,
        &buyer,
        OrderRequest {
            template_id: transfer.id,
            idempotency_key: "demo-bank-transfer-1".into(),
            method: Some(PaymentMethod::BankTransfer),
        },
        ledger,
    )
    .await
    .map_err(api)?;
    create::create(
        db,
        &card,
        &buyer,
        OrderRequest {
            template_id: first.id,
            idempotency_key: "demo-card-order-1".into(),
            method: Some(PaymentMethod::Card),
        },
        ledger,
    )
    .await
    .map_err(api)?;
    Ok(())
}
