//! One entry at `/entries/{id}`: the image and its details; previous / next in the
//! gallery's order; its placement once results are out; star voting (and clearing
//! one's vote) while the challenge is in its voting phase; for its author editing,
//! withdrawing (before voting starts), the original download and why staff
//! disqualified it; for staff the suspected duplicate and disqualifying.

mod edit;
mod standing;

use edit::EditEntry;
use standing::{EntryNeighbours, PlacementView, StaffDisqualify, StatusReason};

use atelier_api::{EntryDetail, EntryStatus, Phase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError, encode_component};
use crate::browser;
use crate::components::bar_chart::percent_text;
use crate::components::challenge_card::is_hex_colour;
use crate::components::labels::entry_status_key;
use crate::components::template_tiles::MadeWith;
use crate::components::{
    ErrorBox, LoadError, Loading, LocalDate, Missing, PaletteMatchView, StarRating, StatusMessage,
    WhenRestored, entry_alt,
};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Tags as typed ("lantern, red , #festival") to the list the API takes.
pub fn parse_tags(text: &str) -> Vec<String> {
    atelier_api::rules::split_tags(text)
}

/// A file name for a download the server did not name.
pub fn fallback_filename(stem: &str, content_type: &str) -> String {
    let ext = match content_type.split(';').next().unwrap_or("").trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "text/csv" => "csv",
        _ => "bin",
    };
    format!("{stem}.{ext}")
}

#[component]
pub fn EntryPage() -> impl IntoView {
    view! {
        <WhenRestored>
            <EntryLoader />
        </WhenRestored>
    }
}

#[component]
fn EntryLoader() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let entry = LocalResource::new(move || {
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok());
        session.user_id();
        async move {
            match id {
                Some(id) => api::entry(session, id).await,
                None => Err(ApiError::from_response(
                    404,
                    r#"{"error":{"code":"not_found","message":"no such entry"}}"#,
                )),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match entry.await {
                    Ok(entry) => view! { <EntryView entry /> }.into_any(),
                    Err(error) => view! { <LoadError error missing=Missing::Entry /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EntryView(entry: EntryDetail) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    browser::set_document_title(&format!("{} · Atelier", entry.title));
    let id = entry.id;
    let current = RwSignal::new(entry.clone());
    let challenge_slug = entry.challenge_slug.clone();
    let challenge = LocalResource::new({
        let slug = challenge_slug.clone();
        move || {
            let slug = slug.clone();
            async move { api::challenge(session, &slug).await }
        }
    });
    let voting = Memo::new(move |_| {
        challenge
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|c| c.summary.phase == Phase::Voting)
    });
    let challenge_href = format!("/challenges/{challenge_slug}");
    let placement = entry.placement.map(|placement| {
        view! { <PlacementView placement challenge_slug=challenge_slug.clone() /> }
    });
    let author_href = format!("/u/{}", entry.author_handle);
    let is_mine = entry.is_mine;
    let alt_title = entry.title.clone();
    let alt_author = entry.author_display_name.clone();

    let colours = (!entry.colours.is_empty()).then(|| {
        view! {
            <section class="entry-section" aria-labelledby="colours-heading">
                <h2 id="colours-heading">{i18n.tr(Key::DominantColours)}</h2>
                <ul class="colour-list" role="list">
                    {entry
                        .colours
                        .iter()
                        .filter(|c| is_hex_colour(&c.hex))
                        .map(|c| {
                            let share = percent_text((f64::from(c.share) * 1000.0).round() / 10.0);
                            view! {
                                <li>
                                    <span class="swatch" style:background-color=c.hex.clone() aria-hidden="true"></span>
                                    <code>{c.hex.clone()}</code>
                                    <span class="muted">{share}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    let palette = entry.palette_match.clone().map(|result| {
        view! {
            <section class="entry-section" aria-labelledby="palette-heading">
                <h2 id="palette-heading">{i18n.tr(Key::PaletteMatch)}</h2>
                <PaletteMatchView result />
            </section>
        }
    });
    let duplicate = entry.duplicate_of.map(|original| {
        view! {
            <div class="notice warning" role="note">
                <p>
                    {move || i18n.label(Key::DuplicateOf)}
                    <A href=format!("/entries/{original}")>{format!("#{original}")}</A>
                </p>
                <p><A href="/staff/duplicates">{i18n.tr(Key::ReviewDuplicates)}</A></p>
            </div>
        }
    });
    let download = entry.original_url.clone().map(|url| {
        let error = RwSignal::new(None::<ApiError>);
        let busy = RwSignal::new(false);
        let fetch_original = move |_| {
            let url = url.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                match api::download(session, &url).await {
                    Ok(file) => {
                        let name = file.filename.clone().unwrap_or_else(|| {
                            fallback_filename(&format!("entry-{id}-original"), &file.content_type)
                        });
                        if let Err(e) = browser::save_file(&file.bytes, &file.content_type, &name) {
                            error.try_set(Some(ApiError::network(e)));
                        }
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        };
        view! {
            <p>
                <button type="button" class="button secondary" disabled=busy on:click=fetch_original>
                    {move || if busy.get() { i18n.t(Key::Downloading) } else { i18n.t(Key::DownloadOriginal) }}
                </button>
            </p>
            {move || error.get().map(|error| view! { <ErrorBox error /> })}
        }
    });

    view! {
        <article class="entry-page" data-entry-id=id>
            <nav class="breadcrumb" aria-label=i18n.tr(Key::Breadcrumb)>
                <A href="/challenges">{i18n.tr(Key::NavChallenges)}</A>
                <span aria-hidden="true">" › "</span>
                <A href=challenge_href>{entry.challenge_title.clone()}</A>
                <span aria-hidden="true">" › "</span>
                <span aria-current="page">{move || current.with(|e| e.title.clone())}</span>
            </nav>
            <EntryNeighbours entry_id=id />
            <div class="entry-layout">
                <figure class="entry-figure">
                    <img
                        class="entry-image"
                        src=entry.display_url.clone()
                        width=entry.display_width
                        height=entry.display_height
                        alt=move || entry_alt(i18n, &alt_title, &alt_author)
                    />
                    <figcaption class="muted">
                        {format!("{} × {} px", entry.width, entry.height)}
                    </figcaption>
                </figure>
                <div class="entry-details">
                    <h1>{move || current.with(|e| e.title.clone())}</h1>
                    <p class="entry-byline">
                        {move || i18n.label(Key::By)}
                        <A href=author_href>{entry.author_display_name.clone()}</A>
                        " · "
                        <LocalDate at=entry.created_at />
                    </p>
                    {move || {
                        let status = current.with(|e| e.status);
                        (status != EntryStatus::Visible)
                            .then(|| view! {
                                <p>
                                    <span class=format!("badge entry-status entry-{}", status.as_str()) data-testid="entry-status">
                                        {i18n.tr(entry_status_key(status))}
                                    </span>
                                </p>
                            })
                    }}
                    {move || current.with(|e| e.status_reason.clone()).map(|reason| view! { <StatusReason reason /> })}
                    {entry.template.clone().map(|template| view! { <MadeWith template /> })}
                    {placement}
                    {move || {
                        let tags = current.with(|e| e.tags.clone());
                        let slug = challenge_slug.clone();
                        (!tags.is_empty()).then(|| view! {
                            <ul class="tag-list" role="list" aria-label=i18n.tr(Key::Tags)>
                                {tags
                                    .into_iter()
                                    .map(|t| {
                                        let href = format!("/challenges/{slug}?tag={}", encode_component(&t));
                                        view! { <li><A href=href attr:class="tag">{format!("#{t}")}</A></li> }
                                    })
                                    .collect_view()}
                            </ul>
                        })
                    }}
                    {move || {
                        let description = current.with(|e| e.description.clone());
                        (!description.trim().is_empty()).then(|| view! { <p class="bio entry-description">{description}</p> })
                    }}
                    {duplicate}
                    {download}
                    <Show when=move || voting.get()>
                        <VotePanel entry_id=id is_mine />
                    </Show>
                    {colours}
                    {palette}
                    <Show when=move || is_mine && current.with(|e| e.status == EntryStatus::Withdrawn)>
                        <div class="status-message" role="status">
                            <p>{i18n.tr(Key::EntryWithdrawnNote)}</p>
                            <p><A href="/me/entries">{i18n.tr(Key::NavMyEntries)}</A></p>
                        </div>
                    </Show>
                    <Show when=move || current.with(|e| e.editable)>
                        <EditEntry current />
                    </Show>
                    <Show when=move || session.is_staff()>
                        <StaffDisqualify current />
                    </Show>
                </div>
            </div>
        </article>
    }
}

/// The viewer's star vote on an entry during voting.
#[component]
fn VotePanel(entry_id: i64, is_mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let logged_in = move || session.user_id().is_some();
    let login_href = format!(
        "/login?next={}",
        encode_component(&format!("/entries/{entry_id}"))
    );
    view! {
        <section class="entry-section vote-panel" aria-labelledby="vote-heading">
            <h2 id="vote-heading">{i18n.tr(Key::RateThisEntry)}</h2>
            {move || {
                if is_mine {
                    view! { <p class="notice">{move || i18n.error_message("own_entry")}</p> }.into_any()
                } else if !logged_in() {
                    view! {
                        <p>{i18n.tr(Key::LogInToVote)}</p>
                        <p><A href=login_href.clone() attr:class="button">{i18n.tr(Key::LogIn)}</A></p>
                    }
                    .into_any()
                } else if session.is_staff() {
                    view! { <p class="notice">{i18n.tr(Key::StaffDoNotVote)}</p> }.into_any()
                } else {
                    view! { <StarVote entry_id /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn StarVote(entry_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let score = RwSignal::new(None::<i16>);
    let can_vote = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<ApiError>);
    let just_voted = RwSignal::new(false);
    spawn_local(async move {
        match api::my_vote(session, entry_id).await {
            Ok(v) => {
                score.try_set(v.score);
                can_vote.try_set(v.can_vote);
            }
            Err(e) => {
                load_error.try_set(Some(e));
            }
        }
        loaded.try_set(true);
    });
    let cast = Action::new_local(move |n: &i16| {
        let n = *n;
        async move {
            let v = api::vote(session, entry_id, n).await?;
            score.set(v.score);
            can_vote.set(v.can_vote);
            just_voted.set(true);
            Ok::<(), ApiError>(())
        }
    });
    let cleared = RwSignal::new(false);
    let clear = Action::new_local(move |_: &()| async move {
        let v = api::clear_vote(session, entry_id).await?;
        score.set(v.score);
        can_vote.set(v.can_vote);
        cleared.set(true);
        Ok::<(), ApiError>(())
    });
    let clearing = clear.pending();
    let pending = cast.pending();
    let on_select = Callback::new(move |n: i16| {
        // The stars stay enabled while a vote is sent, so keyboard focus is never lost.
        if pending.get_untracked() {
            return;
        }
        just_voted.set(false);
        cleared.set(false);
        cast.dispatch(n);
    });
    view! {
        {move || {
            if !loaded.get() {
                return view! { <Loading /> }.into_any();
            }
            if let Some(error) = load_error.get() {
                return view! { <ErrorBox error /> }.into_any();
            }
            view! {
                <StarRating
                    value=score
                    disabled=Signal::derive(move || !can_vote.get())
                    on_select
                />
                <p class="your-vote" data-testid="your-vote">
                    {move || match score.get() {
                        Some(n) => i18n.fmt(Key::YourVote, &[("n", &n.to_string())]),
                        None => i18n.t(Key::NotVotedYet).to_owned(),
                    }}
                </p>
                {move || (can_vote.get() && score.get().is_some()).then(|| view! {
                    <p>
                        <button
                            type="button"
                            class="button secondary small"
                            data-testid="clear-vote"
                            disabled=move || clearing.get() || pending.get()
                            on:click=move |_| {
                                just_voted.set(false);
                                clear.dispatch(());
                            }
                        >
                            {i18n.tr(Key::ClearVote)}
                        </button>
                    </p>
                })}
                {move || cleared.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::VoteCleared).to_owned()) />
                })}
                {move || clear.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
                {move || (!can_vote.get()).then(|| view! { <p class="hint">{i18n.tr(Key::CannotVoteNow)}</p> })}
                {move || just_voted.get().then(|| view! {
                    <StatusMessage text=Signal::derive(move || i18n.t(Key::VoteSaved).to_owned()) />
                })}
                {move || cast.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            }
            .into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_on_commas() {
        assert_eq!(
            parse_tags(" lantern, #red ,, festival "),
            ["lantern", "red", "festival"]
        );
        assert!(parse_tags(" , ").is_empty());
    }

    #[test]
    fn downloads_get_an_extension_from_their_type() {
        assert_eq!(fallback_filename("entry-3", "image/jpeg"), "entry-3.jpg");
        assert_eq!(
            fallback_filename("poll", "text/csv; charset=utf-8"),
            "poll.csv"
        );
        assert_eq!(fallback_filename("x", "application/zip"), "x.bin");
    }
}
