//! Removes objects that no row points at: the leftovers of uploads whose
//! rows never committed (a crash between the two steps, a failed clean-up).
//! Only objects older than a grace period go, so uploads in flight are safe.
//! Which columns hold keys and which prefixes hold objects both come from
//! `storage::references`, the one list a new kind of object is added to.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use futures_util::StreamExt;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{DatabaseConnection, StreamTrait};

use crate::storage::Store;
use crate::storage::references::{Prefix, STORE_KEY_COLUMNS};

/// Every key a row refers to, read column by column as a stream of keys.
pub async fn referenced(db: &DatabaseConnection) -> anyhow::Result<HashSet<String>> {
    let mut keys = HashSet::new();
    for (table, column) in STORE_KEY_COLUMNS {
        let select = Query::select()
            .column(Alias::new(*column))
            .from(Alias::new(*table))
            .and_where(Expr::col(Alias::new(*column)).is_not_null())
            .to_owned();
        let mut rows = db
            .stream(&select)
            .await
            .with_context(|| format!("reading {table}.{column}"))?;
        while let Some(row) = rows.next().await {
            let key: String = row?.try_get_by_index(0)?;
            keys.insert(key);
        }
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
    for prefix in Prefix::ALL {
        objects.extend(store.list(prefix.as_str()).await?);
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

/// `atelier sweep`: one sweep with the configured store and grace period.
pub async fn run_once(settings: &crate::config::Settings) -> anyhow::Result<usize> {
    let db = crate::db::connect(settings).await?;
    crate::db::migrate(&db).await?;
    let store = crate::storage::open(settings).await?;
    let grace = Duration::from_secs(settings.media.orphan_grace_secs);
    sweep(&db, store.as_ref(), grace).await
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
