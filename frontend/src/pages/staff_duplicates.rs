//! Staff review of suspected near-duplicate entries: compare the two images, then
//! disqualify the later entry or clear the flag, with a reason.

use atelier_api::{DuplicateFlag, EntryCard, ResolveDuplicateRequest};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::{
    EmptyMessage, ErrorBox, Loading, LocalDate, RequireUser, StatusMessage, entry_alt,
};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn StaffDuplicatesPage() -> impl IntoView {
    use_title(Key::DuplicatesTitle);
    view! {
        <RequireUser staff=true>
            <DuplicateQueue />
        </RequireUser>
    }
}

#[component]
fn DuplicateQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let flags = LocalResource::new(move || api::duplicates(session));
    let resolved = RwSignal::new(None::<Key>);
    let on_resolved = Callback::new(move |key: Key| {
        resolved.set(Some(key));
        flags.refetch();
    });
    view! {
        <h1>{i18n.tr(Key::DuplicatesTitle)}</h1>
        <p class="lead">{i18n.tr(Key::DuplicatesIntro)}</p>
        {move || resolved.get().map(|key| view! {
            <StatusMessage text=Signal::derive(move || i18n.t(key).to_owned()) />
        })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match flags.await {
                    Ok(list) if list.items.is_empty() => view! { <EmptyMessage text=Key::NoDuplicates /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain-list" role="list">
                            {list.items.into_iter().map(|flag| view! { <li><DuplicateReview flag on_resolved /></li> }).collect_view()}
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
fn Side(entry: EntryCard, heading: Key) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/entries/{}", entry.id);
    let title = entry.title.clone();
    let author = entry.author_display_name.clone();
    view! {
        <figure class="duplicate-side">
            <figcaption>
                <strong>{i18n.tr(heading)}</strong>
                " "
                <A href=href>{format!("#{} {}", entry.id, entry.title)}</A>
                <br />
                <span class="muted">
                    {entry.author_display_name.clone()} " · " <LocalDate at=entry.created_at />
                </span>
            </figcaption>
            <img
                src=entry.thumbnail_url.clone()
                width=entry.thumbnail_width
                height=entry.thumbnail_height
                loading="lazy"
                alt=move || entry_alt(i18n, &title, &author)
            />
        </figure>
    }
}

#[component]
fn DuplicateReview(flag: DuplicateFlag, on_resolved: Callback<Key>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = flag.entry.id;
    let reason = RwSignal::new(String::new());
    let decide = Action::new_local(move |disqualify: &bool| {
        let req = ResolveDuplicateRequest {
            disqualify: *disqualify,
            reason: reason.get_untracked().trim().to_owned(),
        };
        async move {
            api::resolve_duplicate(session, id, &req).await?;
            on_resolved.run(if req.disqualify {
                Key::DuplicateDisqualified
            } else {
                Key::DuplicateCleared
            });
            Ok::<(), ApiError>(())
        }
    });
    let pending = decide.pending();
    let reason_id = format!("duplicate-reason-{id}");
    let distance = flag.distance;
    view! {
        <article class="card duplicate-card" aria-label=move || i18n.fmt(Key::DuplicateCardLabel, &[("id", &id.to_string())])>
            <div class="duplicate-pair">
                <Side entry=flag.entry.clone() heading=Key::FlaggedEntry />
                <Side entry=flag.original.clone() heading=Key::EarlierEntry />
            </div>
            <p class="muted">{move || i18n.fmt(Key::HashDistance, &[("n", &distance.to_string())])}</p>
            <div class="field">
                <label for=reason_id.clone()>{i18n.tr(Key::Reason)}</label>
                <textarea id=reason_id rows="2" required minlength="3" maxlength="500" bind:value=reason></textarea>
            </div>
            {move || decide.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <div class="actions">
                <button type="button" class="button danger" disabled=pending on:click=move |_| { decide.dispatch(true); }>
                    {i18n.tr(Key::Disqualify)}
                </button>
                <button type="button" class="button secondary" disabled=pending on:click=move |_| { decide.dispatch(false); }>
                    {i18n.tr(Key::NotADuplicate)}
                </button>
            </div>
        </article>
    }
}
