//! Removes objects that no row points at: the leftovers of uploads whose
//! rows never committed (a crash between the two steps, a failed clean-up).
//! Only objects older than a grace period go, so uploads in flight are safe.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::entities::{challenge, media, user};
use crate::storage::Store;

/// Every key a row refers to.
async fn referenced(db: &DatabaseConnection) -> anyhow::Result<HashSet<String>> {
    let mut keys = HashSet::new();
    for m in media::Entity::find().all(db).await? {
        keys.insert(m.original_key);
        keys.insert(m.display_key);
        keys.insert(m.thumb_key);
    }
    for c in challenge::Entity::find().all(db).await? {
        keys.extend(c.cover_key);
    }
    for u in user::Entity::find().all(db).await? {
        keys.extend(u.avatar_key);
    }
    Ok(keys)
}

/// Deletes unreferenced objects older than `grace`; returns how many.
pub async fn sweep(
    db: &DatabaseConnection,
    store: &dyn Store,
    grace: Duration,
) -> anyhow::Result<usize> {
    let cutoff = Utc::now() - chrono::Duration::from_std(grace)?;
    // List before reading the rows: an object written after the listing
    // cannot be mistaken for an orphan.
    let mut objects = Vec::new();
    for prefix in ["media/", "covers/", "avatars/"] {
        objects.extend(store.list(prefix).await?);
    }
    let keep = referenced(db).await?;
    let mut removed = 0;
    for obj in objects {
        if obj.modified < cutoff && !keep.contains(&obj.key) {
            store.delete(&obj.key).await?;
            tracing::info!(key = %obj.key, "removed orphan object");
            removed += 1;
        }
    }
    Ok(removed)
}

/// Runs `sweep` every `interval` until the process ends.
pub fn spawn(
    db: DatabaseConnection,
    store: std::sync::Arc<dyn Store>,
    interval: Duration,
    grace: Duration,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.tick().await;
        loop {
            tick.tick().await;
            match sweep(&db, store.as_ref(), grace).await {
                Ok(n) => tracing::debug!(removed = n, "orphan sweep done"),
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "orphan sweep failed"),
            }
        }
    });
}
