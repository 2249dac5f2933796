//! Entries as a grid of thumbnails that link to the entry page.

use atelier_api::EntryCard;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{I18n, Key, use_i18n};

/// The alt text of an entry's image: its title and author.
pub fn entry_alt(i18n: I18n, title: &str, author: &str) -> String {
    i18n.fmt(Key::EntryAlt, &[("title", title), ("author", author)])
}

/// One card; `on_tag` makes its tags filter buttons.
#[component]
pub fn EntryTile(
    entry: EntryCard,
    #[prop(optional_no_strip)] on_tag: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/entries/{}", entry.id);
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
    view! {
        <article class="entry-tile" data-entry-id=entry.id>
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
) -> impl IntoView {
    view! {
        <ul class="entry-grid" role="list">
            <For
                each=move || entries.get()
                key=|entry| entry.id
                children=move |entry| view! { <li><EntryTile entry on_tag /></li> }
            />
        </ul>
    }
}
