//! One challenge at `/challenges/{slug}`: brief, rules, prizes, a countdown to the next
//! phase, the entry form while submissions are open, and the gallery.

use std::time::Duration;

use atelier_api::{ChallengeDetail, ChallengeStatus, ChallengeSummary, Phase};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, encode_component};
use crate::browser;
use crate::components::labels::{challenge_status_key, theme_key};
use crate::components::template_tiles::ChallengeTemplateCards;
use crate::components::{
    Countdown, LoadError, Loading, LocalDateTime, Missing, PhaseBadge, Swatches, WhenRestored,
};
use crate::i18n::{Key, use_i18n};
use crate::pages::gallery::{FilteredCount, Gallery, count_label};
use crate::pages::submit_entry::SubmitEntryForm;
use crate::session::use_session;

/// The next phase boundary the clock will cross, and what happens there.
pub fn next_boundary(c: &ChallengeSummary) -> Option<(Key, DateTime<Utc>)> {
    match c.phase {
        Phase::Upcoming => Some((Key::CountdownSubmissions, c.submissions_open_at)),
        Phase::Submissions => Some((Key::CountdownVoting, c.voting_open_at)),
        Phase::Voting => Some((Key::CountdownVotingCloses, c.voting_close_at)),
        Phase::Closed => Some((Key::CountdownResults, c.results_at)),
        Phase::Results => None,
    }
}

/// `jpeg` -> `JPEG`, `webp` -> `WebP`: how people write the formats.
pub fn format_name(format: &str) -> String {
    match format {
        "jpeg" | "jpg" => "JPEG".to_owned(),
        "png" => "PNG".to_owned(),
        "webp" => "WebP".to_owned(),
        "gif" => "GIF".to_owned(),
        other => other.to_uppercase(),
    }
}

pub fn format_list(formats: &[String]) -> String {
    formats
        .iter()
        .map(|f| format_name(f))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn ChallengePage() -> impl IntoView {
    view! {
        <WhenRestored>
            <ChallengeLoader />
        </WhenRestored>
    }
}

#[component]
fn ChallengeLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let challenge = LocalResource::new(move || {
        let slug = params.with(|p| p.get("slug")).unwrap_or_default();
        reload.track();
        session.user_id();
        // Staff-written texts come in the UI's language: ask again when it changes.
        i18n.locale();
        async move { api::challenge(session, &slug).await }
    });
    // The server decides the phase: ask again just after the boundary has passed.
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
                match challenge.await {
                    Ok(challenge) => view! { <ChallengeView challenge on_elapsed /> }.into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Challenge /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChallengeView(challenge: ChallengeDetail, on_elapsed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let summary = challenge.summary.clone();
    browser::set_document_title(&format!("{} · Atelier", summary.title));
    let slug = summary.slug.clone();
    let phase = summary.phase;
    let gallery_refresh = RwSignal::new(0u32);
    let entry_count = RwSignal::new(challenge.entry_count);
    // A tag filter counts what it found instead.
    let filtered_count = RwSignal::new(FilteredCount::None);
    let logged_in = move || session.user_id().is_some();
    let is_staff = move || session.is_staff();

    let countdown = next_boundary(&summary)
        .filter(|(_, at)| at.timestamp_millis() as f64 > browser::now_ms())
        .map(|(label, target)| view! { <Countdown target label on_elapsed /> });
    let status_badge = (summary.status != ChallengeStatus::Published).then(|| {
        view! {
            <span class=format!("badge status-{}", summary.status.as_str())>
                {i18n.tr(challenge_status_key(summary.status))}
            </span>
        }
    });
    let overridden = challenge
        .phase_override
        .is_some()
        .then(|| view! { <p class="hint">{i18n.tr(Key::PhaseOverridden)}</p> });
    let cover = challenge.summary.cover_url.clone().map(|src| {
        let title = summary.title.clone();
        view! {
            <img
                class="challenge-cover"
                src=src
                alt=move || i18n.fmt(Key::CoverAlt, &[("title", &title)])
            />
        }
    });
    let palette = (!summary.palette.is_empty())
        .then(|| view! { <Swatches colours=summary.palette.clone() label=Key::Palette /> });
    let results_href = format!("/challenges/{slug}/results");
    let edit_href = format!("/staff/challenges/{slug}/edit");
    let show_results = phase == Phase::Results;

    let rules = challenge.rules.clone();
    let formats = format_list(&rules.accepted_formats);
    let min_size = (rules.min_width > 0 || rules.min_height > 0)
        .then(|| format!("{} × {} px", rules.min_width, rules.min_height));

    let submit_section = (phase == Phase::Submissions).then(|| {
        let challenge = challenge.clone();
        let next = encode_component(&format!("/challenges/{slug}"));
        let login_href = format!("/login?next={next}");
        let register_href = format!("/register?next={next}");
        let on_submitted = Callback::new(move |_| {
            gallery_refresh.update(|n| *n += 1);
            entry_count.update(|n| *n += 1);
        });
        view! {
            <section class="section card submit-card" aria-labelledby="submit-heading">
                <h2 id="submit-heading">{i18n.tr(Key::SubmitEntry)}</h2>
                {move || {
                    if !logged_in() {
                        view! {
                            <p>{i18n.tr(Key::RegisterOrLogInToSubmit)}</p>
                            <p class="actions">
                                <A href=register_href.clone() attr:class="button">{i18n.tr(Key::Register)}</A>
                                <A href=login_href.clone() attr:class="button secondary">{i18n.tr(Key::LogIn)}</A>
                            </p>
                        }
                        .into_any()
                    } else if is_staff() {
                        view! { <p class="notice">{i18n.tr(Key::StaffDoNotSubmit)}</p> }.into_any()
                    } else {
                        view! { <SubmitEntryForm challenge=challenge.clone() on_submitted /> }.into_any()
                    }
                }}
            </section>
        }
    });

    let timeline = [
        (
            Phase::Submissions,
            Key::SubmissionsOpen,
            summary.submissions_open_at,
        ),
        (Phase::Voting, Key::VotingOpens, summary.voting_open_at),
        (Phase::Closed, Key::VotingCloses, summary.voting_close_at),
        (Phase::Results, Key::ResultsOn, summary.results_at),
    ]
    .into_iter()
    .map(|(p, key, at)| {
        let current = p == phase;
        view! {
            <li class:current=current aria-current=current.then_some("step")>
                <span class="timeline-label">{i18n.tr(key)}</span>
                <LocalDateTime at />
            </li>
        }
    })
    .collect_view();

    view! {
        <article class="challenge-page" data-slug=slug.clone()>
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/challenges">{i18n.tr(Key::NavChallenges)}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{summary.title.clone()}</span>
            </nav>
            <header class="challenge-hero">
                {cover}
                <div class="challenge-hero-text">
                    <p class="card-tags">
                        <PhaseBadge phase />
                        <span class="badge theme">
                            <span class="visually-hidden">{move || i18n.with_colon(Key::Theme)}</span>
                            {i18n.tr(theme_key(summary.theme))}
                        </span>
                        {status_badge}
                    </p>
                    <h1>{summary.title.clone()}</h1>
                    {palette}
                    {countdown}
                    {overridden}
                    <p class="actions">
                        <Show when=move || show_results || is_staff()>
                            <A href=results_href.clone() attr:class="button">
                                {move || if show_results { i18n.t(Key::SeeResults) } else { i18n.t(Key::StaffRanking) }}
                            </A>
                        </Show>
                        <Show when=is_staff>
                            <A href=edit_href.clone() attr:class="button secondary">{i18n.tr(Key::EditChallenge)}</A>
                        </Show>
                    </p>
                </div>
            </header>
            <div class="challenge-body">
                <section class="brief-section" aria-labelledby="brief-heading">
                    <h2 id="brief-heading">{i18n.tr(Key::Brief)}</h2>
                    // Rendered and sanitised by the server.
                    <div class="brief" inner_html=challenge.brief_html.clone()></div>
                </section>
                <aside class="card challenge-facts" aria-label=i18n.tr(Key::ChallengeFacts)>
                    <h2>{i18n.tr(Key::Rules)}</h2>
                    <dl class="facts">
                        <div>
                            <dt>{i18n.tr(Key::EntriesPerMember)}</dt>
                            <dd>{rules.entries_per_member}</dd>
                        </div>
                        <div>
                            <dt>{i18n.tr(Key::AcceptedFormats)}</dt>
                            <dd>{formats}</dd>
                        </div>
                        <div>
                            <dt>{i18n.tr(Key::MinimumSize)}</dt>
                            <dd>
                                {match min_size {
                                    Some(size) => size.into_any(),
                                    None => i18n.tr(Key::NoMinimum).into_any(),
                                }}
                            </dd>
                        </div>
                    </dl>
                    {(!challenge.prizes.trim().is_empty()).then(|| view! {
                        <h2>{i18n.tr(Key::Prizes)}</h2>
                        <p class="bio">{challenge.prizes.clone()}</p>
                    })}
                    <h2>{i18n.tr(Key::Timeline)}</h2>
                    <ol class="timeline" role="list">{timeline}</ol>
                </aside>
            </div>
            <ChallengeTemplateCards slug=slug.clone() />
            {submit_section}
            <section class="section" aria-labelledby="entries-heading">
                <div class="section-heading">
                    <h2 id="entries-heading">
                        {i18n.tr(Key::Entries)}
                        " "
                        <span class="count" data-testid="entry-count">
                            {move || count_label(filtered_count.get(), entry_count.get())}
                        </span>
                    </h2>
                </div>
                <Gallery slug=slug.clone() phase refresh=gallery_refresh filtered_count />
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::Theme;

    #[test]
    fn the_countdown_aims_at_the_end_of_the_current_phase() {
        let now = Utc::now();
        let mut c = ChallengeSummary {
            id: 1,
            slug: "s".into(),
            title: "t".into(),
            theme: Theme::Topic,
            palette: vec![],
            status: ChallengeStatus::Published,
            phase: Phase::Upcoming,
            submissions_open_at: now,
            voting_open_at: now + chrono::Duration::days(1),
            voting_close_at: now + chrono::Duration::days(2),
            results_at: now + chrono::Duration::days(3),
            cover_url: None,
        };
        assert_eq!(next_boundary(&c), Some((Key::CountdownSubmissions, now)));
        c.phase = Phase::Voting;
        assert_eq!(
            next_boundary(&c),
            Some((Key::CountdownVotingCloses, c.voting_close_at))
        );
        c.phase = Phase::Results;
        assert_eq!(next_boundary(&c), None);
    }

    #[test]
    fn formats_read_as_people_write_them() {
        let formats = ["jpeg", "png", "webp", "gif"].map(String::from);
        assert_eq!(format_list(&formats), "JPEG, PNG, WebP, GIF");
    }
}
