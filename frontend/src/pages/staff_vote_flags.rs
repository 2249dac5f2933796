//! Staff review of vote-integrity flags (bursts of votes from new accounts, many
//! accounts voting from one address): read the detail, record a resolution.

use atelier_api::{FlagDecision, ReviewFlagRequest, VoteFlag};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{EmptyMessage, ErrorBox, Loading, LocalDateTime, RequireUser};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

pub fn flag_kind_key(kind: &str) -> Option<Key> {
    match kind {
        "new_account_burst" => Some(Key::FlagNewAccountBurst),
        "shared_ip" => Some(Key::FlagSharedIp),
        _ => None,
    }
}

#[component]
pub fn StaffVoteFlagsPage() -> impl IntoView {
    use_title(Key::VoteFlagsTitle);
    view! {
        <RequireUser staff=true>
            <VoteFlags />
        </RequireUser>
    }
}

#[component]
fn VoteFlags() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let flags = LocalResource::new(move || api::vote_flags(session));
    let on_reviewed = Callback::new(move |()| flags.refetch());
    view! {
        <h1>{i18n.tr(Key::VoteFlagsTitle)}</h1>
        <p class="lead">{i18n.tr(Key::VoteFlagsIntro)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match flags.await {
                    Ok(list) if list.items.is_empty() => view! { <EmptyMessage text=Key::NoVoteFlags /> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table stack">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(Key::When)}</th>
                                        <th scope="col">{i18n.tr(Key::FlagKind)}</th>
                                        <th scope="col">{i18n.tr(Key::Subject)}</th>
                                        <th scope="col">{i18n.tr(Key::Detail)}</th>
                                        <th scope="col">{i18n.tr(Key::Resolution)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.items.into_iter().map(|flag| view! { <FlagRow flag on_reviewed /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FlagRow(flag: VoteFlag, on_reviewed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = flag.id;
    let resolution = RwSignal::new(String::new());
    let review = Action::new_local(move |decision: &FlagDecision| {
        let req = ReviewFlagRequest {
            resolution: resolution.get_untracked().trim().to_owned(),
            decision: *decision,
        };
        async move {
            api::review_flag(session, id, &req).await?;
            on_reviewed.run(());
            Ok::<(), ApiError>(())
        }
    });
    let pending = review.pending();
    let kind = flag.kind.clone();
    // Only entry votes can be discounted (poll flags are reviewed only).
    let discountable = flag.scope.starts_with("challenge:");
    let discounted = flag.discounted_votes.to_string();
    let input_id = format!("flag-resolution-{id}");
    view! {
        <tr>
            <td data-label=i18n.tr(Key::When)><LocalDateTime at=flag.created_at /></td>
            <td data-label=i18n.tr(Key::FlagKind)>
                {match flag_kind_key(&kind) {
                    Some(key) => i18n.tr(key).into_any(),
                    None => view! { <code>{kind.clone()}</code> }.into_any(),
                }}
            </td>
            <td data-label=i18n.tr(Key::Subject)><code>{flag.scope.clone()}</code></td>
            <td data-label=i18n.tr(Key::Detail)>{flag.detail.clone()}</td>
            <td data-label=i18n.tr(Key::Resolution)>
                {if flag.reviewed {
                    view! {
                        <span class="badge status-approved">{i18n.tr(Key::Reviewed)}</span>
                        <p>{flag.resolution.clone().unwrap_or_default()}</p>
                        {(flag.discounted_votes > 0).then(|| {
                            view! { <p>{move || i18n.fmt(Key::VotesDiscounted, &[("count", &discounted)])}</p> }
                        })}
                    }
                    .into_any()
                } else {
                    view! {
                        <form
                            class="form compact-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                review.dispatch(FlagDecision::Dismiss);
                            }
                        >
                            <label for=input_id.clone() class="visually-hidden">{i18n.tr(Key::Resolution)}</label>
                            <textarea id=input_id.clone() rows="2" required bind:value=resolution></textarea>
                            <button type="submit" class="button small" disabled=pending>{i18n.tr(Key::MarkReviewed)}</button>
                            {discountable.then(|| view! {
                                <button
                                    type="button"
                                    class="button small secondary"
                                    disabled=pending
                                    on:click=move |_| {
                                        // The reason is required for a discount too.
                                        if !resolution.get_untracked().trim().is_empty() {
                                            review.dispatch(FlagDecision::Discount);
                                        }
                                    }
                                >
                                    {i18n.tr(Key::DiscountVotes)}
                                </button>
                            })}
                            {move || review.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                        </form>
                    }
                    .into_any()
                }}
            </td>
        </tr>
    }
}
