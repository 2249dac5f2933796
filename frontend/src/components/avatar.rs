//! A user's avatar, or their initial when they have none.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

#[component]
pub fn Avatar(
    url: Option<String>,
    #[prop(into)] name: String,
    #[prop(default = "md")] size: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("avatar avatar-{size}");
    match url {
        Some(url) => {
            let alt_name = name.clone();
            view! {
                <img
                    class=class
                    src=url
                    alt=move || i18n.fmt(Key::AvatarAlt, &[("name", &alt_name)])
                    loading="lazy"
                />
            }
            .into_any()
        }
        None => {
            let initial: String = name
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            view! {
                <span class=format!("{class} avatar-placeholder") aria-hidden="true">{initial}</span>
            }
            .into_any()
        }
    }
}
