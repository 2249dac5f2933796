//! Shown for any route the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, use_i18n, use_title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(Key::NotFoundTitle);
    view! {
        <section class="not-found narrow" data-testid="not-found">
            <p class="big-number" aria-hidden="true">"404"</p>
            <h1>{i18n.tr(Key::NotFoundTitle)}</h1>
            <p>{i18n.tr(Key::NotFoundBody)}</p>
            <p><A href="/" attr:class="button">{i18n.tr(Key::BackHome)}</A></p>
        </section>
    }
}
