//! A challenge's gallery: pages of thumbnails with "load more", a tag filter, and the
//! ranking order once results are out. During voting the server shows every viewer
//! their own stable shuffle; anonymous viewers keep theirs with a seed stored here.
//!
//! The tag filter lives in the address (`?tag=`), so a filtered gallery can be linked,
//! reloaded and left with "back". A filter says how many entries it found (none
//! included), and tells the page so its heading counts the same entries.

use atelier_api::{EntryCard, Phase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::{self, ApiError, GalleryQuery};
use crate::browser;
use crate::components::entry_grid::gallery_order_query;
use crate::components::{EmptyMessage, EmptyState, EntryGrid, ErrorBox, Loading};
use crate::i18n::{Arg, Key, use_i18n};
use crate::session::use_session;

const SEED_KEY: &str = "atelier.gallery_seed";
const PAGE_SIZE: u32 = 24;

/// This browser's shuffle seed, created once.
pub fn gallery_seed() -> String {
    browser::storage_get(SEED_KEY)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let seed = browser::random_hex(16);
            browser::storage_set(SEED_KEY, &seed);
            seed
        })
}

/// A tag as the filter compares it: trimmed, without `#`, lower case.
pub fn normalise_tag(raw: &str) -> Option<String> {
    let tag = raw.trim().trim_start_matches('#').trim().to_lowercase();
    (!tag.is_empty()).then_some(tag)
}

/// What a tag filter found: how many entries are loaded and whether that is all of
/// them (`false` while more pages remain). `None` when no filter is set.
pub type FilteredCount = Option<(usize, bool)>;

/// The count a heading shows: the filter's when there is one, else the challenge's.
pub fn count_label(filtered: FilteredCount, total: u64) -> String {
    match filtered {
        Some((n, true)) => format!("({n})"),
        Some((n, false)) => format!("({n}+)"),
        None => format!("({total})"),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    More,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn Gallery(
    #[prop(into)] slug: String,
    phase: Phase,
    /// Bumped by the page when the gallery should load again (a new entry).
    #[prop(into)]
    refresh: Signal<u32>,
    /// Told what the tag filter found, for the page's count.
    #[prop(optional)]
    filtered_count: Option<RwSignal<FilteredCount>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = StoredValue::new(slug);
    let items = RwSignal::new(Vec::<EntryCard>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(Loaded::Loading);
    let generation = StoredValue::new(0u64);
    // The filter is the address's `?tag=` (entry pages link their tags here too).
    let query = use_query_map();
    let tag = Memo::new(move |_| query.with(|q| q.get("tag")).and_then(|t| normalise_tag(&t)));
    let tag_input = RwSignal::new(tag.get_untracked().unwrap_or_default());
    // Back and forward change the address: the field follows.
    Effect::new(move |_| tag_input.set(tag.get().unwrap_or_default()));
    let location = use_location();
    let navigate = use_navigate();
    let rank = RwSignal::new(false);
    let shuffled = phase == Phase::Voting;

    let fetch = move |cursor: Option<String>| {
        let this_generation = generation.get_value();
        let query = GalleryQuery {
            rank: rank.get_untracked(),
            tag: tag.get_untracked(),
            cursor,
            limit: Some(PAGE_SIZE),
            seed: (shuffled && !session.has_user_untracked()).then(gallery_seed),
        };
        spawn_local(async move {
            let result = api::gallery(session, &slug.get_value(), &query).await;
            if generation.try_get_value() != Some(this_generation) {
                return;
            }
            match result {
                Ok(page) => {
                    items.update(|v| {
                        for item in page.items {
                            if !v.iter().any(|e| e.id == item.id) {
                                v.push(item);
                            }
                        }
                    });
                    next.set(page.next_cursor);
                    state.set(Loaded::Ready);
                }
                Err(error) => state.set(Loaded::Failed(error)),
            }
        });
    };

    Effect::new(move |_| {
        rank.track();
        tag.track();
        refresh.track();
        session.user_id();
        generation.update_value(|g| *g += 1);
        items.set(Vec::new());
        next.set(None);
        state.set(Loaded::Loading);
        fetch(None);
    });

    let load_more = move |_| {
        if let Some(cursor) = next.get_untracked() {
            state.set(Loaded::More);
            fetch(Some(cursor));
        }
    };
    // The filter changes by going to the address that names it (so "back" undoes it).
    let go_to = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(href) = go_to.get() {
            navigate(
                &href,
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let pathname = location.pathname;
    let apply_tag = move |value: String| {
        let mut params = query.get_untracked();
        params.remove("tag");
        if let Some(tag) = normalise_tag(&value) {
            params.insert("tag", tag);
        }
        go_to.set(Some(format!(
            "{}{}",
            pathname.get_untracked(),
            params.to_query_string()
        )));
    };
    let on_tag = Callback::new(move |t: String| apply_tag(t));
    let all_entries_href = move || pathname.get();

    if let Some(filtered_count) = filtered_count {
        Effect::new(move |_| {
            let found = match (tag.get(), state.get()) {
                (None, _) => None,
                (Some(_), Loaded::Loading | Loaded::Failed(_)) => None,
                (Some(_), _) => Some((items.with(Vec::len), next.with(Option::is_none))),
            };
            filtered_count.set(found);
        });
    }

    view! {
        <div class="gallery">
            {shuffled.then(|| view! { <p class="hint">{i18n.tr(Key::ShuffleNote)}</p> })}
            <div class="gallery-controls">
                <form
                    class="inline tag-filter"
                    role="search"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        apply_tag(tag_input.get_untracked());
                    }
                >
                    <label for="tag-filter" class="visually-hidden">{i18n.tr(Key::FilterByTag)}</label>
                    <input
                        id="tag-filter"
                        type="search"
                        placeholder=i18n.tr(Key::FilterByTag)
                        bind:value=tag_input
                    />
                    <button type="submit" class="button secondary small">{i18n.tr(Key::Filter)}</button>
                    <Show when=move || tag.with(Option::is_some)>
                        <button type="button" class="button secondary small" on:click=move |_| apply_tag(String::new())>
                            {i18n.tr(Key::ClearFilter)}
                        </button>
                    </Show>
                </form>
                {(phase == Phase::Results).then(|| view! {
                    <div class="inline sort-select">
                        <label for="gallery-sort">{i18n.tr(Key::SortBy)}</label>
                        <select
                            id="gallery-sort"
                            on:change=move |ev| rank.set(event_target_value(&ev) == "rank")
                        >
                            <option value="newest" prop:selected=move || !rank.get()>{i18n.tr(Key::SortNewest)}</option>
                            <option value="rank" prop:selected=move || rank.get()>{i18n.tr(Key::SortRank)}</option>
                        </select>
                    </div>
                })}
            </div>
            // What the filter found, announced when it changes.
            <div class="gallery-status" role="status">
                {move || {
                    let t = tag.get()?;
                    if matches!(state.get(), Loaded::Loading | Loaded::Failed(_)) {
                        return None;
                    }
                    let count = items.with(Vec::len);
                    let complete = next.with(Option::is_none);
                    let text = move || {
                        if complete {
                            i18n.fmt_args(
                                Key::GalleryTagCount,
                                &[("count", Arg::from(count)), ("tag", Arg::from(t.as_str()))],
                            )
                        } else {
                            i18n.fmt(Key::FilteredByTag, &[("tag", &t)])
                        }
                    };
                    Some(if count == 0 && complete {
                        view! {
                            <EmptyState
                                text=Signal::derive(text)
                                action_href=all_entries_href()
                                action_label=Key::ShowAllEntries
                            />
                        }
                        .into_any()
                    } else {
                        view! { <p class="muted" data-testid="tag-count">{text}</p> }.into_any()
                    })
                }}
            </div>
            {move || match state.get() {
                Loaded::Loading => view! { <Loading /> }.into_any(),
                Loaded::Failed(error) if items.with(Vec::is_empty) => view! { <ErrorBox error /> }.into_any(),
                _ if items.with(Vec::is_empty) && tag.with(Option::is_none) => {
                    view! { <EmptyMessage text=Key::NoEntries /> }.into_any()
                }
                _ => ().into_any(),
            }}
            <EntryGrid
                entries=items
                on_tag=Some(on_tag)
                link_query=Signal::derive(move || gallery_order_query(rank.get(), tag.get().as_deref()))
            />
            {move || match state.get() {
                Loaded::Failed(error) if !items.with(Vec::is_empty) => view! { <ErrorBox error /> }.into_any(),
                _ => ().into_any(),
            }}
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_compare_without_hash_case_or_spaces() {
        assert_eq!(normalise_tag("  #Lantern "), Some("lantern".to_owned()));
        assert_eq!(normalise_tag("# ink"), Some("ink".to_owned()));
        assert_eq!(normalise_tag(" # "), None);
        assert_eq!(normalise_tag(""), None);
    }

    #[test]
    fn a_filter_counts_what_it_found_not_the_challenge() {
        assert_eq!(count_label(None, 12), "(12)");
        assert_eq!(count_label(Some((0, true)), 12), "(0)");
        assert_eq!(count_label(Some((3, true)), 12), "(3)");
        // More pages to load: at least this many.
        assert_eq!(count_label(Some((24, false)), 40), "(24+)");
    }
}
