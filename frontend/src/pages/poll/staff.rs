//! Staff tools on a poll: inviting members and option images.

use super::parse_handles;
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::pages::entry::fallback_filename;
use crate::session::use_session;
use atelier_api::{Eligibility, InviteResult, Poll, PollState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub(super) fn PollStaffTools(current: RwSignal<Poll>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (id, eligibility) = current.with_untracked(|p| (p.id, p.eligibility));
    let export_error = RwSignal::new(None::<ApiError>);
    let exporting = RwSignal::new(false);
    let export = move |_| {
        exporting.set(true);
        export_error.set(None);
        spawn_local(async move {
            match api::download(session, &format!("/polls/{id}/ballots.csv")).await {
                Ok(file) => {
                    let name = file.filename.clone().unwrap_or_else(|| {
                        fallback_filename(&format!("poll-{id}-ballots"), "text/csv")
                    });
                    if let Err(e) = browser::save_file(&file.bytes, &file.content_type, &name) {
                        export_error.try_set(Some(ApiError::network(e)));
                    }
                }
                Err(e) => {
                    export_error.try_set(Some(e));
                }
            }
            exporting.try_set(false);
        });
    };
    view! {
        <section class="section card staff-tools" aria-labelledby="staff-tools-heading">
            <h2 id="staff-tools-heading">{i18n.tr(Key::StaffTools)}</h2>
            <div class="actions">
                <A href=format!("/polls/{id}/results") attr:class="button secondary">{i18n.tr(Key::LiveResults)}</A>
                <button type="button" class="button secondary" disabled=exporting on:click=export>
                    {i18n.tr(Key::ExportCsv)}
                </button>
            </div>
            {move || export_error.get().map(|error| view! { <ErrorBox error /> })}
            {(eligibility == Eligibility::Invited).then(|| view! { <InviteForm poll_id=id /> })}
            <Show when=move || current.with(|p| p.state == PollState::Scheduled)>
                <OptionImages current />
            </Show>
        </section>
    }
}

#[component]
pub(super) fn InviteForm(poll_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let handles = RwSignal::new(String::new());
    let invite = Action::new_local(move |list: &Vec<String>| {
        let list = list.clone();
        async move { api::invite(session, poll_id, list).await }
    });
    let pending = invite.pending();
    let summary = move |r: &InviteResult| {
        let mut text = i18n.fmt(Key::InvitedList, &[("handles", &r.invited.join(", "))]);
        if !r.unknown.is_empty() {
            text.push(' ');
            text.push_str(&i18n.fmt(Key::UnknownHandles, &[("handles", &r.unknown.join(", "))]));
        }
        text
    };
    view! {
        <form
            class="form"
            on:submit=move |ev| {
                ev.prevent_default();
                invite.dispatch(parse_handles(&handles.get_untracked()));
            }
        >
            <h3>{i18n.tr(Key::InviteMembers)}</h3>
            <div class="field">
                <label for="invite-handles">{i18n.tr(Key::HandlesToInvite)}</label>
                <textarea id="invite-handles" rows="2" aria-describedby="invite-hint" bind:value=handles></textarea>
                <p class="hint" id="invite-hint">{i18n.tr(Key::HandlesHint)}</p>
            </div>
            {move || match invite.value().get() {
                Some(Ok(result)) => view! { <StatusMessage text=Signal::derive(move || summary(&result)) /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                None => ().into_any(),
            }}
            <button type="submit" class="button" disabled=pending>{i18n.tr(Key::Invite)}</button>
        </form>
    }
}

#[component]
pub(super) fn OptionImages(current: RwSignal<Poll>) -> impl IntoView {
    let i18n = use_i18n();
    let options = current.with_untracked(|p| p.options.clone());
    view! {
        <h3>{i18n.tr(Key::OptionImages)}</h3>
        <p class="hint">{i18n.tr(Key::OptionImagesHint)}</p>
        <ul class="plain-list" role="list">
            {options
                .into_iter()
                .map(|o| view! { <li><OptionImage current option_id=o.id label=o.label /></li> })
                .collect_view()}
        </ul>
    }
}

#[component]
pub(super) fn OptionImage(current: RwSignal<Poll>, option_id: i64, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let picked = RwSignal::new_local(None::<web_sys::File>);
    let upload = Action::new_local(move |_: &()| {
        let file = picked.get_untracked();
        let poll_id = current.with_untracked(|p| p.id);
        async move {
            let Some(file) = file else {
                return Ok(false);
            };
            let updated = api::option_image(session, poll_id, option_id, file).await?;
            // Take the new image only: the answer's texts are in the poll's base
            // language, the page's in the UI's.
            let image = updated
                .options
                .into_iter()
                .find(|o| o.id == option_id)
                .and_then(|o| o.image_url);
            current.update(|p| {
                if let Some(o) = p.options.iter_mut().find(|o| o.id == option_id) {
                    o.image_url = image;
                }
            });
            Ok::<bool, ApiError>(true)
        }
    });
    let pending = upload.pending();
    let image = move || {
        current.with(|p| {
            p.options
                .iter()
                .find(|o| o.id == option_id)
                .and_then(|o| o.image_url.clone())
        })
    };
    let input_id = format!("option-image-{option_id}");
    let label_text = label.clone();
    view! {
        <div class="option-image">
            {move || image().map(|src| view! { <img class="choice-thumb" src=src alt="" /> })}
            <label for=input_id.clone()>{move || i18n.fmt(Key::ImageForOption, &[("label", &label_text)])}</label>
            <input
                id=input_id
                type="file"
                accept="image/png,image/jpeg,image/webp,image/gif"
                disabled=pending
                on:change=move |ev| {
                    if let Some(file) = browser::picked_file(&ev) {
                        picked.set(Some(file));
                        upload.dispatch_local(());
                    }
                }
            />
            {move || match upload.value().get() {
                Some(Ok(true)) => {
                    let label = label.clone();
                    view! {
                        <StatusMessage text=Signal::derive(move || i18n.fmt(Key::OptionImageAdded, &[("label", &label)])) />
                    }
                    .into_any()
                }
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
