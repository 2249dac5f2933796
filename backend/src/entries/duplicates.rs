//! Near-duplicate entries: the perceptual-hash lookup at submission, and
//! staff's review of the flags it raises.

use super::read::cards;
use crate::auth::CurrentUser;
use crate::entities::submission;
use crate::error::{ApiError, ApiResult};
use crate::media::pipeline;
use atelier_api::{EntryCard, EntryStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// The hash is looked up by multi-index hashing (Norouzi et al.): split
/// into [`BANDS`] bands of 16 bits, two hashes within distance `r` agree to
/// within `r / BANDS` bits in at least one band (pigeonhole). So the
/// candidates are the entries whose band `k` is within that radius of ours
/// in some band, read through the expression indexes on each band
/// (migration `phash_bands`), and only they are compared in full. The cost
/// follows the number of near matches, not the number of entries.
pub const BANDS: u32 = 4;

/// Band `k` (0 = the high 16 bits) of a hash.
pub fn band(hash: u64, k: u32) -> u16 {
    u16::try_from((hash >> (48 - 16 * k)) & 0xFFFF).unwrap_or(0)
}

/// Every 16-bit value within Hamming distance `radius` of `value`.
pub fn within(value: u16, radius: u32) -> Vec<u16> {
    fn flip(from: u16, start: u32, left: u32, out: &mut Vec<u16>) {
        if left == 0 {
            return;
        }
        for bit in start..16 {
            let v = from ^ (1 << bit);
            out.push(v);
            flip(v, bit + 1, left - 1, out);
        }
    }
    let mut out = vec![value];
    flip(value, 0, radius.min(16), &mut out);
    out
}

/// Entries (id, phash, hash version, status) whose band `k` is one of
/// `values`. The band expression is written exactly as the index's, and it
/// is the only condition on `media`, with `media` first in a CROSS JOIN
/// (which fixes SQLite's loop order), so both databases read it through the
/// band's index; version and status are checked on the few rows found. The
/// values are numbers, formatted here.
pub fn band_query(k: u32, values: &[u16]) -> String {
    let shift = 48 - 16 * k;
    let values: Vec<String> = values.iter().map(u16::to_string).collect();
    format!(
        "SELECT s.id AS id, media.phash AS phash, media.phash_version AS version, \
         s.status AS status FROM media CROSS JOIN submissions s \
         WHERE ((phash >> {shift}) & 65535) IN ({}) AND s.media_id = media.id",
        values.join(","),
    )
}

/// The closest earlier entry within `max_distance`, if any; only hashes of
/// the current construction are compared (older rows wait for the rehash).
/// Read outside the submit transaction: two near-duplicates uploaded at the
/// same instant may miss each other, which staff can still spot; the write
/// lock is never held for the lookup.
pub async fn nearest_duplicate<C: ConnectionTrait>(
    db: &C,
    phash: u64,
    max_distance: u32,
) -> ApiResult<Option<(i64, u32)>> {
    let radius = max_distance / BANDS;
    let mut best: Option<(i64, u32)> = None;
    let mut seen = std::collections::HashSet::new();
    for k in 0..BANDS {
        let sql = band_query(k, &within(band(phash, k), radius));
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await?;
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let version: i16 = row.try_get("", "version")?;
            let status: String = row.try_get("", "status")?;
            if version != pipeline::PHASH_VERSION
                || status == EntryStatus::Withdrawn.as_str()
                || !seen.insert(id)
            {
                continue;
            }
            let other: i64 = row.try_get("", "phash")?;
            let d = pipeline::hamming(phash, u64::from_ne_bytes(other.to_ne_bytes()));
            if d <= max_distance && best.is_none_or(|(bid, bd)| (d, id) < (bd, bid)) {
                best = Some((id, d));
            }
        }
    }
    Ok(best)
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

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn the_neighbourhood_of_a_band_has_the_binomial_size() {
        assert_eq!(within(0xABCD, 0), vec![0xABCD]);
        assert_eq!(within(0xABCD, 1).len(), 17);
        assert_eq!(within(0, 2).len(), 1 + 16 + 120);
        let v = within(0x00F0, 2);
        let mut dedup = v.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), v.len(), "no value twice");
        assert!(v.iter().all(|x| (x ^ 0x00F0).count_ones() <= 2));
    }

    #[test]
    fn a_hash_within_the_distance_shares_a_near_band() {
        // Pigeonhole, checked over many pairs at distance up to 7 with the
        // bits spread over the bands in every way.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = x;
            let mut b = a;
            let flips = x % 8;
            for i in 0..flips {
                b ^= 1 << ((x >> (8 * i)) % 64);
            }
            let d = pipeline::hamming(a, b);
            let radius = d / BANDS;
            assert!(
                (0..BANDS).any(|k| within(band(a, k), radius).contains(&band(b, k))),
                "{a:x} {b:x}"
            );
        }
    }
}
