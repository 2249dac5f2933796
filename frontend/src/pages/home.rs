//! The home page: what the site is, its numbers, and the latest challenges.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{ChallengeGrid, ErrorBox, Loading};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// How many challenges the home page shows before "see all".
const HOME_CHALLENGES: usize = 6;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_title(Key::NavHome);
    let site = LocalResource::new(api::site);
    // Titles come in the UI's language: ask again when it changes.
    let challenges = LocalResource::new(move || {
        i18n.locale();
        api::challenges()
    });
    let logged_out = move || session.is_restored() && session.user_memo().with(Option::is_none);

    view! {
        <section class="hero" aria-labelledby="site-title">
            <Transition fallback=|| view! { <h1 id="site-title">"Atelier"</h1> <Loading /> }>
                {move || Suspend::new(async move {
                    match site.await {
                        Ok(site) => view! {
                            <h1 id="site-title">{site.name}</h1>
                            <p class="lead">{i18n.tr(Key::HomeIntro)}</p>
                            <ul class="stats" role="list">
                                <li>
                                    <strong class="stat-number">{site.members}</strong>
                                    " "
                                    {move || i18n.count(Key::StatMembers, site.members)}
                                </li>
                                <li>
                                    <strong class="stat-number">{site.challenges}</strong>
                                    " "
                                    {move || i18n.count(Key::StatChallenges, site.challenges)}
                                </li>
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <h1 id="site-title">"Atelier"</h1>
                            <ErrorBox error />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <Show when=logged_out>
                <p><A href="/register" attr:class="button large">{i18n.tr(Key::JoinCta)}</A></p>
            </Show>
        </section>
        <section class="section" aria-labelledby="latest-heading">
            <div class="section-heading">
                <h2 id="latest-heading">{i18n.tr(Key::LatestChallenges)}</h2>
                <A href="/challenges">{i18n.tr(Key::SeeAllChallenges)}</A>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match challenges.await {
                        Ok(list) => {
                            let items = list.items.into_iter().take(HOME_CHALLENGES).collect();
                            view! { <ChallengeGrid challenges=items empty=Key::NoChallenges /> }.into_any()
                        }
                        Err(error) => view! {
                            <ErrorBox error />
                            <button type="button" class="button secondary" on:click=move |_| challenges.refetch()>
                                {i18n.tr(Key::Retry)}
                            </button>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
