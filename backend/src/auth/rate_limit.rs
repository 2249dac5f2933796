//! Fixed-window attempt counters for log-in and registration, per IP and per
//! account. Kept in process memory: each node limits on its own, which bounds
//! a brute-force attempt by (nodes x attempts) per window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    attempts: u32,
    window: Duration,
    buckets: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(attempts: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            attempts,
            window,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt for `key`; `Err(seconds)` to wait when over the limit.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 50_000 {
            let window = self.window;
            buckets.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = buckets.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.attempts {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_key_and_resets_after_the_window() {
        let rl = RateLimiter::new(2, Duration::from_millis(200));
        assert!(rl.hit("a").is_ok());
        assert!(rl.hit("a").is_ok());
        let wait = rl.hit("a").unwrap_err();
        assert!(wait >= 1);
        assert!(rl.hit("b").is_ok());
        std::thread::sleep(Duration::from_millis(250));
        assert!(rl.hit("a").is_ok());
    }
}
