use atelier_api::{AuditList, ChallengeDetail, ChallengeList, Phase, Role};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, TestApp, assert_error, spawn};

both_databases!(
    staff_create_challenges_that_members_cannot,
    invalid_challenges_are_refused_with_codes,
    drafts_are_seen_by_staff_only,
    edits_and_phase_overrides_are_audited,
);

pub fn challenge_body(slug: &str, start_offset_days: i64) -> serde_json::Value {
    let t0 = Utc::now() + Duration::days(start_offset_days);
    json!({
        "slug": slug,
        "title": format!("Challenge {slug}"),
        "brief": "Design a **lantern**. <script>alert(1)</script>",
        "theme": "topic",
        "status": "published",
        "rules": {"entries_per_member": 3, "accepted_formats": ["jpeg", "png", "webp", "gif"], "min_width": 0, "min_height": 0},
        "prizes": "Fame",
        "submissions_open_at": t0,
        "voting_open_at": t0 + Duration::days(7),
        "voting_close_at": t0 + Duration::days(10),
        "results_at": t0 + Duration::days(11),
    })
}

pub async fn create_challenge(
    app: &TestApp,
    token: &str,
    body: &serde_json::Value,
) -> ChallengeDetail {
    let res = app
        .request(Method::POST, "/api/v1/challenges", Some(token))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub async fn override_phase(
    app: &TestApp,
    token: &str,
    slug: &str,
    phase: Option<&str>,
) -> ChallengeDetail {
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/challenges/{slug}/phase-override"),
            Some(token),
        )
        .json(&json!({"phase": phase, "reason": "testing the phase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn staff_create_challenges_that_members_cannot(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let member = app.register("yuting").await;
    let body = challenge_body("lanterns-2027", -1);
    let res = app
        .request(
            Method::POST,
            "/api/v1/challenges",
            Some(&member.access_token),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
    let c = create_challenge(&app, &staff.access_token, &body).await;
    assert_eq!(c.summary.phase, Phase::Submissions);
    assert_eq!(c.rules.entries_per_member, 3);
    assert!(c.brief_html.contains("<strong>lantern</strong>"));
    assert!(!c.brief_html.contains("<script"));
    let res = app
        .request(
            Method::POST,
            "/api/v1/challenges",
            Some(&staff.access_token),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "slug_taken").await;
    let public: ChallengeDetail = app
        .get("/api/v1/challenges/lanterns-2027")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public.summary.title, "Challenge lanterns-2027");
}

async fn invalid_challenges_are_refused_with_codes(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
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
        let res = app
            .request(
                Method::POST,
                "/api/v1/challenges",
                Some(&staff.access_token),
            )
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(res, 422, code).await;
    }
}

async fn drafts_are_seen_by_staff_only(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let member = app.register("yuting").await;
    let mut body = challenge_body("secret-draft", 3);
    body["status"] = json!("draft");
    create_challenge(&app, &staff.access_token, &body).await;
    assert_error(
        app.get("/api/v1/challenges/secret-draft").await,
        404,
        "not_found",
    )
    .await;
    let res = app
        .request(
            Method::GET,
            "/api/v1/challenges/secret-draft",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let all: ChallengeList = app
        .request(
            Method::GET,
            "/api/v1/challenges?include=all",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.items.len(), 1);
    let public: ChallengeList = app.get("/api/v1/challenges").await.json().await.unwrap();
    assert!(public.items.is_empty());
    let res = app
        .request(
            Method::GET,
            "/api/v1/challenges?include=all",
            Some(&member.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
}

async fn edits_and_phase_overrides_are_audited(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    create_challenge(&app, &staff.access_token, &challenge_body("tea-cups", -1)).await;
    let res = app
        .request(Method::PATCH, "/api/v1/challenges/tea-cups", Some(&staff.access_token))
        .json(&json!({"title": "Tea Cups 2027", "theme": "colour", "palette": ["#C0392B", "#f4d35e"]}))
        .send()
        .await
        .unwrap();
    let c: ChallengeDetail = res.json().await.unwrap();
    assert_eq!(c.summary.title, "Tea Cups 2027");
    assert_eq!(c.summary.palette, vec!["#c0392b", "#f4d35e"]);

    let c = override_phase(&app, &staff.access_token, "tea-cups", Some("voting")).await;
    assert_eq!(c.summary.phase, Phase::Voting);
    assert_eq!(c.phase_override, Some(Phase::Voting));
    let c = override_phase(&app, &staff.access_token, "tea-cups", None).await;
    assert_eq!(c.summary.phase, Phase::Submissions);
    let res = app
        .request(
            Method::PUT,
            "/api/v1/challenges/tea-cups/phase-override",
            Some(&staff.access_token),
        )
        .json(&json!({"phase": "voting", "reason": ""}))
        .send()
        .await
        .unwrap();
    assert_error(res, 422, "reason_required").await;

    let audit: AuditList = app
        .request(
            Method::GET,
            "/api/v1/admin/audit",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
