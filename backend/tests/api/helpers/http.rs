//! Requests and their answers: `app.get_json(path, &who)`,
//! `app.post_json(path, &body, &who)` and friends send with the bearer token
//! of `who` (a `User`, a token, or `ANON`) and read the whole answer into an
//! `Answer`, whose assertions say which request failed and what came back.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::TestApp;
use super::users::User;

/// Who sends a request: its bearer token, or none.
pub trait Bearer {
    fn token(&self) -> Option<&str>;
}

/// No `Authorization` header.
pub struct Anonymous;
pub const ANON: Anonymous = Anonymous;

impl Bearer for Anonymous {
    fn token(&self) -> Option<&str> {
        None
    }
}

impl Bearer for User {
    fn token(&self) -> Option<&str> {
        Some(&self.token)
    }
}

impl Bearer for atelier_api::TokenResponse {
    fn token(&self) -> Option<&str> {
        Some(&self.access_token)
    }
}

impl Bearer for str {
    fn token(&self) -> Option<&str> {
        Some(self)
    }
}

impl Bearer for String {
    fn token(&self) -> Option<&str> {
        Some(self)
    }
}

impl Bearer for Option<&str> {
    fn token(&self) -> Option<&str> {
        *self
    }
}

impl<T: Bearer + ?Sized> Bearer for &T {
    fn token(&self) -> Option<&str> {
        (**self).token()
    }
}

/// A status given as a number (`201`) or a `StatusCode`.
pub trait IntoStatus {
    fn status(self) -> StatusCode;
}

impl IntoStatus for u16 {
    fn status(self) -> StatusCode {
        StatusCode::from_u16(self).unwrap()
    }
}

impl IntoStatus for StatusCode {
    fn status(self) -> StatusCode {
        self
    }
}

/// A whole answer: status, headers and body, and the request it answers.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// `METHOD /path` of the request, for failure messages.
    pub request: String,
}

impl Answer {
    /// Reads a response to the end.
    pub async fn read(request: String, res: reqwest::Response) -> Answer {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await.unwrap();
        Answer {
            status,
            headers,
            body,
            request,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts the status; the failure shows the request and the body.
    #[track_caller]
    pub fn expect_status(self, want: impl IntoStatus) -> Answer {
        let want = want.status();
        assert_eq!(
            self.status,
            want,
            "{}: expected {want}, got {}: {}",
            self.request,
            self.status,
            self.text()
        );
        self
    }

    /// The body parsed as `T`.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{}: the {} answer is not the expected JSON ({e}): {}",
                self.request,
                self.status,
                self.text()
            )
        })
    }

    /// `error.code` of an error body ("" when there is none).
    pub fn error_code(&self) -> String {
        let body: serde_json::Value = serde_json::from_slice(&self.body).unwrap_or_default();
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Asserts the status and error code of an error answer that carries a
    /// message; returns the message.
    #[track_caller]
    pub fn expect_error(&self, status: impl IntoStatus, code: &str) -> String {
        let body: serde_json::Value = self.json();
        assert_eq!(
            self.status,
            status.status(),
            "{}: unexpected status; body: {body}",
            self.request
        );
        assert_eq!(
            self.error_code(),
            code,
            "{}: unexpected code; body: {body}",
            self.request
        );
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "error without a message: {body}");
        message.to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The seconds of `Retry-After`; fails when there is none.
    #[track_caller]
    pub fn retry_after(&self) -> u64 {
        let value = self
            .header("retry-after")
            .unwrap_or_else(|| panic!("{}: no Retry-After on {}", self.request, self.status));
        value.parse().unwrap()
    }
}

/// Sends a request built by hand (extra headers, raw bodies) and reads its
/// answer into an `Answer`.
pub trait Answered {
    async fn answer(self) -> Answer;
}

impl Answered for RequestBuilder {
    async fn answer(self) -> Answer {
        let (client, request) = self.build_split();
        let request = request.unwrap();
        let what = format!("{} {}", request.method(), request.url().path());
        Answer::read(what, client.execute(request).await.unwrap()).await
    }
}

/// Asserts status and error code of a response read by hand; returns the
/// message.
pub async fn assert_error(res: reqwest::Response, status: u16, code: &str) -> String {
    let what = res.url().path().to_owned();
    Answer::read(what, res).await.expect_error(status, code)
}

impl TestApp {
    /// A request with `Authorization: Bearer <token>` when `who` has one.
    pub fn request(&self, method: Method, path: &str, who: impl Bearer) -> RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match who.token() {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    /// A request without a body.
    pub async fn call(&self, method: Method, path: &str, who: impl Bearer) -> Answer {
        self.request(method, path, who).answer().await
    }

    /// A request with a JSON body.
    pub async fn call_json(
        &self,
        method: Method,
        path: &str,
        body: &(impl Serialize + ?Sized),
        who: impl Bearer,
    ) -> Answer {
        self.request(method, path, who).json(body).answer().await
    }

    pub async fn get_json(&self, path: &str, who: impl Bearer) -> Answer {
        self.call(Method::GET, path, who).await
    }

    pub async fn delete(&self, path: &str, who: impl Bearer) -> Answer {
        self.call(Method::DELETE, path, who).await
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
        who: impl Bearer,
    ) -> Answer {
        self.call_json(Method::POST, path, body, who).await
    }

    pub async fn put_json(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
        who: impl Bearer,
    ) -> Answer {
        self.call_json(Method::PUT, path, body, who).await
    }

    pub async fn patch_json(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
        who: impl Bearer,
    ) -> Answer {
        self.call_json(Method::PATCH, path, body, who).await
    }
}
