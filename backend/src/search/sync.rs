//! Keeping a node's index in step with the database: the full rebuild
//! (`atelier reindex`, a new or emptied index at start-up), the catch-up
//! every few seconds with changes made through any node, and a
//! reconciliation that finds templates deleted elsewhere (a deleted row
//! leaves no `updated_at` to notice).
//!
//! Only `published` templates are indexed; a catch-up or rebuild removes
//! any other.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use atelier_api::TemplateStatus;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{Change, SearchIndex, TemplateDoc};
use crate::config::{Settings, StorageKind};
use crate::entities::{template, template_tag, user};

/// Rows read per database round trip.
const PAGE: u64 = 1000;

/// How far before its watermark a catch-up looks again: a write whose
/// transaction stamped `updated_at` before an earlier catch-up read but
/// committed after it, or a node whose clock runs a little behind, is
/// still seen. Rows indexed with the same `updated_at` are skipped, so the
/// overlap costs a read, not a commit.
pub const OVERLAP: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// How often the periodic task compares the whole published set with the
/// index even when the counts agree.
const FULL_RECONCILE_EVERY: Duration = Duration::from_secs(600);

fn published() -> &'static str {
    TemplateStatus::Published.as_str()
}

/// Where the index lives: `search.dir`, else `<data_dir>/search/templates`
/// with file storage; `None` (memory) with S3 storage and no `search.dir`,
/// where nodes often have no lasting local disk.
pub fn index_dir(settings: &Settings) -> Option<PathBuf> {
    match (&settings.search.dir, settings.storage.kind) {
        (Some(dir), _) => Some(dir.clone()),
        (None, StorageKind::File) => Some(settings.data_dir.join("search").join("templates")),
        (None, StorageKind::S3) => None,
    }
}

/// Opens the index the settings name (see [`index_dir`]); fails when
/// another process holds it.
pub fn open(settings: &Settings) -> anyhow::Result<SearchIndex> {
    match index_dir(settings) {
        Some(dir) => SearchIndex::open(&dir)
            .with_context(|| format!("opening the search index in {}", dir.display())),
        None => SearchIndex::in_memory(),
    }
}

/// The server's index: [`open`], or one in memory when another process
/// holds the directory (a second server on the same data directory, say
/// while an old one drains), so the server still starts.
pub fn open_for_server(settings: &Settings) -> anyhow::Result<SearchIndex> {
    match open(settings) {
        Err(e) if e.downcast_ref::<super::InUse>().is_some() => {
            tracing::warn!(error = %format!("{e:#}"), "keeping this server's search index in memory");
            SearchIndex::in_memory()
        }
        other => other,
    }
}

/// At start-up: rebuilds an index that is new (or of an older schema
/// version, which starts empty) or was never filled from the database,
/// otherwise catches up with what changed while the node was down; then
/// starts the periodic catch-up (`search.catch_up_interval_secs`, 0: none).
pub async fn start(
    db: &DatabaseConnection,
    index: &SearchIndex,
    settings: &Settings,
) -> anyhow::Result<()> {
    match index.watermark() {
        Some(mark) if index.num_docs() > 0 => {
            catch_up(db, index, mark).await?;
            reconcile(db, index).await?;
        }
        _ => {
            let n = rebuild_from_db(db, index).await?;
            tracing::info!(templates = n, "search index built");
        }
    }
    let secs = settings.search.catch_up_interval_secs;
    if secs > 0 {
        spawn(db.clone(), index.clone(), Duration::from_secs(secs));
    }
    Ok(())
}

/// Replaces the index with every published template; returns how many.
pub async fn rebuild_from_db(
    db: &DatabaseConnection,
    index: &SearchIndex,
) -> anyhow::Result<usize> {
    // Read first: anything changed while the pages are read is newer than
    // this and comes again with the next catch-up.
    let mark = newest_change(db).await?;
    let mut changes = Vec::new();
    let mut after = 0i64;
    loop {
        let page = template::Entity::find()
            .filter(template::Column::Status.eq(published()))
            .filter(template::Column::Id.gt(after))
            .order_by_asc(template::Column::Id)
            .limit(PAGE)
            .all(db)
            .await
            .context("reading templates")?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let full = page.len() as u64 == PAGE;
        changes.extend(
            documents(db, page)
                .await?
                .into_iter()
                .map(|(doc, at)| Change::Upsert(doc, Some(at))),
        );
        if !full {
            break;
        }
    }
    let n = changes.len();
    index.apply(changes, mark, true).await?;
    Ok(n)
}

/// Applies templates changed since `since` (less [`OVERLAP`]): published
/// ones are (re)indexed unless already indexed at that `updated_at`, others
/// removed. Returns the newest `updated_at` seen (at least `since`), where
/// the next catch-up starts.
pub async fn catch_up(
    db: &DatabaseConnection,
    index: &SearchIndex,
    since: DateTime<Utc>,
) -> anyhow::Result<DateTime<Utc>> {
    let from = since.checked_sub_signed(OVERLAP).unwrap_or(since);
    let mut newest = since;
    let mut offset = 0u64;
    loop {
        let page = template::Entity::find()
            .filter(template::Column::UpdatedAt.gt(from))
            .order_by_asc(template::Column::UpdatedAt)
            .order_by_asc(template::Column::Id)
            .offset(offset)
            .limit(PAGE)
            .all(db)
            .await
            .context("reading changed templates")?;
        let full = page.len() as u64 == PAGE;
        offset += page.len() as u64;
        let Some(page_newest) = page.iter().map(|t| t.updated_at).max() else {
            break;
        };
        newest = newest.max(page_newest);
        let ids: Vec<i64> = page.iter().map(|t| t.id).collect();
        let indexed = index.versions(ids).await?;
        let mut changes = Vec::new();
        let mut to_index = Vec::new();
        for t in page {
            let at = indexed.get(&t.id).copied();
            if t.status == published() {
                if at != Some(t.updated_at.timestamp_micros()) {
                    to_index.push(t);
                }
            } else if at.is_some() {
                changes.push(Change::Remove(t.id));
            }
        }
        changes.extend(
            documents(db, to_index)
                .await?
                .into_iter()
                .map(|(doc, at)| Change::Upsert(doc, Some(at))),
        );
        if !changes.is_empty() || index.watermark() < Some(newest) {
            index.apply(changes, Some(newest), false).await?;
        }
        if !full {
            break;
        }
    }
    Ok(newest)
}

/// Indexes or removes one template as the database has it now: what a
/// route calls after changing a template's text or status.
pub async fn refresh(db: &DatabaseConnection, index: &SearchIndex, id: i64) -> anyhow::Result<()> {
    let row = template::Entity::find_by_id(id)
        .one(db)
        .await
        .context("reading a template")?;
    match row {
        Some(t) if t.status == published() => {
            let mut docs = documents(db, vec![t]).await?;
            match docs.pop() {
                Some((doc, at)) => {
                    index
                        .apply(vec![Change::Upsert(doc, Some(at))], None, false)
                        .await
                }
                None => Ok(()),
            }
        }
        _ => index.remove(id).await,
    }
}

/// Makes the index hold exactly the published templates: removes ids whose
/// row is gone or no longer published, adds published ones it lacks.
/// Returns (removed, added).
pub async fn reconcile(
    db: &DatabaseConnection,
    index: &SearchIndex,
) -> anyhow::Result<(usize, usize)> {
    let in_db: HashSet<i64> = template::Entity::find()
        .select_only()
        .column(template::Column::Id)
        .filter(template::Column::Status.eq(published()))
        .into_tuple::<i64>()
        .all(db)
        .await
        .context("reading published template ids")?
        .into_iter()
        .collect();
    let in_index: HashSet<i64> = index.ids().await?.into_iter().collect();
    let mut changes: Vec<Change> = in_index
        .difference(&in_db)
        .map(|&id| Change::Remove(id))
        .collect();
    let removed = changes.len();
    let missing: Vec<i64> = in_db.difference(&in_index).copied().collect();
    let mut added = 0;
    for chunk in missing.chunks(PAGE as usize) {
        let rows = template::Entity::find()
            .filter(template::Column::Id.is_in(chunk.iter().copied()))
            .filter(template::Column::Status.eq(published()))
            .all(db)
            .await
            .context("reading templates")?;
        let docs = documents(db, rows).await?;
        added += docs.len();
        changes.extend(docs.into_iter().map(|(d, at)| Change::Upsert(d, Some(at))));
    }
    if !changes.is_empty() {
        index.apply(changes, None, false).await?;
    }
    Ok((removed, added))
}

/// The periodic catch-up: every `interval`, changes since the last one; a
/// full reconciliation when the number of published templates differs from
/// the index's (a deletion elsewhere) or every [`FULL_RECONCILE_EVERY`].
pub fn spawn(db: DatabaseConnection, index: SearchIndex, interval: Duration) {
    tokio::spawn(async move {
        let mut since = index.watermark().unwrap_or(DateTime::UNIX_EPOCH);
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        let mut last_full = tokio::time::Instant::now();
        loop {
            tick.tick().await;
            match catch_up(&db, &index, since).await {
                Ok(newest) => since = newest,
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "search catch-up failed");
                    continue;
                }
            }
            let due = last_full.elapsed() >= FULL_RECONCILE_EVERY;
            let differs = match published_count(&db).await {
                Ok(n) => n != index.num_docs(),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "counting published templates failed");
                    false
                }
            };
            if due || differs {
                match reconcile(&db, &index).await {
                    Ok((removed, added)) => {
                        last_full = tokio::time::Instant::now();
                        if removed + added > 0 {
                            tracing::info!(removed, added, "search index reconciled");
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %format!("{e:#}"), "search reconciliation failed")
                    }
                }
            }
        }
    });
}

async fn published_count(db: &DatabaseConnection) -> anyhow::Result<u64> {
    Ok(template::Entity::find()
        .filter(template::Column::Status.eq(published()))
        .count(db)
        .await?)
}

async fn newest_change(db: &DatabaseConnection) -> anyhow::Result<Option<DateTime<Utc>>> {
    template::Entity::find()
        .select_only()
        .column(template::Column::UpdatedAt)
        .order_by_desc(template::Column::UpdatedAt)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await
        .context("reading the newest template change")
}

/// The documents of `rows`, with their tags and creators' handles, each
/// with its row's `updated_at`.
async fn documents(
    db: &DatabaseConnection,
    rows: Vec<template::Model>,
) -> anyhow::Result<Vec<(TemplateDoc, DateTime<Utc>)>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for t in template_tag::Entity::find()
        .filter(template_tag::Column::TemplateId.is_in(ids))
        .all(db)
        .await
        .context("reading template tags")?
    {
        tags.entry(t.template_id).or_default().push(t.tag);
    }
    let creators: HashSet<i64> = rows.iter().map(|t| t.creator_id).collect();
    let handles: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Handle])
        .filter(user::Column::Id.is_in(creators))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await
        .context("reading creators' handles")?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|t| {
            let doc = TemplateDoc {
                id: t.id,
                tags: tags.remove(&t.id).unwrap_or_default(),
                creator_handle: handles.get(&t.creator_id).cloned().unwrap_or_default(),
                // `social_post` is searched as "social post".
                category: t.category.replace('_', " "),
                title: t.title,
                description: t.description_md,
            };
            (doc, t.updated_at)
        })
        .collect())
}
