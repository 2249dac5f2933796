//! One order at `/orders/{id}`: the checkout while it waits for the payment (the
//! provider's page for a card, the reference and instructions for a bank transfer, and
//! "cancel"), and the receipt afterwards (paid: the library and the downloads).

use atelier_api::{Order, OrderStatus, PaymentMethod};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{ErrorBox, LoadError, Loading, LocalDate, Missing, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::templates::detail::TemplateDownloads;
use crate::pages::templates::labels::{
    format_money, licence_name_key, order_status_key, payment_method_key,
};
use crate::session::use_session;

#[component]
pub fn OrderPage() -> impl IntoView {
    use_title(Key::MarketOrderHeading);
    view! {
        <RequireUser>
            <OrderLoader />
        </RequireUser>
    }
}

#[component]
fn OrderLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let order = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        async move {
            match id {
                Some(id) => api::order(session, id).await,
                None => Err(ApiError::from_response(
                    404,
                    r#"{"error":{"code":"not_found","message":"no such order"}}"#,
                )),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => view! { <OrderView order /> }.into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Page /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderView(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = order.id;
    let current = RwSignal::new(order);
    Effect::new(move |_| {
        let title = i18n.fmt(Key::MarketOrderTitle, &[("id", &id.to_string())]);
        browser::set_document_title(&format!("{title} · Atelier"));
    });

    let cancel = Action::new_local(move |_: &()| async move {
        let order = api::cancel_order(session, id).await?;
        current.set(order);
        Ok::<(), ApiError>(())
    });
    let check = Action::new_local(move |_: &()| async move {
        let order = api::order(session, id).await?;
        current.set(order);
        Ok::<(), ApiError>(())
    });
    let busy = Signal::derive(move || cancel.pending().get() || check.pending().get());

    let facts = move || {
        let o = current.get();
        let template_href = format!("/templates/{}", o.template_id);
        let amount = o.amount.clone();
        let paid = o.paid_at.map(|at| {
            view! {
                <div>
                    <dt>{i18n.tr(Key::MarketPaidOn)}</dt>
                    <dd><LocalDate at /></dd>
                </div>
            }
        });
        let refunded = o.refunded_at.map(|at| {
            view! {
                <div>
                    <dt>{i18n.tr(Key::MarketRefundedOn)}</dt>
                    <dd><LocalDate at /></dd>
                </div>
            }
        });
        view! {
            <p>
                <span class=format!("badge market-order-status market-order-{}", o.status.as_str()) data-testid="order-status">
                    {i18n.tr(order_status_key(o.status))}
                </span>
            </p>
            <dl class="facts market-facts market-receipt">
                <div>
                    <dt>{i18n.tr(Key::MarketTemplate)}</dt>
                    <dd><A href=template_href>{o.template_title.clone()}</A></dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::MarketLicence)}</dt>
                    <dd>{i18n.tr(licence_name_key(o.licence))}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::MarketAmount)}</dt>
                    <dd data-testid="order-amount">{move || format_money(i18n.locale(), &amount)}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::MarketPayment)}</dt>
                    <dd>{i18n.tr(payment_method_key(o.method))}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::MarketOrderedOn)}</dt>
                    <dd><LocalDate at=o.created_at /></dd>
                </div>
                {paid}
                {refunded}
            </dl>
        }
    };

    let next_step = move || {
        let o = current.get();
        match o.status {
            OrderStatus::Pending => view! { <Pending order=o busy cancel check /> }.into_any(),
            OrderStatus::Paid => view! {
                <section class="market-section" aria-labelledby="paid-heading">
                    <h2 id="paid-heading">{i18n.tr(Key::MarketPaidHeading)}</h2>
                    <p class="status-message" role="status">
                        {i18n.tr(Key::MarketPaidNote)} " "
                        <A href="/me/library">{i18n.tr(Key::MarketInYourLibrary)}</A>
                    </p>
                    <TemplateDownloads template_id=o.template_id />
                </section>
            }
            .into_any(),
            OrderStatus::Refunded => view! {
                <p class="notice">{i18n.tr(Key::MarketRefundedNote)}</p>
            }
            .into_any(),
            OrderStatus::Cancelled | OrderStatus::Failed => {
                let note = if o.status == OrderStatus::Failed {
                    Key::MarketFailedNote
                } else {
                    Key::MarketCancelledNote
                };
                view! {
                    <p class="notice">
                        {i18n.tr(note)} " "
                        <A href=format!("/templates/{}", o.template_id)>{i18n.tr(Key::MarketBackToTemplate)}</A>
                    </p>
                }
                .into_any()
            }
        }
    };

    view! {
        <article class="market-order narrow" data-order-id=id>
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/me/library">{i18n.tr(Key::MarketLibraryTitle)}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{move || i18n.fmt(Key::MarketOrderTitle, &[("id", &id.to_string())])}</span>
            </nav>
            <h1>{move || i18n.fmt(Key::MarketOrderTitle, &[("id", &id.to_string())])}</h1>
            {facts}
            {next_step}
            {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            {move || check.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
        </article>
    }
}

/// A pending order: how to pay it, and "cancel".
#[component]
fn Pending(
    order: Order,
    busy: Signal<bool>,
    cancel: Action<(), Result<(), ApiError>>,
    check: Action<(), Result<(), ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let how = match (order.method, order.checkout_url.clone()) {
        (PaymentMethod::Card, Some(url)) => view! {
            <p>{i18n.tr(Key::MarketCheckoutNote)}</p>
            <p><a href=url class="button large" data-testid="checkout">{i18n.tr(Key::MarketContinueToPayment)}</a></p>
        }
        .into_any(),
        (PaymentMethod::Card, None) => view! { <p>{i18n.tr(Key::MarketWaitingForProvider)}</p> }.into_any(),
        (PaymentMethod::BankTransfer, _) => {
            let reference = order.payment_reference.clone().unwrap_or_default();
            let amount = order.amount.clone();
            view! {
                <p>{move || i18n.fmt(Key::MarketTransferAmount, &[("amount", &format_money(i18n.locale(), &amount))])}</p>
                <p class="market-reference">
                    {move || i18n.with_colon(Key::MarketReference)}
                    <code data-testid="payment-reference">{reference}</code>
                </p>
                <p class="hint">{i18n.tr(Key::MarketTransferInstructions)}</p>
            }
            .into_any()
        }
    };
    view! {
        <section class="market-section market-pending" aria-labelledby="pay-heading">
            <h2 id="pay-heading">{i18n.tr(Key::MarketPayHeading)}</h2>
            {how}
            <p class="market-pending-actions">
                <button
                    type="button"
                    class="button secondary"
                    disabled=busy
                    on:click=move |_| {
                        check.dispatch(());
                    }
                >
                    {i18n.tr(Key::MarketCheckAgain)}
                </button>
                <button
                    type="button"
                    class="button danger"
                    data-testid="cancel-order"
                    disabled=busy
                    on:click=move |_| {
                        if browser::confirm(i18n.t(Key::MarketConfirmCancel)) {
                            cancel.dispatch(());
                        }
                    }
                >
                    {i18n.tr(Key::MarketCancelOrder)}
                </button>
            </p>
        </section>
    }
}
