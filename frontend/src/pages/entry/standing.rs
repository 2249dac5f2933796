//! Where an entry stands: its previous and next entries in the gallery's
//! order, its placement once results are out, why staff disqualified it
//! (for its author), and the staff's disqualify form.

use atelier_api::{EntryDetail, EntryStatus, Placement};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::entry_grid::{PlaceBadge, entry_href, gallery_order_query};
use crate::components::{ErrorBox, StatusMessage};
use crate::i18n::{Key, use_i18n};
use crate::pages::gallery::gallery_seed;
use crate::session::use_session;

/// Previous / next in the order of the gallery the viewer came from (the
/// `sort` and `tag` the gallery put on its links).
#[component]
pub(super) fn EntryNeighbours(entry_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let order = use_query_map().with_untracked(|q| {
        gallery_order_query(
            q.get("sort").as_deref() == Some("rank"),
            q.get("tag").as_deref(),
        )
    });
    let neighbours = LocalResource::new({
        let order = order.clone();
        move || {
            session.user_id();
            let mut query = order.clone();
            if !session.has_user_untracked() {
                // Anonymous viewers are shuffled by this browser's seed during voting.
                let seed = format!("seed={}", api::encode_component(&gallery_seed()));
                query = if query.is_empty() {
                    seed
                } else {
                    format!("{query}&{seed}")
                };
            }
            async move { api::entry_neighbours(session, entry_id, &query).await }
        }
    });
    let order = StoredValue::new(order);
    move || {
        let n = neighbours.get().and_then(Result::ok)?;
        if n.position == 0 || n.total < 2 {
            return None;
        }
        let link =
            |l: Option<atelier_api::EntryLink>, key: Key, named: Key, testid: &'static str| {
                l.map(|l| {
                    let href = entry_href(l.id, &order.get_value());
                    let title = l.title.clone();
                    view! {
                        <A
                            href=href
                            attr:class="button secondary small"
                            attr:data-testid=testid
                            attr:aria-label=move || i18n.fmt(named, &[("title", &title)])
                        >
                            {i18n.tr(key)}
                        </A>
                    }
                })
            };
        let previous = link(
            n.previous,
            Key::PreviousEntry,
            Key::PreviousEntryNamed,
            "previous-entry",
        );
        let next = link(n.next, Key::NextEntry, Key::NextEntryNamed, "next-entry");
        let (position, total) = (n.position.to_string(), n.total.to_string());
        Some(view! {
            <nav class="entry-neighbours" aria-label=i18n.tr(Key::EntryNeighbours)>
                <span class="entry-neighbour prev">{previous}</span>
                <span class="muted entry-position" data-testid="entry-position">
                    {move || i18n.fmt(Key::EntryPosition, &[("position", &position), ("total", &total)])}
                </span>
                <span class="entry-neighbour next">{next}</span>
            </nav>
        })
    }
}

/// The entry's result once the challenge's results are published.
#[component]
pub(super) fn PlacementView(placement: Placement, challenge_slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let (rank, of) = (placement.rank.to_string(), placement.of.to_string());
    let results_href = format!("/challenges/{challenge_slug}/results");
    view! {
        <section class="entry-section entry-placement" aria-labelledby="placement-heading" data-testid="placement">
            <h2 id="placement-heading">{i18n.tr(Key::PlacementHeading)}</h2>
            <p>
                {placement.winner_place.map(|place| view! { <PlaceBadge place /> " " })}
                <span data-testid="placement-rank">
                    {move || i18n.fmt(Key::PlacementRank, &[("rank", &rank), ("of", &of)])}
                </span>
            </p>
            <p><A href=results_href>{i18n.tr(Key::Results)}</A></p>
        </section>
    }
}

/// Why staff disqualified the entry (its author and staff see the reason).
#[component]
pub(super) fn StatusReason(#[prop(into)] reason: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice warning status-reason" data-testid="status-reason">
            {move || i18n.fmt(Key::StatusReason, &[("reason", &reason)])}
        </p>
    }
}

/// Staff take the entry out of its challenge with a reason its author sees.
#[component]
pub(super) fn StaffDisqualify(current: RwSignal<EntryDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = current.with_untracked(|e| e.id);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !browser::confirm(i18n.t(Key::ConfirmDisqualify)) {
            return;
        }
        let text = reason.get_untracked().trim().to_owned();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::disqualify_entry(session, id, &text).await {
                Ok(()) => {
                    current.update(|e| {
                        e.status = EntryStatus::Disqualified;
                        e.status_reason = Some(text);
                        e.editable = false;
                        e.withdrawable = false;
                    });
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.try_set(false);
        });
    };
    view! {
        {move || done.get().then(|| view! {
            <StatusMessage text=Signal::derive(move || i18n.t(Key::EntryDisqualifiedDone).to_owned()) />
        })}
        <Show when=move || current.with(|e| matches!(e.status, EntryStatus::Visible | EntryStatus::Hidden))>
            <section class="entry-section card staff-disqualify" aria-labelledby="disqualify-heading">
                <h2 id="disqualify-heading">{i18n.tr(Key::DisqualifyEntry)}</h2>
                <p class="hint" id="disqualify-hint">{i18n.tr(Key::DisqualifyEntryHint)}</p>
                <form class="form" on:submit=submit>
                    <div class="field">
                        <label for="disqualify-reason">{i18n.tr(Key::Reason)}</label>
                        <textarea
                            id="disqualify-reason"
                            rows="2"
                            required
                            minlength="3"
                            maxlength="500"
                            aria-describedby="disqualify-hint"
                            bind:value=reason
                        ></textarea>
                    </div>
                    {move || error.get().map(|error| view! { <ErrorBox error /> })}
                    <button type="submit" class="button danger" disabled=busy>{i18n.tr(Key::Disqualify)}</button>
                </form>
            </section>
        </Show>
    }
}
