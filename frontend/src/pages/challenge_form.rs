//! Staff create and edit challenges: the challenge form (times are entered in the
//! browser's time zone and sent in UTC), the phase override with its reason, and the
//! cover image.

use atelier_api::{
    ChallengeDetail, ChallengeInput, ChallengeRules, ChallengeStatus, Phase, PhaseOverrideRequest,
    Theme,
};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::labels::{challenge_status_key, phase_key, theme_key};
use crate::components::time::{browser_local_input, local_input_to_utc};
use crate::components::{ErrorBox, Loading, RequireUser, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::challenge::format_name;
use crate::session::use_session;

pub const FORMATS: [&str; 4] = ["jpeg", "png", "webp", "gif"];
pub const MAX_PALETTE: usize = 8;
const THEMES: [Theme; 3] = [Theme::Holiday, Theme::Topic, Theme::Colour];
const STATUSES: [ChallengeStatus; 3] = [
    ChallengeStatus::Draft,
    ChallengeStatus::Published,
    ChallengeStatus::Archived,
];
const PHASES: [Phase; 5] = [
    Phase::Upcoming,
    Phase::Submissions,
    Phase::Voting,
    Phase::Closed,
    Phase::Results,
];

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChallenge {
    pub slug: String,
    pub title: String,
    pub brief: String,
    pub theme: Theme,
    pub palette: Vec<String>,
    pub status: ChallengeStatus,
    pub entries_per_member: String,
    pub formats: Vec<String>,
    pub min_width: String,
    pub min_height: String,
    pub prizes: String,
    /// `datetime-local` values: submissions open, voting opens, voting closes, results.
    pub times: [String; 4],
    pub tallies_during_voting: bool,
}

/// Checks what the browser can check and builds the request; `to_utc` reads a
/// `datetime-local` value in the browser's time zone.
pub fn build_input(
    raw: &RawChallenge,
    to_utc: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Result<ChallengeInput, Key> {
    let number = |s: &str| s.trim().parse::<i32>().map_err(|_| Key::FormBadNumber);
    let entries_per_member = number(&raw.entries_per_member)?;
    let min_width = number(&raw.min_width)?;
    let min_height = number(&raw.min_height)?;
    if raw.formats.is_empty() {
        return Err(Key::FormNoFormats);
    }
    let palette = if raw.theme == Theme::Colour {
        if raw.palette.is_empty() || raw.palette.len() > MAX_PALETTE {
            return Err(Key::FormPaletteSize);
        }
        raw.palette.iter().map(|c| c.to_lowercase()).collect()
    } else {
        Vec::new()
    };
    let mut times = [None; 4];
    for (slot, value) in times.iter_mut().zip(&raw.times) {
        *slot = Some(to_utc(value).ok_or(Key::FormBadDate)?);
    }
    let [submissions, voting_open, voting_close, results] = times;
    Ok(ChallengeInput {
        slug: Some(raw.slug.trim().to_lowercase()),
        title: Some(raw.title.trim().to_owned()),
        brief: Some(raw.brief.clone()),
        theme: Some(raw.theme),
        palette: Some(palette),
        status: Some(raw.status),
        rules: Some(ChallengeRules {
            entries_per_member,
            accepted_formats: raw.formats.clone(),
            min_width,
            min_height,
        }),
        prizes: Some(raw.prizes.trim().to_owned()),
        submissions_open_at: submissions,
        voting_open_at: voting_open,
        voting_close_at: voting_close,
        results_at: results,
        tallies_during_voting: Some(raw.tallies_during_voting),
        reason: None,
    })
}

/// A slug suggested from the title: lower-case ASCII words joined by `-`.
pub fn suggest_slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(60).collect()
}

fn defaults() -> RawChallenge {
    // Next whole hour, then two weeks of submissions, a week of voting.
    let start = browser::next_whole_hour();
    let at = |days: i64| browser_local_input(&(start + Duration::days(days)));
    RawChallenge {
        slug: String::new(),
        title: String::new(),
        brief: String::new(),
        theme: Theme::Topic,
        palette: vec!["#a3391f".to_owned()],
        status: ChallengeStatus::Draft,
        entries_per_member: "3".to_owned(),
        formats: vec!["jpeg".to_owned(), "png".to_owned(), "webp".to_owned()],
        min_width: "0".to_owned(),
        min_height: "0".to_owned(),
        prizes: String::new(),
        times: [at(0), at(14), at(21), at(23)],
        tallies_during_voting: false,
    }
}

fn from_detail(d: &ChallengeDetail) -> RawChallenge {
    let c = &d.summary;
    RawChallenge {
        slug: c.slug.clone(),
        title: c.title.clone(),
        brief: d.brief.clone(),
        theme: c.theme,
        palette: if c.palette.is_empty() {
            vec!["#a3391f".to_owned()]
        } else {
            c.palette.clone()
        },
        status: c.status,
        entries_per_member: d.rules.entries_per_member.to_string(),
        formats: d.rules.accepted_formats.clone(),
        min_width: d.rules.min_width.to_string(),
        min_height: d.rules.min_height.to_string(),
        prizes: d.prizes.clone(),
        times: [
            browser_local_input(&c.submissions_open_at),
            browser_local_input(&c.voting_open_at),
            browser_local_input(&c.voting_close_at),
            browser_local_input(&c.results_at),
        ],
        tallies_during_voting: d.tallies_during_voting,
    }
}

#[component]
pub fn NewChallengePage() -> impl IntoView {
    use_title(Key::NewChallenge);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_saved = Callback::new(move |saved: ChallengeDetail| {
        navigate(
            &format!("/challenges/{}", saved.summary.slug),
            Default::default(),
        );
    });
    view! {
        <RequireUser staff=true>
            <h1>{i18n.tr(Key::NewChallenge)}</h1>
            <ChallengeForm initial=None on_saved />
        </RequireUser>
    }
}

#[component]
pub fn EditChallengePage() -> impl IntoView {
    use_title(Key::EditChallenge);
    view! {
        <RequireUser staff=true>
            <EditChallengeLoader />
        </RequireUser>
    }
}

#[component]
fn EditChallengeLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let challenge = LocalResource::new(move || {
        let slug = params.with(|p| p.get("slug")).unwrap_or_default();
        async move { api::challenge(session, &slug).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match challenge.await {
                    Ok(challenge) => view! { <EditChallenge challenge /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EditChallenge(challenge: ChallengeDetail) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let current = RwSignal::new(challenge.clone());
    let saved = RwSignal::new(false);
    let on_saved = Callback::new(move |updated: ChallengeDetail| {
        let old_slug = current.with_untracked(|c| c.summary.slug.clone());
        let new_slug = updated.summary.slug.clone();
        current.set(updated);
        saved.set(true);
        if new_slug != old_slug {
            navigate(
                &format!("/staff/challenges/{new_slug}/edit"),
                Default::default(),
            );
        }
    });
    let slug = Signal::derive(move || current.with(|c| c.summary.slug.clone()));
    view! {
        <div class="section-heading">
            <h1>{move || i18n.fmt(Key::EditNamed, &[("title", &current.with(|c| c.summary.title.clone()))])}</h1>
            <div class="actions">
                <A href=move || format!("/challenges/{}", slug.get()) attr:class="button secondary">{i18n.tr(Key::ViewChallenge)}</A>
                <A href=move || format!("/challenges/{}/results", slug.get()) attr:class="button secondary">{i18n.tr(Key::Ranking)}</A>
            </div>
        </div>
        {move || saved.get().then(|| view! {
            <StatusMessage text=Signal::derive(move || i18n.t(Key::ChallengeSaved).to_owned()) />
        })}
        <div class="edit-layout">
            <ChallengeForm initial=Some(challenge) on_saved />
            <div class="edit-side">
                <PhaseOverridePanel current />
                <CoverPanel current />
            </div>
        </div>
    }
}

#[component]
fn ChallengeForm(
    initial: Option<ChallengeDetail>,
    on_saved: Callback<ChallengeDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing_slug = initial.as_ref().map(|c| c.summary.slug.clone());
    let raw = initial.as_ref().map(from_detail).unwrap_or_else(defaults);
    let slug = RwSignal::new(raw.slug);
    let slug_touched = RwSignal::new(editing_slug.is_some());
    let title = RwSignal::new(raw.title);
    let brief = RwSignal::new(raw.brief);
    let theme = RwSignal::new(raw.theme);
    let next_key = StoredValue::new(raw.palette.len() as u32);
    let palette = RwSignal::new(
        raw.palette
            .into_iter()
            .enumerate()
            .map(|(i, c)| (i as u32, c))
            .collect::<Vec<_>>(),
    );
    let status = RwSignal::new(raw.status);
    let entries_per_member = RwSignal::new(raw.entries_per_member);
    let formats = RwSignal::new(raw.formats);
    let min_width = RwSignal::new(raw.min_width);
    let min_height = RwSignal::new(raw.min_height);
    let prizes = RwSignal::new(raw.prizes);
    // What the timeline was when loaded (or last saved): changing it needs a reason.
    let baseline = StoredValue::new((raw.times.clone(), raw.tallies_during_voting));
    let reason = RwSignal::new(String::new());
    let [t0, t1, t2, t3] = raw.times;
    let times = [
        RwSignal::new(t0),
        RwSignal::new(t1),
        RwSignal::new(t2),
        RwSignal::new(t3),
    ];
    let tallies = RwSignal::new(raw.tallies_during_voting);
    let problem = RwSignal::new(None::<Key>);
    let editing = StoredValue::new(editing_slug);

    let save = Action::new_local(move |input: &ChallengeInput| {
        let input = input.clone();
        async move {
            let saved = match editing.get_value() {
                Some(slug) => api::update_challenge(session, &slug, &input).await?,
                None => api::create_challenge(session, &input).await?,
            };
            editing.set_value(Some(saved.summary.slug.clone()));
            baseline.set_value((times.map(|t| t.get_untracked()), tallies.get_untracked()));
            on_saved.run(saved);
            Ok::<(), ApiError>(())
        }
    });
    let saving = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = RawChallenge {
            slug: slug.get_untracked(),
            title: title.get_untracked(),
            brief: brief.get_untracked(),
            theme: theme.get_untracked(),
            palette: palette.with_untracked(|p| p.iter().map(|(_, c)| c.clone()).collect()),
            status: status.get_untracked(),
            entries_per_member: entries_per_member.get_untracked(),
            formats: formats.get_untracked(),
            min_width: min_width.get_untracked(),
            min_height: min_height.get_untracked(),
            prizes: prizes.get_untracked(),
            times: times.map(|t| t.get_untracked()),
            tallies_during_voting: tallies.get_untracked(),
        };
        match build_input(&raw, local_input_to_utc) {
            Ok(mut input) => {
                if editing.with_value(Option::is_some) {
                    let (times_then, tallies_then) = baseline.get_value();
                    let times_changed = raw.times != times_then;
                    let tallies_changed = raw.tallies_during_voting != tallies_then;
                    // Unchanged fields are left out, so re-sending a time at the
                    // form's minute precision is not taken for a change.
                    if !times_changed {
                        input.submissions_open_at = None;
                        input.voting_open_at = None;
                        input.voting_close_at = None;
                        input.results_at = None;
                    }
                    if !tallies_changed {
                        input.tallies_during_voting = None;
                    }
                    if times_changed || tallies_changed {
                        let why = reason.get_untracked().trim().to_owned();
                        if why.chars().count() < 3 {
                            problem.set(Some(Key::ChangeReasonNeeded));
                            return;
                        }
                        input.reason = Some(why);
                    }
                }
                problem.set(None);
                save.dispatch(input);
            }
            Err(key) => problem.set(Some(key)),
        }
    };

    let time_fields = [
        ("challenge-submissions", Key::SubmissionsOpen),
        ("challenge-voting-open", Key::VotingOpens),
        ("challenge-voting-close", Key::VotingCloses),
        ("challenge-results", Key::ResultsOn),
    ]
    .into_iter()
    .zip(times)
    .map(|((id, key), signal)| {
        view! {
            <div class="field">
                <label for=id>{i18n.tr(key)}</label>
                <input id=id type="datetime-local" required bind:value=signal />
            </div>
        }
    })
    .collect_view();

    view! {
        <form class="form card challenge-form" on:submit=on_submit>
            <fieldset>
                <legend>{i18n.tr(Key::AboutChallenge)}</legend>
                <div class="field">
                    <label for="challenge-title">{i18n.tr(Key::ChallengeTitle)}</label>
                    <input
                        id="challenge-title"
                        type="text"
                        required
                        minlength="3"
                        maxlength="120"
                        prop:value=move || title.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            if !slug_touched.get_untracked() {
                                slug.set(suggest_slug(&value));
                            }
                            title.set(value);
                        }
                    />
                </div>
                <div class="field">
                    <label for="challenge-slug">{i18n.tr(Key::Slug)}</label>
                    <input
                        id="challenge-slug"
                        type="text"
                        required
                        pattern="[a-z0-9][a-z0-9-]{1,58}[a-z0-9]"
                        aria-describedby="challenge-slug-hint"
                        autocapitalize="none"
                        spellcheck="false"
                        prop:value=move || slug.get()
                        on:input=move |ev| {
                            slug_touched.set(true);
                            slug.set(event_target_value(&ev));
                        }
                    />
                    <p class="hint" id="challenge-slug-hint">{i18n.tr(Key::SlugHint)}</p>
                </div>
                <div class="field">
                    <label for="challenge-theme">{i18n.tr(Key::Theme)}</label>
                    <select
                        id="challenge-theme"
                        on:change=move |ev| {
                            if let Some(t) = Theme::parse(&event_target_value(&ev)) {
                                theme.set(t);
                            }
                        }
                    >
                        {THEMES
                            .into_iter()
                            .map(|t| view! {
                                <option value=t.as_str() prop:selected=move || theme.get() == t>{i18n.tr(theme_key(t))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || theme.get() == Theme::Colour>
                    <PaletteEditor palette next_key />
                </Show>
                <div class="field">
                    <label for="challenge-brief">{i18n.tr(Key::Brief)}</label>
                    <textarea id="challenge-brief" rows="6" aria-describedby="challenge-brief-hint" bind:value=brief></textarea>
                    <p class="hint" id="challenge-brief-hint">{i18n.tr(Key::BriefHint)}</p>
                </div>
                <div class="field">
                    <label for="challenge-prizes">{i18n.tr(Key::Prizes)}</label>
                    <textarea id="challenge-prizes" rows="2" bind:value=prizes></textarea>
                </div>
            </fieldset>
            <fieldset>
                <legend>{i18n.tr(Key::Rules)}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="challenge-entries">{i18n.tr(Key::EntriesPerMember)}</label>
                        <input id="challenge-entries" type="number" min="1" max="20" required bind:value=entries_per_member />
                    </div>
                    <div class="field">
                        <label for="challenge-min-width">{i18n.tr(Key::MinWidth)}</label>
                        <input id="challenge-min-width" type="number" min="0" max="10000" required bind:value=min_width />
                    </div>
                    <div class="field">
                        <label for="challenge-min-height">{i18n.tr(Key::MinHeight)}</label>
                        <input id="challenge-min-height" type="number" min="0" max="10000" required bind:value=min_height />
                    </div>
                </div>
                <fieldset class="checkbox-group">
                    <legend>{i18n.tr(Key::AcceptedFormats)}</legend>
                    {FORMATS
                        .into_iter()
                        .map(|f| {
                            let id = format!("format-{f}");
                            let label_for = id.clone();
                            view! {
                                <label class="checkbox" for=label_for>
                                    <input
                                        id=id
                                        type="checkbox"
                                        prop:checked=move || formats.with(|fs| fs.iter().any(|x| x == f))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            formats.update(|fs| {
                                                fs.retain(|x| x != f);
                                                if on {
                                                    fs.push(f.to_owned());
                                                }
                                            });
                                        }
                                    />
                                    {format_name(f)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </fieldset>
            <fieldset>
                <legend>{i18n.tr(Key::Timeline)}</legend>
                <p class="hint">{i18n.tr(Key::TimesHint)}</p>
                <div class="field-row">{time_fields}</div>
                <label class="checkbox" for="challenge-tallies">
                    <input id="challenge-tallies" type="checkbox" bind:checked=tallies />
                    {i18n.tr(Key::TalliesDuringVoting)}
                </label>
                {editing.with_value(Option::is_some).then(|| view! {
                    <div class="field">
                        <label for="challenge-change-reason">{i18n.tr(Key::ChangeReason)}</label>
                        <input
                            id="challenge-change-reason"
                            type="text"
                            maxlength="500"
                            aria-describedby="challenge-change-reason-hint"
                            bind:value=reason
                        />
                        <p class="hint" id="challenge-change-reason-hint">{i18n.tr(Key::ChangeReasonHint)}</p>
                    </div>
                })}
            </fieldset>
            <div class="field">
                <label for="challenge-status">{i18n.tr(Key::Status)}</label>
                <select
                    id="challenge-status"
                    on:change=move |ev| {
                        if let Some(s) = ChallengeStatus::parse(&event_target_value(&ev)) {
                            status.set(s);
                        }
                    }
                >
                    {STATUSES
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() prop:selected=move || status.get() == s>{i18n.tr(challenge_status_key(s))}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            {move || problem.get().map(|key| view! { <p class="field-error" role="alert">{i18n.tr(key)}</p> })}
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=saving>
                {move || {
                    if saving.get() {
                        i18n.t(Key::Saving)
                    } else if editing.with_value(Option::is_some) {
                        i18n.t(Key::SaveChanges)
                    } else {
                        i18n.t(Key::CreateChallenge)
                    }
                }}
            </button>
        </form>
    }
}

#[component]
fn PaletteEditor(
    palette: RwSignal<Vec<(u32, String)>>,
    next_key: StoredValue<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="palette-editor">
            <legend>{i18n.tr(Key::Palette)}</legend>
            <ul class="palette-inputs" role="list">
                <For
                    each=move || palette.get()
                    key=|(k, _)| *k
                    children=move |(k, colour)| {
                        let id = format!("palette-{k}");
                        let position = move || palette.with(|p| p.iter().position(|(x, _)| *x == k).unwrap_or(0) + 1);
                        let value = Memo::new(move |_| {
                            palette.with(|p| p.iter().find(|(x, _)| *x == k).map(|(_, c)| c.clone()))
                                .unwrap_or_else(|| colour.clone())
                        });
                        view! {
                            <li class="palette-input">
                                <label for=id.clone()>
                                    {move || i18n.fmt(Key::ColourN, &[("n", &position().to_string())])}
                                </label>
                                <input
                                    id=id
                                    type="color"
                                    prop:value=value
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        palette.update(|p| {
                                            if let Some(entry) = p.iter_mut().find(|(x, _)| *x == k) {
                                                entry.1 = v;
                                            }
                                        });
                                    }
                                />
                                <code>{value}</code>
                                <button
                                    type="button"
                                    class="button danger small"
                                    aria-label=move || i18n.fmt(Key::RemoveColourN, &[("n", &position().to_string())])
                                    disabled=move || { palette.with(Vec::len) <= 1 }
                                    on:click=move |_| palette.update(|p| p.retain(|(x, _)| *x != k))
                                >
                                    <span aria-hidden="true">"✕"</span>
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <button
                type="button"
                class="button secondary small"
                disabled=move || { palette.with(Vec::len) >= MAX_PALETTE }
                on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    palette.update(|p| p.push((k, "#888888".to_owned())));
                }
            >
                {i18n.tr(Key::AddColour)}
            </button>
        </fieldset>
    }
}

/// Staff set the phase by hand (or hand it back to the clock), with a reason.
#[component]
fn PhaseOverridePanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let chosen = RwSignal::new(
        current
            .with_untracked(|c| c.phase_override)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
    );
    let reason = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |req: &PhaseOverrideRequest| {
        let req = req.clone();
        async move {
            let slug = current.with_untracked(|c| c.summary.slug.clone());
            let updated = api::override_phase(session, &slug, &req).await?;
            current.set(updated);
            reason.set(String::new());
            saved.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let pending = save.pending();
    view! {
        <section class="card" aria-labelledby="override-heading">
            <h2 id="override-heading">{i18n.tr(Key::PhaseOverride)}</h2>
            <p>
                {i18n.tr(Key::CurrentPhase)} " "
                <strong>{move || i18n.t(phase_key(current.with(|c| c.summary.phase)))}</strong>
                {move || current.with(|c| c.phase_override.is_some()).then(|| view! {
                    " " <span class="muted">"(" {i18n.tr(Key::PhaseOverridden)} ")"</span>
                })}
            </p>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    saved.set(false);
                    save.dispatch(PhaseOverrideRequest {
                        phase: Phase::parse(&chosen.get_untracked()),
                        reason: reason.get_untracked().trim().to_owned(),
                    });
                }
            >
                <div class="field">
                    <label for="override-phase">{i18n.tr(Key::SetPhase)}</label>
                    <select id="override-phase" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || chosen.with(String::is_empty)>{i18n.tr(Key::FollowClock)}</option>
                        {PHASES
                            .into_iter()
                            .map(|p| view! {
                                <option value=p.as_str() prop:selected=move || chosen.get() == p.as_str()>{i18n.tr(phase_key(p))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="override-reason">{i18n.tr(Key::Reason)}</label>
                    <textarea id="override-reason" rows="2" required minlength="3" maxlength="500" bind:value=reason></textarea>
                </div>
                {move || saved.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::PhaseSaved).to_owned()) />
                })}
                {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=pending>{i18n.tr(Key::ApplyPhase)}</button>
            </form>
        </section>
    }
}

#[component]
fn CoverPanel(current: RwSignal<ChallengeDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let preview = RwSignal::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
    });
    let upload = Action::new_local(move |_: &()| {
        let picked = file.get_untracked();
        async move {
            let Some(picked) = picked else {
                return Ok(());
            };
            let slug = current.with_untracked(|c| c.summary.slug.clone());
            let updated = api::upload_cover(session, &slug, picked).await?;
            current.set(updated);
            Ok::<(), ApiError>(())
        }
    });
    let uploading = upload.pending();
    view! {
        <section class="card" aria-labelledby="cover-heading">
            <h2 id="cover-heading">{i18n.tr(Key::CoverImage)}</h2>
            {move || {
                preview
                    .get()
                    .or_else(|| current.with(|c| c.cover_url.clone()))
                    .map(|src| view! { <img class="cover-preview" src=src alt=i18n.tr(Key::CoverPreviewAlt) /> })
            }}
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    upload.dispatch_local(());
                }
            >
                <div class="field">
                    <label for="cover-file">{i18n.tr(Key::ChooseImage)}</label>
                    <input
                        id="cover-file"
                        type="file"
                        accept="image/png,image/jpeg,image/webp,image/gif"
                        on:change=move |ev| {
                            if let Some(url) = preview.get_untracked() {
                                browser::revoke_object_url(&url);
                            }
                            let picked = browser::picked_file(&ev);
                            preview.set(picked.as_ref().and_then(|f| browser::object_url(f)));
                            file.set(picked);
                            upload.value().set(None);
                        }
                    />
                </div>
                {move || match upload.value().get() {
                    Some(Ok(())) => view! { <StatusMessage text=Signal::derive(move || i18n.t(Key::CoverUploaded).to_owned()) /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" class="button" disabled=move || uploading.get() || file.with(Option::is_none)>
                    {move || if uploading.get() { i18n.t(Key::Uploading) } else { i18n.t(Key::UploadCover) }}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn raw() -> RawChallenge {
        RawChallenge {
            slug: " Winter-Tea ".into(),
            title: " Winter tea ".into(),
            brief: "Brief".into(),
            theme: Theme::Topic,
            palette: vec!["#ABCDEF".into()],
            status: ChallengeStatus::Published,
            entries_per_member: "2".into(),
            formats: vec!["jpeg".into()],
            min_width: "0".into(),
            min_height: "100".into(),
            prizes: "".into(),
            times: [
                "2026-12-01T10:00".into(),
                "2026-12-10T10:00".into(),
                "2026-12-15T10:00".into(),
                "2026-12-16T10:00".into(),
            ],
            tallies_during_voting: false,
        }
    }

    // Reads the value as UTC+8 (Taipei).
    fn taipei(value: &str) -> Option<DateTime<Utc>> {
        let t = crate::components::time::parse_local_input(value)?;
        Some(Utc.from_utc_datetime(&(t - Duration::hours(8))))
    }

    #[test]
    fn times_are_sent_in_utc() {
        let input = build_input(&raw(), taipei).unwrap();
        assert_eq!(
            input.submissions_open_at,
            Some(Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap())
        );
        assert_eq!(input.slug.as_deref(), Some("winter-tea"));
        assert_eq!(input.title.as_deref(), Some("Winter tea"));
        // Only colour challenges carry a palette.
        assert_eq!(input.palette, Some(vec![]));
        assert_eq!(input.rules.unwrap().min_height, 100);
    }

    #[test]
    fn colour_challenges_need_a_palette() {
        let mut r = raw();
        r.theme = Theme::Colour;
        assert_eq!(
            build_input(&r, taipei).unwrap().palette,
            Some(vec!["#abcdef".to_owned()])
        );
        r.palette.clear();
        assert_eq!(build_input(&r, taipei), Err(Key::FormPaletteSize));
    }

    #[test]
    fn bad_numbers_dates_and_formats_are_caught_here() {
        let mut r = raw();
        r.entries_per_member = "two".into();
        assert_eq!(build_input(&r, taipei), Err(Key::FormBadNumber));
        let mut r = raw();
        r.times[2] = "".into();
        assert_eq!(build_input(&r, taipei), Err(Key::FormBadDate));
        let mut r = raw();
        r.formats.clear();
        assert_eq!(build_input(&r, taipei), Err(Key::FormNoFormats));
    }

    #[test]
    fn slugs_are_suggested_from_titles() {
        assert_eq!(
            suggest_slug("Lunar New Year: Lanterns!"),
            "lunar-new-year-lanterns"
        );
        assert_eq!(suggest_slug("  月餅 Box 2027 "), "box-2027");
    }
}
