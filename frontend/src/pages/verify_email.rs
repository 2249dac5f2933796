//! `/verify-email?token=...`: where the verification mail's link lands. Sends
//! the token once and says whether it worked; a logged-in member's session is
//! brought up to date so the "confirm your email" banner goes away.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::{ErrorBox, Loading, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_title(Key::VerifyEmailTitle);
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let outcome = LocalResource::new(move || {
        let token = token.trim().to_owned();
        async move {
            if token.is_empty() {
                return Ok(false);
            }
            api::verify_email(&token).await?;
            if session.has_user_untracked()
                && let Ok(me) = api::me(session).await
            {
                session.set_user(me);
            }
            Ok::<bool, ApiError>(true)
        }
    });

    view! {
        <section class="page narrow" aria-labelledby="verify-title">
            <h1 id="verify-title">{i18n.tr(Key::VerifyEmailTitle)}</h1>
            <Suspense fallback=move || view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match outcome.await {
                        Ok(true) => view! {
                            <StatusMessage text=Signal::derive(move || i18n.t(Key::EmailVerified).to_owned()) />
                            <p><A href="/challenges">{i18n.tr(Key::NavChallenges)}</A></p>
                        }
                        .into_any(),
                        Ok(false) => view! { <p class="notice">{i18n.tr(Key::VerifyNoToken)}</p> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
