//! The one way an image reaches the server: a `multipart/form-data` request
//! with the image in a `file` field and, where an endpoint asks for them, a
//! few named text fields (an entry's `title`, `description`, `tags`).
//!
//! [`UploadForm::check_request`] refuses what the headers already tell (not
//! a form: 415 `unsupported_media_type`; a declared length beyond the limit:
//! 413) before a byte of the body is read; [`UploadForm::receive`] takes a
//! place among the uploads at once (503 `uploads_busy`) and streams the
//! form, refusing as soon as a limit is passed, so no more than the limits
//! is ever held in memory. Decoding is the image pipeline's business.

use std::time::Duration;

use actix_multipart::{Multipart, MultipartError};
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, mime};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use tokio::sync::OwnedSemaphorePermit;

use crate::config::MediaSettings;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The name of the part that carries the image.
pub const FILE_FIELD: &str = "file";
/// Largest text field, in bytes.
pub const TEXT_FIELD_LIMIT: usize = 16 * 1024;
/// Room for boundaries and part headers when a declared length is judged.
const FORM_OVERHEAD: usize = 64 * 1024;

/// The form of an image upload, as OpenAPI shows it.
#[derive(utoipa::ToSchema)]
pub struct ImageForm {
    /// The image: JPEG, PNG, WebP or GIF, recognised by its content.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// What one upload endpoint accepts.
#[derive(Debug, Clone)]
pub struct UploadForm {
    max_file_bytes: usize,
    text_fields: &'static [&'static str],
    timeout: Duration,
}

/// A received form: the image's bytes and the text fields that were sent.
/// Holds its place among the uploads at once until dropped, so keep it
/// until the image is processed.
#[derive(Debug)]
pub struct Upload {
    pub file: Bytes,
    /// The file name the browser gave the `file` part, if any (never trusted
    /// for the format; a template source keeps it as its display name).
    pub file_name: Option<String>,
    texts: Vec<(&'static str, String)>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Upload {
    /// A text field's value; empty when the form did not send it.
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl UploadForm {
    /// An image alone, within `media.max_upload_bytes` and arriving within
    /// `media.upload_timeout_secs`.
    pub fn image(media: &MediaSettings) -> UploadForm {
        UploadForm {
            max_file_bytes: media.max_upload_bytes,
            text_fields: &[],
            timeout: Duration::from_secs(media.upload_timeout_secs),
        }
    }

    /// A file of any kind (a template source), within `max_bytes` (its own
    /// limit, `templates.max_source_bytes`, which may exceed the image one)
    /// and arriving within `media.upload_timeout_secs`. What it is, is
    /// decided from its content by the caller.
    pub fn source_file(max_bytes: usize, media: &MediaSettings) -> UploadForm {
        UploadForm {
            max_file_bytes: max_bytes,
            text_fields: &[],
            timeout: Duration::from_secs(media.upload_timeout_secs),
        }
    }

    /// Also accepts these text fields (each at most [`TEXT_FIELD_LIMIT`]
    /// bytes of UTF-8); any other field is refused.
    pub fn with_text_fields(mut self, names: &'static [&'static str]) -> UploadForm {
        self.text_fields = names;
        self
    }

    /// Lowers the image's byte limit (never raises it past the configured one).
    pub fn max_file_bytes(mut self, limit: usize) -> UploadForm {
        self.max_file_bytes = self.max_file_bytes.min(limit);
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> UploadForm {
        self.timeout = timeout;
        self
    }

    /// What can be refused from the headers alone: a body that is not
    /// `multipart/form-data` (415 `unsupported_media_type`), an empty one
    /// (422 `missing_file`) and a declared Content-Length no form within the
    /// limits can have (413 `payload_too_large`).
    pub fn check_request(&self, req: &HttpRequest) -> ApiResult<()> {
        let is_form = matches!(
            req.mime_type(),
            Ok(Some(m)) if m.type_() == mime::MULTIPART && m.subtype() == mime::FORM_DATA
        );
        if !is_form {
            return Err(not_a_form());
        }
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let most = self
            .max_file_bytes
            .saturating_add(self.text_fields.len() * TEXT_FIELD_LIMIT)
            .saturating_add(FORM_OVERHEAD);
        // An empty form (no parts at all) is an empty body.
        if declared == Some(0) {
            return Err(missing_file());
        }
        if declared.is_some_and(|n| n > most) {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the upload is larger than {} bytes", self.max_file_bytes),
            ));
        }
        Ok(())
    }

    /// Takes a place among the uploads received at once (503 `uploads_busy`
    /// when none is free), then reads the form ([`UploadForm::read`]); the
    /// place is held by the returned [`Upload`].
    pub async fn receive(&self, state: &AppState, form: Multipart) -> ApiResult<Upload> {
        let permit = super::upload_permit(state)?;
        let mut upload = self.read(form).await?;
        upload._permit = Some(permit);
        Ok(upload)
    }

    /// Streams the form into memory, refusing, as soon as it shows:
    /// - a malformed form, a field with no name, an unknown field, a text
    ///   field sent twice, a second `file`, text that is not UTF-8: 400
    ///   `invalid_form`;
    /// - a body that is not a form: 415 `unsupported_media_type`;
    /// - a `file` beyond its limit or a text field beyond
    ///   [`TEXT_FIELD_LIMIT`]: 413 `payload_too_large`;
    /// - a connection that breaks off: 400 `upload_interrupted`;
    /// - a form that takes longer than the timeout: 408 `upload_timeout`;
    /// - a form without `file`: 422 `missing_file`.
    pub async fn read(&self, mut form: Multipart) -> ApiResult<Upload> {
        let read = async {
            let mut file: Option<Bytes> = None;
            let mut file_name: Option<String> = None;
            let mut texts: Vec<(&'static str, String)> = Vec::new();
            while let Some(field) = form.next().await {
                let mut field = field.map_err(form_error)?;
                let name = field.name().unwrap_or_default().to_owned();
                if name == FILE_FIELD {
                    if file.is_some() {
                        return Err(invalid_form("the form has more than one `file` field"));
                    }
                    file_name = field
                        .content_disposition()
                        .and_then(|d| d.get_filename())
                        .map(str::to_owned);
                    file = Some(read_field(&mut field, FILE_FIELD, self.max_file_bytes).await?);
                    continue;
                }
                let Some(&known) = self.text_fields.iter().find(|f| **f == name) else {
                    return Err(invalid_form(self.unknown_field(&name)));
                };
                if texts.iter().any(|(n, _)| *n == known) {
                    return Err(invalid_form(format!("the form has `{known}` twice")));
                }
                let bytes = read_field(&mut field, known, TEXT_FIELD_LIMIT).await?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| invalid_form(format!("`{known}` is not UTF-8 text")))?;
                texts.push((known, text));
            }
            let file = file.ok_or_else(missing_file)?;
            Ok(Upload {
                file,
                file_name,
                texts,
                _permit: None,
            })
        };
        tokio::time::timeout(self.timeout, read)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "upload_timeout",
                    "the upload took too long",
                )
            })?
    }

    fn unknown_field(&self, name: &str) -> String {
        let mut known = vec![format!("`{FILE_FIELD}`")];
        known.extend(self.text_fields.iter().map(|f| format!("`{f}`")));
        if name.is_empty() {
            format!(
                "a form field has no name; this form takes {}",
                known.join(", ")
            )
        } else {
            format!(
                "unknown field `{name}`; this form takes {}",
                known.join(", ")
            )
        }
    }
}

/// Reads one field whole, refusing it once it passes `limit` bytes.
async fn read_field(
    field: &mut actix_multipart::Field,
    name: &str,
    limit: usize,
) -> ApiResult<Bytes> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(form_error)?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("`{name}` is larger than {limit} bytes"),
            ));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

fn not_a_form() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the image as multipart/form-data, in a field named `file`",
    )
}

fn missing_file() -> ApiError {
    ApiError::validation("the form has no `file` field with the image").code("missing_file")
}

fn invalid_form(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_form", message)
}

fn form_error(e: MultipartError) -> ApiError {
    use MultipartError as E;
    match e {
        E::ContentTypeMissing | E::ContentTypeParse | E::ContentTypeIncompatible => not_a_form(),
        E::Payload(e) => {
            ApiError::bad_request("upload_interrupted", format!("reading the upload: {e}"))
        }
        other => invalid_form(format!("invalid multipart form: {other}")),
    }
}

#[cfg(test)]
mod tests;
