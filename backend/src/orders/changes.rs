//! What the buyer and staff do to an order after it is made: the buyer
//! cancels a pending one; staff mark a bank transfer paid and refund a paid
//! order (both audited in the transaction of the change).

use atelier_api::{Order, OrderStatus, PaymentMethod};
use sea_orm::EntityTrait;

use super::events::{self, Outcome, Transition};
use super::{create, read};
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::payments;
use crate::state::AppState;

/// The bank's reference for a transfer: 1-100 printable characters.
fn bank_reference(raw: &str) -> ApiResult<&str> {
    let r = raw.trim();
    if (1..=100).contains(&r.chars().count()) && !r.chars().any(char::is_control) {
        Ok(r)
    } else {
        Err(
            ApiError::validation("give the bank's reference for the transfer (1-100 characters)")
                .code("invalid_reference"),
        )
    }
}

fn not_pending(status: OrderStatus) -> ApiError {
    ApiError::conflict(
        "order_not_pending",
        format!("the order is {}, not pending", status.as_str()),
    )
}

/// `POST /orders/{id}/cancel`: the buyer gives up a pending order. The
/// provider's checkout is closed first, so it can no longer take money.
pub async fn cancel(state: &AppState, user: &CurrentUser, id: i64) -> ApiResult<Order> {
    let db = &state.db;
    let order = read::visible(db, user, id).await?;
    if order.buyer_id != user.id() {
        return Err(ApiError::forbidden("only the buyer cancels an order"));
    }
    let evs = events::history(db, id).await?;
    let status = events::status(&evs);
    if status != OrderStatus::Pending {
        return Err(not_pending(status));
    }
    let provider = payments::for_order(&state.payments, &order.provider)?;
    provider
        .cancel(&create::charge(db, &order).await?, events::refs(&evs).0)
        .await?;
    let (order, outcome) = events::run(
        db,
        id,
        Transition::to(OrderStatus::Cancelled)
            .actor(user.id())
            .note("cancelled by the buyer"),
        &state.settings.ledger,
    )
    .await?;
    if let Outcome::Refused(now) = outcome {
        return Err(not_pending(now));
    }
    read::view(db, &order).await
}

/// `POST /staff/orders/{id}/mark-paid`: a bank transfer arrived. Also for an
/// order the buyer cancelled or that failed (the money is there); 409
/// `order_already_paid` for one paid or refunded.
pub async fn mark_paid(
    state: &AppState,
    staff: &CurrentUser,
    id: i64,
    reference: &str,
) -> ApiResult<Order> {
    staff.require_staff()?;
    let reference = bank_reference(reference)?;
    let db = &state.db;
    let txn = crate::db::begin_write(db).await?;
    let order = events::lock(&txn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such order"))?;
    if read::method_of(&order) != PaymentMethod::BankTransfer {
        return Err(ApiError::conflict(
            "not_bank_transfer",
            "only a bank transfer is marked paid by hand; card payments are confirmed by the provider",
        ));
    }
    let t = Transition::to(OrderStatus::Paid)
        .provider_ref(Some(reference.to_owned()))
        .actor(staff.id())
        .note("bank transfer received");
    match events::apply(&txn, &order, t, &state.settings.ledger).await? {
        Outcome::Applied => {}
        Outcome::Already | Outcome::Refused(_) => {
            return Err(ApiError::conflict(
                "order_already_paid",
                "the order is paid (or refunded) already",
            ));
        }
    }
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "order.mark_paid",
        &format!("order:{id}"),
        reference,
    )
    .await?;
    txn.commit().await?;
    read::view(db, &order).await
}

/// `POST /staff/orders/{id}/refund`: gives a paid order's money back through
/// its provider and revokes the licence. A provider that confirms later
/// (Stripe, unless the refund succeeds at once) leaves the order paid until
/// its webhook says so; the request is audited either way.
pub async fn refund(
    state: &AppState,
    staff: &CurrentUser,
    id: i64,
    reason: &str,
) -> ApiResult<Order> {
    staff.require_staff()?;
    let reason = crate::audit::reason(reason)?;
    let db = &state.db;
    let order = crate::entities::template_order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("no such order"))?;
    let evs = events::history(db, id).await?;
    let status = events::status(&evs);
    if status != OrderStatus::Paid {
        return Err(not_paid(status));
    }
    let provider = payments::for_order(&state.payments, &order.provider)?;
    let done = provider
        .refund(
            &create::charge(db, &order).await?,
            events::refs(&evs).1,
            reason,
        )
        .await?;
    let txn = crate::db::begin_write(db).await?;
    let order = events::lock(&txn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such order"))?;
    let detail = if done.done {
        let t = Transition::to(OrderStatus::Refunded)
            .provider_ref(done.provider_ref.clone())
            .actor(staff.id())
            .note(reason);
        match events::apply(&txn, &order, t, &state.settings.ledger).await? {
            Outcome::Applied => reason.to_owned(),
            Outcome::Already | Outcome::Refused(_) => {
                let now = events::status(&events::history(&txn, id).await?);
                return Err(not_paid(now));
            }
        }
    } else {
        format!("requested from {}: {reason}", provider.name())
    };
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "order.refund",
        &format!("order:{id}"),
        &detail,
    )
    .await?;
    txn.commit().await?;
    read::view(db, &order).await
}

fn not_paid(status: OrderStatus) -> ApiError {
    ApiError::conflict(
        "order_not_paid",
        format!(
            "only a paid order is refunded; this one is {}",
            status.as_str()
        ),
    )
}
