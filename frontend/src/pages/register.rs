//! Sign-up form. The rules are stated beside each field before anyone fills
//! it in, and the browser checks the ones it can before sending. A new
//! account is logged in at once and returns to `?next=` (a local path, e.g.
//! the challenge it came from) or its profile page, with a welcome.

use atelier_api::RegisterRequest;
use atelier_api::rules::{
    DISPLAY_NAME_MAX_CHARS, HANDLE_MAX_CHARS, HANDLE_MIN_CHARS, PASSWORD_MIN_CHARS, handle_is_valid,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError, encode_component};
use crate::components::{ErrorBox, Field, FormErrors, local_error, welcome_at};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::login::{AlreadyLoggedIn, safe_next};
use crate::session::use_session;

/// What the browser can tell about a sign-up before sending it.
pub fn check_registration(req: &RegisterRequest) -> Result<(), ApiError> {
    if !handle_is_valid(&req.handle.to_lowercase()) {
        return Err(local_error("invalid_handle", None, &[]));
    }
    if req.password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(local_error(
            "weak_password",
            Some("too-short"),
            &[("min", PASSWORD_MIN_CHARS as i64)],
        ));
    }
    Ok(())
}

/// Where a new member goes: `?next=` when it is a local path, else their profile.
pub fn after_sign_up(next: Option<String>) -> String {
    match next {
        Some(_) => safe_next(next),
        None => "/me".to_owned(),
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_title(Key::Register);
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next"));
    let email = RwSignal::new(String::new());
    let handle = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new(&["email", "handle", "display_name", "password"]);

    let register = Action::new_local(move |req: &RegisterRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        let to = after_sign_up(query.with_untracked(|q| q.get("next")));
        async move {
            match api::register(&req).await {
                Ok(tokens) => {
                    session.establish(tokens);
                    welcome_at(&to);
                    navigate(&to, Default::default());
                }
                Err(error) => errors.set(Some(error)),
            }
        }
    });
    let pending = register.pending();

    let login_href = move || match next() {
        Some(path) => format!("/login?next={}", encode_component(&safe_next(Some(path)))),
        None => "/login".to_owned(),
    };

    view! {
        <section class="narrow form-page">
            <h1>{i18n.tr(Key::RegisterTitle)}</h1>
            <AlreadyLoggedIn />
            <form
                class="form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    let req = RegisterRequest {
                        email: email.get_untracked().trim().to_owned(),
                        handle: handle.get_untracked().trim().to_owned(),
                        display_name: display_name.get_untracked().trim().to_owned(),
                        password: password.get_untracked(),
                    };
                    match check_registration(&req) {
                        Ok(()) => {
                            errors.clear();
                            register.dispatch(req);
                        }
                        Err(error) => errors.set(Some(error)),
                    }
                }
            >
                <Field id="register-email" label=Key::Email error=errors.field("email")>
                    <input id="register-email" type="email" autocomplete="email" required bind:value=email />
                </Field>
                <Field
                    id="register-handle"
                    label=Key::Handle
                    error=errors.field("handle")
                    hint=Signal::derive(move || {
                        i18n.fmt_args(
                            Key::HandleRule,
                            &[("min", HANDLE_MIN_CHARS.into()), ("max", HANDLE_MAX_CHARS.into())],
                        )
                    })
                >
                    <input
                        id="register-handle"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        bind:value=handle
                    />
                </Field>
                <Field
                    id="register-name"
                    label=Key::DisplayName
                    error=errors.field("display_name")
                    hint=Signal::derive(move || {
                        i18n.fmt_args(Key::DisplayNameRule, &[("max", DISPLAY_NAME_MAX_CHARS.into())])
                    })
                >
                    <input id="register-name" type="text" autocomplete="name" required bind:value=display_name />
                </Field>
                <Field
                    id="register-password"
                    label=Key::Password
                    error=errors.field("password")
                    hint=Signal::derive(move || {
                        i18n.fmt_args(Key::PasswordRule, &[("min", PASSWORD_MIN_CHARS.into())])
                    })
                >
                    <input
                        id="register-password"
                        type="password"
                        autocomplete="new-password"
                        required
                        bind:value=password
                    />
                </Field>
                {move || errors.general().map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { i18n.t(Key::Registering) } else { i18n.t(Key::RegisterSubmit) }}
                </button>
            </form>
            <p class="form-footer">
                {i18n.tr(Key::HaveAccount)} " " <A href=login_href>{i18n.tr(Key::LogIn)}</A>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(handle: &str, password: &str) -> RegisterRequest {
        RegisterRequest {
            email: "mei@example.com".into(),
            handle: handle.into(),
            display_name: "Mei".into(),
            password: password.into(),
        }
    }

    #[test]
    fn the_browser_checks_handle_and_password_length_first() {
        assert_eq!(
            check_registration(&req("mei_lin", "long enough pw")),
            Ok(())
        );
        let short = check_registration(&req("mei_lin", "short")).unwrap_err();
        assert_eq!(short.code, "weak_password");
        assert_eq!(short.reason.as_deref(), Some("too-short"));
        assert_eq!(
            check_registration(&req("_mei", "long enough pw"))
                .unwrap_err()
                .code,
            "invalid_handle"
        );
    }

    #[test]
    fn new_members_return_to_a_local_next() {
        assert_eq!(after_sign_up(Some("/challenges/x".into())), "/challenges/x");
        assert_eq!(after_sign_up(Some("//evil.example".into())), "/");
        assert_eq!(after_sign_up(None), "/me");
    }
}
