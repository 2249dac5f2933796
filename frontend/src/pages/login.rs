//! Log-in form; on success it returns to `?next=` (a local path) or the home page.

use atelier_api::LoginRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, encode_component};
use crate::components::{ErrorBox, Field, FormErrors};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// Only same-site paths are followed after log-in (no `//host` or `https://` open redirects).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/".to_owned(),
    }
}

/// A note for someone who opens the log-in or sign-up page while logged in.
#[component]
pub fn AlreadyLoggedIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        session.user_memo().with(|user| {
            user.as_ref().map(|user| {
                let handle = format!("@{}", user.handle);
                view! { <p class="notice">{move || i18n.fmt(Key::AlreadyLoggedIn, &[("handle", &handle)])}</p> }
            })
        })
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_title(Key::LogIn);
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new(&["email", "password"]);

    let log_in = Action::new_local(move |req: &LoginRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        let next = safe_next(query.with_untracked(|q| q.get("next")));
        async move {
            match api::login(&req).await {
                Ok(tokens) => {
                    session.establish(tokens);
                    navigate(&next, Default::default());
                }
                Err(error) => errors.set(Some(error)),
            }
        }
    });
    let pending = log_in.pending();
    // "Create an account" keeps where the visitor was going.
    let register_href = move || match query.with(|q| q.get("next")) {
        Some(next) => format!(
            "/register?next={}",
            encode_component(&safe_next(Some(next)))
        ),
        None => "/register".to_owned(),
    };

    view! {
        <section class="narrow form-page">
            <h1>{i18n.tr(Key::LoginTitle)}</h1>
            <AlreadyLoggedIn />
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    errors.clear();
                    log_in.dispatch(LoginRequest {
                        email: email.get_untracked().trim().to_owned(),
                        password: password.get_untracked(),
                    });
                }
            >
                <Field id="login-email" label=Key::Email error=errors.field("email")>
                    <input id="login-email" type="email" autocomplete="email" required bind:value=email />
                </Field>
                <Field id="login-password" label=Key::Password error=errors.field("password")>
                    <input
                        id="login-password"
                        type="password"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </Field>
                {move || errors.general().map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { i18n.t(Key::LoggingIn) } else { i18n.t(Key::LogIn) }}
                </button>
            </form>
            <p class="form-footer">
                {i18n.tr(Key::NoAccount)} " " <A href=register_href>{i18n.tr(Key::CreateAccount)}</A>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_log_in() {
        assert_eq!(safe_next(Some("/me".into())), "/me");
        assert_eq!(
            safe_next(Some("/staff/users?q=x".into())),
            "/staff/users?q=x"
        );
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
