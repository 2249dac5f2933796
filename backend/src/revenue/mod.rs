//! Creator earnings from templates, co-created products and prizes: revenue
//! agreements, the postings each source makes, product sales imports and
//! prizes. Every posting goes through [`crate::ledger`] (conventions in the
//! ledger contract):
//!
//! - **Template sales** ([`sales`]): an order's `paid` event posts the sale
//!   in its transaction (`order:<id>:sale`: payment clearing debited, the
//!   creators' share credited to them by the template's agreement, the rest
//!   to platform revenue); its `refunded` event reverses it. At start-up
//!   [`sales::catch_up`] posts any event that has no transfer yet.
//! - **Royalties** ([`imports`]): net sales of a product per period, each
//!   correction a new revision that reverses the previous royalty and posts
//!   the new one (`royalty:<product>:<period>:r<revision>`).
//! - **Prizes** ([`prizes`]): confirmed winners receive their place's prize
//!   once (`prize:<challenge>:<place>`).
//!
//! Who shares how much is an agreement ([`agreements`]) per template,
//! product or workshop.

pub mod agreements;
pub mod demo;
pub mod imports;
pub mod prizes;
pub mod products;
pub mod routes;
pub mod sales;

use atelier_api::Money;
use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

/// Asia/Taipei: UTC+8, no daylight saving time.
pub fn taipei() -> FixedOffset {
    // 8 hours is within ±24 h, so east_opt always answers Some.
    FixedOffset::east_opt(8 * 3600).unwrap_or(Utc.fix())
}

/// The first instant of period `YYYY-MM` (an Asia/Taipei month) and the
/// first instant of the next, in UTC; None when it is not a period.
pub fn period_bounds(period: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if !atelier_api::valid_period(period) {
        return None;
    }
    let year: i32 = period.get(..4)?.parse().ok()?;
    let month: u32 = period.get(5..)?.parse().ok()?;
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let start = NaiveDate::from_ymd_opt(year, month, 1)?.and_hms_opt(0, 0, 0)?;
    let end = NaiveDate::from_ymd_opt(ny, nm, 1)?.and_hms_opt(0, 0, 0)?;
    let tz = taipei();
    Some((
        tz.from_local_datetime(&start).single()?.with_timezone(&Utc),
        tz.from_local_datetime(&end).single()?.with_timezone(&Utc),
    ))
}

pub fn money(amount_minor: i64, currency: &str) -> Money {
    Money {
        amount_minor,
        currency: currency.to_owned(),
    }
}

/// Three capital letters (ISO 4217's shape).
pub fn valid_currency(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_taipei_months() {
        let (start, end) = period_bounds("2026-11").unwrap();
        assert_eq!(start.to_rfc3339(), "2026-10-31T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-30T16:00:00+00:00");
        let (_, end) = period_bounds("2026-12").unwrap();
        assert_eq!(end.to_rfc3339(), "2026-12-31T16:00:00+00:00");
        assert!(period_bounds("2026-13").is_none());
    }
}
