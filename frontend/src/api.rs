//! The one typed client for Atelier's HTTP API (`/api/v1`), over the browser's fetch.
//!
//! Every call returns `Result<T, ApiError>`, where `ApiError` carries the server's
//! `{"error":{"code","message"}}`. Authenticated calls take their access token from the
//! [`Session`], which refreshes it when it is about to expire; after a 401 they refresh
//! and retry once.

mod account;
mod challenges;
mod creator;
mod finance;
mod staff;
mod templates;
mod voting;

pub use account::*;
pub use challenges::*;
pub use creator::*;
pub use finance::*;
pub use staff::*;
pub use templates::*;
pub use voting::*;

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use atelier_api::{ErrorArg, ErrorBody};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::Session;
use crate::upload;

pub const BASE: &str = "/api/v1";

/// A failed call: an error answer from the server, or one of the client-side codes below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status; 0 when no answer arrived.
    pub status: u16,
    pub code: String,
    pub message: String,
    /// The attribute of the code's message that says more (`too-short`...).
    pub reason: Option<String>,
    /// The variables of that attribute.
    pub args: BTreeMap<String, ErrorArg>,
}

impl ApiError {
    /// No answer: offline, DNS, CORS, aborted.
    pub const NETWORK: &'static str = "network_error";
    /// An answer whose body was not what the contract says.
    pub const BAD_RESPONSE: &'static str = "bad_response";
    /// An authenticated call without a session (or after it could not be refreshed).
    pub const NOT_LOGGED_IN: &'static str = "not_logged_in";

    pub fn network(err: impl fmt::Display) -> Self {
        ApiError {
            status: 0,
            code: Self::NETWORK.to_owned(),
            message: err.to_string(),
            reason: None,
            args: BTreeMap::new(),
        }
    }

    pub fn bad_response(status: u16, err: impl fmt::Display) -> Self {
        ApiError {
            status,
            code: Self::BAD_RESPONSE.to_owned(),
            message: err.to_string(),
            reason: None,
            args: BTreeMap::new(),
        }
    }

    pub fn not_logged_in() -> Self {
        ApiError {
            status: 401,
            code: Self::NOT_LOGGED_IN.to_owned(),
            message: "not logged in".to_owned(),
            reason: None,
            args: BTreeMap::new(),
        }
    }

    /// Builds the error for a non-2xx answer from its body, which should be an [`ErrorBody`].
    pub fn from_response(status: u16, body: &str) -> Self {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error }) => ApiError {
                status,
                code: error.code,
                message: error.message,
                reason: error.reason,
                args: error.args,
            },
            Err(_) => ApiError {
                status,
                code: format!("http_{status}"),
                message: if body.trim().is_empty() {
                    format!("HTTP {status}")
                } else {
                    body.chars().take(200).collect()
                },
                reason: None,
                args: BTreeMap::new(),
            },
        }
    }
}

impl ApiError {
    /// What a reader of `locale` is told: the message for the code (with the
    /// detail the server gave, `reason`), from the same table the server
    /// answers with; a code the table does not know (a proxy's `http_502`)
    /// keeps the message that came with it.
    pub fn text(&self, locale: crate::i18n::Locale) -> String {
        atelier_api::localised_error(locale, &self.code, self.reason.as_deref(), &self.args)
            .unwrap_or_else(|| self.message.clone())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// A request body that can be sent again (for the retry after a 401).
#[derive(Clone)]
enum Body {
    Empty,
    Json(String),
}

impl Body {
    fn json(value: &impl Serialize) -> Result<Body, ApiError> {
        serde_json::to_string(value)
            .map(Body::Json)
            .map_err(|e| ApiError::bad_response(0, e))
    }
}

/// Percent-encodes a path segment or query value (RFC 3986 unreserved characters pass).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

thread_local! {
    /// The app's locale, registered by the shell with [`send_locale_of`].
    static UI_LOCALE: std::cell::Cell<Option<crate::i18n::I18n>> =
        const { std::cell::Cell::new(None) };
}

/// Makes every call ask for `i18n`'s current locale (`Accept-Language`), so
/// staff-written content comes in the language the UI shows.
pub fn send_locale_of(i18n: crate::i18n::I18n) {
    UI_LOCALE.with(|l| l.set(Some(i18n)));
}

/// The language every call asks for (`Accept-Language`): the UI's locale,
/// read without subscribing the caller.
pub(crate) fn ui_language() -> Option<&'static str> {
    UI_LOCALE
        .with(std::cell::Cell::get)
        .map(|i18n| leptos::prelude::untrack(|| i18n.locale()).tag())
}

async fn send(
    method: Method,
    path: &str,
    body: &Body,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(method)
        .header("Accept", "application/json");
    // Read when the request leaves, not when the caller was created, and
    // without subscribing the caller: pages refetch by tracking the locale.
    if let Some(tag) = ui_language() {
        builder = builder.header("Accept-Language", tag);
    }
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder
            .header("Content-Type", "application/json")
            .body(json.as_str()),
    }
    .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(ApiError::from_response(status, &text))
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let text = response.text().await.map_err(ApiError::network)?;
    serde_json::from_str(&text).map_err(|e| ApiError::bad_response(status, e))
}

async fn public<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    decode(send(method, path, &body, None).await?).await
}

/// An authenticated call: fresh token first, and one refresh-and-retry after a 401.
async fn authed_response(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<Response, ApiError> {
    let token = session.access_token().await?;
    match send(method.clone(), path, &body, Some(&token)).await {
        Err(e) if e.status == 401 => {
            let token = session.token_after_rejection(&token).await?;
            send(method, path, &body, Some(&token)).await
        }
        other => other,
    }
}

async fn authed<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    decode(authed_response(session, method, path, body).await?).await
}

/// A call that anyone may make, sent with the viewer's token when there is a session, so
/// the answer can include what only they may see (their ballot, "editable", ...).
async fn viewer<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    if session.has_user_untracked() {
        authed(session, method, path, body).await
    } else {
        public(method, path, body).await
    }
}

/// A file fetched with the bearer token, to be saved by the browser.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// From `Content-Disposition`, when the server names the file.
    pub filename: Option<String>,
}

/// The `filename="..."` of a `Content-Disposition` header.
pub fn disposition_filename(header: &str) -> Option<String> {
    header.split(';').map(str::trim).find_map(|part| {
        let value = part.strip_prefix("filename=")?;
        let name = value.trim_matches('"');
        (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
    })
}

/// Paths the server hands out (`/api/v1/...`) relative to [`BASE`].
fn api_path(path: &str) -> &str {
    path.strip_prefix(BASE).unwrap_or(path)
}

/// Fetches a protected file (an original upload, a CSV export) with the bearer token.
pub async fn download(session: Session, path: &str) -> Result<Download, ApiError> {
    let response = authed_response(session, Method::GET, api_path(path), Body::Empty).await?;
    let headers = response.headers();
    let content_type = headers
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let filename = headers
        .get("content-disposition")
        .and_then(|h| disposition_filename(&h));
    let bytes = response.binary().await.map_err(ApiError::network)?;
    Ok(Download {
        bytes,
        content_type,
        filename,
    })
}

/// How much of an upload has been sent, 0.0 to 1.0.
pub type Progress = Rc<dyn Fn(f64)>;

/// An image upload, the one way the server takes images: `multipart/form-data` with
/// the image in `file` and the text `fields`, sent by [`upload::send_form`] so
/// `on_progress` hears how much has gone; a fresh token first, and one
/// refresh-and-retry after a 401, as for [`authed`].
async fn upload_form<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    fields: &[(&str, &str)],
    file: &web_sys::File,
    on_progress: Progress,
) -> Result<T, ApiError> {
    let url = format!("{BASE}{path}");
    let method = method.as_str();
    let token = session.access_token().await?;
    let sent = upload::send_form(method, &url, &token, fields, file, on_progress.clone()).await;
    let (status, text) = match sent {
        Err(e) if e.status == 401 => {
            let token = session.token_after_rejection(&token).await?;
            upload::send_form(method, &url, &token, fields, file, on_progress).await?
        }
        other => other?,
    };
    serde_json::from_str(&text).map_err(|e| ApiError::bad_response(status, e))
}

/// An image alone, as a form with the image in `file`, its progress not shown.
async fn upload_image<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    file: &web_sys::File,
) -> Result<T, ApiError> {
    upload_form(session, method, path, &[], file, Rc::new(|_| {})).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_keep_their_code_and_message() {
        let err = ApiError::from_response(
            409,
            r#"{"error":{"code":"handle_taken","message":"That handle is taken"}}"#,
        );
        assert_eq!(err.status, 409);
        assert_eq!(err.code, "handle_taken");
        assert_eq!(err.message, "That handle is taken");
    }

    #[test]
    fn non_json_errors_still_become_api_errors() {
        let err = ApiError::from_response(502, "Bad Gateway");
        assert_eq!(err.code, "http_502");
        assert_eq!(err.message, "Bad Gateway");
        assert_eq!(ApiError::from_response(500, "").message, "HTTP 500");
    }

    #[test]
    fn gallery_queries_leave_out_what_is_unset() {
        let q = GalleryQuery {
            tag: Some(" red lantern ".into()),
            cursor: Some("n42".into()),
            limit: Some(24),
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "sort=newest&tag=red%20lantern&cursor=n42&limit=24"
        );
        let ranked = GalleryQuery {
            rank: true,
            tag: Some("  ".into()),
            seed: Some("abc".into()),
            ..Default::default()
        };
        assert_eq!(ranked.to_query_string(), "sort=rank&seed=abc");
    }

    #[test]
    fn download_names_come_from_content_disposition() {
        assert_eq!(
            disposition_filename(r#"attachment; filename="poll-3-ballots.csv""#).as_deref(),
            Some("poll-3-ballots.csv")
        );
        assert_eq!(disposition_filename("inline"), None);
        assert_eq!(disposition_filename(r#"attachment; filename="../x""#), None);
    }

    #[test]
    fn server_paths_are_made_relative_to_the_api() {
        assert_eq!(
            api_path("/api/v1/entries/3/original"),
            "/entries/3/original"
        );
        assert_eq!(api_path("/entries/3"), "/entries/3");
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("mei-lin_2.0~"), "mei-lin_2.0~");
        assert_eq!(encode_component("a b&c/d"), "a%20b%26c%2Fd");
        assert_eq!(encode_component("美"), "%E7%BE%8E");
    }
}
