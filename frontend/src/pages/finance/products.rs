//! Co-created products that earn royalties: the list at `/finance/products`
//! with the form that creates one with its agreement, and a product's page
//! (`/finance/products/:id`) with the agreement in force and the form that
//! replaces it.

use atelier_api::{Agreement, AgreementInput, Product, ProductInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::RequireFinance;
use super::agreement::{
    AgreementDraft, AgreementEditor, AgreementFields, AgreementSummary, DraftError, DraftProblem,
    percent_text,
};
use crate::api::{self, ApiError};
use crate::components::{EmptyMessage, ErrorBox, Field, Loading, LocalDate};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::earnings::{PageError, money};
use crate::session::use_session;

/// The creators' share a new product's form starts with.
const DEFAULT_ROYALTY_BP: i32 = 1_000;

#[component]
pub fn ProductsPage() -> impl IntoView {
    use_title(Key::FinProductsTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinProductsTitle)}</h1>
        <RequireFinance>
            <Products />
            <NewProduct />
        </RequireFinance>
    }
}

#[component]
fn Products() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let products = LocalResource::new(move || api::products(session));
    view! {
        <section class="section" aria-labelledby="products-heading">
            <h2 id="products-heading">{i18n.tr(Key::FinProducts)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::FinNoProducts /> }.into_any(),
                        Ok(list) => view! { <ProductsTable products=list /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductsTable(products: Vec<Product>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = products
        .into_iter()
        .map(|p| {
            let royalties = p.royalties.clone();
            let share = p
                .agreement
                .as_ref()
                .map(|a| percent_text(a.share_bp))
                .unwrap_or_else(|| "—".to_owned());
            let name = p.name.clone();
            let zh = p.name_zh.clone();
            view! {
                <tr data-testid="product-row">
                    <th scope="row">
                        <A href=format!("/finance/products/{}", p.id)>{name}</A>
                        {zh.map(|z| view! { <br /> <span class="muted" lang="zh-TW">{z}</span> })}
                    </th>
                    <td data-label=i18n.tr(Key::FinCode)><code>{p.code.clone()}</code></td>
                    <td class="num" data-label=i18n.tr(Key::FinShare)>{share}</td>
                    <td class="num" data-label=i18n.tr(Key::FinRoyalties)>{move || money(i18n, &royalties)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="products">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::FinProductName)}</th>
                        <th scope="col">{i18n.tr(Key::FinCode)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::FinShare)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::FinRoyalties)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The field of the product form a server error is about; `None` for the
/// agreement's errors and the rest (shown above the button).
pub fn product_error_field(code: &str) -> Option<&'static str> {
    Some(match code {
        "code_taken" | "invalid_product_code" => "code",
        "invalid_product_name" => "name",
        "invalid_currency" => "currency",
        "unknown_challenge" => "challenge",
        "unknown_submission" => "submission",
        _ => return None,
    })
}

/// An optional id field's value.
fn opt_id(text: &str) -> Result<Option<i64>, ()> {
    let t = text.trim();
    if t.is_empty() {
        Ok(None)
    } else {
        t.parse::<i64>().map(Some).map_err(|_| ())
    }
}

#[component]
fn NewProduct() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let currency = RwSignal::new("TWD".to_owned());
    let challenge_id = RwSignal::new(String::new());
    let submission_id = RwSignal::new(String::new());
    let draft = AgreementDraft::new(None, DEFAULT_ROYALTY_BP);
    let problem = RwSignal::new(None::<DraftError>);
    let field_error = RwSignal::new(None::<ApiError>);
    let create = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let agreement = match draft.to_input(session).await {
                Ok(a) => a,
                Err(e) => {
                    problem.set(Some(e));
                    return;
                }
            };
            let (Ok(challenge_id), Ok(submission_id)) = (
                opt_id(&challenge_id.get_untracked()),
                opt_id(&submission_id.get_untracked()),
            ) else {
                problem.set(Some(DraftError::Local(Key::FinIdInvalid)));
                return;
            };
            let zh = name_zh.get_untracked().trim().to_owned();
            let cur = currency.get_untracked().trim().to_uppercase();
            let input = ProductInput {
                code: code.get_untracked().trim().to_uppercase(),
                name: name.get_untracked().trim().to_owned(),
                name_zh: (!zh.is_empty()).then_some(zh),
                challenge_id,
                submission_id,
                currency: (!cur.is_empty()).then_some(cur),
                agreement,
            };
            match api::create_product(session, &input).await {
                Ok(p) => navigate(&format!("/finance/products/{}", p.id), Default::default()),
                Err(e) if product_error_field(&e.code).is_some() => field_error.set(Some(e)),
                Err(e) => problem.set(Some(DraftError::Api(e))),
            }
        }
    });
    let pending = create.pending();
    let message = move |field: &'static str| {
        Signal::derive(move || {
            field_error.with(|e| {
                e.as_ref()
                    .filter(|e| product_error_field(&e.code) == Some(field))
                    .map(|e| e.text(i18n.locale()))
            })
        })
    };
    view! {
        <section class="section" aria-labelledby="new-product-heading">
            <h2 id="new-product-heading">{i18n.tr(Key::FinNewProduct)}</h2>
            <form
                class="form card"
                on:submit=move |ev| {
                    ev.prevent_default();
                    problem.set(None);
                    field_error.set(None);
                    create.dispatch(());
                }
            >
                <div class="field-row">
                    <Field id="product-code" label=Key::FinCode error=message("code")
                        hint=Signal::derive(move || i18n.t(Key::FinCodeHint).to_owned())>
                        <input id="product-code" type="text" required pattern="[A-Za-z0-9-]{1,40}" maxlength="40" autocapitalize="characters" spellcheck="false" bind:value=code />
                    </Field>
                    <Field id="product-currency" label=Key::FinCurrency error=message("currency")>
                        <input id="product-currency" type="text" pattern="[A-Za-z]{3}" maxlength="3" bind:value=currency />
                    </Field>
                </div>
                <div class="field-row">
                    <Field id="product-name" label=Key::FinProductName error=message("name")>
                        <input id="product-name" type="text" required maxlength="200" bind:value=name />
                    </Field>
                    <Field id="product-name-zh" label=Key::FinProductNameZh>
                        <input id="product-name-zh" type="text" lang="zh-TW" maxlength="200" bind:value=name_zh />
                    </Field>
                </div>
                <div class="field-row">
                    <Field id="product-challenge" label=Key::FinChallengeId error=message("challenge")>
                        <input id="product-challenge" type="text" inputmode="numeric" pattern="[0-9]*" bind:value=challenge_id />
                    </Field>
                    <Field id="product-submission" label=Key::FinSubmissionId error=message("submission")>
                        <input id="product-submission" type="text" inputmode="numeric" pattern="[0-9]*" bind:value=submission_id />
                    </Field>
                </div>
                <AgreementFields draft id_prefix="product-agreement" />
                {move || problem.get().map(|error| view! { <DraftProblem error /> })}
                <button type="submit" class="button" disabled=pending>{i18n.tr(Key::FinCreateProduct)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    use_title(Key::FinProductTitle);
    view! {
        <RequireFinance>
            <ProductLoader />
        </RequireFinance>
    }
}

#[component]
fn ProductLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let product = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::product(session, id).await,
                None => Err(ApiError::from_response(404, "")),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => view! { <ProductView product=p /> }.into_any(),
                    Err(error) => view! { <PageError error title=Key::FinProductTitle /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProductView(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let p = product;
    let id = p.id;
    let agreement = RwSignal::new(p.agreement.clone());
    let royalties = p.royalties.clone();
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
            <A href="/finance/products">{i18n.tr(Key::FinProductsTitle)}</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{p.code.clone()}</span>
        </nav>
        <h1>{p.name.clone()}</h1>
        {p.name_zh.clone().map(|z| view! { <p class="lead" lang="zh-TW">{z}</p> })}
        <dl class="fin-dl card">
            <div><dt>{i18n.tr(Key::FinCode)}</dt><dd><code>{p.code.clone()}</code></dd></div>
            <div><dt>{i18n.tr(Key::FinCurrency)}</dt><dd>{p.currency.clone()}</dd></div>
            <div><dt>{i18n.tr(Key::FinRoyalties)}</dt><dd data-testid="product-royalties">{move || money(i18n, &royalties)}</dd></div>
            {p.challenge_id.map(|c| view! { <div><dt>{i18n.tr(Key::FinChallengeId)}</dt><dd>{c}</dd></div> })}
            {p.submission_id.map(|s| view! { <div><dt>{i18n.tr(Key::FinSubmissionId)}</dt><dd><A href=format!("/entries/{s}")>{s}</A></dd></div> })}
            <div><dt>{i18n.tr(Key::FinCreated)}</dt><dd><LocalDate at=p.created_at /></dd></div>
        </dl>
        <section class="section" aria-labelledby="product-agreement-heading">
            <h2 id="product-agreement-heading">{i18n.tr(Key::FinCurrentAgreement)}</h2>
            {move || match agreement.get() {
                Some(a) => view! { <AgreementSummary agreement=a /> }.into_any(),
                None => view! { <p class="muted">{i18n.tr(Key::FinNoAgreement)}</p> }.into_any(),
            }}
        </section>
        <AgreementEditor
            initial=p.agreement.clone()
            default_share_bp=DEFAULT_ROYALTY_BP
            id_prefix="product-agreement"
            save=move |input: AgreementInput| async move { api::set_product_agreement(session, id, &input).await }
            on_saved=Callback::new(move |a: Agreement| agreement.set(Some(a)))
        />
        <p><A href="/finance/sales">{i18n.tr(Key::FinImportSalesLink)}</A></p>
    }
}

#[cfg(test)]
mod tests {
    use super::{opt_id, product_error_field};

    #[test]
    fn optional_ids_are_blank_or_numbers() {
        assert_eq!(product_error_field("code_taken"), Some("code"));
        assert_eq!(
            product_error_field("unknown_submission"),
            Some("submission")
        );
        assert_eq!(product_error_field("invalid_share"), None);
        assert_eq!(opt_id(""), Ok(None));
        assert_eq!(opt_id(" 12 "), Ok(Some(12)));
        assert_eq!(opt_id("x"), Err(()));
    }
}
