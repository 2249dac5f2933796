//! How the template marketplace's values read: categories, licences,
//! statuses and prices, in the reader's language.
//!
//! The names of categories (`tpl-category-<code>`) and licences
//! (`licence-<code>-name`, `-summary`) belong to the catalogue's texts; they
//! are looked up here by their message id, so these pages read right as soon
//! as those texts exist and fall back to the wire name until then.

use atelier_api::{LicenceKind, Money, TemplateCategory, TemplateStatus};

use crate::i18n::{I18n, Key, Locale, text};

/// The message whose Fluent id is `id`, if `ui.ftl` has one.
pub fn key_for(id: &str) -> Option<Key> {
    Key::ALL.iter().copied().find(|k| k.id() == id)
}

/// The first of `ids` that `ui.ftl` has, in `locale`.
fn first_text(locale: Locale, ids: &[String]) -> Option<&'static str> {
    ids.iter()
        .find_map(|id| key_for(id))
        .map(|key| text(locale, key))
        .filter(|t| !t.is_empty())
}

/// Message ids for a wire code inside `prefix`-`suffix`, as written with
/// underscores and with hyphens (`social_post`, `social-post`).
fn ids(prefix: &str, code: &str, suffix: &str) -> Vec<String> {
    let hyphens = code.replace('_', "-");
    let mut out = vec![format!("{prefix}{code}{suffix}")];
    if hyphens != code {
        out.push(format!("{prefix}{hyphens}{suffix}"));
    }
    out
}

/// "free_personal" -> "Free personal": a readable stand-in for a missing text.
fn readable(code: &str) -> String {
    let mut s = code.replace('_', " ");
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s
}

pub fn category_text(locale: Locale, category: TemplateCategory) -> String {
    first_text(locale, &ids("tpl-category-", category.as_str(), ""))
        .map_or_else(|| readable(category.as_str()), str::to_owned)
}

pub fn licence_name_text(locale: Locale, licence: LicenceKind) -> String {
    first_text(locale, &ids("licence-", licence.as_str(), "-name"))
        .map_or_else(|| readable(licence.as_str()), str::to_owned)
}

/// What the licence allows in one plain sentence; empty until the text exists.
pub fn licence_summary_text(locale: Locale, licence: LicenceKind) -> String {
    first_text(locale, &ids("licence-", licence.as_str(), "-summary"))
        .unwrap_or_default()
        .to_owned()
}

pub fn template_status_key(status: TemplateStatus) -> Key {
    match status {
        TemplateStatus::Draft => Key::CreatorStatusDraft,
        TemplateStatus::InReview => Key::CreatorStatusInReview,
        TemplateStatus::Published => Key::CreatorStatusPublished,
        TemplateStatus::Rejected => Key::CreatorStatusRejected,
        TemplateStatus::Unlisted => Key::CreatorStatusUnlisted,
    }
}

/// "1,500": whole numbers with thousands separators (both locales).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "NT$1,500", "NT$10.50", "US$3": an amount in its currency's major units.
// The catalogue has its own money formatting; use one of the two once merged.
pub fn money_text(money: &Money) -> String {
    let per_major = atelier_api::minor_units_per_major(&money.currency).max(1);
    let sign = if money.amount_minor < 0 { "-" } else { "" };
    let minor = money.amount_minor.unsigned_abs();
    let per = per_major.unsigned_abs();
    let major = grouped(minor / per);
    let rest = minor % per;
    let prefix = match money.currency.as_str() {
        "TWD" => "NT$".to_owned(),
        "USD" => "US$".to_owned(),
        other => format!("{other} "),
    };
    if rest == 0 {
        format!("{sign}{prefix}{major}")
    } else {
        format!("{sign}{prefix}{major}.{rest:02}")
    }
}

/// A template's price: "Free" for nothing, else the amount.
pub fn price_text(i18n: I18n, money: &Money) -> String {
    if money.amount_minor == 0 {
        i18n.t(Key::CreatorFree).to_owned()
    } else {
        money_text(money)
    }
}

/// NT$ from minor units of TWD.
pub fn twd(amount_minor: i64) -> Money {
    Money {
        amount_minor,
        currency: atelier_api::DEFAULT_CURRENCY.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_found_by_their_id() {
        assert_eq!(key_for("creator-free"), Some(Key::CreatorFree));
        assert_eq!(key_for("no-such-message"), None);
    }

    #[test]
    fn codes_become_ids_with_underscores_and_hyphens() {
        assert_eq!(
            ids("tpl-category-", "social_post", ""),
            ["tpl-category-social_post", "tpl-category-social-post"]
        );
        assert_eq!(
            ids("licence-", "extended", "-name"),
            ["licence-extended-name"]
        );
    }

    #[test]
    fn every_category_and_licence_has_a_name() {
        for locale in Locale::ALL {
            for c in TemplateCategory::ALL {
                assert!(!category_text(locale, *c).is_empty());
            }
            for l in LicenceKind::ALL {
                assert!(!licence_name_text(locale, *l).is_empty());
            }
        }
        assert_eq!(readable("free_personal"), "Free personal");
    }

    #[test]
    fn money_reads_in_major_units() {
        assert_eq!(money_text(&twd(15_000)), "NT$150");
        assert_eq!(money_text(&twd(150_000)), "NT$1,500");
        assert_eq!(money_text(&twd(1_050)), "NT$10.50");
        assert_eq!(money_text(&twd(1_000_000_000)), "NT$10,000,000");
        assert_eq!(money_text(&twd(-1_000)), "-NT$10");
        let yen = Money {
            amount_minor: 1200,
            currency: "JPY".into(),
        };
        assert_eq!(money_text(&yen), "JPY 1,200");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }
}
