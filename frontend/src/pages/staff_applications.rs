//! Staff review of pending expert applications: approve, or reject with a reason.

use atelier_api::{DecideApplicationRequest, ExpertApplication};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDate, RequireUser, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::expert::is_web_link;
use crate::session::use_session;

#[component]
pub fn StaffApplicationsPage() -> impl IntoView {
    use_title(Key::ApplicationsTitle);
    view! {
        <RequireUser staff=true>
            <ApplicationQueue />
        </RequireUser>
    }
}

#[component]
fn ApplicationQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = LocalResource::new(move || api::pending_applications(session));
    let last_decided = RwSignal::new(None::<String>);
    let on_decided = Callback::new(move |handle: String| {
        last_decided.set(Some(handle));
        pending.refetch();
    });

    view! {
        <h1>{i18n.tr(Key::ApplicationsTitle)}</h1>
        {move || {
            last_decided
                .get()
                .map(|handle| {
                    view! {
                        <StatusMessage text=Signal::derive(move || {
                            i18n.fmt(Key::DecisionSaved, &[("handle", &format!("@{handle}"))])
                        }) />
                    }
                })
        }}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(list) if list.items.is_empty() => {
                        view! { <EmptyMessage text=Key::NoPending /> }.into_any()
                    }
                    Ok(list) => view! {
                        <ul class="plain-list" role="list">
                            {list
                                .items
                                .into_iter()
                                .map(|app| view! { <li><ApplicationReview app on_decided /></li> })
                                .collect_view()}
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
fn ApplicationReview(app: ExpertApplication, on_decided: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = app.id;
    let handle = app.handle.clone();
    let reason = RwSignal::new(String::new());
    let missing_reason = RwSignal::new(false);

    let decide = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        let handle = handle.clone();
        let reason = reason.get_untracked().trim().to_owned();
        async move {
            let req = DecideApplicationRequest {
                approve,
                reason: (!reason.is_empty()).then_some(reason),
            };
            api::decide_application(session, id, &req).await?;
            on_decided.run(handle);
            Ok::<(), ApiError>(())
        }
    });
    let deciding = decide.pending();
    let reason_id = format!("reason-{id}");
    let heading_id = format!("application-{id}");
    let labelled_by = heading_id.clone();
    let profile_href = format!("/u/{}", app.handle);

    view! {
        <article class="card application" aria-labelledby=labelled_by>
            <h2 id=heading_id>{app.display_name.clone()} " " <A href=profile_href>{format!("@{}", app.handle)}</A></h2>
            <dl class="facts">
                <div>
                    <dt>{i18n.tr(Key::Field)}</dt>
                    <dd>{app.field.clone()}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::SentOn)}</dt>
                    <dd><LocalDate at=app.created_at /></dd>
                </div>
            </dl>
            <p class="bio">{app.bio.clone()}</p>
            {(!app.portfolio_links.is_empty()).then(|| view! {
                <h3>{i18n.tr(Key::PortfolioLinks)}</h3>
                <ul>
                    {app
                        .portfolio_links
                        .iter()
                        .map(|link| {
                            if is_web_link(link) {
                                view! { <li><a href=link.clone() rel="noopener noreferrer nofollow" target="_blank">{link.clone()}</a></li> }.into_any()
                            } else {
                                view! { <li>{link.clone()}</li> }.into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            })}
            <div class="field">
                <label for=reason_id.clone()>{i18n.tr(Key::RejectReason)}</label>
                <textarea id=reason_id rows="2" bind:value=reason></textarea>
            </div>
            {move || missing_reason.get().then(|| view! { <p class="field-error" role="alert">{i18n.tr(Key::ReasonRequired)}</p> })}
            {move || decide.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    disabled=deciding
                    on:click=move |_| {
                        missing_reason.set(false);
                        decide.dispatch(true);
                    }
                >
                    {i18n.tr(Key::Approve)}
                </button>
                <button
                    type="button"
                    class="button danger"
                    disabled=deciding
                    on:click=move |_| {
                        if reason.get_untracked().trim().is_empty() {
                            missing_reason.set(true);
                        } else {
                            missing_reason.set(false);
                            decide.dispatch(false);
                        }
                    }
                >
                    {i18n.tr(Key::Reject)}
                </button>
            </div>
        </article>
    }
}
