//! Monthly statements, the list of a creator's statement months and the
//! yearly tax summary, built from a creator's lines by pure functions.
//!
//! A statement counts posted lines only. Per month:
//! `opening + total_earnings - payouts = closing`, where `payouts` is every
//! posted line without an earning source (paid payouts, gross of
//! withholding), negated, and the statement's lines sum to
//! `closing - opening`.

use std::collections::BTreeMap;

use atelier_api::{
    EarningSource, MonthEarnings, Residency, SourceAmount, Statement, StatementMonth, TaxSummary,
    TransferKind,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::money::money;
use super::period::Month;
use super::read::{CreatorLine, LineQuery, creator_account, creator_lines};
use crate::entities::{payout_setting, user};
use crate::error::ApiError;

/// Whose statement it is.
#[derive(Debug, Clone)]
pub struct Owner {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
}

/// User `user_id`, or 404 `not_found`.
pub async fn owner<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Owner, ApiError> {
    let u = user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))?;
    Ok(Owner {
        id: u.id,
        handle: u.handle,
        display_name: u.display_name,
    })
}

/// Every line of creator `user_id`'s payable in `currency`, oldest first.
pub async fn all_lines<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    currency: &str,
) -> Result<Vec<CreatorLine>, ApiError> {
    match creator_account(conn, user_id, currency).await? {
        Some(account) => creator_lines(conn, account, LineQuery::default()).await,
        None => Ok(Vec::new()),
    }
}

/// The creator's latest payout settings, if any.
pub async fn latest_settings<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Option<payout_setting::Model>, ApiError> {
    Ok(payout_setting::Entity::find()
        .filter(payout_setting::Column::UserId.eq(user_id))
        .order_by_desc(payout_setting::Column::Id)
        .one(conn)
        .await?)
}

/// 422 `invalid_period`.
pub fn invalid_period(message: impl Into<String>) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_period",
        message,
    )
}

/// A month a statement may be asked for: `YYYY-MM` that has begun.
pub fn statement_month(raw: &str, now: DateTime<Utc>) -> Result<Month, ApiError> {
    let month = Month::parse(raw)
        .ok_or_else(|| invalid_period("the month must be YYYY-MM (2000-01 to 2999-12)"))?;
    if month > Month::of(now) {
        return Err(invalid_period("that month has not begun yet"));
    }
    Ok(month)
}

/// A year a tax summary may be asked for: 2000 to this year.
pub fn tax_year(year: i32, now: DateTime<Utc>) -> Result<i32, ApiError> {
    if !(2000..=Month::of(now).year()).contains(&year) {
        return Err(invalid_period("the year must be 2000 to this year"));
    }
    Ok(year)
}

/// Amounts per source, every source listed (zero when nothing was earned).
pub fn by_source(amounts: &BTreeMap<EarningSource, i64>, currency: &str) -> Vec<SourceAmount> {
    EarningSource::ALL
        .iter()
        .map(|s| SourceAmount {
            source: *s,
            amount: money(amounts.get(s).copied().unwrap_or(0), currency),
        })
        .collect()
}

/// What posted lines earned, per month and source.
#[derive(Debug, Default)]
pub struct Earned {
    pub months: BTreeMap<Month, BTreeMap<EarningSource, i64>>,
}

impl Earned {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a CreatorLine>) -> Earned {
        let mut e = Earned::default();
        for l in lines {
            if let (true, Some(source)) = (l.posted(), l.source) {
                *e.months
                    .entry(Month::of(l.occurred_at))
                    .or_default()
                    .entry(source)
                    .or_default() += l.amount;
            }
        }
        e
    }

    pub fn month(&self, month: Month, currency: &str) -> MonthEarnings {
        let empty = BTreeMap::new();
        let amounts = self.months.get(&month).unwrap_or(&empty);
        MonthEarnings {
            month: month.to_string(),
            total: money(amounts.values().sum(), currency),
            by_source: by_source(amounts, currency),
        }
    }
}

/// Creator `owner`'s statement for `month`, from all of their lines.
pub fn build(
    owner: &Owner,
    month: Month,
    currency: &str,
    lines: &[CreatorLine],
    generated_at: DateTime<Utc>,
) -> Statement {
    let (start, end) = (month.start(), month.end());
    let mut opening = 0i64;
    let mut earned: BTreeMap<EarningSource, i64> = BTreeMap::new();
    let mut payouts = 0i64;
    let mut withholding = 0i64;
    let mut in_month: Vec<&CreatorLine> = Vec::new();
    for l in lines.iter().filter(|l| l.posted()) {
        if l.occurred_at < start {
            opening += l.amount;
        } else if l.occurred_at < end {
            match l.source {
                Some(s) => *earned.entry(s).or_default() += l.amount,
                None => payouts -= l.amount,
            }
            if l.kind == TransferKind::PayoutPosted {
                withholding += l.tax;
            }
            in_month.push(l);
        }
    }
    in_month.sort_by_key(|l| (l.occurred_at, l.line_id));
    let total: i64 = earned.values().sum();
    Statement {
        user_id: owner.id,
        handle: owner.handle.clone(),
        display_name: owner.display_name.clone(),
        month: month.to_string(),
        currency: currency.to_owned(),
        opening_balance: money(opening, currency),
        earnings: by_source(&earned, currency),
        total_earnings: money(total, currency),
        withholding: money(withholding, currency),
        payouts: money(payouts, currency),
        closing_balance: money(opening + total - payouts, currency),
        lines: in_month.iter().map(|l| l.view(currency)).collect(),
        generated_at,
    }
}

/// The months creator has statements for, newest first: from the month of
/// their first line to this month (or the month of their latest line).
pub fn months(lines: &[CreatorLine], currency: &str, now: DateTime<Utc>) -> Vec<StatementMonth> {
    let Some(first) = lines.iter().map(|l| Month::of(l.occurred_at)).min() else {
        return Vec::new();
    };
    let last = lines
        .iter()
        .map(|l| Month::of(l.occurred_at))
        .max()
        .unwrap_or(first)
        .max(Month::of(now));
    // Per month: earnings and the net change of the balance.
    let mut changes: BTreeMap<Month, (i64, i64)> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.posted()) {
        let c = changes.entry(Month::of(l.occurred_at)).or_default();
        if l.source.is_some() {
            c.0 += l.amount;
        }
        c.1 += l.amount;
    }
    let mut out = Vec::new();
    let mut balance = 0i64;
    let mut m = first;
    while m <= last {
        let (earned, change) = changes.get(&m).copied().unwrap_or_default();
        balance += change;
        out.push(StatementMonth {
            month: m.to_string(),
            total_earnings: money(earned, currency),
            closing_balance: money(balance, currency),
        });
        m = m.next();
    }
    out.reverse();
    out
}

/// Creator `owner`'s totals for `year` (Asia/Taipei), for tax.
pub fn tax_summary(
    owner: &Owner,
    year: i32,
    currency: &str,
    residency: Option<Residency>,
    lines: &[CreatorLine],
) -> TaxSummary {
    let january = Month::january(year);
    let (start, end) = (january.start(), Month::january(year + 1).start());
    let in_year: Vec<&CreatorLine> = lines
        .iter()
        .filter(|l| l.posted() && start <= l.occurred_at && l.occurred_at < end)
        .collect();
    let earned = Earned::of(in_year.iter().copied());
    let mut sources: BTreeMap<EarningSource, i64> = BTreeMap::new();
    for amounts in earned.months.values() {
        for (s, a) in amounts {
            *sources.entry(*s).or_default() += a;
        }
    }
    let gross: i64 = -in_year
        .iter()
        .filter(|l| l.source.is_none())
        .map(|l| l.amount)
        .sum::<i64>();
    let tax: i64 = in_year
        .iter()
        .filter(|l| l.kind == TransferKind::PayoutPosted)
        .map(|l| l.tax)
        .sum();
    let mut months = Vec::with_capacity(12);
    let mut m = january;
    for _ in 0..12 {
        months.push(earned.month(m, currency));
        m = m.next();
    }
    TaxSummary {
        user_id: owner.id,
        handle: owner.handle.clone(),
        display_name: owner.display_name.clone(),
        year,
        currency: currency.to_owned(),
        residency,
        total_earnings: money(sources.values().sum(), currency),
        earnings: by_source(&sources, currency),
        gross_payouts: money(gross, currency),
        withholding: money(tax, currency),
        net_payouts: money(gross - tax, currency),
        months,
    }
}

/// Residency of the creator's latest payout settings.
pub async fn residency<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Option<Residency>, ApiError> {
    Ok(latest_settings(conn, user_id)
        .await?
        .and_then(|s| Residency::parse(&s.residency)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn line(id: i64, at: DateTime<Utc>, kind: TransferKind, amount: i64, tax: i64) -> CreatorLine {
        CreatorLine {
            line_id: id,
            transfer_id: id,
            amount,
            held: false,
            resolved: false,
            occurred_at: at,
            kind,
            source: kind.source(),
            reference: format!("ref:{id}"),
            memo: format!("memo {id}"),
            tax,
        }
    }

    fn owner() -> Owner {
        Owner {
            id: 7,
            handle: "mei".into(),
            display_name: "梅".into(),
        }
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 4, 0, 0).unwrap()
    }

    #[test]
    fn statements_chain_month_to_month() {
        let lines = vec![
            line(1, at(2026, 10, 3), TransferKind::TemplateSale, 5_000, 0),
            line(2, at(2026, 10, 9), TransferKind::Prize, 100_000, 0),
            line(3, at(2026, 11, 2), TransferKind::TemplateRefund, -5_000, 0),
            line(
                4,
                at(2026, 11, 5),
                TransferKind::PayoutPosted,
                -100_000,
                20_000,
            ),
            line(5, at(2026, 11, 6), TransferKind::Royalty, 1_234, 0),
            CreatorLine {
                held: true,
                ..line(6, at(2026, 11, 7), TransferKind::Payout, -1_234, 0)
            },
        ];
        let now = at(2026, 11, 28);
        let oct = build(
            &owner(),
            Month::parse("2026-10").unwrap(),
            "TWD",
            &lines,
            now,
        );
        let nov = build(
            &owner(),
            Month::parse("2026-11").unwrap(),
            "TWD",
            &lines,
            now,
        );
        for s in [&oct, &nov] {
            assert_eq!(
                s.opening_balance.amount_minor + s.total_earnings.amount_minor
                    - s.payouts.amount_minor,
                s.closing_balance.amount_minor
            );
            let sum: i64 = s.lines.iter().map(|l| l.amount.amount_minor).sum();
            assert_eq!(
                sum,
                s.closing_balance.amount_minor - s.opening_balance.amount_minor
            );
        }
        assert_eq!(oct.closing_balance, nov.opening_balance);
        assert_eq!(oct.total_earnings.amount_minor, 105_000);
        assert_eq!(nov.total_earnings.amount_minor, -5_000 + 1_234);
        assert_eq!(nov.payouts.amount_minor, 100_000);
        assert_eq!(nov.withholding.amount_minor, 20_000);
        assert_eq!(nov.closing_balance.amount_minor, 1_234);
        // The hold is not part of the statement.
        assert_eq!(nov.lines.len(), 3);
        let ms = months(&lines, "TWD", now);
        let names: Vec<&str> = ms.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(names, ["2026-11", "2026-10"]);
        assert_eq!(ms[0].closing_balance, nov.closing_balance);
        assert_eq!(ms[1].total_earnings, oct.total_earnings);

        let tax = tax_summary(&owner(), 2026, "TWD", Some(Residency::Tw), &lines);
        assert_eq!(tax.total_earnings.amount_minor, 101_234);
        assert_eq!(tax.gross_payouts.amount_minor, 100_000);
        assert_eq!(tax.withholding.amount_minor, 20_000);
        assert_eq!(tax.net_payouts.amount_minor, 80_000);
        assert_eq!(tax.months.len(), 12);
        assert_eq!(tax.months[9].total.amount_minor, 105_000);
    }

    #[test]
    fn months_must_have_begun() {
        let now = at(2026, 11, 28);
        assert!(statement_month("2026-11", now).is_ok());
        assert_eq!(
            statement_month("2026-12", now).unwrap_err().code,
            "invalid_period"
        );
        assert_eq!(
            statement_month("2026-1", now).unwrap_err().code,
            "invalid_period"
        );
        assert!(tax_year(2026, now).is_ok());
        assert!(tax_year(2027, now).is_err());
        assert!(tax_year(1999, now).is_err());
    }
}
