//! Staff create a co-creation poll: question, product, counting method, who may vote,
//! when it opens and closes (browser time, sent in UTC) and 2-20 options.

use atelier_api::{Eligibility, PollInput, PollMethod, PollOptionInput};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::labels::{eligibility_key, method_key};
use crate::components::time::{browser_local_input, local_input_to_utc};
use crate::components::{ErrorBox, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 20;
const METHODS: [PollMethod; 3] = [PollMethod::Single, PollMethod::Approval, PollMethod::Ranked];
const ELIGIBILITIES: [Eligibility; 2] = [Eligibility::AllMembers, Eligibility::Invited];

/// The poll form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPoll {
    pub question: String,
    pub product: String,
    pub description: String,
    pub method: PollMethod,
    pub max_choices: String,
    pub eligibility: Eligibility,
    pub allow_change: bool,
    pub opens_at: String,
    pub closes_at: String,
    pub options: Vec<String>,
}

pub fn build_poll(
    raw: &RawPoll,
    to_utc: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Result<PollInput, Key> {
    let options: Vec<PollOptionInput> = raw
        .options
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| PollOptionInput {
            label: l.to_owned(),
        })
        .collect();
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
        return Err(Key::FormOptionCount);
    }
    let max_choices = match raw.method {
        PollMethod::Approval => Some(
            raw.max_choices
                .trim()
                .parse::<i32>()
                .map_err(|_| Key::FormBadNumber)?,
        ),
        _ => None,
    };
    let opens_at = to_utc(&raw.opens_at).ok_or(Key::FormBadDate)?;
    let closes_at = to_utc(&raw.closes_at).ok_or(Key::FormBadDate)?;
    Ok(PollInput {
        question: raw.question.trim().to_owned(),
        product: raw.product.trim().to_owned(),
        description: raw.description.trim().to_owned(),
        method: raw.method,
        max_choices,
        eligibility: raw.eligibility,
        allow_change: raw.allow_change,
        opens_at,
        closes_at,
        options,
    })
}

#[component]
pub fn NewPollPage() -> impl IntoView {
    use_title(Key::NewPoll);
    let i18n = use_i18n();
    view! {
        <RequireUser staff=true>
            <h1>{i18n.tr(Key::NewPoll)}</h1>
            <PollForm />
        </RequireUser>
    }
}

#[component]
fn PollForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let start = crate::browser::next_whole_hour();
    let question = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let method = RwSignal::new(PollMethod::Single);
    let max_choices = RwSignal::new("2".to_owned());
    let eligibility = RwSignal::new(Eligibility::AllMembers);
    let allow_change = RwSignal::new(true);
    let opens_at = RwSignal::new(browser_local_input(&start));
    let closes_at = RwSignal::new(browser_local_input(&(start + Duration::days(7))));
    let next_key = StoredValue::new(2u32);
    let options = RwSignal::new(vec![(0u32, String::new()), (1u32, String::new())]);
    let problem = RwSignal::new(None::<Key>);

    let create = Action::new_local(move |input: &PollInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            let poll = api::create_poll(session, &input).await?;
            navigate(&format!("/polls/{}", poll.id), Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = RawPoll {
            question: question.get_untracked(),
            product: product.get_untracked(),
            description: description.get_untracked(),
            method: method.get_untracked(),
            max_choices: max_choices.get_untracked(),
            eligibility: eligibility.get_untracked(),
            allow_change: allow_change.get_untracked(),
            opens_at: opens_at.get_untracked(),
            closes_at: closes_at.get_untracked(),
            options: options.with_untracked(|o| o.iter().map(|(_, l)| l.clone()).collect()),
        };
        match build_poll(&raw, local_input_to_utc) {
            Ok(input) => {
                problem.set(None);
                create.dispatch(input);
            }
            Err(key) => problem.set(Some(key)),
        }
    };

    view! {
        <form class="form card poll-form" on:submit=on_submit>
            <div class="field">
                <label for="poll-question">{i18n.tr(Key::Question)}</label>
                <input id="poll-question" type="text" required minlength="3" maxlength="200" bind:value=question />
            </div>
            <div class="field">
                <label for="poll-product">{i18n.tr(Key::Product)}</label>
                <input id="poll-product" type="text" required maxlength="120" bind:value=product />
            </div>
            <div class="field">
                <label for="poll-description">{i18n.tr(Key::Description)}</label>
                <textarea id="poll-description" rows="3" maxlength="2000" bind:value=description></textarea>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="poll-method">{i18n.tr(Key::CountingMethod)}</label>
                    <select
                        id="poll-method"
                        on:change=move |ev| {
                            if let Some(m) = PollMethod::parse(&event_target_value(&ev)) {
                                method.set(m);
                            }
                        }
                    >
                        {METHODS
                            .into_iter()
                            .map(|m| view! {
                                <option value=m.as_str() prop:selected=move || method.get() == m>{i18n.tr(method_key(m))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || method.get() == PollMethod::Approval>
                    <div class="field">
                        <label for="poll-max">{i18n.tr(Key::MaxChoices)}</label>
                        <input id="poll-max" type="number" min="1" max="20" required bind:value=max_choices />
                    </div>
                </Show>
                <div class="field">
                    <label for="poll-eligibility">{i18n.tr(Key::WhoMayVote)}</label>
                    <select
                        id="poll-eligibility"
                        on:change=move |ev| {
                            if let Some(e) = Eligibility::parse(&event_target_value(&ev)) {
                                eligibility.set(e);
                            }
                        }
                    >
                        {ELIGIBILITIES
                            .into_iter()
                            .map(|e| view! {
                                <option value=e.as_str() prop:selected=move || eligibility.get() == e>{i18n.tr(eligibility_key(e))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <label class="checkbox" for="poll-allow-change">
                <input id="poll-allow-change" type="checkbox" bind:checked=allow_change />
                {i18n.tr(Key::AllowChange)}
            </label>
            <div class="field-row">
                <div class="field">
                    <label for="poll-opens">{i18n.tr(Key::PollOpens)}</label>
                    <input id="poll-opens" type="datetime-local" required bind:value=opens_at />
                </div>
                <div class="field">
                    <label for="poll-closes">{i18n.tr(Key::PollCloses)}</label>
                    <input id="poll-closes" type="datetime-local" required bind:value=closes_at />
                </div>
            </div>
            <fieldset class="options-editor">
                <legend>{i18n.tr(Key::Options)}</legend>
                <p class="hint">{i18n.tr(Key::OptionsHint)}</p>
                <ol class="option-inputs">
                    <For
                        each=move || options.get()
                        key=|(k, _)| *k
                        children=move |(k, initial)| {
                            let id = format!("poll-option-{k}");
                            let position = move || options.with(|o| o.iter().position(|(x, _)| *x == k).unwrap_or(0) + 1);
                            view! {
                                <li class="option-input">
                                    <label for=id.clone() class="visually-hidden">
                                        {move || i18n.fmt(Key::OptionN, &[("n", &position().to_string())])}
                                    </label>
                                    <input
                                        id=id
                                        type="text"
                                        maxlength="120"
                                        prop:value=initial
                                        placeholder=move || i18n.fmt(Key::OptionN, &[("n", &position().to_string())])
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            options.update(|o| {
                                                if let Some(entry) = o.iter_mut().find(|(x, _)| *x == k) {
                                                    entry.1 = v;
                                                }
                                            });
                                        }
                                    />
                                    <button
                                        type="button"
                                        class="button danger small"
                                        aria-label=move || i18n.fmt(Key::RemoveOptionN, &[("n", &position().to_string())])
                                        disabled=move || { options.with(Vec::len) <= MIN_OPTIONS }
                                        on:click=move |_| options.update(|o| o.retain(|(x, _)| *x != k))
                                    >
                                        <span aria-hidden="true">"✕"</span>
                                    </button>
                                </li>
                            }
                        }
                    />
                </ol>
                <button
                    type="button"
                    class="button secondary small"
                    disabled=move || { options.with(Vec::len) >= MAX_OPTIONS }
                    on:click=move |_| {
                        let k = next_key.get_value();
                        next_key.set_value(k + 1);
                        options.update(|o| o.push((k, String::new())));
                    }
                >
                    {i18n.tr(Key::AddOption)}
                </button>
            </fieldset>
            {move || problem.get().map(|key| view! { <p class="field-error" role="alert">{i18n.tr(key)}</p> })}
            {move || create.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=pending>{i18n.tr(Key::CreatePoll)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(value: &str) -> Option<DateTime<Utc>> {
        crate::components::time::parse_local_input(value).map(|t| Utc.from_utc_datetime(&t))
    }

    fn raw() -> RawPoll {
        RawPoll {
            question: " Name the tea? ".into(),
            product: "Winter tea".into(),
            description: "".into(),
            method: PollMethod::Ranked,
            max_choices: "x".into(),
            eligibility: Eligibility::AllMembers,
            allow_change: true,
            opens_at: "2026-12-01T10:00".into(),
            closes_at: "2026-12-08T10:00".into(),
            options: vec!["Jade".into(), "  ".into(), "Moon".into()],
        }
    }

    #[test]
    fn blank_options_are_dropped_and_max_choices_only_matters_for_approval() {
        let input = build_poll(&raw(), utc).unwrap();
        assert_eq!(input.question, "Name the tea?");
        assert_eq!(input.options.len(), 2);
        assert_eq!(input.max_choices, None);
        let mut r = raw();
        r.method = PollMethod::Approval;
        assert_eq!(build_poll(&r, utc), Err(Key::FormBadNumber));
        r.max_choices = "2".into();
        assert_eq!(build_poll(&r, utc).unwrap().max_choices, Some(2));
    }

    #[test]
    fn a_poll_needs_two_options_and_valid_times() {
        let mut r = raw();
        r.options = vec!["Only".into()];
        assert_eq!(build_poll(&r, utc), Err(Key::FormOptionCount));
        let mut r = raw();
        r.closes_at = "soon".into();
        assert_eq!(build_poll(&r, utc), Err(Key::FormBadDate));
    }
}
