//! Months as the ledger counts them (statements, payout runs, sales
//! periods): Asia/Taipei (UTC+8 all year,
//! no daylight saving time), stored instants being UTC.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::templates::stats::taipei;

/// A calendar month in Taiwan, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1-12.
    month: u32,
}

impl Month {
    /// `YYYY-MM` with a month 01-12 and a year 2000-2999
    /// ([`atelier_api::valid_period`]).
    pub fn parse(s: &str) -> Option<Month> {
        if !atelier_api::valid_period(s) {
            return None;
        }
        Some(Month {
            year: s[..4].parse().ok()?,
            month: s[5..].parse().ok()?,
        })
    }

    /// The Taiwan month `at` falls in.
    pub fn of(at: DateTime<Utc>) -> Month {
        let local = at.with_timezone(&taipei());
        Month {
            year: local.year(),
            month: local.month(),
        }
    }

    /// January of `year`.
    pub fn january(year: i32) -> Month {
        Month { year, month: 1 }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The instant the month starts (midnight of its first day in Taiwan).
    pub fn start(self) -> DateTime<Utc> {
        let first = NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .unwrap_or_else(|| unreachable!("a Month holds a valid year and month"));
        // Taiwan is UTC+8 all year: local midnight is 16:00 UTC the day before.
        (first.and_time(chrono::NaiveTime::MIN) - Duration::hours(8)).and_utc()
    }

    /// The instant the next month starts (the end, exclusive).
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    /// Whether `at` falls in this month.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }

    /// `count` months ending with this one, oldest first.
    pub fn last(self, count: usize) -> Vec<Month> {
        let mut out = Vec::with_capacity(count);
        let mut m = self;
        for _ in 0..count {
            out.push(m);
            m = m.prev();
        }
        out.reverse();
        out
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The Taiwan date of an instant, `YYYY-MM-DD`.
pub fn local_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&taipei()).format("%Y-%m-%d").to_string()
}

/// The Taiwan date and time of an instant, `YYYY-MM-DD HH:MM`.
pub fn local_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&taipei())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_are_taiwan_months() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(
            m.start(),
            Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap()
        );
        assert_eq!(
            m.end(),
            Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap()
        );
        // 30 November 23:59 UTC is 1 December in Taipei.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap();
        assert_eq!(Month::of(late).to_string(), "2026-12");
        assert!(!m.contains(late));
        assert!(m.contains(late - Duration::seconds(1)));
        assert_eq!(
            Month::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            Month::parse("2027-01").unwrap().prev().to_string(),
            "2026-12"
        );
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("26-11"), None);
        let last = Month::parse("2026-02").unwrap().last(3);
        let names: Vec<String> = last.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["2025-12", "2026-01", "2026-02"]);
        assert_eq!(local_date(late), "2026-12-01");
    }
}
