//! One template at `/templates/{id}`: the preview carousel, what it is (creator,
//! category, tags, canvas, description), its licence in plain words, its price and how
//! to get it, its files (downloads for those who may), and the entries made with it.

mod actions;
mod carousel;
mod licence;

pub use actions::TemplateDownloads;
pub use licence::LicenceBox;

use atelier_api::{EntryCard, TemplateDetail, TemplateStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::labels::{canvas_text, category_key, format_bytes, price_text, template_status_key};
use super::query::{Facet, catalogue_href};
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{
    EmptyMessage, EntryGrid, ErrorBox, LoadError, Loading, Missing, Swatches, WhenRestored,
};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use actions::{DownloadButton, GetTemplate};
use carousel::Carousel;

#[component]
pub fn TemplatePage() -> impl IntoView {
    view! {
        <WhenRestored>
            <TemplateLoader />
        </WhenRestored>
    }
}

/// The 404 a malformed id gets, the same as an unknown one.
fn not_found() -> ApiError {
    ApiError::from_response(
        404,
        r#"{"error":{"code":"not_found","message":"no such template"}}"#,
    )
}

#[component]
fn TemplateLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        // What the viewer may do depends on who they are.
        session.user_id();
        async move {
            match id {
                Some(id) => api::template(session, id).await,
                None => Err(not_found()),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <TemplateView detail /> }.into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Page /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TemplateView(detail: TemplateDetail) -> impl IntoView {
    let i18n = use_i18n();
    browser::set_document_title(&format!("{} · Atelier", detail.card.title));
    let id = detail.card.id;
    let card = detail.card.clone();
    let current = RwSignal::new(detail.clone());

    let creator_href = format!("/u/{}", card.creator.handle);
    let expert = card
        .creator
        .expert
        .then(|| view! { " " <span class="badge market-expert">{i18n.tr(Key::RoleExpert)}</span> });
    let status = (card.status != TemplateStatus::Published).then(|| {
        view! {
            <p>
                <span class=format!("badge market-status market-status-{}", card.status.as_str()) data-testid="template-status">
                    {i18n.tr(template_status_key(card.status))}
                </span>
            </p>
        }
    });
    let review_reason = detail.review_reason.clone().map(|reason| {
        view! {
            <p class="status-reason" data-testid="review-reason">
                {move || i18n.fmt(Key::StatusReason, &[("reason", &reason)])}
            </p>
        }
    });
    let edit = detail.can_edit.then(|| {
        view! {
            <p><A href=format!("/templates/{id}/edit") attr:class="button secondary">{i18n.tr(Key::MarketEdit)}</A></p>
        }
    });
    let tags = (!card.tags.is_empty()).then(|| {
        view! {
            <div>
                <dt>{i18n.tr(Key::Tags)}</dt>
                <dd>
                    <ul class="tag-list" role="list">
                        {card
                            .tags
                            .iter()
                            .map(|tag| {
                                let mut q = atelier_api::TemplateQuery::default();
                                Facet::Tag.set(&mut q, Some(tag));
                                view! { <li><A href=catalogue_href(&q) attr:class="tag">{format!("#{tag}")}</A></li> }
                            })
                            .collect_view()}
                    </ul>
                </dd>
            </div>
        }
    });
    let colours = (!detail.colours.is_empty()).then(|| {
        view! {
            <div>
                <dt>{i18n.tr(Key::MarketColours)}</dt>
                <dd><Swatches colours=detail.colours.clone() label=Key::MarketColours /></dd>
            </div>
        }
    });
    let category = card.category;
    let mut category_query = atelier_api::TemplateQuery::default();
    Facet::Category.set(&mut category_query, Some(category.as_str()));
    let price = card.price.clone();
    let free = price.amount_minor == 0;
    let description_html = detail.description_html.clone();
    let description = (!description_html.trim().is_empty()).then(|| {
        view! {
            <section class="market-section" aria-labelledby="description-heading">
                <h2 id="description-heading">{i18n.tr(Key::MarketDescription)}</h2>
                // Sanitised by the server (`description_html`).
                <div class="market-description brief" inner_html=description_html></div>
            </section>
        }
    });
    let uses = card.uses;
    let downloads = detail.downloads;

    view! {
        <article class="market-template" data-template-id=id>
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/templates">{i18n.tr(Key::MarketTitle)}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{card.title.clone()}</span>
            </nav>
            <div class="market-template-layout">
                <div class="market-template-media">
                    <Carousel previews=detail.previews.clone() title=card.title.clone() />
                </div>
                <div class="market-template-details">
                    <h1>{card.title.clone()}</h1>
                    {status}
                    {review_reason}
                    <p class="entry-byline">
                        {move || i18n.label(Key::By)}
                        <A href=creator_href>{card.creator.display_name.clone()}</A>
                        {expert}
                    </p>
                    <p class="market-price market-price-big" class:is-free=free data-testid="template-price">
                        {move || price_text(i18n, &price)}
                    </p>
                    <GetTemplate current />
                    <LicenceBox kind=card.licence />
                    <dl class="facts market-facts">
                        <div>
                            <dt>{i18n.tr(Key::MarketFacetCategory)}</dt>
                            <dd><A href=catalogue_href(&category_query)>{i18n.tr(category_key(category))}</A></dd>
                        </div>
                        <div>
                            <dt>{i18n.tr(Key::MarketCanvas)}</dt>
                            <dd>{canvas_text(&detail.canvas)}</dd>
                        </div>
                        {tags}
                        {colours}
                        <div>
                            <dt>{i18n.tr(Key::MarketUses)}</dt>
                            <dd>{uses}</dd>
                        </div>
                        <div>
                            <dt>{i18n.tr(Key::MarketDownloads)}</dt>
                            <dd>{downloads}</dd>
                        </div>
                    </dl>
                    {edit}
                </div>
            </div>
            {description}
            <Files current />
            <MadeWith template_id=id />
        </article>
    }
}

/// The source files: name, format and size for everyone; download buttons (and the
/// editor link) for those who may download.
#[component]
fn Files(current: RwSignal<TemplateDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let id = current.with_untracked(|d| d.card.id);
    view! {
        <section class="market-section" id="files" aria-labelledby="files-heading">
            <h2 id="files-heading">{i18n.tr(Key::MarketFiles)}</h2>
            {move || {
                let (files, can_download, editor_url) = current.with(|d| (d.files.clone(), d.can_download, d.editor_url.clone()));
                let editor = editor_url.map(|url| view! {
                    <p>
                        <a href=url class="button secondary" target="_blank" rel="noopener noreferrer">
                            {i18n.tr(Key::MarketOpenEditor)}
                        </a>
                    </p>
                });
                let list = if files.is_empty() {
                    view! { <p class="muted">{i18n.tr(Key::MarketNoFiles)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="market-files" role="list" data-testid="template-files">
                            {files
                                .into_iter()
                                .map(|file| {
                                    let button = can_download.then(|| view! { <DownloadButton template_id=id file=file.clone() /> });
                                    view! {
                                        <li class="market-file">
                                            <span class="market-file-name">{file.file_name.clone()}</span>
                                            <span class="badge">{file.format.as_str().to_uppercase()}</span>
                                            <span class="muted">{format_bytes(file.bytes)}</span>
                                            <span class="market-file-action">{button}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let hint = (!can_download).then(|| view! { <p class="hint">{i18n.tr(Key::MarketFilesNeedLicence)}</p> });
                view! { {list} {hint} {editor} }
            }}
        </section>
    }
}

/// Entries made with the template, newest first.
#[component]
fn MadeWith(template_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let entries = LocalResource::new(move || api::template_entries(session, template_id));
    view! {
        <section class="market-section" aria-labelledby="made-with-heading">
            <h2 id="made-with-heading">{i18n.tr(Key::MarketMadeWith)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::MarketNoEntriesYet /> }.into_any(),
                        Ok(list) => {
                            let list: Signal<Vec<EntryCard>> = Signal::stored(list);
                            view! { <EntryGrid entries=list /> }.into_any()
                        }
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
