//! Translations shared by the server and the web app: the supported locales
//! and the Fluent messages of `locales/<tag>/ui.ftl` and `errors.ftl`, checked
//! by `build.rs` when the crate compiles and read through `fluent-bundle`.
//!
//! [`ui`] has the web app's texts by [`ui::Key`]; [`errors`] the message of
//! each API error code.

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub mod errors;
pub mod ui;

#[cfg(test)]
mod tests;

/// A language the app is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    ZhTw,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhTw];

    /// BCP 47 tag, as used in `<html lang>`, `Content-Language` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhTw => "zh-TW",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhTw => "繁體中文",
        }
    }

    /// Maps a language tag to a supported locale: any Chinese (`zh`, `zh-TW`, `zh-Hant`,
    /// `zh-HK`, ...) reads our Traditional Chinese, any English reads English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase();
        match lower.split(['-', '_']).next() {
            Some("zh") => Some(Locale::ZhTw),
            Some("en") => Some(Locale::En),
            _ => None,
        }
    }

    /// The first supported language in a preference list (most preferred
    /// first), else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }

    fn index(self) -> usize {
        match self {
            Locale::En => 0,
            Locale::ZhTw => 1,
        }
    }
}

/// A value for a message's `{ $variable }`: text, or a number (which also
/// picks plural forms such as `[one]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Str(Cow<'a, str>),
    Num(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                // Counts, sizes and limits: far below 2^53, exact as f64.
                Arg::Num(n as f64)
            }
        }
    )*};
}
number_args!(i16, i32, i64, u8, u16, u32, u64, usize, f64);

type Bundle = FluentBundle<FluentResource>;

/// One file (`ui` or `errors`) in every locale, indexed by [`Locale::index`].
struct Catalog {
    bundles: [Bundle; 2],
}

impl Catalog {
    /// The sources are checked by `build.rs`: parsing cannot fail here, and a
    /// malformed entry would only be skipped, never panic.
    fn new(sources: [&'static str; 2]) -> Catalog {
        let bundles = Locale::ALL.map(|locale| {
            let langid = locale.tag().parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            // No Unicode isolation marks around arguments: the texts are mostly
            // left-to-right, and marks would show up in tests, titles and logs.
            bundle.set_use_isolating(false);
            let _ = bundle.add_builtins();
            let resource = FluentResource::try_new(sources[locale.index()].to_owned())
                .unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
            bundle
        });
        Catalog { bundles }
    }

    fn bundle(&self, locale: Locale) -> &Bundle {
        &self.bundles[locale.index()]
    }

    /// Formats message `id` (or its `attribute`) in `locale`; `None` when the
    /// message or attribute does not exist.
    fn format(
        &self,
        locale: Locale,
        id: &str,
        attribute: Option<&str>,
        args: &[(&str, Arg<'_>)],
    ) -> Option<String> {
        let bundle = self.bundle(locale);
        let message = bundle.get_message(id)?;
        let pattern = match attribute {
            Some(name) => message.get_attribute(name)?.value(),
            None => message.value()?,
        };
        let fluent_args = (!args.is_empty()).then(|| {
            let mut fa = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                let v = match value {
                    Arg::Str(s) => FluentValue::from(s.as_ref()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                fa.set(*name, v);
            }
            fa
        });
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
        Some(text.into_owned())
    }
}
