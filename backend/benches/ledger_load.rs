//! Load benchmark for ledger postings on PostgreSQL: 64 clients post
//! template sales (three lines each, in a transaction of their own, each
//! committed before it counts) all to one creator, then spread over 1,000
//! creators, beside a naive `UPDATE balances SET balance = balance + x` on
//! one row by the same number of clients through the same driver and pool,
//! in the same run. Prints postings/s and p50/p99 latency side by side.
//!
//! cargo bench -p atelier-backend --bench ledger_load
//! Environment: ATELIER_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
//! BENCH_SECS per scenario (default 8), BENCH_CONCURRENCY (default 64).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use atelier::ledger::{self, AccountKind, AccountRef, NewTransfer, TransferKind};
use chrono::Utc;
use migration::MigratorTrait;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Figures {
    ops: u64,
    per_sec: f64,
    p50: Duration,
    p99: Duration,
}

async fn database(base: &str, name: &str) -> DatabaseConnection {
    let admin = Database::connect(format!("{base}/postgres")).await.expect(
        "PostgreSQL at ATELIER_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432)",
    );
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut opts = ConnectOptions::new(format!("{base}/{name}"));
    opts.max_connections(70).sqlx_logging(false);
    let db = Database::connect(opts).await.unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    db
}

/// Runs `op(client, n)` from `clients` tasks for `secs`; latencies per op.
async fn drive<F, Fut>(clients: u64, secs: u64, op: F) -> Figures
where
    F: Fn(u64, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let op = Arc::new(op);
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let op = op.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let t = Instant::now();
                    op(c, n).await;
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed();
    all.sort_unstable();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    Figures {
        ops: all.len() as u64,
        per_sec: all.len() as f64 / elapsed.as_secs_f64(),
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

/// Sale `n` of a scenario (`scenario` keeps the keys of two runs apart).
fn sale(scenario: u64, n: u64, creator: i64) -> NewTransfer {
    let price = 10_000 + (n % 97) as i64;
    let share = ledger::share_of(price, 3_500);
    NewTransfer {
        key: format!("bench:{scenario}:{n}:sale"),
        kind: TransferKind::TemplateSale,
        source: format!("bench:{scenario}:{n}"),
        currency: "TWD".into(),
        memo: "bench".into(),
        occurred_at: Utc::now(),
        created_by: None,
        lines: vec![
            (AccountRef::Platform(AccountKind::PaymentClearing), price),
            (AccountRef::Creator(creator), -share),
            (
                AccountRef::Platform(AccountKind::PlatformRevenue),
                share - price,
            ),
        ],
    }
}

async fn postings(db: &DatabaseConnection, clients: u64, secs: u64, creators: u64) -> Figures {
    let db = db.clone();
    drive(clients, secs, move |_, n| {
        let db = db.clone();
        async move {
            let creator = 1 + (n % creators) as i64;
            let txn = atelier::db::begin_write(&db).await.unwrap();
            ledger::post(&txn, sale(creators, n, creator))
                .await
                .unwrap();
            sea_orm::TransactionSession::commit(txn).await.unwrap();
        }
    })
    .await
}

async fn naive(db: &DatabaseConnection, clients: u64, secs: u64) -> Figures {
    db.execute_unprepared(
        "CREATE TABLE naive_balance (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL); \
         INSERT INTO naive_balance VALUES (1, 0)",
    )
    .await
    .unwrap();
    let db = db.clone();
    drive(clients, secs, move |_, n| {
        let db = db.clone();
        async move {
            db.execute_raw(Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "UPDATE naive_balance SET balance = balance + $1 WHERE id = 1",
                [((n % 97) as i64 + 3_500).into()],
            ))
            .await
            .unwrap();
        }
    })
    .await
}

fn row(label: &str, f: &Figures, baseline: f64) {
    println!(
        "{label:<52} {:>9} {:>10.0} {:>9.1} {:>9.1} {:>8.2}x",
        f.ops,
        f.per_sec,
        f.p50.as_secs_f64() * 1e3,
        f.p99.as_secs_f64() * 1e3,
        f.per_sec / baseline
    );
}

fn main() {
    let base = std::env::var("ATELIER_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let secs = env_num("BENCH_SECS", 8);
    let clients = env_num("BENCH_CONCURRENCY", 64);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = database(&base, "atelier_bench_ledger").await;
        let sync: String = db
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SHOW synchronous_commit",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "synchronous_commit")
            .unwrap();
        println!(
            "ledger postings on PostgreSQL, {clients} clients, {secs} s each, synchronous_commit={sync}"
        );
        let base_fig = naive(&db, clients, secs).await;
        let one = postings(&db, clients, secs, 1).await;
        let spread = postings(&db, clients, secs, 1_000).await;
        println!(
            "{:<52} {:>9} {:>10} {:>9} {:>9} {:>9}",
            "scenario", "ops", "ops/s", "p50 ms", "p99 ms", "vs naive"
        );
        row("naive UPDATE balance = balance + x, one row", &base_fig, base_fig.per_sec);
        row("sale postings, all to one creator", &one, base_fig.per_sec);
        row("sale postings, spread over 1,000 creators", &spread, base_fig.per_sec);
        // The books still balance after the load.
        let sum: i64 = db
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS s FROM ledger_lines",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "s")
            .unwrap();
        assert_eq!(sum, 0, "the ledger's lines sum to zero");
        println!("sum of all lines after the run: {sum}");
    });
}
