//! `/finance/payouts`: run the payouts of a period (the previous month by
//! default; a repeat shows the run that exists), then work the queue: filter
//! by status and period, approve, mark paid with the bank's reference, or mark
//! failed with a reason (the money returns to the creator's balance).

use atelier_api::{Payout, PayoutRunResult, PayoutStatus};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::RequireFinance;
use crate::api::{self, ApiError};
use crate::components::{EmptyMessage, ErrorBox, Loading, StatusMessage};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::earnings::{
    PayoutHistory, PayoutStatusBadge, method_key, money, month_label, not_paid_key,
    payout_status_key, previous_month,
};
use crate::session::use_session;

#[component]
pub fn PayoutQueuePage() -> impl IntoView {
    use_title(Key::FinPayoutsTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::FinPayoutsTitle)}</h1>
        <RequireFinance>
            <PayoutQueue />
        </RequireFinance>
    }
}

const STATUSES: [PayoutStatus; 4] = [
    PayoutStatus::Pending,
    PayoutStatus::Approved,
    PayoutStatus::Paid,
    PayoutStatus::Failed,
];

/// What a dialog records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Paid,
    Failed,
}

#[component]
fn PayoutQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let status = RwSignal::new(None::<PayoutStatus>);
    let period = RwSignal::new(String::new());
    // Asked again after a run or an action.
    let version = RwSignal::new(0u32);
    let payouts = LocalResource::new(move || {
        let (status, period) = (status.get(), period.get());
        version.track();
        async move { api::finance_payouts(session, status, Some(period)).await }
    });
    let done = RwSignal::new(None::<String>);
    let action_error = RwSignal::new(None::<ApiError>);
    let dialog = RwSignal::new(None::<(Outcome, Payout)>);

    let approve = move |p: Payout| {
        done.set(None);
        action_error.set(None);
        spawn_local(async move {
            match api::approve_payout(session, p.id).await {
                Ok(_) => {
                    done.try_set(Some(i18n.fmt(Key::FinApproved, &[("handle", &p.handle)])));
                    version.try_update(|v| *v += 1);
                }
                Err(e) => {
                    action_error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <RunPayouts on_run=Callback::new(move |_| version.update(|v| *v += 1)) />
        <section class="section" aria-labelledby="queue-heading">
            <h2 id="queue-heading">{i18n.tr(Key::FinQueue)}</h2>
            <form class="filters inline fin-inline" on:submit=|ev| ev.prevent_default()>
                <div class="fin-filter">
                    <label for="queue-status">{i18n.tr(Key::Status)}</label>
                    <select
                        id="queue-status"
                        on:change=move |ev| status.set(PayoutStatus::parse(&event_target_value(&ev)))
                    >
                        <option value="" prop:selected=move || status.get().is_none()>{i18n.tr(Key::FinAllStatuses)}</option>
                        {STATUSES
                            .into_iter()
                            .map(|s| view! {
                                <option value=s.as_str() prop:selected=move || status.get() == Some(s)>{i18n.tr(payout_status_key(s))}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="fin-filter">
                    <label for="queue-period">{i18n.tr(Key::FinPeriod)}</label>
                    <input
                        id="queue-period"
                        type="month"
                        prop:value=move || period.get()
                        on:change=move |ev| period.set(event_target_value(&ev))
                    />
                </div>
            </form>
            {move || done.get().map(|text| view! { <StatusMessage text=Signal::derive(move || text.clone()) /> })}
            {move || action_error.get().map(|error| view! { <ErrorBox error /> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match payouts.await {
                        Ok(list) if list.is_empty() => view! { <EmptyMessage text=Key::FinQueueEmpty /> }.into_any(),
                        Ok(list) => view! {
                            <QueueTable
                                payouts=list
                                on_approve=Callback::new(approve)
                                on_outcome=Callback::new(move |x| dialog.set(Some(x)))
                            />
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <OutcomeDialog
            dialog
            on_done=Callback::new(move |text: String| {
                done.set(Some(text));
                version.update(|v| *v += 1);
            })
        />
    }
}

#[component]
fn QueueTable(
    payouts: Vec<Payout>,
    on_approve: Callback<Payout>,
    on_outcome: Callback<(Outcome, Payout)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = payouts
        .into_iter()
        .map(|p| {
            let (gross, tax, net) = (p.gross.clone(), p.tax.clone(), p.net.clone());
            let period = p.period.clone();
            let handle = p.handle.clone();
            let status = p.status;
            let open = matches!(status, PayoutStatus::Pending | PayoutStatus::Approved);
            let (for_approve, for_paid, for_failed) = (p.clone(), p.clone(), p.clone());
            let (h1, h2, h3) = (handle.clone(), handle.clone(), handle.clone());
            view! {
                <tr data-testid="queue-row" data-handle=handle.clone() data-status=status.as_str()>
                    <th scope="row">
                        <A href=format!("/finance/creators/{}", p.user_id)>{format!("@{handle}")}</A>
                        <br />
                        <span class="muted">{p.display_name.clone()}</span>
                    </th>
                    <td data-label=i18n.tr(Key::FinPeriod)>{move || month_label(i18n.locale(), &period)}</td>
                    <td data-label=i18n.tr(Key::Status)><PayoutStatusBadge status /></td>
                    <td class="num" data-label=i18n.tr(Key::EarnGross)>{move || money(i18n, &gross)}</td>
                    <td class="num" data-label=i18n.tr(Key::EarnTax)>{move || money(i18n, &tax)}</td>
                    <td class="num" data-label=i18n.tr(Key::EarnNet)>{move || money(i18n, &net)}</td>
                    <td data-label=i18n.tr(Key::PayoutMethod)>
                        {i18n.tr(method_key(p.method))}
                        <br />
                        <span class="muted">{p.details_hint.clone()}</span>
                    </td>
                    <td data-label=i18n.tr(Key::FinActions)>
                        <div class="actions">
                            {(status == PayoutStatus::Pending).then(|| view! {
                                <button type="button" class="button small"
                                    aria-label=move || i18n.fmt(Key::FinApproveFor, &[("handle", &h1)])
                                    on:click=move |_| on_approve.run(for_approve.clone())
                                >{i18n.tr(Key::FinApprove)}</button>
                            })}
                            {(status == PayoutStatus::Approved).then(|| view! {
                                <button type="button" class="button small"
                                    aria-label=move || i18n.fmt(Key::FinMarkPaidFor, &[("handle", &h2)])
                                    on:click=move |_| on_outcome.run((Outcome::Paid, for_paid.clone()))
                                >{i18n.tr(Key::FinMarkPaid)}</button>
                            })}
                            {open.then(|| view! {
                                <button type="button" class="button secondary small"
                                    aria-label=move || i18n.fmt(Key::FinMarkFailedFor, &[("handle", &h3)])
                                    on:click=move |_| on_outcome.run((Outcome::Failed, for_failed.clone()))
                                >{i18n.tr(Key::FinMarkFailed)}</button>
                            })}
                        </div>
                        <PayoutHistory payout=p.clone() />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack payout-queue" data-testid="payout-queue">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::FinCreator)}</th>
                        <th scope="col">{i18n.tr(Key::FinPeriod)}</th>
                        <th scope="col">{i18n.tr(Key::Status)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::EarnGross)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::EarnTax)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::EarnNet)}</th>
                        <th scope="col">{i18n.tr(Key::PayoutMethod)}</th>
                        <th scope="col">{i18n.tr(Key::FinActions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The modal that asks for the bank's reference (paid) or the reason (failed).
#[component]
fn OutcomeDialog(
    dialog: RwSignal<Option<(Outcome, Payout)>>,
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let node = NodeRef::<html::Dialog>::new();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        let open = dialog.with(Option::is_some);
        if let Some(el) = node.get() {
            if open && !el.open() {
                text.set(String::new());
                error.set(None);
                let _ = el.show_modal();
            } else if !open && el.open() {
                el.close();
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((outcome, p)) = dialog.get_untracked() else {
            return;
        };
        let value = text.get_untracked().trim().to_owned();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match outcome {
                Outcome::Paid => api::mark_payout_paid(session, p.id, value).await,
                Outcome::Failed => api::mark_payout_failed(session, p.id, value).await,
            };
            busy.try_set(false);
            match result {
                Ok(_) => {
                    let key = match outcome {
                        Outcome::Paid => Key::FinMarkedPaid,
                        Outcome::Failed => Key::FinMarkedFailed,
                    };
                    dialog.try_set(None);
                    on_done.run(i18n.fmt(key, &[("handle", &p.handle)]));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let outcome = move || dialog.with(|d| d.as_ref().map(|(o, _)| *o));
    let heading = move || {
        dialog.with(|d| {
            d.as_ref()
                .map(|(o, p)| {
                    let key = match o {
                        Outcome::Paid => Key::FinMarkPaidFor,
                        Outcome::Failed => Key::FinMarkFailedFor,
                    };
                    i18n.fmt(key, &[("handle", &p.handle)])
                })
                .unwrap_or_default()
        })
    };
    let amount = move || {
        dialog.with(|d| {
            d.as_ref()
                .map(|(_, p)| {
                    i18n.fmt(
                        Key::FinDialogAmount,
                        &[
                            ("net", &money(i18n, &p.net)),
                            ("month", &month_label(i18n.locale(), &p.period)),
                        ],
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <dialog
            class="card fin-dialog"
            node_ref=node
            aria-labelledby="fin-dialog-heading"
            on:close=move |_| {
                if dialog.with_untracked(Option::is_some) {
                    dialog.set(None);
                }
            }
        >
            <form class="form" on:submit=submit>
                <h2 id="fin-dialog-heading">{heading}</h2>
                <p>{amount}</p>
                <div class="field">
                    <label for="fin-dialog-text">
                        {move || match outcome() {
                            Some(Outcome::Failed) => i18n.t(Key::Reason),
                            _ => i18n.t(Key::FinBankReference),
                        }}
                    </label>
                    <input id="fin-dialog-text" type="text" required minlength="1" maxlength="200" bind:value=text />
                </div>
                {move || error.get().map(|error| view! { <ErrorBox error /> })}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || match outcome() {
                            Some(Outcome::Failed) => i18n.t(Key::FinMarkFailed),
                            _ => i18n.t(Key::FinMarkPaid),
                        }}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| dialog.set(None)>
                        {i18n.tr(Key::FinCancel)}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// Runs a period's payouts and shows what the run made and whom it skipped.
#[component]
fn RunPayouts(on_run: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let period = RwSignal::new(previous_month());
    let run = Action::new_local(move |period: &String| {
        let period = period.clone();
        async move {
            let result = api::run_payouts(session, &period).await;
            if result.is_ok() {
                on_run.run(());
            }
            result
        }
    });
    let pending = run.pending();
    view! {
        <section class="section card" aria-labelledby="run-heading">
            <h2 id="run-heading">{i18n.tr(Key::FinRunTitle)}</h2>
            <p class="hint" id="run-hint">{i18n.tr(Key::FinRunHint)}</p>
            <form
                class="inline fin-inline"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run.dispatch(period.get_untracked().trim().to_owned());
                }
            >
                <label for="run-period">{i18n.tr(Key::FinPeriod)}</label>
                <input id="run-period" type="month" required aria-describedby="run-hint" bind:value=period />
                <button type="submit" class="button" disabled=pending>{i18n.tr(Key::FinRun)}</button>
            </form>
            {move || match run.value().get() {
                Some(Ok(result)) => view! { <RunResult result /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn RunResult(result: PayoutRunResult) -> impl IntoView {
    let i18n = use_i18n();
    let r = result;
    let period = r.period.clone();
    let created = r.created;
    let count = r.payouts.len() as u64;
    let payouts = r
        .payouts
        .iter()
        .map(|p| {
            let net = p.net.clone();
            let gross = p.gross.clone();
            let handle = p.handle.clone();
            view! {
                <li>
                    {format!("@{handle}")} " · "
                    {move || i18n.fmt(Key::FinRunPayoutLine, &[("gross", &money(i18n, &gross)), ("net", &money(i18n, &net))])}
                </li>
            }
        })
        .collect_view();
    let skipped_count = r.skipped.len() as u64;
    let skipped = r
        .skipped
        .into_iter()
        .map(|s| {
            let available = s.available.clone();
            let reason = s.reason.clone();
            let why = move || {
                not_paid_key(&reason)
                    .map(|k| i18n.t(k).to_owned())
                    .unwrap_or_else(|| reason.clone())
            };
            view! {
                <li data-testid="run-skipped">
                    {format!("@{}", s.handle)} " · " {move || money(i18n, &available)} " · " {why}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="run-result" role="status" data-testid="run-result" data-created=created.to_string()>
            <p>
                <strong>
                    {move || {
                        let month = month_label(i18n.locale(), &period);
                        if created {
                            i18n.fmt(Key::FinRunCreated, &[("month", &month)])
                        } else {
                            i18n.fmt(Key::FinRunRepeat, &[("month", &month)])
                        }
                    }}
                </strong>
            </p>
            <p>{move || i18n.count(Key::FinRunPayouts, count)}</p>
            <ul class="run-list">{payouts}</ul>
            <p>{move || i18n.count(Key::FinRunSkipped, skipped_count)}</p>
            <ul class="run-list">{skipped}</ul>
        </div>
    }
}
