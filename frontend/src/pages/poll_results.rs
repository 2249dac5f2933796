//! A poll's results at `/polls/{id}/results`: the winner, votes per option, and for
//! ranked polls every instant-runoff round as its own chart, marking who was eliminated.

use atelier_api::{Poll, PollMethod, PollResults, PollState, RunoffRound, TieBreak};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{
    Bar, BarChart, BarMark, LoadError, Loading, LocalDateTime, Missing, ServerExplanation,
    WhenRestored,
};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// The bars of one runoff round: the eliminated option is marked, and in the last round
/// the winner.
pub fn round_bars(round: &RunoffRound, winner: Option<i64>, last: bool) -> Vec<Bar> {
    round
        .counts
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            votes: c.votes,
            mark: if round.eliminated == Some(c.option_id) {
                Some(BarMark::Eliminated)
            } else if last && winner == Some(c.option_id) {
                Some(BarMark::Winner)
            } else {
                None
            },
        })
        .collect()
}

/// The explanation of a tie-break rule (the draw's names its seed).
pub fn tie_break_key(rule: TieBreak) -> Key {
    match rule {
        TieBreak::EarlierRounds => Key::TieBreakEarlierRounds,
        TieBreak::Draw => Key::TieBreakDraw,
    }
}

/// Labels joined for a sentence: "A, B" in English, "A、B" in Chinese.
fn join_labels(labels: &[String], i18n: crate::i18n::I18n) -> String {
    let quoted: Vec<String> = labels.iter().map(|l| format!("“{l}”")).collect();
    if i18n.locale() == crate::i18n::Locale::En {
        quoted.join(", ")
    } else {
        quoted.join("、")
    }
}

#[component]
pub fn PollResultsPage() -> impl IntoView {
    view! {
        <WhenRestored>
            <PollResultsLoader />
        </WhenRestored>
    }
}

#[component]
fn PollResultsLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        session.user_id();
        // Staff-written texts come in the UI's language: ask again when it changes.
        i18n.locale();
        async move {
            let Some(id) = id else {
                let e = ApiError::from_response(
                    404,
                    r#"{"error":{"code":"not_found","message":"no such poll"}}"#,
                );
                return (Err(e.clone()), Err(e));
            };
            (
                api::poll(session, id).await,
                api::poll_results(session, id).await,
            )
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    (Ok(poll), Ok(results)) => view! { <PollResultsView poll results /> }.into_any(),
                    (Ok(poll), Err(e)) if e.code == "results_not_published" => {
                        view! { <ResultsPending poll /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error missing=Missing::Poll /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResultsPending(poll: Poll) -> impl IntoView {
    let i18n = use_i18n();
    browser::set_document_title(&format!("{} · Atelier", poll.question));
    view! {
        <h1>{poll.question.clone()}</h1>
        <div class="notice" data-testid="results-not-published">
            <p>{move || i18n.label(Key::PollResultsLater)} <LocalDateTime at=poll.closes_at /></p>
            <p><A href=format!("/polls/{}", poll.id)>{i18n.tr(Key::BackToPoll)}</A></p>
        </div>
    }
}

#[component]
fn PollResultsView(poll: Poll, results: PollResults) -> impl IntoView {
    let i18n = use_i18n();
    browser::set_document_title(&format!("{} · Atelier", poll.question));
    let label_of = |id: i64| {
        poll.options
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.clone())
            .unwrap_or_default()
    };
    let winner_label = results.winner.map(label_of);
    // Staff follow an open poll: its front runner is leading, not the winner.
    let open = poll.state != PollState::Closed;
    let tied_labels: Vec<String> = results
        .tied_options
        .iter()
        .map(|id| label_of(*id))
        .collect();
    let seed = results.draw_seed.clone();
    let tie_note = results.tie_break.filter(|_| results.tied).map(|rule| {
        let seed = seed.clone();
        let tied = tied_labels.clone();
        let winner = winner_label.clone().unwrap_or_default();
        view! {
            <div class="notice tie-notice" data-testid="poll-tie" data-tie-break=rule.as_str()>
                <p>
                    <strong>
                        {move || i18n.fmt(
                            if open { Key::TiedForLead } else { Key::TiedForWin },
                            &[("labels", &join_labels(&tied, i18n))],
                        )}
                    </strong>
                </p>
                <p>
                    {move || i18n.fmt(
                        if open { Key::TieBrokenLeading } else { Key::TieBrokenWinner },
                        &[("label", &winner)],
                    )}
                    " "
                    {move || i18n.fmt(tie_break_key(rule), &[("seed", &seed)])}
                </p>
            </div>
        }
    });
    let question = poll.question.clone();
    let ballots = results.ballots;
    let winner = results.winner;

    let counts_bars: Vec<Bar> = results
        .counts
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            votes: c.votes,
            mark: (results.method != PollMethod::Ranked && winner == Some(c.option_id))
                .then_some(BarMark::Winner),
        })
        .collect();
    let counts_heading = if results.method == PollMethod::Ranked {
        Key::FirstPreferences
    } else {
        Key::VotesPerOption
    };

    let rules_key = if results.method == PollMethod::Ranked {
        Key::RulesInstantRunoff
    } else {
        Key::RulesPlurality
    };
    let round_count = results.rounds.len();
    let rounds = results
        .rounds
        .iter()
        .enumerate()
        .map(|(i, round)| {
            let last = i + 1 == round_count;
            let bars = round_bars(round, winner, last);
            let active: u64 = round.counts.iter().map(|c| c.votes).sum();
            let exhausted = round.exhausted;
            let n = round.round;
            let heading_id = format!("round-{n}");
            let labelled_by = heading_id.clone();
            let eliminated = round.eliminated.map(label_of);
            let round_rule = round.tie_break_rule.filter(|_| round.tie_break);
            let round_tied: Vec<String> = round.tied.iter().map(|id| label_of(*id)).collect();
            let seed = results.draw_seed.clone();
            let caption = Signal::derive(move || {
                i18n.fmt_args(
                    Key::RoundCaption,
                    &[("active", active.into()), ("exhausted", exhausted.into())],
                )
            });
            view! {
                <section class="runoff-round" aria-labelledby=labelled_by>
                    <h3 id=heading_id>{move || i18n.fmt(Key::RoundN, &[("n", &n.to_string())])}</h3>
                    <BarChart bars total=active caption />
                    {eliminated.map(|label| view! {
                        <p class="round-outcome">
                            {move || i18n.fmt(Key::EliminatedAfterRound, &[("label", &label)])}
                            {round_rule.map(|rule| {
                                let tied = round_tied.clone();
                                let seed = seed.clone();
                                view! {
                                    " "
                                    <span class="muted round-tie" data-tie-break=rule.as_str()>
                                        {move || i18n.fmt(Key::TiedForLast, &[("labels", &join_labels(&tied, i18n))])}
                                        " "
                                        {move || i18n.fmt(tie_break_key(rule), &[("seed", &seed)])}
                                    </span>
                                }
                            })}
                        </p>
                    })}
                    {(last && winner.is_some()).then(|| view! {
                        <p class="round-outcome winner-note">
                            {i18n.tr(if open { Key::MajorityLeading } else { Key::MajorityReached })}
                        </p>
                    })}
                </section>
            }
        })
        .collect_view();

    view! {
        <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
            <A href="/polls">{i18n.tr(Key::NavPolls)}</A>
            <span aria-hidden="true">" › "</span>
            <A href=format!("/polls/{}", poll.id)>{poll.question.clone()}</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{i18n.tr(Key::Results)}</span>
        </nav>
        <h1>{move || i18n.fmt(Key::ResultsOf, &[("title", &question)])}</h1>
        <p class="lead">
            {move || i18n.count(Key::BallotCount, ballots)}
        </p>
        {open.then(|| view! { <p class="notice" data-testid="poll-live">{i18n.tr(Key::LiveResultsNote)}</p> })}
        {match winner_label {
            Some(label) => view! {
                <p class="winner-banner" data-testid="poll-winner" data-state=if open { "leading" } else { "winner" }>
                    {move || i18n.fmt(if open { Key::LeadingIs } else { Key::WinnerIs }, &[("label", &label)])}
                </p>
            }
            .into_any(),
            None => view! { <p class="notice">{i18n.tr(Key::NoWinner)}</p> }.into_any(),
        }}
        {tie_note}
        <section class="section" aria-labelledby="counts-heading">
            <h2 id="counts-heading">{i18n.tr(counts_heading)}</h2>
            <BarChart
                bars=counts_bars
                total=ballots
                caption=Signal::derive(move || i18n.count(Key::BallotCount, ballots))
            />
        </section>
        {(round_count > 0).then(|| view! {
            <section class="section" aria-labelledby="rounds-heading">
                <h2 id="rounds-heading">{i18n.tr(Key::RunoffRounds)}</h2>
                <div class="rounds">{rounds}</div>
            </section>
        })}
        <p class="hint method">
            <strong>{move || i18n.label(Key::HowCounted)}</strong>
            <ServerExplanation text=results.rules.clone() translation=rules_key />
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::OptionCount;

    fn count(option_id: i64, votes: u64) -> OptionCount {
        OptionCount {
            option_id,
            label: format!("o{option_id}"),
            votes,
        }
    }

    #[test]
    fn rounds_mark_the_eliminated_and_the_final_winner() {
        let first = RunoffRound {
            round: 1,
            counts: vec![count(1, 1), count(2, 1), count(3, 1)],
            exhausted: 0,
            eliminated: Some(3),
            tie_break: true,
            tied: vec![1, 2, 3],
            tie_break_rule: Some(TieBreak::Draw),
        };
        let marks: Vec<_> = round_bars(&first, Some(2), false)
            .into_iter()
            .map(|b| b.mark)
            .collect();
        assert_eq!(marks, [None, None, Some(BarMark::Eliminated)]);
        let last = RunoffRound {
            round: 2,
            counts: vec![count(1, 1), count(2, 2)],
            exhausted: 0,
            eliminated: None,
            tie_break: false,
            tied: vec![],
            tie_break_rule: None,
        };
        let marks: Vec<_> = round_bars(&last, Some(2), true)
            .into_iter()
            .map(|b| b.mark)
            .collect();
        assert_eq!(marks, [None, Some(BarMark::Winner)]);
    }
}
