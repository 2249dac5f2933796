//! HTTP handlers for `/api/v1/expert-applications`.

use actix_web::{HttpResponse, get, post, web};
use atelier_api::{
    ApplicationStatus, DecideApplicationRequest, ExpertApplication, ExpertApplicationList,
    ExpertApplicationRequest,
};
use serde::Deserialize;

use super::service;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/expert-applications",
    tag = "experts",
    security(("bearer" = [])),
    request_body = ExpertApplicationRequest,
    responses(
        (status = 201, body = ExpertApplication),
        (status = 409, body = atelier_api::ErrorBody, description = "`application_pending`, `not_a_member`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_bio`, `invalid_field`, `invalid_links`")
    )
)]
#[post("/expert-applications")]
pub async fn apply(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ExpertApplicationRequest>,
) -> ApiResult<HttpResponse> {
    let a = service::apply(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(a))
}

#[utoipa::path(
    get,
    path = "/api/v1/expert-applications/mine",
    tag = "experts",
    security(("bearer" = [])),
    responses((status = 200, body = ExpertApplicationList))
)]
#[get("/expert-applications/mine")]
pub async fn mine(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let (db, user) = (&state.db, &user);
    let items = crate::db::read(|| service::mine(db, user)).await?;
    Ok(HttpResponse::Ok().json(ExpertApplicationList { items }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// pending, approved or rejected; all when absent.
    pub status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/expert-applications",
    tag = "experts",
    security(("bearer" = ["staff", "admin"])),
    params(ListQuery),
    responses((status = 200, body = ExpertApplicationList), (status = 400, body = atelier_api::ErrorBody, description = "`invalid_status`"))
)]
#[get("/expert-applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(ApplicationStatus::parse(s).ok_or_else(|| {
            ApiError::bad_request("invalid_status", format!("unknown status {s:?}"))
        })?),
    };
    let db = &state.db;
    let items = crate::db::read(|| service::list(db, status)).await?;
    Ok(HttpResponse::Ok().json(ExpertApplicationList { items }))
}

#[utoipa::path(
    post,
    path = "/api/v1/expert-applications/{id}/decision",
    tag = "experts",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = DecideApplicationRequest,
    responses(
        (status = 200, body = ExpertApplication),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such application, or the applicant no longer exists"),
        (status = 409, body = atelier_api::ErrorBody, description = "`already_decided`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`, `invalid_reason`")
    )
)]
#[post("/expert-applications/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<DecideApplicationRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let a = service::decide(&state.db, &user, id.into_inner(), body.approve, body.reason).await?;
    Ok(HttpResponse::Ok().json(a))
}
