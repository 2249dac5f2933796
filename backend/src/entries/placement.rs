//! Where entries finished: the winners staff picked and each entry's place
//! in the ranking, shown to everyone once a challenge publishes its results
//! (galleries put the winners first, entry pages and profiles show places).

use std::collections::HashMap;

use atelier_api::{Phase, Placement};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::ranking;
use crate::challenges::service as challenges;
use crate::entities::{challenge, challenge_winner};
use crate::error::ApiResult;

/// Whether the challenge's results (winners, ranking) are public.
pub fn published(c: &challenge::Model) -> bool {
    challenges::is_public(c) && challenges::phase(c, Utc::now()) == Phase::Results
}

/// The winners of challenges `ids` as entry id -> place.
pub async fn winner_places<C: ConnectionTrait>(
    db: &C,
    challenge_ids: &[i64],
) -> ApiResult<HashMap<i64, i32>> {
    Ok(challenge_winner::Entity::find()
        .filter(challenge_winner::Column::ChallengeId.is_in(challenge_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.submission_id, w.place))
        .collect())
}

/// The winners of a challenge, first place first.
pub async fn winner_ids<C: ConnectionTrait>(db: &C, challenge_id: i64) -> ApiResult<Vec<i64>> {
    Ok(challenge_winner::Entity::find()
        .filter(challenge_winner::Column::ChallengeId.eq(challenge_id))
        .order_by_asc(challenge_winner::Column::Place)
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.submission_id)
        .collect())
}

/// Where `entry_id` finished in `c`, when its results are published and the
/// entry is among the ranked (visible) entries.
pub async fn placement<C: ConnectionTrait>(
    db: &C,
    c: &challenge::Model,
    entry_id: i64,
) -> ApiResult<Option<Placement>> {
    if !published(c) {
        return Ok(None);
    }
    let ranked = ranking::ranked_ids(db, c.id, None).await?;
    let Some(at) = ranked.iter().position(|id| *id == entry_id) else {
        return Ok(None);
    };
    let places = winner_places(db, &[c.id]).await?;
    Ok(Some(Placement {
        rank: u32::try_from(at + 1).unwrap_or(u32::MAX),
        of: u32::try_from(ranked.len()).unwrap_or(u32::MAX),
        winner_place: places.get(&entry_id).copied(),
    }))
}
