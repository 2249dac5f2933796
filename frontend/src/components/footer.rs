//! The site footer.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{i18n.tr(Key::FooterText)}</p>
        </footer>
    }
}
