//! One error type for every HTTP answer that is not a success.
//!
//! Each error carries a status, a stable machine-readable `code` and a message
//! for people: in English the `message` written where the error is made (the
//! most precise one); in other languages, picked from `Accept-Language` by
//! [`crate::i18n`], the code's Fluent message (`api/locales/<tag>/errors.ftl`),
//! filled with the details the error carries. Internal causes are logged with
//! the request's span and never shown to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use atelier_api::i18n::{Arg, Locale, errors};
use atelier_api::{ErrorArg, ErrorBody, ErrorDetail};
use sea_orm::DbErr;

use crate::storage::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds, for 429 answers.
    pub retry_after: Option<u64>,
    /// The attribute of the code's message that says more (`.limit`, ...).
    variant: Option<&'static str>,
    /// Values for the variables of that attribute.
    args: Vec<(&'static str, Arg<'static>)>,
    source: Option<anyhow::Error>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            variant: None,
            args: Vec::new(),
            source: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            message,
        )
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_many_requests(retry_after: u64) -> Self {
        let secs = retry_after.max(1);
        ApiError {
            retry_after: Some(secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many attempts; try again later",
            )
        }
        .variant("retry")
        .arg("seconds", secs)
    }

    pub fn unavailable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
    }

    /// A failure the client cannot fix; the cause is logged, not returned.
    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        ApiError {
            source: Some(source.into()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong on our side",
            )
        }
    }

    /// Replaces the code, keeping status and message.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_source(mut self, source: impl Into<anyhow::Error>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Answers with the attribute `name` of the code's message (which says
    /// more than the general message), filled with the [`arg`](Self::arg)s.
    pub fn variant(mut self, name: &'static str) -> Self {
        self.variant = Some(name);
        self
    }

    /// A value for a `{ $name }` of the variant.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg<'static>>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The `.detail` variant: a technical explanation (a parser's message),
    /// which stays in English in every locale.
    pub fn detail(self, detail: impl Into<String>) -> Self {
        self.variant("detail").arg("detail", detail.into())
    }

    /// What a reader of `locale` is told: in English the message as written,
    /// else the code's translated message (or, for a code without one, which
    /// a test prevents, the English message).
    pub fn localised_message(&self, locale: Locale) -> String {
        if locale == Locale::En {
            return self.message.clone();
        }
        errors::render(locale, self.code, self.variant, &self.args)
            .unwrap_or_else(|| self.message.clone())
    }

    /// The JSON answer in `locale`, with `Content-Language` saying which and
    /// `Vary: Accept-Language` telling caches that it depends on the request.
    pub fn response_in(&self, locale: Locale) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        if let Some(v) = self
            .retry_after
            .and_then(|secs| HeaderValue::from_str(&secs.to_string()).ok())
        {
            res.insert_header((header::RETRY_AFTER, v));
        }
        res.insert_header((header::CONTENT_LANGUAGE, locale.tag()));
        res.append_header((header::VARY, "Accept-Language"));
        res.json(ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.localised_message(locale),
                reason: self.variant.map(str::to_owned),
                args: self
                    .args
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), error_arg(value)))
                    .collect(),
            },
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source:#}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, error = %self, "request failed");
        } else {
            tracing::debug!(code = self.code, error = %self, "request refused");
        }
        // English here; crate::i18n answers again in the request's language.
        self.response_in(Locale::En)
    }
}

/// A variable of a message as the JSON answer carries it (whole numbers stay
/// numbers, so a client picks the same plural form).
fn error_arg(value: &Arg<'_>) -> ErrorArg {
    match value {
        Arg::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => ErrorArg::Number(*n as i64),
        Arg::Num(n) => ErrorArg::Text(n.to_string()),
        Arg::Str(s) => ErrorArg::Text(s.to_string()),
    }
}

/// Seconds a client is asked to wait after `database_unavailable`.
pub const DATABASE_RETRY_AFTER_SECS: u64 = 2;

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if is_connection_fault(&err) {
            return ApiError {
                retry_after: Some(DATABASE_RETRY_AFTER_SECS),
                ..ApiError::unavailable("database_unavailable", "the database is unreachable")
                    .with_source(err)
            };
        }
        match &err {
            DbErr::RecordNotFound(_) => ApiError::not_found("not found"),
            _ => ApiError::internal(err),
        }
    }
}

/// Whether a database error means the connection was lost or refused (the
/// server restarting, failing over or unreachable) rather than a fault of
/// the statement: the same request may succeed on a fresh connection.
pub fn is_connection_fault(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            is_sqlx_connection_fault(e)
        }
        _ => false,
    }
}

fn is_sqlx_connection_fault(err: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match err {
        E::Io(_)
        | E::Tls(_)
        | E::Protocol(_)
        | E::PoolTimedOut
        | E::PoolClosed
        | E::WorkerCrashed
        | E::BeginFailed => true,
        // PostgreSQL SQLSTATE class 08 (connection exception) and 57P01-03:
        // admin shutdown, crash shutdown, cannot connect now (starting up).
        E::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(_) => ApiError::not_found("object not found"),
            StoreError::InvalidKey(_) => ApiError::internal(err),
            StoreError::Unavailable(_) => {
                ApiError::unavailable("store_unavailable", "object storage is unreachable")
                    .with_source(err)
            }
            StoreError::Other(_) => ApiError::internal(err),
        }
    }
}

/// Whether a database error is a unique-constraint violation (both backends).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// JSON, query and path extractor failures answer in the same shape.
pub fn json_error_handler(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &err {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is too large",
        ),
        E::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: application/json",
        ),
        E::Deserialize(e) => {
            ApiError::bad_request("invalid_json", format!("invalid JSON body: {e}"))
                .detail(e.to_string())
        }
        _ => ApiError::bad_request("invalid_body", err.to_string()).detail(err.to_string()),
    };
    api.into()
}

pub fn query_error_handler(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::bad_request("invalid_query", err.to_string())
        .detail(err.to_string())
        .into()
}

pub fn path_error_handler(
    err: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::bad_request("invalid_path", err.to_string())
        .detail(err.to_string())
        .into()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;

    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::error::{DatabaseError, ErrorKind};

    use super::*;

    /// A driver error with a given SQLSTATE, as PostgreSQL would send it.
    #[derive(Debug)]
    struct Sqlstate(&'static str);

    impl std::fmt::Display for Sqlstate {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "SQLSTATE {}", self.0)
        }
    }

    impl std::error::Error for Sqlstate {}

    impl DatabaseError for Sqlstate {
        fn message(&self) -> &str {
            "terminating connection due to administrator command"
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(self.0))
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> ErrorKind {
            ErrorKind::Other
        }
    }

    fn query(e: sea_orm::sqlx::Error) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
    }

    #[test]
    fn lost_connections_are_503_with_retry_after() {
        for err in [
            query(sea_orm::sqlx::Error::Database(Box::new(Sqlstate("57P01")))),
            query(sea_orm::sqlx::Error::Database(Box::new(Sqlstate("57P03")))),
            query(sea_orm::sqlx::Error::Database(Box::new(Sqlstate("08006")))),
            DbErr::Exec(RuntimeErr::SqlxError(Arc::new(sea_orm::sqlx::Error::Io(
                std::io::Error::from(std::io::ErrorKind::ConnectionReset),
            )))),
            query(sea_orm::sqlx::Error::PoolTimedOut),
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed),
        ] {
            let api = ApiError::from(err);
            assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{api}");
            assert_eq!(api.code, "database_unavailable");
            assert_eq!(api.retry_after, Some(DATABASE_RETRY_AFTER_SECS));
        }
    }

    #[test]
    fn statement_faults_stay_internal() {
        for err in [
            query(sea_orm::sqlx::Error::Database(Box::new(Sqlstate("42P01")))),
            query(sea_orm::sqlx::Error::RowNotFound),
            DbErr::Query(RuntimeErr::Internal("bad".into())),
        ] {
            let api = ApiError::from(err);
            assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR, "{api}");
            assert_eq!(api.retry_after, None);
        }
    }
}
