//! Sign-up form; a new account is logged in at once and lands on its profile page.

use atelier_api::RegisterRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::ErrorBox;
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::login::AlreadyLoggedIn;
use crate::session::use_session;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_title(Key::Register);
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let handle = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let register = Action::new_local(move |req: &RegisterRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            let tokens = api::register(&req).await?;
            session.establish(tokens);
            navigate("/me", Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let pending = register.pending();

    view! {
        <section class="narrow form-page">
            <h1>{i18n.tr(Key::RegisterTitle)}</h1>
            <AlreadyLoggedIn />
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    register.dispatch(RegisterRequest {
                        email: email.get_untracked().trim().to_owned(),
                        handle: handle.get_untracked().trim().to_owned(),
                        display_name: display_name.get_untracked().trim().to_owned(),
                        password: password.get_untracked(),
                    });
                }
            >
                <div class="field">
                    <label for="register-email">{i18n.tr(Key::Email)}</label>
                    <input id="register-email" type="email" autocomplete="email" required bind:value=email />
                </div>
                <div class="field">
                    <label for="register-handle">{i18n.tr(Key::Handle)}</label>
                    <input
                        id="register-handle"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        aria-describedby="register-handle-hint"
                        bind:value=handle
                    />
                    <p class="hint" id="register-handle-hint">{i18n.tr(Key::HandleHint)}</p>
                </div>
                <div class="field">
                    <label for="register-name">{i18n.tr(Key::DisplayName)}</label>
                    <input id="register-name" type="text" autocomplete="name" required bind:value=display_name />
                </div>
                <div class="field">
                    <label for="register-password">{i18n.tr(Key::Password)}</label>
                    <input
                        id="register-password"
                        type="password"
                        autocomplete="new-password"
                        required
                        aria-describedby="register-password-hint"
                        bind:value=password
                    />
                    <p class="hint" id="register-password-hint">{i18n.tr(Key::PasswordHint)}</p>
                </div>
                {move || register.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { i18n.t(Key::Registering) } else { i18n.t(Key::RegisterSubmit) }}
                </button>
            </form>
            <p class="form-footer">
                {i18n.tr(Key::HaveAccount)} " " <A href="/login">{i18n.tr(Key::LogIn)}</A>
            </p>
        </section>
    }
}
