//! Forms that take staff-written texts in English and Traditional Chinese
//! show one language at a time: a button per language above the text
//! fields, the pressed one being the language the fields show and edit.

use leptos::prelude::*;

use crate::i18n::{Key, Locale, use_i18n};

/// Where `locale` sits in [`Locale::ALL`] (per-language arrays use that order).
pub fn locale_index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

#[component]
pub fn ContentLanguageToggle(
    /// The language the text fields below show.
    editing: RwSignal<Locale>,
    /// Prefix for element ids (one toggle per form).
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let label_id = format!("{id}-languages");
    let hint_id = format!("{id}-languages-hint");
    view! {
        <div class="field content-languages">
            <strong id=label_id.clone()>{i18n.tr(Key::TextsIn)}</strong>
            <div class="checkbox-group" role="group" aria-labelledby=label_id aria-describedby=hint_id.clone()>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| view! {
                        <button
                            type="button"
                            class="button small"
                            class:secondary=move || editing.get() != locale
                            aria-pressed=move || if editing.get() == locale { "true" } else { "false" }
                            lang=locale.tag()
                            data-locale=locale.tag()
                            on:click=move |_| editing.set(locale)
                        >
                            {locale.native_name()}
                        </button>
                    })
                    .collect_view()}
            </div>
            <p class="hint" id=hint_id>{i18n.tr(Key::BilingualHint)}</p>
        </div>
    }
}
