//! A small banner for members who have not confirmed their email address yet,
//! with a button that mails the link again.

use leptos::prelude::*;

use crate::api;
use crate::components::ErrorBox;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

#[component]
pub fn VerifyEmailBanner() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Only where the server requires it: without mail (the embedded default)
    // a member could not follow a link, and nothing waits on it.
    let site = LocalResource::new(api::site);
    let required = move || {
        site.get()
            .is_some_and(|r| r.as_ref().is_ok_and(|s| s.email_verification_required))
    };
    let email = Memo::new(move |_| {
        if !required() {
            return None;
        }
        session.user_memo().with(|u| {
            u.as_ref()
                .filter(|u| !u.email_verified)
                .map(|u| u.email.clone())
        })
    });
    let resend =
        Action::new_local(move |_: &()| async move { api::resend_verification(session).await });
    let pending = resend.pending();

    move || {
        email.get().map(|email| {
            view! {
                <div class="notice warning verify-banner" role="region" aria-label=i18n.tr(Key::VerifyEmailTitle)>
                    <p>
                        {move || {
                            let (before, after) = i18n.fmt_around(Key::UnverifiedBanner, "email");
                            view! { {before} <span class="email">{email.clone()}</span> {after} }
                        }}
                    </p>
                    <button
                        type="button"
                        class="button small secondary"
                        disabled=pending
                        on:click=move |_| {
                            resend.dispatch(());
                        }
                    >
                        {i18n.tr(Key::ResendVerification)}
                    </button>
                    {move || match resend.value().get() {
                        Some(Ok(())) => Some(view! { <p role="status">{i18n.tr(Key::VerificationResent)}</p> }.into_any()),
                        Some(Err(error)) => Some(view! { <ErrorBox error /> }.into_any()),
                        None => None,
                    }}
                </div>
            }
        })
    }
}
