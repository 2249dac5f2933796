//! `/staff/templates`: the review queue (oldest first: approve, or reject
//! with a reason the creator sees) and every creator's dashboard. Also the
//! "creator" switch of the staff users page.

use atelier_api::{TemplateCard, TemplateReview};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::template_stats::{
    DEFAULT_PERIOD, StatsScope, TemplateStats, dashboard_resource,
};
use crate::components::template_tiles::TemplateTile;
use crate::components::{EmptyMessage, ErrorBox, Field, Loading, RequireUser, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// The shortest reason a rejection may give (as staff decisions elsewhere).
const REASON_MIN: usize = 3;
const REASON_MAX: usize = 1000;
const REASON_ID: &str = "template-reject-reason";

#[component]
pub fn StaffTemplatesPage() -> impl IntoView {
    use_title(Key::CreatorReviewTitle);
    view! {
        <RequireUser staff=true>
            <ReviewQueue />
        </RequireUser>
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let queue = LocalResource::new(move || api::review_queue(session));
    let decided = RwSignal::new(None::<(String, bool)>);
    let on_decided = Callback::new(move |outcome: (String, bool)| {
        decided.set(Some(outcome));
        queue.refetch();
    });
    // One card at a time asks for a reason (its field has a fixed id).
    let rejecting = RwSignal::new(None::<i64>);
    let days = RwSignal::new(DEFAULT_PERIOD);
    let dashboard = dashboard_resource(StatsScope::All, days);

    view! {
        <h1>{i18n.tr(Key::CreatorReviewTitle)}</h1>
        {move || decided.get().map(|(title, approved)| view! {
            <StatusMessage text=Signal::derive(move || {
                let key = if approved { Key::CreatorApprovedNamed } else { Key::CreatorRejectedNamed };
                i18n.fmt(key, &[("title", &title)])
            }) />
        })}
        <section class="section" aria-labelledby="review-heading">
            <h2 id="review-heading">{i18n.tr(Key::CreatorReviewQueue)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::CreatorQueueEmpty /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="card-grid creator-tiles creator-queue" role="list" data-testid="review-queue">
                                {list.into_iter().map(|card| view! { <li><ReviewCard card on_decided rejecting /></li> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <TemplateStats days dashboard show_creator=true />
    }
}

#[component]
fn ReviewCard(
    card: TemplateCard,
    on_decided: Callback<(String, bool)>,
    rejecting: RwSignal<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = card.id;
    let title = card.title.clone();
    let reason = RwSignal::new(String::new());
    let missing_reason = RwSignal::new(false);
    let decide = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        let title = title.clone();
        let reason = reason.get_untracked().trim().to_owned();
        async move {
            let review = TemplateReview {
                approve,
                reason: (!approve).then_some(reason),
            };
            api::review_template(session, id, &review).await?;
            rejecting.try_set(None);
            on_decided.run((title, approve));
            Ok::<(), ApiError>(())
        }
    });
    let deciding = decide.pending();
    let is_reason_code =
        |e: &ApiError| matches!(e.code.as_str(), "reason_required" | "invalid_reason");
    let reason_error = Signal::derive(move || {
        if missing_reason.get() {
            return Some(i18n.t(Key::CreatorReasonRequired).to_owned());
        }
        decide
            .value()
            .get()
            .and_then(Result::err)
            .filter(is_reason_code)
            .map(|e| e.text(i18n.locale()))
    });
    let reason_count = Signal::derive(move || reason.with(|r| r.trim().chars().count()));
    let open = move || rejecting.get() == Some(id);
    let preview_href = format!("/templates/{id}");
    view! {
        <TemplateTile card href=preview_href.clone()>
            <p><A href=preview_href.clone()>{i18n.tr(Key::CreatorSeePreviews)}</A></p>
            <Show when=open>
                <Field
                    id=REASON_ID
                    label=Key::RejectReason
                    error=reason_error
                    count=reason_count
                    max=REASON_MAX
                    hint=Signal::derive(move || i18n.t(Key::CreatorRejectHint).to_owned())
                >
                    <textarea id=REASON_ID rows="3" maxlength=REASON_MAX.to_string() bind:value=reason></textarea>
                </Field>
            </Show>
            {move || {
                decide
                    .value()
                    .get()
                    .and_then(Result::err)
                    .filter(|e| !is_reason_code(e))
                    .map(|error| view! { <ErrorBox error /> })
            }}
            <div class="actions">
                <Show
                    when=open
                    fallback=move || view! {
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
                                missing_reason.set(false);
                                rejecting.set(Some(id));
                                request_animation_frame(|| crate::browser::focus_id(REASON_ID));
                            }
                        >
                            {i18n.tr(Key::Reject)}
                        </button>
                    }
                >
                    <button
                        type="button"
                        class="button danger"
                        disabled=deciding
                        on:click=move |_| {
                            if reason.get_untracked().trim().chars().count() < REASON_MIN {
                                missing_reason.set(true);
                            } else {
                                missing_reason.set(false);
                                decide.dispatch(false);
                            }
                        }
                    >
                        {i18n.tr(Key::CreatorConfirmReject)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| rejecting.set(None)>
                        {i18n.tr(Key::CreatorCancel)}
                    </button>
                </Show>
            </div>
        </TemplateTile>
    }
}

/// The "creator" switch for one member on the staff users page: lets them
/// publish templates (experts and staff always may).
#[component]
pub fn CreatorToggle(user_id: i64, handle: String, approved: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let on = RwSignal::new(approved);
    let toggle = Action::new_local(move |next: &bool| {
        let next = *next;
        async move {
            let updated = api::set_creator(session, user_id, next).await?;
            on.set(updated.creator);
            Ok::<(), ApiError>(())
        }
    });
    let busy = toggle.pending();
    let label_handle = format!("@{handle}");
    view! {
        <div class="creator-toggle">
            <button
                type="button"
                class="button secondary small"
                class:creator-on=move || on.get()
                aria-pressed=move || on.get().to_string()
                aria-label=move || i18n.fmt(Key::CreatorToggleFor, &[("handle", &label_handle)])
                disabled=busy
                data-testid="creator-toggle"
                on:click=move |_| {
                    toggle.dispatch(!on.get_untracked());
                }
            >
                <span class="creator-toggle-mark" aria-hidden="true"></span>
                {i18n.tr(Key::CreatorCreator)}
            </button>
            {move || toggle.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
        </div>
    }
}
