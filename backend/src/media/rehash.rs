//! Recomputes perceptual hashes made by an earlier hash construction
//! (`media.phash_version` other than [`PHASH_VERSION`]) from each row's
//! stored thumbnail, so that old entries take part in duplicate checks
//! again: the lookup compares only hashes of the current version, and a row
//! it skips is one this pass has not reached (or could not read).
//!
//! Runs once in the background at start-up ([`spawn`]) and as
//! `atelier rehash` ([`run_once`]). Several nodes may run it at once: every
//! node computes the same hash, and a row is only written while it still
//! has the version that was read.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::Semaphore;

use crate::entities::media;
use crate::media::pipeline::{self, PHASH_VERSION};
use crate::storage::Store;

/// Rows read per query.
const BATCH: u64 = 100;
/// Time for decoding and hashing one thumbnail.
const HASH_TIMEOUT: Duration = Duration::from_secs(60);

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Rows whose hash this pass recomputed.
    pub updated: u64,
    /// Rows left as they were: thumbnail missing or unreadable (logged);
    /// they stay out of duplicate checks and are tried again next pass.
    pub failed: u64,
}

/// One pass over every row of another hash version, in id order. CPU work
/// runs off the executor under `permits` (the server's media permits, so
/// uploads are not starved).
pub async fn run(
    db: &DatabaseConnection,
    store: &dyn Store,
    permits: &Arc<Semaphore>,
) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut after = 0i64;
    loop {
        let rows = media::Entity::find()
            .filter(media::Column::PhashVersion.ne(PHASH_VERSION))
            .filter(media::Column::Id.gt(after))
            .order_by_asc(media::Column::Id)
            .limit(BATCH)
            .all(db)
            .await
            .context("reading media rows with an old perceptual hash")?;
        let Some(last) = rows.last() else {
            return Ok(report);
        };
        after = last.id;
        for row in rows {
            match rehash_row(db, store, permits, &row).await {
                Ok(true) => report.updated += 1,
                // Another node got there first.
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(
                        media_id = row.id,
                        key = %row.thumb_key,
                        error = %format!("{e:#}"),
                        "could not recompute a perceptual hash; the image stays out of duplicate checks"
                    );
                    report.failed += 1;
                }
            }
        }
    }
}

/// Recomputes one row's hash; `false` when the row changed meanwhile.
async fn rehash_row(
    db: &DatabaseConnection,
    store: &dyn Store,
    permits: &Arc<Semaphore>,
    row: &media::Model,
) -> anyhow::Result<bool> {
    let thumbnail = store
        .get(&row.thumb_key)
        .await
        .context("reading the thumbnail")?
        .into_bytes()
        .await
        .context("reading the thumbnail")?;
    let hash = crate::media::run_bounded(permits, HASH_TIMEOUT, move || {
        pipeline::thumbnail_phash(&thumbnail)
    })
    .await
    .map_err(|e| anyhow::anyhow!("hashing the thumbnail: {} ({})", e.message, e.code))?;
    let written = media::Entity::update_many()
        .col_expr(
            media::Column::Phash,
            Expr::value(i64::from_ne_bytes(hash.to_ne_bytes())),
        )
        .col_expr(media::Column::PhashVersion, Expr::value(PHASH_VERSION))
        .filter(media::Column::Id.eq(row.id))
        .filter(media::Column::PhashVersion.eq(row.phash_version))
        .exec(db)
        .await
        .context("storing the recomputed hash")?;
    Ok(written.rows_affected == 1)
}

/// Runs one pass in the background (at start-up), logging what it did.
pub fn spawn(db: DatabaseConnection, store: Arc<dyn Store>, permits: Arc<Semaphore>) {
    tokio::spawn(async move {
        match run(&db, store.as_ref(), &permits).await {
            Ok(r) if r.updated + r.failed > 0 => tracing::info!(
                updated = r.updated,
                failed = r.failed,
                version = PHASH_VERSION,
                "recomputed perceptual hashes of an earlier version"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(
                error = %format!("{e:#}"),
                "recomputing old perceptual hashes failed; the next start tries again"
            ),
        }
    });
}

/// `atelier rehash`: one pass with the configured database and store.
pub async fn run_once(settings: &crate::config::Settings) -> anyhow::Result<Report> {
    let db = crate::db::connect(settings).await?;
    crate::db::migrate(&db).await?;
    let store = crate::storage::open(settings).await?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    run(&db, store.as_ref(), &Arc::new(Semaphore::new(cores))).await
}
