//! Staff create and edit challenges: the challenge form (texts in English and
//! Traditional Chinese; times are entered in the browser's time zone and sent in
//! UTC), the phase override with its reason, and the cover image.

mod model;
mod palette;
mod prizes;
mod staff_panels;
mod templates;
mod texts;

use palette::PaletteEditor;
pub use prizes::PrizeAwards;
use prizes::PrizesPanel;
use staff_panels::{CoverPanel, PhaseOverridePanel};
use templates::TemplatesPanel;
use texts::{ChallengeTexts, TextSignals};

use model::*;

use atelier_api::{ChallengeDetail, ChallengeInput, ChallengeStatus, Theme};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiError};
use crate::components::labels::{challenge_status_key, theme_key};
use crate::components::time::local_input_to_utc;
use crate::components::{ErrorBox, Field, FormErrors, Loading, RequireUser, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::challenge::format_name;
use crate::session::use_session;

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
                <TemplatesPanel current />
                <PrizesPanel current />
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
    let ui_locale = untrack(|| i18n.locale());
    let raw = initial
        .as_ref()
        .map(from_detail)
        .unwrap_or_else(|| defaults(ui_locale));
    let slug = RwSignal::new(raw.slug);
    let slug_touched = RwSignal::new(editing_slug.is_some());
    let texts = raw.texts.map(TextSignals::new);
    let base_locale = StoredValue::new(raw.base_locale);
    // Staff start in their own language; the toggle switches.
    let editing_locale = RwSignal::new(ui_locale);
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
    // The server's complaints, next to the fields they concern.
    let errors = FormErrors::new(&["slug", "rules", "phases"]);
    let phases_error = errors.field("phases");
    let rules_error = errors.field("rules");

    let save = Action::new_local(move |input: &ChallengeInput| {
        let input = input.clone();
        async move {
            let result = match editing.get_value() {
                Some(slug) => api::update_challenge(session, &slug, &input).await,
                None => api::create_challenge(session, &input).await,
            };
            let saved = result.inspect_err(|error| errors.set(Some(error.clone())))?;
            editing.set_value(Some(saved.summary.slug.clone()));
            base_locale.set_value(
                crate::i18n::Locale::from_tag(&saved.base_locale)
                    .unwrap_or(crate::i18n::Locale::En),
            );
            baseline.set_value((times.map(|t| t.get_untracked()), tallies.get_untracked()));
            on_saved.run(saved);
            Ok::<(), ApiError>(())
        }
    });
    let saving = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let raw = RawChallenge {
            slug: slug.get_untracked(),
            texts: texts.map(|t| t.get_untracked()),
            base_locale: base_locale.get_value(),
            theme: theme.get_untracked(),
            palette: palette.with_untracked(|p| p.iter().map(|(_, c)| c.clone()).collect()),
            status: status.get_untracked(),
            entries_per_member: entries_per_member.get_untracked(),
            formats: formats.get_untracked(),
            min_width: min_width.get_untracked(),
            min_height: min_height.get_untracked(),
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
            <div class="field" class:field-invalid=move || phases_error.with(Option::is_some)>
                <label for=id>{i18n.tr(key)}</label>
                <input
                    id=id
                    type="datetime-local"
                    required
                    aria-describedby=move || {
                        if phases_error.with(Option::is_some) {
                            "challenge-times-hint challenge-times-error"
                        } else {
                            "challenge-times-hint"
                        }
                    }
                    aria-invalid=move || phases_error.with(Option::is_some).then_some("true")
                    bind:value=signal
                />
            </div>
        }
    })
    .collect_view();

    view! {
        <form class="form card challenge-form" on:submit=on_submit>
            <fieldset>
                <legend>{i18n.tr(Key::AboutChallenge)}</legend>
                <ChallengeTexts texts editing=editing_locale slug slug_touched />
                <Field
                    id="challenge-slug"
                    label=Key::Slug
                    error=errors.field("slug")
                    hint=Signal::derive(move || i18n.t(Key::SlugHint).to_owned())
                >
                    <input
                        id="challenge-slug"
                        type="text"
                        required
                        pattern="[a-z0-9][a-z0-9-]{1,58}[a-z0-9]"
                        autocapitalize="none"
                        spellcheck="false"
                        prop:value=move || slug.get()
                        on:input=move |ev| {
                            slug_touched.set(true);
                            slug.set(event_target_value(&ev));
                        }
                    />
                </Field>
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
                {move || rules_error.get().map(|text| view! {
                    <p class="field-error" id="challenge-rules-error" role="alert">{text}</p>
                })}
            </fieldset>
            <fieldset>
                <legend>{i18n.tr(Key::Timeline)}</legend>
                <p class="hint" id="challenge-times-hint">{i18n.tr(Key::TimesHint)} " " {i18n.tr(Key::PhaseOrderRule)}</p>
                <div class="field-row">{time_fields}</div>
                {move || phases_error.get().map(|text| view! {
                    <p class="field-error" id="challenge-times-error" role="alert">{text}</p>
                })}
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
            {move || errors.general().map(|error| view! { <ErrorBox error /> })}
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
