//! HTTP handlers: a creator's payout settings and payouts; finance staff's
//! payout list, runs and the approve / paid / failed decisions.

use actix_web::{HttpResponse, get, post, put, web};
use atelier_api::{
    Payout, PayoutFailedRequest, PayoutPaidRequest, PayoutRunRequest, PayoutRunResult,
    PayoutSettingsInput, PayoutSettingsState, PayoutSettingsView, PayoutStatus,
};
use serde::Deserialize;

use super::lifecycle::{self, Action};
use super::{read, run, settings};
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/me/payout-settings",
    tag = "payouts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = PayoutSettingsState, description = "the caller's payout settings in force (details masked: a hint and the account name), or none yet, with the default threshold and its bounds")
    )
)]
#[get("/me/payout-settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    let (db, s, id) = (&state.db, &*state.settings, user.id());
    let view = crate::db::read(|| settings::state(db, s, id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/payout-settings",
    tag = "payouts",
    security(("bearer" = [])),
    request_body = PayoutSettingsInput,
    responses(
        (status = 200, body = PayoutSettingsView, description = "saved as a new version (the details encrypted); what is shown back is a hint and the account name"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_payout_details` (reason `account-name`, `bank-code` (3 digits), `branch-code` (4 digits), `account-number` (10-16 digits) or `email`), `threshold_out_of_range` (reason `range`, args `min`, `max` in major units, `min_minor`, `max_minor`, `currency`)")
    )
)]
#[put("/me/payout-settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<PayoutSettingsInput>,
) -> ApiResult<HttpResponse> {
    let view = settings::save(&state.db, &state.settings, user.id(), &body).await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/payouts",
    tag = "payouts",
    security(("bearer" = [])),
    responses((status = 200, body = [Payout], description = "the caller's payouts, newest first, with their events"))
)]
#[get("/me/payouts")]
pub async fn my_payouts(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let (db, id) = (&state.db, user.id());
    let payouts = crate::db::read(|| read::mine(db, id)).await?;
    Ok(HttpResponse::Ok().json(payouts))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PayoutsQuery {
    /// pending, approved, paid or failed; all when absent or empty.
    #[param(value_type = Option<PayoutStatus>)]
    pub status: Option<String>,
    /// `YYYY-MM`: the payouts of that period's run; all when absent or empty.
    pub period: Option<String>,
}

const FINANCE_403: &str =
    "`finance_required`: only finance staff (admins, and staff granted finance) may do this";

#[utoipa::path(
    get,
    path = "/api/v1/finance/payouts",
    tag = "payouts",
    security(("bearer" = ["staff", "admin"])),
    params(PayoutsQuery),
    responses(
        (status = 200, body = [Payout], description = "newest first, with their events"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_status`"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`")
    )
)]
#[get("/finance/payouts")]
pub async fn finance_payouts(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<PayoutsQuery>,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(PayoutStatus::parse(s).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_status",
                format!("unknown status {s:?} (pending, approved, paid, failed)"),
            )
        })?),
    };
    let period = match query.period.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => {
            run::period_bounds(p)?;
            Some(p)
        }
    };
    let db = &state.db;
    let payouts = crate::db::read(|| read::list(db, status, period)).await?;
    Ok(HttpResponse::Ok().json(payouts))
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/payout-runs",
    tag = "payouts",
    security(("bearer" = ["staff", "admin"])),
    request_body = PayoutRunRequest,
    responses(
        (status = 201, body = PayoutRunResult, description = "the run is made: a pending payout for every creator whose available balance earned up to the period's end reaches their threshold, and who was skipped and why (audited `payout.run`)"),
        (status = 200, body = PayoutRunResult, description = "the period's run existed: it and its payouts, nothing new (`created: false`)"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 409, body = atelier_api::ErrorBody, description = "`period_not_started`: the month (Asia/Taipei) has not begun (a run during its month takes what was earned until then)"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_period`: not `YYYY-MM`")
    )
)]
#[post("/finance/payout-runs")]
pub async fn create_run(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<PayoutRunRequest>,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let result = run::run(
        &state.db,
        &state.settings,
        body.period.trim(),
        Some(user.id()),
    )
    .await?;
    Ok(if result.created {
        HttpResponse::Created().json(result)
    } else {
        HttpResponse::Ok().json(result)
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/payouts/{id}/approve",
    tag = "payouts",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Payout, description = "approved (audited `payout.approve`)"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`payout_not_pending`: approved, paid or failed already")
    )
)]
#[post("/finance/payouts/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let p = lifecycle::apply(&state.db, Some(user.id()), id.into_inner(), Action::Approve).await?;
    Ok(HttpResponse::Ok().json(p))
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/payouts/{id}/paid",
    tag = "payouts",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = PayoutPaidRequest,
    responses(
        (status = 200, body = Payout, description = "paid: the reserved amount is posted out of the creator's balance (audited `payout.paid`)"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`payout_not_approved`: pending (approve it first), paid or failed"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_reference`: 1-100 characters")
    )
)]
#[post("/finance/payouts/{id}/paid")]
pub async fn paid(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<PayoutPaidRequest>,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let action = Action::Paid {
        reference: body.into_inner().reference,
    };
    let p = lifecycle::apply(&state.db, Some(user.id()), id.into_inner(), action).await?;
    Ok(HttpResponse::Ok().json(p))
}

#[utoipa::path(
    post,
    path = "/api/v1/finance/payouts/{id}/failed",
    tag = "payouts",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = PayoutFailedRequest,
    responses(
        (status = 200, body = Payout, description = "failed: the reservation ends and the money is available to the next run again (audited `payout.failed`)"),
        (status = 403, body = atelier_api::ErrorBody, description = FINANCE_403),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`payout_closed`: paid or failed already"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`: 3-500 characters")
    )
)]
#[post("/finance/payouts/{id}/failed")]
pub async fn failed(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<PayoutFailedRequest>,
) -> ApiResult<HttpResponse> {
    user.require_finance()?;
    let action = Action::Failed {
        reason: body.into_inner().reason,
    };
    let p = lifecycle::apply(&state.db, Some(user.id()), id.into_inner(), action).await?;
    Ok(HttpResponse::Ok().json(p))
}
