//! HTTP handlers for licences, orders, receipts and the library.

use actix_web::{HttpResponse, get, post, web};
use atelier_api::{LicenceGrant, MarkPaid, Order, OrderRequest, OrderStatus, RefundRequest};
use serde::Deserialize;

use super::{changes, create, licences, read};
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/licence",
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 201, body = LicenceGrant, description = "the licence is recorded"),
        (status = 200, body = LicenceGrant, description = "the caller held it already: the same grant"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no published template with this id"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_not_free` (buy it with POST /orders), `own_template`")
    )
)]
#[post("/templates/{id}/licence")]
pub async fn take_licence(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (grant, new) = licences::take_free(&state.db, &user, id.into_inner()).await?;
    Ok(if new {
        HttpResponse::Created().json(grant)
    } else {
        HttpResponse::Ok().json(grant)
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "orders",
    security(("bearer" = [])),
    request_body = OrderRequest,
    responses(
        (status = 201, body = Order, description = "the order; with the test provider a `card` order is `paid` already, with Stripe it is `pending` with a `checkout_url`, a bank transfer is `pending` with a `payment_reference`"),
        (status = 200, body = Order, description = "this buyer used this key before: the same order"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no published template with this id"),
        (status = 409, body = atelier_api::ErrorBody, description = "`idempotency_conflict` (the key made an order of another template), `template_free` (take it with POST /templates/{id}/licence), `already_licensed`, `own_template`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_idempotency_key`: 8-64 characters of A-Z a-z 0-9 _ -"),
        (status = 502, body = atelier_api::ErrorBody, description = "`payment_provider_refused`: the order is kept; the same request again retries"),
        (status = 503, body = atelier_api::ErrorBody, description = "`payment_provider_unavailable`: the order is kept; the same request again retries")
    )
)]
#[post("/orders")]
pub async fn create_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<OrderRequest>,
) -> ApiResult<HttpResponse> {
    let (order, new) = create::create(
        &state.db,
        &state.payments,
        &user,
        body.into_inner(),
        &state.settings.ledger,
    )
    .await?;
    Ok(if new {
        HttpResponse::Created().json(order)
    } else {
        HttpResponse::Ok().json(order)
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/orders/{id}",
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Order),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such order, or not the caller's (staff see every order)")
    )
)]
#[get("/orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (db, user, id) = (&state.db, &user, id.into_inner());
    let order = crate::db::read(|| async move {
        let o = read::visible(db, user, id).await?;
        read::view(db, &o).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(order))
}

#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/cancel",
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Order, description = "cancelled"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: staff see the order but only its buyer cancels it"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such order, or not the caller's"),
        (status = 409, body = atelier_api::ErrorBody, description = "`order_not_pending`"),
        (status = 502, body = atelier_api::ErrorBody, description = "`payment_provider_refused`: the provider would not close its checkout (it may be taking the payment)"),
        (status = 503, body = atelier_api::ErrorBody, description = "`payment_provider_unavailable`")
    )
)]
#[post("/orders/{id}/cancel")]
pub async fn cancel_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let order = changes::cancel(&state, &user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(order))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/orders",
    tag = "orders",
    security(("bearer" = [])),
    responses((status = 200, body = [Order], description = "the caller's receipts, newest first"))
)]
#[get("/me/orders")]
pub async fn my_orders(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let (db, id) = (&state.db, user.id());
    let orders = crate::db::read(|| read::mine(db, id)).await?;
    Ok(HttpResponse::Ok().json(orders))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/library",
    tag = "orders",
    security(("bearer" = [])),
    responses((status = 200, body = [LicenceGrant], description = "the caller's licences, live and revoked, newest first"))
)]
#[get("/me/library")]
pub async fn my_library(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let (db, id) = (&state.db, user.id());
    let grants = crate::db::read(|| licences::library(db, id)).await?;
    Ok(HttpResponse::Ok().json(grants))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StaffOrdersQuery {
    /// pending, paid, failed, cancelled or refunded (the latest event); all
    /// when absent.
    pub status: Option<String>,
    /// Orders older than this order id (the last id of the previous page).
    pub before: Option<i64>,
    /// 1-200, default 50.
    pub limit: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/staff/orders",
    tag = "orders",
    security(("bearer" = ["staff", "admin"])),
    params(StaffOrdersQuery),
    responses(
        (status = 200, body = [Order], description = "newest first"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_status`, `invalid_limit`")
    )
)]
#[get("/staff/orders")]
pub async fn staff_orders(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<StaffOrdersQuery>,
) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(OrderStatus::parse(s).ok_or_else(|| {
            ApiError::bad_request("invalid_status", format!("unknown status {s:?}"))
        })?),
    };
    let limit = query.limit.unwrap_or(read::STAFF_PAGE_DEFAULT);
    if !(1..=read::STAFF_PAGE_MAX).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_limit",
            format!("limit must be 1-{}", read::STAFF_PAGE_MAX),
        ));
    }
    let (db, before) = (&state.db, query.before);
    let orders = crate::db::read(|| read::staff_list(db, status, before, limit)).await?;
    Ok(HttpResponse::Ok().json(orders))
}

#[utoipa::path(
    post,
    path = "/api/v1/staff/orders/{id}/mark-paid",
    tag = "orders",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = MarkPaid,
    responses(
        (status = 200, body = Order, description = "paid; the buyer holds the licence (audited `order.mark_paid`)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`not_bank_transfer`, `order_already_paid`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_reference`")
    )
)]
#[post("/staff/orders/{id}/mark-paid")]
pub async fn mark_paid(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<MarkPaid>,
) -> ApiResult<HttpResponse> {
    let order = changes::mark_paid(&state, &user, id.into_inner(), &body.reference).await?;
    Ok(HttpResponse::Ok().json(order))
}

#[utoipa::path(
    post,
    path = "/api/v1/staff/orders/{id}/refund",
    tag = "orders",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = RefundRequest,
    responses(
        (status = 200, body = Order, description = "`refunded` and the licence revoked, or still `paid` while the provider confirms (Stripe, by webhook); audited `order.refund`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`order_not_paid`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`"),
        (status = 502, body = atelier_api::ErrorBody, description = "`payment_provider_refused`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`payment_provider_unavailable`")
    )
)]
#[post("/staff/orders/{id}/refund")]
pub async fn refund(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<RefundRequest>,
) -> ApiResult<HttpResponse> {
    let order = changes::refund(&state, &user, id.into_inner(), &body.reason).await?;
    Ok(HttpResponse::Ok().json(order))
}
