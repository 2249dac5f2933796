//! A creator's earnings: the summary at `/me/earnings` (balance, the next
//! payout, a chart by month and source, the latest lines), payout settings and
//! payouts at `/me/earnings/payout`, monthly statements and the yearly tax
//! summary. The pieces that show a summary, a statement or a payout are shared
//! with the finance staff's pages (`pages/finance`).

mod chart;
mod overview;
mod payout;
mod statements;

pub use chart::MonthChart;
pub use overview::{EarningsPage, EarningsSummaryView, never_earned};
pub use payout::{PayoutHistory, PayoutSettingsPage};
pub use statements::{StatementPage, StatementView, StatementsPage, TaxSummaryPage};

use atelier_api::{
    EarningLine, EarningSource, Money, PayoutMethod, PayoutStatus, Residency, TransferKind,
    minor_units_per_major,
};
use chrono::{DateTime, Datelike, FixedOffset, Offset, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::LocalDate;
use crate::i18n::{I18n, Key, Locale, use_i18n};
use crate::pages::templates::labels::format_money;
use crate::session::Session;

/// An amount in the reader's locale (tracked).
pub fn money(i18n: I18n, amount: &Money) -> String {
    format_money(i18n.locale(), amount)
}

/// `YYYY-MM` as a reader says it: "Nov 2026", "2026年11月"; anything else as it is.
pub fn month_label(locale: Locale, month: &str) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parsed = month.split_once('-').and_then(|(y, m)| {
        let y: i32 = y.parse().ok()?;
        let m: usize = m.parse().ok()?;
        (month.len() == 7 && (1..=12).contains(&m)).then_some((y, m))
    });
    match (parsed, locale) {
        (Some((y, m)), Locale::En) => format!("{} {y}", EN[m - 1]),
        (Some((y, m)), Locale::ZhTw) => format!("{y}年{m}月"),
        (None, _) => month.to_owned(),
    }
}

/// Taipei's offset (UTC+8, no daylight saving): periods are Taipei months.
fn taipei() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The Taipei month (`YYYY-MM`) of an instant.
pub fn month_of(at: &DateTime<Utc>) -> String {
    at.with_timezone(&taipei()).format("%Y-%m").to_string()
}

/// The month before `month` (`YYYY-MM`); `None` when it is not a month.
pub fn month_before(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(if m == 1 {
        format!("{}-12", y - 1)
    } else {
        format!("{y}-{:02}", m - 1)
    })
}

/// The last month that is over (Taipei): what a payout run is usually for.
pub fn previous_month() -> String {
    let now = month_of(&browser::now_utc());
    month_before(&now).unwrap_or(now)
}

/// This year in Taipei.
pub fn current_year() -> i32 {
    browser::now_utc().with_timezone(&taipei()).year()
}

/// Minor units from an amount typed in major units ("1,500", "1500.5"); `None`
/// when it is not one (more decimals than the currency has, a sign, letters).
pub fn parse_amount(text: &str, currency: &str) -> Option<i64> {
    let per = minor_units_per_major(currency).max(1);
    let digits = per.to_string().len() - 1;
    let text: String = text.trim().chars().filter(|c| *c != ',').collect();
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty()
        || !all_digits(whole)
        || !all_digits(frac)
        || frac.len() > digits
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<digits$}").parse().ok()?
    };
    whole.checked_mul(per)?.checked_add(frac)
}

/// Minor units as a value for an amount field: "1500", "1500.50".
pub fn amount_input(amount_minor: i64, currency: &str) -> String {
    let per = minor_units_per_major(currency).max(1);
    let digits = per.to_string().len() - 1;
    let (major, rest) = (amount_minor / per, (amount_minor % per).abs());
    if rest == 0 {
        major.to_string()
    } else {
        format!("{major}.{rest:0digits$}")
    }
}

pub fn source_key(source: EarningSource) -> Key {
    match source {
        EarningSource::Templates => Key::EarnSourceTemplates,
        EarningSource::Royalties => Key::EarnSourceRoyalties,
        EarningSource::Prizes => Key::EarnSourcePrizes,
        EarningSource::Workshops => Key::EarnSourceWorkshops,
        EarningSource::Reposts => Key::EarnSourceReposts,
    }
}

/// The chart's order of sources (and their colours, `earn-src-<source>`).
pub const SOURCES: [EarningSource; 5] = [
    EarningSource::Templates,
    EarningSource::Royalties,
    EarningSource::Prizes,
    EarningSource::Workshops,
    EarningSource::Reposts,
];

pub fn kind_key(kind: TransferKind) -> Key {
    match kind {
        TransferKind::TemplateSale => Key::EarnKindTemplateSale,
        TransferKind::TemplateRefund => Key::EarnKindTemplateRefund,
        TransferKind::Royalty => Key::EarnKindRoyalty,
        TransferKind::RoyaltyReversal => Key::EarnKindRoyaltyReversal,
        TransferKind::Prize => Key::EarnKindPrize,
        TransferKind::Workshop => Key::EarnKindWorkshop,
        TransferKind::WorkshopRefund => Key::EarnKindWorkshopRefund,
        TransferKind::Repost => Key::EarnKindRepost,
        TransferKind::Payout => Key::EarnKindPayout,
        TransferKind::PayoutPosted => Key::EarnKindPayoutPosted,
        TransferKind::PayoutVoided => Key::EarnKindPayoutVoided,
        TransferKind::Reversal => Key::EarnKindReversal,
    }
}

pub fn payout_status_key(status: PayoutStatus) -> Key {
    match status {
        PayoutStatus::Pending => Key::PayoutStatusPending,
        PayoutStatus::Approved => Key::PayoutStatusApproved,
        PayoutStatus::Paid => Key::PayoutStatusPaid,
        PayoutStatus::Failed => Key::PayoutStatusFailed,
    }
}

pub fn method_key(method: PayoutMethod) -> Key {
    match method {
        PayoutMethod::BankTransfer => Key::PayoutMethodBankTransfer,
        PayoutMethod::Paypal => Key::PayoutMethodPaypal,
    }
}

pub fn residency_key(residency: Residency) -> Key {
    match residency {
        Residency::Tw => Key::PayoutResidencyTw,
        Residency::Foreign => Key::PayoutResidencyForeign,
    }
}

/// Why a creator is not paid (`no_settings`, `below_threshold`); `None` for a
/// reason this app does not know (shown as sent).
pub fn not_paid_key(reason: &str) -> Option<Key> {
    match reason {
        "no_settings" => Some(Key::EarnReasonNoSettings),
        "below_threshold" => Some(Key::EarnReasonBelowThreshold),
        _ => None,
    }
}

/// A payout status as a badge.
#[component]
pub fn PayoutStatusBadge(status: PayoutStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge payout-status payout-{}", status.as_str()) data-testid="payout-status">
            {i18n.tr(payout_status_key(status))}
        </span>
    }
}

/// The sub-navigation of the earnings pages.
#[component]
pub fn EarningsNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav" aria-label=i18n.tr(Key::EarnNavLabel)>
            <ul role="list">
                <li><A href="/me/earnings" exact=true>{i18n.tr(Key::EarnNavSummary)}</A></li>
                <li><A href="/me/earnings/payout">{i18n.tr(Key::EarnNavPayout)}</A></li>
                <li><A href="/me/earnings/statements">{i18n.tr(Key::EarnNavStatements)}</A></li>
            </ul>
        </nav>
    }
}

/// A button that fetches a protected file with the bearer token and has the
/// browser save it (a plain link cannot send the token).
#[component]
pub fn DownloadButton(
    /// The API path (under `/api/v1`).
    path: String,
    /// The file's name when the server does not give one.
    fallback_name: String,
    /// What the button says.
    #[prop(into)]
    label: Signal<String>,
    /// A longer name for screen readers ("Download the PDF of Nov 2026").
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let session = crate::session::use_session();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let path = StoredValue::new(path);
    let fallback_name = StoredValue::new(fallback_name);
    let click = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result =
                save_download(session, &path.get_value(), &fallback_name.get_value()).await;
            error.try_set(result.err());
            busy.try_set(false);
        });
    };
    let class = if small {
        "button secondary small"
    } else {
        "button secondary"
    };
    view! {
        <span class="download-action">
            <button
                type="button"
                class=class
                disabled=move || busy.get()
                aria-label=move || aria_label.map(|l| l.get())
                on:click=click
            >
                {label}
            </button>
            {move || error.get().map(|error| view! { <crate::components::ErrorBox error /> })}
        </span>
    }
}

/// Fetches `path` with the token and saves it as a file.
pub async fn save_download(
    session: Session,
    path: &str,
    fallback_name: &str,
) -> Result<(), ApiError> {
    let file = api::download(session, path).await?;
    let name = file
        .filename
        .clone()
        .unwrap_or_else(|| fallback_name.to_owned());
    browser::save_file(&file.bytes, &file.content_type, &name).map_err(ApiError::network)
}

/// Where an earning line's reference leads, when it names something with a page.
fn reference_href(reference: &str) -> Option<String> {
    let (kind, rest) = reference.split_once(':')?;
    let id = rest.split(':').next()?;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match kind {
        "template" => Some(format!("/templates/{id}")),
        _ => None,
    }
}

/// Earning lines as a table (stacked cards on phones).
#[component]
pub fn EarningLines(#[prop(into)] lines: Signal<Vec<EarningLine>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        lines
            .get()
            .into_iter()
            .map(|line| {
                let amount = line.amount.clone();
                let negative = amount.amount_minor < 0;
                let description = if line.description.is_empty() {
                    line.reference.clone()
                } else {
                    line.description.clone()
                };
                let what = match reference_href(&line.reference) {
                    Some(href) => view! { <A href=href>{description}</A> }.into_any(),
                    None => view! { <span>{description}</span> }.into_any(),
                };
                let source = line.source;
                view! {
                    <tr data-testid="earning-line">
                        <td data-label=i18n.tr(Key::EarnDate)><LocalDate at=line.occurred_at /></td>
                        <th scope="row">
                            {what}
                            <br />
                            <span class="muted">{i18n.tr(kind_key(line.kind))}</span>
                            {line.pending.then(|| view! {
                                " " <span class="badge payout-pending">{i18n.tr(Key::EarnHeld)}</span>
                            })}
                        </th>
                        <td data-label=i18n.tr(Key::EarnSource)>
                            {move || source.map(|s| i18n.t(source_key(s))).unwrap_or("—")}
                        </td>
                        <td class="num" class:negative=negative data-label=i18n.tr(Key::EarnAmount)>
                            {move || money(i18n, &amount)}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-wrap">
            <table class="table stack earning-lines">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::EarnDate)}</th>
                        <th scope="col">{i18n.tr(Key::EarnDescription)}</th>
                        <th scope="col">{i18n.tr(Key::EarnSource)}</th>
                        <th scope="col" class="num">{i18n.tr(Key::EarnAmount)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// What a page shows when loading what its address names failed: the
/// not-found page for a 404, else its heading and the error.
#[component]
pub fn PageError(error: ApiError, title: Key) -> impl IntoView {
    let i18n = use_i18n();
    if error.status == 404 {
        view! { <crate::components::NotFound /> }.into_any()
    } else {
        view! {
            <h1>{i18n.tr(title)}</h1>
            <crate::components::ErrorBox error />
        }
        .into_any()
    }
}

/// A figure with its name, for the summary cards.
#[component]
pub fn Figure(
    label: Key,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] testid: &'static str,
    #[prop(optional)] note: Option<Key>,
    #[prop(optional)] emphasis: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card fin-figure" class:fin-figure-main=emphasis>
            <span class="fin-figure-label">{i18n.tr(label)}</span>
            <span class="fin-figure-value" data-testid=(!testid.is_empty()).then_some(testid)>{value}</span>
            {note.map(|n| view! { <span class="fin-figure-note muted">{i18n.tr(n)}</span> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_read_in_the_readers_language() {
        assert_eq!(month_label(Locale::En, "2026-11"), "Nov 2026");
        assert_eq!(month_label(Locale::ZhTw, "2026-01"), "2026年1月");
        assert_eq!(month_label(Locale::En, "2026-13"), "2026-13");
        assert_eq!(month_label(Locale::En, "soon"), "soon");
    }

    #[test]
    fn months_are_taipei_months() {
        // 16:30 UTC on 31 October is already November in Taipei.
        let at = Utc.with_ymd_and_hms(2026, 10, 31, 16, 30, 0).unwrap();
        assert_eq!(month_of(&at), "2026-11");
        assert_eq!(month_before("2026-11").as_deref(), Some("2026-10"));
        assert_eq!(month_before("2026-01").as_deref(), Some("2025-12"));
        assert_eq!(month_before("2026-00"), None);
    }

    #[test]
    fn amounts_are_read_in_major_units() {
        assert_eq!(parse_amount("1500", "TWD"), Some(150_000));
        assert_eq!(parse_amount("1,500.5", "TWD"), Some(150_050));
        assert_eq!(parse_amount(" 0.05 ", "TWD"), Some(5));
        assert_eq!(parse_amount(".5", "TWD"), Some(50));
        assert_eq!(parse_amount("1.005", "TWD"), None);
        assert_eq!(parse_amount("-3", "TWD"), None);
        assert_eq!(parse_amount("", "TWD"), None);
        assert_eq!(parse_amount("12a", "TWD"), None);
        assert_eq!(parse_amount("1500", "JPY"), Some(1500));
        assert_eq!(parse_amount("1500.5", "JPY"), None);
        assert_eq!(amount_input(150_050, "TWD"), "1500.50");
        assert_eq!(amount_input(10_000, "TWD"), "100");
    }

    #[test]
    fn template_references_link_to_the_template() {
        assert_eq!(
            reference_href("template:12").as_deref(),
            Some("/templates/12")
        );
        assert_eq!(reference_href("product:3:2026-11"), None);
        assert_eq!(reference_href("template:x"), None);
    }
}
