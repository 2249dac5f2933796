//! The database going away under vote load: PostgreSQL is stopped
//! (`immediate`, like a crash) while 64 clients vote and started again.
//! Batches cut off answer errors (503 `database_unavailable`, or 500), never
//! a 2xx, and every vote answered 2xx is in the database afterwards. The
//! test runs its own throwaway cluster; the shared server is never touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atelier::entities::vote;
use sea_orm::{ConnectionTrait, EntityTrait};
use secrecy::SecretString;
use tokio::sync::Mutex;

use crate::helpers::{Db, spawn_with};
use crate::vote_batch::voters;
use crate::voting::voting_challenge;

/// From Debian's `postgresql-15` package.
const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

struct Cluster {
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

fn uid(args: &[&str]) -> u32 {
    let out = Command::new("id").args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

impl Cluster {
    fn tool(&self, name: &str) -> Command {
        let path = Path::new(PG_BIN).join(name);
        assert!(
            path.exists(),
            "{} is missing: this test needs the PostgreSQL 15 server binaries \
             (Debian package `postgresql-15`)",
            path.display()
        );
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, name: &str, args: &[&str]) {
        let out = self.tool(name).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{name} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn start_server(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log: PathBuf = self.dir.path().join("log");
        let log = log.display().to_string();
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-o", &opts, "-l", &log, "-w", "start"],
        );
    }

    /// Stops the server as a crash would (no checkpoint, connections cut).
    fn crash(&self) {
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    fn start() -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = uid(&["-u"]) == 0;
        if as_postgres {
            std::os::unix::fs::chown(
                dir.path(),
                Some(uid(&["-u", "postgres"])),
                Some(uid(&["-g", "postgres"])),
            )
            .unwrap();
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Cluster {
            dir,
            port,
            as_postgres,
        };
        let data = c.data();
        c.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        c.start_server();
        c
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_crashing_under_vote_load_acknowledges_only_what_was_written() {
    let cluster = Cluster::start();
    let admin = sea_orm::Database::connect(cluster.url("postgres"))
        .await
        .unwrap();
    admin
        .execute_unprepared("CREATE DATABASE atelier")
        .await
        .unwrap();
    admin.close().await.unwrap();
    let url = cluster.url("atelier");
    let app = Arc::new(
        spawn_with(Db::Sqlite, |s| {
            s.database_url = Some(SecretString::from(url.clone()));
            s.voting.rate_limit_per_minute = 1_000_000;
        })
        .await,
    );
    let (_, _, entries) = voting_challenge(&app, "lanterns", 10).await;
    let voters = voters(&app, "v", 256).await;

    let acked = Arc::new(Mutex::new(Vec::<(i64, i64, i16)>::new()));
    let refused = Arc::new(Mutex::new(Vec::<(u16, String)>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for c in 0..64 {
        let (app, acked, refused, count) =
            (app.clone(), acked.clone(), refused.clone(), count.clone());
        let mine: Vec<_> = voters.iter().skip(c).step_by(64).cloned().collect();
        let entries = entries.clone();
        tasks.push(tokio::spawn(async move {
            for v in &mine {
                for (e, entry) in entries.iter().enumerate() {
                    let score = ((v.id as usize + e) % 5 + 1) as i16;
                    let a = app.vote(v, *entry, score).await;
                    if a.status().is_success() {
                        acked.lock().await.push((*entry, v.id, score));
                        count.fetch_add(1, Ordering::Relaxed);
                    } else {
                        refused
                            .lock()
                            .await
                            .push((a.status().as_u16(), a.error_code()));
                    }
                }
            }
        }));
    }
    let total = voters.len() * entries.len();
    let started = Instant::now();
    while count.load(Ordering::Relaxed) < total / 5 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the load never got going"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.crash();
        std::thread::sleep(Duration::from_secs(2));
        cluster.start_server();
        cluster
    })
    .await
    .unwrap();
    for t in tasks {
        t.await.unwrap();
    }

    let acked = acked.lock().await;
    let refused = refused.lock().await;
    let odd: Vec<_> = refused
        .iter()
        .filter(|(s, code)| {
            !((*s == 503 && code == "database_unavailable") || (*s == 500 && code == "internal"))
        })
        .collect();
    assert!(odd.is_empty(), "unexpected refusals: {odd:?}");
    assert!(
        !refused.is_empty(),
        "the outage refused nothing: was the database down?"
    );
    let stored: HashMap<(i64, i64), i16> = vote::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|v| ((v.submission_id, v.voter_id), v.score))
        .collect();
    let lost: Vec<_> = acked
        .iter()
        .filter(|(e, v, s)| stored.get(&(*e, *v)) != Some(s))
        .collect();
    eprintln!(
        "{} votes acknowledged, {} refused during the outage, {} rows stored",
        acked.len(),
        refused.len(),
        stored.len()
    );
    assert!(
        lost.is_empty(),
        "{} acknowledged votes are missing or wrong: {:?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
    drop(cluster);
}
