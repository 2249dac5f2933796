//! A statement's lines as CSV: `date,kind,source,description,amount`, the
//! date in Asia/Taipei, the amount a plain decimal with the currency's
//! decimals (`-1234.50`).

use atelier_api::Statement;

use super::money::plain;
use super::period::local_date;
use crate::error::ApiError;

pub const HEADER: [&str; 5] = ["date", "kind", "source", "description", "amount"];

pub fn statement_csv(st: &Statement) -> Result<String, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(ApiError::internal)?;
    for l in &st.lines {
        w.write_record([
            local_date(l.occurred_at).as_str(),
            l.kind.as_str(),
            l.source.map_or("", |s| s.as_str()),
            &defuse(&l.description),
            &plain(l.amount.amount_minor, &l.amount.currency),
        ])
        .map_err(ApiError::internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::internal(e.into_error()))?;
    String::from_utf8(bytes).map_err(ApiError::internal)
}

/// A description a spreadsheet would read as a formula (`=`, `+`, `-`, `@`,
/// a tab or carriage return first; titles are written by creators) gets a
/// leading apostrophe, which spreadsheets show as text.
fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_api::{EarningLine, EarningSource, Money, TransferKind};
    use chrono::{TimeZone, Utc};

    #[test]
    fn lines_become_rows() {
        let m = |a: i64| Money {
            amount_minor: a,
            currency: "TWD".into(),
        };
        let line = |desc: &str, amount: i64| EarningLine {
            transfer_id: 1,
            occurred_at: Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap(),
            kind: TransferKind::TemplateSale,
            source: Some(EarningSource::Templates),
            reference: "order:1".into(),
            description: desc.into(),
            amount: m(amount),
            pending: false,
        };
        let st = Statement {
            user_id: 1,
            handle: "mei".into(),
            display_name: "Mei".into(),
            month: "2026-12".into(),
            currency: "TWD".into(),
            opening_balance: m(0),
            earnings: vec![],
            total_earnings: m(0),
            withholding: m(0),
            payouts: m(0),
            closing_balance: m(0),
            lines: vec![
                line("春節紅包, \"限定\"", 123_450),
                line("=HYPERLINK(1)", -5),
            ],
            generated_at: Utc::now(),
        };
        let csv = statement_csv(&st).unwrap();
        assert_eq!(
            csv,
            "date,kind,source,description,amount\n\
             2026-12-01,template_sale,templates,\"春節紅包, \"\"限定\"\"\",1234.50\n\
             2026-12-01,template_sale,templates,'=HYPERLINK(1),-0.05\n"
        );
    }
}
