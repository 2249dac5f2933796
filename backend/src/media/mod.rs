//! Uploads and images: bounded body reading, format detection by content,
//! decoding under pixel and memory limits with EXIF orientation applied, and
//! re-encoding (which drops all metadata). Serving objects from the store.

pub mod pipeline;
pub mod rehash;
pub mod routes;

use std::io::Cursor;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::web;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ApiError, ApiResult};

/// Reads a request body whole, refusing it past `limit` bytes (checked
/// against Content-Length up front and while streaming) or `timeout`.
pub async fn read_body(
    req: &actix_web::HttpRequest,
    mut payload: web::Payload,
    limit: usize,
    timeout: Duration,
) -> ApiResult<Bytes> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the upload exceeds {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let read = async {
        // Grows as bytes arrive: a declared length alone reserves no memory.
        let mut buf = BytesMut::with_capacity(declared.unwrap_or(0).min(limit).min(256 * 1024));
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request("upload_interrupted", format!("reading the upload: {e}"))
            })?;
            if buf.len() + chunk.len() > limit {
                return Err(too_large());
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf.freeze())
    };
    tokio::time::timeout(timeout, read).await.map_err(|_| {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "upload_timeout",
            "the upload took too long",
        )
    })?
}

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

/// Decodes an image whose header promises at most `max_pixels`, refusing
/// bigger ones before any pixel buffer is allocated. Orientation from EXIF
/// is applied, so the result is upright.
pub fn decode_limited(bytes: &[u8], max_pixels: u64) -> ApiResult<(ImageFormat, DynamicImage)> {
    let format = sniff(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // Decoders may need a little more than the final buffer (e.g. GIF frames).
    limits.max_alloc = Some(max_pixels.saturating_mul(4 * 2).max(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(ApiError::validation("the image has no pixels").code("invalid_image"));
    }
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
            format!("the image is {w}x{h}; at most {max_pixels} pixels are accepted"),
        ));
    }
    let orientation = decoder.orientation().map_err(image_error)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    img.apply_orientation(orientation);
    Ok((format, img))
}

pub const AVATAR_SIZE: u32 = 256;
pub const AVATAR_MAX_BYTES: usize = 5 * 1024 * 1024;
const AVATAR_MAX_PIXELS: u64 = 40_000_000;

/// A square JPEG thumbnail, with no metadata from the original.
pub fn avatar(bytes: &[u8]) -> ApiResult<Bytes> {
    let (_, img) = decode_limited(bytes, AVATAR_MAX_PIXELS)?;
    let square = img
        .resize_to_fill(
            AVATAR_SIZE,
            AVATAR_SIZE,
            image::imageops::FilterType::Triangle,
        )
        .to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&square)
        .map_err(ApiError::internal)?;
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

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
    fn avatars_are_square_jpegs() {
        let out = avatar(&png(640, 480)).unwrap();
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!(image::guess_format(&out).unwrap(), ImageFormat::Jpeg);
        assert_eq!((img.width(), img.height()), (AVATAR_SIZE, AVATAR_SIZE));
    }

    #[test]
    fn text_is_not_an_image() {
        assert_eq!(
            sniff(b"hello world, not an image").unwrap_err().code,
            "unsupported_image_format"
        );
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A valid PNG header claiming 100000 x 100000 pixels, with no data.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // Fix the IHDR chunk's CRC (over type + data) so the header is valid.
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            bomb.len(),
            png(1, 1).len(),
            "a few dozen bytes claim 10^10 pixels"
        );
        let err = decode_limited(&bomb, 40_000_000).unwrap_err();
        assert_eq!(err.code, "image_too_large", "{err}");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn truncated_images_are_invalid_not_panics() {
        let data = png(64, 64);
        let err = decode_limited(&data[..data.len() / 2], 40_000_000).unwrap_err();
        assert_eq!(err.code, "invalid_image", "{err}");
    }
}
