//! Editing a colour challenge's palette: up to eight swatches.

use super::MAX_PALETTE;
use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;

#[component]
pub(super) fn PaletteEditor(
    palette: RwSignal<Vec<(u32, String)>>,
    next_key: StoredValue<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="palette-editor">
            <legend>{i18n.tr(Key::Palette)}</legend>
            <ul class="palette-inputs" role="list">
                <For
                    each=move || palette.get()
                    key=|(k, _)| *k
                    children=move |(k, colour)| {
                        let id = format!("palette-{k}");
                        let position = move || palette.with(|p| p.iter().position(|(x, _)| *x == k).unwrap_or(0) + 1);
                        let value = Memo::new(move |_| {
                            palette.with(|p| p.iter().find(|(x, _)| *x == k).map(|(_, c)| c.clone()))
                                .unwrap_or_else(|| colour.clone())
                        });
                        view! {
                            <li class="palette-input">
                                <label for=id.clone()>
                                    {move || i18n.fmt(Key::ColourN, &[("n", &position().to_string())])}
                                </label>
                                <input
                                    id=id
                                    type="color"
                                    prop:value=value
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        palette.update(|p| {
                                            if let Some(entry) = p.iter_mut().find(|(x, _)| *x == k) {
                                                entry.1 = v;
                                            }
                                        });
                                    }
                                />
                                <code>{value}</code>
                                <button
                                    type="button"
                                    class="button danger small"
                                    aria-label=move || i18n.fmt(Key::RemoveColourN, &[("n", &position().to_string())])
                                    disabled=move || { palette.with(Vec::len) <= 1 }
                                    on:click=move |_| palette.update(|p| p.retain(|(x, _)| *x != k))
                                >
                                    <span aria-hidden="true">"✕"</span>
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <button
                type="button"
                class="button secondary small"
                disabled=move || { palette.with(Vec::len) >= MAX_PALETTE }
                on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    palette.update(|p| p.push((k, "#888888".to_owned())));
                }
            >
                {i18n.tr(Key::AddColour)}
            </button>
        </fieldset>
    }
}
