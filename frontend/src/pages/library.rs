//! The member's library at `/me/library`: the licences they hold (with the files to
//! download, and a note on any a refund revoked) and their receipts.

use atelier_api::{LicenceGrant, Order};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDate, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::templates::detail::TemplateDownloads;
use crate::pages::templates::labels::{format_money, licence_name_key, order_status_key};
use crate::session::use_session;

#[component]
pub fn LibraryPage() -> impl IntoView {
    use_title(Key::MarketLibraryTitle);
    view! {
        <RequireUser>
            <Library />
        </RequireUser>
    }
}

#[component]
fn Library() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let licences = LocalResource::new(move || api::my_library(session));
    let orders = LocalResource::new(move || api::my_orders(session));
    view! {
        <h1>{i18n.tr(Key::MarketLibraryTitle)}</h1>
        <section class="market-section" aria-labelledby="licences-heading">
            <h2 id="licences-heading">{i18n.tr(Key::MarketLicences)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match licences.await {
                        Ok(list) if list.is_empty() => view! {
                            <EmptyMessage text=Key::MarketNoLicences action_href="/templates" action_label=Key::MarketBrowse />
                        }
                        .into_any(),
                        Ok(list) => view! {
                            <ul class="market-library" role="list" data-testid="library">
                                {list.into_iter().map(|grant| view! { <li><LicenceItem grant /></li> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="market-section" aria-labelledby="receipts-heading">
            <h2 id="receipts-heading">{i18n.tr(Key::MarketReceipts)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::MarketNoReceipts /> }.into_any(),
                        Ok(list) => view! { <Receipts orders=list /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LicenceItem(grant: LicenceGrant) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/templates/{}", grant.template_id);
    let template_id = grant.template_id;
    let revoked = grant.revoked_at;
    let show_files = RwSignal::new(false);
    let files_id = format!("licence-{}-files", grant.id);
    let thumb = match grant.thumbnail_url.clone() {
        Some(src) => view! { <img class="market-library-thumb" src=src alt="" loading="lazy" decoding="async" /> }.into_any(),
        None => view! { <div class="market-library-thumb market-no-preview" aria-hidden="true"></div> }.into_any(),
    };
    let order = grant.order_id.map(|order_id| {
        view! {
            " · "
            <A href=format!("/orders/{order_id}")>
                {move || i18n.fmt(Key::MarketOrderTitle, &[("id", &order_id.to_string())])}
            </A>
        }
    });
    view! {
        <article class="card market-library-item" class:is-revoked=revoked.is_some() data-template-id=template_id>
            {thumb}
            <div class="market-library-body">
                <h3 class="card-title"><A href=href>{grant.template_title.clone()}</A></h3>
                <p>
                    <span class="badge market-licence-badge">{i18n.tr(licence_name_key(grant.licence))}</span>
                </p>
                <p class="muted">
                    {move || i18n.label(Key::MarketGrantedOn)}
                    <LocalDate at=grant.granted_at />
                    {order}
                </p>
                {match revoked {
                    Some(at) => view! {
                        <p class="notice warning" data-testid="revoked-note">
                            {move || i18n.label(Key::MarketRevokedOn)}
                            <LocalDate at />
                            " "
                            {i18n.tr(Key::MarketRevokedNote)}
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <p>
                            <button
                                type="button"
                                class="button secondary small"
                                aria-expanded=move || show_files.get().to_string()
                                aria-controls=files_id.clone()
                                on:click=move |_| show_files.update(|s| *s = !*s)
                            >
                                {i18n.tr(Key::MarketShowFiles)}
                            </button>
                        </p>
                        <div id=files_id.clone()>
                            <Show when=move || show_files.get()>
                                <TemplateDownloads template_id />
                            </Show>
                        </div>
                    }
                    .into_any(),
                }}
            </div>
        </article>
    }
}

#[component]
fn Receipts(orders: Vec<Order>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table stack market-receipts" data-testid="receipts">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::MarketTemplate)}</th>
                        <th scope="col">{i18n.tr(Key::MarketOrderedOn)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::MarketAmount)}</th>
                        <th scope="col">{i18n.tr(Key::Status)}</th>
                        <th scope="col">{i18n.tr(Key::MarketOrder)}</th>
                    </tr>
                </thead>
                <tbody>
                    {orders
                        .into_iter()
                        .map(|o| {
                            let amount = o.amount.clone();
                            view! {
                                <tr>
                                    <th scope="row"><A href=format!("/templates/{}", o.template_id)>{o.template_title.clone()}</A></th>
                                    <td data-label=i18n.tr(Key::MarketOrderedOn)><LocalDate at=o.created_at /></td>
                                    <td class="num" data-label=i18n.tr(Key::MarketAmount)>
                                        {move || format_money(i18n.locale(), &amount)}
                                    </td>
                                    <td data-label=i18n.tr(Key::Status)>
                                        <span class=format!("badge market-order-status market-order-{}", o.status.as_str())>
                                            {i18n.tr(order_status_key(o.status))}
                                        </span>
                                    </td>
                                    <td data-label=i18n.tr(Key::MarketOrder)>
                                        <A href=format!("/orders/{}", o.id)>
                                            {move || i18n.fmt(Key::MarketOrderTitle, &[("id", &o.id.to_string())])}
                                        </A>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
