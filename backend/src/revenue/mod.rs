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
use chrono::{DateTime, Utc};

use crate::ledger::period::Month;

pub use crate::templates::stats::taipei;

/// The first instant of period `YYYY-MM` (an Asia/Taipei month) and the
/// first instant of the next, in UTC; None when it is not a period.
pub fn period_bounds(period: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Month::parse(period).map(|m| (m.start(), m.end()))
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
