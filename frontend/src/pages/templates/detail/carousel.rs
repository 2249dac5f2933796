//! A template's previews: one large at a time, previous / next buttons, thumbnails to
//! jump to one, and the arrow keys (Home and End too) while the carousel has focus.

use atelier_api::TemplatePreview;
use leptos::ev;
use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// The index after `key` is pressed on preview `at` of `len`; previous and next wrap
/// around. `None` for a key the carousel does not use.
pub fn step(at: usize, len: usize, key: &str) -> Option<usize> {
    if len == 0 {
        return None;
    }
    match key {
        "ArrowLeft" => Some((at + len - 1) % len),
        "ArrowRight" => Some((at + 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

#[component]
pub fn Carousel(previews: Vec<TemplatePreview>, #[prop(into)] title: String) -> impl IntoView {
    let i18n = use_i18n();
    let len = previews.len();
    if len == 0 {
        return view! {
            <div class="market-carousel market-no-preview" data-testid="no-preview">
                <p class="muted">{i18n.tr(Key::MarketNoPreview)}</p>
            </div>
        }
        .into_any();
    }
    let previews = StoredValue::new(previews);
    let at = RwSignal::new(0usize);
    let title = StoredValue::new(title);
    let on_key = move |ev: ev::KeyboardEvent| {
        if let Some(next) = step(at.get_untracked(), len, &ev.key()) {
            ev.prevent_default();
            at.set(next);
        }
    };
    let position = move || {
        i18n.fmt(
            Key::MarketPreviewPosition,
            &[
                ("position", &(at.get() + 1).to_string()),
                ("total", &len.to_string()),
            ],
        )
    };
    let slide = move || {
        let index = at.get();
        previews.with_value(|p| p.get(index).cloned()).map(|p| {
            let alt = move || {
                title.with_value(|t| {
                    i18n.fmt(
                        Key::MarketPreviewAlt,
                        &[
                            ("title", t),
                            ("position", &(index + 1).to_string()),
                            ("total", &len.to_string()),
                        ],
                    )
                })
            };
            view! {
                <img class="market-slide-image" src=p.url width=p.width height=p.height alt=alt data-testid="preview-image" />
            }
        })
    };
    let controls = (len > 1).then(|| {
        view! {
            <div class="market-carousel-controls">
                <button
                    type="button"
                    class="button secondary small"
                    aria-label=i18n.tr(Key::MarketPreviousPreview)
                    on:click=move |_| at.update(|i| *i = (*i + len - 1) % len)
                >
                    <span aria-hidden="true">"←"</span>
                </button>
                <p class="muted market-preview-position" aria-live="polite">{position}</p>
                <button
                    type="button"
                    class="button secondary small"
                    aria-label=i18n.tr(Key::MarketNextPreview)
                    on:click=move |_| at.update(|i| *i = (*i + 1) % len)
                >
                    <span aria-hidden="true">"→"</span>
                </button>
            </div>
            <ul class="market-thumbs" role="list">
                {previews
                    .get_value()
                    .into_iter()
                    .enumerate()
                    .map(|(index, p)| {
                        let label = move || {
                            i18n.fmt(Key::MarketShowPreview, &[("position", &(index + 1).to_string())])
                        };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="market-thumb"
                                    aria-label=label
                                    aria-current=move || (at.get() == index).then_some("true")
                                    on:click=move |_| at.set(index)
                                >
                                    <img src=p.thumbnail_url alt="" loading="lazy" decoding="async" />
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <section
            class="market-carousel"
            role="region"
            aria-roledescription=i18n.tr(Key::MarketCarousel)
            aria-label=move || title.with_value(|t| i18n.fmt(Key::MarketPreviewsOf, &[("title", t)]))
            tabindex="0"
            on:keydown=on_key
            data-testid="carousel"
        >
            <div class="market-slide">{slide}</div>
            {controls}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_and_home_end_jump() {
        assert_eq!(step(0, 3, "ArrowRight"), Some(1));
        assert_eq!(step(2, 3, "ArrowRight"), Some(0));
        assert_eq!(step(0, 3, "ArrowLeft"), Some(2));
        assert_eq!(step(1, 3, "Home"), Some(0));
        assert_eq!(step(0, 3, "End"), Some(2));
        assert_eq!(step(0, 3, "Enter"), None);
        assert_eq!(step(0, 0, "ArrowRight"), None);
    }
}
