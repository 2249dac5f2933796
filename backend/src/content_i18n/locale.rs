//! The languages content is written in, and the one a request asks for.

use std::future::{Ready, ready};

use actix_web::http::header::{self, Header, LanguageTag, Preference, Quality};
use actix_web::{FromRequest, HttpRequest, HttpResponseBuilder, dev::Payload};

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    ZhTw,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhTw];

    /// The BCP 47 tag, as stored and sent (`atelier_api::CONTENT_LOCALES`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhTw => "zh-TW",
        }
    }

    /// One of our tags exactly (any letter case), as staff send and the
    /// database stores them.
    pub fn parse(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// A language a reader may ask for: any Chinese (`zh`, `zh-TW`,
    /// `zh-Hant`, `zh-HK`...) reads Traditional Chinese, any English English.
    fn from_language(tag: &str) -> Option<Locale> {
        match tag.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "zh" => Some(Locale::ZhTw),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The request's most preferred supported language (by q-value, ties in
    /// listed order; `q=0` means "not this one"), else English. A header
    /// that does not parse counts as none.
    pub fn of_request(req: &HttpRequest) -> Locale {
        let Ok(accept) = header::AcceptLanguage::parse(req) else {
            return Locale::En;
        };
        let mut items: Vec<_> = accept
            .iter()
            .filter(|item| item.quality > Quality::ZERO)
            .collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.quality));
        items
            .iter()
            .find_map(|item| match &item.item {
                Preference::Specific(tag) => Locale::from_language(LanguageTag::as_str(tag)),
                Preference::Any => None,
            })
            .unwrap_or(Locale::En)
    }
}

/// Extractor: the language the request asks for (never fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLocale(pub Locale);

impl FromRequest for RequestLocale {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(RequestLocale(Locale::of_request(req))))
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
        Locale::of_request(
            &TestRequest::default()
                .insert_header(("accept-language", value))
                .to_http_request(),
        )
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
        assert_eq!(
            Locale::of_request(&TestRequest::default().to_http_request()),
            Locale::En
        );
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
        assert_eq!(Locale::parse("zh-tw"), Some(Locale::ZhTw));
        assert_eq!(Locale::parse("en"), Some(Locale::En));
        assert_eq!(Locale::parse("zh"), None);
        assert_eq!(Locale::parse("fr"), None);
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
        let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(tags, atelier_api::CONTENT_LOCALES);
    }
}
