//! Uploads and images: the one upload form ([`upload`]), the places for
//! uploads at once, bounded CPU work, format detection by content, and the
//! image pipeline that decodes under pixel and memory limits and re-encodes
//! (dropping all metadata). Serving objects from the store.

pub mod pipeline;
pub mod rehash;
pub mod routes;
pub mod upload;

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use image::ImageFormat;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ApiError, ApiResult};

/// A place among the uploads received at once (`media.max_concurrent_uploads`),
/// taken before the body is read and held until the upload is processed;
/// none free is 503 `uploads_busy` with Retry-After.
pub fn upload_permit(state: &crate::state::AppState) -> ApiResult<OwnedSemaphorePermit> {
    state
        .upload_permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            let mut e = ApiError::unavailable(
                "uploads_busy",
                "too many uploads are in progress; try again shortly",
            );
            e.retry_after = Some(UPLOADS_BUSY_RETRY_SECS);
            e
        })
}

/// Runs CPU-heavy `work` on the blocking pool under one of `permits`,
/// answering 422 `processing_timeout` after `timeout`. The permit moves
/// into the blocking task, so it is released only when the work really
/// stops, not when the timeout answers: a timed-out decode cannot let
/// more work start than there are permits. `work` should itself give up
/// soon after its deadline (the pipeline checks between stages).
pub async fn run_bounded<T: Send + 'static>(
    permits: &Arc<Semaphore>,
    timeout: Duration,
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let permit = permits
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout(timeout, task).await {
        Ok(joined) => joined.map_err(ApiError::internal)?,
        Err(_) => Err(pipeline::timed_out()),
    }
}

/// Seconds a client is asked to wait when every upload place is taken.
pub const UPLOADS_BUSY_RETRY_SECS: u64 = 5;

/// The formats accepted anywhere on the platform.
pub fn sniff(bytes: &[u8]) -> ApiResult<ImageFormat> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            Ok(f)
        }
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image_format",
            "the file is not a JPEG, PNG, WebP or GIF image",
        )),
    }
}

fn image_error(e: image::ImageError) -> ApiError {
    use image::ImageError as E;
    match e {
        E::Limits(_) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
            "the image is too large to process",
        ),
        E::Unsupported(u) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image_format",
            format!("unsupported image: {u}"),
        ),
        other => ApiError::validation(format!("the image could not be decoded: {other}"))
            .code("invalid_image"),
    }
}

/// Largest avatar upload, in bytes (within `media.max_upload_bytes`).
pub const AVATAR_MAX_BYTES: usize = 5 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_timed_out_job_keeps_its_permit_until_it_stops() {
        let permits = Arc::new(Semaphore::new(1));
        let started = std::time::Instant::now();
        let err = run_bounded(&permits, Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(600));
            Ok(())
        })
        .await
        .unwrap_err();
        assert_eq!(err.code, "processing_timeout");
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "answered at the timeout"
        );
        assert_eq!(permits.available_permits(), 0, "the work still runs");
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert_eq!(
            permits.available_permits(),
            1,
            "released when the work ended"
        );
        let ok = run_bounded(&permits, Duration::from_secs(5), || Ok(7)).await;
        assert_eq!(ok.unwrap(), 7);
    }

    #[test]
    fn text_is_not_an_image() {
        assert_eq!(
            sniff(b"hello world, not an image").unwrap_err().code,
            "unsupported_image_format"
        );
    }
}
