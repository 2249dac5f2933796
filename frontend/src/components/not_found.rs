//! The not-found pattern: a page or a thing (a challenge, an entry, a poll, a member)
//! that does not exist. A heading, one sentence, a way back, and a real tab title in
//! the reader's language. Pages show it for an unknown route and, through
//! [`LoadError`], for a 404 answer when they load what their address names.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::components::ErrorBox;
use crate::i18n::{Key, use_i18n, use_title};

/// What was not found decides the sentence and where "back" leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// An address the app does not know.
    #[default]
    Page,
    Challenge,
    Entry,
    Poll,
    User,
}

impl Missing {
    fn body(self) -> Key {
        match self {
            Missing::Page => Key::NotFoundBody,
            Missing::Challenge => Key::NotFoundChallenge,
            Missing::Entry => Key::NotFoundEntry,
            Missing::Poll => Key::NotFoundPoll,
            Missing::User => Key::NotFoundUser,
        }
    }

    /// Where "back" leads and what the link says.
    fn way_back(self) -> (&'static str, Key) {
        match self {
            Missing::Challenge | Missing::Entry => ("/challenges", Key::BackToChallenges),
            Missing::Poll => ("/polls", Key::BackToPolls),
            Missing::Page | Missing::User => ("/", Key::BackHome),
        }
    }
}

#[component]
pub fn NotFound(#[prop(optional)] missing: Missing) -> impl IntoView {
    let i18n = use_i18n();
    use_title(Key::NotFoundTitle);
    let (href, back) = missing.way_back();
    view! {
        <section class="not-found narrow" data-testid="not-found" aria-labelledby="not-found-heading">
            <p class="big-number" aria-hidden="true">"404"</p>
            <h1 id="not-found-heading">{i18n.tr(Key::NotFoundTitle)}</h1>
            <p>{i18n.tr(missing.body())}</p>
            <p><A href=href attr:class="button">{i18n.tr(back)}</A></p>
        </section>
    }
}

/// What a page shows when loading the thing its address names failed: the not-found
/// pattern for a 404, the error box for anything else.
#[component]
pub fn LoadError(error: ApiError, missing: Missing) -> impl IntoView {
    if error.status == 404 {
        view! { <NotFound missing /> }.into_any()
    } else {
        view! { <ErrorBox error /> }.into_any()
    }
}
