//! The logged-in member's entries across challenges, with their status and, for a
//! disqualified entry, the reason staff gave.

use atelier_api::{EntryStatus, MyEntry};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::labels::entry_status_key;
use crate::components::{ErrorBox, Loading, LocalDate, RequireUser, entry_alt};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn MyEntriesPage() -> impl IntoView {
    use_title(Key::NavMyEntries);
    view! {
        <RequireUser>
            <MyEntries />
        </RequireUser>
    }
}

#[component]
fn MyEntries() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let entries = LocalResource::new(move || {
        // Challenge titles come in the UI's language: ask again when it changes.
        i18n.locale();
        api::my_entries(session)
    });
    view! {
        <h1>{i18n.tr(Key::NavMyEntries)}</h1>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.items.is_empty() => view! {
                        <div class="notice">
                            <p>{i18n.tr(Key::NoMyEntries)}</p>
                            <p><A href="/challenges" attr:class="button">{i18n.tr(Key::SeeAllChallenges)}</A></p>
                        </div>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="my-entries" role="list">
                            {list.items.into_iter().map(|item| view! { <li><MyEntryRow item /></li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MyEntryRow(item: MyEntry) -> impl IntoView {
    let i18n = use_i18n();
    let entry = item.entry;
    let href = format!("/entries/{}", entry.id);
    let challenge_href = format!("/challenges/{}", item.challenge_slug);
    let title = entry.title.clone();
    let author = entry.author_display_name.clone();
    let status = item.status;
    let reason = item.status_reason.clone().map(|reason| {
        view! {
            <p class="status-reason" data-testid="status-reason">
                {move || i18n.fmt(Key::StatusReason, &[("reason", &reason)])}
            </p>
        }
    });
    view! {
        <article class="card my-entry">
            <A href=href.clone() attr:class="my-entry-thumb">
                <img
                    src=entry.thumbnail_url.clone()
                    width=entry.thumbnail_width
                    height=entry.thumbnail_height
                    loading="lazy"
                    alt=move || entry_alt(i18n, &title, &author)
                />
            </A>
            <div>
                <h2 class="card-title"><A href=href>{entry.title.clone()}</A></h2>
                <p class="muted">
                    <A href=challenge_href>{item.challenge_title.clone()}</A>
                    " · "
                    <LocalDate at=entry.created_at />
                </p>
                <p>
                    <span class=format!("badge entry-status entry-{}", status.as_str())>
                        {i18n.tr(entry_status_key(status))}
                    </span>
                    {(status == EntryStatus::Disqualified)
                        .then(|| view! { " " <span class="muted">{i18n.tr(Key::DisqualifiedNote)}</span> })}
                </p>
                {reason}
            </div>
        </article>
    }
}
