//! Load benchmark for the vote write path against the running server on
//! PostgreSQL: many concurrent voters on one entry (a hot row, if the design
//! had one) and on many entries. Prints votes/s and p50/p99 latency.
//!
//! cargo bench -p atelier-backend --bench vote_load
//! Environment: ATELIER_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
//! BENCH_REQUESTS (default 20000), BENCH_CONCURRENCY (default 64), BENCH_VOTERS (default 2000).
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

fn start_server(db_url: &str, data_dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("serve")
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

fn main() {
    let requests = env_num("BENCH_REQUESTS", 20_000);
    let concurrency = env_num("BENCH_CONCURRENCY", 64);
    let voters = env_num("BENCH_VOTERS", 2_000);
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
        let dir = tempfile::tempdir().unwrap();
        let server = start_server(&db_url, dir.path());
        // Warm the connection pools.
        run(&server.url, &fx, false, 500, concurrency).await;
        println!("vote write path on PostgreSQL: {requests} requests, {concurrency} concurrent clients, {voters} voters");
        println!("{:<28} {:>10} {:>10} {:>10} {:>8}", "scenario", "votes/s", "p50 ms", "p99 ms", "errors");
        for (label, hot) in [("one entry (hot)", true), (&*format!("{entries} entries"), false)] {
            let o = run(&server.url, &fx, hot, requests, concurrency).await;
            let rate = o.latencies.len() as f64 / o.elapsed.as_secs_f64();
            println!(
                "{:<28} {:>10.0} {:>10.2} {:>10.2} {:>8}",
                label,
                rate,
                pct(&o.latencies, 0.50).as_secs_f64() * 1e3,
                pct(&o.latencies, 0.99).as_secs_f64() * 1e3,
                o.errors
            );
        }
        drop(server);
        admin
            .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    });
}
