//! A licence in plain words: its name, one sentence, and what it lets the holder do and
//! not do, read from the one licence table (`atelier_api::LICENCES`).

use atelier_api::{LicenceKind, LicenceTerms};
use leptos::prelude::*;

use crate::i18n::{Arg, Key, use_i18n};
use crate::pages::templates::labels::{licence_name_key, licence_summary_key};

/// One thing a licence says: allowed or not, in words, with a count for the message
/// that needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub allowed: bool,
    pub text: Key,
    pub count: Option<u32>,
}

/// What `terms` allows and what not, in the order a reader asks: personal use,
/// commercial use, how many designs, print runs and merchandise.
pub fn terms_in_words(terms: &LicenceTerms) -> Vec<Term> {
    let term = |allowed, text| Term {
        allowed,
        text,
        count: None,
    };
    vec![
        term(true, Key::MarketTermPersonal),
        if terms.commercial {
            term(true, Key::MarketTermCommercial)
        } else {
            term(false, Key::MarketTermNoCommercial)
        },
        match terms.designs {
            None => term(true, Key::MarketTermDesignsAny),
            Some(n) => Term {
                allowed: true,
                text: Key::MarketTermDesignsLimited,
                count: Some(n),
            },
        },
        if terms.merchandise {
            term(true, Key::MarketTermMerchandise)
        } else {
            term(false, Key::MarketTermNoMerchandise)
        },
    ]
}

#[component]
pub fn LicenceBox(kind: LicenceKind) -> impl IntoView {
    let i18n = use_i18n();
    let terms = terms_in_words(&kind.terms());
    let some_not_allowed = terms.iter().any(|t| !t.allowed);
    let list = move |allowed: bool| {
        terms
            .iter()
            .filter(|t| t.allowed == allowed)
            .map(|&Term { text, count, .. }| {
                let words = move || match count {
                    Some(n) => i18n.fmt_args(text, &[("count", Arg::from(n))]),
                    None => i18n.t(text).to_owned(),
                };
                view! {
                    <li class=if allowed { "market-term is-allowed" } else { "market-term is-not-allowed" }>
                        <span class="market-term-icon" aria-hidden="true">{if allowed { "✓" } else { "✕" }}</span>
                        <span>{words}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let allowed = list(true);
    // Some licences allow everything it lists.
    let not_allowed = some_not_allowed.then(|| {
        view! {
            <h3 class="market-terms-heading">{i18n.tr(Key::MarketMayNotDo)}</h3>
            <ul class="market-terms" role="list">{list(false)}</ul>
        }
    });
    view! {
        <section class="market-licence" aria-labelledby="licence-heading" data-testid="licence-box">
            <h2 id="licence-heading">
                <span class="market-licence-label">{move || i18n.with_colon(Key::MarketLicence)}</span>
                {i18n.tr(licence_name_key(kind))}
            </h2>
            <p>{i18n.tr(licence_summary_key(kind))}</p>
            <h3 class="market-terms-heading">{i18n.tr(Key::MarketMayDo)}</h3>
            <ul class="market-terms" role="list">{allowed}</ul>
            {not_allowed}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::LICENCES;

    #[test]
    fn every_licence_says_all_four_things() {
        for terms in LICENCES {
            let words = terms_in_words(&terms);
            assert_eq!(words.len(), 4, "{:?}", terms.kind);
            assert!(words[0].allowed);
        }
    }

    #[test]
    fn the_words_follow_the_table() {
        let personal = terms_in_words(&LicenceKind::FreePersonal.terms());
        assert_eq!(personal[1].text, Key::MarketTermNoCommercial);
        assert!(!personal[1].allowed);
        assert_eq!(personal[3].text, Key::MarketTermNoMerchandise);

        let single = terms_in_words(&LicenceKind::PaidSingleUse.terms());
        assert_eq!(single[1].text, Key::MarketTermCommercial);
        assert_eq!(single[2].text, Key::MarketTermDesignsLimited);
        assert_eq!(single[2].count, Some(1));

        let extended = terms_in_words(&LicenceKind::Extended.terms());
        assert_eq!(extended[2].text, Key::MarketTermDesignsAny);
        assert_eq!(extended[3].text, Key::MarketTermMerchandise);
        assert!(extended.iter().all(|t| t.allowed));
    }
}
