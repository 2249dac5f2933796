//! Panels next to the edit form: overriding the phase and replacing
//! the cover image.

use super::PHASES;
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::labels::phase_key;
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use atelier_api::{ChallengeDetail, Phase, PhaseOverrideRequest};
use leptos::prelude::*;

/// Staff set the phase by hand (or hand it back to the clock), with a reason.
#[component]
pub(super) fn PhaseOverridePanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let chosen = RwSignal::new(
        current
            .with_untracked(|c| c.phase_override)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
    );
    let reason = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |req: &PhaseOverrideRequest| {
        let req = req.clone();
        async move {
            let slug = current.with_untracked(|c| c.summary.slug.clone());
            let updated = api::override_phase(session, &slug, &req).await?;
            current.set(updated);
            reason.set(String::new());
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let pending = save.pending();
    view! {
        <section class="card" aria-labelledby="override-heading">
            <h2 id="override-heading">{i18n.tr(Key::PhaseOverride)}</h2>
            <p>
                {move || i18n.label(Key::CurrentPhase)}
                <strong>{move || i18n.t(phase_key(current.with(|c| c.summary.phase)))}</strong>
                {move || current.with(|c| c.phase_override.is_some()).then(|| view! {
                    " " <span class="muted">"(" {i18n.tr(Key::PhaseOverridden)} ")"</span>
                })}
            </p>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    saved.set(false);
                    save.dispatch(PhaseOverrideRequest {
                        phase: Phase::parse(&chosen.get_untracked()),
                        reason: reason.get_untracked().trim().to_owned(),
                    });
                }
            >
                <div class="field">
                    <label for="override-phase">{i18n.tr(Key::SetPhase)}</label>
                    <select id="override-phase" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || chosen.with(String::is_empty)>{i18n.tr(Key::FollowClock)}</option>
                        {PHASES
                            .into_iter()
                            .map(|p| view! {
                                <option value=p.as_str() prop:selected=move || chosen.get() == p.as_str()>{i18n.tr(phase_key(p))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="override-reason">{i18n.tr(Key::Reason)}</label>
                    <textarea id="override-reason" rows="2" required minlength="3" maxlength="500" bind:value=reason></textarea>
                </div>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::PhaseSaved).to_owned()) />
                })}
                {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=pending>{i18n.tr(Key::ApplyPhase)}</button>
            </form>
        </section>
    }
}

#[component]
pub(super) fn CoverPanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let preview = RwSignal::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
    });
    let upload = Action::new_local(move |_: &()| {
        let picked = file.get_untracked();
        async move {
            let Some(picked) = picked else {
                return Ok(());
            };
            let slug = current.with_untracked(|c| c.summary.slug.clone());
            let updated = api::upload_cover(session, &slug, picked).await?;
            current.set(updated);
            Ok::<(), ApiError>(())
        }
    });
    let uploading = upload.pending();
    view! {
        <section class="card" aria-labelledby="cover-heading">
            <h2 id="cover-heading">{i18n.tr(Key::CoverImage)}</h2>
            {move || {
                preview
                    .get()
                    .or_else(|| current.with(|c| c.summary.cover_url.clone()))
                    .map(|src| view! { <img class="cover-preview" src=src alt=i18n.tr(Key::CoverPreviewAlt) /> })
            }}
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    upload.dispatch_local(());
                }
            >
                <div class="field">
                    <label for="cover-file">{i18n.tr(Key::ChooseImage)}</label>
                    <input
                        id="cover-file"
                        type="file"
                        accept="image/png,image/jpeg,image/webp,image/gif"
                        on:change=move |ev| {
                            if let Some(url) = preview.get_untracked() {
                                browser::revoke_object_url(&url);
                            }
                            let picked = browser::picked_file(&ev);
                            preview.set(picked.as_ref().and_then(|f| browser::object_url(f)));
                            file.set(picked);
                            upload.value().set(None);
                        }
                    />
                </div>
                {move || match upload.value().get() {
                    Some(Ok(())) => view! { <StatusMessage text=Signal::derive(move || i18n.t(Key::CoverUploaded).to_owned()) /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" class="button" disabled=move || uploading.get() || file.with(Option::is_none)>
                    {move || if uploading.get() { i18n.t(Key::Uploading) } else { i18n.t(Key::UploadCover) }}
                </button>
            </form>
        </section>
    }
}
