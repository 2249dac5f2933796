//! A crash under load loses no acknowledged vote: the real `atelier` binary
//! takes votes from many concurrent clients on PostgreSQL, is killed with
//! SIGKILL mid-load, and every vote that was answered 2xx is in the
//! database with its score.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atelier::entities::vote;
use sea_orm::EntityTrait;
use secrecy::ExposeSecret;
use tokio::sync::Mutex;

use crate::helpers::{Db, spawn};
use crate::vote_batch::voters;
use crate::voting::voting_challenge;

const CLIENTS: usize = 64;
const VOTERS: usize = 256;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_the_server_mid_load_loses_no_acknowledged_vote() {
    // The in-process app makes the schema and the fixtures.
    let app = spawn(Db::Postgres).await;
    let (_, _, entries) = voting_challenge(&app, "lanterns", 10).await;
    let voters = voters(&app, "v", VOTERS).await;

    let dir = tempfile::tempdir().unwrap();
    let secret = app.settings.auth.jwt_secret.as_ref().unwrap();
    let mut child = app
        .atelier_command()
        .arg("serve")
        .env("ATELIER_DATA_DIR", dir.path())
        .env("ATELIER_HTTP__PORT", "0")
        .env("ATELIER_DEMO__SEED", "false")
        .env("ATELIER_AUTH__JWT_SECRET", secret.expose_secret())
        .env("ATELIER_VOTING__RATE_LIMIT_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let url = tokio::task::spawn_blocking(move || {
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(u) = line.strip_prefix("Atelier is running at ") {
                return u.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before printing its address");
    })
    .await
    .unwrap();

    // Each client votes as its share of the voters, every voter once on
    // every entry: no (entry, voter) is voted twice, so each acknowledged
    // vote names the score its row must hold.
    let acked = Arc::new(Mutex::new(Vec::<(i64, i64, i16)>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (client, url, acked, count) =
            (client.clone(), url.clone(), acked.clone(), count.clone());
        let mine: Vec<_> = voters.iter().skip(c).step_by(CLIENTS).cloned().collect();
        let entries = entries.clone();
        tasks.push(tokio::spawn(async move {
            let mut failed = 0usize;
            for v in &mine {
                for (e, entry) in entries.iter().enumerate() {
                    let score = ((v.id as usize + e) % 5 + 1) as i16;
                    let res = client
                        .put(format!("{url}/api/v1/entries/{entry}/vote"))
                        .bearer_auth(&v.token)
                        .json(&serde_json::json!({ "score": score }))
                        .send()
                        .await;
                    match res {
                        Ok(r) if r.status().is_success() => {
                            acked.lock().await.push((*entry, v.id, score));
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                        // Refused (a busy pool, say): not acknowledged, not checked.
                        Ok(_) => {}
                        // The server is gone.
                        Err(_) => {
                            failed += 1;
                            return failed;
                        }
                    }
                }
            }
            failed
        }));
    }
    let total = VOTERS * entries.len();
    let started = Instant::now();
    while count.load(Ordering::Relaxed) < total / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the load never got going"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL: no shutdown, no flush, batches cut off wherever they are.
    child.kill().unwrap();
    let at_kill = count.load(Ordering::Relaxed);
    child.wait().unwrap();
    let mut cut_off = 0;
    for t in tasks {
        cut_off += t.await.unwrap();
    }
    let acked = acked.lock().await;
    assert!(
        cut_off > 0 && acked.len() < total,
        "the server was killed after the load had ended"
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
        "{} votes acknowledged ({at_kill} when the kill was sent), {} rows stored, {cut_off} requests cut off",
        acked.len(),
        stored.len()
    );
    assert!(
        lost.is_empty(),
        "{} acknowledged votes are missing or wrong after the crash: {:?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
    assert!(stored.len() >= acked.len());
}
