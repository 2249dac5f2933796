//! Staff list of every challenge (drafts and archived ones too), with links to edit
//! them and to their results.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::labels::{challenge_status_key, theme_key};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDate, PhaseBadge, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn StaffChallengesPage() -> impl IntoView {
    use_title(Key::ManageChallenges);
    view! {
        <RequireUser staff=true>
            <StaffChallenges />
        </RequireUser>
    }
}

#[component]
fn StaffChallenges() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = LocalResource::new(move || {
        // Titles come in the UI's language: ask again when it changes.
        i18n.locale();
        api::all_challenges(session)
    });
    view! {
        <div class="section-heading">
            <h1>{i18n.tr(Key::ManageChallenges)}</h1>
            <A href="/staff/challenges/new" attr:class="button">{i18n.tr(Key::NewChallenge)}</A>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.items.is_empty() => view! { <EmptyMessage text=Key::NoChallenges action_href="/staff/challenges/new" action_label=Key::NewChallenge /> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table stack">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(Key::ChallengeTitle)}</th>
                                        <th scope="col">{i18n.tr(Key::Status)}</th>
                                        <th scope="col">{i18n.tr(Key::Phase)}</th>
                                        <th scope="col">{i18n.tr(Key::Theme)}</th>
                                        <th scope="col">{i18n.tr(Key::SubmissionsOpen)}</th>
                                        <th scope="col">{i18n.tr(Key::Actions)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .items
                                        .into_iter()
                                        .map(|c| {
                                            let title_for_edit = c.title.clone();
                                            let title_for_results = c.title.clone();
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        <A href=format!("/challenges/{}", c.slug)>{c.title.clone()}</A>
                                                        <br />
                                                        <code>{c.slug.clone()}</code>
                                                    </th>
                                                    <td data-label=i18n.tr(Key::Status)>
                                                        <span class=format!("badge status-{}", c.status.as_str())>
                                                            {i18n.tr(challenge_status_key(c.status))}
                                                        </span>
                                                    </td>
                                                    <td data-label=i18n.tr(Key::Phase)><PhaseBadge phase=c.phase /></td>
                                                    <td data-label=i18n.tr(Key::Theme)>{i18n.tr(theme_key(c.theme))}</td>
                                                    <td data-label=i18n.tr(Key::SubmissionsOpen)><LocalDate at=c.submissions_open_at /></td>
                                                    <td data-label=i18n.tr(Key::Actions)>
                                                        <div class="actions">
                                                            <A
                                                                href=format!("/staff/challenges/{}/edit", c.slug)
                                                                attr:class="button secondary small"
                                                                attr:aria-label=move || i18n.fmt(Key::EditNamed, &[("title", &title_for_edit)])
                                                            >
                                                                {i18n.tr(Key::Edit)}
                                                            </A>
                                                            <A
                                                                href=format!("/challenges/{}/results", c.slug)
                                                                attr:class="button secondary small"
                                                                attr:aria-label=move || i18n.fmt(Key::RankingNamed, &[("title", &title_for_results)])
                                                            >
                                                                {i18n.tr(Key::Ranking)}
                                                            </A>
                                                        </div>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
