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

/// Shows an API error in the reader's language: the message for its code
/// from the same table the server answers with (`api/locales/*/errors.ftl`),
/// with the detail the server gave (`reason`), never the server's own words
/// (which are for developers in English). The code stays in a data attribute
/// for support and tests. A code the table does not know (a proxy's
/// `http_502`, ...) shows the message that came with it.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.code.clone();
    view! {
        <div class="error-box" role="alert" data-error-code=code>
            <p class="error-message">{move || error.text(i18n.locale())}</p>
        </div>
    }
}

thread_local! {
    /// The path where a one-shot welcome is due (after signing up).
    static WELCOME: std::cell::OnceCell<RwSignal<Option<String>>> =
        const { std::cell::OnceCell::new() };
}

fn welcome_flag() -> RwSignal<Option<String>> {
    WELCOME.with(|w| *w.get_or_init(|| RwSignal::new(None)))
}

/// Asks for a welcome on the page at `path` (where a new member lands);
/// it is shown there once and goes when they move on.
pub fn welcome_at(path: &str) {
    let path = path.split(['?', '#']).next().unwrap_or("/").to_owned();
    welcome_flag().set(Some(path));
}

/// The welcome for a member who has just signed up, on the page they land on.
#[component]
pub fn WelcomeMessage() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    let location = leptos_router::hooks::use_location();
    let flag = welcome_flag();
    // Gone once they leave the page it was meant for.
    Effect::new(move |_| {
        let here = location.pathname.get();
        if flag.with_untracked(|f| f.as_ref().is_some_and(|p| *p != here)) {
            flag.set(None);
        }
    });
    move || {
        let here = location.pathname.get();
        flag.get().filter(|p| *p == here).map(|_| {
            let name = session
                .user_memo()
                .with(|u| u.as_ref().map(|u| u.display_name.clone()))
                .unwrap_or_default();
            view! {
                <p class="status-message welcome-message" role="status" data-testid="welcome">
                    {move || i18n.fmt(Key::WelcomeNewMember, &[("name", &name)])}
                </p>
            }
        })
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
