//! A challenge's gallery: visible entries, filtered by tag, in pages.
//!
//! Outside voting the default order is newest first with keyset pagination
//! (`WHERE id < cursor`). During voting every viewer gets their own stable
//! shuffle, so early entries gain no advantage from sitting at the top: the
//! order is by SHA-256 of (viewer seed, entry id), and the cursor is the last
//! id seen, whose position in that order is found again on the next request.

use atelier_api::{EntryPage, EntryStatus, Phase};
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::read::cards;
use crate::auth::MaybeUser;
use crate::challenges::service as challenges;
use crate::entities::{challenge, submission, submission_tag};
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct GalleryQuery {
    /// `newest` (default) or `rank` (after results). Ignored during voting,
    /// when every viewer sees their own stable shuffle.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Shuffle,
    Rank,
}

pub fn order_for(phase: Phase, sort: Option<&str>) -> ApiResult<Order> {
    if phase == Phase::Voting {
        return Ok(Order::Shuffle);
    }
    match sort {
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

fn base(ch: &challenge::Model, tag: Option<&str>) -> Select<submission::Entity> {
    let mut q = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(ch.id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()));
    if let Some(tag) = tag.map(|t| t.trim().trim_start_matches('#').to_lowercase()) {
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

pub fn shuffle_key(seed: &str, challenge_id: i64, id: i64) -> [u8; 8] {
    let mut h = Sha256::new();
    h.update(seed.as_bytes());
    h.update(challenge_id.to_le_bytes());
    h.update(id.to_le_bytes());
    let d = h.finalize();
    let mut k = [0u8; 8];
    k.copy_from_slice(&d[..8]);
    k
}

/// Orders `ids` for this seed and returns the page after `after`.
pub fn shuffled_page(
    mut ids: Vec<i64>,
    seed: &str,
    challenge_id: i64,
    after: Option<i64>,
    limit: usize,
) -> ApiResult<(Vec<i64>, Option<i64>)> {
    ids.sort_by_key(|id| (shuffle_key(seed, challenge_id, *id), *id));
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
    match order {
        Order::Newest => {
            let mut sel = base(&ch, tag)
                .order_by_desc(submission::Column::Id)
                .limit(limit + 1);
            if let Some(after) = parse_cursor(q.cursor.as_deref(), "n")? {
                sel = sel.filter(submission::Column::Id.lt(after));
            }
            let mut rows = sel.all(db).await?;
            let more = rows.len() as u64 > limit;
            rows.truncate(usize::try_from(limit).unwrap_or(24));
            let next_cursor = more
                .then(|| rows.last().map(|s| format!("n{}", s.id)))
                .flatten();
            Ok(EntryPage {
                items: cards(db, &rows).await?,
                next_cursor,
            })
        }
        Order::Shuffle => {
            let ids: Vec<i64> = base(&ch, tag)
                .select_only()
                .column(submission::Column::Id)
                .into_tuple()
                .all(db)
                .await?;
            let seed = match (viewer.id(), q.seed.as_deref()) {
                (Some(uid), _) => format!("user:{uid}"),
                (None, Some(s)) => format!("anon:{}", s.chars().take(64).collect::<String>()),
                (None, None) => "anon".to_owned(),
            };
            let after = parse_cursor(q.cursor.as_deref(), "s")?;
            let (page_ids, next) = shuffled_page(
                ids,
                &seed,
                ch.id,
                after,
                usize::try_from(limit).unwrap_or(24),
            )?;
            let mut rows = submission::Entity::find()
                .filter(submission::Column::Id.is_in(page_ids.clone()))
                .all(db)
                .await?;
            rows.sort_by_key(|s| page_ids.iter().position(|id| *id == s.id));
            Ok(EntryPage {
                items: cards(db, &rows).await?,
                next_cursor: next.map(|id| format!("s{id}")),
            })
        }
        Order::Rank => {
            let after = parse_cursor(q.cursor.as_deref(), "r")?;
            let ranked = crate::entries::ranking::ranked_ids(db, ch.id, tag).await?;
            let start = match after {
                None => 0,
                Some(a) => {
                    ranked
                        .iter()
                        .position(|id| *id == a)
                        .ok_or_else(bad_cursor)?
                        + 1
                }
            };
            let lim = usize::try_from(limit).unwrap_or(24);
            let page_ids: Vec<i64> = ranked.iter().skip(start).take(lim).copied().collect();
            let next = (start + lim < ranked.len())
                .then(|| page_ids.last().map(|id| format!("r{id}")))
                .flatten();
            let mut rows = submission::Entity::find()
                .filter(submission::Column::Id.is_in(page_ids.clone()))
                .all(db)
                .await?;
            rows.sort_by_key(|s| page_ids.iter().position(|id| *id == s.id));
            Ok(EntryPage {
                items: cards(db, &rows).await?,
                next_cursor: next,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_viewer_gets_a_stable_but_different_order() {
        let ids: Vec<i64> = (1..=50).collect();
        let a1 = shuffled_page(ids.clone(), "user:1", 7, None, 50).unwrap().0;
        let a2 = shuffled_page(ids.clone(), "user:1", 7, None, 50).unwrap().0;
        let b = shuffled_page(ids.clone(), "user:2", 7, None, 50).unwrap().0;
        assert_eq!(a1, a2);
        assert_ne!(a1, b);
        assert_ne!(a1, ids, "not simply in id order");
        let mut sorted = a1.clone();
        sorted.sort();
        assert_eq!(sorted, ids, "a permutation: nothing lost or repeated");
    }

    #[test]
    fn paging_through_a_shuffle_visits_every_entry_once() {
        let ids: Vec<i64> = (1..=23).collect();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = shuffled_page(ids.clone(), "s", 1, after, 5).unwrap();
            seen.extend(page);
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        seen.sort();
        assert_eq!(seen, ids);
        assert!(shuffled_page(ids, "s", 1, Some(999), 5).is_err());
    }

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
            order_for(Phase::Closed, Some("rank")).unwrap_err().code,
            "ranking_unavailable"
        );
        assert_eq!(
            order_for(Phase::Results, Some("best")).unwrap_err().code,
            "invalid_sort"
        );
    }
}
