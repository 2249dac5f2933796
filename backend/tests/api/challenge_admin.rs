use atelier_api::{ChallengeDetail, ChallengeList, Phase};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, challenge_body, spawn};

both_databases!(
    staff_create_challenges_that_members_cannot,
    invalid_challenges_are_refused_with_codes,
    drafts_are_seen_by_staff_only,
    edits_and_phase_overrides_are_audited,
);

async fn staff_create_challenges_that_members_cannot(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let member = app.as_member("yuting").await;
    let body = challenge_body("lanterns-2027", -1);
    app.post_json("/api/v1/challenges", &body, &member)
        .await
        .expect_error(403, "forbidden");
    let c = app.create_challenge(&staff, &body).await;
    assert_eq!(c.summary.phase, Phase::Submissions);
    assert_eq!(c.rules.entries_per_member, 3);
    assert!(c.brief_html.contains("<strong>lantern</strong>"));
    assert!(!c.brief_html.contains("<script"));
    app.post_json("/api/v1/challenges", &body, &staff)
        .await
        .expect_error(409, "slug_taken");
    let public: ChallengeDetail = app
        .get_json("/api/v1/challenges/lanterns-2027", ANON)
        .await
        .json();
    assert_eq!(public.summary.title, "Challenge lanterns-2027");
}

async fn invalid_challenges_are_refused_with_codes(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mut cases = Vec::new();
    let mut b = challenge_body("bad-times", 0);
    b["voting_open_at"] = b["submissions_open_at"].clone();
    cases.push((b, "invalid_phase_times"));
    let mut b = challenge_body("no-palette", 0);
    b["theme"] = json!("colour");
    cases.push((b, "invalid_palette"));
    let mut b = challenge_body("bad-palette", 0);
    b["theme"] = json!("colour");
    b["palette"] = json!(["#12345g"]);
    cases.push((b, "invalid_palette"));
    let mut b = challenge_body("bad-formats", 0);
    b["rules"]["accepted_formats"] = json!(["bmp"]);
    cases.push((b, "invalid_rules"));
    let mut b = challenge_body("Bad Slug!", 0);
    b["title"] = json!("ok title");
    cases.push((b, "invalid_slug"));
    let mut b = challenge_body("missing-title", 0);
    b.as_object_mut().unwrap().remove("title");
    cases.push((b, "missing_field"));
    for (body, code) in cases {
        app.post_json("/api/v1/challenges", &body, &staff)
            .await
            .expect_error(422, code);
    }
}

async fn drafts_are_seen_by_staff_only(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let member = app.as_member("yuting").await;
    let mut body = challenge_body("secret-draft", 3);
    body["status"] = json!("draft");
    app.create_challenge(&staff, &body).await;
    app.get_json("/api/v1/challenges/secret-draft", ANON)
        .await
        .expect_error(404, "not_found");
    app.get_json("/api/v1/challenges/secret-draft", &staff)
        .await
        .expect_status(200);
    let all: ChallengeList = app
        .get_json("/api/v1/challenges?include=all", &staff)
        .await
        .json();
    assert_eq!(all.items.len(), 1);
    let public: ChallengeList = app.get_json("/api/v1/challenges", ANON).await.json();
    assert!(public.items.is_empty());
    app.get_json("/api/v1/challenges?include=all", &member)
        .await
        .expect_error(403, "forbidden");
}

async fn edits_and_phase_overrides_are_audited(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    app.create_challenge(&staff, &challenge_body("tea-cups", -1))
        .await;
    let c: ChallengeDetail = app
        .patch_json(
            "/api/v1/challenges/tea-cups",
            &json!({"title": "Tea Cups 2027", "theme": "colour", "palette": ["#C0392B", "#f4d35e"]}),
            &staff,
        )
        .await
        .json();
    assert_eq!(c.summary.title, "Tea Cups 2027");
    assert_eq!(c.summary.palette, vec!["#c0392b", "#f4d35e"]);

    let c = app.override_phase(&staff, "tea-cups", Some("voting")).await;
    assert_eq!(c.summary.phase, Phase::Voting);
    assert_eq!(c.phase_override, Some(Phase::Voting));
    let c = app.override_phase(&staff, "tea-cups", None).await;
    assert_eq!(c.summary.phase, Phase::Submissions);
    app.put_json(
        "/api/v1/challenges/tea-cups/phase-override",
        &json!({"phase": "voting", "reason": ""}),
        &staff,
    )
    .await
    .expect_error(422, "reason_required");

    let audit = app.audit_log(&staff).await;
    let got: Vec<(String, String)> = audit
        .items
        .iter()
        .map(|e| (e.action.clone(), e.detail.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "challenge.phase_override".to_owned(),
                "cleared; reason: testing the phase".to_owned()
            ),
            (
                "challenge.phase_override".to_owned(),
                "voting; reason: testing the phase".to_owned()
            ),
            ("challenge.update".to_owned(), String::new()),
            ("challenge.create".to_owned(), String::new()),
        ]
    );
}
