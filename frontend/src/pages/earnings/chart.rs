//! Earnings by month, stacked by source: one horizontal bar per month in plain
//! HTML and CSS, its total written next to it, a legend naming the sources,
//! and the same numbers as a table. Fits a phone (bars shrink, text wraps).

use atelier_api::{EarningSource, MonthEarnings};
use leptos::prelude::*;

use super::{SOURCES, money, month_label, source_key};
use crate::i18n::{Key, use_i18n};

/// A bar's segments: each source's positive amount as a share (percent) of
/// the chart's longest bar. Refunds and reversals (negative amounts) draw
/// nothing; the total beside the bar says what they took away.
pub fn segments(month: &MonthEarnings, scale: i64) -> Vec<(EarningSource, f64)> {
    if scale <= 0 {
        return Vec::new();
    }
    SOURCES
        .into_iter()
        .filter_map(|source| {
            let amount: i64 = month
                .by_source
                .iter()
                .filter(|s| s.source == source)
                .map(|s| s.amount.amount_minor)
                .sum();
            (amount > 0).then(|| (source, amount as f64 * 100.0 / scale as f64))
        })
        .collect()
}

/// The longest bar: the largest month's sum of positive amounts.
pub fn scale(months: &[MonthEarnings]) -> i64 {
    months
        .iter()
        .map(|m| {
            m.by_source
                .iter()
                .map(|s| s.amount.amount_minor.max(0))
                .sum::<i64>()
        })
        .max()
        .unwrap_or(0)
}

/// The sources any month has (legend and table columns).
fn used_sources(months: &[MonthEarnings]) -> Vec<EarningSource> {
    SOURCES
        .into_iter()
        .filter(|src| {
            months
                .iter()
                .any(|m| m.by_source.iter().any(|s| s.source == *src))
        })
        .collect()
}

#[component]
pub fn MonthChart(
    months: Vec<MonthEarnings>,
    caption: Key,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = scale(&months);
    let sources = used_sources(&months);
    let legend = sources
        .iter()
        .map(|&src| {
            view! {
                <li>
                    <span class=format!("swatch earn-src-{}", src.as_str()) aria-hidden="true"></span>
                    {i18n.tr(source_key(src))}
                </li>
            }
        })
        .collect_view();
    let rows = months
        .iter()
        .map(|m| {
            let segs = segments(m, max)
                .into_iter()
                .map(|(src, width)| {
                    view! {
                        <span
                            class=format!("month-seg earn-src-{}", src.as_str())
                            style:width=format!("{width:.1}%")
                        ></span>
                    }
                })
                .collect_view();
            let month = m.month.clone();
            let total = m.total.clone();
            view! {
                <li class="month-row">
                    <span class="month-label">{move || month_label(i18n.locale(), &month)}</span>
                    <span class="month-track" aria-hidden="true">{segs}</span>
                    <span class="month-value">{move || money(i18n, &total)}</span>
                </li>
            }
        })
        .collect_view();
    let head = sources
        .iter()
        .map(|&src| view! { <th scope="col" class="num">{i18n.tr(source_key(src))}</th> })
        .collect_view();
    let table_rows = months
        .into_iter()
        .map(|m| {
            let month = m.month.clone();
            let total = m.total.clone();
            let cells = sources
                .iter()
                .map(|&src| {
                    let amount = m
                        .by_source
                        .iter()
                        .find(|s| s.source == src)
                        .map(|s| s.amount.clone());
                    view! {
                        <td class="num" data-label=i18n.tr(source_key(src))>
                            {move || amount.as_ref().map(|a| money(i18n, a)).unwrap_or_else(|| "—".to_owned())}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || month_label(i18n.locale(), &month)}</th>
                    {cells}
                    <td class="num" data-label=i18n.tr(Key::EarnTotal)>{move || money(i18n, &total)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="month-chart" data-testid=(!testid.is_empty()).then_some(testid)>
            <figcaption>{i18n.tr(caption)}</figcaption>
            <ul class="chart-legend" role="list" aria-label=i18n.tr(Key::EarnLegend)>{legend}</ul>
            <ul class="month-bars" role="list">{rows}</ul>
            <details class="chart-table">
                <summary>{i18n.tr(Key::ShowAsTable)}</summary>
                <div class="table-wrap">
                    <table class="table stack compact">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Key::EarnMonth)}</th>
                                {head}
                                <th scope="col" class="num">{i18n.tr(Key::EarnTotal)}</th>
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{Money, SourceAmount};

    fn month(m: &str, parts: &[(EarningSource, i64)]) -> MonthEarnings {
        let twd = |a: i64| Money {
            amount_minor: a,
            currency: "TWD".into(),
        };
        MonthEarnings {
            month: m.into(),
            total: twd(parts.iter().map(|p| p.1).sum()),
            by_source: parts
                .iter()
                .map(|&(source, a)| SourceAmount {
                    source,
                    amount: twd(a),
                })
                .collect(),
        }
    }

    #[test]
    fn bars_are_scaled_to_the_largest_month_and_skip_refunds() {
        let months = [
            month(
                "2026-10",
                &[
                    (EarningSource::Templates, 300),
                    (EarningSource::Prizes, 100),
                ],
            ),
            month(
                "2026-11",
                &[
                    (EarningSource::Templates, -50),
                    (EarningSource::Royalties, 200),
                ],
            ),
            month("2026-12", &[]),
        ];
        let max = scale(&months);
        assert_eq!(max, 400);
        assert_eq!(
            segments(&months[0], max),
            [
                (EarningSource::Templates, 75.0),
                (EarningSource::Prizes, 25.0)
            ]
        );
        assert_eq!(
            segments(&months[1], max),
            [(EarningSource::Royalties, 50.0)]
        );
        assert!(segments(&months[2], max).is_empty());
        assert!(segments(&months[0], 0).is_empty());
        assert_eq!(
            used_sources(&months),
            [
                EarningSource::Templates,
                EarningSource::Royalties,
                EarningSource::Prizes
            ]
        );
    }
}
