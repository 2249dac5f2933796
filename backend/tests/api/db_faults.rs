//! Database faults: PostgreSQL restarting under read load gives only 200s
//! and 503 `database_unavailable` with `Retry-After`, never a 500, and reads
//! work again once it is back. The test runs its own throwaway cluster (the
//! shared server on 5432 is never touched).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::Mutex;

use crate::helpers::{Db, challenge_body, spawn_with};

/// From Debian's `postgresql-15` package.
const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A PostgreSQL cluster in a temporary directory, stopped when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

fn bin(name: &str) -> PathBuf {
    let path = Path::new(PG_BIN).join(name);
    assert!(
        path.exists(),
        "{} is missing: this test starts its own PostgreSQL cluster and needs the \
         PostgreSQL 15 server binaries (Debian package `postgresql-15`)",
        path.display()
    );
    path
}

fn id(args: &[&str]) -> u32 {
    let out = Command::new("id").args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

impl Cluster {
    /// Runs a PostgreSQL tool, as the `postgres` user when we are root
    /// (the server refuses to run as root).
    fn run(&self, tool: &str, args: &[&str]) {
        let tool = bin(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&tool);
            c
        } else {
            Command::new(&tool)
        };
        let out = cmd.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{} {args:?} failed: {}{}",
            tool.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn start() -> Cluster {
        bin("postgres");
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = id(&["-u"]) == 0;
        if as_postgres {
            std::os::unix::fs::chown(
                dir.path(),
                Some(id(&["-u", "postgres"])),
                Some(id(&["-g", "postgres"])),
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
        c.run(
            "initdb",
            &[
                "-D",
                &c.data(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        let log = c.dir.path().join("log").display().to_string();
        c.run(
            "pg_ctl",
            &[
                "-D",
                &c.data(),
                "-o",
                &c.options(),
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
        c
    }

    fn options(&self) -> String {
        format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        )
    }

    fn restart(&self) {
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &self.options(),
                "-l",
                &log,
                "-m",
                "fast",
                "-w",
                "restart",
            ],
        );
    }

    /// Stops the server, keeps it down for `down`, starts it again.
    fn outage(&self, down: Duration) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
        std::thread::sleep(down);
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &self.options(),
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(bin("pg_ctl"));
            c
        } else {
            Command::new(bin("pg_ctl"))
        };
        let _ = cmd
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .output();
    }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    code: String,
    retry_after: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restarting_postgres_under_read_load_gives_200s_and_503s_never_500s() {
    let cluster = Cluster::start();
    {
        use sea_orm::ConnectionTrait;
        let admin = sea_orm::Database::connect(cluster.url("postgres"))
            .await
            .unwrap();
        admin
            .execute_unprepared("CREATE DATABASE atelier")
            .await
            .unwrap();
        admin.close().await.unwrap();
    }
    let url = cluster.url("atelier");
    let app = Arc::new(
        spawn_with(Db::Sqlite, |s| {
            s.database_url = Some(SecretString::from(url.clone()));
        })
        .await,
    );
    let staff = app.as_staff("lin").await;
    app.create_challenge(&staff, &challenge_body("lanterns", -1))
        .await;

    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::<Answer>::new()));
    let mut tasks = Vec::new();
    for n in 0..32 {
        let (app, stop, answers) = (app.clone(), stop.clone(), answers.clone());
        tasks.push(tokio::spawn(async move {
            let path = if n % 2 == 0 {
                "/api/v1/challenges"
            } else {
                "/api/v1/challenges/lanterns"
            };
            while !stop.load(Ordering::Relaxed) {
                let res = app
                    .client
                    .get(app.url(path))
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let retry_after = res.headers().contains_key("retry-after");
                let body: serde_json::Value = res.json().await.unwrap_or_default();
                answers.lock().await.push(Answer {
                    status,
                    code: body["error"]["code"].as_str().unwrap_or("").to_owned(),
                    retry_after,
                });
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    // A quick restart, then an outage longer than two of the pool's 5 s waits for a
    // connection, so both a retried read and an unavailable answer happen.
    let started = Instant::now();
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.restart();
        std::thread::sleep(Duration::from_secs(1));
        cluster.outage(Duration::from_secs(12));
        cluster
    })
    .await
    .unwrap();
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }

    let answers = answers.lock().await;
    let bad: Vec<&Answer> = answers
        .iter()
        .filter(|a| {
            !(a.status == 200
                || (a.status == 503 && a.code == "database_unavailable" && a.retry_after))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} answers were neither 200 nor 503 database_unavailable with Retry-After \
         (restart took {took:?}): {:?}",
        bad.len(),
        answers.len(),
        &bad[..bad.len().min(10)]
    );
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let unavailable = answers.len() - ok;
    eprintln!("{ok} answers 200, {unavailable} answers 503 (restarts took {took:?})");
    assert!(ok > 0, "no request succeeded");
    assert!(
        unavailable > 0,
        "the outage produced no 503 at all: was the server really down?"
    );

    // Reads work again once the server is back.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = app.get("/api/v1/challenges/lanterns").await.status();
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "reads still fail after the restart: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(cluster);
}
