//! Apply to become a verified expert, and follow my applications.

use atelier_api::{ExpertApplication, ExpertApplicationRequest};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{ErrorBox, Loading, LocalDate, RequireUser, StatusMessage, status_key};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// One link per line; blank lines and surrounding spaces are dropped.
pub fn parse_links(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Links are shown as links only when they are web addresses (no `javascript:` and friends).
pub fn is_web_link(link: &str) -> bool {
    let lower = link.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[component]
pub fn ExpertApplicationPage() -> impl IntoView {
    use_title(Key::NavExpert);
    view! {
        <RequireUser>
            <ExpertApplicationForm />
        </RequireUser>
    }
}

#[component]
fn ExpertApplicationForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mine = LocalResource::new(move || api::my_applications(session));
    let field = RwSignal::new(String::new());
    let bio = RwSignal::new(String::new());
    let links = RwSignal::new(String::new());

    let apply = Action::new_local(move |req: &ExpertApplicationRequest| {
        let req = req.clone();
        async move {
            api::apply_as_expert(session, &req).await?;
            field.set(String::new());
            bio.set(String::new());
            links.set(String::new());
            mine.refetch();
            Ok::<(), ApiError>(())
        }
    });
    let sending = apply.pending();
    let expert_field = move || {
        session
            .user_memo()
            .with(|u| u.as_ref().and_then(|u| u.expert_field.clone()))
    };

    view! {
        <h1>{i18n.tr(Key::ExpertTitle)}</h1>
        <p class="lead">{i18n.tr(Key::ExpertIntro)}</p>
        {move || {
            expert_field()
                .map(|field| {
                    view! { <p class="notice">{move || i18n.fmt(Key::AlreadyExpert, &[("field", &field)])}</p> }
                })
        }}
        <div class="two-columns">
            <section class="card" aria-labelledby="apply-heading">
                <h2 id="apply-heading">{i18n.tr(Key::SendApplication)}</h2>
                <form
                    class="form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        apply.dispatch(ExpertApplicationRequest {
                            field: field.get_untracked().trim().to_owned(),
                            bio: bio.get_untracked().trim().to_owned(),
                            portfolio_links: parse_links(&links.get_untracked()),
                        });
                    }
                >
                    <div class="field">
                        <label for="expert-field">{i18n.tr(Key::Field)}</label>
                        <input
                            id="expert-field"
                            type="text"
                            required
                            aria-describedby="expert-field-hint"
                            bind:value=field
                        />
                        <p class="hint" id="expert-field-hint">{i18n.tr(Key::FieldHint)}</p>
                    </div>
                    <div class="field">
                        <label for="expert-bio">{i18n.tr(Key::AboutYourWork)}</label>
                        <textarea id="expert-bio" rows="6" required bind:value=bio></textarea>
                    </div>
                    <div class="field">
                        <label for="expert-links">{i18n.tr(Key::PortfolioLinks)}</label>
                        <textarea
                            id="expert-links"
                            rows="3"
                            aria-describedby="expert-links-hint"
                            placeholder="https://"
                            bind:value=links
                        ></textarea>
                        <p class="hint" id="expert-links-hint">{i18n.tr(Key::PortfolioHint)}</p>
                    </div>
                    {move || match apply.value().get() {
                        Some(Ok(())) => view! { <StatusMessage text=Signal::derive(move || i18n.t(Key::ApplicationSent).to_owned()) /> }.into_any(),
                        Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                        None => ().into_any(),
                    }}
                    <button type="submit" class="button" disabled=sending>
                        {move || if sending.get() { i18n.t(Key::Sending) } else { i18n.t(Key::SendApplication) }}
                    </button>
                </form>
            </section>
            <section class="card" aria-labelledby="mine-heading">
                <h2 id="mine-heading">{i18n.tr(Key::MyApplications)}</h2>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move {
                        match mine.await {
                            Ok(list) if list.items.is_empty() => {
                                view! { <p class="empty">{i18n.tr(Key::NoApplications)}</p> }.into_any()
                            }
                            Ok(list) => view! {
                                <ul class="plain-list" role="list">
                                    {list.items.into_iter().map(|app| view! { <li><MyApplication app /></li> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn MyApplication(app: ExpertApplication) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="application">
            <h3>{app.field.clone()}</h3>
            <p>
                <span class=format!("badge status status-{}", app.status.as_str())>
                    {i18n.tr(status_key(app.status))}
                </span>
                " "
                <span class="muted"><LocalDate at=app.created_at /></span>
            </p>
            {app
                .reason
                .clone()
                .map(|reason| {
                    view! {
                        <p>
                            <strong>{move || i18n.with_colon(Key::Reason)}</strong>
                            {reason}
                        </p>
                    }
                })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_one_per_line() {
        assert_eq!(
            parse_links("  https://a.example \n\n https://b.example/x\n"),
            ["https://a.example", "https://b.example/x"]
        );
        assert!(parse_links(" \n ").is_empty());
    }

    #[test]
    fn only_web_links_become_anchors() {
        assert!(is_web_link("https://a.example"));
        assert!(is_web_link("HTTP://a.example"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("data:text/html,x"));
        assert!(!is_web_link("a.example"));
    }
}
