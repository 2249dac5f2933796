//! Load benchmark for the vote write path against the running server on
//! PostgreSQL: many concurrent voters on one entry (a hot row, if the design
//! had one) and spread over many entries, beside pgbench's naive single-row
//! `UPDATE counter SET n = n + 1` with as many clients on the same server in
//! the same run. Prints operations/s and p50/p99 latency side by side. Every
//! vote is committed (PostgreSQL `synchronous_commit`, printed) before its
//! 2xx.
//!
//! cargo bench -p atelier-backend --bench vote_load
//! Environment: ATELIER_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
//! BENCH_REQUESTS (default 20000), BENCH_CONCURRENCY (default 64), BENCH_VOTERS (default 2000),
//! BENCH_PGBENCH_SECS (default 10), PGBENCH (default: the newest
//! /usr/lib/postgresql/*/bin/pgbench, from Debian's postgresql-NN package).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use atelier::auth::jwt::JwtKeys;
use atelier::config::Settings;
use atelier_api::Role;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, EntityTrait, Set};

const SECRET: &str = "vote-load-benchmark-signing-key-0123456789";

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(db_url: &str, data_dir: &std::path::Path, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("ATELIER_DATABASE_URL", db_url)
        .env("ATELIER_DATA_DIR", data_dir)
        .env("ATELIER_HTTP__PORT", "0")
        .env("ATELIER_DEMO__SEED", "false")
        .env("ATELIER_AUTH__JWT_SECRET", SECRET)
        .env("ATELIER_VOTING__RATE_LIMIT_PER_MINUTE", "1000000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the atelier binary");
    let stdout = child.stdout.take().unwrap();
    let mut url = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("Atelier is running at ") {
            url = Some(u.trim_end_matches('/').to_owned());
            break;
        }
    }
    Server {
        child,
        url: url.expect("the server printed its URL"),
    }
}

struct Fixture {
    entries: Vec<i64>,
    tokens: Vec<String>,
}

async fn seed(db_url: &str, voters: usize, entries: usize) -> Fixture {
    use atelier::entities::{challenge, media, submission, user};
    let db = Database::connect(db_url).await.unwrap();
    atelier::db::migrate(&db).await.unwrap();
    let now = Utc::now();
    let old = now - chrono::Duration::days(30);
    let new_user = |handle: String, role: Role| user::ActiveModel {
        email: Set(format!("{handle}@bench.test")),
        handle: Set(handle),
        display_name: Set("Bench".into()),
        password_hash: Set("x".into()),
        role: Set(role.as_str().into()),
        bio: Set(String::new()),
        avatar_key: Set(None),
        expert_field: Set(None),
        created_at: Set(old),
        updated_at: Set(old),
        ..Default::default()
    };
    let author = new_user("author".into(), Role::Member)
        .insert(&db)
        .await
        .unwrap();
    let mut voter_ids = Vec::with_capacity(voters);
    for chunk in (0..voters).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<user::ActiveModel> = chunk
            .iter()
            .map(|i| new_user(format!("voter{i}"), Role::Member))
            .collect();
        user::Entity::insert_many(rows)
            .exec_without_returning(&db)
            .await
            .unwrap();
    }
    for u in user::Entity::find().all(&db).await.unwrap() {
        if u.id != author.id {
            voter_ids.push(u.id);
        }
    }
    let ch = challenge::ActiveModel {
        slug: Set("bench".into()),
        title: Set("Bench".into()),
        brief: Set(String::new()),
        theme: Set("topic".into()),
        palette: Set("[]".into()),
        status: Set("published".into()),
        cover_key: Set(None),
        entries_per_member: Set(20),
        accepted_formats: Set(r#"["jpeg"]"#.into()),
        min_width: Set(0),
        min_height: Set(0),
        prizes: Set(String::new()),
        submissions_open_at: Set(now - chrono::Duration::days(10)),
        voting_open_at: Set(now - chrono::Duration::days(1)),
        voting_close_at: Set(now + chrono::Duration::days(1)),
        results_at: Set(now + chrono::Duration::days(2)),
        phase_override: Set(None),
        created_by: Set(None),
        tallies_during_voting: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let mut entry_ids = Vec::new();
    for i in 0..entries {
        let m = media::ActiveModel {
            owner_id: Set(author.id),
            original_key: Set(format!("media/b{i}/original.jpg")),
            display_key: Set(format!("media/b{i}/display.webp")),
            thumb_key: Set(format!("media/b{i}/thumb.webp")),
            format: Set("jpeg".into()),
            width: Set(100),
            height: Set(100),
            display_width: Set(100),
            display_height: Set(100),
            thumb_width: Set(100),
            thumb_height: Set(100),
            bytes: Set(1),
            sha256: Set(String::new()),
            phash: Set(i as i64),
            // Current: the start-up rehash has nothing to redo (there are no thumbnails).
            phash_version: Set(atelier::media::pipeline::PHASH_VERSION),
            colours: Set("[]".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        let s = submission::ActiveModel {
            challenge_id: Set(ch.id),
            author_id: Set(author.id),
            media_id: Set(m.id),
            title: Set(format!("Entry {i}")),
            description: Set(String::new()),
            tags: Set("[]".into()),
            status: Set("visible".into()),
            slot: Set(None),
            duplicate_of: Set(None),
            duplicate_distance: Set(None),
            duplicate_review: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        entry_ids.push(s.id);
    }
    let mut settings = Settings::default();
    settings.auth.jwt_secret = Some(SECRET.to_owned().into());
    let keys = JwtKeys::new(SECRET.as_bytes(), &settings);
    let tokens = voter_ids
        .iter()
        .map(|id| keys.issue(*id, Role::Member).unwrap())
        .collect();
    Fixture {
        entries: entry_ids,
        tokens,
    }
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

async fn run(url: &str, fx: &Fixture, hot: bool, requests: usize, concurrency: usize) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let next = next.clone();
        let url = url.to_owned();
        let tokens = fx.tokens.clone();
        let entries = fx.entries.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                let token = &tokens[i % tokens.len()];
                let entry = if hot {
                    entries[0]
                } else {
                    entries[(i * 7919) % entries.len()]
                };
                let t = Instant::now();
                let res = client
                    .put(format!("{url}/api/v1/entries/{entry}/vote"))
                    .bearer_auth(token)
                    .json(&serde_json::json!({"score": (i % 5 + 1) as i16}))
                    .send()
                    .await;
                let ok = matches!(&res, Ok(r) if r.status().is_success());
                lat.push(t.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Outcome {
        latencies,
        errors,
        elapsed,
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// Operations/s, p50 and p99 of one scenario.
struct Figures {
    rate: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

impl Figures {
    fn of(o: &Outcome) -> Figures {
        Figures {
            rate: o.latencies.len() as f64 / o.elapsed.as_secs_f64(),
            p50: pct(&o.latencies, 0.50),
            p99: pct(&o.latencies, 0.99),
            errors: o.errors,
        }
    }
}

fn pgbench_path() -> std::path::PathBuf {
    if let Ok(p) = std::env::var("PGBENCH") {
        return p.into();
    }
    let mut found: Vec<(u32, std::path::PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|d| {
            let version = d.file_name().to_str()?.parse().ok()?;
            let path = d.path().join("bin/pgbench");
            path.exists().then_some((version, path))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p).unwrap_or_else(|| {
        panic!(
            "pgbench not found under /usr/lib/postgresql/*/bin: it ships with Debian's \
             postgresql-NN server package (set PGBENCH to use another)"
        )
    })
}

/// pgbench's naive counter: every transaction updates the one row, so
/// each waits for the previous one's commit (row lock, then WAL flush).
fn pgbench(db_url: &str, clients: usize, secs: u64) -> Figures {
    let url = reqwest::Url::parse(db_url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("counter.sql");
    std::fs::write(&script, "UPDATE bench_counter SET n = n + 1;\n").unwrap();
    let prefix = dir.path().join("pgbench_log");
    let out = Command::new(pgbench_path())
        .args([
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            "2",
            "-T",
            &secs.to_string(),
        ])
        .args(["-h", url.host_str().unwrap_or("127.0.0.1")])
        .args(["-p", &url.port().unwrap_or(5432).to_string()])
        .args([
            "-U",
            if url.username().is_empty() {
                "postgres"
            } else {
                url.username()
            },
        ])
        .arg("-f")
        .arg(&script)
        .arg("-l")
        .arg(format!("--log-prefix={}", prefix.display()))
        .arg(url.path().trim_start_matches('/'))
        .output()
        .expect("run pgbench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pgbench failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tps: f64 = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no tps in pgbench's output: {stdout}"));
    let failed: usize = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("number of failed transactions: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    // Per-transaction log: client, transaction, latency in µs, ...
    let mut latencies: Vec<Duration> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("pgbench_log"))
        .flat_map(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .lines()
                .filter_map(|l| l.split_whitespace().nth(2)?.parse::<u64>().ok())
                .map(Duration::from_micros)
                .collect::<Vec<_>>()
        })
        .collect();
    latencies.sort();
    Figures {
        rate: tps,
        p50: pct(&latencies, 0.50),
        p99: pct(&latencies, 0.99),
        errors: failed,
    }
}

fn print_row(label: &str, f: &Figures, baseline: f64) {
    println!(
        "{:<44} {:>9.0} {:>9.2} {:>9.2} {:>7} {:>10.2}x",
        label,
        f.rate,
        f.p50.as_secs_f64() * 1e3,
        f.p99.as_secs_f64() * 1e3,
        f.errors,
        f.rate / baseline
    );
}

fn main() {
    let requests = env_num("BENCH_REQUESTS", 20_000);
    let concurrency = env_num("BENCH_CONCURRENCY", 64);
    let voters = env_num("BENCH_VOTERS", 2_000);
    let pg_secs = env_num("BENCH_PGBENCH_SECS", 10) as u64;
    let entries = 200;
    let base = std::env::var("ATELIER_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let admin = Database::connect(format!("{base}/postgres"))
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is not reachable at {base}: {e}"));
        let name = format!("atelier_bench_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let db_url = format!("{base}/{name}");
        let fx = seed(&db_url, voters, entries).await;
        let db = Database::connect(&db_url).await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE bench_counter (n bigint NOT NULL); INSERT INTO bench_counter VALUES (0);",
        )
        .await
        .unwrap();
        let setting = |name: &'static str| {
            let db = db.clone();
            async move {
                db.query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    format!("SHOW {name}"),
                ))
                .await
                .unwrap()
                .and_then(|r| r.try_get_by_index::<String>(0).ok())
                .unwrap_or_default()
            }
        };
        println!(
            "PostgreSQL: fsync = {}, synchronous_commit = {}; {} cores; load average before: {}",
            setting("fsync").await,
            setting("synchronous_commit").await,
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        println!(
            "{requests} votes per scenario, {concurrency} concurrent clients, {voters} voters; \
             pgbench {pg_secs} s with {concurrency} clients"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut rows: Vec<(String, Figures)> = Vec::new();
        // Defaults (2 ms window, entry lookups cached), then without the
        // entry cache, to show what it is worth.
        let configs: [(&str, &[(&str, &str)]); 2] = [
            ("", &[]),
            (
                ", no entry cache",
                &[("ATELIER_VOTING__LOOKUP_CACHE_MS", "0")],
            ),
        ];
        for (suffix, env) in configs {
            let server = start_server(&db_url, dir.path(), env);
            // Warm the connection pools.
            run(&server.url, &fx, false, 500, concurrency).await;
            let scenarios: &[(&str, bool)] = if suffix.is_empty() {
                &[("one entry (hot)", true), ("200 entries", false)]
            } else {
                &[("one entry (hot)", true)]
            };
            for (label, hot) in scenarios {
                let o = run(&server.url, &fx, *hot, requests, concurrency).await;
                rows.push((format!("PUT /vote, {label}{suffix}"), Figures::of(&o)));
            }
            drop(server);
        }
        let pg = pgbench(&db_url, concurrency, pg_secs);
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>7} {:>11}",
            "scenario", "ops/s", "p50 ms", "p99 ms", "errors", "vs pgbench"
        );
        for (label, f) in &rows {
            print_row(label, f, pg.rate);
        }
        print_row("pgbench UPDATE counter SET n = n + 1", &pg, pg.rate);
        drop(db);
        admin
            .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    });
}
