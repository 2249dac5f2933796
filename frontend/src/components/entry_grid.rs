//! Entries as a grid of thumbnails that link to the entry page, with the
//! winner's place once results are out and a marker on entries the viewer
//! voted on. Links carry the gallery's order (`?sort=&tag=`) so the entry
//! page's previous / next follow it.

use atelier_api::EntryCard;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::encode_component;
use crate::i18n::{I18n, Key, place_label, use_i18n};

/// The query an entry link carries so the entry page knows the gallery's
/// order: `sort=rank` when ranked, and the tag filter.
pub fn gallery_order_query(rank: bool, tag: Option<&str>) -> String {
    let mut parts = Vec::new();
    if rank {
        parts.push("sort=rank".to_owned());
    }
    if let Some(tag) = tag.map(str::trim).filter(|t| !t.is_empty()) {
        parts.push(format!("tag={}", encode_component(tag)));
    }
    parts.join("&")
}

/// `/entries/{id}`, with the gallery order's query when there is one.
pub fn entry_href(id: i64, query: &str) -> String {
    if query.is_empty() {
        format!("/entries/{id}")
    } else {
        format!("/entries/{id}?{query}")
    }
}

/// A winner's place as a badge: "1st place", "第 1 名".
#[component]
pub fn PlaceBadge(place: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge winner-badge place-{}", place.clamp(1, 4)) data-testid="winner-badge">
            <span aria-hidden="true">{if place <= 3 { "🏆 " } else { "🎖 " }}</span>
            {move || place_label(i18n.locale(), place)}
        </span>
    }
}

/// The alt text of an entry's image: its title and author.
pub fn entry_alt(i18n: I18n, title: &str, author: &str) -> String {
    i18n.fmt(Key::EntryAlt, &[("title", title), ("author", author)])
}

/// One card; `on_tag` makes its tags filter buttons.
#[component]
pub fn EntryTile(
    entry: EntryCard,
    #[prop(optional_no_strip)] on_tag: Option<Callback<String>>,
    /// The gallery order's query for the entry link (see [`gallery_order_query`]).
    #[prop(optional, into)]
    link_query: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = entry_href(entry.id, &link_query);
    let title = entry.title.clone();
    let author = entry.author_display_name.clone();
    let tags = (!entry.tags.is_empty()).then(|| {
        view! {
            <ul class="tag-list" role="list" aria-label=i18n.tr(Key::Tags)>
                {entry
                    .tags
                    .iter()
                    .cloned()
                    .map(|tag| match on_tag {
                        Some(cb) => {
                            let label_tag = tag.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="tag"
                                        aria-label=move || i18n.fmt(Key::FilterByTagNamed, &[("tag", &label_tag)])
                                        on:click=move |_| cb.run(tag.clone())
                                    >
                                        {format!("#{}", tag)}
                                    </button>
                                </li>
                            }
                            .into_any()
                        }
                        None => view! { <li><span class="tag">{format!("#{tag}")}</span></li> }.into_any(),
                    })
                    .collect_view()}
            </ul>
        }
    });
    let place = entry
        .winner_place
        .map(|place| view! { <PlaceBadge place /> });
    let voted = entry.my_vote.map(|n| {
        view! {
            <span class="badge voted-marker" data-testid="voted-marker">
                {move || i18n.fmt(Key::VotedMarker, &[("n", &n.to_string())])}
            </span>
        }
    });
    let markers = (place.is_some() || voted.is_some())
        .then(|| view! { <p class="entry-markers">{place}{voted}</p> });
    view! {
        <article class="entry-tile" class:is-winner=entry.winner_place.is_some() data-entry-id=entry.id>
            <A href=href.clone() attr:class="entry-thumb-link">
                <img
                    class="entry-thumb"
                    src=entry.thumbnail_url.clone()
                    width=entry.thumbnail_width
                    height=entry.thumbnail_height
                    loading="lazy"
                    decoding="async"
                    alt=move || entry_alt(i18n, &title, &author)
                />
            </A>
            <div class="entry-tile-body">
                {markers}
                <h3 class="entry-title"><A href=href>{entry.title.clone()}</A></h3>
                <p class="muted entry-author">
                    <A href=format!("/u/{}", entry.author_handle)>{entry.author_display_name.clone()}</A>
                </p>
                {tags}
            </div>
        </article>
    }
}

#[component]
pub fn EntryGrid(
    #[prop(into)] entries: Signal<Vec<EntryCard>>,
    #[prop(optional_no_strip)] on_tag: Option<Callback<String>>,
    /// The gallery order's query for entry links (see [`gallery_order_query`]).
    #[prop(optional, into)]
    link_query: Signal<String>,
) -> impl IntoView {
    view! {
        <ul class="entry-grid" role="list">
            <For
                each=move || entries.get()
                key=|entry| entry.id
                children=move |entry| {
                    let link_query = link_query.get_untracked();
                    view! { <li><EntryTile entry on_tag link_query /></li> }
                }
            />
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_links_carry_the_gallery_order() {
        assert_eq!(gallery_order_query(false, None), "");
        assert_eq!(gallery_order_query(true, Some(" ")), "sort=rank");
        assert_eq!(
            gallery_order_query(true, Some("red lantern")),
            "sort=rank&tag=red%20lantern"
        );
        assert_eq!(entry_href(7, ""), "/entries/7");
        assert_eq!(entry_href(7, "tag=red"), "/entries/7?tag=red");
    }
}
