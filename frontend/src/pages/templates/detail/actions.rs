//! Getting a template: "Get it free" (a licence at once), "Buy" (an order, by card or
//! bank transfer, then its checkout page), and the download buttons for those who may
//! download (a short-lived link, then the browser fetches the file from it).

use atelier_api::{PaymentMethod, TemplateDetail, TemplateFile};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, ApiError, encode_component};
use crate::browser;
use crate::components::{ErrorBox, Loading};
use crate::i18n::{Key, use_i18n};
use crate::pages::templates::labels::{format_money, payment_method_key};
use crate::session::use_session;

/// A fresh idempotency key for an order: `crypto.randomUUID()`, or where the browser
/// lacks it (an insecure context) 32 random hex digits. It only has to be unique to
/// this buyer, not secret.
pub fn new_idempotency_key() -> String {
    let uuid = || -> Option<String> {
        let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
        let random_uuid = js_sys::Reflect::get(&crypto, &JsValue::from_str("randomUUID"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        random_uuid.call0(&crypto).ok()?.as_string()
    };
    uuid().unwrap_or_else(|| browser::random_hex(32))
}

/// Makes the browser fetch `url` as a download named `file_name` (the server's
/// `Content-Disposition` may name it better). The page stays where it is.
pub fn start_download(url: &str, file_name: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("{e:?}");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(url);
    // `download` also keeps the app's router from treating the click as navigation.
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    body.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Downloads one source file: asks for a link, then hands it to the browser.
#[component]
pub fn DownloadButton(template_id: i64, file: TemplateFile) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let file_id = file.id;
    let name = StoredValue::new(file.file_name.clone());
    let download = Action::new_local(move |_: &()| async move {
        let link = api::file_link(session, template_id, file_id).await?;
        start_download(&link.url, &name.get_value()).map_err(ApiError::network)
    });
    let busy = download.pending();
    view! {
        <button
            type="button"
            class="button small"
            data-testid="download-file"
            aria-label=move || name.with_value(|n| i18n.fmt(Key::MarketDownloadNamed, &[("name", n)]))
            disabled=busy
            on:click=move |_| {
                download.dispatch(());
            }
        >
            {move || if busy.get() { i18n.t(Key::Downloading) } else { i18n.t(Key::MarketDownload) }}
        </button>
        {move || download.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
    }
}

/// What the viewer can do to get the template: hold it already, log in, take it free,
/// or buy it.
#[component]
pub fn GetTemplate(current: RwSignal<TemplateDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = current.with_untracked(|d| d.card.id);
    let login_href = format!(
        "/login?next={}",
        encode_component(&format!("/templates/{id}"))
    );
    move || {
        let (can_download, holds, free) = current.with(|d| {
            (
                d.can_download,
                d.my_licence.is_some(),
                d.card.price.amount_minor == 0,
            )
        });
        if can_download {
            let note = if holds {
                Key::MarketYouHoldIt
            } else {
                Key::MarketYouMayDownload
            };
            view! {
                <div class="notice market-holder" data-testid="holder-note">
                    <p>{i18n.tr(note)}</p>
                    <p>
                        <a href="#files">{i18n.tr(Key::MarketToTheFiles)}</a>
                        {holds.then(|| view! { " · " <A href="/me/library">{i18n.tr(Key::MarketInYourLibrary)}</A> })}
                    </p>
                </div>
            }
            .into_any()
        } else if session.user_id().is_none() {
            view! {
                <div class="market-get">
                    <p>{i18n.tr(if free { Key::MarketLogInToGet } else { Key::MarketLogInToBuy })}</p>
                    <p><A href=login_href.clone() attr:class="button">{i18n.tr(Key::LogIn)}</A></p>
                </div>
            }
            .into_any()
        } else if free {
            view! { <GetFree current /> }.into_any()
        } else {
            view! { <Buy current /> }.into_any()
        }
    }
}

#[component]
fn GetFree(current: RwSignal<TemplateDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = current.with_untracked(|d| d.card.id);
    let take = Action::new_local(move |_: &()| async move {
        api::take_free_licence(session, id).await?;
        // The page now shows the files with their download buttons.
        let detail = api::template(session, id).await?;
        current.set(detail);
        Ok::<(), ApiError>(())
    });
    let busy = take.pending();
    view! {
        <div class="market-get">
            <p>
                <button
                    type="button"
                    class="button large"
                    data-testid="get-free"
                    disabled=busy
                    on:click=move |_| {
                        take.dispatch(());
                    }
                >
                    {i18n.tr(Key::MarketGetFree)}
                </button>
            </p>
            <p class="hint">{i18n.tr(Key::MarketGetFreeHint)}</p>
            {move || take.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
        </div>
    }
}

#[component]
fn Buy(current: RwSignal<TemplateDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let (id, price) = current.with_untracked(|d| (d.card.id, d.card.price.clone()));
    let method = RwSignal::new(PaymentMethod::Card);
    // One key per purchase: pressing "Buy" again (after a lost answer, say) sends the
    // same key, so the server answers with the same order instead of a second one.
    let key = StoredValue::new(None::<(PaymentMethod, String)>);
    let buy = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        let chosen = method.get_untracked();
        let idempotency_key = match key.get_value() {
            Some((m, k)) if m == chosen => k,
            _ => {
                let k = new_idempotency_key();
                key.set_value(Some((chosen, k.clone())));
                k
            }
        };
        async move {
            let order = api::create_order(session, id, &idempotency_key, chosen).await?;
            navigate(&format!("/orders/{}", order.id), Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let busy = buy.pending();
    let option = move |value: PaymentMethod, hint: Key| {
        let input_id = format!("pay-{}", payment_method_value(value));
        let hint_id = format!("{input_id}-hint");
        view! {
            <div class="market-method">
                <input
                    type="radio"
                    name="payment-method"
                    id=input_id.clone()
                    value=payment_method_value(value)
                    aria-describedby=hint_id.clone()
                    prop:checked=move || method.get() == value
                    on:change=move |_| method.set(value)
                />
                <label for=input_id>{i18n.tr(payment_method_key(value))}</label>
                <p class="hint" id=hint_id>{i18n.tr(hint)}</p>
            </div>
        }
    };
    view! {
        <form
            class="market-get market-buy"
            on:submit=move |ev| {
                ev.prevent_default();
                buy.dispatch(());
            }
        >
            <fieldset>
                <legend>{i18n.tr(Key::MarketHowToPay)}</legend>
                {option(PaymentMethod::Card, Key::MarketMethodCardHint)}
                {option(PaymentMethod::BankTransfer, Key::MarketMethodBankTransferHint)}
            </fieldset>
            <p>
                <button type="submit" class="button large" data-testid="buy" disabled=busy>
                    {move || i18n.fmt(Key::MarketBuyFor, &[("price", &format_money(i18n.locale(), &price))])}
                </button>
            </p>
            {move || buy.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
        </form>
    }
}

fn payment_method_value(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Card => "card",
        PaymentMethod::BankTransfer => "bank_transfer",
    }
}

/// A template's source files with their download buttons, loaded on its own (for the
/// receipt and the library, which know only the template's id).
#[component]
pub fn TemplateDownloads(template_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let detail = LocalResource::new(move || api::template(session, template_id));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) if detail.can_download => {
                        let editor = detail.editor_url.clone().map(|url| view! {
                            <li class="market-file">
                                <a href=url class="button secondary small" target="_blank" rel="noopener noreferrer">
                                    {i18n.tr(Key::MarketOpenEditor)}
                                </a>
                            </li>
                        });
                        if detail.files.is_empty() && editor.is_none() {
                            return view! { <p class="muted">{i18n.tr(Key::MarketNoFiles)}</p> }.into_any();
                        }
                        view! {
                            <ul class="market-files" role="list" data-testid="template-files">
                                {detail
                                    .files
                                    .into_iter()
                                    .map(|file| view! {
                                        <li class="market-file">
                                            <span class="market-file-name">{file.file_name.clone()}</span>
                                            <span class="badge">{file.format.as_str().to_uppercase()}</span>
                                            <span class="market-file-action"><DownloadButton template_id file /></span>
                                        </li>
                                    })
                                    .collect_view()}
                                {editor}
                            </ul>
                        }
                        .into_any()
                    }
                    Ok(_) => view! { <p class="muted">{i18n.tr(Key::MarketNoDownloadNow)}</p> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
