//! A challenge's gallery: visible entries, filtered by tag, in pages, and an
//! entry's neighbours in the same order (the entry page's previous / next).
//!
//! Outside voting the default order is newest first with keyset pagination
//! (`WHERE id < cursor`); once the results are published the winners come
//! first, in place order, then the rest newest first. During voting every
//! viewer gets their own stable shuffle, so early entries gain no advantage
//! from sitting at the top: one of the challenge's precomputed shuffles
//! (`shuffles.rs`), picked by the viewer's seed and paged by keyset. Cards
//! carry the winner's place (results published) and, for a logged-in
//! viewer, the stars they gave.

use std::collections::HashMap;

use super::placement;
use super::read::cards;
use super::shuffles;
use crate::auth::MaybeUser;
use crate::challenges::service as challenges;
use crate::entities::{challenge, submission, submission_tag, vote};
use crate::error::{ApiError, ApiResult};
use atelier_api::{EntryCard, EntryLink, EntryNeighbours, EntryPage, EntryStatus, Phase};
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct GalleryQuery {
    /// `newest` (default; once results are published the winners come
    /// first) or `rank` (after results). Ignored during voting, when every
    /// viewer sees their own stable shuffle.
    pub sort: Option<String>,
    /// Only entries with this tag.
    pub tag: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1-100 (default 24).
    pub limit: Option<u64>,
    /// Shuffle seed for anonymous viewers (logged-in viewers use their account).
    pub seed: Option<String>,
}

/// The order a gallery showed, for an entry's previous and next.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct NeighbourQuery {
    /// As the gallery's `sort`.
    pub sort: Option<String>,
    /// As the gallery's `tag`.
    pub tag: Option<String>,
    /// As the gallery's `seed` (anonymous viewers during voting).
    pub seed: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    /// Results published: the winners in place order, then newest first.
    WinnersFirst,
    Shuffle,
    Rank,
}

pub fn order_for(phase: Phase, sort: Option<&str>) -> ApiResult<Order> {
    if phase == Phase::Voting {
        return Ok(Order::Shuffle);
    }
    match sort {
        None | Some("") | Some("newest") if phase == Phase::Results => Ok(Order::WinnersFirst),
        None | Some("") | Some("newest") => Ok(Order::Newest),
        Some("rank") if phase == Phase::Results => Ok(Order::Rank),
        Some("rank") => Err(ApiError::conflict(
            "ranking_unavailable",
            "the ranking is published with the results",
        )),
        Some(other) => Err(ApiError::bad_request(
            "invalid_sort",
            format!("sort must be newest or rank, not {other:?}"),
        )),
    }
}

fn normal_tag(tag: Option<&str>) -> Option<String> {
    tag.map(|t| t.trim().trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty())
}

fn base(ch: &challenge::Model, tag: Option<&str>) -> Select<submission::Entity> {
    let mut q = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(ch.id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()));
    if let Some(tag) = normal_tag(tag) {
        q = q.filter(
            submission::Column::Id.in_subquery(
                Query::select()
                    .column(submission_tag::Column::SubmissionId)
                    .from(submission_tag::Entity)
                    .and_where(submission_tag::Column::Tag.eq(tag))
                    .to_owned(),
            ),
        );
    }
    q
}

fn bad_cursor() -> ApiError {
    ApiError::bad_request("invalid_cursor", "the cursor is not valid for this listing")
}

/// The page of `ids` (already in order) after `after`, and the id to
/// continue after when more follow.
pub fn page_of(
    ids: &[i64],
    after: Option<i64>,
    limit: usize,
) -> ApiResult<(Vec<i64>, Option<i64>)> {
    let start = match after {
        None => 0,
        Some(a) => ids.iter().position(|id| *id == a).ok_or_else(bad_cursor)? + 1,
    };
    let page: Vec<i64> = ids.iter().skip(start).take(limit).copied().collect();
    let next = (start + limit < ids.len())
        .then(|| page.last().copied())
        .flatten();
    Ok((page, next))
}

/// `winners` (in place order) that are among `ids`, then the rest of `ids`
/// newest (highest id) first.
pub fn winners_first(mut ids: Vec<i64>, winners: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = winners
        .iter()
        .copied()
        .filter(|w| ids.contains(w))
        .collect();
    ids.retain(|id| !out.contains(id));
    ids.sort_unstable_by(|a, b| b.cmp(a));
    out.extend(ids);
    out
}

fn parse_cursor(cursor: Option<&str>, prefix: &str) -> ApiResult<Option<i64>> {
    match cursor {
        None | Some("") => Ok(None),
        Some(c) => c
            .strip_prefix(prefix)
            .and_then(|n| n.parse().ok())
            .map(Some)
            .ok_or_else(bad_cursor),
    }
}

/// The viewer's shuffle seed: their account, else the seed they sent.
fn seed_for(viewer: &MaybeUser, seed: Option<&str>) -> String {
    match (viewer.id(), seed) {
        (Some(uid), _) => format!("user:{uid}"),
        (None, Some(s)) => format!("anon:{}", s.chars().take(64).collect::<String>()),
        (None, None) => "anon".to_owned(),
    }
}

/// Every listed entry's id in `order` (the orders that are not keyset-paged,
/// and `Newest` for neighbours; the shuffle has its own table).
async fn ordered_ids(
    db: &DatabaseConnection,
    ch: &challenge::Model,
    order: Order,
    tag: Option<&str>,
) -> ApiResult<Vec<i64>> {
    if order == Order::Rank {
        let tag = normal_tag(tag);
        return super::ranking::ranked_ids(db, ch.id, tag.as_deref()).await;
    }
    let mut ids: Vec<i64> = base(ch, tag)
        .select_only()
        .column(submission::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    match order {
        Order::WinnersFirst => {
            let winners = placement::winner_ids(db, ch.id).await?;
            ids = winners_first(ids, &winners);
        }
        Order::Newest | Order::Rank | Order::Shuffle => ids.sort_unstable_by(|a, b| b.cmp(a)),
    }
    Ok(ids)
}

/// Cards for `ids` in that order, with winners' places (results published)
/// and the viewer's votes.
async fn cards_for(
    db: &DatabaseConnection,
    ch: &challenge::Model,
    viewer: &MaybeUser,
    ids: &[i64],
) -> ApiResult<Vec<EntryCard>> {
    let mut rows = submission::Entity::find()
        .filter(submission::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    rows.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
    let mut items = cards(db, &rows).await?;
    if placement::published(ch) {
        let places = placement::winner_places(db, &[ch.id]).await?;
        for card in &mut items {
            card.winner_place = places.get(&card.id).copied();
        }
    }
    if let Some(uid) = viewer.id() {
        let mine: HashMap<i64, i16> = vote::Entity::find()
            .filter(vote::Column::VoterId.eq(uid))
            .filter(vote::Column::SubmissionId.is_in(ids.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.submission_id, v.score))
            .collect();
        for card in &mut items {
            card.my_vote = mine.get(&card.id).copied();
        }
    }
    Ok(items)
}

pub async fn page(
    db: &DatabaseConnection,
    slug: &str,
    viewer: &MaybeUser,
    q: &GalleryQuery,
) -> ApiResult<EntryPage> {
    let ch = challenges::visible(db, slug, viewer.is_staff()).await?;
    let order = order_for(challenges::phase(&ch, Utc::now()), q.sort.as_deref())?;
    let limit = q.limit.unwrap_or(24).clamp(1, 100);
    let tag = q.tag.as_deref().filter(|t| !t.trim().is_empty());
    if order == Order::Newest {
        let mut sel = base(&ch, tag)
            .order_by_desc(submission::Column::Id)
            .select_only()
            .column(submission::Column::Id)
            .limit(limit + 1);
        if let Some(after) = parse_cursor(q.cursor.as_deref(), "n")? {
            sel = sel.filter(submission::Column::Id.lt(after));
        }
        let mut ids: Vec<i64> = sel.into_tuple().all(db).await?;
        let more = ids.len() as u64 > limit;
        ids.truncate(usize::try_from(limit).unwrap_or(24));
        let next_cursor = more
            .then(|| ids.last().map(|id| format!("n{id}")))
            .flatten();
        return Ok(EntryPage {
            items: cards_for(db, &ch, viewer, &ids).await?,
            next_cursor,
        });
    }
    if order == Order::Shuffle {
        let from = match q.cursor.as_deref() {
            None | Some("") => None,
            Some(c) => Some(shuffles::Cursor::decode(c).ok_or_else(bad_cursor)?),
        };
        let shuffle = shuffles::shuffle_for(&seed_for(viewer, q.seed.as_deref()));
        let tag = normal_tag(tag);
        let (ids, next) = shuffles::page(db, ch.id, shuffle, tag.as_deref(), from, limit).await?;
        return Ok(EntryPage {
            items: cards_for(db, &ch, viewer, &ids).await?,
            next_cursor: next.map(shuffles::Cursor::encode),
        });
    }
    let prefix = match order {
        Order::Rank => "r",
        Order::WinnersFirst | Order::Newest | Order::Shuffle => "w",
    };
    let after = parse_cursor(q.cursor.as_deref(), prefix)?;
    let ids = ordered_ids(db, &ch, order, tag).await?;
    let (page_ids, next) = page_of(&ids, after, usize::try_from(limit).unwrap_or(24))?;
    Ok(EntryPage {
        items: cards_for(db, &ch, viewer, &page_ids).await?,
        next_cursor: next.map(|id| format!("{prefix}{id}")),
    })
}

/// The entries before and after `entry_id` in the order its challenge's
/// gallery showed this viewer (same sort, tag and seed).
pub async fn neighbours(
    db: &DatabaseConnection,
    entry_id: i64,
    viewer: &MaybeUser,
    q: &NeighbourQuery,
) -> ApiResult<EntryNeighbours> {
    let (s, _, _, ch) = super::read::load(db, entry_id).await?;
    if !super::read::may_view(&s, &ch, viewer.0.as_ref()) {
        return Err(ApiError::not_found("no such entry"));
    }
    let order = order_for(challenges::phase(&ch, Utc::now()), q.sort.as_deref())?;
    let tag = q.tag.as_deref().filter(|t| !t.trim().is_empty());
    if order == Order::Shuffle {
        let shuffle = shuffles::shuffle_for(&seed_for(viewer, q.seed.as_deref()));
        let tag = normal_tag(tag);
        let around = shuffles::around(db, ch.id, shuffle, tag.as_deref(), entry_id).await?;
        let Some(around) = around else {
            return Ok(EntryNeighbours {
                previous: None,
                next: None,
                position: 0,
                total: 0,
            });
        };
        let titles = titles_of(db, [around.previous, around.next].into_iter().flatten()).await?;
        let link = |id: Option<i64>| {
            let id = id?;
            Some(EntryLink {
                id,
                title: titles.get(&id)?.clone(),
            })
        };
        return Ok(EntryNeighbours {
            previous: link(around.previous),
            next: link(around.next),
            position: u32::try_from(around.place).unwrap_or(u32::MAX),
            total: u32::try_from(around.total).unwrap_or(u32::MAX),
        });
    }
    let ids = ordered_ids(db, &ch, order, tag).await?;
    let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    let Some(at) = ids.iter().position(|id| *id == entry_id) else {
        return Ok(EntryNeighbours {
            previous: None,
            next: None,
            position: 0,
            total,
        });
    };
    let around: Vec<i64> = [at.checked_sub(1), Some(at + 1)]
        .into_iter()
        .flatten()
        .filter_map(|i| ids.get(i).copied())
        .collect();
    let titles = titles_of(db, around).await?;
    let link = |i: Option<usize>| {
        let id = *ids.get(i?)?;
        Some(EntryLink {
            id,
            title: titles.get(&id)?.clone(),
        })
    };
    Ok(EntryNeighbours {
        previous: link(at.checked_sub(1)),
        next: link(Some(at + 1)),
        position: u32::try_from(at + 1).unwrap_or(u32::MAX),
        total,
    })
}

async fn titles_of(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    Ok(submission::Entity::find()
        .filter(submission::Column::Id.is_in(ids.into_iter().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.title))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voting_forces_the_shuffle_and_rank_waits_for_results() {
        assert_eq!(
            order_for(Phase::Voting, Some("newest")).unwrap(),
            Order::Shuffle
        );
        assert_eq!(order_for(Phase::Submissions, None).unwrap(), Order::Newest);
        assert_eq!(
            order_for(Phase::Results, Some("rank")).unwrap(),
            Order::Rank
        );
        assert_eq!(
            order_for(Phase::Results, None).unwrap(),
            Order::WinnersFirst
        );
        assert_eq!(
            order_for(Phase::Closed, Some("rank")).unwrap_err().code,
            "ranking_unavailable"
        );
        assert_eq!(
            order_for(Phase::Results, Some("best")).unwrap_err().code,
            "invalid_sort"
        );
    }

    #[test]
    fn winners_come_first_in_place_order_then_newest() {
        // Entry 9 (not listed, e.g. filtered out by a tag) won second place.
        assert_eq!(
            winners_first(vec![1, 2, 3, 4, 5], &[3, 9, 1]),
            vec![3, 1, 5, 4, 2]
        );
        assert_eq!(winners_first(vec![1, 2], &[]), vec![2, 1]);
    }
}
