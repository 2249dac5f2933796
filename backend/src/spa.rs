//! Serves the built WASM frontend: files under `frontend_dir`, hashed assets
//! with a year-long immutable cache, and `index.html` (never cached) for every
//! other GET so the client-side router can take over.
//!
//! `scripts/build-frontend.sh` writes each asset's brotli (`.br`, quality 11)
//! and gzip (`.gz`, level 9) forms next to it. An asset is answered from the
//! best of those the client accepts, with its `Content-Encoding`, so nothing
//! static is compressed per request (the `Compress` middleware leaves a
//! response that already has an encoding alone).

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
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

/// The precompressed forms, best first: `(suffix, encoding, token)`.
const PRECOMPRESSED: [(&str, ContentEncoding, &str); 2] = [
    ("br", ContentEncoding::Brotli, "br"),
    ("gz", ContentEncoding::Gzip, "gzip"),
];

/// Whether `Accept-Encoding` accepts `token` (present and not `q=0`).
fn accepts(accept_encoding: &str, token: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        if !name.eq_ignore_ascii_case(token) {
            return false;
        }
        !pieces.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        })
    })
}

/// An asset from its precompressed form when the client takes one and the
/// build wrote it; `None` to serve the file as it is.
async fn precompressed_response(
    req: &HttpRequest,
    path: &Path,
) -> std::io::Result<Option<HttpResponse>> {
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for (suffix, encoding, token) in PRECOMPRESSED {
        if !accepts(accept, token) {
            continue;
        }
        let mut name = path.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let candidate = PathBuf::from(name);
        if !tokio::fs::metadata(&candidate)
            .await
            .is_ok_and(|m| m.is_file())
        {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let mime = actix_files::file_extension_to_mime(ext);
        let file = NamedFile::open_async(&candidate)
            .await?
            .set_content_type(mime)
            .disable_content_disposition()
            .set_content_encoding(encoding);
        let mut res = file.into_response(req);
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return Ok(Some(res));
    }
    Ok(None)
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
            let asset = rel.starts_with("assets");
            if asset
                && let Some(res) = precompressed_response(&req, &full)
                    .await
                    .map_err(ApiError::internal)?
            {
                return Ok(res);
            }
            let cache = if asset { IMMUTABLE } else { NO_CACHE };
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

    #[test]
    fn accept_encoding_tokens_and_zero_quality() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(accepts("gzip, br;q=0", "gzip"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("brotli", "br"));
    }
}
