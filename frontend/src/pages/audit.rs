//! Staff view of the audit log: who did what to what, and when.

use leptos::prelude::*;

use crate::api;
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDateTime, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    use_title(Key::AuditTitle);
    view! {
        <RequireUser staff=true>
            <AuditLog />
        </RequireUser>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Keyset pages: `None` is the newest page, otherwise entries older than the id.
    let before = RwSignal::new(None::<i64>);
    let entries = LocalResource::new(move || {
        let before = before.get();
        api::audit_log(session, before)
    });
    view! {
        <h1>{i18n.tr(Key::AuditTitle)}</h1>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.items.is_empty() => {
                        view! { <EmptyMessage text=Key::NoAudit /> }.into_any()
                    }
                    Ok(list) => {
                        let next = list.next_cursor;
                        view! {
                        <div class="table-wrap">
                            <table class="table stack">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(Key::When)}</th>
                                        <th scope="col">{i18n.tr(Key::Actor)}</th>
                                        <th scope="col">{i18n.tr(Key::Action)}</th>
                                        <th scope="col">{i18n.tr(Key::Subject)}</th>
                                        <th scope="col">{i18n.tr(Key::Detail)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .items
                                        .into_iter()
                                        .map(|entry| {
                                            let actor = entry.actor_handle.clone();
                                            view! {
                                                <tr>
                                                    <td data-label=i18n.tr(Key::When)><LocalDateTime at=entry.created_at /></td>
                                                    <td data-label=i18n.tr(Key::Actor)>
                                                        {move || match &actor {
                                                            Some(handle) => format!("@{handle}"),
                                                            None => i18n.t(Key::SystemActor).to_owned(),
                                                        }}
                                                    </td>
                                                    <td data-label=i18n.tr(Key::Action)><code>{entry.action.clone()}</code></td>
                                                    <td data-label=i18n.tr(Key::Subject)>{entry.subject.clone()}</td>
                                                    <td data-label=i18n.tr(Key::Detail)>{entry.detail.clone()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="actions">
                            {before.get_untracked().is_some().then(|| view! {
                                <button type="button" class="button secondary" on:click=move |_| before.set(None)>
                                    {i18n.tr(Key::AuditNewest)}
                                </button>
                            })}
                            {next.map(|id| view! {
                                <button type="button" class="button secondary" on:click=move |_| before.set(Some(id))>
                                    {i18n.tr(Key::AuditOlder)}
                                </button>
                            })}
                        </div>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
