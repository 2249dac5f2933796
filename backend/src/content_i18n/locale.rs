//! The languages content is written in (`atelier_api::i18n::Locale`), and
//! the one a request asks for (negotiated by `crate::i18n::locale_of`, as for
//! error messages).

use std::future::{Ready, ready};

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponseBuilder, dev::Payload};
pub use atelier_api::i18n::Locale;

use crate::error::ApiError;

/// One of our tags exactly (any letter case), as staff send them and the
/// database stores them: `en`, `zh-TW`.
pub fn parse_tag(tag: &str) -> Option<Locale> {
    Locale::ALL
        .into_iter()
        .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
}

/// A stored base language (English should a row hold something else).
pub fn base_of(tag: &str) -> Locale {
    parse_tag(tag).unwrap_or(Locale::En)
}

/// Extractor: the language the request asks for (never fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLocale(pub Locale);

impl FromRequest for RequestLocale {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(RequestLocale(crate::i18n::locale_of(req))))
    }
}

/// Marks an answer as written in `locale`: `Content-Language`, and `Vary:
/// Accept-Language` so caches keep one copy per language.
pub fn localized(mut builder: HttpResponseBuilder, locale: Locale) -> HttpResponseBuilder {
    builder
        .insert_header((header::CONTENT_LANGUAGE, locale.tag()))
        .append_header((header::VARY, "Accept-Language"));
    builder
}

/// The request header, for the OpenAPI document of content reads.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct AcceptLanguage {
    /// `zh-TW`, `zh`, `zh-Hant`... answers in Traditional Chinese, anything
    /// else in English; texts staff did not write in that language come in
    /// the base language. The answer's `Content-Language` says which was used.
    #[param(rename = "Accept-Language")]
    pub accept_language: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn asked(value: &str) -> Locale {
        let req = TestRequest::default()
            .insert_header(("accept-language", value))
            .to_http_request();
        RequestLocale::extract(&req)
            .into_inner()
            .map_or(Locale::En, |l| l.0)
    }

    #[test]
    fn any_chinese_reads_traditional_chinese() {
        for v in ["zh-TW", "zh", "zh-Hant", "zh-Hant-TW", "zh-HK", "ZH-tw"] {
            assert_eq!(asked(v), Locale::ZhTw, "{v}");
        }
    }

    #[test]
    fn everything_else_reads_english() {
        for v in ["en", "en-GB", "fr-FR, de", "*", "", "not a header ;;; q=x"] {
            assert_eq!(asked(v), Locale::En, "{v:?}");
        }
    }

    #[test]
    fn q_values_order_the_preferences() {
        assert_eq!(asked("fr, zh-TW;q=0.8, en;q=0.5"), Locale::ZhTw);
        assert_eq!(asked("zh-TW;q=0.4, en;q=0.9"), Locale::En);
        assert_eq!(asked("zh;q=0, en-US"), Locale::En);
        assert_eq!(asked("en-US, zh-TW"), Locale::En);
    }

    #[test]
    fn stored_tags_parse_exactly() {
        assert_eq!(parse_tag("zh-tw"), Some(Locale::ZhTw));
        assert_eq!(parse_tag("en"), Some(Locale::En));
        assert_eq!(parse_tag("zh"), None);
        assert_eq!(parse_tag("fr"), None);
        assert_eq!(base_of("??"), Locale::En);
        for l in Locale::ALL {
            assert_eq!(parse_tag(l.tag()), Some(l));
        }
        let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(tags, atelier_api::CONTENT_LOCALES);
    }
}
