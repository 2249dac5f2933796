//! Attempt counters: fixed windows aligned to the clock (so every node
//! agrees where a window starts), one counter per rule and key.
//!
//! Keys are never kept as given: each becomes a keyed 128-bit SipHash-1-3
//! of `scope \0 key`, so the store holds no email address or IP, and
//! nobody without the key can tell which counter is whose. Two stores:
//! - memory (per node): an LRU map with a hard cap on entries
//!   (`auth.rate_limit_max_entries`); when full, the least recently used
//!   counter goes, so memory stays bounded whatever keys a client sprays;
//! - database (`auth.rate_limit_store = "database"`): the `rate_limits`
//!   table, bumped with `INSERT .. ON CONFLICT DO UPDATE .. RETURNING`, so
//!   every node on the database shares one limit; expired rows are pruned
//!   by the writers, every [`PRUNE_EVERY`] writes. Its hash key derives from the token
//!   signing secret, which all nodes share.
//!
//! Why not `governor`: its GCRA limiter answers only "allowed or not" and
//! spends a cell doing so. Log-in needs to *look* at a counter without
//! spending (is this client already refused?) and to know *how many*
//! failures an account has (the slow-down doubles per failure), and only
//! failures count, recorded after the password check. Its keyed store has
//! no hard cap (only `retain_recent`) and no shared backend, and the
//! database store must behave exactly like the memory one. A fixed-window
//! counter gives all of that in a few lines.

use std::hash::Hasher;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lru::LruCache;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sha2::{Digest, Sha256};
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::error::{ApiError, ApiResult};

/// What is counted and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Keeps the counters of different rules apart.
    pub scope: &'static str,
    /// Allowed per window (what "allowed" means is up to the caller).
    pub limit: u32,
    pub window: Duration,
}

impl Rule {
    fn window_secs(&self) -> u64 {
        std::cmp::max(self.window.as_secs(), 1)
    }
}

/// A counter as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub count: u32,
    /// Seconds until the window ends (at least 1).
    pub retry_after: u64,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Start of the window `now` falls in, and seconds until it ends.
fn window_of(rule: &Rule, now: u64) -> (u64, u64) {
    let w = rule.window_secs();
    let start = now - now % w;
    (start, std::cmp::max(start + w - now, 1))
}

/// Keyed 128-bit hashing of limiter keys.
#[derive(Clone)]
pub struct KeyHasher {
    k0: u64,
    k1: u64,
}

impl KeyHasher {
    /// A key of its own, for counters that stay in this process.
    pub fn random() -> KeyHasher {
        KeyHasher {
            k0: rand::random(),
            k1: rand::random(),
        }
    }

    /// A key derived from a secret all nodes share.
    pub fn derived(secret: &[u8]) -> KeyHasher {
        let d = Sha256::new()
            .chain_update(b"atelier rate-limit keys\0")
            .chain_update(secret)
            .finalize();
        let mut k0 = [0u8; 8];
        let mut k1 = [0u8; 8];
        k0.copy_from_slice(&d[..8]);
        k1.copy_from_slice(&d[8..16]);
        KeyHasher {
            k0: u64::from_le_bytes(k0),
            k1: u64::from_le_bytes(k1),
        }
    }

    pub fn hash(&self, scope: &str, key: &str) -> u128 {
        let mut h = SipHasher13::new_with_keys(self.k0, self.k1);
        h.write(scope.as_bytes());
        h.write(&[0]);
        h.write(key.as_bytes());
        h.finish128().as_u128()
    }
}

/// Counters in process memory, at most `cap` of them.
pub struct MemoryWindows {
    map: Mutex<LruCache<u128, (u64, u32)>>,
}

impl MemoryWindows {
    pub fn new(cap: usize) -> MemoryWindows {
        MemoryWindows {
            map: Mutex::new(LruCache::new(
                NonZeroUsize::new(cap).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }

    fn peek_at(&self, rule: &Rule, key: u128, now: u64) -> Count {
        let (start, retry_after) = window_of(rule, now);
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let count = match map.peek(&key) {
            Some(&(s, c)) if s == start => c,
            _ => 0,
        };
        Count { count, retry_after }
    }

    fn add_at(&self, rule: &Rule, key: u128, now: u64) -> Count {
        let (start, retry_after) = window_of(rule, now);
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let count = match map.get_mut(&key) {
            Some(entry) if entry.0 == start => {
                entry.1 = entry.1.saturating_add(1);
                entry.1
            }
            Some(entry) => {
                *entry = (start, 1);
                1
            }
            None => {
                map.push(key, (start, 1));
                1
            }
        };
        Count { count, retry_after }
    }

    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

enum Backend {
    Memory(MemoryWindows),
    Database(DatabaseConnection),
}

/// Counters for log-in, registration and palette checks, in memory or in
/// the database.
pub struct Limiter {
    hasher: KeyHasher,
    backend: Backend,
    /// Counts writes, to prune the table every [`PRUNE_EVERY`] of them.
    writes: AtomicU64,
}

/// The database store removes expired counters on the first write and on
/// every this-many writes after it (per node).
pub const PRUNE_EVERY: u64 = 64;

#[derive(sea_orm::DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Count,
    ExpiresAt,
}

impl Limiter {
    pub fn memory(max_entries: usize) -> Limiter {
        Limiter {
            hasher: KeyHasher::random(),
            backend: Backend::Memory(MemoryWindows::new(max_entries)),
            writes: AtomicU64::new(0),
        }
    }

    pub fn database(db: DatabaseConnection, hasher: KeyHasher) -> Limiter {
        Limiter {
            hasher,
            backend: Backend::Database(db),
            writes: AtomicU64::new(0),
        }
    }

    /// The counter for `key` in the current window, without counting.
    pub async fn peek(&self, rule: &Rule, key: &str) -> ApiResult<Count> {
        let h = self.hasher.hash(rule.scope, key);
        let now = now_secs();
        match &self.backend {
            Backend::Memory(m) => Ok(m.peek_at(rule, h, now)),
            Backend::Database(db) => {
                let (start, retry_after) = window_of(rule, now);
                let q = Query::select()
                    .column(RateLimits::Count)
                    .from(RateLimits::Table)
                    .and_where(Expr::col(RateLimits::Key).eq(hex_key(h)))
                    .and_where(Expr::col(RateLimits::WindowStart).eq(to_i64(start)))
                    .to_owned();
                let count = match db.query_one(&q).await? {
                    Some(row) => row.try_get::<i32>("", "count")?,
                    None => 0,
                };
                Ok(Count {
                    count: u32::try_from(count).unwrap_or(0),
                    retry_after,
                })
            }
        }
    }

    /// Counts one for `key`; returns the counter after counting.
    pub async fn add(&self, rule: &Rule, key: &str) -> ApiResult<Count> {
        let h = self.hasher.hash(rule.scope, key);
        let now = now_secs();
        match &self.backend {
            Backend::Memory(m) => Ok(m.add_at(rule, h, now)),
            Backend::Database(db) => {
                let (start, retry_after) = window_of(rule, now);
                let mut q = Query::insert();
                q.into_table(RateLimits::Table).columns([
                    RateLimits::Key,
                    RateLimits::WindowStart,
                    RateLimits::Count,
                    RateLimits::ExpiresAt,
                ]);
                q.values([
                    hex_key(h).into(),
                    to_i64(start).into(),
                    1i32.into(),
                    to_i64(start + rule.window_secs()).into(),
                ])
                .map_err(ApiError::internal)?;
                q.on_conflict(
                    OnConflict::columns([RateLimits::Key, RateLimits::WindowStart])
                        .value(
                            RateLimits::Count,
                            Expr::col((RateLimits::Table, RateLimits::Count)).add(1),
                        )
                        .to_owned(),
                )
                .returning_col(RateLimits::Count);
                let row = db
                    .query_one(&q)
                    .await?
                    .ok_or_else(|| ApiError::internal(anyhow::anyhow!("upsert returned no row")))?;
                let count: i32 = row.try_get("", "count")?;
                if self
                    .writes
                    .fetch_add(1, Ordering::Relaxed)
                    .is_multiple_of(PRUNE_EVERY)
                {
                    prune(db, now).await;
                }
                Ok(Count {
                    count: u32::try_from(count).unwrap_or(0),
                    retry_after,
                })
            }
        }
    }

    /// Counts one for `key`; 429 (with Retry-After) once past the limit.
    pub async fn hit(&self, rule: &Rule, key: &str) -> ApiResult<()> {
        let c = self.add(rule, key).await?;
        if c.count > rule.limit {
            return Err(ApiError::too_many_requests(c.retry_after));
        }
        Ok(())
    }
}

fn hex_key(h: u128) -> String {
    format!("{h:032x}")
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Removes expired counters; a failure only means they stay a while longer.
async fn prune(db: &DatabaseConnection, now: u64) {
    let q = Query::delete()
        .from_table(RateLimits::Table)
        .and_where(Expr::col(RateLimits::ExpiresAt).lt(to_i64(now)))
        .to_owned();
    if let Err(e) = db.execute(&q).await {
        tracing::warn!(error = %e, "could not prune expired rate-limit counters");
    }
}

/// A per-node limiter with one rule (votes and ballots per account).
pub struct RateLimiter {
    rule: Rule,
    hasher: KeyHasher,
    windows: MemoryWindows,
}

impl RateLimiter {
    pub fn new(attempts: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            rule: Rule {
                scope: "local",
                limit: attempts,
                window,
            },
            hasher: KeyHasher::random(),
            windows: MemoryWindows::new(100_000),
        }
    }

    /// Counts an attempt for `key`; `Err(seconds)` to wait when over the limit.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let h = self.hasher.hash(self.rule.scope, key);
        let c = self.windows.add_at(&self.rule, h, now_secs());
        if c.count > self.rule.limit {
            return Err(c.retry_after);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(limit: u32, secs: u64) -> Rule {
        Rule {
            scope: "test",
            limit,
            window: Duration::from_secs(secs),
        }
    }

    #[test]
    fn counters_are_per_key_and_reset_with_the_window() {
        let m = MemoryWindows::new(10);
        let r = rule(2, 60);
        let (a, b) = (1u128, 2u128);
        assert_eq!(m.add_at(&r, a, 600).count, 1);
        assert_eq!(m.add_at(&r, a, 610).count, 2);
        let c = m.peek_at(&r, a, 619);
        assert_eq!(
            c,
            Count {
                count: 2,
                retry_after: 41
            }
        );
        assert_eq!(m.peek_at(&r, b, 619).count, 0);
        assert_eq!(m.peek_at(&r, a, 660).count, 0, "a new window");
        assert_eq!(m.add_at(&r, a, 661).count, 1);
    }

    #[test]
    fn peeking_does_not_count() {
        let m = MemoryWindows::new(10);
        let r = rule(2, 60);
        for _ in 0..5 {
            assert_eq!(m.peek_at(&r, 7, 100).count, 0);
        }
        assert!(m.is_empty());
    }

    #[test]
    fn memory_is_capped_and_the_least_recently_used_go_first() {
        let m = MemoryWindows::new(3);
        let r = rule(5, 60);
        for k in 0..3u128 {
            m.add_at(&r, k, 0);
        }
        m.add_at(&r, 0, 1); // 0 is now the most recent
        for k in 10..1000u128 {
            m.add_at(&r, k, 2);
            assert!(m.len() <= 3);
        }
        assert_eq!(m.len(), 3);
        assert_eq!(m.peek_at(&r, 1, 3).count, 0, "evicted");
        assert_eq!(m.peek_at(&r, 999, 3).count, 1);
    }

    #[test]
    fn keys_are_hashed_with_a_key_and_kept_apart_by_scope() {
        let a = KeyHasher::derived(b"secret one");
        let b = KeyHasher::derived(b"secret two");
        assert_eq!(
            a.hash("login", "mei@example.test"),
            KeyHasher::derived(b"secret one").hash("login", "mei@example.test"),
            "nodes with the same secret agree"
        );
        assert_ne!(a.hash("login", "x"), b.hash("login", "x"));
        assert_ne!(a.hash("login", "x"), a.hash("register", "x"));
        assert_ne!(a.hash("ab", "c"), a.hash("a", "bc"));
        assert_eq!(hex_key(a.hash("login", "x")).len(), 32);
    }

    #[test]
    fn the_per_node_limiter_refuses_past_its_limit() {
        let rl = RateLimiter::new(2, Duration::from_secs(60));
        assert!(rl.hit("a").is_ok());
        assert!(rl.hit("a").is_ok());
        let wait = rl.hit("a").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(rl.hit("b").is_ok());
    }

    #[tokio::test]
    async fn hit_refuses_with_retry_after_past_the_limit() {
        let l = Limiter::memory(100);
        let r = rule(2, 120);
        l.hit(&r, "k").await.unwrap();
        l.hit(&r, "k").await.unwrap();
        let e = l.hit(&r, "k").await.unwrap_err();
        assert_eq!(e.status.as_u16(), 429);
        assert!(e.retry_after.is_some_and(|s| (1..=120).contains(&s)));
        assert_eq!(l.peek(&r, "other").await.unwrap().count, 0);
    }
}
