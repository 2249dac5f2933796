//! Co-creation polls: open ones first, then scheduled, then closed.

use atelier_api::{Poll, PollState};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::labels::{method_key, poll_state_key, poll_state_str};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDateTime, WhenRestored};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// Open polls, then scheduled ones, then closed ones; the server's order within each.
pub fn order_polls(mut polls: Vec<Poll>) -> Vec<Poll> {
    let rank = |s: PollState| match s {
        PollState::Open => 0,
        PollState::Scheduled => 1,
        PollState::Closed => 2,
    };
    polls.sort_by_key(|p| rank(p.state));
    polls
}

#[component]
pub fn PollsPage() -> impl IntoView {
    use_title(Key::NavPolls);
    view! {
        <WhenRestored>
            <PollList />
        </WhenRestored>
    }
}

#[component]
fn PollList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let polls = LocalResource::new(move || {
        session.user_id();
        // Staff-written texts come in the UI's language: ask again when it changes.
        i18n.locale();
        api::polls(session)
    });
    view! {
        <div class="section-heading">
            <h1>{i18n.tr(Key::NavPolls)}</h1>
            <Show when=move || session.is_staff()>
                <A href="/staff/polls/new" attr:class="button">{i18n.tr(Key::NewPoll)}</A>
            </Show>
        </div>
        <p class="lead">{i18n.tr(Key::PollsIntro)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match polls.await {
                    Ok(list) if list.items.is_empty() => view! { <EmptyMessage text=Key::NoPolls /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="card-grid" role="list">
                            {order_polls(list.items).into_iter().map(|poll| view! { <li><PollCard poll /></li> }).collect_view()}
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
fn PollCard(poll: Poll) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/polls/{}", poll.id);
    let voted = poll.my_ballot.is_some();
    view! {
        <article class="card poll-card" data-poll-id=poll.id>
            <p class="card-tags">
                <span class=format!("badge poll-{}", poll_state_str(poll.state))>{i18n.tr(poll_state_key(poll.state))}</span>
                <span class="badge">{i18n.tr(method_key(poll.method))}</span>
                {voted.then(|| view! { <span class="badge status-approved">{i18n.tr(Key::YouVoted)}</span> })}
            </p>
            <h2 class="card-title"><A href=href>{poll.question.clone()}</A></h2>
            <p class="muted">{poll.product.clone()}</p>
            <dl class="dates">
                <div>
                    <dt>{i18n.tr(Key::PollOpens)}</dt>
                    <dd><LocalDateTime at=poll.opens_at /></dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::PollCloses)}</dt>
                    <dd><LocalDateTime at=poll.closes_at /></dd>
                </div>
            </dl>
        </article>
    }
}
