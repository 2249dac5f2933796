//! HTTP handlers for what is uploaded with a template (previews, source
//! files) and for source downloads.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use atelier_api::{DownloadLink, TemplateFile, TemplatePreview};

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::media::upload::UploadForm;
use crate::state::AppState;

/// A source file upload, as OpenAPI shows it.
#[derive(utoipa::ToSchema)]
pub struct SourceForm {
    /// SVG, PDF, PNG, JPEG, PSD, AI or ZIP, recognised by its content; at
    /// most `templates.max_source_bytes`.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Adds a preview image (JPEG, PNG, WebP or GIF, through the image
/// pipeline); a template has 1-8. The first preview's dominant colours are
/// the template's colours.
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/previews",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body(content = crate::media::upload::ImageForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = TemplatePreview),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`too_many_previews`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`, `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[post("/templates/{id}/previews")]
#[tracing::instrument(skip(state, user, req, form), fields(user_id = user.id()))]
pub async fn add_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let spec = UploadForm::image(&state.settings.media);
    spec.check_request(&req)?;
    let t = super::find_editable(&state.db, id.into_inner(), &user).await?;
    super::previews::precheck(&state.db, t.id).await?;
    let upload = spec.receive(&state, form).await?;
    let preview = super::previews::add(&state, &t, upload.file.clone()).await?;
    Ok(HttpResponse::Created().json(preview))
}

#[utoipa::path(
    delete,
    path = "/api/v1/templates/{id}/previews/{preview_id}",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("preview_id" = i64, Path)),
    responses(
        (status = 204, description = "removed"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`last_preview`: a template in review or published keeps one")
    )
)]
#[delete("/templates/{id}/previews/{preview_id}")]
pub async fn remove_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, preview_id) = path.into_inner();
    let t = super::find_editable(&state.db, id, &user).await?;
    super::previews::remove(&state, &t, preview_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Adds a source file, kept private. An SVG is parsed and written back
/// without scripts, event handlers or external references (a file with text
/// must have it converted to outlines); when the template has no preview
/// yet, the SVG is rasterised into its first one.
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/files",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body(content = SourceForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = TemplateFile),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`too_many_files`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`: beyond `templates.max_source_bytes`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_source_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_svg`, `svg_text_not_outlined`, `processing_timeout`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[post("/templates/{id}/files")]
#[tracing::instrument(skip(state, user, req, form), fields(user_id = user.id()))]
pub async fn add_file(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let spec = UploadForm::source_file(
        state.settings.templates.max_source_bytes,
        &state.settings.media,
    );
    spec.check_request(&req)?;
    let t = super::find_editable(&state.db, id.into_inner(), &user).await?;
    super::files::precheck(&state.db, t.id).await?;
    let upload = spec.receive(&state, form).await?;
    let file =
        super::files::add(&state, &t, upload.file.clone(), upload.file_name.as_deref()).await?;
    Ok(HttpResponse::Created().json(file))
}

#[utoipa::path(
    delete,
    path = "/api/v1/templates/{id}/files/{file_id}",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("file_id" = i64, Path)),
    responses(
        (status = 204, description = "removed"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: not its creator or staff"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`last_source`: a template in review or published keeps a file or an editor link")
    )
)]
#[delete("/templates/{id}/files/{file_id}")]
pub async fn remove_file(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, file_id) = path.into_inner();
    let t = super::find_editable(&state.db, id, &user).await?;
    super::files::remove(&state, &t, file_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A short-lived link to a source file (5 minutes by default), for a holder
/// of a live licence, the creator and staff; recorded as a download. With
/// S3 storage it is a presigned URL of the bucket; otherwise
/// `/api/v1/template-files/{token}`.
#[utoipa::path(
    post,
    path = "/api/v1/templates/{id}/files/{file_id}/link",
    tag = "templates",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("file_id" = i64, Path)),
    responses(
        (status = 200, body = DownloadLink),
        (status = 403, body = atelier_api::ErrorBody, description = "`licence_required`"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[post("/templates/{id}/files/{file_id}/link")]
#[tracing::instrument(skip(state, user), fields(user_id = user.id()))]
pub async fn link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, file_id) = path.into_inner();
    let link = super::download::issue(&state, &user, id, file_id).await?;
    Ok(HttpResponse::Ok().json(link))
}

/// A source file through a signed link (FileStore): an attachment that no
/// browser renders in the site's origin (`Content-Security-Policy:
/// sandbox`, `nosniff`).
#[utoipa::path(
    get,
    path = "/api/v1/template-files/{token}",
    tag = "templates",
    params(("token" = String, Path, description = "from a download link")),
    responses(
        (status = 200, description = "the file, as an attachment, with its own content type (image/svg+xml, application/pdf, image/png, application/zip...)", content_type = "*/*"),
        (status = 403, body = atelier_api::ErrorBody, description = "`link_invalid` (not a link we signed), `licence_required` (the licence ended since)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: the file was removed"),
        (status = 410, body = atelier_api::ErrorBody, description = "`link_expired`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[get("/template-files/{token}")]
pub async fn download(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let (file, obj) = super::download::open(&state, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.clone())
        .insert_header(super::download::disposition(&file.file_name))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "sandbox"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .no_chunking(obj.len)
        .streaming(obj.body))
}
