//! Apply to become a verified expert, and follow my applications.

use atelier_api::{
    ApplicationStatus, EXPERT_BIO_MAX, EXPERT_BIO_MIN, EXPERT_FIELD_MAX, ExpertApplication,
    ExpertApplicationRequest, Role,
};
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

/// What `/expert` shows for the member's newest application (newest first):
/// its state instead of the form while it is pending or once approved; the
/// form again after a rejection (the server accepts a new application then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpertPageState {
    NeverApplied,
    Pending,
    Approved,
    Rejected,
}

impl ExpertPageState {
    pub fn of(newest_first: &[ExpertApplication]) -> ExpertPageState {
        match newest_first.first().map(|a| a.status) {
            None => ExpertPageState::NeverApplied,
            Some(ApplicationStatus::Pending) => ExpertPageState::Pending,
            Some(ApplicationStatus::Approved) => ExpertPageState::Approved,
            Some(ApplicationStatus::Rejected) => ExpertPageState::Rejected,
        }
    }

    pub fn shows_form(self) -> bool {
        matches!(
            self,
            ExpertPageState::NeverApplied | ExpertPageState::Rejected
        )
    }
}

#[component]
fn ExpertApplicationForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mine = LocalResource::new(move || api::my_applications(session));
    let sent = RwSignal::new(false);
    // Only members apply; experts (also those made experts before
    // applications were recorded), staff and admins see their badge instead.
    let me = move || {
        session.user_memo().with(|u| {
            u.as_ref()
                .map(|u| (u.role == Role::Member, u.expert_field.clone()))
                .unwrap_or((true, None))
        })
    };
    let on_sent = Callback::new(move |()| {
        sent.set(true);
        mine.refetch();
    });

    view! {
        <h1>{i18n.tr(Key::ExpertTitle)}</h1>
        <p class="lead">{i18n.tr(Key::ExpertIntro)}</p>
        {move || sent.get().then(|| view! {
            <StatusMessage text=Signal::derive(move || i18n.t(Key::ApplicationSent).to_owned()) />
        })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(list) => {
                        let state = ExpertPageState::of(&list.items);
                        let newest = list.items.first().cloned();
                        let (member, expert_field) = me();
                        let badge = expert_field.filter(|_| state == ExpertPageState::NeverApplied);
                        view! {
                            {badge.map(|field| view! {
                                <p class="notice">{move || i18n.fmt(Key::AlreadyExpert, &[("field", &field)])}</p>
                            })}
                            {newest.filter(|_| state != ExpertPageState::NeverApplied).map(|app| view! { <ApplicationState app /> })}
                            {(member && state.shows_form()).then(|| view! { <ApplyForm on_sent /> })}
                            {(!list.items.is_empty()).then(|| view! {
                                <section class="section" aria-labelledby="mine-heading">
                                    <h2 id="mine-heading">{i18n.tr(Key::MyApplications)}</h2>
                                    <ul class="plain-list" role="list">
                                        {list.items.into_iter().map(|app| view! { <li><MyApplication app /></li> }).collect_view()}
                                    </ul>
                                </section>
                            })}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The state of the member's newest application, in words.
#[component]
fn ApplicationState(app: ExpertApplication) -> impl IntoView {
    let i18n = use_i18n();
    let field = app.field.clone();
    let (title, text) = match app.status {
        ApplicationStatus::Pending => (Key::ApplicationPendingTitle, Key::ApplicationPendingText),
        ApplicationStatus::Approved => {
            (Key::ApplicationApprovedTitle, Key::ApplicationApprovedText)
        }
        ApplicationStatus::Rejected => (Key::ApplicationRejectedTitle, Key::ApplyAgain),
    };
    let reason = app
        .reason
        .clone()
        .filter(|_| app.status == ApplicationStatus::Rejected);
    view! {
        <section
            class=format!("card application-state status-{}", app.status.as_str())
            data-testid="application-state"
            data-status=app.status.as_str()
            aria-labelledby="application-state-heading"
        >
            <h2 id="application-state-heading">{i18n.tr(title)}</h2>
            <p>
                <span class=format!("badge status status-{}", app.status.as_str())>
                    {i18n.tr(status_key(app.status))}
                </span>
                " "
                <span class="muted">{i18n.tr(Key::AppliedOn)} " " <LocalDate at=app.created_at /></span>
            </p>
            {reason.map(|reason| view! {
                <p class="application-reason">
                    {move || i18n.fmt(Key::ApplicationRejectedReason, &[("reason", &reason)])}
                </p>
            })}
            <p>{move || i18n.fmt(text, &[("field", &field)])}</p>
        </section>
    }
}

#[component]
fn ApplyForm(on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let field = RwSignal::new(String::new());
    let bio = RwSignal::new(String::new());
    let links = RwSignal::new(String::new());

    let apply = Action::new_local(move |req: &ExpertApplicationRequest| {
        let req = req.clone();
        async move {
            api::apply_as_expert(session, &req).await?;
            on_sent.run(());
            Ok::<(), ApiError>(())
        }
    });
    let sending = apply.pending();
    let bio_chars = move || bio.with(|b| b.trim().chars().count());
    let bio_ok = move || (EXPERT_BIO_MIN..=EXPERT_BIO_MAX).contains(&bio_chars());
    let limits = move || {
        [
            ("min", EXPERT_BIO_MIN.to_string()),
            ("max", EXPERT_BIO_MAX.to_string()),
        ]
    };

    view! {
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
                        maxlength=EXPERT_FIELD_MAX.to_string()
                        aria-describedby="expert-field-hint"
                        bind:value=field
                    />
                    <p class="hint" id="expert-field-hint">{i18n.tr(Key::FieldHint)}</p>
                </div>
                <div class="field">
                    <label for="expert-bio">{i18n.tr(Key::AboutYourWork)}</label>
                    <p class="hint" id="expert-bio-rule">
                        {move || {
                            let [(a, x), (b, y)] = limits();
                            i18n.fmt(Key::ExpertBioRule, &[(a, &x), (b, &y)])
                        }}
                    </p>
                    <textarea
                        id="expert-bio"
                        rows="6"
                        required
                        minlength=EXPERT_BIO_MIN.to_string()
                        maxlength=EXPERT_BIO_MAX.to_string()
                        aria-describedby="expert-bio-rule expert-bio-count"
                        bind:value=bio
                    ></textarea>
                    <p
                        class="hint counter"
                        id="expert-bio-count"
                        data-testid="expert-bio-count"
                        class:counter-short=move || !bio_ok()
                        aria-live="polite"
                    >
                        {move || {
                            let [(a, x), (b, y)] = limits();
                            i18n.fmt(Key::ExpertBioCount, &[("n", &bio_chars().to_string()), (a, &x), (b, &y)])
                        }}
                    </p>
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
                {move || apply.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                <button type="submit" class="button" disabled=sending>
                    {move || if sending.get() { i18n.t(Key::Sending) } else { i18n.t(Key::SendApplication) }}
                </button>
            </form>
        </section>
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

    fn app(status: ApplicationStatus) -> ExpertApplication {
        ExpertApplication {
            id: 1,
            handle: "mei".into(),
            display_name: "Mei".into(),
            bio: String::new(),
            portfolio_links: vec![],
            field: "Lettering".into(),
            status,
            reason: None,
            created_at: chrono::Utc::now(),
            decided_at: None,
        }
    }

    #[test]
    fn the_newest_application_decides_what_the_page_shows() {
        assert!(ExpertPageState::of(&[]).shows_form());
        let pending = [
            app(ApplicationStatus::Pending),
            app(ApplicationStatus::Rejected),
        ];
        assert_eq!(ExpertPageState::of(&pending), ExpertPageState::Pending);
        assert!(!ExpertPageState::of(&pending).shows_form());
        assert!(!ExpertPageState::of(&[app(ApplicationStatus::Approved)]).shows_form());
        assert!(ExpertPageState::of(&[app(ApplicationStatus::Rejected)]).shows_form());
    }

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
