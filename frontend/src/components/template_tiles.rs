//! Templates as small cards (a challenge's "design on these templates", the
//! creator's list, the review queue) and the template picker of the entry
//! form.

use atelier_api::{TemplateCard, TemplateRef, TemplateStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::template_labels::{
    category_text, licence_name_text, price_text, template_status_key,
};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// A template as a card: thumbnail, title, creator, category, licence, price
/// and, where it matters, its status.
#[component]
pub fn TemplateTile(
    card: TemplateCard,
    /// Where the title leads (the template's page by default).
    #[prop(optional, into)]
    href: Option<String>,
    /// Show the status badge (the creator's and staff's lists).
    #[prop(optional)]
    show_status: bool,
    /// Anything else under the facts: actions, a reason.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = href.unwrap_or_else(|| format!("/templates/{}", card.id));
    let status = card.status;
    let category = card.category;
    let licence = card.licence;
    let price = card.price.clone();
    // The title beside it names the template: the thumbnail is decoration.
    let thumb = match card.thumbnail_url.clone() {
        Some(src) => view! {
            <img
                class="creator-tile-thumb"
                src=src
                width=card.thumbnail_width
                height=card.thumbnail_height
                alt=""
                loading="lazy"
                decoding="async"
            />
        }
        .into_any(),
        None => {
            view! { <div class="creator-tile-thumb creator-no-thumb" aria-hidden="true"></div> }
                .into_any()
        }
    };
    view! {
        <article class="card creator-tile" data-template-id=card.id>
            {thumb}
            <div class="creator-tile-body">
                <h3 class="card-title"><A href=href>{card.title.clone()}</A></h3>
                <p class="muted creator-tile-by">
                    {move || i18n.label(Key::By)}
                    <A href=format!("/u/{}", card.creator.handle)>{card.creator.display_name.clone()}</A>
                </p>
                <p class="card-tags">
                    {show_status.then(|| view! {
                        <span class=format!("badge creator-badge creator-{}", status.as_str()) data-testid="template-status-badge">
                            {i18n.tr(template_status_key(status))}
                        </span>
                    })}
                    <span class="badge">{move || category_text(i18n.locale(), category)}</span>
                    <span class="badge">{move || licence_name_text(i18n.locale(), licence)}</span>
                    <span class="badge creator-price">{move || price_text(i18n, &price)}</span>
                </p>
                {children.map(|c| c())}
            </div>
        </article>
    }
}

/// A challenge's templates ("design on these"), when it has any.
#[component]
pub fn ChallengeTemplateCards(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let templates = LocalResource::new(move || {
        let slug = slug.clone();
        async move { api::challenge_templates(session, &slug).await }
    });
    move || {
        let cards: Vec<TemplateCard> = templates
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|t| t.status == TemplateStatus::Published)
            .collect();
        (!cards.is_empty()).then(|| {
            view! {
                <section class="section creator-challenge-templates" aria-labelledby="design-on-heading" data-testid="challenge-templates">
                    <h2 id="design-on-heading">{i18n.tr(Key::CreatorDesignOnThese)}</h2>
                    <p class="muted">{i18n.tr(Key::CreatorDesignOnTheseHint)}</p>
                    <ul class="card-grid creator-tiles" role="list">
                        {cards.into_iter().map(|card| view! { <li><TemplateTile card /></li> }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

/// Which of the challenge's templates an entry was made with; "none" unless
/// picked. Shows nothing when the challenge has no templates.
#[component]
pub fn TemplatePicker(slug: String, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let templates = LocalResource::new(move || {
        let slug = slug.clone();
        async move { api::challenge_templates(session, &slug).await }
    });
    move || {
        let cards = templates.get().and_then(Result::ok).unwrap_or_default();
        (!cards.is_empty()).then(|| {
            view! {
                <div class="field creator-picker">
                    <label for="entry-template">{i18n.tr(Key::CreatorMadeWithLabel)}</label>
                    <p class="hint" id="entry-template-hint">{i18n.tr(Key::CreatorMadeWithHint)}</p>
                    <select
                        id="entry-template"
                        aria-describedby="entry-template-hint"
                        on:change=move |ev| chosen.set(event_target_value(&ev).parse::<i64>().ok())
                    >
                        <option value="" prop:selected=move || chosen.get().is_none()>{i18n.tr(Key::CreatorNoTemplate)}</option>
                        {cards
                            .into_iter()
                            .map(|t| {
                                let id = t.id;
                                view! {
                                    <option value=id.to_string() prop:selected=move || chosen.get() == Some(id)>{t.title}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
    }
}

/// "Made with <template>" on an entry made with one.
#[component]
pub fn MadeWith(template: TemplateRef) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/templates/{}", template.id);
    view! {
        <p class="creator-made-with" data-testid="made-with">
            {move || i18n.fmt_around(Key::CreatorMadeWith, "title").0}
            <A href=href>{template.title.clone()}</A>
            {move || i18n.fmt_around(Key::CreatorMadeWith, "title").1}
        </p>
    }
}
