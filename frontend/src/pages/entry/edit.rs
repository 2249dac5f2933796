//! The author's edit form on an entry.

use super::parse_tags;
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use atelier_api::{EntryDetail, EntryStatus, UpdateEntryRequest};
use leptos::prelude::*;

/// The author's edit form and the withdraw button (only before voting starts; after
/// that a note says why it is gone).
#[component]
pub(super) fn EditEntry(current: RwSignal<EntryDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (id, title0, description0, tags0) = current.with_untracked(|e| {
        (
            e.id,
            e.title.clone(),
            e.description.clone(),
            e.tags.join(", "),
        )
    });
    let title = RwSignal::new(title0);
    let description = RwSignal::new(description0);
    let tags = RwSignal::new(tags0);
    let saved = RwSignal::new(false);

    let save = Action::new_local(move |req: &UpdateEntryRequest| {
        let req = req.clone();
        async move {
            let updated = api::update_entry(session, id, &req).await?;
            tags.set(updated.tags.join(", "));
            current.set(updated);
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let withdraw = Action::new_local(move |_: &()| async move {
        api::withdraw_entry(session, id).await?;
        current.update(|e| {
            e.status = EntryStatus::Withdrawn;
            e.editable = false;
            e.withdrawable = false;
        });
        Ok::<(), ApiError>(())
    });
    let saving = save.pending();
    let withdrawing = withdraw.pending();

    view! {
        <section class="entry-section card" aria-labelledby="edit-entry-heading">
            <h2 id="edit-entry-heading">{i18n.tr(Key::EditEntry)}</h2>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    saved.set(false);
                    save.dispatch(UpdateEntryRequest {
                        title: Some(title.get_untracked().trim().to_owned()),
                        description: Some(description.get_untracked().trim().to_owned()),
                        tags: Some(parse_tags(&tags.get_untracked())),
                    });
                }
            >
                <div class="field">
                    <label for="edit-title">{i18n.tr(Key::EntryTitle)}</label>
                    <input id="edit-title" type="text" maxlength=atelier_api::rules::ENTRY_TITLE_MAX.to_string() required bind:value=title />
                </div>
                <div class="field">
                    <label for="edit-description">{i18n.tr(Key::Description)}</label>
                    <textarea id="edit-description" rows="4" maxlength=atelier_api::rules::ENTRY_DESCRIPTION_MAX.to_string() bind:value=description></textarea>
                </div>
                <div class="field">
                    <label for="edit-tags">{i18n.tr(Key::Tags)}</label>
                    <input id="edit-tags" type="text" aria-describedby="edit-tags-hint" bind:value=tags />
                    <p class="hint" id="edit-tags-hint">{i18n.tr(Key::TagsHint)}</p>
                </div>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::EntrySaved).to_owned()) />
                })}
                {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <div class="actions">
                    <button type="submit" class="button" disabled=saving>
                        {move || if saving.get() { i18n.t(Key::Saving) } else { i18n.t(Key::SaveChanges) }}
                    </button>
                    <Show when=move || current.with(|e| e.withdrawable)>
                        <button
                            type="button"
                            class="button danger"
                            disabled=withdrawing
                            aria-describedby="withdraw-note"
                            on:click=move |_| {
                                if browser::confirm(i18n.t(Key::ConfirmWithdraw)) {
                                    withdraw.dispatch(());
                                }
                            }
                        >
                            {i18n.tr(Key::WithdrawEntry)}
                        </button>
                    </Show>
                </div>
                // Once voting has started a withdrawal would discard others' votes.
                <p class="hint" id="withdraw-note" data-testid="withdraw-note">
                    {move || if current.with(|e| e.withdrawable) {
                        i18n.t(Key::WithdrawOpenNote)
                    } else {
                        i18n.t(Key::WithdrawClosedNote)
                    }}
                </p>
                {move || withdraw.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            </form>
        </section>
    }
}
