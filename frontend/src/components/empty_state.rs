//! The empty-state pattern: a list with nothing in it says so in one sentence and,
//! where there is something useful to do next, offers it as a link.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, use_i18n};

#[component]
pub fn EmptyState(
    /// The sentence: what is empty (and why, when it helps).
    #[prop(into)]
    text: Signal<String>,
    /// Where the action leads, with `action_label`.
    #[prop(optional, into)]
    action_href: Option<String>,
    #[prop(optional)] action_label: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = action_href.zip(action_label).map(|(href, label)| {
        view! { <p class="empty-state-action"><A href=href attr:class="button secondary">{i18n.tr(label)}</A></p> }
    });
    view! {
        <div class="empty-state" data-testid="empty-state">
            <p class="empty">{text}</p>
            {action}
        </div>
    }
}

/// An empty state whose sentence is one message.
#[component]
pub fn EmptyMessage(
    text: Key,
    #[prop(optional, into)] action_href: Option<String>,
    #[prop(optional)] action_label: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = Signal::derive(move || i18n.t(text).to_owned());
    match (action_href, action_label) {
        (Some(href), Some(label)) => {
            view! { <EmptyState text action_href=href action_label=label /> }.into_any()
        }
        _ => view! { <EmptyState text /> }.into_any(),
    }
}
