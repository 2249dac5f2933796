//! All challenges, grouped into open now, coming up and past by their phase.

use atelier_api::{ChallengeSummary, Phase};
use leptos::prelude::*;

use crate::api;
use crate::components::{ChallengeGrid, ErrorBox, Loading};
use crate::i18n::{Key, use_i18n, use_title};

#[derive(Debug, Default, PartialEq)]
pub struct Grouped {
    pub open: Vec<ChallengeSummary>,
    pub upcoming: Vec<ChallengeSummary>,
    pub past: Vec<ChallengeSummary>,
}

/// Open means members can act now (submit or vote); past means voting has closed.
pub fn group_by_phase(items: Vec<ChallengeSummary>) -> Grouped {
    let mut grouped = Grouped::default();
    for item in items {
        match item.phase {
            Phase::Submissions | Phase::Voting => grouped.open.push(item),
            Phase::Upcoming => grouped.upcoming.push(item),
            Phase::Closed | Phase::Results => grouped.past.push(item),
        }
    }
    grouped
}

#[component]
pub fn ChallengesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(Key::NavChallenges);
    // Titles come in the UI's language: ask again when it changes.
    let challenges = LocalResource::new(move || {
        i18n.locale();
        api::challenges()
    });
    view! {
        <h1>{i18n.tr(Key::NavChallenges)}</h1>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match challenges.await {
                    Ok(list) => {
                        let Grouped { open, upcoming, past } = group_by_phase(list.items);
                        view! {
                            <section class="section" aria-labelledby="group-open">
                                <h2 id="group-open">{i18n.tr(Key::GroupOpen)}</h2>
                                <ChallengeGrid challenges=open empty=Key::NothingHere />
                            </section>
                            <section class="section" aria-labelledby="group-upcoming">
                                <h2 id="group-upcoming">{i18n.tr(Key::GroupUpcoming)}</h2>
                                <ChallengeGrid challenges=upcoming empty=Key::NothingHere />
                            </section>
                            <section class="section" aria-labelledby="group-past">
                                <h2 id="group-past">{i18n.tr(Key::GroupPast)}</h2>
                                <ChallengeGrid challenges=past empty=Key::NothingHere />
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! {
                        <ErrorBox error />
                        <button type="button" class="button secondary" on:click=move |_| challenges.refetch()>
                            {i18n.tr(Key::Retry)}
                        </button>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{ChallengeStatus, Theme};
    use chrono::Utc;

    fn challenge(id: i64, phase: Phase) -> ChallengeSummary {
        let now = Utc::now();
        ChallengeSummary {
            id,
            slug: format!("c{id}"),
            title: format!("Challenge {id}"),
            theme: Theme::Topic,
            palette: vec![],
            status: ChallengeStatus::Published,
            phase,
            submissions_open_at: now,
            voting_open_at: now,
            voting_close_at: now,
            results_at: now,
            cover_url: None,
        }
    }

    #[test]
    fn challenges_are_grouped_by_phase_keeping_order() {
        let grouped = group_by_phase(vec![
            challenge(1, Phase::Results),
            challenge(2, Phase::Submissions),
            challenge(3, Phase::Upcoming),
            challenge(4, Phase::Voting),
            challenge(5, Phase::Closed),
        ]);
        let ids = |v: &[ChallengeSummary]| v.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&grouped.open), [2, 4]);
        assert_eq!(ids(&grouped.upcoming), [3]);
        assert_eq!(ids(&grouped.past), [1, 5]);
    }
}
