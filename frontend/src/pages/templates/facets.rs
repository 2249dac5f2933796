//! The catalogue's facets: category, tags, colour swatches, free or paid, licence and
//! creator, each value a link to the catalogue with it chosen (or cleared again), with
//! how many templates under the other filters have it.

use atelier_api::{FacetCount, LicenceKind, TemplateCategory, TemplateFacets, TemplateQuery};
use leptos::prelude::*;
use leptos_router::components::A;

use super::labels::{category_key, colour_family, licence_name_key};
use super::query::{Facet, catalogue_href, toggled};
use crate::i18n::{I18n, Key, use_i18n};

/// How many values a facet shows before "Show all".
const FACET_PREVIEW: usize = 8;

fn title_key(facet: Facet) -> Key {
    match facet {
        Facet::Category => Key::MarketFacetCategory,
        Facet::Tag => Key::MarketFacetTag,
        Facet::Colour => Key::MarketFacetColour,
        Facet::Price => Key::MarketFacetPrice,
        Facet::Licence => Key::MarketFacetLicence,
        Facet::Creator => Key::MarketFacetCreator,
    }
}

fn counts(facets: &TemplateFacets, facet: Facet) -> &[FacetCount] {
    match facet {
        Facet::Category => &facets.category,
        Facet::Tag => &facets.tag,
        Facet::Colour => &facets.colour,
        Facet::Price => &facets.price,
        Facet::Licence => &facets.licence,
        Facet::Creator => &facets.creator,
    }
}

/// A facet value as the reader sees it (tracked).
pub fn value_label(i18n: I18n, facet: Facet, value: &str) -> String {
    let key = match facet {
        Facet::Category => TemplateCategory::parse(value).map(category_key),
        Facet::Licence => LicenceKind::parse(value).map(licence_name_key),
        Facet::Colour => colour_family(value).map(|(key, _)| key),
        Facet::Price => match value {
            "free" => Some(Key::MarketFree),
            "paid" => Some(Key::MarketPaid),
            _ => None,
        },
        Facet::Tag => return format!("#{value}"),
        Facet::Creator => return format!("@{value}"),
    };
    key.map_or_else(|| value.to_owned(), |key| i18n.t(key).to_owned())
}

/// The values to offer: the counted ones, and the chosen one even when nothing under
/// the other filters has it any more (so it can be cleared).
pub fn offered(counts: &[FacetCount], chosen: Option<&str>) -> Vec<FacetCount> {
    let mut values = counts.to_vec();
    if let Some(chosen) = chosen
        && !values.iter().any(|c| c.value == chosen)
    {
        values.insert(
            0,
            FacetCount {
                value: chosen.to_owned(),
                count: 0,
            },
        );
    }
    values
}

#[component]
pub fn FacetPanel(
    #[prop(into)] query: Signal<TemplateQuery>,
    #[prop(into)] facets: Signal<TemplateFacets>,
) -> impl IntoView {
    view! {
        {Facet::ALL
            .into_iter()
            .map(|facet| view! { <FacetGroup facet query facets /> })
            .collect_view()}
    }
}

#[component]
fn FacetGroup(
    facet: Facet,
    query: Signal<TemplateQuery>,
    facets: Signal<TemplateFacets>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("facet-{}", facet.param());
    let values = Memo::new(move |_| {
        let chosen = query.with(|q| facet.get(q));
        facets.with(|f| offered(counts(f, facet), chosen.as_deref()))
    });
    let swatches = facet == Facet::Colour;
    let expanded = RwSignal::new(false);
    let list_id = format!("facet-{}-values", facet.param());
    move || {
        let total = values.with(Vec::len);
        if total == 0 {
            return ().into_any();
        }
        let shown = if expanded.get() {
            total
        } else {
            total.min(FACET_PREVIEW)
        };
        let labelled_by = heading_id.clone();
        let heading_id = heading_id.clone();
        let more = (total > FACET_PREVIEW).then(|| {
            view! {
                <button
                    type="button"
                    class="button secondary small market-facet-more"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=list_id.clone()
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    {move || if expanded.get() {
                        i18n.t(Key::MarketFacetFewer).to_owned()
                    } else {
                        i18n.fmt(Key::MarketFacetMore, &[("count", &total.to_string())])
                    }}
                </button>
            }
        });
        view! {
            <section class="market-facet" aria-labelledby=labelled_by>
                <h2 class="market-facet-title" id=heading_id>{i18n.tr(title_key(facet))}</h2>
                <ul class="market-facet-list" class:market-swatch-list=swatches role="list" id=list_id.clone()>
                    {values
                        .get()
                        .into_iter()
                        .take(shown)
                        .map(|FacetCount { value, count }| view! { <FacetOption facet value count query /> })
                        .collect_view()}
                </ul>
                {more}
            </section>
        }
        .into_any()
    }
}

#[component]
fn FacetOption(
    facet: Facet,
    value: String,
    count: u64,
    query: Signal<TemplateQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = {
        let value = value.clone();
        Memo::new(move |_| query.with(|q| facet.get(q).is_some_and(|v| v == value)))
    };
    let href = {
        let value = value.clone();
        move || query.with(|q| catalogue_href(&toggled(q, facet, &value)))
    };
    let swatch = (facet == Facet::Colour)
        .then(|| colour_family(&value))
        .flatten()
        .map(|(_, hex)| view! { <span class="market-swatch" style:background-color=hex aria-hidden="true"></span> });
    let label = {
        let value = value.clone();
        move || value_label(i18n, facet, &value)
    };
    view! {
        <li>
            <A
                href=href
                scroll=false
                attr:class=move || {
                    if chosen.get() { "market-facet-option is-chosen" } else { "market-facet-option" }
                }
                attr:aria-current=move || chosen.get().then_some("true")
                attr:data-facet=facet.param()
                attr:data-value=value.clone()
            >
                {swatch}
                <span class="market-facet-label">{label}</span>
                <span class="market-count" aria-hidden="true">{count}</span>
                <span class="visually-hidden">{move || format!(" ({})", i18n.count(Key::MarketTemplateCount, count))}</span>
            </A>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_value_stays_offered() {
        let counts = [FacetCount {
            value: "poster".into(),
            count: 3,
        }];
        assert_eq!(offered(&counts, Some("poster")).len(), 1);
        let with_chosen = offered(&counts, Some("sticker"));
        assert_eq!(with_chosen.len(), 2);
        assert_eq!(with_chosen[0].value, "sticker");
        assert_eq!(with_chosen[0].count, 0);
        assert_eq!(offered(&counts, None).len(), 1);
    }
}
