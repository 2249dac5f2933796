//! A 1-5 star rating with radio-group semantics: one tab stop (roving tabindex), arrow
//! keys, Home and End move the focus, Enter, Space or a click chooses.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

pub const MAX_STARS: i16 = 5;

/// Where a key press moves the focus from `current` (1-based), if it moves it.
pub fn step(current: i16, key: &str) -> Option<i16> {
    let next = match key {
        "ArrowRight" | "ArrowUp" => current + 1,
        "ArrowLeft" | "ArrowDown" => current - 1,
        "Home" => 1,
        "End" => MAX_STARS,
        _ => return None,
    };
    Some(next.clamp(1, MAX_STARS))
}

#[component]
pub fn StarRating(
    /// The saved score, if any.
    #[prop(into)]
    value: Signal<Option<i16>>,
    #[prop(into)] disabled: Signal<bool>,
    on_select: Callback<i16>,
) -> impl IntoView {
    let i18n = use_i18n();
    let focused = RwSignal::new(value.get_untracked().unwrap_or(1));
    // Stars light up to the hovered or focused one while choosing.
    let preview = RwSignal::new(None::<i16>);
    let refs: [NodeRef<html::Button>; MAX_STARS as usize] = std::array::from_fn(|_| NodeRef::new());

    Effect::new(move |_| {
        if let Some(v) = value.get() {
            focused.set(v);
        }
    });

    let focus_star = move |n: i16| {
        focused.set(n);
        preview.set(Some(n));
        if let Some(button) = refs.get((n - 1) as usize).and_then(NodeRef::get) {
            let _ = button.focus();
        }
    };

    let stars = (1..=MAX_STARS)
        .map(|n| {
            let node_ref = refs[(n - 1) as usize];
            let lit = move || preview.get().or(value.get()).is_some_and(|v| n <= v);
            view! {
                <button
                    type="button"
                    role="radio"
                    class="star"
                    class:lit=lit
                    node_ref=node_ref
                    aria-checked=move || if value.get() == Some(n) { "true" } else { "false" }
                    aria-label=move || i18n.count(Key::StarCount, n)
                    tabindex=move || if focused.get() == n { "0" } else { "-1" }
                    disabled=disabled
                    data-star=n
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if let Some(next) = step(n, &ev.key()) {
                            ev.prevent_default();
                            focus_star(next);
                        }
                    }
                    on:focus=move |_| {
                        focused.set(n);
                        preview.set(Some(n));
                    }
                    on:mouseenter=move |_| preview.set(Some(n))
                    // Enter and Space click a focused button, so this serves the keyboard too.
                    on:click=move |_| {
                        if !disabled.get_untracked() {
                            on_select.run(n);
                        }
                    }
                >
                    <span aria-hidden="true">"★"</span>
                </button>
            }
        })
        .collect_view();

    view! {
        <div
            class="star-rating"
            role="radiogroup"
            aria-label=i18n.tr(Key::YourRating)
            aria-disabled=move || disabled.get().to_string()
            on:mouseleave=move |_| preview.set(None)
            on:focusout=move |_| preview.set(None)
        >
            {stars}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_move_within_one_to_five() {
        assert_eq!(step(1, "ArrowRight"), Some(2));
        assert_eq!(step(5, "ArrowRight"), Some(5));
        assert_eq!(step(1, "ArrowLeft"), Some(1));
        assert_eq!(step(3, "ArrowDown"), Some(2));
        assert_eq!(step(3, "ArrowUp"), Some(4));
        assert_eq!(step(3, "Home"), Some(1));
        assert_eq!(step(3, "End"), Some(5));
        assert_eq!(step(3, "Enter"), None);
        assert_eq!(step(3, "a"), None);
    }
}
