//! HTTP handlers for `/api/v1/challenges`.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use atelier_api::{ChallengeDetail, ChallengeInput, ChallengeList, Phase, PhaseOverrideRequest};
use serde::Deserialize;

use super::{admin, service};
use crate::auth::{CurrentUser, MaybeUser};
use crate::content_i18n::{AcceptLanguage, RequestLocale, localized};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only challenges in this phase: upcoming, submissions, voting, closed, results.
    pub phase: Option<String>,
    /// `all` includes drafts and archived challenges (staff only).
    pub include: Option<String>,
}

/// Challenges, newest first: published ones, or all of them for staff with `include=all`.
#[utoipa::path(
    get,
    path = "/api/v1/challenges",
    tag = "challenges",
    security((), ("bearer" = [])),
    params(ListQuery, AcceptLanguage),
    responses(
        (status = 200, body = ChallengeList, description = "titles in the requested language", headers(("Content-Language" = String))),
        (status = 400, body = atelier_api::ErrorBody, description = "`invalid_phase`, `invalid_query` (include is not `all`)"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: `include=all` is for staff")
    )
)]
#[get("/challenges")]
#[tracing::instrument(skip(state, viewer))]
pub async fn list(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    query: web::Query<ListQuery>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let phase = match query.phase.as_deref() {
        None | Some("") => None,
        Some(p) => Some(Phase::parse(p).ok_or_else(|| {
            ApiError::bad_request("invalid_phase", format!("unknown phase {p:?}"))
        })?),
    };
    let all = match query.include.as_deref() {
        None | Some("") => false,
        Some("all") if viewer.is_staff() => true,
        Some("all") => return Err(ApiError::forbidden("only staff see unpublished challenges")),
        Some(other) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                format!("include must be `all`, not {other:?}"),
            ));
        }
    };
    let db = &state.db;
    let items = crate::db::read(|| service::list(db, all, phase, locale)).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(ChallengeList { items }))
}

/// One challenge by its slug, with its brief rendered to safe HTML; texts in
/// the requested language (staff also get them in every language).
#[utoipa::path(
    get,
    path = "/api/v1/challenges/{slug}",
    tag = "challenges",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "challenge slug"), AcceptLanguage),
    responses((status = 200, body = ChallengeDetail, headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found` (drafts are found by staff only)"))
)]
#[get("/challenges/{slug}")]
#[tracing::instrument(skip(state, viewer))]
pub async fn get_one(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    slug: web::Path<String>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, slug, staff) = (&state.db, slug.as_str(), viewer.is_staff());
    let caller = viewer.id();
    let mut detail = crate::db::read(|| async move {
        let m = service::visible(db, slug, staff).await?;
        let mut detail = service::detail_in(db, &m, locale, staff).await?;
        if let Some(id) = caller {
            detail.my_entries = Some(service::entries_used(db, m.id, id).await?);
        }
        Ok::<_, crate::error::ApiError>(detail)
    })
    .await?;
    detail.max_upload_bytes = u64::try_from(state.settings.media.max_upload_bytes).ok();
    Ok(localized(HttpResponse::Ok(), locale).json(detail))
}

#[utoipa::path(
    post,
    path = "/api/v1/challenges",
    tag = "challenges",
    security(("bearer" = ["staff", "admin"])),
    params(AcceptLanguage),
    request_body = ChallengeInput,
    responses(
        (status = 201, body = ChallengeDetail, headers(("Content-Language" = String))),
        (status = 409, body = atelier_api::ErrorBody, description = "`slug_taken`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`missing_field`, `invalid_slug`, `invalid_title`, `invalid_brief`, `invalid_prizes` (base text or a translation), `invalid_palette`, `invalid_rules`, `invalid_phase_times`, `validation_failed` (an unknown language or field in `translations`, or `base_locale`), ...")
    )
)]
#[post("/challenges")]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ChallengeInput>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let m = admin::create(&state.db, &user, body.into_inner()).await?;
    let detail = service::detail_in(&state.db, &m, locale, true).await?;
    Ok(localized(HttpResponse::Created(), locale).json(detail))
}

#[utoipa::path(
    patch,
    path = "/api/v1/challenges/{slug}",
    tag = "challenges",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path), AcceptLanguage),
    request_body = ChallengeInput,
    responses(
        (status = 200, body = ChallengeDetail, headers(("Content-Language" = String))),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`slug_taken`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_slug`, `invalid_title`, `invalid_brief`, `invalid_palette`, `invalid_rules`, `invalid_prizes` (base text or a translation), `invalid_phase_times`, `validation_failed` (an unknown language or field in `translations`, or `base_locale`), ...")
    )
)]
#[patch("/challenges/{slug}")]
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: web::Json<ChallengeInput>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let m = admin::update(&state.db, &user, &slug, body.into_inner()).await?;
    let detail = service::detail_in(&state.db, &m, locale, true).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(detail))
}

/// Sets or clears a staff override of the phase; audited with the reason.
#[utoipa::path(
    put,
    path = "/api/v1/challenges/{slug}/phase-override",
    tag = "challenges",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path), AcceptLanguage),
    request_body = PhaseOverrideRequest,
    responses(
        (status = 200, body = ChallengeDetail, headers(("Content-Language" = String))),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`")
    )
)]
#[put("/challenges/{slug}/phase-override")]
pub async fn override_phase(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: web::Json<PhaseOverrideRequest>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let m = admin::override_phase(&state.db, &user, &slug, body.into_inner()).await?;
    let detail = service::detail_in(&state.db, &m, locale, true).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(detail))
}

/// Replaces the cover image: `multipart/form-data` with the image in `file`.
#[utoipa::path(
    put,
    path = "/api/v1/challenges/{slug}/cover",
    tag = "challenges",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path)),
    request_body(content = crate::media::upload::ImageForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = ChallengeDetail),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`, `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[put("/challenges/{slug}/cover")]
pub async fn put_cover(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    req: HttpRequest,
    form: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    // Refusals first, before a byte of the image is read.
    user.require_staff()?;
    let spec = crate::media::upload::UploadForm::image(&state.settings.media);
    spec.check_request(&req)?;
    admin::find(&state.db, &slug).await?;
    let upload = spec.receive(&state, form).await?;
    let m = crate::entries::submit::set_cover(&state, &user, &slug, upload.file.clone()).await?;
    Ok(HttpResponse::Ok().json(service::detail(&state.db, &m).await?))
}
