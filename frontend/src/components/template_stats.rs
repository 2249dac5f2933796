//! The template dashboard: a period (7, 30 or 90 days), the totals, a chart of
//! views, downloads, uses and sales per day (inline SVG lines, each series
//! with its own colour and dash so colour is not the only cue, and the same
//! numbers as a table), and one row per template. The creator sees their own
//! (`/me/templates`), staff every creator's (`/staff/templates`).

use atelier_api::{TemplateDashboard, TemplateDay, TemplateStatsRow};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::template_labels::{grouped, money_text, template_status_key, twd};
use crate::components::{EmptyMessage, ErrorBox, Loading};
use crate::i18n::{Key, Locale, use_i18n};
use crate::session::use_session;

/// The periods offered, in days.
pub const PERIODS: [u32; 3] = [7, 30, 90];
pub const DEFAULT_PERIOD: u32 = 30;

/// Whose templates the dashboard counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsScope {
    /// The signed-in creator's.
    Mine,
    /// Every creator's (staff).
    All,
}

pub type DashboardResource = LocalResource<Result<TemplateDashboard, ApiError>>;

/// The dashboard over the last `days` days, asked again when the period changes.
pub fn dashboard_resource(scope: StatsScope, days: RwSignal<u32>) -> DashboardResource {
    let session = use_session();
    LocalResource::new(move || {
        let days = days.get();
        async move {
            match scope {
                StatsScope::Mine => api::my_template_stats(session, days).await,
                StatsScope::All => api::staff_template_stats(session, days).await,
            }
        }
    })
}

/// The four things counted per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Views,
    Downloads,
    Uses,
    Sales,
}

impl Series {
    pub const ALL: [Series; 4] = [
        Series::Views,
        Series::Downloads,
        Series::Uses,
        Series::Sales,
    ];

    pub fn of(self, day: &TemplateDay) -> u64 {
        match self {
            Series::Views => day.views,
            Series::Downloads => day.downloads,
            Series::Uses => day.uses,
            Series::Sales => day.sales,
        }
    }

    fn key(self) -> Key {
        match self {
            Series::Views => Key::CreatorViews,
            Series::Downloads => Key::CreatorDownloads,
            Series::Uses => Key::CreatorUses,
            Series::Sales => Key::CreatorSales,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Series::Views => "creator-series-views",
            Series::Downloads => "creator-series-downloads",
            Series::Uses => "creator-series-uses",
            Series::Sales => "creator-series-sales",
        }
    }
}

/// The totals over the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub views: u64,
    pub downloads: u64,
    pub uses: u64,
    pub sales: u64,
    pub revenue_minor: i64,
}

impl Totals {
    pub fn of(days: &[TemplateDay]) -> Totals {
        days.iter().fold(Totals::default(), |t, d| Totals {
            views: t.views + d.views,
            downloads: t.downloads + d.downloads,
            uses: t.uses + d.uses,
            sales: t.sales + d.sales,
            revenue_minor: t.revenue_minor + d.revenue_minor,
        })
    }

    fn get(self, series: Series) -> u64 {
        match series {
            Series::Views => self.views,
            Series::Downloads => self.downloads,
            Series::Uses => self.uses,
            Series::Sales => self.sales,
        }
    }
}

/// The top of the chart's scale: the smallest 1, 2 or 5 times a power of ten
/// at or above `max` (at least 1, so an empty period still draws).
pub fn nice_ceiling(max: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [1u64, 2, 5] {
            match step.checked_mul(power) {
                Some(top) if top >= max => return top.max(1),
                Some(_) => {}
                None => return u64::MAX,
            }
        }
        match power.checked_mul(10) {
            Some(p) => power = p,
            None => return u64::MAX,
        }
    }
}

/// Chart drawing area, in SVG user units.
const CHART_W: f64 = 600.0;
const CHART_H: f64 = 200.0;

/// An SVG polyline's points for `values` on a scale topped by `top`, spread
/// across `width` (one value sits in the middle).
pub fn polyline_points(values: &[u64], top: u64, width: f64, height: f64) -> String {
    let n = values.len();
    let top = top.max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n <= 1 {
                width / 2.0
            } else {
                i as f64 * width / (n - 1) as f64
            };
            let y = height - (*v as f64).min(top) / top * height;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "3 Nov" / "11月3日": a day on the chart's axis.
pub fn short_day(locale: Locale, day: NaiveDate) -> String {
    match locale {
        Locale::En => day.format("%-d %b").to_string(),
        Locale::ZhTw => day.format("%-m月%-d日").to_string(),
    }
}

/// The dashboard, with the period select above it.
#[component]
pub fn TemplateStats(
    days: RwSignal<u32>,
    dashboard: DashboardResource,
    /// Rows link to the edit page (the creator's own) or the template page.
    #[prop(optional)]
    edit_links: bool,
    /// Rows name the creator (staff across creators).
    #[prop(optional)]
    show_creator: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section creator-dashboard" aria-labelledby="dashboard-heading">
            <div class="section-heading">
                <h2 id="dashboard-heading">{i18n.tr(Key::CreatorDashboard)}</h2>
                <div class="field creator-period">
                    <label for="dashboard-period">{i18n.tr(Key::CreatorPeriod)}</label>
                    <select
                        id="dashboard-period"
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                days.set(n);
                            }
                        }
                    >
                        {PERIODS
                            .into_iter()
                            .map(|n| view! {
                                <option value=n.to_string() prop:selected=move || days.get() == n>
                                    {move || i18n.fmt_args(Key::CreatorLastDays, &[("days", n.into())])}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Ok(d) => view! { <DashboardView dashboard=d edit_links show_creator /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DashboardView(
    dashboard: TemplateDashboard,
    edit_links: bool,
    show_creator: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let totals = Totals::of(&dashboard.days);
    let figures = Series::ALL
        .into_iter()
        .map(|s| {
            view! {
                <li class=format!("creator-total {}", s.class()) data-testid=format!("total-{}", s.class().trim_start_matches("creator-series-"))>
                    <span class="creator-total-number">{grouped(totals.get(s))}</span>
                    <span class="creator-total-label">{i18n.tr(s.key())}</span>
                </li>
            }
        })
        .collect_view();
    let revenue = money_text(&twd(totals.revenue_minor));
    let rows = dashboard.templates.clone();
    view! {
        <ul class="creator-totals" role="list">
            {figures}
            <li class="creator-total" data-testid="total-revenue">
                <span class="creator-total-number">{revenue}</span>
                <span class="creator-total-label">{i18n.tr(Key::CreatorRevenue)}</span>
            </li>
        </ul>
        <ActivityChart days=dashboard.days.clone() from=dashboard.from to=dashboard.to />
        <h3>{i18n.tr(Key::CreatorPerTemplate)}</h3>
        {if rows.is_empty() {
            view! { <EmptyMessage text=Key::CreatorNoStats /> }.into_any()
        } else {
            view! { <TemplateRows rows edit_links show_creator /> }.into_any()
        }}
    }
}

#[component]
fn ActivityChart(days: Vec<TemplateDay>, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let max = days
        .iter()
        .flat_map(|d| Series::ALL.map(|s| s.of(d)))
        .max()
        .unwrap_or(0);
    let top = nice_ceiling(max);
    let lines = Series::ALL
        .into_iter()
        .map(|s| {
            let values: Vec<u64> = days.iter().map(|d| s.of(d)).collect();
            let points = polyline_points(&values, top, CHART_W, CHART_H);
            view! {
                <polyline class=format!("creator-line {}", s.class()) points=points vector-effect="non-scaling-stroke" fill="none"></polyline>
            }
        })
        .collect_view();
    let legend = Series::ALL
        .into_iter()
        .map(|s| {
            view! {
                <li class=s.class()>
                    <svg class="creator-legend-mark" viewBox="0 0 24 8" width="24" height="8" aria-hidden="true">
                        <line class=format!("creator-line {}", s.class()) x1="0" y1="4" x2="24" y2="4"></line>
                    </svg>
                    {i18n.tr(s.key())}
                </li>
            }
        })
        .collect_view();
    let totals = Totals::of(&days);
    let summary = move || {
        i18n.fmt_args(
            Key::CreatorChartSummary,
            &[
                ("from", short_day(i18n.locale(), from).as_str().into()),
                ("to", short_day(i18n.locale(), to).as_str().into()),
                ("views", totals.views.into()),
                ("downloads", totals.downloads.into()),
                ("uses", totals.uses.into()),
                ("sales", totals.sales.into()),
            ],
        )
    };
    let table_rows = days
        .iter()
        .rev()
        .map(|d| {
            let day = d.day;
            view! {
                <tr>
                    <th scope="row">{move || short_day(i18n.locale(), day)}</th>
                    {Series::ALL
                        .into_iter()
                        .map(|s| view! { <td class="num" data-label=i18n.tr(s.key())>{grouped(s.of(d))}</td> })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="creator-chart" data-testid="activity-chart">
            <figcaption>{i18n.tr(Key::CreatorPerDay)}</figcaption>
            <ul class="creator-legend" role="list">{legend}</ul>
            <div class="creator-chart-area">
                <div class="creator-chart-scale" aria-hidden="true">
                    <span>{grouped(top)}</span>
                    <span>"0"</span>
                </div>
                <svg
                    class="creator-chart-svg"
                    viewBox=format!("0 0 {CHART_W} {CHART_H}")
                    preserveAspectRatio="none"
                    role="img"
                    aria-label=summary
                >
                    <line class="creator-grid" x1="0" y1="0.5" x2=CHART_W y2="0.5" vector-effect="non-scaling-stroke"></line>
                    <line class="creator-grid" x1="0" y1=CHART_H / 2.0 x2=CHART_W y2=CHART_H / 2.0 vector-effect="non-scaling-stroke"></line>
                    <line class="creator-grid creator-axis" x1="0" y1=CHART_H - 0.5 x2=CHART_W y2=CHART_H - 0.5 vector-effect="non-scaling-stroke"></line>
                    {lines}
                </svg>
            </div>
            <p class="creator-chart-days" aria-hidden="true">
                <span>{move || short_day(i18n.locale(), from)}</span>
                <span>{move || short_day(i18n.locale(), to)}</span>
            </p>
            <details class="chart-table">
                <summary>{i18n.tr(Key::ShowAsTable)}</summary>
                <div class="table-wrap">
                    <table class="table stack compact">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Key::CreatorDay)}</th>
                                {Series::ALL
                                    .into_iter()
                                    .map(|s| view! { <th scope="col">{i18n.tr(s.key())}</th> })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[component]
fn TemplateRows(
    rows: Vec<TemplateStatsRow>,
    edit_links: bool,
    show_creator: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = rows
        .into_iter()
        .map(|row| {
            let t = row.template;
            let href = if edit_links {
                format!("/templates/{}/edit", t.id)
            } else {
                format!("/templates/{}", t.id)
            };
            let status = t.status;
            let reason = row.review_reason.clone().map(|reason| {
                view! {
                    <p class="status-reason muted">{move || i18n.fmt(Key::CreatorReviewReason, &[("reason", &reason)])}</p>
                }
            });
            let creator = show_creator.then(|| {
                let handle = t.creator.handle.clone();
                view! {
                    <td data-label=i18n.tr(Key::CreatorCreator)>
                        <A href=format!("/u/{handle}")>{format!("@{handle}")}</A>
                    </td>
                }
            });
            view! {
                <tr>
                    <th scope="row">
                        <A href=href>{t.title.clone()}</A>
                        {reason}
                    </th>
                    {creator}
                    <td data-label=i18n.tr(Key::Status)>
                        <span class=format!("badge creator-badge creator-{}", status.as_str())>{i18n.tr(template_status_key(status))}</span>
                    </td>
                    <td class="num" data-label=i18n.tr(Key::CreatorViews)>{grouped(row.views)}</td>
                    <td class="num" data-label=i18n.tr(Key::CreatorDownloads)>{grouped(row.downloads)}</td>
                    <td class="num" data-label=i18n.tr(Key::CreatorUses)>{grouped(row.uses)}</td>
                    <td class="num" data-label=i18n.tr(Key::CreatorSales)>{grouped(row.sales)}</td>
                    <td class="num" data-label=i18n.tr(Key::CreatorRevenue)>{money_text(&twd(row.revenue_minor))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack creator-stats-table" data-testid="template-stats-rows">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::CreatorTemplate)}</th>
                        {show_creator.then(|| view! { <th scope="col">{i18n.tr(Key::CreatorCreator)}</th> })}
                        <th scope="col">{i18n.tr(Key::Status)}</th>
                        <th scope="col">{i18n.tr(Key::CreatorViews)}</th>
                        <th scope="col">{i18n.tr(Key::CreatorDownloads)}</th>
                        <th scope="col">{i18n.tr(Key::CreatorUses)}</th>
                        <th scope="col">{i18n.tr(Key::CreatorSales)}</th>
                        <th scope="col">{i18n.tr(Key::CreatorRevenue)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32, views: u64, sales: u64) -> TemplateDay {
        TemplateDay {
            day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
            views,
            downloads: 1,
            uses: 0,
            sales,
            revenue_minor: sales as i64 * 15_000,
        }
    }

    #[test]
    fn the_scale_tops_out_at_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(2), 2);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(200), 200);
        assert_eq!(nice_ceiling(201), 500);
        assert_eq!(nice_ceiling(u64::MAX), u64::MAX);
    }

    #[test]
    fn lines_span_the_width_and_rise_with_the_value() {
        assert_eq!(
            polyline_points(&[0, 5, 10], 10, 600.0, 200.0),
            "0.0,200.0 300.0,100.0 600.0,0.0"
        );
        // One day sits in the middle; nothing counted lies on the axis.
        assert_eq!(polyline_points(&[0], 1, 600.0, 200.0), "300.0,200.0");
        assert_eq!(polyline_points(&[], 1, 600.0, 200.0), "");
    }

    #[test]
    fn totals_add_up_every_day() {
        let days = [day(1, 3, 1), day(2, 4, 0), day(3, 0, 2)];
        assert_eq!(
            Totals::of(&days),
            Totals {
                views: 7,
                downloads: 3,
                uses: 0,
                sales: 3,
                revenue_minor: 45_000
            }
        );
    }

    #[test]
    fn axis_days_read_in_the_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(short_day(Locale::En, d), "3 Nov");
        assert_eq!(short_day(Locale::ZhTw, d), "11月3日");
    }
}
