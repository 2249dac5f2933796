//! Loading, error and success messages, announced to assistive technology.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Key, Locale, use_i18n};

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {i18n.tr(Key::Loading)}
        </p>
    }
}

/// Shows an API error: the message for its code in the reader's language, from the
/// same table the server answers with (`api/locales/*/errors.ftl`), and the code.
/// A code the table does not know (a proxy's `http_502`, ...) shows the message
/// that came with it.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let message = error.message.clone();
    let code = error.code.clone();
    let code_attr = error.code.clone();
    let lookup = error.code.clone();
    view! {
        <div class="error-box" role="alert" data-error-code=code_attr>
            <p class="error-message">
                {move || match i18n.error_message(&lookup) {
                    Some(text) => text.to_owned(),
                    None => message.clone(),
                }}
            </p>
            <p class="error-code">{i18n.tr(Key::ErrorCode)} ": " <code>{code}</code></p>
        </div>
    }
}

/// A polite confirmation such as "Saved".
#[component]
pub fn StatusMessage(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <p class="status-message" role="status">{text}</p>
    }
}

/// An explanation the server writes in English (how a score or a count works): English
/// readers get it as sent, other locales our translation of it.
#[component]
pub fn ServerExplanation(#[prop(into)] text: String, translation: Key) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if i18n.locale() == Locale::En {
            text.clone()
        } else {
            i18n.t(translation).to_owned()
        }
    }
}
