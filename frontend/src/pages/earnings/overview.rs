//! `/me/earnings`: what the platform owes the creator (balance, held by
//! payouts, available, earned in all), what the next payout would pay (or why
//! it would not), earnings by month and by source, and the latest lines with
//! "load more".

use atelier_api::{EarningLine, EarningsSummary, PayoutEstimate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::{
    EarningLines, EarningsNav, Figure, MonthChart, money, month_label, not_paid_key, source_key,
};
use crate::api::{self, ApiError};
use crate::components::{EmptyMessage, ErrorBox, Loading, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// Lines per page of "load more".
const LINES_PAGE: u32 = 20;

#[component]
pub fn EarningsPage() -> impl IntoView {
    use_title(Key::EarnTitle);
    let i18n = use_i18n();
    view! {
        <h1>{i18n.tr(Key::EarnTitle)}</h1>
        <RequireUser>
            <EarningsNav />
            <Earnings />
        </RequireUser>
    }
}

/// Nothing earned, nothing owed, nothing held: a creator who has not sold yet.
pub fn never_earned(s: &EarningsSummary) -> bool {
    s.lifetime.amount_minor == 0
        && s.balance.amount_minor == 0
        && s.pending_payouts.amount_minor == 0
        && s.by_month.iter().all(|m| m.total.amount_minor == 0)
}

#[component]
fn Earnings() -> impl IntoView {
    let session = use_session();
    let summary = LocalResource::new(move || api::my_earnings(session));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) if never_earned(&s) => view! {
                        <EmptyMessage text=Key::EarnNone action_href="/me/templates" action_label=Key::CreatorMyTemplates />
                        <NextPayout estimate=s.next_payout settings_link=true />
                    }
                    .into_any(),
                    Ok(s) => view! {
                        <EarningsSummaryView summary=s settings_link=true />
                        <LatestLines />
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The figures, the next payout, the chart and the totals by source of one
/// creator's earnings (theirs, or any creator's for finance staff).
#[component]
pub fn EarningsSummaryView(
    summary: EarningsSummary,
    /// Links "why not" to the payout settings (the creator's own page).
    #[prop(optional)]
    settings_link: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = summary;
    let (balance, pending, available, lifetime) = (
        s.balance.clone(),
        s.pending_payouts.clone(),
        s.available.clone(),
        s.lifetime.clone(),
    );
    let sources = s
        .by_source
        .iter()
        .map(|row| {
            let amount = row.amount.clone();
            view! {
                <tr>
                    <th scope="row">{i18n.tr(source_key(row.source))}</th>
                    <td class="num">{move || money(i18n, &amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let has_sources = !s.by_source.is_empty();
    view! {
        <section class="section" aria-labelledby="earn-figures-heading">
            <h2 id="earn-figures-heading" class="visually-hidden">{i18n.tr(Key::EarnFigures)}</h2>
            <ul class="fin-figures" role="list">
                <Figure label=Key::EarnAvailable value=Signal::derive(move || money(i18n, &available)) testid="earn-available" emphasis=true note=Key::EarnAvailableNote />
                <Figure label=Key::EarnBalance value=Signal::derive(move || money(i18n, &balance)) testid="earn-balance" />
                <Figure label=Key::EarnPendingPayouts value=Signal::derive(move || money(i18n, &pending)) testid="earn-pending" />
                <Figure label=Key::EarnLifetime value=Signal::derive(move || money(i18n, &lifetime)) testid="earn-lifetime" />
            </ul>
        </section>
        <NextPayout estimate=s.next_payout.clone() settings_link />
        <section class="section" aria-labelledby="earn-chart-heading">
            <h2 id="earn-chart-heading">{i18n.tr(Key::EarnByMonth)}</h2>
            <MonthChart months=s.by_month.clone() caption=Key::EarnByMonthCaption testid="earnings-chart" />
        </section>
        <section class="section" aria-labelledby="earn-sources-heading">
            <h2 id="earn-sources-heading">{i18n.tr(Key::EarnBySource)}</h2>
            {if has_sources {
                view! {
                    <div class="table-wrap narrow-table">
                        <table class="table" data-testid="earn-sources">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tr(Key::EarnSource)}</th>
                                    <th scope="col" class="num">{i18n.tr(Key::EarnAmount)}</th>
                                </tr>
                            </thead>
                            <tbody>{sources}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="muted">{i18n.tr(Key::EarnNoSources)}</p> }.into_any()
            }}
        </section>
    }
}

/// What the next payout run would pay, or why it would not pay.
#[component]
pub fn NextPayout(
    estimate: PayoutEstimate,
    #[prop(optional)] settings_link: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = estimate;
    let period = e.period.clone();
    let rows = [
        (Key::EarnGross, e.gross.clone(), "next-gross"),
        (Key::EarnTax, e.tax.clone(), "next-tax"),
        (Key::EarnNet, e.net.clone(), "next-net"),
        (Key::EarnThreshold, e.threshold.clone(), "next-threshold"),
    ]
    .into_iter()
    .map(|(key, amount, testid)| {
        view! {
            <div>
                <dt>{i18n.tr(key)}</dt>
                <dd data-testid=testid>{move || money(i18n, &amount)}</dd>
            </div>
        }
    })
    .collect_view();
    let why = (!e.eligible).then(|| {
        let reason = e.reason.clone().unwrap_or_default();
        let text = move || {
            not_paid_key(&reason)
                .map(|k| i18n.t(k).to_owned())
                .unwrap_or_else(|| reason.clone())
        };
        view! {
            <div class="notice warning" data-testid="not-eligible">
                <p>{text}</p>
                {settings_link.then(|| view! {
                    <p><A href="/me/earnings/payout">{i18n.tr(Key::EarnOpenSettings)}</A></p>
                })}
            </div>
        }
    });
    view! {
        <section class="section card next-payout" aria-labelledby="next-payout-heading" data-testid="next-payout">
            <h2 id="next-payout-heading">
                {move || i18n.fmt(Key::EarnNextPayout, &[("month", &month_label(i18n.locale(), &period))])}
            </h2>
            {e.eligible.then(|| view! { <p class="muted">{i18n.tr(Key::EarnEligible)}</p> })}
            <dl class="fin-dl">{rows}</dl>
            {why}
        </section>
    }
}

/// The latest lines, a page at a time.
#[component]
fn LatestLines() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let lines = RwSignal::new(Vec::<EarningLine>::new());
    let cursor = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let load = move || {
        loading.set(true);
        error.set(None);
        let after = cursor.get_untracked();
        spawn_local(async move {
            match api::my_earning_lines(session, after, LINES_PAGE).await {
                Ok(page) => {
                    lines.try_update(|l| l.extend(page.items));
                    cursor.try_set(page.next_cursor);
                    loaded.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            loading.try_set(false);
        });
    };
    load();
    view! {
        <section class="section" aria-labelledby="earn-lines-heading">
            <h2 id="earn-lines-heading">{i18n.tr(Key::EarnLatest)}</h2>
            {move || {
                if !loaded.get() {
                    return match error.get() {
                        Some(error) => view! { <ErrorBox error /> }.into_any(),
                        None => view! { <Loading /> }.into_any(),
                    };
                }
                if lines.with(Vec::is_empty) {
                    view! { <p class="muted">{i18n.tr(Key::EarnNoLines)}</p> }.into_any()
                } else {
                    view! { <EarningLines lines /> }.into_any()
                }
            }}
            {move || (loaded.get() && error.get().is_some()).then(|| {
                error.get().map(|error| view! { <ErrorBox error /> })
            })}
            <Show when=move || loaded.get() && cursor.with(Option::is_some)>
                <p class="load-more">
                    <button
                        type="button"
                        class="button secondary"
                        disabled=move || loading.get()
                        on:click=move |_| load()
                    >
                        {move || if loading.get() { i18n.t(Key::Loading) } else { i18n.t(Key::EarnLoadMore) }}
                    </button>
                </p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{Money, MonthEarnings};

    fn twd(a: i64) -> Money {
        Money {
            amount_minor: a,
            currency: "TWD".into(),
        }
    }

    fn summary(lifetime: i64, month_total: i64) -> EarningsSummary {
        EarningsSummary {
            user_id: 1,
            currency: "TWD".into(),
            balance: twd(lifetime),
            pending_payouts: twd(0),
            available: twd(lifetime),
            lifetime: twd(lifetime),
            by_source: vec![],
            by_month: vec![MonthEarnings {
                month: "2026-11".into(),
                total: twd(month_total),
                by_source: vec![],
            }],
            next_payout: PayoutEstimate {
                period: "2026-11".into(),
                gross: twd(0),
                tax: twd(0),
                net: twd(0),
                threshold: twd(10_000),
                eligible: false,
                reason: Some("below_threshold".into()),
            },
        }
    }

    #[test]
    fn a_creator_with_nothing_yet_gets_the_empty_state() {
        assert!(never_earned(&summary(0, 0)));
        assert!(!never_earned(&summary(3_500, 3_500)));
        assert!(!never_earned(&summary(0, 100)));
    }
}
