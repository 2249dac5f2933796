//! Full-text search over published templates: "which template ids match
//! this text, best first". Facets and paging stay in SQL; this index only
//! ranks ids. Built on tantivy.
//!
//! # Chinese: CJK bigrams, not a dictionary segmenter
//!
//! Titles are Traditional Chinese, English or both. A dictionary segmenter
//! (jieba, through `tantivy-jieba`) cuts a title into the words of its
//! dictionary, and a query only matches when it is cut the same way.
//! jieba's dictionary is Simplified Chinese, so Traditional titles fall back
//! on its HMM and the cuts go astray: "LINE貼圖九宮格" becomes 貼 | 圖九宮格,
//! "春節紅包袋設計" 春節紅 | 包袋 | 設計, so 貼圖, 紅包 and 春節 find nothing.
//! Measured on the 20 zh-TW titles and 54 words people would type inside
//! them listed in `tests.rs` ("包裝" in "環保包裝設計模板", "貼圖" in
//! "LINE貼圖九宮格", "筆記本" in "筆記本封面網格", ...), tantivy-jieba 0.21
//! found 33 of the 54 in search mode (32 in its default mode); CJK bigrams
//! find all 54, and the unit tests hold them to it. Single characters are
//! indexed too, so a one-character query such as "貓" matches. The price:
//! every CJK character yields two terms (a bigger index), and a bigram may
//! straddle two words ("裝設" in 包裝設計), which costs precision, not
//! recall; recall mattered most. A query's bigrams must all be present, and
//! where they stand together as typed the template ranks higher.
//! `cargo bench -p atelier-backend --bench search` prints the figures at
//! scale beside SQL `LIKE`. On 100,000 synthetic templates (2 cores under
//! a load average of 9): a first page in 1.2 ms p50 / 22 ms p99 (LIKE
//! 0.8 / 128 ms), every match in 3.4 / 30 ms (LIKE 61 / 279 ms), recall
//! 100% for zh-TW words, English words, one-typo words and prefixes (LIKE:
//! 0% for typos), 12 MiB on disk, built from the database in 11 s.
//!
//! # English: one typo, and prefixes as you type
//!
//! See [`query`]: tiers of exact, prefix (the last word) and fuzzy (one
//! edit) matches; an earlier tier's results always come first.
//!
//! # Keeping it current
//!
//! The template routes call [`SearchIndex::upsert`] and
//! [`SearchIndex::remove`]; a change is searchable when they return. Every
//! node keeps its own index, so [`sync`] runs a catch-up every few seconds
//! that re-reads templates changed since the last one it saw (by
//! `updated_at`), and `atelier reindex` rebuilds from the database.

pub mod catalogue;
mod query;
pub mod sync;
mod tokenizer;

#[cfg(test)]
mod tests;

pub use sync::{catch_up, rebuild_from_db};

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::Context;
use chrono::{DateTime, Utc};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use query::{Plan, TIERS};

/// Bumped whenever the schema or the tokenizer changes: a new version lives
/// in a new directory, starts empty and is rebuilt from the database.
pub const SCHEMA_VERSION: u32 = 1;

/// Memory the writer buffers before it writes a segment (tantivy's minimum
/// is 15 MB).
const WRITER_MEMORY: usize = 32 * 1024 * 1024;

/// Field boosts: a word in the title counts most.
const TITLE_BOOST: f32 = 3.0;
const TAGS_BOOST: f32 = 2.0;
const CATEGORY_BOOST: f32 = 1.5;
const CREATOR_BOOST: f32 = 1.5;
const DESCRIPTION_BOOST: f32 = 1.0;

/// Another process (a running server, `atelier reindex`) holds the index's
/// writer lock.
#[derive(Debug, thiserror::Error)]
#[error("the search index {0} is in use by another process (a running server?)")]
pub struct InUse(pub String);

/// What the index knows of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDoc {
    pub id: i64,
    pub title: String,
    /// Markdown; indexed as its text (link targets and markup left out).
    pub description: String,
    pub tags: Vec<String>,
    pub creator_handle: String,
    pub category: String,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    /// `updated_at` of the row indexed, in microseconds; `i64::MIN` when
    /// the change came through [`SearchIndex::upsert`] without it.
    updated: Field,
    title: Field,
    description: Field,
    tags: Field,
    category: Field,
    creator: Field,
}

impl Fields {
    fn weighted(&self) -> [(Field, f32); 5] {
        [
            (self.title, TITLE_BOOST),
            (self.tags, TAGS_BOOST),
            (self.category, CATEGORY_BOOST),
            (self.creator, CREATOR_BOOST),
            (self.description, DESCRIPTION_BOOST),
        ]
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_i64_field("id", INDEXED | FAST),
        updated: b.add_i64_field("updated", FAST),
        title: b.add_text_field("title", text.clone()),
        description: b.add_text_field("description", text.clone()),
        tags: b.add_text_field("tags", text.clone()),
        category: b.add_text_field("category", text.clone()),
        creator: b.add_text_field("creator", text),
    };
    (b.build(), fields)
}

/// One change to apply; a batch of them is one commit.
pub(crate) enum Change {
    /// The document, and the row's `updated_at` when it came from the database.
    Upsert(TemplateDoc, Option<DateTime<Utc>>),
    Remove(i64),
}

/// The template index. Cheap to clone; every clone is the same index.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The one writer; also serialises commits and the watermark.
    writer: Mutex<Writer>,
    /// Where the index lives on disk, `None` in memory.
    dir: Option<PathBuf>,
}

struct Writer {
    writer: IndexWriter,
    /// The newest `updated_at` applied from the database (saved with each
    /// commit), where the next catch-up starts.
    watermark: Option<DateTime<Utc>>,
}

impl SearchIndex {
    /// An index in memory (tests, and nodes without a local directory).
    pub fn in_memory() -> anyhow::Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields, None)
    }

    /// The index in `dir` (under a subdirectory per schema version), created
    /// if missing. Directories of other versions are removed. Fails when
    /// another process holds the index (its writer lock).
    pub fn open(dir: &Path) -> anyhow::Result<SearchIndex> {
        let versioned = dir.join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&versioned)
            .with_context(|| format!("creating {}", versioned.display()))?;
        remove_other_versions(dir, &versioned);
        let (schema, fields) = schema();
        let open = |schema: Schema| -> anyhow::Result<Index> {
            let mmap = MmapDirectory::open(&versioned)
                .with_context(|| format!("opening {}", versioned.display()))?;
            Ok(Index::open_or_create(mmap, schema)?)
        };
        let index = match open(schema.clone()) {
            Ok(index) => index,
            Err(e) => {
                // A schema changed without a version bump, or a damaged
                // index: the database has everything, so start over.
                tracing::warn!(error = %format!("{e:#}"), dir = %versioned.display(),
                    "search index unreadable; recreating it");
                std::fs::remove_dir_all(&versioned)
                    .with_context(|| format!("removing {}", versioned.display()))?;
                std::fs::create_dir_all(&versioned)
                    .with_context(|| format!("creating {}", versioned.display()))?;
                open(schema)?
            }
        };
        Self::from_index(index, fields, Some(versioned))
    }

    fn from_index(index: Index, fields: Fields, dir: Option<PathBuf>) -> anyhow::Result<Self> {
        index
            .tokenizers()
            .register(tokenizer::NAME, tokenizer::analyzer());
        let watermark = index
            .load_metas()?
            .payload
            .and_then(|p| DateTime::parse_from_rfc3339(&p).ok())
            .map(|t| t.with_timezone(&Utc));
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(1)
            .num_merge_threads(1)
            .memory_budget_per_thread(WRITER_MEMORY)
            .build();
        let writer = index.writer_with_options(options).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => anyhow::Error::new(InUse(
                dir.as_deref()
                    .map_or("".into(), |d| d.display().to_string()),
            )),
            e => e.into(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                writer: Mutex::new(Writer { writer, watermark }),
                dir,
            }),
        })
    }

    /// Adds or replaces a template; searchable when this returns.
    pub async fn upsert(&self, doc: TemplateDoc) -> anyhow::Result<()> {
        self.apply(vec![Change::Upsert(doc, None)], None, false)
            .await
    }

    /// Removes a template (nothing happens if it was not indexed).
    pub async fn remove(&self, id: i64) -> anyhow::Result<()> {
        self.apply(vec![Change::Remove(id)], None, false).await
    }

    /// Template ids matching `query`, best first, at most `limit`.
    pub async fn search(&self, query: &str, limit: usize) -> anyhow::Result<Vec<i64>> {
        let this = self.clone();
        let query = query.to_owned();
        tokio::task::spawn_blocking(move || this.search_blocking(&query, limit)).await?
    }

    /// Replaces the whole index with `docs` in one commit.
    pub async fn rebuild(&self, docs: Vec<TemplateDoc>) -> anyhow::Result<()> {
        let changes = docs.into_iter().map(|d| Change::Upsert(d, None)).collect();
        self.apply(changes, None, true).await
    }

    /// Bytes the index takes: its files on disk, or its segments in memory.
    pub fn size_bytes(&self) -> u64 {
        match &self.inner.dir {
            Some(dir) => std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter_map(|e| e.metadata().ok())
                        .filter(|m| m.is_file())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
            None => self
                .inner
                .reader
                .searcher()
                .space_usage()
                .map(|u| u.total().get_bytes())
                .unwrap_or(0),
        }
    }

    /// Documents searchable now.
    pub fn num_docs(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Where the index lives, `None` in memory.
    pub fn dir(&self) -> Option<&Path> {
        self.inner.dir.as_deref()
    }

    /// The newest `updated_at` applied from the database, kept across
    /// restarts; `None` before the first rebuild.
    pub fn watermark(&self) -> Option<DateTime<Utc>> {
        self.lock_writer().watermark
    }

    fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        // A panic while holding the lock leaves nothing half-done that the
        // next commit (or rollback) would not settle.
        self.inner
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Applies `changes` in one commit (after clearing the index when
    /// `clear`), moves the watermark forward to `watermark`, and reloads
    /// the reader so searches see the result.
    pub(crate) async fn apply(
        &self,
        changes: Vec<Change>,
        watermark: Option<DateTime<Utc>>,
        clear: bool,
    ) -> anyhow::Result<()> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.apply_blocking(changes, watermark, clear)).await?
    }

    fn apply_blocking(
        &self,
        changes: Vec<Change>,
        watermark: Option<DateTime<Utc>>,
        clear: bool,
    ) -> anyhow::Result<()> {
        let mut guard = self.lock_writer();
        let result = self.write_and_commit(&mut guard, changes, watermark, clear);
        if result.is_err() {
            // Drop whatever was queued so the next commit does not carry it.
            if let Err(e) = guard.writer.rollback() {
                tracing::warn!(error = %e, "rolling back the search index writer failed");
            }
        }
        result
    }

    fn write_and_commit(
        &self,
        w: &mut Writer,
        changes: Vec<Change>,
        watermark: Option<DateTime<Utc>>,
        clear: bool,
    ) -> anyhow::Result<()> {
        let f = self.inner.fields;
        if clear {
            w.writer.delete_all_documents()?;
        }
        for change in changes {
            match change {
                Change::Upsert(doc, updated_at) => {
                    if !clear {
                        w.writer.delete_term(Term::from_field_i64(f.id, doc.id));
                    }
                    w.writer.add_document(to_document(&f, &doc, updated_at))?;
                }
                Change::Remove(id) => {
                    w.writer.delete_term(Term::from_field_i64(f.id, id));
                }
            }
        }
        // A rebuild starts over from its own mark; anything else only moves
        // the mark forward.
        let new_mark = if clear {
            watermark
        } else {
            w.watermark.max(watermark)
        };
        let mut commit = w.writer.prepare_commit()?;
        if let Some(mark) = new_mark {
            commit.set_payload(&mark.to_rfc3339());
        }
        commit.commit()?;
        w.watermark = new_mark;
        self.inner.reader.reload()?;
        Ok(())
    }

    fn search_blocking(&self, text: &str, limit: usize) -> anyhow::Result<Vec<i64>> {
        let Some(mut analyzer) = self.inner.index.tokenizers().get(tokenizer::NAME) else {
            anyhow::bail!("the search tokenizer is not registered");
        };
        let plan = Plan::parse(text, &mut analyzer);
        if plan.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.inner.reader.searcher();
        let fields = self.inner.fields.weighted();
        let mut ids = IdReader::new(&searcher);
        let mut found: Vec<i64> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        for tier in TIERS {
            if !plan.relaxes(tier) {
                continue;
            }
            // A later tier also matches everything an earlier one did, so
            // ask for enough to fill the page past those.
            let top = searcher.search(
                &plan.query(tier, &fields),
                &TopDocs::with_limit(limit + found.len()).order_by_score(),
            )?;
            for (_, address) in top {
                let id = ids.id(address)?;
                if seen.insert(id) {
                    found.push(id);
                }
            }
            if found.len() >= limit {
                break;
            }
        }
        found.truncate(limit);
        Ok(found)
    }

    /// [`Self::indexed_versions`] on a blocking thread.
    pub(crate) async fn versions(&self, ids: Vec<i64>) -> anyhow::Result<HashMap<i64, i64>> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.indexed_versions(&ids)).await?
    }

    /// [`Self::all_ids`] on a blocking thread.
    pub(crate) async fn ids(&self) -> anyhow::Result<Vec<i64>> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.all_ids()).await?
    }

    /// The `updated_at` (microseconds) each of `ids` was indexed with:
    /// absent when not indexed, `i64::MIN` when unknown.
    pub(crate) fn indexed_versions(&self, ids: &[i64]) -> anyhow::Result<HashMap<i64, i64>> {
        let f = self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let mut out = HashMap::new();
        for &id in ids {
            let q = TermQuery::new(Term::from_field_i64(f.id, id), IndexRecordOption::Basic);
            if let Some((_, address)) = searcher
                .search(&q, &TopDocs::with_limit(1).order_by_score())?
                .first()
            {
                let column = searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .i64("updated")?;
                out.insert(id, column.first(address.doc_id).unwrap_or(i64::MIN));
            }
        }
        Ok(out)
    }

    /// Every id in the index.
    pub(crate) fn all_ids(&self) -> anyhow::Result<Vec<i64>> {
        let searcher = self.inner.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64("id")?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_none_or(|a| a.is_alive(doc))
                    && let Some(id) = column.first(doc)
                {
                    out.push(id);
                }
            }
        }
        Ok(out)
    }
}

/// Reads the id fast field, one column per segment.
struct IdReader<'a> {
    searcher: &'a Searcher,
    columns: HashMap<u32, tantivy::columnar::Column<i64>>,
}

impl<'a> IdReader<'a> {
    fn new(searcher: &'a Searcher) -> Self {
        IdReader {
            searcher,
            columns: HashMap::new(),
        }
    }

    fn id(&mut self, address: DocAddress) -> anyhow::Result<i64> {
        let column = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                self.searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .i64("id")?,
            ),
        };
        column
            .first(address.doc_id)
            .context("a search hit without an id")
    }
}

fn to_document(
    f: &Fields,
    doc: &TemplateDoc,
    updated_at: Option<DateTime<Utc>>,
) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_i64(f.id, doc.id);
    d.add_i64(
        f.updated,
        updated_at.map_or(i64::MIN, |t| t.timestamp_micros()),
    );
    d.add_text(f.title, &doc.title);
    d.add_text(f.description, markdown_text(&doc.description));
    for tag in &doc.tags {
        d.add_text(f.tags, tag);
    }
    d.add_text(f.category, &doc.category);
    d.add_text(f.creator, &doc.creator_handle);
    d
}

/// The words of a markdown text: text and code, without link targets,
/// image addresses or markup.
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Removes `v<N>` directories beside `keep` (indexes of other versions).
fn remove_other_versions(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        let is_version = name
            .to_str()
            .and_then(|n| n.strip_prefix('v'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if is_version && path != keep && path.is_dir() {
            match std::fs::remove_dir_all(&path) {
                Ok(()) => tracing::info!(dir = %path.display(), "removed an old search index"),
                Err(e) => tracing::warn!(dir = %path.display(), error = %e,
                    "could not remove an old search index"),
            }
        }
    }
}
