//! One poll at `/polls/{id}`: the question and options, the ballot (radio buttons,
//! checkboxes up to a limit, or a ranking built by drag and drop or the keyboard), the
//! viewer's ballot, and for staff invites, option images and the CSV export.

mod staff;

use staff::PollStaffTools;

use std::time::Duration;

use atelier_api::{Eligibility, Poll, PollMethod, PollState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError, encode_component};
use crate::browser;
use crate::components::labels::{eligibility_key, method_key, poll_state_key, poll_state_str};
use crate::components::{
    Choice, Countdown, ErrorBox, LoadError, Loading, LocalDateTime, Missing, RankingBuilder,
    StatusMessage, WhenRestored,
};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

thread_local! {
    /// The poll the form just created: (poll id, images added, images that failed).
    static CREATED: std::cell::Cell<Option<(i64, u32, u32)>> = const { std::cell::Cell::new(None) };
}

/// The create form hands its outcome to the poll page it opens.
pub fn note_created(poll_id: i64, images_added: u32, images_failed: u32) {
    CREATED.with(|c| c.set(Some((poll_id, images_added, images_failed))));
}

/// The form's outcome for `poll_id`, once.
fn take_created(poll_id: i64) -> Option<(u32, u32)> {
    CREATED.with(|c| match c.take() {
        Some((id, added, failed)) if id == poll_id => Some((added, failed)),
        other => {
            c.set(other);
            None
        }
    })
}

/// Handles as typed (commas, spaces or new lines between them, `@` optional).
pub fn parse_handles(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(|h| h.trim().trim_start_matches('@').to_owned())
        .filter(|h| !h.is_empty())
        .collect()
}

/// Toggles `id` in an approval ballot, refusing to go past `max`.
pub fn toggle_choice(chosen: &mut Vec<i64>, id: i64, on: bool, max: usize) {
    if on {
        if !chosen.contains(&id) && chosen.len() < max {
            chosen.push(id);
        }
    } else {
        chosen.retain(|c| *c != id);
    }
}

fn choices_of(poll: &Poll) -> Vec<Choice> {
    poll.options
        .iter()
        .map(|o| Choice {
            id: o.id,
            label: o.label.clone(),
            image_url: o.image_url.clone(),
        })
        .collect()
}

#[component]
pub fn PollPage() -> impl IntoView {
    view! {
        <WhenRestored>
            <PollLoader />
        </WhenRestored>
    }
}

#[component]
fn PollLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let poll = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        reload.track();
        session.user_id();
        // Staff-written texts come in the UI's language: ask again when it changes.
        i18n.locale();
        async move {
            match id {
                Some(id) => api::poll(session, id).await,
                None => Err(ApiError::from_response(
                    404,
                    r#"{"error":{"code":"not_found","message":"no such poll"}}"#,
                )),
            }
        }
    });
    let on_elapsed = Callback::new(move |()| {
        set_timeout(
            move || {
                reload.try_update(|n| *n += 1);
            },
            Duration::from_millis(1500),
        );
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match poll.await {
                    Ok(poll) => view! { <PollView poll on_elapsed /> }.into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Poll /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PollView(poll: Poll, on_elapsed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    browser::set_document_title(&format!("{} · Atelier", poll.question));
    let id = poll.id;
    let state = poll.state;
    let current = RwSignal::new(poll.clone());
    let cast_done = RwSignal::new(false);
    let results_href = format!("/polls/{id}/results");
    let login_href = format!("/login?next={}", encode_component(&format!("/polls/{id}")));
    let now = browser::now_ms();
    let countdown = match state {
        PollState::Open => Some((Key::PollClosesIn, poll.closes_at)),
        PollState::Scheduled => Some((Key::PollOpensIn, poll.opens_at)),
        PollState::Closed => None,
    }
    .filter(|(_, at)| at.timestamp_millis() as f64 > now)
    .map(|(label, target)| view! { <Countdown target label on_elapsed /> });

    let method_hint = match poll.method {
        PollMethod::Single => i18n.t(Key::SingleHint).to_owned(),
        PollMethod::Approval => {
            i18n.fmt(Key::ApprovalHint, &[("n", &poll.max_choices.to_string())])
        }
        PollMethod::Ranked => i18n.t(Key::RankedHint).to_owned(),
    };
    let logged_in = move || session.user_id().is_some();

    // Just created from the form: say so, with the option images it added.
    let created_note = take_created(id).map(|(images_added, images_failed)| {
        view! {
            <StatusMessage text=Signal::derive(move || {
                if images_added > 0 {
                    i18n.fmt_args(Key::PollCreatedImages, &[("n", u64::from(images_added).into())])
                } else {
                    i18n.t(Key::PollCreated).to_owned()
                }
            }) />
            {(images_failed > 0).then(|| view! {
                <p class="notice" role="alert">
                    {move || i18n.fmt_args(Key::OptionImagesFailed, &[("n", u64::from(images_failed).into())])}
                </p>
            })}
        }
    });

    let ballot_section = move || {
        let p = current.get();
        if p.state != PollState::Open {
            return match p.state {
                PollState::Scheduled => {
                    view! { <p class="notice">{i18n.tr(Key::PollNotOpenYet)}</p> }.into_any()
                }
                _ => view! {
                    <p class="notice">
                        {i18n.tr(Key::PollHasClosed)} " "
                        <A href=results_href.clone()>{i18n.tr(Key::SeeResults)}</A>
                    </p>
                }
                .into_any(),
            };
        }
        if !logged_in() {
            return view! {
                <p>{i18n.tr(Key::LogInToVote)}</p>
                <p><A href=login_href.clone() attr:class="button">{i18n.tr(Key::LogIn)}</A></p>
            }
            .into_any();
        }
        if session.is_staff() {
            return view! { <p class="notice">{i18n.tr(Key::StaffDoNotVotePolls)}</p> }.into_any();
        }
        if p.can_vote {
            return view! { <BallotForm current cast_done /> }.into_any();
        }
        if p.my_ballot.is_some() {
            view! { <p class="notice">{i18n.tr(Key::BallotIsFinal)}</p> }.into_any()
        } else if p.eligibility == Eligibility::Invited {
            view! { <p class="notice">{move || i18n.error_message("not_invited")}</p> }.into_any()
        } else {
            view! { <p class="notice">{i18n.tr(Key::CannotVoteNow)}</p> }.into_any()
        }
    };

    let my_ballot = move || {
        current.with(|p| {
            p.my_ballot.clone().map(|ballot| {
                let labels: Vec<String> = ballot
                    .iter()
                    .filter_map(|id| p.options.iter().find(|o| o.id == *id))
                    .map(|o| o.label.clone())
                    .collect();
                view! {
                    <section class="card my-ballot" aria-labelledby="my-ballot-heading">
                        <h2 id="my-ballot-heading">{i18n.tr(Key::YourBallot)}</h2>
                        <ol>{labels.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ol>
                    </section>
                }
            })
        })
    };

    let options_with_images = poll.options.iter().any(|o| o.image_url.is_some());
    let gallery = options_with_images.then(|| {
        view! {
            <ul class="option-gallery" role="list">
                {poll
                    .options
                    .iter()
                    .map(|o| {
                        view! {
                            <li>
                                <figure>
                                    {o.image_url.clone().map(|src| view! { <img src=src alt="" loading="lazy" /> })}
                                    <figcaption>{o.label.clone()}</figcaption>
                                </figure>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });

    view! {
        <article class="poll-page" data-poll-id=id>
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/polls">{i18n.tr(Key::NavPolls)}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{poll.question.clone()}</span>
            </nav>
            {created_note}
            <header class="poll-header">
                <p class="card-tags">
                    <span class=format!("badge poll-{}", poll_state_str(state))>{i18n.tr(poll_state_key(state))}</span>
                    <span class="badge">{i18n.tr(method_key(poll.method))}</span>
                    <span class="badge">{i18n.tr(eligibility_key(poll.eligibility))}</span>
                </p>
                <h1>{poll.question.clone()}</h1>
                <p class="lead">{move || i18n.with_colon(Key::Product)} {poll.product.clone()}</p>
                {(!poll.description.trim().is_empty()).then(|| view! { <p class="bio">{poll.description.clone()}</p> })}
                <dl class="facts">
                    <div>
                        <dt>{i18n.tr(Key::PollOpens)}</dt>
                        <dd><LocalDateTime at=poll.opens_at /></dd>
                    </div>
                    <div>
                        <dt>{i18n.tr(Key::PollCloses)}</dt>
                        <dd><LocalDateTime at=poll.closes_at /></dd>
                    </div>
                    <div>
                        <dt>{i18n.tr(Key::BallotChanges)}</dt>
                        <dd>{if poll.allow_change { i18n.tr(Key::ChangesAllowed) } else { i18n.tr(Key::ChangesNotAllowed) }}</dd>
                    </div>
                </dl>
                {countdown}
                {(state == PollState::Closed).then(|| view! {
                    <p><A href=format!("/polls/{id}/results") attr:class="button">{i18n.tr(Key::SeeResults)}</A></p>
                })}
            </header>
            {gallery}
            <section class="section card" aria-labelledby="ballot-heading">
                <h2 id="ballot-heading">{i18n.tr(Key::CastBallot)}</h2>
                <p class="hint">{method_hint}</p>
                {move || cast_done.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::BallotCounted).to_owned()) />
                })}
                {ballot_section}
            </section>
            {my_ballot}
            <Show when=move || session.is_staff()>
                <PollStaffTools current />
            </Show>
        </article>
    }
}

#[component]
fn BallotForm(current: RwSignal<Poll>, cast_done: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let poll = current.get_untracked();
    let id = poll.id;
    let max = usize::try_from(poll.max_choices.max(1)).unwrap_or(1);
    let selected = RwSignal::new(poll.my_ballot.clone().unwrap_or_default());
    let had_ballot = poll.my_ballot.is_some();
    let cast = Action::new_local(move |choices: &Vec<i64>| {
        let choices = choices.clone();
        async move {
            let updated = api::cast_ballot(session, id, choices).await?;
            if let Some(ballot) = updated.my_ballot.clone() {
                selected.set(ballot);
            }
            current.set(updated);
            cast_done.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let pending = cast.pending();
    let choices = choices_of(&poll);

    let inputs = match poll.method {
        PollMethod::Single | PollMethod::Approval => {
            let single = poll.method == PollMethod::Single;
            let legend = if single {
                i18n.t(Key::ChooseOne).to_owned()
            } else {
                i18n.fmt(Key::ChooseUpTo, &[("n", &max.to_string())])
            };
            let items = choices
                .into_iter()
                .map(|c| {
                    let input_id = format!("option-{}", c.id);
                    let label_for = input_id.clone();
                    let cid = c.id;
                    let checked = move || selected.with(|s| s.contains(&cid));
                    view! {
                        <label class="choice" for=label_for>
                            <input
                                id=input_id
                                type=if single { "radio" } else { "checkbox" }
                                name="poll-choice"
                                value=cid
                                prop:checked=checked
                                disabled=move || {
                                    !single && !checked() && selected.with(Vec::len) >= max
                                }
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    if single {
                                        selected.set(vec![cid]);
                                    } else {
                                        selected.update(|s| toggle_choice(s, cid, on, max));
                                    }
                                }
                            />
                            {c.image_url.clone().map(|src| view! { <img class="choice-thumb" src=src alt="" loading="lazy" /> })}
                            <span>{c.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="choice-group">
                    <legend>{legend}</legend>
                    {items}
                    {(!single).then(|| view! {
                        <p class="hint" aria-live="polite">
                            {move || i18n.fmt(
                                Key::ChosenCount,
                                &[("n", &selected.with(Vec::len).to_string()), ("max", &max.to_string())],
                            )}
                        </p>
                    })}
                </fieldset>
            }
            .into_any()
        }
        PollMethod::Ranked => view! {
            <RankingBuilder
                choices
                ranked=selected
                id_prefix="ballot"
                ranked_heading=Key::YourRanking
                unranked_heading=Key::NotRanked
                disabled=Signal::derive(move || pending.get())
            />
        }
        .into_any(),
    };

    view! {
        <form
            class="form ballot-form"
            on:submit=move |ev| {
                ev.prevent_default();
                cast_done.set(false);
                cast.dispatch(selected.get_untracked());
            }
        >
            {inputs}
            {move || cast.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=move || pending.get() || selected.with(Vec::is_empty)>
                {move || {
                    if pending.get() {
                        i18n.t(Key::Sending)
                    } else if had_ballot {
                        i18n.t(Key::UpdateBallot)
                    } else {
                        i18n.t(Key::CastMyBallot)
                    }
                }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_split_on_commas_spaces_and_lines() {
        assert_eq!(
            parse_handles("@mei, kai\nsora  yuting,"),
            ["mei", "kai", "sora", "yuting"]
        );
        assert!(parse_handles(" \n, ").is_empty());
    }

    #[test]
    fn approval_ballots_stop_at_the_limit() {
        let mut chosen = vec![1];
        toggle_choice(&mut chosen, 2, true, 2);
        toggle_choice(&mut chosen, 3, true, 2);
        assert_eq!(chosen, [1, 2]);
        toggle_choice(&mut chosen, 1, false, 2);
        toggle_choice(&mut chosen, 3, true, 2);
        assert_eq!(chosen, [2, 3]);
        toggle_choice(&mut chosen, 3, true, 2);
        assert_eq!(chosen, [2, 3]);
    }
}
