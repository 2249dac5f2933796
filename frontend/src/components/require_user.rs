//! Gates a page on being logged in (and optionally on being staff).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::encode_component;
use crate::components::Loading;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Restoring,
    LoggedOut,
    Forbidden,
    Open,
}

#[component]
pub fn RequireUser(#[prop(optional)] staff: bool, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    // A memo, so a token refresh or profile edit does not re-create the page below.
    let gate = Memo::new(move |_| {
        if !session.is_restored() {
            return Gate::Restoring;
        }
        match session.user() {
            None => Gate::LoggedOut,
            Some(user) if staff && !user.role.is_staff() => Gate::Forbidden,
            Some(_) => Gate::Open,
        }
    });
    move || match gate.get() {
        Gate::Restoring => view! { <Loading /> }.into_any(),
        Gate::LoggedOut => {
            let here = location.pathname.get_untracked();
            let href = format!("/login?next={}", encode_component(&here));
            view! {
                <section class="notice">
                    <p>{i18n.tr(Key::LoginRequired)}</p>
                    <p><A href=href attr:class="button">{i18n.tr(Key::LogIn)}</A></p>
                </section>
            }
            .into_any()
        }
        Gate::Forbidden => view! {
            <section class="notice">
                <p>{i18n.tr(Key::StaffOnly)}</p>
            </section>
        }
        .into_any(),
        Gate::Open => children().into_any(),
    }
}

/// Renders `children` once the stored session has been restored (or found absent), so
/// pages whose answers depend on the viewer ask the server only once, as the right viewer.
#[component]
pub fn WhenRestored(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let restored = Memo::new(move |_| session.is_restored());
    move || {
        if restored.get() {
            children().into_any()
        } else {
            view! { <Loading /> }.into_any()
        }
    }
}
