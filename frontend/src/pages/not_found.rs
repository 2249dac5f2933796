//! Shown for any route the app does not know.

use leptos::prelude::*;

use crate::components::NotFound;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound /> }
}
