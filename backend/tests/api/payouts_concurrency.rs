//! Payout runs under real concurrent requests (the claims are about
//! PostgreSQL's row locks; SQLite, which serialises writers, runs them too):
//! runs of one period make one run and one payout per creator; runs of
//! different periods never reserve more than a creator's balance.

use std::collections::HashMap;

use atelier::entities::{payout, payout_run};
use atelier_api::PayoutRunResult;
use futures::future::join_all;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::both_databases;
use crate::helpers::{Db, TestApp, User, spawn_with};
use crate::payouts::{balance, creator, day, earn, run_period};

both_databases!(
    concurrent_runs_of_one_period_make_one_payout_per_creator,
    concurrent_runs_of_different_periods_never_reserve_more_than_the_balance,
);

const CREATORS: usize = 6;

async fn creators(app: &TestApp) -> Vec<User> {
    let mut out = Vec::new();
    for i in 0..CREATORS {
        out.push(creator(app, &format!("creator{i}"), "tw").await);
    }
    out
}

/// Every payout per creator: (count, total gross).
async fn per_creator(app: &TestApp) -> HashMap<i64, (usize, i64)> {
    let mut out: HashMap<i64, (usize, i64)> = HashMap::new();
    for p in payout::Entity::find().all(&app.db).await.unwrap() {
        let e = out.entry(p.user_id).or_default();
        e.0 += 1;
        e.1 += p.gross_minor;
    }
    out
}

async fn concurrent_runs_of_one_period_make_one_payout_per_creator(db: Db) {
    let app = spawn_with(db, |s| s.http.workers = 4).await;
    let ada = app.as_admin("ada").await;
    let cs = creators(&app).await;
    for (round, month) in (1..=4u32).enumerate() {
        // New earnings in this month, for every creator.
        for (i, c) in cs.iter().enumerate() {
            earn(&app, c.id, 100_000 + 1_000 * i as i64, day(2025, month, 10)).await;
        }
        let period = format!("2025-{month:02}");
        let answers = join_all((0..8).map(|_| run_period(&app, &ada, &period))).await;
        let mut created = 0;
        let mut results = Vec::new();
        for a in answers {
            match a.status.as_u16() {
                201 => created += 1,
                200 => {}
                other => panic!("{}: {other}: {}", a.request, a.text()),
            }
            results.push(a.json::<PayoutRunResult>());
        }
        assert_eq!(created, 1, "exactly one request made the run");
        let run_ids: Vec<i64> = results.iter().map(|r| r.run_id).collect();
        assert!(run_ids.iter().all(|id| *id == run_ids[0]), "{run_ids:?}");
        // Every answer lists the run's payouts, all of them.
        for r in &results {
            assert_eq!(r.payouts.len(), CREATORS, "{r:?}");
        }
        assert_eq!(
            payout_run::Entity::find().count(&app.db).await.unwrap(),
            round as u64 + 1
        );
        let per = per_creator(&app).await;
        for (i, c) in cs.iter().enumerate() {
            let (n, gross) = per[&c.id];
            assert_eq!(n, round + 1, "one payout per creator per run");
            let earned = (round as i64 + 1) * (100_000 + 1_000 * i as i64);
            assert_eq!(gross, earned, "paid exactly what was earned");
            let b = balance(&app, c.id).await;
            assert_eq!(b.balance, earned);
            assert_eq!(b.pending_payouts, earned);
            assert_eq!(b.available(), 0);
        }
    }
}

async fn concurrent_runs_of_different_periods_never_reserve_more_than_the_balance(db: Db) {
    let app = spawn_with(db, |s| s.http.workers = 4).await;
    let ada = app.as_admin("ada").await;
    let cs = creators(&app).await;
    for (round, year) in [2021, 2022, 2023].into_iter().enumerate() {
        for (i, c) in cs.iter().enumerate() {
            earn(&app, c.id, 50_000 + 7 * i as i64, day(year - 1, 12, 1)).await;
        }
        // Twelve months that all count the same earnings, run at once.
        let periods: Vec<String> = (1..=12).map(|m| format!("{year}-{m:02}")).collect();
        let answers = join_all(periods.iter().map(|p| run_period(&app, &ada, p))).await;
        for a in &answers {
            assert_eq!(a.status.as_u16(), 201, "{}: {}", a.request, a.text());
        }
        let per = per_creator(&app).await;
        for (i, c) in cs.iter().enumerate() {
            let earned = (round as i64 + 1) * (50_000 + 7 * i as i64);
            let (n, gross) = per[&c.id];
            assert_eq!(n, round + 1, "one new payout per creator per round");
            assert_eq!(gross, earned, "reserved exactly the balance, no more");
            let b = balance(&app, c.id).await;
            assert_eq!((b.balance, b.pending_payouts), (earned, earned));
            assert_eq!(b.available(), 0);
        }
    }
}
