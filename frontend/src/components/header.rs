//! The site header: brand, main navigation (only what the role allows), the account
//! controls and the language switcher, and the skip link before them.
//!
//! On wide screens the navigation is a row of links. On phones (below 48rem) it is
//! behind a menu button: a disclosure (`aria-expanded`, `aria-controls`) that opens the
//! navigation as a panel under the header bar and closes again on navigation, on
//! Escape and on a second press. The bar itself keeps the brand, the signed-in handle
//! (or "Log in"), the language switcher and the menu button; "Log out" and "Register"
//! move into the panel there. This is the phone navigation every page
//! shares: a new page adds its link to the lists below and gets both layouts.

use atelier_api::Role;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::i18n::{Key, Locale, use_i18n};
use crate::session::use_session;

const NAV_ID: &str = "site-nav";
const MENU_BUTTON_ID: &str = "site-menu-button";

/// "Skip to main content": moves keyboard focus to `<main>` itself, which a plain
/// `#main` link does not do once the client router has handled the click.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=move |ev| {
                ev.prevent_default();
                browser::focus_id("main");
            }
        >
            {i18n.tr(Key::SkipToContent)}
        </a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let user = session.user_memo();
    let logged_in = Memo::new(move |_| user.with(Option::is_some));
    let is_staff = Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff())));
    // Only members apply to become experts.
    let may_apply =
        Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.role == Role::Member)));
    let handle = Memo::new(move |_| user.with(|u| u.as_ref().map(|u| u.handle.clone())));
    let may_publish =
        Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.can_publish_templates)));
    let is_finance = Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.finance)));
    // "Earnings": for those who may publish templates, and for anyone else
    // once they have earned something (a prize, a royalty), asked once per user.
    let user_id = Memo::new(move |_| user.with(|u| u.as_ref().map(|u| u.id)));
    let has_earnings = LocalResource::new(move || {
        let (id, publish) = (user_id.get(), may_publish.get());
        async move {
            if id.is_none() || publish {
                return false;
            }
            crate::api::my_earnings(session)
                .await
                .is_ok_and(|s| !crate::pages::earnings::never_earned(&s))
        }
    });
    let show_earnings = move || may_publish.get() || has_earnings.get().unwrap_or(false);
    let navigate = use_navigate();

    // The phone menu: closed on every navigation (a link in it, back, forward).
    let menu_open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        menu_open.set(false);
    });
    // Escape closes it and gives the focus back to the button that opened it.
    let escape = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            browser::focus_id(MENU_BUTTON_ID);
        }
    });
    on_cleanup(move || escape.remove());
    // A link in the panel closes it even when it leads to the page already shown.
    let on_nav_click = move |ev: ev::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a").ok().flatten())
            .is_some();
        if on_link {
            menu_open.set(false);
        }
    };

    let log_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout().await;
            navigate("/", Default::default());
        });
    };
    let log_out_in_menu = log_out.clone();

    view! {
        <header class="site-header" class:menu-open=move || menu_open.get()>
            <div class="header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true"></span>
                    <span class="brand-name">"Atelier"</span>
                </A>
                <button
                    type="button"
                    class="menu-button"
                    id=MENU_BUTTON_ID
                    aria-controls=NAV_ID
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <span class="menu-icon" aria-hidden="true">
                        <span></span>
                        <span></span>
                        <span></span>
                    </span>
                    <span class="menu-label">{i18n.tr(Key::NavMenu)}</span>
                </button>
                <nav
                    class="main-nav"
                    id=NAV_ID
                    aria-label=i18n.tr(Key::NavMain)
                    on:click=on_nav_click
                >
                    <ul role="list">
                        <li><A href="/" exact=true>{i18n.tr(Key::NavHome)}</A></li>
                        <li><A href="/challenges">{i18n.tr(Key::NavChallenges)}</A></li>
                        <li><A href="/polls">{i18n.tr(Key::NavPolls)}</A></li>
                        <li><A href="/templates">{i18n.tr(Key::MarketNavTemplates)}</A></li>
                        <Show when=move || logged_in.get()>
                            <li><A href="/me/library">{i18n.tr(Key::MarketNavLibrary)}</A></li>
                        </Show>
                        <Show when=move || logged_in.get()>
                            <li><A href="/me" exact=true>{i18n.tr(Key::NavMyProfile)}</A></li>
                            <li><A href="/me/entries">{i18n.tr(Key::NavMyEntries)}</A></li>
                        </Show>
                        <Show when=move || may_apply.get()>
                            <li><A href="/expert">{i18n.tr(Key::NavExpert)}</A></li>
                        </Show>
                        <Show when=move || may_publish.get()>
                            <li><A href="/me/templates">{i18n.tr(Key::CreatorMyTemplates)}</A></li>
                        </Show>
                        <Show when=show_earnings>
                            <li><A href="/me/earnings">{i18n.tr(Key::EarnNav)}</A></li>
                        </Show>
                        <Show when=move || is_finance.get()>
                            <li><A href="/finance">{i18n.tr(Key::FinNav)}</A></li>
                        </Show>
                    </ul>
                    <Show when=move || is_staff.get()>
                        <div class="nav-staff">
                            <span class="nav-group-label" id="nav-staff-label">{i18n.tr(Key::NavStaffGroup)}</span>
                            <ul role="list" aria-labelledby="nav-staff-label">
                                <li><A href="/staff/challenges">{i18n.tr(Key::NavStaffChallenges)}</A></li>
                                <li><A href="/staff/duplicates">{i18n.tr(Key::NavStaffDuplicates)}</A></li>
                                <li><A href="/staff/vote-flags">{i18n.tr(Key::NavStaffVoteFlags)}</A></li>
                                <li><A href="/staff/applications">{i18n.tr(Key::NavStaffApplications)}</A></li>
                                <li><A href="/staff/users">{i18n.tr(Key::NavStaffUsers)}</A></li>
                                <li><A href="/staff/audit">{i18n.tr(Key::NavStaffAudit)}</A></li>
                                <li><A href="/staff/templates">{i18n.tr(Key::CreatorReviewTitle)}</A></li>
                            </ul>
                        </div>
                    </Show>
                    // On phones only: "Log out" (or "Register") does not fit the bar.
                    {move || {
                        if !session.is_restored() {
                            return ().into_any();
                        }
                        if logged_in.get() {
                            view! {
                                <div class="nav-account">
                                    <button type="button" class="button secondary" on:click=log_out_in_menu.clone()>
                                        {i18n.tr(Key::LogOut)}
                                    </button>
                                </div>
                            }
                            .into_any()
                        } else {
                            view! {
                                <div class="nav-account">
                                    <A href="/register" attr:class="button">{i18n.tr(Key::Register)}</A>
                                </div>
                            }
                            .into_any()
                        }
                    }}
                </nav>
                <div class="header-tools">
                    <div class="account" aria-label=i18n.tr(Key::NavAccount) role="group">
                        {move || {
                            if !session.is_restored() {
                                // Neither "log in" nor a user until we know which applies.
                                return ().into_any();
                            }
                            match handle.get() {
                                Some(handle) => view! {
                                    <span class="whoami">
                                        <span class="visually-hidden">{move || i18n.label(Key::SignedInAs)}</span>
                                        <A href=format!("/u/{handle}") {..} data-testid="current-user">
                                            {format!("@{handle}")}
                                        </A>
                                    </span>
                                    <button type="button" class="button secondary log-out" on:click=log_out.clone()>
                                        {i18n.tr(Key::LogOut)}
                                    </button>
                                }
                                .into_any(),
                                None => view! {
                                    <A href="/login" attr:class="button secondary">{i18n.tr(Key::LogIn)}</A>
                                    <A href="/register" attr:class="button register">{i18n.tr(Key::Register)}</A>
                                }
                                .into_any(),
                            }
                        }}
                    </div>
                    <LanguageSwitcher />
                </div>
            </div>
        </header>
    }
}

#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="language-switcher">
            <span class="language-icon" aria-hidden="true">"文A"</span>
            <label class="visually-hidden" for="language-select">{i18n.tr(Key::Language)}</label>
            <select
                id="language-select"
                on:change=move |ev| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                        i18n.set_locale(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option
                                value=locale.tag()
                                lang=locale.tag()
                                prop:selected=move || i18n.locale() == locale
                            >
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
