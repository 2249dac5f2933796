//! Dates shown in the reader's locale and time zone, machine-readable in `datetime`.

use chrono::{DateTime, SecondsFormat, Utc};
use leptos::prelude::*;

use crate::i18n::use_i18n;

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
