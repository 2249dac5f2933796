//! HTTP handlers for templates themselves: the licence table, create, read,
//! edit, delete, the status flow, staff review, creator approval and the
//! caller's own templates.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use atelier_api::{
    CreatorApproval, LICENCES, LicenceTerms, TemplateCard, TemplateDetail, TemplateInput,
    TemplateReview, UserAdminView,
};

use crate::auth::{CurrentUser, MaybeUser};
use crate::error::ApiResult;
use crate::state::AppState;

/// The licences templates are offered under, defined once: what each
/// allows (the UI words them from its `kind`).
#[utoipa::path(
    get,
    path = "/api/v1/templates/licences",
    tag = "templates",
    responses((status = 200, body = [LicenceTerms]))
)]
#[get("/templates/licences")]
pub async fn licences() -> HttpResponse {
    HttpResponse::Ok().json(LICENCES)
}

/// Creates a draft. Verified experts, staff and members staff approved as
/// creators may; every field but `editor_url` is required.
#[utoipa::path(
    post,
    path = "/api/v1/templates",
    tag = "templates",
    security(("bearer" = [])),
    request_body = TemplateInput,
    responses(
        (status = 201, body = TemplateDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`not_a_creator`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`missing_field`, `invalid_template_title`, `invalid_template_description`, `invalid_tags`, `invalid_canvas`, `invalid_price`, `invalid_editor_url`")
    )
)]
#[post("/templates")]
#[tracing::instrument(skip(state, user, body), fields(user_id = user.id()))]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TemplateInput>,
) -> ApiResult<HttpResponse> {
    let t = super::service::create(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(t))
}

/// A template's page. Published and unlisted templates answer to anyone;
/// drafts, templates in review and rejected ones only to their creator and
/// staff (404 for others). Counts a view for today (Asia/Taipei), except the
/// creator's own.
#[utoipa::path(
    get,
    path = "/api/v1/templates/{id}",
    tag = "templates",
    security((), ("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = TemplateDetail),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`")
    )
)]
#[get("/templates/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (db, id) = (&state.db, id.into_inner());
    let viewer = viewer.0.as_ref();
    let t = crate::db::read(|| super::find_visible(db, id, viewer)).await?;
    if super::is_public(&t) && viewer.is_none_or(|v| v.id() != t.creator_id) {
        super::stats::record_view(db, t.id).await?;
    }
    Ok(HttpResponse::Ok().json(super::view::detail(db, &t, viewer).await?))
}

/// Edits the given fields, in any status (creator or staff). A published
/// template stays published; a new price or licence applies to orders
/// placed from now on.
#[utoipa::path(
    patch,
    path = "/api/v1/templates/{id}",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body = TemplateInput,
    responses(
        (status = 200, body = TemplateDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_template_title`, `invalid_template_description`, `invalid_tags`, `invalid_canvas`, `invalid_price`, `invalid_editor_url`")
    )
)]
#[patch("/templates/{id}")]
#[tracing::instrument(skip(state, user, body), fields(user_id = user.id()))]
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<TemplateInput>,
) -> ApiResult<HttpResponse> {
    let t = super::service::update(&state, &user, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Deletes a template with its previews and files: its creator while it
/// was never published, staff also later; nobody once it was licensed or
/// ordered (unlist it instead).
#[utoipa::path(
    delete,
    path = "/api/v1/templates/{id}",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "deleted"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_published` (creators delete only what was never published), `template_licensed`")
    )
)]
#[delete("/templates/{id}")]
#[tracing::instrument(skip(state, user), fields(user_id = user.id()))]
pub async fn remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    super::service::delete(&state, &user, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submits a draft or a rejected template for review. It needs a preview,
/// and a source file or an editor link.
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/submit",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = TemplateDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff; `not_a_creator`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_status`: not a draft or rejected"),
        (status = 422, body = atelier_api::ErrorBody, description = "`template_incomplete`: no preview, or neither a source file nor an editor link")
    )
)]
#[post("/templates/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let t = super::review::submit(&state, &user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Takes a published template out of the catalogue and search (creator or
/// staff); licence holders keep their downloads.
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/unlist",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = TemplateDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_status`: not published")
    )
)]
#[post("/templates/{id}/unlist")]
pub async fn unlist(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let t = super::review::set_listed(&state, &user, id.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Puts an unlisted template back in the catalogue (creator or staff).
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/relist",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = TemplateDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_status`: not unlisted")
    )
)]
#[post("/templates/{id}/relist")]
pub async fn relist(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let t = super::review::set_listed(&state, &user, id.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// The caller's own templates, every status, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/templates",
    tag = "templates",
    security(("bearer" = [])),
    responses((status = 200, body = [TemplateCard]))
)]
#[get("/me/templates")]
pub async fn mine(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::review::mine(&state, &user).await?))
}

/// The review queue: templates in review, the longest waiting first.
#[utoipa::path(
    get,
    path = "/api/v1/staff/templates/review",
    tag = "templates",
    security(("bearer" = ["staff", "admin"])),
    responses((status = 200, body = [TemplateCard]))
)]
#[get("/staff/templates/review")]
pub async fn review_queue(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::review::queue(&state, &user).await?))
}

/// Approves a template in review (published) or rejects it with a reason
/// its creator sees. Audited.
#[utoipa::path(
    post,
    path = "/api/v1/staff/templates/{id}/review",
    tag = "templates",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = TemplateReview,
    responses(
        (status = 200, body = TemplateDetail),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`template_status`: not in review"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`: a rejection needs a reason of 3-500 characters")
    )
)]
#[post("/staff/templates/{id}/review")]
#[tracing::instrument(skip(state, user, body), fields(actor = user.id()))]
pub async fn review(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<TemplateReview>,
) -> ApiResult<HttpResponse> {
    let t = super::review::decide(&state, &user, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Approves a member as a template creator, or withdraws it. Audited.
#[utoipa::path(
    put,
    path = "/api/v1/staff/users/{id}/creator",
    tag = "admin",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = CreatorApproval,
    responses(
        (status = 200, body = UserAdminView),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`")
    )
)]
#[put("/staff/users/{id}/creator")]
#[tracing::instrument(skip(state, user, body), fields(actor = user.id()))]
pub async fn set_creator(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<CreatorApproval>,
) -> ApiResult<HttpResponse> {
    let m = super::creators::set_creator(&state.db, &user, id.into_inner(), body.approved).await?;
    Ok(HttpResponse::Ok().json(crate::users::service::admin_view(&m)))
}
