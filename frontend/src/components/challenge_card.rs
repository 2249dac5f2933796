//! A challenge at a glance: its cover, title, theme, phase, palette and the
//! phase dates.

use atelier_api::{ChallengeSummary, Phase};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::LocalDate;
use crate::components::labels::{phase_key, theme_key};
use crate::i18n::{Key, use_i18n};

/// Only `#rgb`, `#rgba`, `#rrggbb` and `#rrggbbaa` reach a `style` attribute.
pub fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

#[component]
pub fn PhaseBadge(phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge phase phase-{}", phase.as_str())>{i18n.tr(phase_key(phase))}</span>
    }
}

/// Colour swatches, each with its hex code for screen readers and as a tooltip.
#[component]
pub fn Swatches(colours: Vec<String>, label: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="palette" aria-label=i18n.tr(label)>
            {colours
                .into_iter()
                .filter(|c| is_hex_colour(c))
                .map(|colour| {
                    let title = colour.clone();
                    let fill = colour.clone();
                    view! {
                        <li class="swatch" style:background-color=fill title=title>
                            <span class="visually-hidden">{colour}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ChallengeCard(challenge: ChallengeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let palette = (!challenge.palette.is_empty())
        .then(|| view! { <Swatches colours=challenge.palette.clone() label=Key::Palette /> });
    let href = format!("/challenges/{}", challenge.slug);
    // The title beside it names the challenge: the cover is decoration.
    let cover = challenge.cover_url.clone().map(|src| {
        view! {
            <img class="card-cover" src=src alt="" loading="lazy" decoding="async" data-testid="challenge-cover" />
        }
    });
    view! {
        <article class="card challenge-card" class:has-cover=challenge.cover_url.is_some() data-slug=challenge.slug.clone()>
            {cover}
            <header class="card-header">
                <h3 class="card-title"><A href=href>{challenge.title.clone()}</A></h3>
                <p class="card-tags">
                    <PhaseBadge phase=challenge.phase />
                    <span class="badge theme">
                        <span class="visually-hidden">{move || i18n.with_colon(Key::Theme)}</span>
                        {i18n.tr(theme_key(challenge.theme))}
                    </span>
                </p>
            </header>
            {palette}
            <dl class="dates">
                <div>
                    <dt>{i18n.tr(Key::SubmissionsOpen)}</dt>
                    <dd><LocalDate at=challenge.submissions_open_at /></dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::VotingOpens)}</dt>
                    <dd><LocalDate at=challenge.voting_open_at /></dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::VotingCloses)}</dt>
                    <dd><LocalDate at=challenge.voting_close_at /></dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::ResultsOn)}</dt>
                    <dd><LocalDate at=challenge.results_at /></dd>
                </div>
            </dl>
        </article>
    }
}

/// Cards in a responsive grid, or a short note when there are none.
#[component]
pub fn ChallengeGrid(challenges: Vec<ChallengeSummary>, empty: Key) -> impl IntoView {
    let i18n = use_i18n();
    if challenges.is_empty() {
        return view! { <p class="empty">{i18n.tr(empty)}</p> }.into_any();
    }
    view! {
        <ul class="card-grid" role="list">
            {challenges
                .into_iter()
                .map(|challenge| view! { <li><ChallengeCard challenge /></li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_colours_are_accepted() {
        for ok in ["#c0392b", "#FFF", "#ffff", "#11223344"] {
            assert!(is_hex_colour(ok), "{ok}");
        }
        for bad in [
            "c0392b",
            "#12",
            "#ggg",
            "red",
            "#fff; background: url(x)",
            "",
        ] {
            assert!(!is_hex_colour(bad), "{bad}");
        }
    }
}
