//! A challenge's results at `/challenges/{slug}/results`: the winners, the full ranking
//! with votes, mean and Bayesian score, and how it is computed in plain words. Staff see
//! the ranking before publication and pick the winners from it.

use atelier_api::{
    ChallengeDetail, ChallengePrizes, ChallengeResults, Phase, PickWinnersRequest, RankedEntry,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::ranking_explained::RankingExplanation;
use crate::components::{
    Choice, ErrorBox, LoadError, Loading, LocalDateTime, Missing, PhaseBadge, RankingBuilder,
    StatusMessage, WhenRestored, entry_alt,
};
use crate::i18n::{Key, place_label, use_i18n};
use crate::pages::challenge_form::PrizeAwards;
use crate::pages::templates::labels::format_money;
use crate::session::use_session;

const MAX_WINNERS: usize = 10;

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! {
        <WhenRestored>
            <ResultsLoader />
        </WhenRestored>
    }
}

#[component]
fn ResultsLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    let data = LocalResource::new(move || {
        let slug = slug.get();
        session.user_id();
        // Staff-written texts come in the UI's language: ask again when it changes.
        i18n.locale();
        async move {
            let challenge = api::challenge(session, &slug).await;
            let results = api::results(session, &slug).await;
            (challenge, results)
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    (Ok(challenge), Ok(results)) => view! { <ResultsView challenge results /> }.into_any(),
                    (Ok(challenge), Err(e)) if e.code == "results_not_published" => {
                        view! { <NotPublished challenge /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error missing=Missing::Challenge /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NotPublished(challenge: ChallengeDetail) -> impl IntoView {
    let i18n = use_i18n();
    let c = challenge.summary;
    browser::set_document_title(&format!("{} · Atelier", c.title));
    let href = format!("/challenges/{}", c.slug);
    view! {
        <h1>{move || i18n.fmt(Key::ResultsOf, &[("title", &c.title)])}</h1>
        <div class="notice" data-testid="results-not-published">
            <p>{i18n.tr(Key::ResultsNotYet)}</p>
            <p>{move || i18n.label(Key::ResultsPublishedOn)} <LocalDateTime at=c.results_at /></p>
            <p><A href=href>{i18n.tr(Key::BackToChallenge)}</A></p>
        </div>
    }
}

#[component]
fn ResultsView(challenge: ChallengeDetail, results: ChallengeResults) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let c = challenge.summary.clone();
    browser::set_document_title(&format!("{} · Atelier", c.title));
    let results = RwSignal::new(results);
    let phase = c.phase;
    let challenge_href = format!("/challenges/{}", c.slug);
    let title = c.title.clone();
    let slug = c.slug.clone();
    let may_pick = move || session.is_staff() && matches!(phase, Phase::Closed | Phase::Results);

    view! {
        <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
            <A href="/challenges">{i18n.tr(Key::NavChallenges)}</A>
            <span aria-hidden="true">" › "</span>
            <A href=challenge_href.clone()>{c.title.clone()}</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{i18n.tr(Key::Results)}</span>
        </nav>
        <h1>{move || i18n.fmt(Key::ResultsOf, &[("title", &title)])}</h1>
        <p class="card-tags"><PhaseBadge phase /></p>
        {(phase != Phase::Results).then(|| view! { <p class="notice">{i18n.tr(Key::StaffPreviewNote)}</p> })}
        <section class="section" aria-labelledby="winners-heading">
            <h2 id="winners-heading">{i18n.tr(Key::Winners)}</h2>
            {move || {
                let winners = results.with(|r| r.winners.clone());
                if winners.is_empty() {
                    view! { <p class="empty">{i18n.tr(Key::NoWinnersYet)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="winners" role="list">
                            {winners.into_iter().map(|w| view! { <li><WinnerCard winner=w /></li> }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
            }}
        </section>
        <section class="section" aria-labelledby="ranking-heading">
            <h2 id="ranking-heading">{i18n.tr(Key::Ranking)}</h2>
            {move || {
                let ranking = results.with(|r| r.ranking.clone());
                if ranking.is_empty() {
                    view! { <p class="empty">{i18n.tr(Key::NoEntries)}</p> }.into_any()
                } else {
                    view! { <RankingTable ranking /> }.into_any()
                }
            }}
            <RankingExplanation />
        </section>
        <Show when=may_pick>
            <PickWinners slug=slug.clone() results />
            <ConfirmPrizes slug=slug.clone() />
        </Show>
    }
}

/// Staff confirm the winners and pay each place's prize into its winner's
/// balance (once: a repeat pays nothing twice), then see the awards.
#[component]
fn ConfirmPrizes(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let slug = StoredValue::new(slug);
    let state = RwSignal::new(None::<Result<ChallengePrizes, ApiError>>);
    spawn_local(async move {
        let loaded = api::challenge_prizes(session, &slug.get_value()).await;
        state.try_set(Some(loaded));
    });
    let confirm = Action::new_local(move |_: &()| async move {
        let done = api::confirm_winners(session, &slug.get_value()).await?;
        state.set(Some(Ok(done)));
        Ok::<(), ApiError>(())
    });
    let pending = confirm.pending();
    let prize_list = move |p: &ChallengePrizes| {
        p.prizes
            .iter()
            .map(|prize| {
                let place = prize.place;
                let amount = prize.amount.clone();
                view! {
                    <li>
                        {move || place_label(i18n.locale(), place)} " · "
                        {move || format_money(i18n.locale(), &amount)}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="section card" aria-labelledby="confirm-prizes-heading" data-testid="confirm-prizes">
            <h2 id="confirm-prizes-heading">{i18n.tr(Key::PrizeConfirmTitle)}</h2>
            {move || match state.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                Some(Ok(p)) if p.confirmed_at.is_some() => view! {
                    <p class="status-message" role="status">{i18n.tr(Key::PrizeConfirmedNote)}</p>
                    <PrizeAwards prizes=p />
                }
                .into_any(),
                Some(Ok(p)) if p.prizes.is_empty() => view! {
                    <p class="muted">{i18n.tr(Key::PrizeNone)}</p>
                }
                .into_any(),
                Some(Ok(p)) => view! {
                    <p class="hint">{i18n.tr(Key::PrizeConfirmHint)}</p>
                    <ul class="plain-list compact-list" role="list">{prize_list(&p)}</ul>
                    {move || confirm.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                    <button
                        type="button"
                        class="button"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            if browser::confirm(i18n.t(Key::PrizeConfirmAsk)) {
                                confirm.dispatch(());
                            }
                        }
                    >
                        {i18n.tr(Key::PrizeConfirmButton)}
                    </button>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn WinnerCard(winner: RankedEntry) -> impl IntoView {
    let i18n = use_i18n();
    let place = winner.winner_place.unwrap_or(0);
    let e = winner.entry;
    let href = format!("/entries/{}", e.id);
    let title = e.title.clone();
    let author = e.author_display_name.clone();
    view! {
        <article class=format!("card winner-card place-{place}")>
            <p class="place">{move || place_label(i18n.locale(), place)}</p>
            <A href=href.clone()>
                <img
                    class="entry-thumb"
                    src=e.thumbnail_url.clone()
                    width=e.thumbnail_width
                    height=e.thumbnail_height
                    loading="lazy"
                    alt=move || entry_alt(i18n, &title, &author)
                />
            </A>
            <h3 class="card-title"><A href=href>{e.title.clone()}</A></h3>
            <p class="muted">
                <A href=format!("/u/{}", e.author_handle)>{e.author_display_name.clone()}</A>
            </p>
        </article>
    }
}

#[component]
fn RankingTable(ranking: Vec<RankedEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table stack ranking-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::Rank)}</th>
                        <th scope="col">{i18n.tr(Key::Entry)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::Votes)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::MeanScore)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::BayesianScore)}</th>
                    </tr>
                </thead>
                <tbody>
                    {ranking
                        .into_iter()
                        .map(|r| {
                            let e = r.entry;
                            let href = format!("/entries/{}", e.id);
                            let title = e.title.clone();
                            let author = e.author_display_name.clone();
                            view! {
                                <tr class:is-winner=r.winner_place.is_some()>
                                    <td class="rank" data-label=i18n.tr(Key::Rank)>{r.rank}</td>
                                    <th scope="row">
                                        <div class="ranking-entry">
                                            <img
                                                class="ranking-thumb"
                                                src=e.thumbnail_url.clone()
                                                width="48"
                                                height="48"
                                                loading="lazy"
                                                alt=move || entry_alt(i18n, &title, &author)
                                            />
                                            <span>
                                                <A href=href>{e.title.clone()}</A>
                                                <br />
                                                <span class="muted">{e.author_display_name.clone()}</span>
                                                {r.winner_place.map(|p| view! {
                                                    " " <span class="badge winner-badge">{move || place_label(i18n.locale(), p)}</span>
                                                })}
                                            </span>
                                        </div>
                                    </th>
                                    <td class="num" data-label=i18n.tr(Key::Votes)>{r.votes}</td>
                                    <td class="num" data-label=i18n.tr(Key::MeanScore)>{format!("{:.2}", r.mean)}</td>
                                    <td class="num" data-label=i18n.tr(Key::BayesianScore)>{format!("{:.2}", r.score)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Staff choose the winners in place order from the ranking, with a reason (audited).
#[component]
fn PickWinners(slug: String, results: RwSignal<ChallengeResults>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let choices: Vec<Choice> = results.with_untracked(|r| {
        r.ranking
            .iter()
            .map(|r| Choice {
                id: r.entry.id,
                label: format!("{} — {}", r.entry.title, r.entry.author_display_name),
                image_url: Some(r.entry.thumbnail_url.clone()),
            })
            .collect()
    });
    let picked = RwSignal::new(
        results.with_untracked(|r| r.winners.iter().map(|w| w.entry.id).collect::<Vec<_>>()),
    );
    let reason = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let slug = StoredValue::new(slug);
    let save = Action::new_local(move |req: &PickWinnersRequest| {
        let req = req.clone();
        async move {
            let updated = api::pick_winners(session, &slug.get_value(), &req).await?;
            results.set(updated);
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let pending = save.pending();
    view! {
        <section class="section card" aria-labelledby="pick-heading">
            <h2 id="pick-heading">{i18n.tr(Key::PickWinners)}</h2>
            <p class="hint">{i18n.tr(Key::PickWinnersHint)}</p>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    saved.set(false);
                    save.dispatch(PickWinnersRequest {
                        entries: picked.get_untracked(),
                        reason: reason.get_untracked().trim().to_owned(),
                    });
                }
            >
                <RankingBuilder
                    choices
                    ranked=picked
                    max=MAX_WINNERS
                    id_prefix="winners"
                    ranked_heading=Key::WinnersInOrder
                    unranked_heading=Key::Candidates
                />
                <div class="field">
                    <label for="winners-reason">{i18n.tr(Key::Reason)}</label>
                    <textarea id="winners-reason" rows="2" required minlength="3" maxlength="500" bind:value=reason></textarea>
                </div>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::WinnersSaved).to_owned()) />
                })}
                {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=move || pending.get() || picked.with(Vec::is_empty)>
                    {i18n.tr(Key::SaveWinners)}
                </button>
            </form>
        </section>
    }
}
