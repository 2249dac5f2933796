//! Staff create a co-creation poll: question, product and options in English,
//! Traditional Chinese or both, counting method, who may vote, when it opens and
//! closes (browser time, sent in UTC).

mod model;

use model::{MAX_OPTIONS, MIN_OPTIONS, RawPoll, RawPollText, build_poll};

use atelier_api::{Eligibility, PollInput, PollMethod};
use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::labels::{eligibility_key, method_key};
use crate::components::time::{browser_local_input, local_input_to_utc};
use crate::components::{ContentLanguageToggle, ErrorBox, RequireUser, locale_index};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

const METHODS: [PollMethod; 3] = [PollMethod::Single, PollMethod::Approval, PollMethod::Ranked];
const ELIGIBILITIES: [Eligibility; 2] = [Eligibility::AllMembers, Eligibility::Invited];

/// One language's question, product and description as the form holds them.
#[derive(Debug, Clone, Copy)]
struct PollTextSignals {
    question: RwSignal<String>,
    product: RwSignal<String>,
    description: RwSignal<String>,
}

impl PollTextSignals {
    fn new() -> Self {
        PollTextSignals {
            question: RwSignal::new(String::new()),
            product: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
        }
    }

    fn get_untracked(&self) -> RawPollText {
        RawPollText {
            question: self.question.get_untracked(),
            product: self.product.get_untracked(),
            description: self.description.get_untracked(),
        }
    }
}

/// An option's label in each language.
type Labels = [RwSignal<String>; 2];

fn new_labels() -> Labels {
    [RwSignal::new(String::new()), RwSignal::new(String::new())]
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
    let ui_locale = untrack(|| i18n.locale());
    // Staff write in their own language first; the toggle switches.
    let editing = RwSignal::new(ui_locale);
    let texts = [PollTextSignals::new(), PollTextSignals::new()];
    let method = RwSignal::new(PollMethod::Single);
    let max_choices = RwSignal::new("2".to_owned());
    let eligibility = RwSignal::new(Eligibility::AllMembers);
    let allow_change = RwSignal::new(true);
    let opens_at = RwSignal::new(browser_local_input(&start));
    let closes_at = RwSignal::new(browser_local_input(&(start + Duration::days(7))));
    let next_key = StoredValue::new(2u32);
    let options = RwSignal::new(vec![(0u32, new_labels()), (1u32, new_labels())]);
    // Option images picked in the form, by option key; uploaded once the
    // poll exists (they can be added until it opens).
    let images = RwSignal::new_local(Vec::<(u32, web_sys::File)>::new());
    let problem = RwSignal::new(None::<Key>);

    let create = Action::new_local(move |(input, kept): &(PollInput, Vec<u32>)| {
        let (input, kept) = (input.clone(), kept.clone());
        let navigate = navigate.clone();
        async move {
            let poll = api::create_poll(session, &input).await?;
            let (mut added, mut failed) = (0u32, 0u32);
            for (option, key) in poll.options.iter().zip(kept) {
                let file = images.with_untracked(|imgs| {
                    imgs.iter().find(|(k, _)| *k == key).map(|(_, f)| f.clone())
                });
                if let Some(file) = file {
                    match api::option_image(session, poll.id, option.id, file).await {
                        Ok(_) => added += 1,
                        Err(_) => failed += 1,
                    }
                }
            }
            crate::pages::poll::note_created(poll.id, added, failed);
            navigate(&format!("/polls/{}", poll.id), Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = RawPoll {
            texts: texts.map(|t| t.get_untracked()),
            base_locale: ui_locale,
            method: method.get_untracked(),
            max_choices: max_choices.get_untracked(),
            eligibility: eligibility.get_untracked(),
            allow_change: allow_change.get_untracked(),
            opens_at: opens_at.get_untracked(),
            closes_at: closes_at.get_untracked(),
            options: options.with_untracked(|o| {
                o.iter()
                    .map(|(_, labels)| labels.map(|l| l.get_untracked()))
                    .collect()
            }),
        };
        // The options build_poll keeps (not blank in every language), in order.
        let kept: Vec<u32> = options.with_untracked(|o| {
            o.iter()
                .filter(|(_, labels)| labels.iter().any(|l| !l.get_untracked().trim().is_empty()))
                .map(|(k, _)| *k)
                .collect()
        });
        match build_poll(&raw, local_input_to_utc) {
            Ok(input) => {
                problem.set(None);
                create.dispatch((input, kept));
            }
            Err(key) => problem.set(Some(key)),
        }
    };

    // The field of the language being edited, and the other language's text
    // of it (shown as a placeholder while translating).
    let current = move || texts[locale_index(editing.get())];
    let current_untracked = move || texts[locale_index(editing.get_untracked())];
    let other = move || texts[1 - locale_index(editing.get())];
    let lang = move || editing.get().tag();

    view! {
        <form class="form card poll-form" on:submit=on_submit>
            <ContentLanguageToggle editing id="poll" />
            <div class="field">
                <label for="poll-question">{i18n.tr(Key::Question)}</label>
                <input
                    id="poll-question"
                    type="text"
                    minlength="3"
                    maxlength="200"
                    lang=lang
                    placeholder=move || other().question.get()
                    prop:value=move || current().question.get()
                    on:input=move |ev| current_untracked().question.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="poll-product">{i18n.tr(Key::Product)}</label>
                <input
                    id="poll-product"
                    type="text"
                    maxlength="120"
                    lang=lang
                    placeholder=move || other().product.get()
                    prop:value=move || current().product.get()
                    on:input=move |ev| current_untracked().product.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="poll-description">{i18n.tr(Key::Description)}</label>
                <textarea
                    id="poll-description"
                    rows="3"
                    maxlength="2000"
                    lang=lang
                    placeholder=move || other().description.get()
                    prop:value=move || current().description.get()
                    on:input=move |ev| current_untracked().description.set(event_target_value(&ev))
                ></textarea>
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
                <p class="hint">{i18n.tr(Key::OptionsHint)} " " {i18n.tr(Key::OptionImagesHint)}</p>
                <ol class="option-inputs">
                    <For
                        each=move || options.get()
                        key=|(k, _)| *k
                        children=move |(k, labels)| {
                            let id = format!("poll-option-{k}");
                            let image_id = format!("poll-option-image-{k}");
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
                                        lang=lang
                                        prop:value=move || labels[locale_index(editing.get())].get()
                                        placeholder=move || {
                                            let theirs = labels[1 - locale_index(editing.get())].get();
                                            if theirs.trim().is_empty() {
                                                i18n.fmt(Key::OptionN, &[("n", &position().to_string())])
                                            } else {
                                                theirs
                                            }
                                        }
                                        on:input=move |ev| {
                                            labels[locale_index(editing.get_untracked())].set(event_target_value(&ev));
                                        }
                                    />
                                    <button
                                        type="button"
                                        class="button danger small"
                                        aria-label=move || i18n.fmt(Key::RemoveOptionN, &[("n", &position().to_string())])
                                        disabled=move || { options.with(Vec::len) <= MIN_OPTIONS }
                                        on:click=move |_| {
                                            options.update(|o| o.retain(|(x, _)| *x != k));
                                            images.update(|imgs| imgs.retain(|(x, _)| *x != k));
                                        }
                                    >
                                        <span aria-hidden="true">"✕"</span>
                                    </button>
                                    <div class="option-image-pick">
                                        <label for=image_id.clone()>
                                            {move || i18n.fmt(Key::OptionImageN, &[("n", &position().to_string())])}
                                        </label>
                                        <input
                                            id=image_id
                                            type="file"
                                            accept="image/png,image/jpeg,image/webp,image/gif"
                                            on:change=move |ev| {
                                                let file = crate::browser::picked_file(&ev);
                                                images.update(|imgs| {
                                                    imgs.retain(|(x, _)| *x != k);
                                                    if let Some(file) = file {
                                                        imgs.push((k, file));
                                                    }
                                                });
                                            }
                                        />
                                    </div>
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
                        options.update(|o| o.push((k, new_labels())));
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
