//! The author's edit form on an entry.

use super::parse_tags;
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{ErrorBox, Field, FormErrors, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use atelier_api::rules::{ENTRY_DESCRIPTION_MAX, ENTRY_TITLE_MAX};
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
    let errors = FormErrors::new(&["title", "description", "tags"]);

    let save = Action::new_local(move |req: &UpdateEntryRequest| {
        let req = req.clone();
        async move {
            match api::update_entry(session, id, &req).await {
                Ok(updated) => {
                    tags.set(updated.tags.join(", "));
                    current.set(updated);
                    saved.set(true);
                }
                Err(error) => errors.set(Some(error)),
            }
        }
    });
    let description_count = Signal::derive(move || description.with(|d| d.trim().chars().count()));
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
                    errors.clear();
                    save.dispatch(UpdateEntryRequest {
                        title: Some(title.get_untracked().trim().to_owned()),
                        description: Some(description.get_untracked().trim().to_owned()),
                        tags: Some(parse_tags(&tags.get_untracked())),
                    });
                }
            >
                <Field
                    id="edit-title"
                    label=Key::EntryTitle
                    error=errors.field("title")
                    hint=Signal::derive(move || i18n.fmt_args(Key::EntryTitleRule, &[("max", ENTRY_TITLE_MAX.into())]))
                >
                    <input id="edit-title" type="text" maxlength=ENTRY_TITLE_MAX.to_string() required bind:value=title />
                </Field>
                <Field
                    id="edit-description"
                    label=Key::Description
                    error=errors.field("description")
                    count=description_count
                    max=ENTRY_DESCRIPTION_MAX
                >
                    <textarea id="edit-description" rows="4" maxlength=ENTRY_DESCRIPTION_MAX.to_string() bind:value=description></textarea>
                </Field>
                <Field
                    id="edit-tags"
                    label=Key::Tags
                    error=errors.field("tags")
                    hint=Signal::derive(move || i18n.t(Key::TagsHint).to_owned())
                >
                    <input id="edit-tags" type="text" autocapitalize="none" bind:value=tags />
                </Field>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::EntrySaved).to_owned()) />
                })}
                {move || errors.general().map(|error| view! { <ErrorBox error /> })}
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
