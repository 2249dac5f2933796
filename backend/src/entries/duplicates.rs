//! Near-duplicate entries: the perceptual-hash lookup at submission, and
//! staff's review of the flags it raises.

use super::read::cards;
use crate::auth::CurrentUser;
use crate::entities::{media, submission};
use crate::error::{ApiError, ApiResult};
use crate::media::pipeline;
use atelier_api::{EntryCard, EntryStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

pub(super) fn phash_of(m: &media::Model) -> u64 {
    u64::from_ne_bytes(m.phash.to_ne_bytes())
}

/// The closest earlier entry within `max_distance`, if any; only hashes of
/// the current construction are compared (older rows wait for the rehash).
pub(super) async fn nearest_duplicate<C: ConnectionTrait>(
    db: &C,
    phash: u64,
    max_distance: u32,
) -> ApiResult<Option<(i64, u32)>> {
    // Every non-withdrawn entry's hash; a linear scan of 8-byte values is
    // cheap well into the hundreds of thousands of entries.
    let rows = submission::Entity::find()
        .filter(submission::Column::Status.ne(EntryStatus::Withdrawn.as_str()))
        .find_also_related(media::Entity)
        .filter(media::Column::PhashVersion.eq(pipeline::PHASH_VERSION))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|(s, m)| {
            m.as_ref()
                .map(|m| (s.id, pipeline::hamming(phash, phash_of(m))))
        })
        .filter(|(_, d)| *d <= max_distance)
        .min_by_key(|(id, d)| (*d, *id)))
}

/// Staff: entries flagged as near-duplicates and not yet reviewed.
pub async fn duplicate_flags(
    db: &DatabaseConnection,
) -> ApiResult<Vec<atelier_api::DuplicateFlag>> {
    let flagged = submission::Entity::find()
        .filter(submission::Column::DuplicateReview.eq("pending"))
        .order_by_asc(submission::Column::Id)
        .all(db)
        .await?;
    let originals = submission::Entity::find()
        .filter(submission::Column::Id.is_in(flagged.iter().filter_map(|s| s.duplicate_of)))
        .all(db)
        .await?;
    let flagged_cards = cards(db, &flagged).await?;
    let original_cards: HashMap<i64, EntryCard> = cards(db, &originals)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(flagged
        .iter()
        .zip(flagged_cards)
        .filter_map(|(s, card)| {
            Some(atelier_api::DuplicateFlag {
                original: original_cards.get(&s.duplicate_of?)?.clone(),
                entry: card,
                distance: u32::try_from(s.duplicate_distance.unwrap_or(0)).unwrap_or(0),
            })
        })
        .collect())
}

pub async fn resolve_duplicate(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    disqualify: bool,
    reason: &str,
) -> ApiResult<()> {
    staff.require_staff()?;
    let reason = crate::audit::reason(reason)?;
    let txn = crate::db::begin_write(db).await?;
    let s = submission::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such entry"))?;
    if s.duplicate_review.as_deref() != Some("pending") {
        return Err(ApiError::conflict(
            "not_flagged",
            "this entry has no pending duplicate flag",
        ));
    }
    let mut am: submission::ActiveModel = s.into();
    if disqualify {
        am.status = Set(EntryStatus::Disqualified.as_str().to_owned());
        am.slot = Set(None);
        am.duplicate_review = Set(Some("confirmed".into()));
        am.status_reason = Set(Some(reason.to_owned()));
    } else {
        am.duplicate_review = Set(Some("cleared".into()));
    }
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        if disqualify {
            "entry.disqualify_duplicate"
        } else {
            "entry.clear_duplicate"
        },
        &format!("entry:{id}"),
        reason,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
