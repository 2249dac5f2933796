//! The ranking of a challenge's entries explained in plain words, in the reader's
//! language: what the stars, the average and the score are, and why a few votes
//! are pulled towards the challenge's average.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// The paragraphs, in reading order.
pub const RANKING_EXPLAINED: [Key; 5] = [
    Key::RankingExplainedVotes,
    Key::RankingExplainedPrior,
    Key::RankingExplainedWhy,
    Key::RankingExplainedTies,
    Key::RankingExplainedWinners,
];

#[component]
pub fn RankingExplanation() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="ranking-explained" aria-labelledby="ranking-explained-heading" data-testid="ranking-explained">
            <h3 id="ranking-explained-heading">{i18n.tr(Key::RankingExplainedHeading)}</h3>
            {RANKING_EXPLAINED
                .into_iter()
                .map(|key| view! { <p>{i18n.tr(key)}</p> })
                .collect_view()}
        </section>
    }
}
