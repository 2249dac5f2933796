//! Co-creation polls: invitations, single, approval and ranked methods with
//! the instant-runoff count and its CSV export, one ballot per member, and
//! rules that lock once a poll opens.

use atelier_api::{InviteResult, Poll, PollList, PollMethod, PollResults};
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, spawn};

both_databases!(
    concurrent_read_then_write_transactions_all_succeed,
    invited_only_polls_refuse_others,
    ranked_polls_count_by_instant_runoff_and_the_export_recounts,
    one_ballot_per_member_under_concurrency_and_final_ballots_stay,
    poll_rules_lock_when_the_poll_opens,
);

fn poll_body(
    method: &str,
    eligibility: &str,
    allow_change: bool,
    closes_in_secs: i64,
) -> serde_json::Value {
    json!({
        "question": "What should we call the new oolong?",
        "product": "Seasonal oolong",
        "description": "Three names from the community.",
        "method": method,
        "eligibility": eligibility,
        "allow_change": allow_change,
        "opens_at": Utc::now() - Duration::minutes(1),
        "closes_at": Utc::now() + Duration::seconds(closes_in_secs),
        "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}, {"label": "Jade Lantern"}, {"label": "Morning Mist"}],
    })
}

async fn invited_only_polls_refuse_others(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = app
        .create_poll(&staff, &poll_body("single", "invited", true, 3600))
        .await;
    let guest = app.as_member("guest").await;
    let other = app.as_member("other").await;
    let inv: InviteResult = app
        .post_json(
            &format!("/api/v1/polls/{}/invites", p.id),
            &json!({"handles": ["@Guest", "nobody_here"]}),
            &staff,
        )
        .await
        .json();
    assert_eq!(inv.invited, vec!["guest"]);
    assert_eq!(inv.unknown, vec!["nobody_here"]);
    let o = p.options[0].id;
    app.ballot(&other, p.id, &[o])
        .await
        .expect_error(403, "not_invited");
    let after: Poll = app
        .ballot(&guest, p.id, &[o])
        .await
        .expect_status(200)
        .json();
    assert_eq!(after.my_ballot, Some(vec![o]));
    let seen_by_other: Poll = app
        .get_json(&format!("/api/v1/polls/{}", p.id), &other)
        .await
        .json();
    assert!(!seen_by_other.can_vote);
    // Single choice means one option.
    app.ballot(&guest, p.id, &[o, p.options[1].id])
        .await
        .expect_error(422, "invalid_choice");
    app.ballot(&guest, p.id, &[12345])
        .await
        .expect_error(422, "invalid_choice");
    app.ballot(&staff, p.id, &[o])
        .await
        .expect_error(403, "forbidden");
}

async fn ranked_polls_count_by_instant_runoff_and_the_export_recounts(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = app
        .create_poll(&staff, &poll_body("ranked", "all_members", true, 3600))
        .await;
    let [a, b, c, d] = [
        p.options[0].id,
        p.options[1].id,
        p.options[2].id,
        p.options[3].id,
    ];
    // A 3, B 2, C 2 (one C voter prefers A next, one B), D 1 (then B); hand-counted in
    // the unit tests: D out, C out, then A 4 vs B 4 tied, B had fewer in round 1: A wins.
    let ballots: Vec<Vec<i64>> = vec![
        vec![a],
        vec![a],
        vec![a],
        vec![b],
        vec![b],
        vec![c, a],
        vec![c, b],
        vec![d, b],
    ];
    for (i, choices) in ballots.iter().enumerate() {
        let v = app.as_member(&format!("taster_{i}")).await;
        app.ballot(&v, p.id, choices).await.expect_status(200);
    }
    let member = app.as_member("curious").await;
    let results = format!("/api/v1/polls/{}/results", p.id);
    app.get_json(&results, &member)
        .await
        .expect_error(409, "results_not_published");
    close_now(&app, p.id).await;
    let r: PollResults = app.get_json(&results, ANON).await.json();
    assert_eq!(r.ballots, 8);
    // B's three first-preference-only ballots run out once B is eliminated.
    assert_eq!(r.rounds.last().unwrap().exhausted, 4);
    assert_eq!(r.winner, Some(a));
    type RoundSummary = (Vec<(i64, u64)>, Option<i64>, bool);
    let summary: Vec<RoundSummary> = r
        .rounds
        .iter()
        .map(|round| {
            (
                round
                    .counts
                    .iter()
                    .map(|c| (c.option_id, c.votes))
                    .collect(),
                round.eliminated,
                round.tie_break,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (vec![(a, 3), (b, 2), (c, 2), (d, 1)], Some(d), false),
            (vec![(a, 3), (b, 3), (c, 2)], Some(c), false),
            (vec![(a, 4), (b, 4)], Some(b), true),
            (vec![(a, 4)], None, false),
        ]
    );
    app.ballot(&member, p.id, &[a])
        .await
        .expect_error(409, "poll_not_open");

    // The export recounts to the published result.
    let export = format!("/api/v1/polls/{}/ballots.csv", p.id);
    let res = app.get_json(&export, &staff).await;
    assert!(res.header("content-type").unwrap().starts_with("text/csv"));
    let csv = res.text();
    assert!(!csv.contains("taster"), "the export names no voter");
    let (options, parsed) = atelier::voting::polls::parse_csv(&csv).unwrap();
    assert_eq!(options, vec![a, b, c, d]);
    let mut sorted_parsed = parsed.clone();
    sorted_parsed.sort();
    let mut sorted_cast = ballots.clone();
    sorted_cast.sort();
    assert_eq!(sorted_parsed, sorted_cast);
    let labelled: Vec<(i64, String)> = options.iter().map(|o| (*o, String::new())).collect();
    let recount = atelier::voting::polls::count(p.id, PollMethod::Ranked, &labelled, &parsed);
    assert_eq!(recount.winner, r.winner);
    assert_eq!(
        recount
            .rounds
            .iter()
            .map(|x| (x.eliminated, x.exhausted))
            .collect::<Vec<_>>(),
        r.rounds
            .iter()
            .map(|x| (x.eliminated, x.exhausted))
            .collect::<Vec<_>>()
    );
    app.get_json(&export, &member)
        .await
        .expect_error(403, "forbidden");
}

async fn one_ballot_per_member_under_concurrency_and_final_ballots_stay(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = app
        .create_poll(&staff, &poll_body("approval", "all_members", false, 3600))
        .await;
    let voter = app.as_member("voter").await;
    let (a, b) = (p.options[0].id, p.options[1].id);
    let futures = (0..100).map(|_| {
        let (app, voter) = (&app, &voter);
        async move { app.ballot(voter, p.id, &[a, b]).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(futures).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let n = atelier::entities::ballot::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    // The same ballot again is idempotent; another one is refused.
    app.ballot(&voter, p.id, &[a, b]).await.expect_status(200);
    app.ballot(&voter, p.id, &[a])
        .await
        .expect_error(409, "ballot_final");
    let staff_results: PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", p.id), &staff)
        .await
        .json();
    assert_eq!(
        staff_results
            .counts
            .iter()
            .map(|c| c.votes)
            .collect::<Vec<_>>(),
        vec![1, 1, 0, 0]
    );
}

async fn poll_rules_lock_when_the_poll_opens(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mut later = poll_body("ranked", "all_members", true, 7200);
    later["opens_at"] = json!(Utc::now() + Duration::hours(1));
    let scheduled = app.create_poll(&staff, &later).await;
    let mut edited = later.clone();
    edited["question"] = json!("Which name for the oolong?");
    app.patch_json(&format!("/api/v1/polls/{}", scheduled.id), &edited, &staff)
        .await
        .expect_status(200);
    let open = app
        .create_poll(&staff, &poll_body("ranked", "all_members", true, 3600))
        .await;
    app.patch_json(&format!("/api/v1/polls/{}", open.id), &edited, &staff)
        .await
        .expect_error(409, "poll_locked");
    let mut bad = poll_body("approval", "all_members", true, 3600);
    bad["max_choices"] = json!(9);
    app.post_json("/api/v1/polls", &bad, &staff)
        .await
        .expect_error(422, "invalid_max_choices");
    let member = app.as_member("member").await;
    app.post_json("/api/v1/polls", &later, &member)
        .await
        .expect_error(403, "forbidden");
    let list: PollList = app.get_json("/api/v1/polls", ANON).await.json();
    assert_eq!(list.items.len(), 2);
}

/// Staff actions read before they write inside one transaction. Run at once,
/// none may fail: on SQLite a deferred transaction would hit
/// SQLITE_BUSY_SNAPSHOT (a 500) when another writer committed in between.
async fn concurrent_read_then_write_transactions_all_succeed(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p = app
        .create_poll(&staff, &poll_body("single", "invited", true, 3600))
        .await;
    app.as_member("guest").await;
    let path = format!("/api/v1/polls/{}/invites", p.id);
    let body = json!({"handles": ["guest"]});
    let requests = (0..24).map(|_| app.post_json(&path, &body, &staff));
    let statuses: Vec<u16> = futures::future::join_all(requests)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

/// Closes a poll by moving its closing time into the past, so a test does not
/// race the clock while it casts ballots (registrations hash passwords).
pub(crate) async fn close_now(app: &crate::helpers::TestApp, poll_id: i64) {
    use atelier::entities::poll;
    use sea_orm::{ActiveModelTrait, Set};
    let mut row: poll::ActiveModel = poll::Entity::find_by_id(poll_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.closes_at = Set(Utc::now() - Duration::seconds(1));
    row.update(&app.db).await.unwrap();
}
