//! Popularity that decays over time, kept in one column without rewriting
//! rows as time passes ("forward decay", Cormode et al. 2009).
//!
//! The decayed score at time `now` is `sum(w_i * e^(-(now - t_i)/tau))`.
//! Factor out `e^(-(now - t0)/tau)` (the same for every template) and what is
//! left, `sum(w_i * e^((t_i - t0)/tau))`, never changes as time passes, so
//! ordering by it is ordering by the decayed score at any moment. It grows
//! without bound, so the column holds its natural logarithm, and an event
//! adds to it with a stable log-sum-exp.

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Half-life of a use or a sale's weight: 14 days.
pub const HALF_LIFE_DAYS: f64 = 14.0;
/// The weight of an entry made with the template.
pub const USE_WEIGHT: f64 = 1.0;
/// The weight of a paid sale.
pub const SALE_WEIGHT: f64 = 3.0;
/// The weight of a free licence taken.
pub const FREE_LICENCE_WEIGHT: f64 = 0.5;

/// The value of a template nobody has used yet: far below any reachable
/// score (a finite number, which both databases store).
pub const FLOOR: f64 = -1.0e9;

fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// `ln(w * e^((t - t0)/tau))` for one event.
pub fn event_term(weight: f64, at: DateTime<Utc>) -> f64 {
    let tau_secs = HALF_LIFE_DAYS * 86_400.0 / std::f64::consts::LN_2;
    let age = (at - epoch()).num_milliseconds() as f64 / 1000.0;
    weight.ln() + age / tau_secs
}

/// `ln(e^a + e^b)` without overflow.
pub fn log_add(a: f64, b: f64) -> f64 {
    if a <= FLOOR {
        return b;
    }
    if b <= FLOOR {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// The decayed score at `now` of a stored value (for display and tests).
pub fn score_at(stored: f64, now: DateTime<Utc>) -> f64 {
    if stored <= FLOOR {
        return 0.0;
    }
    (stored - event_term(1.0, now)).exp()
}

/// Adds an event of `weight` at `at` to a template's popularity, inside the
/// caller's write transaction: the row is read under a lock (`FOR UPDATE` on
/// PostgreSQL; SQLite's write transaction holds the database) so concurrent
/// bumps never lose each other.
pub async fn bump<C: ConnectionTrait>(
    db: &C,
    template_id: i64,
    weight: f64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let select = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT popularity FROM templates WHERE id = $1 FOR UPDATE"
        }
        _ => "SELECT popularity FROM templates WHERE id = ?",
    };
    let Some(row) = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            select,
            [template_id.into()],
        ))
        .await?
    else {
        return Ok(());
    };
    let current: f64 = row.try_get("", "popularity")?;
    let next = log_add(current, event_term(weight, at));
    let update = match backend {
        sea_orm::DatabaseBackend::Postgres => "UPDATE templates SET popularity = $1 WHERE id = $2",
        _ => "UPDATE templates SET popularity = ? WHERE id = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        update,
        [next.into(), template_id.into()],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_recent_use_outweighs_an_old_one_of_the_same_weight() {
        let now = Utc::now();
        let old = event_term(USE_WEIGHT, now - Duration::days(60));
        let new = event_term(USE_WEIGHT, now);
        assert!(new > old);
    }

    #[test]
    fn the_score_halves_every_half_life() {
        let t = epoch() + Duration::days(100);
        let stored = event_term(2.0, t);
        let later = score_at(stored, t + Duration::days(14));
        assert!((later - 1.0).abs() < 1e-9, "{later}");
    }

    #[test]
    fn log_add_matches_the_sum_it_stands_for() {
        let t = epoch() + Duration::days(30);
        let a = event_term(1.0, t);
        let b = event_term(3.0, t);
        let sum = log_add(log_add(FLOOR, a), b);
        assert!((score_at(sum, t) - 4.0).abs() < 1e-9);
    }
}
