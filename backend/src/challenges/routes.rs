//! HTTP handlers for `/api/v1/challenges`.

use actix_web::{HttpResponse, get, web};
use atelier_api::{ChallengeList, Phase};
use serde::Deserialize;

use super::service;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only challenges in this phase: upcoming, submissions, voting, closed, results.
    pub phase: Option<String>,
}

/// Published challenges, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/challenges",
    tag = "challenges",
    params(ListQuery),
    responses((status = 200, body = ChallengeList), (status = 400, body = atelier_api::ErrorBody))
)]
#[get("/challenges")]
#[tracing::instrument(skip(state))]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let phase = match query.phase.as_deref() {
        None | Some("") => None,
        Some(p) => Some(Phase::parse(p).ok_or_else(|| {
            ApiError::bad_request("invalid_phase", format!("unknown phase {p:?}"))
        })?),
    };
    let items = service::list(&state.db, false, phase).await?;
    Ok(HttpResponse::Ok().json(ChallengeList { items }))
}

/// One published challenge by its slug.
#[utoipa::path(
    get,
    path = "/api/v1/challenges/{slug}",
    tag = "challenges",
    params(("slug" = String, Path, description = "challenge slug")),
    responses((status = 200, body = atelier_api::ChallengeSummary), (status = 404, body = atelier_api::ErrorBody))
)]
#[get("/challenges/{slug}")]
#[tracing::instrument(skip(state))]
pub async fn get_one(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let c = service::by_slug(&state.db, &slug, false).await?;
    Ok(HttpResponse::Ok().json(c))
}
