//! Star votes on entries, the results page and staff's winner picks.
//!
//! A vote is an insert-or-update of the (entry, voter) row, which the unique
//! index makes idempotent: any number of concurrent submissions by one member
//! leave exactly one vote. Votes are checked here, per request, and written
//! by the group-committing writer (`voting::batch`): many votes share one
//! transaction, and a vote is answered only once its transaction committed.
//! No per-entry counter is updated on the write path; tallies are aggregated
//! when results are read. A member may also take their vote back while
//! voting is open.

use std::collections::HashMap;
use std::sync::Arc;

use atelier_api::{ChallengeResults, EntryStatus, MyVote, Phase, RankedEntry};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::batch::{EntryLookup, VoteWrite, Write};
use crate::auth::CurrentUser;
use crate::challenges::service as challenges;
use crate::entities::{challenge, challenge_winner, submission, vote, vote_discount};
use crate::entries::ranking;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const RANKING_METHOD: &str = "Entries are ranked by a Bayesian average: (5 x the challenge's mean vote + the entry's vote total) / (5 + the entry's vote count), so a handful of votes is pulled towards the mean. Ties go to more votes, then the earlier entry. Staff pick the winners from this ranking.";

fn invalid_score() -> ApiError {
    ApiError::validation("the score must be 1 to 5").code("invalid_score")
}

async fn entry_and_challenge(
    db: &DatabaseConnection,
    entry_id: i64,
) -> ApiResult<(submission::Model, challenge::Model)> {
    let nf = super::batch::entry_not_found;
    let s = submission::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    let c = challenge::Entity::find_by_id(s.challenge_id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    if s.status != EntryStatus::Visible.as_str() || !challenges::is_public(&c) {
        return Err(nf());
    }
    Ok((s, c))
}

/// Why `voter` may not vote on `s` now, if they may not.
fn refusal(
    state: &AppState,
    voter: &CurrentUser,
    s: &submission::Model,
    c: &challenge::Model,
) -> Option<ApiError> {
    if voter.role.is_staff() {
        return Some(ApiError::forbidden("staff pick winners; they do not vote"));
    }
    if challenges::phase(c, Utc::now()) != Phase::Voting {
        return Some(super::batch::voting_not_open());
    }
    if s.author_id == voter.id() {
        return Some(ApiError::forbidden("you cannot vote on your own entry").code("own_entry"));
    }
    let min_age = Duration::hours(state.settings.voting.min_account_age_hours);
    if Utc::now() - voter.user.created_at < min_age {
        return Some(
            ApiError::forbidden(format!(
                "accounts may vote once they are {} hours old",
                state.settings.voting.min_account_age_hours
            ))
            .code("account_too_new")
            .variant("hours")
            .arg("hours", state.settings.voting.min_account_age_hours),
        );
    }
    crate::auth::verify::require_verified(&state.settings, &voter.user).err()
}

/// The entry and its challenge for a vote: from the writer's short-lived
/// cache when the entry was found open for voting a moment ago, else from
/// the database (and then cached if it is open).
async fn lookup(state: &AppState, entry_id: i64) -> ApiResult<EntryLookup> {
    let cache = &state.vote_writer.entries;
    if let Some(found) = cache.get(entry_id) {
        return Ok(found);
    }
    let found = Arc::new(entry_and_challenge(&state.db, entry_id).await?);
    cache.put_if_open(&found, Utc::now());
    Ok(found)
}

/// Casts or replaces the voter's vote; answers once the vote is committed.
pub async fn cast(
    state: &AppState,
    voter: &CurrentUser,
    entry_id: i64,
    score: i16,
    ip: &str,
) -> ApiResult<MyVote> {
    if !(1..=5).contains(&score) {
        return Err(invalid_score());
    }
    state
        .vote_limiter
        .hit(&format!("vote:{}", voter.id()))
        .map_err(ApiError::too_many_requests)?;
    let found = lookup(state, entry_id).await?;
    let (s, c) = (&found.0, &found.1);
    if let Some(e) = refusal(state, voter, s, c) {
        return Err(e);
    }
    state
        .vote_writer
        .write(Write::Vote(VoteWrite {
            submission_id: s.id,
            voter_id: voter.id(),
            score,
            ip: ip.to_owned(),
            voter_is_new: Utc::now() - voter.user.created_at < Duration::hours(24),
        }))
        .await?;
    Ok(MyVote {
        entry_id,
        score: Some(score),
        can_vote: true,
    })
}

/// Takes the viewer's vote on an entry back, during voting; the entry's
/// tally no longer counts it. Clearing when there is no vote is a no-op. A
/// vote staff discounted behind an integrity flag stays (409 `vote_locked`):
/// clearing and casting it again would make it count.
pub async fn clear(state: &AppState, voter: &CurrentUser, entry_id: i64) -> ApiResult<MyVote> {
    state
        .vote_limiter
        .hit(&format!("vote:{}", voter.id()))
        .map_err(ApiError::too_many_requests)?;
    let db = &state.db;
    let (s, c) = entry_and_challenge(db, entry_id).await?;
    if let Some(e) = refusal(state, voter, &s, &c) {
        return Err(e);
    }
    let txn = crate::db::begin_write(db).await?;
    let existing = vote::Entity::find()
        .filter(vote::Column::SubmissionId.eq(s.id))
        .filter(vote::Column::VoterId.eq(voter.id()))
        .one(&txn)
        .await?;
    if let Some(v) = existing {
        let discounted = vote_discount::Entity::find_by_id(v.id)
            .one(&txn)
            .await?
            .is_some();
        if discounted {
            return Err(ApiError::conflict(
                "vote_locked",
                "this vote can no longer be cleared",
            ));
        }
        vote::Entity::delete_by_id(v.id).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(MyVote {
        entry_id,
        score: None,
        can_vote: true,
    })
}

pub async fn mine(state: &AppState, voter: &CurrentUser, entry_id: i64) -> ApiResult<MyVote> {
    let (s, c) = entry_and_challenge(&state.db, entry_id).await?;
    let score = vote::Entity::find()
        .filter(vote::Column::SubmissionId.eq(s.id))
        .filter(vote::Column::VoterId.eq(voter.id()))
        .one(&state.db)
        .await?
        .map(|v| v.score);
    Ok(MyVote {
        entry_id,
        score,
        can_vote: refusal(state, voter, &s, &c).is_none(),
    })
}

fn tallies_visible(c: &challenge::Model, staff: bool) -> bool {
    let phase = challenges::phase(c, Utc::now());
    staff
        || phase == Phase::Results
        || (c.tallies_during_voting && matches!(phase, Phase::Voting | Phase::Closed))
}

/// The ranking and winners, the challenge titled in `locale`.
pub async fn results(
    db: &DatabaseConnection,
    slug: &str,
    staff: bool,
    locale: crate::content_i18n::Locale,
) -> ApiResult<ChallengeResults> {
    let c = challenges::visible(db, slug, staff).await?;
    if !tallies_visible(&c, staff) {
        return Err(ApiError::conflict(
            "results_not_published",
            "results are published when the challenge reaches its results phase",
        ));
    }
    let standings = ranking::standings(db, c.id, None).await?;
    let ids: Vec<i64> = standings.iter().map(|s| s.id).collect();
    let subs = submission::Entity::find()
        .filter(submission::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let by_id: HashMap<i64, submission::Model> = subs.into_iter().map(|s| (s.id, s)).collect();
    let ordered: Vec<submission::Model> =
        ids.iter().filter_map(|id| by_id.get(id).cloned()).collect();
    let cards: HashMap<i64, atelier_api::EntryCard> = crate::entries::read::cards(db, &ordered)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let places: HashMap<i64, i32> = challenge_winner::Entity::find()
        .filter(challenge_winner::Column::ChallengeId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.submission_id, w.place))
        .collect();
    let ranking: Vec<RankedEntry> = standings
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            Some(RankedEntry {
                rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
                entry: cards.get(&s.id)?.clone(),
                votes: s.votes,
                mean: s.mean,
                score: s.score,
                winner_place: places.get(&s.id).copied(),
            })
        })
        .collect();
    let mut winners: Vec<RankedEntry> = ranking
        .iter()
        .filter(|r| r.winner_place.is_some())
        .cloned()
        .collect();
    winners.sort_by_key(|r| r.winner_place);
    let titles = crate::content_i18n::Loaded::load(
        db,
        crate::challenges::text::TEXT.kind,
        &[c.id],
        Some(locale),
    )
    .await?;
    Ok(ChallengeResults {
        challenge: challenges::summary_in(&c, Utc::now(), &titles, locale),
        winners,
        ranking,
        method: RANKING_METHOD.to_owned(),
    })
}

pub async fn pick_winners(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    slug: &str,
    entries: &[i64],
    reason: &str,
    locale: crate::content_i18n::Locale,
) -> ApiResult<ChallengeResults> {
    staff.require_staff()?;
    let reason = crate::audit::reason(reason)?;
    if entries.is_empty() || entries.len() > 10 {
        return Err(ApiError::validation("pick 1 to 10 winners").code("invalid_winners"));
    }
    let mut seen = entries.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != entries.len() {
        return Err(ApiError::validation("an entry can win only one place").code("invalid_winners"));
    }
    let c = challenges::visible(db, slug, true).await?;
    if !matches!(
        challenges::phase(&c, Utc::now()),
        Phase::Closed | Phase::Results
    ) {
        return Err(ApiError::conflict(
            "voting_not_closed",
            "winners are picked after voting closes",
        ));
    }
    let valid = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(c.id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()))
        .filter(submission::Column::Id.is_in(entries.to_vec()))
        .all(db)
        .await?;
    if valid.len() != entries.len() {
        return Err(
            ApiError::validation("every winner must be a visible entry of this challenge")
                .code("invalid_winners"),
        );
    }
    let txn = crate::db::begin_write(db).await?;
    // Confirmed winners have been paid their prizes: they stay.
    crate::revenue::prizes::lock(&txn, c.id).await?;
    crate::revenue::prizes::refuse_if_confirmed(&txn, c.id).await?;
    challenge_winner::Entity::delete_many()
        .filter(challenge_winner::Column::ChallengeId.eq(c.id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    challenge_winner::Entity::insert_many(entries.iter().enumerate().map(|(i, id)| {
        challenge_winner::ActiveModel {
            challenge_id: Set(c.id),
            submission_id: Set(*id),
            place: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            picked_by: Set(staff.id()),
            created_at: Set(now),
            ..Default::default()
        }
    }))
    .exec(&txn)
    .await?;
    let list = entries
        .iter()
        .map(|id| format!("entry:{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "challenge.pick_winners",
        &format!("challenge:{}", c.slug),
        &format!("{list}; reason: {reason}"),
    )
    .await?;
    txn.commit().await?;
    results(db, slug, true, locale).await
}
