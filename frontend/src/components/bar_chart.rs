//! Horizontal bar charts in plain HTML and CSS: every bar carries its number as text,
//! marks (winner, eliminated) are words rather than colours alone, and the same numbers
//! are available as a table.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarMark {
    Winner,
    Eliminated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub votes: u64,
    pub mark: Option<BarMark>,
}

/// A share of `total` in percent, rounded to one decimal (0 when nothing was counted).
pub fn percent(votes: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (votes as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

/// "67%", or "66.7%" when the decimal matters.
pub fn percent_text(p: f64) -> String {
    if (p - p.round()).abs() < f64::EPSILON {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

#[component]
pub fn BarChart(
    bars: Vec<Bar>,
    /// What the percentages are shares of.
    total: u64,
    #[prop(into)] caption: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = bars.iter().map(|b| b.votes).max().unwrap_or(0);
    let votes_text = move |votes: u64| i18n.count(Key::VoteCount, votes);
    let mark_key = |mark: BarMark| match mark {
        BarMark::Winner => Key::Winner,
        BarMark::Eliminated => Key::Eliminated,
    };
    let rows = bars
        .iter()
        .cloned()
        .map(|bar| {
            let share = percent(bar.votes, total);
            // Bars are scaled to the largest, so small differences stay visible.
            let width = if max == 0 {
                0.0
            } else {
                bar.votes as f64 * 100.0 / max as f64
            };
            let class = match bar.mark {
                Some(BarMark::Winner) => "bar-row winner",
                Some(BarMark::Eliminated) => "bar-row eliminated",
                None => "bar-row",
            };
            view! {
                <li class=class>
                    <span class="bar-label">
                        {bar.label.clone()}
                        {bar.mark.map(|mark| {
                            view! { " " <span class="badge bar-mark">{i18n.tr(mark_key(mark))}</span> }
                        })}
                    </span>
                    <span class="bar-track" aria-hidden="true">
                        <span class="bar-fill" style:width=format!("{width:.1}%")></span>
                    </span>
                    <span class="bar-value">
                        {move || votes_text(bar.votes)} " · " {percent_text(share)}
                    </span>
                </li>
            }
        })
        .collect_view();
    let table_rows = bars
        .into_iter()
        .map(|bar| {
            view! {
                <tr>
                    <th scope="row">{bar.label}</th>
                    <td>{bar.votes}</td>
                    <td>{percent_text(percent(bar.votes, total))}</td>
                    <td>{bar.mark.map(|mark| i18n.tr(mark_key(mark)))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="bar-chart">
            <figcaption>{caption}</figcaption>
            <ul class="bars" role="list">{rows}</ul>
            <details class="chart-table">
                <summary>{i18n.tr(Key::ShowAsTable)}</summary>
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Key::Option)}</th>
                                <th scope="col">{i18n.tr(Key::Votes)}</th>
                                <th scope="col">{i18n.tr(Key::Share)}</th>
                                <th scope="col">{i18n.tr(Key::Note)}</th>
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

    #[test]
    fn shares_are_percentages_of_the_total() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(3, 3), 100.0);
        assert_eq!(percent(5, 0), 0.0);
        assert_eq!(percent_text(50.0), "50%");
        assert_eq!(percent_text(66.7), "66.7%");
    }
}
