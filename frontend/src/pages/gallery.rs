//! A challenge's gallery: pages of thumbnails with "load more", a tag filter, and the
//! ranking order once results are out. During voting the server shows every viewer
//! their own stable shuffle; anonymous viewers keep theirs with a seed stored here.

use atelier_api::{EntryCard, Phase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError, GalleryQuery};
use crate::browser;
use crate::components::entry_grid::gallery_order_query;
use crate::components::{EntryGrid, ErrorBox, Loading};
use crate::i18n::{Key, use_i18n};
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
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = StoredValue::new(slug);
    let items = RwSignal::new(Vec::<EntryCard>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(Loaded::Loading);
    let generation = StoredValue::new(0u64);
    // Entry pages link their tags here as `?tag=`.
    let initial_tag = use_query_map()
        .with_untracked(|q| q.get("tag"))
        .map(|t| t.trim().trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty());
    let tag_input = RwSignal::new(initial_tag.clone().unwrap_or_default());
    let tag = RwSignal::new(initial_tag);
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
    let apply_tag = move |value: String| {
        let value = value.trim().trim_start_matches('#').to_lowercase();
        tag_input.set(value.clone());
        tag.set((!value.is_empty()).then_some(value));
    };
    let on_tag = Callback::new(move |t: String| apply_tag(t));

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
            {move || {
                tag.get()
                    .map(|t| {
                        view! { <p class="muted" role="status">{move || i18n.fmt(Key::FilteredByTag, &[("tag", &t)])}</p> }
                    })
            }}
            {move || match state.get() {
                Loaded::Loading => view! { <Loading /> }.into_any(),
                Loaded::Failed(error) if items.with(Vec::is_empty) => view! { <ErrorBox error /> }.into_any(),
                _ if items.with(Vec::is_empty) => {
                    view! { <p class="empty">{i18n.tr(Key::NoEntries)}</p> }.into_any()
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
