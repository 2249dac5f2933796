//! Amounts in minor units written for people (`NT$1,234.50`) and for
//! spreadsheets (`1234.50`), with the currency's decimals.

use atelier_api::{Money, minor_units_per_major};

pub fn money(amount_minor: i64, currency: &str) -> Money {
    Money {
        amount_minor,
        currency: currency.to_owned(),
    }
}

/// Digits after the decimal point in `currency` (ISO 4217 exponent).
pub fn decimals(currency: &str) -> usize {
    let mut per = minor_units_per_major(currency);
    let mut digits = 0;
    while per >= 10 {
        per /= 10;
        digits += 1;
    }
    digits
}

/// `-1234.50`: a plain decimal, no grouping, no symbol.
pub fn plain(amount_minor: i64, currency: &str) -> String {
    let (sign, whole, frac) = parts(amount_minor, currency);
    match frac {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    }
}

/// `-NT$1,234.50`: the currency's symbol, thousands separators and decimals.
pub fn display(amount_minor: i64, currency: &str) -> String {
    let (sign, whole, frac) = parts(amount_minor, currency);
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let symbol = symbol(currency);
    match frac {
        Some(f) => format!("{sign}{symbol}{grouped}.{f}"),
        None => format!("{sign}{symbol}{grouped}"),
    }
}

fn symbol(currency: &str) -> String {
    match currency {
        "TWD" => "NT$".into(),
        "USD" => "US$".into(),
        "HKD" => "HK$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

/// Sign, whole units and the fraction's digits (None without decimals).
fn parts(amount_minor: i64, currency: &str) -> (&'static str, String, Option<String>) {
    let sign = if amount_minor < 0 { "-" } else { "" };
    let abs = amount_minor.unsigned_abs();
    let digits = decimals(currency);
    if digits == 0 {
        return (sign, abs.to_string(), None);
    }
    let per = 10u64.pow(u32::try_from(digits).unwrap_or(2));
    (
        sign,
        (abs / per).to_string(),
        Some(format!("{:0digits$}", abs % per)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(display(123_450, "TWD"), "NT$1,234.50");
        assert_eq!(display(-123_450, "TWD"), "-NT$1,234.50");
        assert_eq!(display(5, "TWD"), "NT$0.05");
        assert_eq!(display(0, "TWD"), "NT$0.00");
        assert_eq!(display(10_000_000_000, "TWD"), "NT$100,000,000.00");
        assert_eq!(display(12_345, "JPY"), "¥12,345");
        assert_eq!(display(99_999, "CHF"), "CHF 999.99");
        assert_eq!(display(i64::MIN, "TWD"), "-NT$92,233,720,368,547,758.08");
        assert_eq!(plain(123_450, "TWD"), "1234.50");
        assert_eq!(plain(-7, "TWD"), "-0.07");
        assert_eq!(plain(-7, "JPY"), "-7");
        assert_eq!(decimals("TWD"), 2);
        assert_eq!(decimals("KRW"), 0);
    }
}
