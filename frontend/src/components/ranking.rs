//! Building an ordered list (a ranked ballot, the winners in place order) with the mouse
//! (HTML5 drag and drop) or the keyboard (add, move up, move down and remove buttons).
//! The order is the number shown next to each item, and every change is announced.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser;
use crate::i18n::{Key, use_i18n};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub image_url: Option<String>,
}

/// Moves `id` by `delta` places, staying within the list.
pub fn move_by(list: &mut Vec<i64>, id: i64, delta: isize) {
    if let Some(from) = list.iter().position(|x| *x == id) {
        let to = from
            .saturating_add_signed(delta)
            .min(list.len().saturating_sub(1));
        let item = list.remove(from);
        list.insert(to, item);
    }
}

/// Puts `id` just before `before` (at the end when `None` or not in the list), taking it
/// out of its old place first.
pub fn place_before(list: &mut Vec<i64>, id: i64, before: Option<i64>) {
    if Some(id) == before {
        return;
    }
    list.retain(|x| *x != id);
    match before.and_then(|b| list.iter().position(|x| *x == b)) {
        Some(at) => list.insert(at, id),
        None => list.push(id),
    }
}

/// Ids this builder's buttons use, so focus can follow an item that moved lists.
fn add_button_id(prefix: &str, id: i64) -> String {
    format!("{prefix}-add-{id}")
}

fn remove_button_id(prefix: &str, id: i64) -> String {
    format!("{prefix}-remove-{id}")
}

fn move_button_id(prefix: &str, direction: &str, id: i64) -> String {
    format!("{prefix}-{direction}-{id}")
}

#[component]
pub fn RankingBuilder(
    /// Everything that may be ranked, in listing order.
    choices: Vec<Choice>,
    /// The ranking being built (ids, first place first).
    ranked: RwSignal<Vec<i64>>,
    /// At most this many may be ranked.
    #[prop(optional)]
    max: Option<usize>,
    /// Prefix for element ids (two builders on one page must differ).
    #[prop(into)]
    id_prefix: String,
    ranked_heading: Key,
    unranked_heading: Key,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = StoredValue::new(choices);
    let prefix = StoredValue::new(id_prefix);
    let announcement = RwSignal::new(String::new());
    let dragging = StoredValue::new(None::<i64>);
    let drop_target = RwSignal::new(None::<Option<i64>>);

    let label_of = move |id: i64| {
        choices.with_value(|cs| {
            cs.iter()
                .find(|c| c.id == id)
                .map(|c| c.label.clone())
                .unwrap_or_default()
        })
    };
    let full = move || max.is_some_and(|m| ranked.with(Vec::len) >= m);
    let announce_place = move |id: i64| {
        let place = ranked
            .with_untracked(|r| r.iter().position(|x| *x == id))
            .map(|p| p + 1);
        let text = match place {
            Some(n) => i18n.fmt(
                Key::RankAnnounce,
                &[("label", &label_of(id)), ("n", &n.to_string())],
            ),
            None => i18n.fmt(Key::RankRemovedAnnounce, &[("label", &label_of(id))]),
        };
        announcement.set(text);
    };
    // Focus moves after the DOM has caught up with the change.
    let focus_later = move |element_id: String| {
        set_timeout(
            move || browser::focus_id(&element_id),
            Duration::from_millis(0),
        );
    };

    let add = move |id: i64| {
        if disabled.get_untracked() || full() {
            return;
        }
        // The next unranked option keeps the focus in the list the user is working in.
        let next_unranked = choices.with_value(|cs| {
            ranked.with_untracked(|r| {
                let rest: Vec<i64> = cs
                    .iter()
                    .map(|c| c.id)
                    .filter(|c| !r.contains(c) && *c != id)
                    .collect();
                let pos = cs.iter().position(|c| c.id == id).unwrap_or(0);
                rest.iter()
                    .copied()
                    .find(|c| cs.iter().position(|x| x.id == *c).unwrap_or(0) > pos)
                    .or_else(|| rest.last().copied())
            })
        });
        ranked.update(|r| place_before(r, id, None));
        announce_place(id);
        let target = match next_unranked {
            Some(next) if !full() => add_button_id(&prefix.get_value(), next),
            _ => remove_button_id(&prefix.get_value(), id),
        };
        focus_later(target);
    };
    let remove = move |id: i64| {
        if disabled.get_untracked() {
            return;
        }
        ranked.update(|r| r.retain(|x| *x != id));
        announce_place(id);
        focus_later(add_button_id(&prefix.get_value(), id));
    };
    let shift = move |id: i64, delta: isize| {
        if disabled.get_untracked() {
            return;
        }
        ranked.update(|r| move_by(r, id, delta));
        announce_place(id);
    };
    let drop_on = move |before: Option<i64>| {
        drop_target.set(None);
        if disabled.get_untracked() {
            return;
        }
        if let Some(id) = dragging.get_value() {
            let already = ranked.with_untracked(|r| r.contains(&id));
            if already || !full() {
                ranked.update(|r| place_before(r, id, before));
                announce_place(id);
            }
        }
        dragging.set_value(None);
    };
    let on_drag_start = move |ev: leptos::ev::DragEvent, id: i64| {
        dragging.set_value(Some(id));
        if let Some(dt) = ev.data_transfer() {
            // Some browsers start a drag only when it carries data.
            let _ = dt.set_data("text/plain", &label_of(id));
            dt.set_effect_allowed("move");
        }
    };

    let unranked_items = move || {
        let r = ranked.get();
        choices.with_value(|cs| {
            cs.iter()
                .filter(|c| !r.contains(&c.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let image_of = move |id: i64| {
        choices.with_value(|cs| {
            cs.iter()
                .find(|c| c.id == id)
                .and_then(|c| c.image_url.clone())
        })
    };
    let ranked_heading_id = format!("{}-ranked-heading", prefix.get_value());
    let unranked_heading_id = format!("{}-unranked-heading", prefix.get_value());

    view! {
        <div class="ranking-builder">
            <p class="hint ranking-hint">{i18n.tr(Key::RankingHint)}</p>
            <div class="ranking-column">
                <h3 id=ranked_heading_id.clone()>{i18n.tr(ranked_heading)}</h3>
                <ol
                    class="ranking-list"
                    class:drop-here=move || drop_target.get() == Some(None)
                    aria-labelledby=ranked_heading_id
                    on:dragover=move |ev: leptos::ev::DragEvent| {
                        ev.prevent_default();
                        if drop_target.get_untracked().is_none() {
                            drop_target.set(Some(None));
                        }
                    }
                    on:dragleave=move |_| drop_target.set(None)
                    on:drop=move |ev: leptos::ev::DragEvent| {
                        ev.prevent_default();
                        drop_on(None);
                    }
                >
                    <For
                        each=move || ranked.get()
                        key=|id| *id
                        children=move |id| {
                            let index = Memo::new(move |_| {
                                ranked.with(|r| r.iter().position(|x| *x == id).unwrap_or(0))
                            });
                            let count = move || ranked.with(Vec::len);
                            let label = label_of(id);
                            let label_up = label.clone();
                            let label_down = label.clone();
                            let label_remove = label.clone();
                            let up_id = move_button_id(&prefix.get_value(), "up", id);
                            let down_id = move_button_id(&prefix.get_value(), "down", id);
                            let refocus_up = up_id.clone();
                            let refocus_down = down_id.clone();
                            view! {
                                <li
                                    class="ranking-item"
                                    class:drop-before=move || drop_target.get() == Some(Some(id))
                                    draggable="true"
                                    data-option-id=id
                                    on:dragstart=move |ev: leptos::ev::DragEvent| on_drag_start(ev, id)
                                    on:dragend=move |_| drop_target.set(None)
                                    on:dragover=move |ev: leptos::ev::DragEvent| {
                                        ev.prevent_default();
                                        ev.stop_propagation();
                                        drop_target.set(Some(Some(id)));
                                    }
                                    on:drop=move |ev: leptos::ev::DragEvent| {
                                        ev.prevent_default();
                                        ev.stop_propagation();
                                        drop_on(Some(id));
                                    }
                                >
                                    <span class="rank-number" aria-hidden="true">{move || index.get() + 1}</span>
                                    <span class="drag-handle" aria-hidden="true">"⠿"</span>
                                    {image_of(id).map(|src| view! { <img class="choice-thumb" src=src alt="" loading="lazy" /> })}
                                    <span class="ranking-label">
                                        <span class="visually-hidden">{move || format!("{}. ", index.get() + 1)}</span>
                                        {label.clone()}
                                    </span>
                                    <span class="ranking-actions">
                                        <button
                                            type="button"
                                            class="button secondary small icon"
                                            id=up_id
                                            aria-label=move || i18n.fmt(Key::MoveUp, &[("label", &label_up)])
                                            aria-disabled=move || (index.get() == 0 || disabled.get()).to_string()
                                            on:click=move |_| {
                                                if index.get_untracked() > 0 {
                                                    shift(id, -1);
                                                    focus_later(refocus_up.clone());
                                                }
                                            }
                                        >
                                            <span aria-hidden="true">"↑"</span>
                                        </button>
                                        <button
                                            type="button"
                                            class="button secondary small icon"
                                            id=down_id
                                            aria-label=move || i18n.fmt(Key::MoveDown, &[("label", &label_down)])
                                            aria-disabled=move || (index.get() + 1 >= count() || disabled.get()).to_string()
                                            on:click=move |_| {
                                                if index.get_untracked() + 1 < ranked.with_untracked(Vec::len) {
                                                    shift(id, 1);
                                                    focus_later(refocus_down.clone());
                                                }
                                            }
                                        >
                                            <span aria-hidden="true">"↓"</span>
                                        </button>
                                        <button
                                            type="button"
                                            class="button danger small icon"
                                            id=remove_button_id(&prefix.get_value(), id)
                                            aria-label=move || i18n.fmt(Key::RemoveFromRanking, &[("label", &label_remove)])
                                            aria-disabled=move || disabled.get().to_string()
                                            on:click=move |_| remove(id)
                                        >
                                            <span aria-hidden="true">"✕"</span>
                                        </button>
                                    </span>
                                </li>
                            }
                        }
                    />
                </ol>
                <Show when=move || ranked.with(Vec::is_empty)>
                    <p class="empty ranking-empty">{i18n.tr(Key::RankingEmpty)}</p>
                </Show>
            </div>
            <div class="ranking-column">
                <h3 id=unranked_heading_id.clone()>{i18n.tr(unranked_heading)}</h3>
                <ul class="unranked-list" role="list" aria-labelledby=unranked_heading_id>
                    <For
                        each=unranked_items
                        key=|c| c.id
                        children=move |choice| {
                            let id = choice.id;
                            let label = choice.label.clone();
                            view! {
                                <li
                                    class="unranked-item"
                                    draggable="true"
                                    data-option-id=id
                                    on:dragstart=move |ev: leptos::ev::DragEvent| on_drag_start(ev, id)
                                >
                                    {choice.image_url.clone().map(|src| view! { <img class="choice-thumb" src=src alt="" loading="lazy" /> })}
                                    <span class="ranking-label">{choice.label.clone()}</span>
                                    <button
                                        type="button"
                                        class="button secondary small"
                                        id=add_button_id(&prefix.get_value(), id)
                                        aria-label=move || i18n.fmt(Key::AddToRanking, &[("label", &label)])
                                        aria-disabled=move || (full() || disabled.get()).to_string()
                                        on:click=move |_| add(id)
                                    >
                                        {i18n.tr(Key::Add)}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
                <Show when=move || full()>
                    <p class="hint">{i18n.tr(Key::RankingFull)}</p>
                </Show>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_up_and_down_within_bounds() {
        let mut list = vec![1, 2, 3];
        move_by(&mut list, 3, -1);
        assert_eq!(list, [1, 3, 2]);
        move_by(&mut list, 3, -5);
        assert_eq!(list, [3, 1, 2]);
        move_by(&mut list, 1, 9);
        assert_eq!(list, [3, 2, 1]);
        move_by(&mut list, 42, 1);
        assert_eq!(list, [3, 2, 1]);
    }

    #[test]
    fn dropping_places_an_item_before_the_target() {
        let mut list = vec![1, 2, 3];
        place_before(&mut list, 3, Some(1));
        assert_eq!(list, [3, 1, 2]);
        place_before(&mut list, 3, None);
        assert_eq!(list, [1, 2, 3]);
        place_before(&mut list, 4, Some(2));
        assert_eq!(list, [1, 4, 2, 3]);
        place_before(&mut list, 2, Some(2));
        assert_eq!(list, [1, 4, 2, 3]);
    }
}
