//! Staff view of the audit log: who did what to what, and when.

use atelier_api::audit;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{ErrorBox, Loading, LocalDateTime, RequireUser};
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
                        view! { <p class="empty">{i18n.tr(Key::NoAudit)}</p> }.into_any()
                    }
                    Ok(list) => {
                        let next = list.next_cursor;
                        view! {
                        <div class="table-wrap">
                            <table class="table">
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
                                                    <td><LocalDateTime at=entry.created_at /></td>
                                                    <td>
                                                        {move || match &actor {
                                                            Some(handle) => format!("@{handle}"),
                                                            None => i18n.t(Key::SystemActor).to_owned(),
                                                        }}
                                                    </td>
                                                    <td><AuditAction action=entry.action.clone() /></td>
                                                    <td><AuditSubject subject=entry.subject.clone() /></td>
                                                    <td>{entry.detail.clone()}</td>
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

/// The action in the reader's language; its code stays available as a tooltip
/// (and shows as is when this version of the app does not know it).
#[component]
fn AuditAction(action: String) -> impl IntoView {
    let i18n = use_i18n();
    match audit::action_key(&action) {
        Some(key) => {
            view! { <span title=action.clone() data-action=action>{i18n.tr(key)}</span> }.into_any()
        }
        None => view! { <code>{action}</code> }.into_any(),
    }
}

/// "Challenge lantern-fest", linked to its page where it has one.
#[component]
fn AuditSubject(subject: String) -> impl IntoView {
    let i18n = use_i18n();
    let Some(parsed) = audit::subject(&subject) else {
        return view! { <span>{subject}</span> }.into_any();
    };
    let kind = parsed.kind;
    let id = parsed.id.to_owned();
    match parsed.href {
        Some(href) => view! {
            <span>{i18n.tr(kind)} " " <A href=href>{id}</A></span>
        }
        .into_any(),
        None => view! { <span>{i18n.tr(kind)} " " {id}</span> }.into_any(),
    }
}
