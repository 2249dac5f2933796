//! HTTP handlers for the catalogue, the entries made with a template,
//! challenges' templates and the dashboards.

use actix_web::{HttpResponse, get, put, web};
use atelier_api::{ChallengeTemplates, EntryCard, TemplateCard, TemplateDashboard, TemplatePage};
use serde::Deserialize;

use crate::auth::{CurrentUser, MaybeUser};
use crate::error::ApiResult;
use crate::state::AppState;

/// The catalogue: published templates with facets (each counted under the
/// other filters), sorted by popularity (uses and sales, decayed over time;
/// the default), newest or price, or by relevance with `q` and no `sort`;
/// keyset pages through `cursor`.
#[utoipa::path(
    get,
    path = "/api/v1/templates",
    tag = "templates",
    params(atelier_api::TemplateQuery),
    responses(
        (status = 200, body = TemplatePage),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_query` (limit outside 1-48, an unknown colour or price), `invalid_cursor`")
    )
)]
#[get("/templates")]
pub async fn catalogue(
    state: web::Data<AppState>,
    query: web::Query<atelier_api::TemplateQuery>,
) -> ApiResult<HttpResponse> {
    let page = super::catalogue::page(&state, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Entries made with the template, newest first (24).
#[utoipa::path(
    get,
    path = "/api/v1/templates/{id}/entries",
    tag = "templates",
    security((), ("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = [EntryCard]),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`")
    )
)]
#[get("/templates/{id}/entries")]
pub async fn entries(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let cards = super::uses::entries(&state, &viewer, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(cards))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StatsQuery {
    /// Days up to and including today (Asia/Taipei), 1-366; default 30.
    pub days: Option<u32>,
}

/// The creator's dashboard: per day (every day, zeros included) views,
/// downloads, uses, sales and revenue of their templates, and each
/// template's totals over the period.
#[utoipa::path(
    get,
    path = "/api/v1/me/templates/stats",
    tag = "templates",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, body = TemplateDashboard),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_query`: days outside 1-366")
    )
)]
#[get("/me/templates/stats")]
pub async fn my_stats(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let period = super::stats::period(query.days)?;
    let d = super::stats::dashboard(&state.db, Some(user.id()), period).await?;
    Ok(HttpResponse::Ok().json(d))
}

/// The same across all creators; the rows are the 100 most active
/// templates of the period.
#[utoipa::path(
    get,
    path = "/api/v1/staff/templates/stats",
    tag = "templates",
    security(("bearer" = ["staff", "admin"])),
    params(StatsQuery),
    responses(
        (status = 200, body = TemplateDashboard),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_query`: days outside 1-366")
    )
)]
#[get("/staff/templates/stats")]
pub async fn staff_stats(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let period = super::stats::period(query.days)?;
    let d = super::stats::dashboard(&state.db, None, period).await?;
    Ok(HttpResponse::Ok().json(d))
}

/// The published templates a challenge offers to design on, in order.
#[utoipa::path(
    get,
    path = "/api/v1/challenges/{slug}/templates",
    tag = "templates",
    security((), ("bearer" = [])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = [TemplateCard]),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`")
    )
)]
#[get("/challenges/{slug}/templates")]
pub async fn challenge_templates(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let cards = super::uses::of_challenge(&state, &viewer, &slug).await?;
    Ok(HttpResponse::Ok().json(cards))
}

/// Replaces a challenge's templates (published ones, at most 12, in
/// order). Audited.
#[utoipa::path(
    put,
    path = "/api/v1/staff/challenges/{slug}/templates",
    tag = "templates",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path)),
    request_body = ChallengeTemplates,
    responses(
        (status = 200, body = [TemplateCard]),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_template`: not a published template, or more than 12")
    )
)]
#[put("/staff/challenges/{slug}/templates")]
#[tracing::instrument(skip(state, user, body), fields(actor = user.id()))]
pub async fn set_challenge_templates(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: web::Json<ChallengeTemplates>,
) -> ApiResult<HttpResponse> {
    let cards = super::uses::set_for_challenge(&state, &user, &slug, &body.template_ids).await?;
    Ok(HttpResponse::Ok().json(cards))
}
