//! A creator's earnings as finance staff see them (`/finance/creators/:id`):
//! the same summary the creator sees, and their monthly statements
//! (`/finance/creators/:id/statements/:month`) with the PDF.

use atelier_api::EarningsSummary;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::RequireFinance;
use crate::api::{self, statement_file_path};
use crate::components::{ErrorBox, Loading};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::earnings::{
    DownloadButton, EarningsSummaryView, PageError, StatementView, money, month_label,
};
use crate::session::use_session;

fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id")).and_then(|s| s.parse().ok()))
}

#[component]
pub fn FinanceCreatorPage() -> impl IntoView {
    use_title(Key::FinCreatorTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinCreatorTitle)}</h1>
        <RequireFinance>
            <CreatorLoader />
        </RequireFinance>
    }
}

#[component]
fn CreatorLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = id_param();
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            let id = id?;
            let summary = api::creator_earnings(session, id).await;
            // The handle, from the creators' list (the summary has the id only).
            let handle = api::finance_creators(session).await.ok().and_then(|list| {
                list.into_iter()
                    .find(|a| a.owner_id == id)
                    .and_then(|a| a.owner_handle)
            });
            Some((id, handle, summary))
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Some((id, handle, Ok(summary))) => view! {
                        {handle.map(|h| view! {
                            <p class="lead" data-testid="fin-creator-handle">
                                <A href=format!("/u/{h}")>{format!("@{h}")}</A>
                            </p>
                        })}
                        <EarningsSummaryView summary=summary.clone() />
                        <CreatorMonths id summary />
                    }
                    .into_any(),
                    Some((_, _, Err(error))) => view! { <ErrorBox error /> }.into_any(),
                    None => view! { <p class="notice">{i18n.tr(Key::FinNoSuchCreator)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The months of the summary's chart, newest first, each with its statement.
#[component]
fn CreatorMonths(id: i64, summary: EarningsSummary) -> impl IntoView {
    let i18n = use_i18n();
    let mut months = summary.by_month;
    months.reverse();
    let rows = months
        .into_iter()
        .map(|m| {
            let month = m.month.clone();
            let label_month = month.clone();
            let label = Signal::derive(move || month_label(i18n.locale(), &label_month));
            let total = m.total.clone();
            view! {
                <tr>
                    <th scope="row">
                        <A href=format!("/finance/creators/{id}/statements/{month}")>{label}</A>
                    </th>
                    <td class="num" data-label=i18n.tr(Key::StatementEarnings)>{move || money(i18n, &total)}</td>
                    <td data-label=i18n.tr(Key::StatementFiles)>
                        <DownloadButton
                            path=statement_file_path(Some(id), &month, "pdf")
                            fallback_name=format!("statement-{id}-{month}.pdf")
                            label=Signal::derive(move || "PDF".to_owned())
                            aria_label=Signal::derive(move || i18n.fmt(Key::StatementDownloadPdf, &[("month", &label.get())]))
                            small=true
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="fin-creator-months">
            <h2 id="fin-creator-months">{i18n.tr(Key::StatementsTitle)}</h2>
            <div class="table-wrap">
                <table class="table stack">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::EarnMonth)}</th>
                            <th scope="col" class="num">{i18n.tr(Key::StatementEarnings)}</th>
                            <th scope="col">{i18n.tr(Key::StatementFiles)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn FinanceStatementPage() -> impl IntoView {
    use_title(Key::StatementTitle);
    view! {
        <RequireFinance>
            <FinanceStatementLoader />
        </RequireFinance>
    }
}

#[component]
fn FinanceStatementLoader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = id_param();
    let params = use_params_map();
    let month = Memo::new(move |_| params.with(|p| p.get("month")).unwrap_or_default());
    let statement = LocalResource::new(move || {
        let (id, month) = (id.get(), month.get());
        async move {
            match id {
                Some(id) => Some((id, api::creator_statement(session, id, &month).await)),
                None => None,
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match statement.await {
                    Some((id, Ok(s))) => {
                        let back = format!("/finance/creators/{id}");
                        view! { <StatementView statement=s creator=Some(id) back back_label=Key::FinCreatorTitle /> }.into_any()
                    }
                    Some((_, Err(error))) => view! { <PageError error title=Key::StatementTitle /> }.into_any(),
                    None => view! { <h1>{i18n.tr(Key::StatementTitle)}</h1> <p class="notice">{i18n.tr(Key::FinNoSuchCreator)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
