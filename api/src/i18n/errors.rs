//! The message of each API error code (`locales/<tag>/errors.ftl`), used by
//! the server for its answers and by the web app to show an error.

use std::sync::LazyLock;

use super::{Arg, Catalog, Locale};

include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::new([
        include_str!("../../locales/en/errors.ftl"),
        include_str!("../../locales/zh-TW/errors.ftl"),
    ])
});

/// Each code's message value (never with variables: `build.rs` checks),
/// formatted once; indexed by locale, then like [`CODES`].
static PLAIN: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
    Locale::ALL.map(|locale| {
        CODES
            .iter()
            .map(|code| CATALOG.format(locale, code, None, &[]).unwrap_or_default())
            .collect()
    })
});

/// The general message for `code` in `locale`; `None` for unknown codes.
pub fn message(locale: Locale, code: &str) -> Option<&'static str> {
    let i = CODES.binary_search(&code).ok()?;
    PLAIN[locale.index()].get(i).map(String::as_str)
}

/// The message for `code` in `locale`: its attribute `variant` filled from
/// `args` when the error names one that exists, else the general message.
pub fn render(
    locale: Locale,
    code: &str,
    variant: Option<&str>,
    args: &[(&str, Arg<'_>)],
) -> Option<String> {
    variant
        .and_then(|v| CATALOG.format(locale, code, Some(v), args))
        .or_else(|| message(locale, code).map(str::to_owned))
}

/// Whether `code`'s message has the attribute `variant` (in every locale:
/// `build.rs` checks that they match).
pub fn has_variant(code: &str, variant: &str) -> bool {
    CATALOG
        .bundle(Locale::En)
        .get_message(code)
        .is_some_and(|m| m.get_attribute(variant).is_some())
}
