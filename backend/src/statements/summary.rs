//! A creator's earnings page and their lines, newest first.

use std::collections::BTreeMap;

use atelier_api::{EarningLinePage, EarningSource, EarningsSummary, PayoutEstimate, Residency};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::money::money;
use super::period::Month;
use super::read::{CreatorLine, LineQuery, creator_account, creator_lines};
use super::statement::{Earned, all_lines, by_source, latest_settings};
use crate::config::LedgerSettings;
use crate::entities::payout_setting;
use crate::error::ApiError;

/// Months in the earnings page's chart.
pub const CHART_MONTHS: usize = 12;
/// Lines per page: default and largest.
pub const LINES_DEFAULT: u64 = 50;
pub const LINES_MAX: u64 = 200;

/// Creator `user_id`'s earnings page.
pub async fn earnings<C: ConnectionTrait>(
    conn: &C,
    settings: &LedgerSettings,
    user_id: i64,
) -> Result<EarningsSummary, ApiError> {
    let lines = all_lines(conn, user_id, &settings.currency).await?;
    let payout_settings = latest_settings(conn, user_id).await?;
    Ok(summarise(
        settings,
        user_id,
        &lines,
        payout_settings.as_ref(),
        Utc::now(),
    ))
}

/// The earnings page from the creator's lines and payout settings.
pub fn summarise(
    settings: &LedgerSettings,
    user_id: i64,
    lines: &[CreatorLine],
    payout_settings: Option<&payout_setting::Model>,
    now: DateTime<Utc>,
) -> EarningsSummary {
    let currency = settings.currency.as_str();
    let balance: i64 = lines.iter().filter(|l| l.posted()).map(|l| l.amount).sum();
    // A payout's hold is a debit: the creator sees it negative.
    let pending: i64 = -lines
        .iter()
        .filter(|l| l.pending())
        .map(|l| l.amount)
        .sum::<i64>();
    let available = balance - pending;
    let mut sources: BTreeMap<EarningSource, i64> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.posted()) {
        if let Some(s) = l.source {
            *sources.entry(s).or_default() += l.amount;
        }
    }
    let earned = Earned::of(lines);
    let this_month = Month::of(now);
    EarningsSummary {
        user_id,
        currency: currency.to_owned(),
        balance: money(balance, currency),
        pending_payouts: money(pending, currency),
        available: money(available, currency),
        lifetime: money(sources.values().sum(), currency),
        by_source: by_source(&sources, currency),
        by_month: this_month
            .last(CHART_MONTHS)
            .into_iter()
            .map(|m| earned.month(m, currency))
            .collect(),
        next_payout: estimate(settings, this_month, available, payout_settings),
    }
}

/// What a payout run for `period` would pay from `available`: the whole
/// available balance once it reaches the creator's threshold (their own, or
/// the default), less withholding by their residency (Taiwan until they say
/// otherwise).
pub fn estimate(
    settings: &LedgerSettings,
    period: Month,
    available: i64,
    payout_settings: Option<&payout_setting::Model>,
) -> PayoutEstimate {
    let currency = settings.currency.as_str();
    let threshold = payout_settings.map_or(settings.payout_threshold_default_minor, |s| {
        s.threshold_minor
    });
    let residency = payout_settings
        .and_then(|s| Residency::parse(&s.residency))
        .unwrap_or(Residency::Tw);
    let gross = available.max(0);
    let tax = super::withholding(settings, residency, gross);
    let reason = if payout_settings.is_none() {
        Some("no_settings".to_owned())
    } else if gross < threshold || gross == 0 {
        Some("below_threshold".to_owned())
    } else {
        None
    };
    PayoutEstimate {
        period: period.to_string(),
        gross: money(gross, currency),
        tax: money(tax, currency),
        net: money(gross - tax, currency),
        threshold: money(threshold, currency),
        eligible: reason.is_none(),
        reason,
    }
}

/// A page of creator `user_id`'s lines, newest first: posted lines and
/// holds of payouts not yet paid or failed. `cursor` is the previous page's
/// `next_cursor`.
pub async fn lines_page<C: ConnectionTrait>(
    conn: &C,
    settings: &LedgerSettings,
    user_id: i64,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<EarningLinePage, ApiError> {
    let limit = limit.unwrap_or(LINES_DEFAULT);
    if !(1..=LINES_MAX).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_limit",
            format!("limit must be 1-{LINES_MAX}"),
        ));
    }
    let before_id = cursor.map(decode_cursor).transpose()?;
    let currency = settings.currency.as_str();
    let Some(account) = creator_account(conn, user_id, currency).await? else {
        return Ok(EarningLinePage {
            items: Vec::new(),
            next_cursor: None,
        });
    };
    // One more than asked tells whether another page follows.
    let mut rows = creator_lines(
        conn,
        account,
        LineQuery {
            before_id,
            limit: Some(limit + 1),
            visible_only: true,
        },
    )
    .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if more {
        rows.last().map(|l| encode_cursor(l.line_id))
    } else {
        None
    };
    Ok(EarningLinePage {
        items: rows.iter().map(|l| l.view(currency)).collect(),
        next_cursor,
    })
}

/// The cursor after line `id` (opaque to clients).
fn encode_cursor(id: i64) -> String {
    format!("l{id}")
}

fn decode_cursor(raw: &str) -> Result<i64, ApiError> {
    raw.strip_prefix('l')
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_cursor", "the cursor is not valid for this listing")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::TransferKind;
    use chrono::TimeZone;

    fn setting(threshold: i64, residency: &str) -> payout_setting::Model {
        payout_setting::Model {
            id: 1,
            user_id: 7,
            method: "bank_transfer".into(),
            details_enc: String::new(),
            details_hint: String::new(),
            threshold_minor: threshold,
            currency: "TWD".into(),
            residency: residency.into(),
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_estimate_follows_threshold_and_residency() {
        let s = LedgerSettings::default();
        let p = Month::parse("2026-11").unwrap();
        let none = estimate(&s, p, 50_000, None);
        assert!(!none.eligible);
        assert_eq!(none.reason.as_deref(), Some("no_settings"));
        assert_eq!(
            none.threshold.amount_minor,
            s.payout_threshold_default_minor
        );
        let low = estimate(&s, p, 50_000, Some(&setting(60_000, "tw")));
        assert_eq!(low.reason.as_deref(), Some("below_threshold"));
        let ok = estimate(&s, p, 60_000, Some(&setting(60_000, "foreign")));
        assert!(ok.eligible);
        assert_eq!(ok.period, "2026-11");
        assert_eq!(ok.tax.amount_minor, 12_000);
        assert_eq!(ok.net.amount_minor, 48_000);
        let big = estimate(&s, p, 3_000_000, Some(&setting(10_000, "tw")));
        assert_eq!(big.tax.amount_minor, 300_000);
        let negative = estimate(&s, p, -5, Some(&setting(10_000, "tw")));
        assert_eq!(negative.gross.amount_minor, 0);
        assert!(!negative.eligible);
    }

    #[test]
    fn the_summary_separates_balance_holds_and_sources() {
        let at = |d: u32| Utc.with_ymd_and_hms(2026, 11, d, 4, 0, 0).unwrap();
        let line =
            |id: i64, kind: TransferKind, amount: i64, held: bool, resolved: bool| CreatorLine {
                line_id: id,
                transfer_id: id,
                amount,
                held,
                resolved,
                occurred_at: at(u32::try_from(id).unwrap()),
                kind,
                source: kind.source(),
                reference: String::new(),
                memo: String::new(),
                tax: 0,
            };
        let lines = vec![
            line(1, TransferKind::TemplateSale, 30_000, false, false),
            line(2, TransferKind::Prize, 50_000, false, false),
            line(3, TransferKind::Payout, -30_000, true, true),
            line(4, TransferKind::PayoutPosted, -30_000, false, false),
            line(5, TransferKind::Payout, -50_000, true, false),
        ];
        let s = summarise(&LedgerSettings::default(), 7, &lines, None, at(20));
        assert_eq!(s.balance.amount_minor, 50_000);
        assert_eq!(s.pending_payouts.amount_minor, 50_000);
        assert_eq!(s.available.amount_minor, 0);
        assert_eq!(s.lifetime.amount_minor, 80_000);
        assert_eq!(s.by_month.len(), 12);
        assert_eq!(s.by_month[11].month, "2026-11");
        assert_eq!(s.by_month[11].total.amount_minor, 80_000);
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        assert!(decode_cursor("42").is_err());
        assert!(decode_cursor("l-1").is_err());
    }
}
