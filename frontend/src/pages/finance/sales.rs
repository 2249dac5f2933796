//! `/finance/sales`: records product sales from a CSV file (pasted or
//! chosen; sent as `text/csv`), then shows what each line did, or, when the
//! file has bad lines (422 `invalid_sales`), every bad line so the file can be
//! fixed in one go (nothing was recorded).

use atelier_api::{SalesImportErrors, SalesImportResult};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::RequireFinance;
use crate::api::{self, ApiError, ImportError};
use crate::components::ErrorBox;
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::earnings::{money, month_label};
use crate::session::use_session;

/// The first line of a sales file.
const HEADER: &str = "product_code,period,units,net_sales,currency";

#[component]
pub fn SalesImportPage() -> impl IntoView {
    use_title(Key::FinSalesTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinSalesTitle)}</h1>
        <RequireFinance>
            <SalesImport />
        </RequireFinance>
    }
}

pub fn outcome_key(outcome: &str) -> Option<Key> {
    match outcome {
        "posted" => Some(Key::FinOutcomePosted),
        "unchanged" => Some(Key::FinOutcomeUnchanged),
        "corrected" => Some(Key::FinOutcomeCorrected),
        _ => None,
    }
}

pub fn line_error_key(code: &str) -> Option<Key> {
    Some(match code {
        "unknown_product" => Key::FinLineUnknownProduct,
        "invalid_period" => Key::FinLineInvalidPeriod,
        "invalid_amount" => Key::FinLineInvalidAmount,
        "currency_mismatch" => Key::FinLineCurrencyMismatch,
        "duplicate_line" => Key::FinLineDuplicate,
        "missing_field" => Key::FinLineMissingField,
        "outside_term" => Key::FinLineOutsideTerm,
        "no_agreement" => Key::FinLineNoAgreement,
        "extra_field" => Key::FinLineExtraField,
        _ => return None,
    })
}

/// A name for pasted text, or the chosen file's.
fn file_name(chosen: Option<String>) -> String {
    chosen
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "pasted-sales.csv".to_owned())
}

#[component]
fn SalesImport() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let csv = RwSignal::new(format!("{HEADER}\n"));
    let chosen = RwSignal::new(None::<String>);
    let read_error = RwSignal::new(None::<ApiError>);
    let outcome = RwSignal::new(None::<Result<SalesImportResult, ImportError>>);
    let busy = RwSignal::new(false);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        read_error.set(None);
        let name = file.name();
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    csv.try_set(text.as_string().unwrap_or_default());
                    chosen.try_set(Some(name));
                }
                Err(e) => {
                    read_error.try_set(Some(ApiError::network(format!("{e:?}"))));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = csv.get_untracked();
        let name = file_name(chosen.get_untracked());
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = api::import_sales_csv(session, &name, &text).await;
            outcome.try_set(Some(result));
            busy.try_set(false);
        });
    };
    view! {
        <form class="form card sales-form" on:submit=submit>
            <p class="hint" id="sales-format">
                {i18n.tr(Key::FinSalesFormat)} " " <code>{HEADER}</code>
            </p>
            <div class="field">
                <label for="sales-file">{i18n.tr(Key::FinSalesFile)}</label>
                <input id="sales-file" type="file" accept=".csv,text/csv" on:change=on_file />
            </div>
            <div class="field">
                <label for="sales-csv">{i18n.tr(Key::FinSalesPaste)}</label>
                <textarea
                    id="sales-csv"
                    class="mono"
                    rows="8"
                    wrap="off"
                    spellcheck="false"
                    aria-describedby="sales-format"
                    prop:value=move || csv.get()
                    on:input=move |ev| {
                        csv.set(event_target_value(&ev));
                        chosen.set(None);
                    }
                ></textarea>
            </div>
            {move || read_error.get().map(|error| view! { <ErrorBox error /> })}
            <button type="submit" class="button" disabled=move || busy.get()>{i18n.tr(Key::FinSalesImport)}</button>
        </form>
        {move || match outcome.get() {
            Some(Ok(result)) => view! { <Outcomes result /> }.into_any(),
            Some(Err(ImportError::Lines(errors))) => view! { <BadLines errors /> }.into_any(),
            Some(Err(ImportError::Api(error))) => view! { <ErrorBox error /> }.into_any(),
            None => ().into_any(),
        }}
    }
}

#[component]
fn Outcomes(result: SalesImportResult) -> impl IntoView {
    let i18n = use_i18n();
    let count = result.lines.len() as u64;
    let rows = result
        .lines
        .into_iter()
        .map(|l| {
            let royalties = l.royalties.clone();
            let outcome = l.outcome.clone();
            let period = l.period.clone();
            view! {
                <tr data-testid="sales-outcome">
                    <td data-label=i18n.tr(Key::FinLine)>{l.line}</td>
                    <th scope="row"><code>{l.product_code.clone()}</code></th>
                    <td data-label=i18n.tr(Key::FinPeriod)>{move || month_label(i18n.locale(), &period)}</td>
                    <td data-label=i18n.tr(Key::FinOutcome)>
                        {move || outcome_key(&outcome).map(|k| i18n.t(k).to_owned()).unwrap_or_else(|| outcome.clone())}
                    </td>
                    <td class="num" data-label=i18n.tr(Key::FinRevision)>{l.revision}</td>
                    <td class="num" data-label=i18n.tr(Key::FinRoyalties)>{move || money(i18n, &royalties)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="sales-result-heading" data-testid="sales-result">
            <h2 id="sales-result-heading">{i18n.tr(Key::FinSalesRecorded)}</h2>
            <p role="status">{move || i18n.count(Key::FinSalesLines, count)}</p>
            <div class="table-wrap">
                <table class="table stack">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::FinLine)}</th>
                            <th scope="col">{i18n.tr(Key::FinCode)}</th>
                            <th scope="col">{i18n.tr(Key::FinPeriod)}</th>
                            <th scope="col">{i18n.tr(Key::FinOutcome)}</th>
                            <th scope="col" class="num">{i18n.tr(Key::FinRevision)}</th>
                            <th scope="col" class="num">{i18n.tr(Key::FinRoyalties)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn BadLines(errors: SalesImportErrors) -> impl IntoView {
    let i18n = use_i18n();
    let count = errors.lines.len() as u64;
    let rows = errors
        .lines
        .into_iter()
        .map(|l| {
            let code = l.code.clone();
            let message = l.message.clone();
            view! {
                <tr data-testid="sales-bad-line">
                    <th scope="row">{move || i18n.fmt_args(Key::FinLineN, &[("n", l.line.into())])}</th>
                    <td data-label=i18n.tr(Key::FinField)><code>{l.field.clone()}</code></td>
                    <td data-label=i18n.tr(Key::FinProblem)>
                        {move || line_error_key(&code).map(|k| i18n.t(k).to_owned()).unwrap_or_else(|| message.clone())}
                        <br />
                        <code class="muted">{l.code.clone()}</code>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="sales-bad-heading" data-testid="sales-bad-lines">
            <h2 id="sales-bad-heading">{i18n.tr(Key::FinSalesRejected)}</h2>
            <div class="error-box" role="alert" data-error-code="invalid_sales">
                <p class="error-message">{move || i18n.count(Key::FinSalesBadCount, count)}</p>
            </div>
            <div class="table-wrap">
                <table class="table stack">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::FinLine)}</th>
                            <th scope="col">{i18n.tr(Key::FinField)}</th>
                            <th scope="col">{i18n.tr(Key::FinProblem)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_gets_a_name() {
        assert_eq!(file_name(None), "pasted-sales.csv");
        assert_eq!(file_name(Some(" nov.csv ".into())), "nov.csv");
        assert_eq!(file_name(Some(String::new())), "pasted-sales.csv");
        assert_eq!(outcome_key("corrected"), Some(Key::FinOutcomeCorrected));
        assert_eq!(
            line_error_key("outside_term"),
            Some(Key::FinLineOutsideTerm)
        );
        assert_eq!(line_error_key("weird"), None);
    }
}
