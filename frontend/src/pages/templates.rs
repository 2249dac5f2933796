//! The template catalogue at `/templates`: a search box that answers as you type, facets
//! with counts (behind a "Filters" button on phones), an order, cards and "load more".
//!
//! The search and the filters live in the address (see [`query`]): typing updates it
//! after a pause (~250 ms) without a history entry per keystroke, facets and the order
//! are links or navigations, and "back" undoes them. Every change of the address asks
//! the server again; an answer to an older question than the latest is thrown away.

mod card;
pub mod detail;
mod facets;
pub mod labels;
pub mod query;

pub use card::TemplateTile;
pub use detail::TemplatePage;

use std::time::Duration;

use atelier_api::{TemplateCard, TemplateFacets, TemplateQuery, TemplateSort};
use leptos::ev;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::{EmptyState, ErrorBox, Loading};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;
use facets::FacetPanel;
use query::{CATALOGUE_PATH, active_filters, catalogue_href, query_from_params, without_filters};

/// How long the search box waits after the last keystroke before it asks.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    More,
    Ready,
    Failed(ApiError),
}

/// The orders the sort select offers, with the default first.
fn sort_options(has_words: bool) -> Vec<(&'static str, Key)> {
    let mut options = Vec::new();
    if has_words {
        options.push(("", Key::MarketSortRelevance));
    }
    options.extend([
        (TemplateSort::Popular.as_str(), Key::MarketSortPopular),
        (TemplateSort::Newest.as_str(), Key::MarketSortNewest),
        (TemplateSort::PriceAsc.as_str(), Key::MarketSortPriceAsc),
        (TemplateSort::PriceDesc.as_str(), Key::MarketSortPriceDesc),
    ]);
    options
}

/// The sort select's value for `q`: its order, else the default (relevance with
/// words, popular without).
fn sort_value(q: &TemplateQuery) -> &'static str {
    match (q.sort, q.q.is_some()) {
        (Some(sort), _) => sort.as_str(),
        (None, true) => "",
        (None, false) => TemplateSort::Popular.as_str(),
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    use_title(Key::MarketTitle);
    let i18n = use_i18n();
    let session = use_session();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| query_from_params(|k| p.get(k))));

    let items = RwSignal::new(Vec::<TemplateCard>::new());
    let facets = RwSignal::new(TemplateFacets::default());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(Loaded::Loading);
    let generation = StoredValue::new(0u64);

    let fetch = move |q: TemplateQuery, cursor: Option<String>| {
        let this_generation = generation.get_value();
        let first_page = cursor.is_none();
        let q = TemplateQuery { cursor, ..q };
        spawn_local(async move {
            let result = api::templates(session, &q).await;
            // An answer to an older question than the latest is stale.
            if generation.try_get_value() != Some(this_generation) {
                return;
            }
            match result {
                Ok(page) => {
                    if first_page {
                        items.set(page.items);
                        facets.set(page.facets);
                    } else {
                        items.update(|v| {
                            for item in page.items {
                                if !v.iter().any(|t| t.id == item.id) {
                                    v.push(item);
                                }
                            }
                        });
                    }
                    next.set(page.next_cursor);
                    state.set(Loaded::Ready);
                }
                Err(error) => state.set(Loaded::Failed(error)),
            }
        });
    };

    // Every new question starts again at the first page; the cards shown stay until
    // its answer replaces them.
    Effect::new(move |_| {
        let q = query.get();
        generation.update_value(|g| *g += 1);
        state.set(Loaded::Loading);
        fetch(q, None);
    });
    let load_more = move |_| {
        if let Some(cursor) = next.get_untracked() {
            state.set(Loaded::More);
            fetch(query.get_untracked(), Some(cursor));
        }
    };

    // Changes go through the address. `replace` keeps a search being typed to one
    // history entry.
    let navigate = use_navigate();
    let go_to = RwSignal::new(None::<(String, bool)>);
    Effect::new(move |_| {
        if let Some((href, replace)) = go_to.get() {
            navigate(
                &href,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });

    // The search box: what is typed, and the words last put into the address, so that
    // only a change from elsewhere (back, forward, a link) overwrites the box.
    let typed = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    let pushed = StoredValue::new(typed.get_untracked());
    Effect::new(move |_| {
        let words = query.with(|q| q.q.clone().unwrap_or_default());
        if words != pushed.get_value() {
            pushed.set_value(words.clone());
            typed.set(words);
        }
    });
    let search_now = move || {
        let words = typed.get_untracked().trim().to_owned();
        let current = query.get_untracked();
        if current.q.clone().unwrap_or_default() == words {
            return;
        }
        let refining = current.q.is_some();
        let next_query = TemplateQuery {
            q: (!words.is_empty()).then(|| words.clone()),
            ..current
        };
        pushed.set_value(words);
        go_to.set(Some((catalogue_href(&next_query), refining)));
    };
    let composing = StoredValue::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let search_soon = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(search_now, SEARCH_DEBOUNCE).ok());
    };
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });

    let on_sort = move |ev: ev::Event| {
        let mut next_query = query.get_untracked();
        next_query.sort = TemplateSort::parse(&event_target_value(&ev));
        go_to.set(Some((catalogue_href(&next_query), false)));
    };

    let filters_open = RwSignal::new(false);
    let filter_count = Memo::new(move |_| query.with(active_filters));
    let clear_href = move || query.with(|q| catalogue_href(&without_filters(q)));

    view! {
        <section class="market-catalogue" aria-labelledby="market-heading">
            <h1 id="market-heading">{i18n.tr(Key::MarketTitle)}</h1>
            <p class="muted market-intro">{i18n.tr(Key::MarketIntro)}</p>
            <form
                class="market-search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(handle) = timer.get_value() {
                        handle.clear();
                    }
                    search_now();
                }
            >
                <label for="market-q">{i18n.tr(Key::MarketSearchLabel)}</label>
                <input
                    id="market-q"
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=i18n.tr(Key::MarketSearchPlaceholder)
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        // A word still being composed (zhuyin, pinyin) is not searched yet.
                        if !composing.get_value() {
                            search_soon();
                        }
                    }
                    on:compositionstart=move |_| composing.set_value(true)
                    on:compositionend=move |_| {
                        composing.set_value(false);
                        search_soon();
                    }
                />
            </form>
            <div class="market-toolbar">
                <button
                    type="button"
                    class="button secondary small market-filters-toggle"
                    aria-controls="market-facets"
                    aria-expanded=move || filters_open.get().to_string()
                    on:click=move |_| filters_open.update(|open| *open = !*open)
                >
                    {move || match filter_count.get() {
                        0 => i18n.t(Key::MarketFilters).to_owned(),
                        n => i18n.fmt(Key::MarketFiltersChosen, &[("count", &n.to_string())]),
                    }}
                </button>
                <Show when=move || { filter_count.get() > 0 }>
                    <A href=clear_href scroll=false attr:class="button secondary small market-clear">
                        {i18n.tr(Key::MarketClearFilters)}
                    </A>
                </Show>
                <div class="inline sort-select market-sort">
                    <label for="market-sort">{i18n.tr(Key::SortBy)}</label>
                    <select id="market-sort" on:change=on_sort>
                        {move || {
                            let q = query.get();
                            let selected = sort_value(&q);
                            sort_options(q.q.is_some())
                                .into_iter()
                                .map(|(value, key)| view! {
                                    <option value=value prop:selected=value == selected>{i18n.tr(key)}</option>
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="market-layout">
                <aside
                    class="market-facets"
                    class:is-open=move || filters_open.get()
                    id="market-facets"
                    aria-label=i18n.tr(Key::MarketFilters)
                >
                    <FacetPanel query facets />
                </aside>
                <div class="market-results" aria-busy=move || (state.get() == Loaded::Loading).to_string()>
                    <p class="muted market-status" role="status" data-testid="market-status">
                        {move || match state.get() {
                            Loaded::Loading => i18n.t(Key::MarketSearching).to_owned(),
                            Loaded::Ready | Loaded::More if !items.with(Vec::is_empty) => {
                                let n = items.with(Vec::len);
                                if next.with(Option::is_some) {
                                    i18n.count(Key::MarketResultsMore, n)
                                } else {
                                    i18n.count(Key::MarketResults, n)
                                }
                            }
                            _ => String::new(),
                        }}
                    </p>
                    {move || match state.get() {
                        Loaded::Failed(error) => view! { <ErrorBox error /> }.into_any(),
                        Loaded::Ready if items.with(Vec::is_empty) => {
                            let q = query.get();
                            let text = Signal::derive(move || {
                                i18n.t(if q.q.is_some() || active_filters(&q) > 0 {
                                    Key::MarketNoMatch
                                } else {
                                    Key::MarketNoTemplates
                                })
                                .to_owned()
                            });
                            let q = query.get();
                            if active_filters(&q) > 0 {
                                view! {
                                    <EmptyState text action_href=catalogue_href(&without_filters(&q)) action_label=Key::MarketClearFilters />
                                }
                                .into_any()
                            } else if q.q.is_some() {
                                view! {
                                    <EmptyState text action_href=CATALOGUE_PATH action_label=Key::MarketShowAll />
                                }
                                .into_any()
                            } else {
                                view! { <EmptyState text /> }.into_any()
                            }
                        }
                        Loaded::Loading if items.with(Vec::is_empty) => view! { <Loading /> }.into_any(),
                        _ => ().into_any(),
                    }}
                    <ul class="market-grid" role="list" data-testid="template-grid">
                        <For
                            each=move || items.get()
                            key=|card| card.id
                            children=move |card| view! { <li><TemplateTile card /></li> }
                        />
                    </ul>
                    <Show when=move || next.with(Option::is_some)>
                        <p class="load-more">
                            <button
                                type="button"
                                class="button secondary"
                                disabled=move || state.get() == Loaded::More
                                on:click=load_more
                            >
                                {move || if state.get() == Loaded::More { i18n.t(Key::Loading) } else { i18n.t(Key::LoadMore) }}
                            </button>
                        </p>
                    </Show>
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_is_offered_only_for_words() {
        let with_words = sort_options(true);
        assert_eq!(with_words[0], ("", Key::MarketSortRelevance));
        assert_eq!(with_words.len(), 5);
        assert!(sort_options(false).iter().all(|(v, _)| !v.is_empty()));
    }

    #[test]
    fn the_default_order_depends_on_the_words() {
        let mut q = TemplateQuery::default();
        assert_eq!(sort_value(&q), "popular");
        q.q = Some("poster".into());
        assert_eq!(sort_value(&q), "");
        q.sort = Some(TemplateSort::PriceDesc);
        assert_eq!(sort_value(&q), "price_desc");
    }
}
