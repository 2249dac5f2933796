//! `/finance`: the platform's figures (revenue, what it owes creators, held
//! by payouts, tax withheld, royalties, prizes), sales by month, the
//! reconciliation report (its overall status first), every account's balance,
//! and the creators with what they are owed.

use atelier_api::{AccountBalance, FinanceOverview, Money, Reconciliation};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{RequireFinance, account_kind_key, check_key};
use crate::api::{self, statement_file_path};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDateTime};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::earnings::{
    DownloadButton, Figure, MonthChart, money, month_label, previous_month,
};
use crate::session::use_session;

#[component]
pub fn FinanceOverviewPage() -> impl IntoView {
    use_title(Key::FinTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinTitle)}</h1>
        <RequireFinance>
            <Overview />
            <ReconciliationReport />
            <Creators />
            <TemplateAgreementJump />
        </RequireFinance>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let session = use_session();
    let overview = LocalResource::new(move || api::finance_overview(session));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <OverviewView overview=o /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OverviewView(overview: FinanceOverview) -> impl IntoView {
    let i18n = use_i18n();
    let o = overview;
    let figure = move |label: Key, amount: Money, testid: &'static str| {
        view! { <Figure label value=Signal::derive(move || money(i18n, &amount)) testid /> }
    };
    let queue = o.payout_queue;
    view! {
        <section class="section" aria-labelledby="fin-figures-heading">
            <h2 id="fin-figures-heading">{i18n.tr(Key::FinFigures)}</h2>
            <ul class="fin-figures" role="list">
                {figure(Key::FinPlatformRevenue, o.platform_revenue.clone(), "fin-revenue")}
                {figure(Key::FinLiabilities, o.creator_liabilities.clone(), "fin-liabilities")}
                {figure(Key::EarnPendingPayouts, o.pending_payouts.clone(), "fin-pending")}
                {figure(Key::FinTaxWithheld, o.tax_withheld.clone(), "fin-tax")}
                {figure(Key::FinRoyalties, o.royalties_posted.clone(), "fin-royalties")}
                {figure(Key::FinPrizes, o.prizes_posted.clone(), "fin-prizes")}
            </ul>
            <p>
                <A href="/finance/payouts">
                    {move || i18n.count(Key::FinQueueCount, u64::from(queue))}
                </A>
            </p>
        </section>
        <section class="section" aria-labelledby="fin-sales-heading">
            <h2 id="fin-sales-heading">{i18n.tr(Key::FinSalesByMonth)}</h2>
            {if o.sales_by_month.is_empty() {
                view! { <p class="muted">{i18n.tr(Key::FinNoSales)}</p> }.into_any()
            } else {
                view! { <MonthChart months=o.sales_by_month.clone() caption=Key::FinSalesCaption testid="fin-sales-chart" /> }.into_any()
            }}
        </section>
        <section class="section" aria-labelledby="fin-accounts-heading">
            <h2 id="fin-accounts-heading">{i18n.tr(Key::FinAccounts)}</h2>
            <p class="hint">{i18n.tr(Key::FinAccountsHint)}</p>
            <AccountsTable accounts=o.accounts.clone() />
        </section>
    }
}

#[component]
fn AccountsTable(accounts: Vec<AccountBalance>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = accounts
        .into_iter()
        .map(|a| {
            let (posted, pending) = (a.posted.clone(), a.pending.clone());
            let owner = a.owner_handle.clone().map(|h| format!(" @{h}"));
            view! {
                <tr>
                    <th scope="row">{i18n.tr(account_kind_key(a.kind))}{owner}</th>
                    <td data-label=i18n.tr(Key::FinCurrency)>{a.currency.clone()}</td>
                    <td class="num" data-label=i18n.tr(Key::FinPosted)>{move || money(i18n, &posted)}</td>
                    <td class="num" data-label=i18n.tr(Key::FinHeld)>{move || money(i18n, &pending)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="fin-accounts">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::FinAccount)}</th>
                        <th scope="col">{i18n.tr(Key::FinCurrency)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::FinPosted)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::FinHeld)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ReconciliationReport() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let report = LocalResource::new(move || api::reconciliation(session));
    view! {
        <section class="section" aria-labelledby="fin-recon-heading">
            <div class="section-heading">
                <h2 id="fin-recon-heading">{i18n.tr(Key::FinReconciliation)}</h2>
                <button type="button" class="button secondary small" on:click=move |_| report.refetch()>
                    {i18n.tr(Key::FinCheckAgain)}
                </button>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReconciliationView report=r /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReconciliationView(report: Reconciliation) -> impl IntoView {
    let i18n = use_i18n();
    let r = report;
    let ok = r.ok;
    let sums = r.totals.clone();
    let totals = move || {
        sums.iter()
            .map(|m| money(i18n, m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let checks = r
        .checks
        .into_iter()
        .map(|c| {
            let name = c.name.clone();
            let label = move || check_key(&name).map(|k| i18n.t(k).to_owned()).unwrap_or_else(|| name.clone());
            let ok = c.ok;
            view! {
                <li class="recon-check" class:recon-failed=!ok data-testid="recon-check" data-ok=ok.to_string()>
                    <span class=if ok { "badge recon-badge recon-ok" } else { "badge recon-badge recon-bad" }>
                        {move || if ok { i18n.t(Key::FinCheckOk) } else { i18n.t(Key::FinCheckFailed) }}
                    </span>
                    <span class="recon-name">{label}</span>
                    <span class="recon-detail muted">{c.detail.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div
            class=if ok { "recon-status recon-status-ok" } else { "recon-status recon-status-bad" }
            role="status"
            data-testid="recon-status"
            data-ok=ok.to_string()
        >
            <p class="recon-verdict">
                <span aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span>
                {move || if ok { i18n.t(Key::FinBalanced) } else { i18n.t(Key::FinNotBalanced) }}
            </p>
            <p class="muted">
                {move || i18n.fmt_args(
                    Key::FinReconCounts,
                    &[("transfers", r.transfers.into()), ("lines", r.lines.into())],
                )}
                " · "
                {move || i18n.label(Key::FinReconTotals)}
                {totals}
                " · "
                <LocalDateTime at=r.checked_at />
            </p>
        </div>
        <ul class="recon-checks" role="list">{checks}</ul>
    }
}

#[component]
fn Creators() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let creators = LocalResource::new(move || api::finance_creators(session));
    let month = previous_month();
    view! {
        <section class="section" aria-labelledby="fin-creators-heading">
            <h2 id="fin-creators-heading">{i18n.tr(Key::FinCreators)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    let month = month.clone();
                    Suspend::new(async move {
                        match creators.await {
                            Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::FinNoCreators /> }.into_any(),
                            Ok(list) => view! { <CreatorsTable creators=list month /> }.into_any(),
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// What a creator is owed: their payable account's credit balance, shown positive.
pub fn owed(posted: &Money) -> Money {
    Money {
        amount_minor: -posted.amount_minor,
        currency: posted.currency.clone(),
    }
}

#[component]
fn CreatorsTable(creators: Vec<AccountBalance>, month: String) -> impl IntoView {
    let i18n = use_i18n();
    let month_text = month.clone();
    let month_name = Signal::derive(move || month_label(i18n.locale(), &month_text));
    let rows = creators
        .into_iter()
        .map(|a| {
            let id = a.owner_id;
            let handle = a.owner_handle.clone().unwrap_or_else(|| format!("#{id}"));
            let shown = if a.owner_handle.is_some() {
                format!("@{handle}")
            } else {
                handle.clone()
            };
            let balance = owed(&a.posted);
            // Held by pending payouts: their debit lines, positive.
            let held = a.pending.clone();
            let aria_handle = shown.clone();
            view! {
                <tr data-testid="fin-creator">
                    <th scope="row"><A href=format!("/finance/creators/{id}")>{shown.clone()}</A></th>
                    <td class="num" data-label=i18n.tr(Key::EarnBalance)>{move || money(i18n, &balance)}</td>
                    <td class="num" data-label=i18n.tr(Key::FinHeld)>{move || money(i18n, &held)}</td>
                    <td data-label=i18n.tr(Key::StatementFiles)>
                        <DownloadButton
                            path=statement_file_path(Some(id), &month, "pdf")
                            fallback_name=format!("statement-{handle}-{month}.pdf")
                            label=Signal::derive(move || i18n.fmt(Key::FinStatementPdf, &[("month", &month_name.get())]))
                            aria_label=Signal::derive(move || i18n.fmt(
                                Key::FinStatementPdfOf,
                                &[("month", &month_name.get()), ("handle", &aria_handle)],
                            ))
                            small=true
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="fin-creators">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::FinCreator)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::EarnBalance)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::FinHeld)}</th>
                        <th scope="col">{i18n.tr(Key::StatementFiles)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Opens a template's revenue agreement by the template's id.
#[component]
fn TemplateAgreementJump() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = RwSignal::new(String::new());
    view! {
        <section class="section" aria-labelledby="fin-tpl-heading">
            <h2 id="fin-tpl-heading">{i18n.tr(Key::FinTemplateAgreement)}</h2>
            <p class="hint" id="fin-tpl-hint">{i18n.tr(Key::FinTemplateAgreementHint)}</p>
            <form
                class="inline fin-inline"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let Ok(n) = id.get_untracked().trim().parse::<i64>() {
                        navigate(&format!("/finance/templates/{n}/agreement"), Default::default());
                    }
                }
            >
                <label for="fin-tpl-id">{i18n.tr(Key::FinTemplateId)}</label>
                <input id="fin-tpl-id" type="text" inputmode="numeric" pattern="[0-9]+" required aria-describedby="fin-tpl-hint" bind:value=id />
                <button type="submit" class="button secondary">{i18n.tr(Key::FinOpen)}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_creators_credit_balance_reads_as_owed() {
        let posted = Money {
            amount_minor: -3_500,
            currency: "TWD".into(),
        };
        assert_eq!(owed(&posted).amount_minor, 3_500);
    }
}
