//! The audit log beyond the happy path: a failed staff mutation writes no
//! row (and the change rolls back with it), phase-time and tally edits need
//! a reason, and the log pages by keyset.

use atelier_api::AuditList;
use chrono::Duration;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::audit::{audit_count, poll_body};
use crate::both_databases;
use crate::helpers::{Db, challenge_body, png_bytes, spawn};

both_databases!(
    a_failed_staff_mutation_writes_no_audit_row,
    phase_time_and_tally_edits_need_a_reason,
    the_audit_log_pages_by_keyset,
);

/// The audit row is written in the change's transaction: when it cannot be
/// written the change does not happen either. A refused request writes none.
async fn a_failed_staff_mutation_writes_no_audit_row(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let t = &staff;
    let mei = app.as_member("mei").await;
    app.create_challenge(t, &challenge_body("lanterns", -1))
        .await;
    app.create_challenge(t, &challenge_body("teacups", -1))
        .await;
    let poll = app.create_poll(t, &poll_body(Duration::hours(1))).await;
    let n = audit_count(&app).await;

    // Refused before anything is written.
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"slug": "teacups"}),
        t,
    )
    .await
    .expect_status(409);
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [1], "reason": "too early"}),
        t,
    )
    .await
    .expect_status(409);
    assert_eq!(audit_count(&app).await, n);

    // With the audit table gone, the changes roll back with their rows.
    app.db
        .execute_unprepared("ALTER TABLE audit_log RENAME TO audit_log_away")
        .await
        .unwrap();
    app.put_json(
        &format!("/api/v1/admin/users/{}/role", mei.id),
        &json!({"role": "expert", "field": "Illustration"}),
        t,
    )
    .await
    .expect_error(500, "internal");
    app.upload_cover(t, "lanterns", png_bytes(320, 240))
        .await
        .expect_error(500, "internal");
    app.upload_poll_option_image(t, poll.id, poll.options[0].id, png_bytes(320, 240))
        .await
        .expect_error(500, "internal");
    app.post_json(
        &format!("/api/v1/polls/{}/invites", poll.id),
        &json!({"handles": ["mei"]}),
        t,
    )
    .await
    .expect_error(500, "internal");
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"title": "Never saved"}),
        t,
    )
    .await
    .expect_error(500, "internal");
    app.db
        .execute_unprepared("ALTER TABLE audit_log_away RENAME TO audit_log")
        .await
        .unwrap();

    assert_eq!(audit_count(&app).await, n);
    let mei_row = atelier::entities::user::Entity::find_by_id(mei.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mei_row.role, "member");
    let ch = atelier::entities::challenge::Entity::find()
        .filter(atelier::entities::challenge::Column::Slug.eq("lanterns"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ch.cover_key, None);
    assert_eq!(ch.title, "Challenge lanterns");
    let option = atelier::entities::poll_option::Entity::find_by_id(poll.options[0].id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(option.image_key, None);
    assert_eq!(
        atelier::entities::poll_invite::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // The objects written before the failed rows were removed again.
    let store = atelier::storage::open(&app.settings).await.unwrap();
    for prefix in atelier::storage::references::Prefix::ALL {
        let left = store.list(prefix.as_str()).await.unwrap();
        assert!(left.is_empty(), "{left:?}");
    }
}

async fn phase_time_and_tally_edits_need_a_reason(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let t = &staff;
    let c = app
        .create_challenge(t, &challenge_body("lanterns", -1))
        .await;
    let n = audit_count(&app).await;
    let later = c.summary.results_at + Duration::days(3);
    for body in [
        json!({"results_at": later}),
        json!({"results_at": later, "reason": " "}),
        json!({"tallies_during_voting": true}),
    ] {
        app.patch_json("/api/v1/challenges/lanterns", &body, t)
            .await
            .expect_error(422, "reason_required");
    }
    assert_eq!(audit_count(&app).await, n);
    // Unchanged times need no reason.
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"results_at": c.summary.results_at, "title": "Lanterns"}),
        t,
    )
    .await
    .expect_status(200);
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({
            "results_at": later,
            "tallies_during_voting": true,
            "reason": "the jury needs three more days"
        }),
        t,
    )
    .await
    .expect_status(200);
    let log: AuditList = app
        .get_json("/api/v1/admin/audit", t)
        .await
        .expect_status(200)
        .json();
    let newest = &log.items[0];
    assert_eq!(newest.action, "challenge.update");
    assert!(
        newest.detail.contains("phase times")
            && newest
                .detail
                .contains("tallies during voting false -> true")
            && newest
                .detail
                .ends_with("reason: the jury needs three more days"),
        "{}",
        newest.detail
    );
}

async fn the_audit_log_pages_by_keyset(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let t = &staff;
    let member = app.as_member("mei").await;
    for i in 0..120 {
        atelier::audit::record(
            &app.db,
            Some(staff.id),
            "test.step",
            &format!("step:{i}"),
            "",
        )
        .await
        .unwrap();
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/admin/audit".to_owned();
    let mut pages = 0;
    loop {
        let page: AuditList = app.get_json(&path, t).await.expect_status(200).json();
        pages += 1;
        assert!(page.items.len() <= 50);
        seen.extend(page.items.iter().map(|e| e.id));
        match page.next_cursor {
            Some(c) => {
                assert_eq!(page.items.len(), 50);
                assert_eq!(Some(c), page.items.last().map(|e| e.id));
                path = format!("/api/v1/admin/audit?before={c}");
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 120);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );

    let page: AuditList = app
        .get_json("/api/v1/admin/audit?limit=200", t)
        .await
        .expect_status(200)
        .json();
    assert_eq!(page.items.len(), 120);
    assert_eq!(page.next_cursor, None);
    assert_eq!(page.items[0].actor_handle.as_deref(), Some("lin"));
    for bad in ["limit=0", "limit=201", "before=x"] {
        app.get_json(&format!("/api/v1/admin/audit?{bad}"), t)
            .await
            .expect_error(400, "invalid_query");
    }
    app.get_json("/api/v1/admin/audit", &member)
        .await
        .expect_error(403, "forbidden");
}

/// Every action the server writes to the audit log reads as a sentence in both
/// languages on the staff page (`atelier_api::audit::ACTIONS`): the action codes
/// are read from the source, from each `audit::record(` call and its arguments.
#[test]
fn every_recorded_action_has_a_text() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read backend/src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut actions = std::collections::BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read source");
        for (at, _) in source.match_indices("audit::record(") {
            // The call's arguments: the action is a literal "kind.verb" among them.
            let call: String = source[at..].chars().take(400).collect();
            for literal in call.split('"').skip(1).step_by(2) {
                let is_action = literal.split_once('.').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                });
                if is_action {
                    actions.insert(literal.to_owned());
                }
            }
        }
    }
    for (_, _, action) in atelier::audit::STAFF_MUTATIONS {
        actions.insert((*action).to_owned());
    }
    assert!(
        actions.contains("challenge.update") && actions.contains("expert.reject"),
        "{actions:?}"
    );
    let missing: Vec<&String> = actions
        .iter()
        .filter(|a| atelier_api::audit::action_key(a).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "audit actions without a text in atelier_api::audit::ACTIONS: {missing:?}"
    );
}
