//! `GET /api/v1/media/{key}`: public objects (renditions, covers, avatars,
//! poll-option images) streamed from the store. Keys are unique per upload,
//! so responses are cached for a year. Originals are never served here.

use actix_web::http::header::{self, ETag, EntityTag};
use actix_web::{HttpRequest, HttpResponse, route, web};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::media;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::references::Prefix;

/// Originals are served only through `/entries/{id}/original`, to their
/// author and staff. New originals live under `originals/`, which is not
/// public; originals stored before that kept `media/<uuid>/original.<ext>`
/// beside their renditions, refused here by name.
fn is_public(key: &str) -> bool {
    Prefix::of(key).is_some_and(Prefix::is_public)
        && !key
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with("original."))
}

/// Whether a row names `key` as an entry's original. Checked for keys under
/// `media/`, the only public prefix originals were ever written under, so
/// an original is refused whatever its name.
async fn is_an_original(db: &sea_orm::DatabaseConnection, key: &str) -> ApiResult<bool> {
    if Prefix::of(key) != Some(Prefix::Media) {
        return Ok(false);
    }
    Ok(media::Entity::find()
        .filter(media::Column::OriginalKey.eq(key))
        .count(db)
        .await?
        > 0)
}

#[utoipa::path(
    get,
    path = "/api/v1/media/{key}",
    tag = "media",
    params(("key" = String, Path, description = "object key, e.g. avatars/12/....jpg")),
    responses(
        (status = 200, description = "the object, with Content-Type, ETag and immutable caching; HEAD answers the same headers without the body"),
        (status = 304, description = "not modified (If-None-Match)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[route("/media/{key:.*}", method = "GET", method = "HEAD")]
pub async fn get_object(
    state: web::Data<AppState>,
    req: HttpRequest,
    key: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let key = key.into_inner();
    if !is_public(&key)
        || crate::storage::validate_key(&key).is_err()
        || is_an_original(&state.db, &key).await?
    {
        return Err(ApiError::not_found("no such media"));
    }
    use sha2::Digest;
    let etag = EntityTag::new_strong(hex::encode(&sha2::Sha256::digest(key.as_bytes())[..16]));
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_matches('"') == etag.tag())
        });
    if matches {
        return Ok(HttpResponse::NotModified()
            .insert_header(ETag(etag))
            .finish());
    }
    let obj = state.store.get(&key).await?;
    Ok(HttpResponse::Ok()
        .content_type(obj.content_type.clone())
        .insert_header(ETag(etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .no_chunking(obj.len)
        .streaming(obj.body))
}
