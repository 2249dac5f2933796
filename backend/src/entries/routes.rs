//! HTTP handlers for entries: submit, gallery, detail, original, edit,
//! withdraw, my entries, palette preview and duplicate review.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ETag, EntityTag};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use atelier_api::{
    DisqualifyRequest, DuplicateFlagList, EntryDetail, EntryNeighbours, EntryPage, MyEntryList,
    PaletteMatch, ResolveDuplicateRequest, UpdateEntryRequest,
};

use super::gallery::{self, GalleryQuery, NeighbourQuery};
use super::submit::EntryForm;
use super::{edit, palette, read};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::ApiResult;
use crate::media::upload::{Upload, UploadForm};
use crate::state::AppState;

/// The text fields of an entry form, besides the image in `file`.
const ENTRY_TEXT_FIELDS: &[&str] = &["title", "description", "tags", "template_id"];

/// The entry form, as OpenAPI shows it.
#[derive(utoipa::ToSchema)]
pub struct EntryUpload {
    /// The image: JPEG, PNG, WebP or GIF, recognised by its content.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// 1-120 characters.
    pub title: String,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// Comma-separated, at most 10 tags of 30 letters, digits, `-` or `_`.
    pub tags: Option<String>,
    /// The id of the published template the entry was made with.
    pub template_id: Option<String>,
}

/// The entry in a received form (read by [`UploadForm`]).
fn read_form(upload: &Upload) -> EntryForm {
    EntryForm {
        title: upload.text("title").to_owned(),
        description: upload.text("description").to_owned(),
        tags: upload.text("tags").split(',').map(str::to_owned).collect(),
        image: upload.file.clone(),
        template_id: upload.text("template_id").to_owned(),
    }
}

/// Submits an entry: `multipart/form-data` with the image in `file` and
/// `title`, `description`, `tags` and, optionally, `template_id`.
#[utoipa::path(
    post,
    path = "/api/v1/challenges/{slug}/entries",
    tag = "entries",
    security(("bearer" = ["member", "expert"])),
    params(("slug" = String, Path)),
    request_body(content = EntryUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = EntryDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "staff do not compete; `email_unverified`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`submissions_closed`, `entry_limit_reached`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`, `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`, `format_not_accepted`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`, `image_too_small`, `invalid_title`, `invalid_description`, `invalid_tags`, `invalid_template`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[post("/challenges/{slug}/entries")]
#[tracing::instrument(skip(state, user, req, form), fields(user_id = user.id()))]
pub async fn submit(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    // Everything that can refuse the entry is asked before the body is read.
    let spec = UploadForm::image(&state.settings.media).with_text_fields(ENTRY_TEXT_FIELDS);
    spec.check_request(&req)?;
    super::submit::submit_precheck(&state, &user, &slug).await?;
    let upload = spec.receive(&state, form).await?;
    let entry = super::submit::submit(&state, &user, &slug, read_form(&upload)).await?;
    Ok(HttpResponse::Created().json(entry))
}

#[utoipa::path(
    get,
    path = "/api/v1/challenges/{slug}/entries",
    tag = "entries",
    security((), ("bearer" = [])),
    params(("slug" = String, Path), GalleryQuery),
    responses(
        (status = 200, body = EntryPage),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_sort`, `invalid_cursor`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`ranking_unavailable`")
    )
)]
#[get("/challenges/{slug}/entries")]
pub async fn list(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    slug: web::Path<String>,
    query: web::Query<GalleryQuery>,
) -> ApiResult<HttpResponse> {
    let page = gallery::page(&state.db, &slug, &viewer, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// How an image matches a colour challenge's palette, before submitting it:
/// `multipart/form-data` with the image in `file`.
#[utoipa::path(
    post,
    path = "/api/v1/challenges/{slug}/palette-check",
    tag = "entries",
    security(("bearer" = [])),
    params(("slug" = String, Path)),
    request_body(content = crate::media::upload::ImageForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = PaletteMatch),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`not_a_colour_challenge`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`, `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited` (checks per account per minute), with Retry-After")
    )
)]
#[post("/challenges/{slug}/palette-check")]
pub async fn palette_check(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    // Refusals first, before a byte of the image is read.
    let spec = UploadForm::image(&state.settings.media);
    spec.check_request(&req)?;
    let ch = palette::palette_precheck(&state, &user, &slug).await?;
    let upload = spec.receive(&state, form).await?;
    Ok(HttpResponse::Ok().json(palette::palette_check(&state, &ch, upload.file.clone()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/entries/{id}",
    tag = "entries",
    security((), ("bearer" = [])),
    params(("id" = i64, Path), crate::content_i18n::AcceptLanguage),
    responses((status = 200, body = EntryDetail, description = "the challenge's title in the requested language", headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found` (also for entries the viewer may not see)"))
)]
#[get("/entries/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
    lang: crate::content_i18n::RequestLocale,
) -> ApiResult<HttpResponse> {
    let mut d = read::detail(&state.db, id.into_inner(), viewer.0.as_ref()).await?;
    let titles =
        crate::challenges::service::titles_in(&state.db, &[d.challenge_slug.as_str()], lang.0)
            .await?;
    if let Some(t) = titles.get(&d.challenge_slug) {
        d.challenge_title.clone_from(t);
    }
    Ok(crate::content_i18n::localized(HttpResponse::Ok(), lang.0).json(d))
}

/// The original upload (metadata removed), for its author and staff.
#[utoipa::path(
    get,
    path = "/api/v1/entries/{id}/original",
    tag = "entries",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "the image", content_type = "image/*"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found` (also for viewers other than the author and staff)"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[get("/entries/{id}/original")]
pub async fn original(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (m, obj) = read::original(&state, id, &user).await?;
    let ext = m.original_key.rsplit('.').next().unwrap_or("bin");
    Ok(HttpResponse::Ok()
        .content_type(obj.content_type.clone())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"entry-{id}-original.{ext}\""),
        ))
        .insert_header(ETag(EntityTag::new_strong(m.sha256.clone())))
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .no_chunking(obj.len)
        .streaming(obj.body))
}

#[utoipa::path(
    patch,
    path = "/api/v1/entries/{id}",
    tag = "entries",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body = UpdateEntryRequest,
    responses(
        (status = 200, body = EntryDetail),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: only the author may change an entry"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`voting_closed`, `entry_closed`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_title`, `invalid_description`, `invalid_tags`")
    )
)]
#[patch("/entries/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<UpdateEntryRequest>,
) -> ApiResult<HttpResponse> {
    let d = edit::update(&state.db, &user, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(d))
}

/// Withdraws one's own entry while submissions are open; its slot is freed.
/// Once voting has started an entry cannot be withdrawn (it would discard
/// the votes others gave it); staff may disqualify it instead.
#[utoipa::path(
    delete,
    path = "/api/v1/entries/{id}",
    tag = "entries",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "withdrawn"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: only the author may withdraw an entry"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`withdraw_closed` (voting has started), `voting_closed`, `entry_closed`")
    )
)]
#[delete("/entries/{id}")]
pub async fn withdraw(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    edit::withdraw(&state.db, &user, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The entries before and after this one in its challenge's gallery, in the
/// order the gallery showed (pass the gallery's `sort`, `tag` and `seed`).
#[utoipa::path(
    get,
    path = "/api/v1/entries/{id}/neighbours",
    tag = "entries",
    security((), ("bearer" = [])),
    params(("id" = i64, Path), NeighbourQuery),
    responses(
        (status = 200, body = EntryNeighbours, description = "`position` 0 when the entry is not in that listing (e.g. another tag)"),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_sort`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`ranking_unavailable`")
    )
)]
#[get("/entries/{id}/neighbours")]
pub async fn neighbours(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
    query: web::Query<NeighbourQuery>,
) -> ApiResult<HttpResponse> {
    let n = gallery::neighbours(&state.db, id.into_inner(), &viewer, &query).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Staff take an entry out of its challenge, at any phase, with a reason
/// that is audited and shown to its author.
#[utoipa::path(
    post,
    path = "/api/v1/staff/entries/{id}/disqualify",
    tag = "entries",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = DisqualifyRequest,
    responses(
        (status = 204, description = "disqualified"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`entry_closed` (already withdrawn or disqualified)"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`")
    )
)]
#[post("/staff/entries/{id}/disqualify")]
pub async fn disqualify(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<DisqualifyRequest>,
) -> ApiResult<HttpResponse> {
    super::disqualify::disqualify(&state.db, &user, id.into_inner(), &body.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    get,
    path = "/api/v1/me/entries",
    tag = "entries",
    security(("bearer" = [])),
    params(crate::content_i18n::AcceptLanguage),
    responses((status = 200, body = MyEntryList, description = "challenge titles in the requested language", headers(("Content-Language" = String))))
)]
#[get("/me/entries")]
pub async fn mine(
    state: web::Data<AppState>,
    user: CurrentUser,
    lang: crate::content_i18n::RequestLocale,
) -> ApiResult<HttpResponse> {
    let mut items = read::mine(&state.db, &user).await?;
    let slugs: Vec<&str> = items.iter().map(|e| e.challenge_slug.as_str()).collect();
    let titles = crate::challenges::service::titles_in(&state.db, &slugs, lang.0).await?;
    for e in &mut items {
        if let Some(t) = titles.get(&e.challenge_slug) {
            e.challenge_title.clone_from(t);
        }
    }
    Ok(crate::content_i18n::localized(HttpResponse::Ok(), lang.0).json(MyEntryList { items }))
}

#[utoipa::path(
    get,
    path = "/api/v1/staff/duplicates",
    tag = "entries",
    security(("bearer" = ["staff", "admin"])),
    responses((status = 200, body = DuplicateFlagList))
)]
#[get("/staff/duplicates")]
pub async fn duplicates(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    let items = super::duplicates::duplicate_flags(&state.db).await?;
    Ok(HttpResponse::Ok().json(DuplicateFlagList { items }))
}

#[utoipa::path(
    post,
    path = "/api/v1/staff/duplicates/{id}",
    tag = "entries",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path, description = "the flagged entry")),
    request_body = ResolveDuplicateRequest,
    responses(
        (status = 204, description = "resolved"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`not_flagged`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`")
    )
)]
#[post("/staff/duplicates/{id}")]
pub async fn resolve_duplicate(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<ResolveDuplicateRequest>,
) -> ApiResult<HttpResponse> {
    super::duplicates::resolve_duplicate(
        &state.db,
        &user,
        id.into_inner(),
        body.disqualify,
        &body.reason,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
