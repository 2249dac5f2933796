//! HTTP handlers for the logged-in user's profile, public profiles, and the
//! staff's user administration.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, patch, put, web};
use atelier_api::{
    AuditList, ChangeRoleRequest, Me, PublicProfile, UpdateProfileRequest, UserAdminList,
    UserAdminView,
};
use serde::Deserialize;

use super::service;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::media::upload::UploadForm;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "profile",
    security(("bearer" = [])),
    responses((status = 200, body = Me))
)]
#[get("/me")]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(service::me(&user.user))
}

#[utoipa::path(
    patch,
    path = "/api/v1/me",
    tag = "profile",
    security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, body = Me),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_display_name`, `invalid_bio`")
    )
)]
#[patch("/me")]
#[tracing::instrument(skip(state, user, body), fields(user_id = user.id()))]
pub async fn update_me(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<UpdateProfileRequest>,
) -> ApiResult<HttpResponse> {
    let m = service::update_profile(&state.db, user.user, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(service::me(&m)))
}

/// Replaces the avatar: `multipart/form-data` with the image (JPEG, PNG,
/// WebP or GIF, at most 5 MB) in `file`; it is cropped to a square and
/// re-encoded.
#[utoipa::path(
    put,
    path = "/api/v1/me/avatar",
    tag = "profile",
    security(("bearer" = [])),
    request_body(content = crate::media::upload::ImageForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = Me),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large` (the file exceeds 5 MB), `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[put("/me/avatar")]
#[tracing::instrument(skip(state, user, req, form), fields(user_id = user.id()))]
pub async fn put_avatar(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let spec =
        UploadForm::image(&state.settings.media).max_file_bytes(crate::media::AVATAR_MAX_BYTES);
    spec.check_request(&req)?;
    let upload = spec.receive(&state, form).await?;
    let m = service::set_avatar(&state, user.user, upload.file.clone()).await?;
    Ok(HttpResponse::Ok().json(service::me(&m)))
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{handle}",
    tag = "profile",
    params(("handle" = String, Path), crate::content_i18n::AcceptLanguage),
    responses((status = 200, body = PublicProfile, description = "the works' challenge titles in the requested language", headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"))
)]
#[get("/users/{handle}")]
pub async fn public_profile(
    state: web::Data<AppState>,
    handle: web::Path<String>,
    lang: crate::content_i18n::RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, handle) = (&state.db, handle.as_str());
    let p = crate::db::read(|| service::public_profile(db, handle, locale)).await?;
    Ok(crate::content_i18n::localized(HttpResponse::Ok(), locale).json(p))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UserSearch {
    /// Part of a handle, email or display name.
    pub q: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "admin",
    security(("bearer" = ["staff", "admin"])),
    params(UserSearch),
    responses((status = 200, body = UserAdminList))
)]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<UserSearch>,
) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let (db, q) = (&state.db, query.q.as_deref().unwrap_or(""));
    let items = crate::db::read(|| service::search(db, q)).await?;
    Ok(HttpResponse::Ok().json(UserAdminList { items }))
}

/// Staff may make members experts and back; only admins grant or remove
/// staff and admin. Nobody changes their own role. Making someone an expert
/// goes through verification: their pending application is approved, or one
/// is recorded with `field` and approved (badge and bio as an approval).
/// Audited.
#[utoipa::path(
    put,
    path = "/api/v1/admin/users/{id}/role",
    tag = "admin",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = ChangeRoleRequest,
    responses(
        (status = 200, body = UserAdminView),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: one's own role, or staff and admin roles changed by non-admins"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_field`: making someone without a pending application an expert needs a field of expertise")
    )
)]
#[put("/admin/users/{id}/role")]
#[tracing::instrument(skip(state, user, body), fields(actor = user.id()))]
pub async fn change_role(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<ChangeRoleRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let m = service::change_role(
        &state.db,
        &user,
        id.into_inner(),
        body.role,
        body.field.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(service::admin_view(&m)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Only entries older than this entry id: the `next_cursor` of the page before.
    pub before: Option<i64>,
    /// Entries per page, 1-200 (default 50).
    pub limit: Option<u64>,
}

/// The audit log, newest first, in keyset pages.
#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    tag = "admin",
    security(("bearer" = ["staff", "admin"])),
    params(AuditQuery),
    responses((status = 200, body = AuditList), (status = 400, body = atelier_api::ErrorBody, description = "`invalid_query`"))
)]
#[get("/admin/audit")]
pub async fn audit_log(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let limit = query.limit.unwrap_or(crate::audit::PAGE_DEFAULT);
    if !(1..=crate::audit::PAGE_MAX).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("limit must be 1-{}", crate::audit::PAGE_MAX),
        ));
    }
    let before = query.before;
    let page = crate::db::read(|| crate::audit::page(&state.db, before, limit)).await?;
    Ok(HttpResponse::Ok().json(page))
}
