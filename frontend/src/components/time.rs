//! Dates shown in the reader's locale and time zone, machine-readable in `datetime`;
//! `datetime-local` form values; and a live countdown.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use leptos::prelude::*;

use crate::browser;
use crate::i18n::{Key, Locale, use_i18n};

#[component]
pub fn LocalDate(at: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <time datetime=at.to_rfc3339_opts(SecondsFormat::Secs, true)>{move || i18n.date(&at)}</time>
    }
}

#[component]
pub fn LocalDateTime(at: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <time datetime=at.to_rfc3339_opts(SecondsFormat::Secs, true)>
            {move || i18n.date_time(&at)}
        </time>
    }
}

/// The value of an `<input type="datetime-local">` for `at`, at the given UTC offset.
pub fn to_local_input(at: &DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.naive_utc() + chrono::Duration::minutes(i64::from(offset_minutes));
    local.format("%Y-%m-%dT%H:%M").to_string()
}

/// `at` as a `datetime-local` value in the browser's time zone.
pub fn browser_local_input(at: &DateTime<Utc>) -> String {
    to_local_input(
        at,
        browser::utc_offset_minutes(at.timestamp_millis() as f64),
    )
}

/// Parses a `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional).
pub fn parse_local_input(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// A `datetime-local` value, read in the browser's time zone, as a UTC instant.
pub fn local_input_to_utc(value: &str) -> Option<DateTime<Utc>> {
    use chrono::{Datelike, Timelike};
    let t = parse_local_input(value)?;
    let ms = browser::local_to_epoch_ms(t.year(), t.month(), t.day(), t.hour(), t.minute())?;
    Utc.timestamp_millis_opt(ms as i64).single()
}

/// Whole days, hours, minutes and seconds in `secs` (negative counts as zero).
pub fn split_seconds(secs: i64) -> (i64, i64, i64, i64) {
    let secs = secs.max(0);
    (
        secs / 86_400,
        (secs % 86_400) / 3_600,
        (secs % 3_600) / 60,
        secs % 60,
    )
}

/// "3d 04:05:06" style text, with the day unit translated.
pub fn countdown_text(locale: Locale, secs: i64) -> String {
    let (d, h, m, s) = split_seconds(secs);
    let clock = format!("{h:02}:{m:02}:{s:02}");
    if d > 0 {
        atelier_api::i18n::ui::format(
            locale,
            Key::CountdownDays,
            &[("days", d.into()), ("time", clock.into())],
        )
    } else {
        clock
    }
}

/// Counts down to `target` every second. `on_elapsed` runs once when it is reached
/// (the page then reloads what changed, such as a challenge's phase).
#[component]
pub fn Countdown(
    target: DateTime<Utc>,
    label: Key,
    #[prop(optional)] on_elapsed: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(browser::now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            now.try_set(browser::now_ms());
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let target_ms = target.timestamp_millis() as f64;
    let remaining = Memo::new(move |_| ((target_ms - now.get()) / 1000.0).ceil() as i64);
    let fired = StoredValue::new(false);
    Effect::new(move |_| {
        if remaining.get() <= 0 && !fired.get_value() {
            fired.set_value(true);
            if let Some(cb) = on_elapsed {
                cb.run(());
            }
        }
    });
    view! {
        <p class="countdown">
            <span class="countdown-label">{i18n.tr(label)}</span>
            " "
            // role=timer is not announced on every tick (aria-live off).
            <time
                class="countdown-value"
                role="timer"
                datetime=target.to_rfc3339_opts(SecondsFormat::Secs, true)
            >
                {move || countdown_text(i18n.locale(), remaining.get())}
            </time>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_local_values_round_trip_at_an_offset() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 20, 30, 0).unwrap();
        assert_eq!(to_local_input(&at, 8 * 60), "2026-11-22T04:30");
        assert_eq!(to_local_input(&at, -5 * 60), "2026-11-21T15:30");
        let parsed = parse_local_input("2026-11-22T04:30").unwrap();
        assert_eq!(parsed.and_utc() - chrono::Duration::hours(8), at);
        assert!(parse_local_input("2026-11-22T04:30:15").is_some());
        assert!(parse_local_input("tomorrow").is_none());
        assert!(parse_local_input("").is_none());
    }

    #[test]
    fn countdowns_show_days_then_a_clock() {
        assert_eq!(split_seconds(90_061), (1, 1, 1, 1));
        assert_eq!(countdown_text(Locale::En, 90_061), "1d 01:01:01");
        assert_eq!(countdown_text(Locale::En, 59), "00:00:59");
        assert_eq!(countdown_text(Locale::En, -5), "00:00:00");
    }
}
