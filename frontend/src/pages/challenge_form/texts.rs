//! The challenge's title, brief and prizes, shown and edited in the language
//! the toggle above them picks; each language keeps its own texts.

use leptos::prelude::*;

use super::model::{RawText, suggest_slug};
use crate::components::{ContentLanguageToggle, locale_index};
use crate::i18n::{Key, Locale, use_i18n};

/// One language's texts as the form holds them.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextSignals {
    pub title: RwSignal<String>,
    pub brief: RwSignal<String>,
    pub prizes: RwSignal<String>,
}

impl TextSignals {
    pub fn new(t: RawText) -> Self {
        TextSignals {
            title: RwSignal::new(t.title),
            brief: RwSignal::new(t.brief),
            prizes: RwSignal::new(t.prizes),
        }
    }

    pub fn get_untracked(&self) -> RawText {
        RawText {
            title: self.title.get_untracked(),
            brief: self.brief.get_untracked(),
            prizes: self.prizes.get_untracked(),
        }
    }
}

/// An input or textarea bound to one field of the language being edited:
/// its value, its setter, and the other language's text of it (shown as a
/// placeholder while translating).
fn bind(
    texts: [TextSignals; 2],
    editing: RwSignal<Locale>,
    field: fn(&TextSignals) -> RwSignal<String>,
) -> (
    impl Fn() -> String + Copy + 'static,
    impl Fn(String) + Copy + 'static,
    impl Fn() -> String + Copy + 'static,
) {
    let get = move || field(&texts[locale_index(editing.get())]).get();
    let set = move |v: String| field(&texts[locale_index(editing.get_untracked())]).set(v);
    let other = move || field(&texts[1 - locale_index(editing.get())]).get();
    (get, set, other)
}

#[component]
pub(super) fn ChallengeTexts(
    texts: [TextSignals; 2],
    editing: RwSignal<Locale>,
    slug: RwSignal<String>,
    slug_touched: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || editing.get().tag();
    let (title, set_title, other_title) = bind(texts, editing, |t| t.title);
    let (brief, set_brief, other_brief) = bind(texts, editing, |t| t.brief);
    let (prizes, set_prizes, other_prizes) = bind(texts, editing, |t| t.prizes);
    view! {
        <ContentLanguageToggle editing id="challenge" />
        <div class="field">
            <label for="challenge-title">{i18n.tr(Key::ChallengeTitle)}</label>
            <input
                id="challenge-title"
                type="text"
                maxlength="120"
                lang=lang
                placeholder=other_title
                prop:value=title
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    set_title(value.clone());
                    if !slug_touched.get_untracked() {
                        // Slugs are ASCII: from the English title when there is one.
                        let english = texts[locale_index(Locale::En)].title.get_untracked();
                        let from = if english.trim().is_empty() { value } else { english };
                        slug.set(suggest_slug(&from));
                    }
                }
            />
        </div>
        <div class="field">
            <label for="challenge-brief">{i18n.tr(Key::Brief)}</label>
            <textarea
                id="challenge-brief"
                rows="6"
                maxlength="20000"
                lang=lang
                aria-describedby="challenge-brief-hint"
                placeholder=other_brief
                prop:value=brief
                on:input=move |ev| set_brief(event_target_value(&ev))
            ></textarea>
            <p class="hint" id="challenge-brief-hint">{i18n.tr(Key::BriefHint)}</p>
        </div>
        <div class="field">
            <label for="challenge-prizes">{i18n.tr(Key::Prizes)}</label>
            <textarea
                id="challenge-prizes"
                rows="2"
                maxlength="2000"
                lang=lang
                placeholder=other_prizes
                prop:value=prizes
                on:input=move |ev| set_prizes(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
