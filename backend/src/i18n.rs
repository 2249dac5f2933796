//! The language of the API's answers. `Accept-Language` picks English or
//! Traditional Chinese (any `zh`, `zh-TW`, `zh-Hant`, ... reads zh-TW; see
//! `atelier_api::i18n::Locale`), and the error answers of the app are written
//! again in it, with `Content-Language`. Successful answers carry data, not
//! prose, and are left as they are.

use actix_web::Error;
use actix_web::HttpRequest;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    self, AcceptLanguage, Header, HeaderValue, LanguageTag, Preference, Quality,
};
use actix_web::middleware::Next;
use atelier_api::i18n::Locale;

use crate::error::ApiError;

/// The request's language: its most preferred supported one (by q-value,
/// ties in listed order), else English. `q=0` means "not this one".
pub fn locale_of(req: &HttpRequest) -> Locale {
    preferred_locale(req).unwrap_or(Locale::En)
}

/// The request's most preferred supported language, if it names one (mail
/// to someone who named none is written in both).
pub fn preferred_locale(req: &HttpRequest) -> Option<Locale> {
    let accept = AcceptLanguage::parse(req).ok()?;
    let mut items: Vec<_> = accept
        .iter()
        .filter(|item| item.quality > Quality::ZERO)
        .collect();
    // Stable: equal q-values keep the client's order.
    items.sort_by_key(|item| std::cmp::Reverse(item.quality));
    items.iter().find_map(|item| match &item.item {
        Preference::Specific(tag) => Locale::from_tag(LanguageTag::as_str(tag)),
        Preference::Any => None,
    })
}

/// Middleware: rewrites an [`ApiError`] answer in the request's language.
/// Registered innermost, so compression and the security headers apply to the
/// rewritten body and the error stays attached for logging.
pub async fn localise_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let locale = locale_of(req.request());
    let res = next.call(req).await?.map_into_boxed_body();
    if locale == Locale::En {
        // ApiError answers are already English, with Content-Language: en.
        return Ok(res);
    }
    let Some(body) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|api| api.response_in(locale).into_body())
    else {
        return Ok(res);
    };
    Ok(res.map_body(|head, _english| {
        head.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(locale.tag()),
        );
        body
    }))
}
