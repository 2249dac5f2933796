//! Serves the built WASM frontend: files under `frontend_dir`, hashed assets
//! with a year-long immutable cache, and `index.html` (never cached) for every
//! other GET so the client-side router can take over.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// A request path maps to a file only through plain segments.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() {
        return None;
    }
    rel.split('/')
        .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'))
        .then(|| PathBuf::from(rel))
}

async fn file_response(
    req: &HttpRequest,
    path: &Path,
    cache: &'static str,
) -> std::io::Result<HttpResponse> {
    let file = NamedFile::open_async(path).await?;
    let mut res = file.into_response(req);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(res)
}

pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(
            ApiError::not_found(format!("no endpoint {} {path}", req.method()))
                .variant("endpoint")
                .arg("method", req.method().to_string())
                .arg("path", path.to_owned()),
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "only GET and HEAD are served here",
        ));
    }
    let dir = &state.settings.frontend_dir;
    if let Some(rel) = safe_relative(path) {
        let full = dir.join(&rel);
        if tokio::fs::metadata(&full).await.is_ok_and(|m| m.is_file()) {
            let cache = if rel.starts_with("assets") {
                IMMUTABLE
            } else {
                NO_CACHE
            };
            return file_response(&req, &full, cache)
                .await
                .map_err(ApiError::internal);
        }
        if rel.starts_with("assets") {
            return Err(ApiError::not_found("no such asset"));
        }
    }
    let index = dir.join("index.html");
    match file_response(&req, &index, NO_CACHE).await {
        Ok(res) => Ok(res),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ApiError::unavailable(
            "frontend_not_built",
            format!(
                "the web frontend is not built at {}; run scripts/build-frontend.sh",
                dir.display()
            ),
        )
        .variant("dir")
        .arg("dir", dir.display().to_string())),
        Err(e) => Err(ApiError::internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_segments_map_to_files() {
        assert_eq!(
            safe_relative("/assets/x.js"),
            Some(PathBuf::from("assets/x.js"))
        );
        assert_eq!(safe_relative("/"), None);
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a//b"), None);
        assert_eq!(safe_relative("/a\\..\\b"), None);
    }
}
