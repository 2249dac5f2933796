//! `/api/v1/site`: what the server says about itself on the home page.

use actix_web::{HttpResponse, get, web};
use atelier_api::{ChallengeStatus, SiteInfo};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::{challenge, user};
use crate::error::ApiResult;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/site", tag = "site", responses((status = 200, body = SiteInfo)))]
#[get("/site")]
pub async fn info(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let members = user::Entity::find().count(&state.db).await?;
    let challenges = challenge::Entity::find()
        .filter(challenge::Column::Status.eq(ChallengeStatus::Published.as_str()))
        .count(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(SiteInfo {
        name: "Atelier".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        members,
        challenges,
        email_verification_required: state.settings.email_verification_required(),
    }))
}
