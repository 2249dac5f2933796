//! Staff attach published templates to a challenge ("design on these"): find
//! them with the catalogue's search, put them in order, save the list.

use atelier_api::{ChallengeDetail, TemplateCard, TemplateQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Search results shown at once.
const RESULTS: u32 = 8;

/// `list` with the item at `from` moved by `by` places (kept inside the list).
pub(super) fn moved<T>(mut list: Vec<T>, from: usize, by: isize) -> Vec<T> {
    if from < list.len() {
        let to = from
            .saturating_add_signed(by)
            .min(list.len().saturating_sub(1));
        let item = list.remove(from);
        list.insert(to, item);
    }
    list
}

#[component]
pub(super) fn TemplatesPanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = move || current.with_untracked(|c| c.summary.slug.clone());
    let attached = RwSignal::new(Vec::<TemplateCard>::new());
    let load_error = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        match api::challenge_templates(session, &slug()).await {
            Ok(list) => {
                attached.try_set(list);
            }
            Err(e) => {
                load_error.try_set(Some(e));
            }
        }
    });

    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<TemplateCard>, ApiError>>);
    // A newer search makes an older answer stale.
    let searches = StoredValue::new(0u32);
    let search = move || {
        let q = query.get_untracked();
        searches.update_value(|n| *n += 1);
        let this = searches.get_value();
        spawn_local(async move {
            let q = q.trim();
            let query = TemplateQuery {
                q: (!q.is_empty()).then(|| q.to_owned()),
                limit: Some(RESULTS),
                ..TemplateQuery::default()
            };
            let found = api::templates(session, &query).await.map(|p| p.items);
            if searches.try_get_value() == Some(this) {
                results.try_set(Some(found));
            }
        });
    };
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |_: &()| {
        let ids: Vec<i64> = attached.with_untracked(|a| a.iter().map(|t| t.id).collect());
        let slug = slug();
        async move {
            let list = api::set_challenge_templates(session, &slug, ids).await?;
            attached.set(list);
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let saving = save.pending();
    let changed = move || saved.set(false);

    let attached_rows = move || {
        let list = attached.get();
        let last = list.len().saturating_sub(1);
        list.into_iter()
            .enumerate()
            .map(|(i, t)| {
                let title = t.title.clone();
                let up_title = title.clone();
                let down_title = title.clone();
                let id = t.id;
                view! {
                    <li class="creator-attached" data-testid="attached-template">
                        <span class="creator-attached-title">{t.title.clone()}</span>
                        <span class="creator-attached-actions">
                            <button type="button" class="button secondary small" disabled=i == 0
                                aria-label=move || i18n.fmt(Key::CreatorMoveUp, &[("title", &up_title)])
                                on:click=move |_| { attached.update(|a| *a = moved(std::mem::take(a), i, -1)); changed(); }
                            >"↑"</button>
                            <button type="button" class="button secondary small" disabled=i == last
                                aria-label=move || i18n.fmt(Key::CreatorMoveDown, &[("title", &down_title)])
                                on:click=move |_| { attached.update(|a| *a = moved(std::mem::take(a), i, 1)); changed(); }
                            >"↓"</button>
                            <button type="button" class="button secondary small"
                                aria-label=move || i18n.fmt(Key::CreatorRemoveNamed, &[("name", &title)])
                                on:click=move |_| { attached.update(|a| a.retain(|t| t.id != id)); changed(); }
                            >{i18n.tr(Key::CreatorRemove)}</button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };

    let result_rows = move || {
        match results.get() {
        None => ().into_any(),
        Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted" role="status">{i18n.tr(Key::CreatorNoResults)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="creator-results" role="list" aria-label=i18n.tr(Key::CreatorSearchResults)>
                {list
                    .into_iter()
                    .map(|t| {
                        let id = t.id;
                        let label_title = t.title.clone();
                        let card = t.clone();
                        let is_attached = move || attached.with(|a| a.iter().any(|x| x.id == id));
                        view! {
                            <li class="creator-result">
                                <span>{t.title.clone()} " " <span class="muted">{format!("@{}", t.creator.handle)}</span></span>
                                <button
                                    type="button"
                                    class="button secondary small"
                                    disabled=is_attached
                                    aria-label=move || i18n.fmt(Key::CreatorAttachNamed, &[("title", &label_title)])
                                    on:click=move |_| {
                                        let card = card.clone();
                                        attached.update(|a| {
                                            if !a.iter().any(|x| x.id == card.id) {
                                                a.push(card);
                                            }
                                        });
                                        changed();
                                    }
                                >
                                    {move || if is_attached() { i18n.t(Key::CreatorAttached) } else { i18n.t(Key::CreatorAttach) }}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };

    view! {
        <section class="card creator-attach" aria-labelledby="attach-heading">
            <h2 id="attach-heading">{i18n.tr(Key::CreatorDesignOnThese)}</h2>
            <p class="hint">{i18n.tr(Key::CreatorAttachHint)}</p>
            {move || load_error.get().map(|error| view! { <ErrorBox error /> })}
            <Show
                when=move || attached.with(|a| !a.is_empty())
                fallback=move || view! { <p class="muted">{i18n.tr(Key::CreatorNoneAttached)}</p> }
            >
                <ol class="creator-attached-list">{attached_rows}</ol>
            </Show>
            <form
                class="search-form"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    search();
                }
            >
                <label for="attach-search">{i18n.tr(Key::CreatorFindTemplates)}</label>
                <div class="inline">
                    <input id="attach-search" type="search" bind:value=query />
                    <button type="submit" class="button secondary">{i18n.tr(Key::Search)}</button>
                </div>
            </form>
            {result_rows}
            {move || saved.get().then(|| view! {
                <StatusMessage text=Signal::derive(move || i18n.t(Key::CreatorTemplatesSaved).to_owned()) />
            })}
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <button type="button" class="button" disabled=saving on:click=move |_| { save.dispatch(()); }>
                {i18n.tr(Key::CreatorSaveTemplates)}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::moved;

    #[test]
    fn templates_move_within_the_list() {
        assert_eq!(moved(vec![1, 2, 3], 0, 1), [2, 1, 3]);
        assert_eq!(moved(vec![1, 2, 3], 2, -1), [1, 3, 2]);
        assert_eq!(moved(vec![1, 2, 3], 0, -1), [1, 2, 3]);
        assert_eq!(moved(vec![1, 2, 3], 2, 1), [1, 2, 3]);
        assert_eq!(moved(vec![1, 2, 3], 7, 1), [1, 2, 3]);
    }
}
