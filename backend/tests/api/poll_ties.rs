//! Poll ties: a tie is declared as one (the tied options, the rule that broke
//! it as a stable code, the draw's published seed); ballot export headers
//! name the options with their labels; option images while scheduled.

use atelier_api::{Poll, PollMethod, PollResults, TieBreak};
use chrono::{Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, User, png_bytes, spawn};
use crate::polls::close_now;

both_databases!(
    a_single_choice_tie_is_declared_and_broken_by_the_published_draw,
    an_approval_poll_without_a_tie_declares_none,
    a_ranked_tie_for_the_win_names_its_rule,
    ballot_export_headers_carry_escaped_labels,
    option_images_are_added_while_scheduled_and_refused_once_open,
);

fn body(method: &str, labels: &[&str], opens_in: Duration) -> serde_json::Value {
    json!({
        "question": "Which name for the mango tea?",
        "product": "Mango tea",
        "description": "",
        "method": method,
        "eligibility": "all_members",
        "allow_change": true,
        "opens_at": Utc::now() + opens_in,
        "closes_at": Utc::now() + Duration::hours(2),
        "options": labels.iter().map(|l| json!({"label": l})).collect::<Vec<_>>(),
    })
}

async fn open_poll(app: &TestApp, staff: &User, method: &str, labels: &[&str]) -> Poll {
    app.create_poll(staff, &body(method, labels, -Duration::minutes(1)))
        .await
}

async fn cast_all(app: &TestApp, poll: i64, ballots: &[Vec<i64>]) {
    for (i, choices) in ballots.iter().enumerate() {
        let v = app.as_member(&format!("voter_{i}")).await;
        app.ballot(&v, poll, choices).await.expect_status(200);
    }
}

/// The seed as the published rule describes it, computed independently.
fn seed_by_hand(poll_id: i64, ballots: &[Vec<i64>]) -> String {
    let mut lines: Vec<String> = ballots
        .iter()
        .map(|b| {
            b.iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    lines.sort();
    let mut text = format!("atelier-poll-draw:{poll_id}\n");
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn draw_number(seed: &str, option: i64) -> String {
    hex::encode(Sha256::digest(format!("{seed}:{option}").as_bytes()))
}

async fn a_single_choice_tie_is_declared_and_broken_by_the_published_draw(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = open_poll(&app, &staff, "single", &["Mango Mist", "Sunset", "Pulp"]).await;
    let [a, b, c] = [p.options[0].id, p.options[1].id, p.options[2].id];
    let ballots = vec![vec![a], vec![b], vec![c], vec![b], vec![a]];
    cast_all(&app, p.id, &ballots).await;
    // Staff follow it while open: the tie is already shown.
    let live: PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", p.id), &staff)
        .await
        .json();
    assert!(live.tied);
    close_now(&app, p.id).await;
    let res = app
        .get_json(&format!("/api/v1/polls/{}/results", p.id), ANON)
        .await;
    let raw: serde_json::Value = res.json();
    assert_eq!(raw["tie_break"], "draw", "a stable code: {raw}");
    let r: PollResults = res.json();
    assert!(r.tied);
    assert_eq!(r.tied_options, vec![a, b]);
    assert_eq!(r.tie_break, Some(TieBreak::Draw));
    assert_eq!(r.draw_seed, seed_by_hand(p.id, &ballots));
    // The lowest draw number among the tied wins; the untied option never.
    let expected = if draw_number(&r.draw_seed, a) < draw_number(&r.draw_seed, b) {
        a
    } else {
        b
    };
    assert_eq!(r.winner, Some(expected));
    assert!(r.rules.contains("draw"), "{}", r.rules);
    assert!(!r.rules.contains("listed first"), "{}", r.rules);
}

async fn an_approval_poll_without_a_tie_declares_none(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = open_poll(&app, &staff, "approval", &["Mango Mist", "Sunset", "Pulp"]).await;
    let [a, b, c] = [p.options[0].id, p.options[1].id, p.options[2].id];
    cast_all(&app, p.id, &[vec![a, b], vec![b, c], vec![b]]).await;
    close_now(&app, p.id).await;
    let res = app
        .get_json(&format!("/api/v1/polls/{}/results", p.id), ANON)
        .await;
    let raw: serde_json::Value = res.json();
    assert!(raw.get("tie_break").is_none(), "{raw}");
    let r: PollResults = res.json();
    assert!(!r.tied);
    assert!(r.tied_options.is_empty());
    assert_eq!(r.winner, Some(b));

    // Two approvals each for a and b: a tie among the approval counts.
    let q = open_poll(&app, &staff, "approval", &["One", "Two", "Three"]).await;
    let [x, y] = [q.options[0].id, q.options[1].id];
    for (i, choices) in [vec![x, y], vec![x, y]].iter().enumerate() {
        let v = app.as_member(&format!("second_{i}")).await;
        app.ballot(&v, q.id, choices).await.expect_status(200);
    }
    close_now(&app, q.id).await;
    let r: PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", q.id), ANON)
        .await
        .json();
    assert!(r.tied);
    assert_eq!(r.tied_options, vec![x, y]);
    assert_eq!(r.tie_break, Some(TieBreak::Draw));
}

async fn a_ranked_tie_for_the_win_names_its_rule(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    // Earlier rounds decide: A 3, B 2, C 2, D 1 -> D out; A 3, B 3, C 2 -> C
    // out; A 4, B 4 tied, B had fewer in round 1: B out, A wins.
    let p = open_poll(&app, &staff, "ranked", &["A", "B", "C", "D"]).await;
    let [a, b, c, d] = [
        p.options[0].id,
        p.options[1].id,
        p.options[2].id,
        p.options[3].id,
    ];
    let ballots = vec![
        vec![a],
        vec![a],
        vec![a],
        vec![b],
        vec![b],
        vec![c, a],
        vec![c, b],
        vec![d, b],
    ];
    cast_all(&app, p.id, &ballots).await;
    close_now(&app, p.id).await;
    let r: PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", p.id), ANON)
        .await
        .json();
    assert_eq!(r.method, PollMethod::Ranked);
    assert_eq!(r.winner, Some(a));
    assert!(r.tied);
    assert_eq!(r.tied_options, vec![a, b]);
    assert_eq!(r.tie_break, Some(TieBreak::EarlierRounds));
    assert_eq!(r.rounds[2].tied, vec![a, b]);
    assert_eq!(r.rounds[2].tie_break_rule, Some(TieBreak::EarlierRounds));
    assert!(r.rounds[0].tied.is_empty());
    assert_eq!(r.rounds[0].tie_break_rule, None);

    // Nothing to look back on: one first preference each, settled by the draw.
    let q = open_poll(&app, &staff, "ranked", &["Left", "Right"]).await;
    let [x, y] = [q.options[0].id, q.options[1].id];
    let ballots = vec![vec![x, y], vec![y, x]];
    // The same members vote again (registrations are rate limited).
    for (i, choices) in ballots.iter().enumerate() {
        let v = crate::helpers::User::from(
            app.login(&format!("voter_{i}@example.test"), crate::helpers::PASSWORD)
                .await
                .expect_status(200)
                .json::<atelier_api::TokenResponse>(),
        );
        app.ballot(&v, q.id, choices).await.expect_status(200);
    }
    close_now(&app, q.id).await;
    let r: PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", q.id), ANON)
        .await
        .json();
    assert!(r.tied);
    assert_eq!(r.tie_break, Some(TieBreak::Draw));
    assert_eq!(r.draw_seed, seed_by_hand(q.id, &ballots));
    // The draw eliminates the highest number.
    let out = if draw_number(&r.draw_seed, x) > draw_number(&r.draw_seed, y) {
        x
    } else {
        y
    };
    assert_eq!(r.rounds[0].eliminated, Some(out));
    assert_eq!(r.winner, Some(if out == x { y } else { x }));
}

async fn ballot_export_headers_carry_escaped_labels(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = open_poll(
        &app,
        &staff,
        "ranked",
        &["Mango Mist", "Say \"hi\", please", "芒果"],
    )
    .await;
    let [a, b, c] = [p.options[0].id, p.options[1].id, p.options[2].id];
    cast_all(&app, p.id, &[vec![b, a], vec![c]]).await;
    let csv = app
        .get_json(&format!("/api/v1/polls/{}/ballots.csv", p.id), &staff)
        .await
        .expect_status(200)
        .text();
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        format!(
            "ballot,option_{a} (Mango Mist),\"option_{b} (Say \"\"hi\"\", please)\",option_{c} (芒果)"
        )
    );
    // The export still reads back, and recounts to the same result.
    let (options, ballots) = atelier::voting::polls::parse_csv(&csv).unwrap();
    assert_eq!(options, vec![a, b, c]);
    let mut sorted = ballots.clone();
    sorted.sort();
    assert_eq!(sorted, vec![vec![b, a], vec![c]]);
}

async fn option_images_are_added_while_scheduled_and_refused_once_open(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let scheduled = app
        .create_poll(&staff, &body("single", &["One", "Two"], Duration::hours(1)))
        .await;
    let updated: Poll = app
        .upload_poll_option_image(
            &staff,
            scheduled.id,
            scheduled.options[1].id,
            png_bytes(320, 240),
        )
        .await
        .expect_status(200)
        .json();
    assert!(updated.options[1].image_url.is_some());
    assert!(updated.options[0].image_url.is_none());
    let open = open_poll(&app, &staff, "single", &["One", "Two"]).await;
    app.upload_poll_option_image(&staff, open.id, open.options[0].id, png_bytes(320, 240))
        .await
        .expect_error(409, "poll_locked");
    let member = app.as_member("mei").await;
    app.upload_poll_option_image(
        &member,
        scheduled.id,
        scheduled.options[0].id,
        png_bytes(320, 240),
    )
    .await
    .expect_error(403, "forbidden");
}
