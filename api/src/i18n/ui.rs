//! The web app's texts (`locales/<tag>/ui.ftl`) by [`Key`].

use std::sync::LazyLock;

use super::{Arg, Catalog, Locale};

include!(concat!(env!("OUT_DIR"), "/ui_keys.rs"));

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::new([
        include_str!("../../locales/en/ui.ftl"),
        include_str!("../../locales/zh-TW/ui.ftl"),
    ])
});

/// Every message formatted once without arguments, so [`text`] can lend them
/// for the program's lifetime; indexed by locale, then by key.
static PLAIN: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
    Locale::ALL.map(|locale| {
        Key::ALL
            .iter()
            .map(|key| {
                CATALOG
                    .format(locale, key.id(), None, &[])
                    .unwrap_or_default()
            })
            .collect()
    })
});

/// The text of `key` in `locale`, for messages without variables.
pub fn text(locale: Locale, key: Key) -> &'static str {
    PLAIN[locale.index()]
        .get(key as usize)
        .map_or("", String::as_str)
}

/// The text of `key` in `locale` with its variables filled from `args`.
pub fn format(locale: Locale, key: Key, args: &[(&str, Arg<'_>)]) -> String {
    CATALOG
        .format(locale, key.id(), None, args)
        .unwrap_or_default()
}
