//! A member's public profile at `/u/{handle}`: their works link to the entry and
//! name the challenge by its title in the reader's language, with the place won.

use atelier_api::PublicProfile;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::browser;
use crate::components::entry_grid::PlaceBadge;
use crate::components::{Avatar, ErrorBox, Loading, LocalDate, role_key};
use crate::i18n::{Key, use_i18n};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    let profile = LocalResource::new(move || {
        let handle = params.with(|p| p.get("handle")).unwrap_or_default();
        // Challenge titles come in the UI's language: ask again when it changes.
        i18n.locale();
        async move { api::public_profile(&handle).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <ProfileView profile /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProfileView(profile: PublicProfile) -> impl IntoView {
    let i18n = use_i18n();
    browser::set_document_title(&format!("{} · Atelier", profile.display_name));
    let works = if profile.works.is_empty() {
        view! { <p class="empty">{i18n.tr(Key::NoWorks)}</p> }.into_any()
    } else {
        view! {
            <ul class="card-grid" role="list">
                {profile
                    .works
                    .into_iter()
                    .map(|work| {
                        let href = format!("/entries/{}", work.id);
                        let challenge = if work.challenge_title.is_empty() {
                            work.challenge_slug.clone()
                        } else {
                            work.challenge_title.clone()
                        };
                        let challenge_href = format!("/challenges/{}", work.challenge_slug);
                        view! {
                            <li>
                                <article class="card work-card" data-entry-id=work.id>
                                    {work.thumbnail_url.clone().map(|src| view! {
                                        <A href=href.clone() attr:class="work-thumb-link" attr:tabindex="-1" attr:aria-hidden="true">
                                            <img class="work-thumb" src=src alt="" loading="lazy" />
                                        </A>
                                    })}
                                    <h3 class="card-title"><A href=href.clone()>{work.title.clone()}</A></h3>
                                    {work.winner_place.map(|place| view! { <p><PlaceBadge place /></p> })}
                                    <p class="muted work-challenge" data-testid="work-challenge">
                                        <A href=challenge_href>
                                            {move || i18n.fmt(Key::InChallenge, &[("challenge", &challenge)])}
                                        </A>
                                    </p>
                                    <p class="muted"><LocalDate at=work.created_at /></p>
                                </article>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let joined = profile.joined_at;
    view! {
        <article class="public-profile">
            <header class="profile-header">
                <Avatar url=profile.avatar_url.clone() name=profile.display_name.clone() size="lg" />
                <div>
                    <h1>{profile.display_name.clone()}</h1>
                    <p class="handle">{format!("@{}", profile.handle)}</p>
                    <p class="card-tags">
                        <span class="badge role">{i18n.tr(role_key(profile.role))}</span>
                        {profile
                            .expert_field
                            .clone()
                            .map(|field| {
                                view! {
                                    <span class="badge expert-badge" data-testid="expert-badge">
                                        <span aria-hidden="true">"✔ "</span>
                                        {i18n.tr(Key::ExpertBadge)}
                                        " · "
                                        {field}
                                    </span>
                                }
                            })}
                    </p>
                    <p class="muted">
                        {move || {
                            let date = i18n.date(&joined);
                            i18n.fmt(Key::MemberSince, &[("date", &date)])
                        }}
                    </p>
                </div>
            </header>
            <section class="section" aria-labelledby="bio-heading">
                <h2 id="bio-heading">{i18n.tr(Key::Bio)}</h2>
                {if profile.bio.trim().is_empty() {
                    view! { <p class="empty">{i18n.tr(Key::NoBio)}</p> }.into_any()
                } else {
                    view! { <p class="bio">{profile.bio.clone()}</p> }.into_any()
                }}
            </section>
            <section class="section" aria-labelledby="works-heading">
                <h2 id="works-heading">{i18n.tr(Key::Works)}</h2>
                {works}
            </section>
        </article>
    }
}
