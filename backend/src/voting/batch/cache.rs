//! Entries open for voting, looked up a moment ago.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use atelier_api::Phase;
use chrono::{DateTime, Utc};
use lru::LruCache;

use crate::challenges::service as challenges;
use crate::entities::{challenge, submission};

/// Entries the [`EntryCache`] holds at most.
const CACHED_ENTRIES: usize = 4096;

/// An entry and its challenge as looked up for a vote.
pub type EntryLookup = Arc<(submission::Model, challenge::Model)>;

/// Entries open for voting, looked up recently, by id: a burst of votes on
/// one entry reads it once per `voting.lookup_cache_ms` instead of twice per
/// vote. Only entries found open for voting are kept, so a refusal is always
/// decided on fresh rows; that an entry is still open is checked again by the
/// writer, inside the transaction that writes the vote.
pub struct EntryCache {
    ttl: Duration,
    map: Mutex<LruCache<i64, (Instant, EntryLookup)>>,
}

impl EntryCache {
    pub(super) fn new(ttl: Duration) -> EntryCache {
        let cap = NonZeroUsize::new(CACHED_ENTRIES).unwrap_or(NonZeroUsize::MIN);
        EntryCache {
            ttl,
            map: Mutex::new(LruCache::new(cap)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, LruCache<i64, (Instant, EntryLookup)>> {
        // Nothing panics while holding it; if something did, the map is
        // still a valid cache.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, entry_id: i64) -> Option<EntryLookup> {
        if self.ttl.is_zero() {
            return None;
        }
        let mut map = self.lock();
        match map.get(&entry_id) {
            Some((at, found)) if at.elapsed() < self.ttl => Some(found.clone()),
            Some(_) => {
                map.pop(&entry_id);
                None
            }
            None => None,
        }
    }

    /// Keeps `found` if its entry is open for voting now.
    pub fn put_if_open(&self, found: &EntryLookup, now: DateTime<Utc>) {
        if self.ttl.is_zero() || challenges::phase(&found.1, now) != Phase::Voting {
            return;
        }
        self.lock().put(found.0.id, (Instant::now(), found.clone()));
    }
}
