//! `/me/templates`: the creator's templates with their review state (and the
//! reason when staff rejected one), then the dashboard of their views,
//! downloads, uses and sales.

use std::collections::HashMap;

use atelier_api::{TemplateCard, TemplateStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::template_stats::{
    DEFAULT_PERIOD, DashboardResource, StatsScope, TemplateStats, dashboard_resource,
};
use crate::components::template_tiles::TemplateTile;
use crate::components::{EmptyMessage, ErrorBox, Loading, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn MyTemplatesPage() -> impl IntoView {
    use_title(Key::CreatorMyTemplates);
    view! {
        <RequireUser>
            <MyTemplates />
        </RequireUser>
    }
}

#[component]
fn MyTemplates() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let templates = LocalResource::new(move || api::my_templates(session));
    let days = RwSignal::new(DEFAULT_PERIOD);
    let dashboard = dashboard_resource(StatsScope::Mine, days);
    let may_publish = may_publish_templates();
    view! {
        <div class="section-heading">
            <h1>{i18n.tr(Key::CreatorMyTemplates)}</h1>
            <Show when=move || may_publish.get()>
                <div class="actions">
                    <A href="/templates/new" attr:class="button">{i18n.tr(Key::CreatorNewTemplate)}</A>
                </div>
            </Show>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) if list.is_empty() && !may_publish.get_untracked() => view! {
                        <EmptyMessage text=Key::CreatorNotACreator />
                    }
                    .into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <EmptyMessage text=Key::CreatorNoTemplates action_href="/templates/new" action_label=Key::CreatorCreateFirst />
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="card-grid creator-tiles" role="list" data-testid="my-templates">
                            {list.into_iter().map(|card| view! { <li><MyTemplate card dashboard /></li> }).collect_view()}
                        </ul>
                        <TemplateStats days dashboard edit_links=true />
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Whether the signed-in member may publish templates (experts, staff and
/// approved creators).
pub fn may_publish_templates() -> Memo<bool> {
    let user = use_session().user_memo();
    Memo::new(move |_| user.with(|u| u.as_ref().is_some_and(|u| u.can_publish_templates)))
}

/// Why staff rejected each template, from the dashboard's rows.
fn reasons(dashboard: DashboardResource) -> HashMap<i64, String> {
    dashboard
        .get()
        .and_then(Result::ok)
        .map(|d| {
            d.templates
                .into_iter()
                .filter_map(|row| row.review_reason.map(|r| (row.template.id, r)))
                .collect()
        })
        .unwrap_or_default()
}

#[component]
fn MyTemplate(card: TemplateCard, dashboard: DashboardResource) -> impl IntoView {
    let i18n = use_i18n();
    let id = card.id;
    let rejected = card.status == TemplateStatus::Rejected;
    let edit_href = format!("/templates/{id}/edit");
    let view_href = format!("/templates/{id}");
    let public = matches!(
        card.status,
        TemplateStatus::Published | TemplateStatus::Unlisted
    );
    view! {
        <TemplateTile card href=edit_href.clone() show_status=true>
            {move || {
                rejected
                    .then(|| reasons(dashboard).remove(&id))
                    .flatten()
                    .map(|reason| view! {
                        <p class="status-reason" data-testid="review-reason">
                            {move || i18n.fmt(Key::CreatorReviewReason, &[("reason", &reason)])}
                        </p>
                    })
            }}
            <p class="actions">
                <A href=edit_href.clone() attr:class="button secondary small">{i18n.tr(Key::Edit)}</A>
                {public.then(|| view! {
                    <A href=view_href.clone() attr:class="button secondary small">{i18n.tr(Key::CreatorViewPage)}</A>
                })}
            </p>
        </TemplateTile>
    }
}
