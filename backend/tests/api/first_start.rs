//! `atelier serve` on an empty database: demo data only with `--demo`, and
//! otherwise a hint on creating the first admin. Runs the real binary.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{Db, TestApp, spawn};

/// Starts `atelier serve [extra]` on the test app's database and returns what
/// it printed up to the "running" line; the server is stopped afterwards.
fn serve_output(app: &TestApp, extra: &[&str]) -> String {
    let data = tempfile::tempdir().unwrap();
    let mut child = app
        .atelier_command()
        .arg("serve")
        .args(extra)
        .current_dir(data.path())
        .env("ATELIER_DATA_DIR", data.path())
        .env("ATELIER_HTTP__PORT", "0")
        .env("ATELIER_MEDIA__SWEEP_INTERVAL_SECS", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = String::new();
    let outcome = loop {
        match rx.recv_timeout(Duration::from_secs(90)) {
            Ok(line) => {
                printed.push_str(&line);
                printed.push('\n');
                if line.starts_with("Atelier is running at") {
                    break Ok(());
                }
            }
            Err(e) => break Err(e),
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    outcome.unwrap_or_else(|e| panic!("atelier serve did not come up ({e}); printed:\n{printed}"));
    printed
}

async fn users(app: &TestApp) -> u64 {
    atelier::entities::user::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn serve_seeds_demo_data_only_when_asked(db: Db) {
    let app = spawn(db).await;

    let plain = serve_output(&app, &[]);
    assert!(!plain.contains("Demo data seeded"), "{plain}");
    assert!(
        plain.contains("No admin account exists yet") && plain.contains("admin create-user"),
        "a first start must say how to create the admin:\n{plain}"
    );
    assert_eq!(users(&app).await, 0, "plain serve created accounts");

    let demo = serve_output(&app, &["--demo"]);
    assert!(demo.contains("Demo data seeded"), "{demo}");
    assert!(demo.contains("ada@demo.atelier.test"), "{demo}");
    assert!(!demo.contains("No admin account exists yet"), "{demo}");
    assert!(users(&app).await > 0);

    // With an admin in place the hint is gone, and seeding never repeats.
    let again = serve_output(&app, &["--demo"]);
    assert!(!again.contains("No admin account exists yet"), "{again}");
    assert!(!again.contains("Demo data seeded"), "{again}");
}

crate::both_databases!(serve_seeds_demo_data_only_when_asked);
