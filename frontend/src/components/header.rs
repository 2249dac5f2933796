//! The site header: brand, main navigation (only what the role allows), the account
//! controls and the language switcher.

use atelier_api::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::i18n::{Key, Locale, use_i18n};
use crate::session::use_session;

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
    let navigate = use_navigate();

    let log_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout().await;
            navigate("/", Default::default());
        });
    };

    view! {
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true"></span>
                    <span class="brand-name">"Atelier"</span>
                </A>
                <nav class="main-nav" aria-label=i18n.tr(Key::NavMain)>
                    <ul role="list">
                        <li><A href="/" exact=true>{i18n.tr(Key::NavHome)}</A></li>
                        <li><A href="/challenges">{i18n.tr(Key::NavChallenges)}</A></li>
                        <li><A href="/polls">{i18n.tr(Key::NavPolls)}</A></li>
                        <Show when=move || logged_in.get()>
                            <li><A href="/me" exact=true>{i18n.tr(Key::NavMyProfile)}</A></li>
                            <li><A href="/me/entries">{i18n.tr(Key::NavMyEntries)}</A></li>
                        </Show>
                        <Show when=move || may_apply.get()>
                            <li><A href="/expert">{i18n.tr(Key::NavExpert)}</A></li>
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
                            </ul>
                        </div>
                    </Show>
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
                                    <button type="button" class="button secondary" on:click=log_out.clone()>
                                        {i18n.tr(Key::LogOut)}
                                    </button>
                                }
                                .into_any(),
                                None => view! {
                                    <A href="/login" attr:class="button secondary">{i18n.tr(Key::LogIn)}</A>
                                    <A href="/register" attr:class="button">{i18n.tr(Key::Register)}</A>
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
