//! Statements: the months a creator has one for (`/me/earnings/statements`,
//! each downloadable as CSV and PDF), one month's statement
//! (`/me/earnings/statements/:month`: opening balance, earnings by source,
//! withholding, payouts, closing balance and every line), and the yearly tax
//! summary (`/me/earnings/tax/:year`, with its PDF).

use atelier_api::{Money, Statement, StatementMonth, TaxSummary};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{
    DownloadButton, EarningLines, EarningsNav, MonthChart, PageError, current_year, money,
    month_label, residency_key, source_key,
};
use crate::api::{self, statement_file_path, tax_summary_pdf_path};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDateTime, NotFound, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

#[component]
pub fn StatementsPage() -> impl IntoView {
    use_title(Key::StatementsTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::StatementsTitle)}</h1>
        <RequireUser>
            <EarningsNav />
            <Statements />
        </RequireUser>
    }
}

/// The years a tax summary can be asked for: this year and every year with a
/// statement, newest first.
pub fn tax_years(months: &[StatementMonth], this_year: i32) -> Vec<i32> {
    let mut years: Vec<i32> = months
        .iter()
        .filter_map(|m| m.month.get(..4)?.parse().ok())
        .chain([this_year])
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[component]
fn Statements() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let months = LocalResource::new(move || api::my_statements(session));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match months.await {
                    Ok(list) => {
                        let years = tax_years(&list, current_year());
                        let table = if list.is_empty() {
                            view! { <EmptyMessage text=Key::StatementsNone action_href="/me/earnings" action_label=Key::EarnNavSummary /> }.into_any()
                        } else {
                            view! { <MonthsTable months=list /> }.into_any()
                        };
                        view! {
                            <section class="section" aria-labelledby="statements-heading">
                                <h2 id="statements-heading">{i18n.tr(Key::StatementsMonthly)}</h2>
                                {table}
                            </section>
                            <TaxYearPicker years />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MonthsTable(months: Vec<StatementMonth>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = months
        .into_iter()
        .map(|m| {
            let month = m.month.clone();
            let label_month = month.clone();
            let (earned, closing) = (m.total_earnings.clone(), m.closing_balance.clone());
            let label = Signal::derive(move || month_label(i18n.locale(), &label_month));
            view! {
                <tr data-testid="statement-month" data-month=month.clone()>
                    <th scope="row">
                        <A href=format!("/me/earnings/statements/{month}")>{label}</A>
                    </th>
                    <td class="num" data-label=i18n.tr(Key::StatementEarnings)>{move || money(i18n, &earned)}</td>
                    <td class="num" data-label=i18n.tr(Key::StatementClosing)>{move || money(i18n, &closing)}</td>
                    <td data-label=i18n.tr(Key::StatementFiles)>
                        <span class="actions">
                            <DownloadButton
                                path=statement_file_path(None, &month, "csv")
                                fallback_name=format!("statement-{month}.csv")
                                label=Signal::derive(move || "CSV".to_owned())
                                aria_label=Signal::derive(move || i18n.fmt(Key::StatementDownloadCsv, &[("month", &label.get())]))
                                small=true
                            />
                            <DownloadButton
                                path=statement_file_path(None, &month, "pdf")
                                fallback_name=format!("statement-{month}.pdf")
                                label=Signal::derive(move || "PDF".to_owned())
                                aria_label=Signal::derive(move || i18n.fmt(Key::StatementDownloadPdf, &[("month", &label.get())]))
                                small=true
                            />
                        </span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack statement-months">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::EarnMonth)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::StatementEarnings)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::StatementClosing)}</th>
                        <th scope="col">{i18n.tr(Key::StatementFiles)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn TaxYearPicker(years: Vec<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let year = RwSignal::new(years.first().copied().unwrap_or_else(current_year));
    view! {
        <section class="section" aria-labelledby="tax-heading">
            <h2 id="tax-heading">{i18n.tr(Key::TaxTitle)}</h2>
            <p class="hint">{i18n.tr(Key::TaxHint)}</p>
            <form
                class="inline fin-inline"
                on:submit=move |ev| {
                    ev.prevent_default();
                    navigate(&format!("/me/earnings/tax/{}", year.get_untracked()), Default::default());
                }
            >
                <label for="tax-year">{i18n.tr(Key::TaxYear)}</label>
                <select
                    id="tax-year"
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() {
                            year.set(y);
                        }
                    }
                >
                    {years
                        .into_iter()
                        .map(|y| view! { <option value=y.to_string() prop:selected=move || year.get() == y>{y}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="button secondary">{i18n.tr(Key::TaxView)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn StatementPage() -> impl IntoView {
    use_title(Key::StatementTitle);
    view! {
        <RequireUser>
            <StatementLoader />
        </RequireUser>
    }
}

#[component]
fn StatementLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let month = Memo::new(move |_| params.with(|p| p.get("month")).unwrap_or_default());
    let statement = LocalResource::new(move || {
        let month = month.get();
        async move { api::my_statement(session, &month).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match statement.await {
                    Ok(s) => view! { <StatementView statement=s creator=None back="/me/earnings/statements".to_owned() back_label=Key::StatementsTitle /> }.into_any(),
                    Err(error) => view! { <PageError error title=Key::StatementTitle /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One month's statement. `creator` is set when finance staff look at someone
/// else's (their PDF comes from the finance path, and there is no CSV).
#[component]
pub fn StatementView(
    statement: Statement,
    creator: Option<i64>,
    /// The breadcrumb's parent page and its name.
    back: String,
    back_label: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = statement;
    let month = s.month.clone();
    let title_month = month.clone();
    let label = Signal::derive(move || month_label(i18n.locale(), &title_month));
    let amount_row = move |key: Key, amount: Money, testid: &'static str, strong: bool| {
        view! {
            <tr class:statement-total=strong>
                <th scope="row">{i18n.tr(key)}</th>
                <td class="num" data-testid=testid>{move || money(i18n, &amount)}</td>
            </tr>
        }
    };
    let by_source = s
        .earnings
        .iter()
        .map(|e| {
            let amount = e.amount.clone();
            view! {
                <tr class="statement-indent">
                    <th scope="row">{i18n.tr(source_key(e.source))}</th>
                    <td class="num">{move || money(i18n, &amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let csv = creator.is_none().then(|| {
        view! {
            <DownloadButton
                path=statement_file_path(None, &month, "csv")
                fallback_name=format!("statement-{month}.csv")
                label=Signal::derive(move || i18n.t(Key::StatementCsv).to_owned())
            />
        }
    });
    let lines = s.lines.clone();
    let has_lines = !lines.is_empty();
    let who = (creator.is_some()).then(|| format!("{} (@{})", s.display_name, s.handle));
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
            <A href=back>{i18n.tr(back_label)}</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{label}</span>
        </nav>
        <h1>{move || i18n.fmt(Key::StatementOf, &[("month", &label.get())])}</h1>
        {who.map(|w| view! { <p class="lead">{w}</p> })}
        <p class="muted">
            {move || i18n.label(Key::StatementGenerated)} <LocalDateTime at=s.generated_at />
        </p>
        <div class="actions statement-downloads">
            {csv}
            <DownloadButton
                path=statement_file_path(creator, &month, "pdf")
                fallback_name=format!("statement-{month}.pdf")
                label=Signal::derive(move || i18n.t(Key::StatementPdf).to_owned())
            />
        </div>
        <section class="section" aria-labelledby="statement-summary-heading">
            <h2 id="statement-summary-heading">{i18n.tr(Key::StatementSummary)}</h2>
            <div class="table-wrap narrow-table">
                <table class="table statement-summary" data-testid="statement-summary">
                    <tbody>
                        {amount_row(Key::StatementOpening, s.opening_balance.clone(), "statement-opening", false)}
                        {by_source}
                        {amount_row(Key::StatementEarnings, s.total_earnings.clone(), "statement-earnings", false)}
                        {amount_row(Key::StatementWithholding, s.withholding.clone(), "statement-withholding", false)}
                        {amount_row(Key::StatementPayouts, s.payouts.clone(), "statement-payouts", false)}
                        {amount_row(Key::StatementClosing, s.closing_balance.clone(), "statement-closing", true)}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="section" aria-labelledby="statement-lines-heading">
            <h2 id="statement-lines-heading">{i18n.tr(Key::StatementLines)}</h2>
            {if has_lines {
                view! { <EarningLines lines=Signal::derive(move || lines.clone()) /> }.into_any()
            } else {
                view! { <p class="muted">{i18n.tr(Key::StatementNoLines)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn TaxSummaryPage() -> impl IntoView {
    use_title(Key::TaxTitle);
    view! {
        <RequireUser>
            <TaxLoader />
        </RequireUser>
    }
}

#[component]
fn TaxLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let year = Memo::new(move |_| {
        params
            .with(|p| p.get("year"))
            .and_then(|y| y.parse::<i32>().ok())
    });
    let summary = LocalResource::new(move || {
        let year = year.get();
        async move {
            match year {
                Some(y) => Some(api::my_tax_summary(session, y).await),
                None => None,
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Some(Ok(t)) => view! { <TaxSummaryView summary=t /> }.into_any(),
                    Some(Err(error)) => view! { <PageError error title=Key::TaxTitle /> }.into_any(),
                    None => view! { <NotFound /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TaxSummaryView(summary: TaxSummary) -> impl IntoView {
    let i18n = use_i18n();
    let t = summary;
    let year = t.year;
    let row = move |key: Key, amount: Money, strong: bool| {
        view! {
            <tr class:statement-total=strong>
                <th scope="row">{i18n.tr(key)}</th>
                <td class="num">{move || money(i18n, &amount)}</td>
            </tr>
        }
    };
    let by_source = t
        .earnings
        .iter()
        .map(|e| {
            let amount = e.amount.clone();
            view! {
                <tr class="statement-indent">
                    <th scope="row">{i18n.tr(source_key(e.source))}</th>
                    <td class="num">{move || money(i18n, &amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let residency = t.residency;
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
            <A href="/me/earnings/statements">{i18n.tr(Key::StatementsTitle)}</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{year}</span>
        </nav>
        <h1>{move || i18n.fmt_args(Key::TaxOf, &[("year", year.to_string().into())])}</h1>
        <p class="lead">{format!("{} (@{})", t.display_name, t.handle)}</p>
        <p>
            {move || i18n.label(Key::PayoutResidency)}
            {move || residency.map(|r| i18n.t(residency_key(r))).unwrap_or_else(|| i18n.t(Key::TaxNoResidency))}
        </p>
        <div class="actions">
            <DownloadButton
                path=tax_summary_pdf_path(year)
                fallback_name=format!("tax-summary-{year}.pdf")
                label=Signal::derive(move || i18n.t(Key::StatementPdf).to_owned())
                aria_label=Signal::derive(move || i18n.fmt_args(Key::TaxDownloadPdf, &[("year", year.to_string().into())]))
            />
        </div>
        <section class="section" aria-labelledby="tax-totals-heading">
            <h2 id="tax-totals-heading">{i18n.tr(Key::TaxTotals)}</h2>
            <div class="table-wrap narrow-table">
                <table class="table statement-summary" data-testid="tax-summary">
                    <tbody>
                        {by_source}
                        {row(Key::StatementEarnings, t.total_earnings.clone(), true)}
                        {row(Key::TaxGrossPayouts, t.gross_payouts.clone(), false)}
                        {row(Key::StatementWithholding, t.withholding.clone(), false)}
                        {row(Key::TaxNetPayouts, t.net_payouts.clone(), true)}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="section" aria-labelledby="tax-months-heading">
            <h2 id="tax-months-heading">{i18n.tr(Key::EarnByMonth)}</h2>
            <MonthChart months=t.months.clone() caption=Key::TaxByMonthCaption />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: &str) -> StatementMonth {
        let zero = Money {
            amount_minor: 0,
            currency: "TWD".into(),
        };
        StatementMonth {
            month: m.into(),
            total_earnings: zero.clone(),
            closing_balance: zero,
        }
    }

    #[test]
    fn tax_years_are_this_year_and_every_year_with_a_statement() {
        let months = [month("2026-02"), month("2025-12"), month("2025-11")];
        assert_eq!(tax_years(&months, 2026), [2026, 2025]);
        assert_eq!(tax_years(&[], 2027), [2027]);
    }
}
