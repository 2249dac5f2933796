//! Votes on entries: one per member and entry, within the voting phase and
//! never on one's own entry; hidden tallies and the Bayesian ranking;
//! winners picked by staff; young accounts and fast voters held back.

use atelier_api::{ChallengeResults, EntryPage, MyVote};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, User, png_bytes, spawn, spawn_with};

both_databases!(
    one_vote_per_member_per_entry_even_under_concurrency,
    votes_follow_the_phase_and_never_go_to_ones_own_entry,
    tallies_stay_hidden_until_results_and_rank_by_bayesian_average,
    staff_pick_winners_after_voting_closes_and_it_is_audited,
    young_accounts_and_fast_voters_are_held_back,
);

/// A challenge in voting with `n` entries by one author; returns (staff, author, entry ids).
pub async fn voting_challenge(app: &TestApp, slug: &str, n: u32) -> (User, User, Vec<i64>) {
    let staff = app.open_challenge(slug, 10).await;
    let author = app
        .as_member(&format!("author_{}", slug.replace('-', "_")))
        .await;
    let mut ids = Vec::new();
    for i in 0..n {
        let title = format!("Entry {i}");
        let e = app
            .new_entry(&author, slug, &title, png_bytes(100 + i, 100))
            .await;
        ids.push(e.id);
    }
    app.override_phase(&staff, slug, Some("voting")).await;
    (staff, author, ids)
}

async fn votes_on(app: &TestApp, entry: i64) -> Vec<atelier::entities::vote::Model> {
    atelier::entities::vote::Entity::find()
        .filter(atelier::entities::vote::Column::SubmissionId.eq(entry))
        .all(&app.db)
        .await
        .unwrap()
}

async fn one_vote_per_member_per_entry_even_under_concurrency(db: Db) {
    let app = spawn(db).await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let voter = app.as_member("voter").await;
    let entry = ids[0];
    let futures = (0..100).map(|i| {
        let (app, voter) = (&app, &voter);
        async move {
            app.vote(voter, entry, (i % 5 + 1) as i16)
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(futures).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let rows = votes_on(&app, ids[0]).await;
    assert_eq!(rows.len(), 1);
    // Changing the score keeps one row.
    app.vote(&voter, ids[0], 2).await.expect_status(200);
    let rows = votes_on(&app, ids[0]).await;
    assert_eq!((rows.len(), rows[0].score), (1, 2));
    let mine: MyVote = app
        .get_json(&format!("/api/v1/entries/{}/vote", ids[0]), &voter)
        .await
        .json();
    assert_eq!((mine.score, mine.can_vote), (Some(2), true));
    app.vote(&voter, ids[0], 6)
        .await
        .expect_error(422, "invalid_score");
    app.vote(&voter, ids[0], 0)
        .await
        .expect_error(422, "invalid_score");
}

async fn votes_follow_the_phase_and_never_go_to_ones_own_entry(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let author = app.as_member("author").await;
    let voter = app.as_member("voter").await;
    let e = app
        .new_entry(&author, "lanterns", "Mine", png_bytes(100, 100))
        .await;
    app.vote(&voter, e.id, 5)
        .await
        .expect_error(409, "voting_not_open");
    app.override_phase(&staff, "lanterns", Some("voting")).await;
    app.vote(&author, e.id, 5)
        .await
        .expect_error(403, "own_entry");
    app.vote(&staff, e.id, 5)
        .await
        .expect_error(403, "forbidden");
    app.vote(&voter, e.id, 5).await.expect_status(200);
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.vote(&voter, e.id, 4)
        .await
        .expect_error(409, "voting_not_open");
    app.vote(ANON, e.id, 3)
        .await
        .expect_error(401, "unauthenticated");
    assert_eq!(votes_on(&app, e.id).await[0].score, 5);
}

async fn tallies_stay_hidden_until_results_and_rank_by_bayesian_average(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 3).await;
    let mut voters = Vec::new();
    for i in 0..6 {
        voters.push(app.as_member(&format!("voter_{i}")).await);
    }
    // Entry 0: six 4s. Entry 1: one 5. Entry 2: two 1s.
    for v in &voters {
        app.vote(v, ids[0], 4).await.expect_status(200);
    }
    app.vote(&voters[0], ids[1], 5).await;
    app.vote(&voters[0], ids[2], 1).await;
    app.vote(&voters[1], ids[2], 1).await;
    app.get_json("/api/v1/challenges/lanterns/results", ANON)
        .await
        .expect_error(409, "results_not_published");
    app.get_json("/api/v1/challenges/lanterns/results", &staff)
        .await
        .expect_status(200);
    app.override_phase(&staff, "lanterns", Some("results"))
        .await;
    let r: ChallengeResults = app
        .get_json("/api/v1/challenges/lanterns/results", ANON)
        .await
        .json();
    let order: Vec<i64> = r.ranking.iter().map(|e| e.entry.id).collect();
    assert_eq!(order, vec![ids[0], ids[1], ids[2]], "{r:?}");
    assert_eq!(r.ranking[0].votes, 6);
    assert_eq!(r.ranking[1].votes, 1);
    assert!((r.ranking[1].mean - 5.0).abs() < 1e-9);
    // Prior mean = (24 + 5 + 2) / 9; entry 1 = (5 x prior + 5) / 6 < entry 0 = (5 x prior + 24) / 11.
    let prior = 31.0 / 9.0;
    assert!((r.ranking[0].score - (5.0 * prior + 24.0) / 11.0).abs() < 1e-9);
    assert!(!r.method.is_empty());
    let ranked: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries?sort=rank", ANON)
        .await
        .json();
    assert_eq!(ranked.items.iter().map(|c| c.id).collect::<Vec<_>>(), order);
}

async fn staff_pick_winners_after_voting_closes_and_it_is_audited(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 3).await;
    let pick = |who: &User, body: serde_json::Value| {
        let (app, who) = (&app, who.clone());
        async move {
            app.put_json("/api/v1/challenges/lanterns/winners", &body, &who)
                .await
        }
    };
    let jury = |entries: Vec<i64>| json!({"entries": entries, "reason": "jury decision"});
    pick(&staff, jury(vec![ids[2]]))
        .await
        .expect_error(409, "voting_not_closed");
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    pick(&staff, jury(vec![ids[2], ids[2]]))
        .await
        .expect_error(422, "invalid_winners");
    pick(&staff, jury(vec![999_999]))
        .await
        .expect_error(422, "invalid_winners");
    let r: ChallengeResults = pick(&staff, jury(vec![ids[2], ids[0]]))
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        r.winners
            .iter()
            .map(|w| (w.entry.id, w.winner_place))
            .collect::<Vec<_>>(),
        vec![(ids[2], Some(1)), (ids[0], Some(2))]
    );
    let member = app.as_member("member").await;
    pick(&member, json!({"entries": [ids[1]], "reason": "I say so"}))
        .await
        .expect_error(403, "forbidden");
    let audit = app.audit_log(&staff).await;
    assert_eq!(audit.items[0].action, "challenge.pick_winners");
    assert!(audit.items[0].detail.contains("jury decision"));
}

async fn young_accounts_and_fast_voters_are_held_back(db: Db) {
    let app = spawn_with(db, |s| {
        s.voting.min_account_age_hours = 24;
        s.voting.rate_limit_per_minute = 3;
    })
    .await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let young = app.as_member("young").await;
    app.vote(&young, ids[0], 5)
        .await
        .expect_error(403, "account_too_new");
    // Age the account in the database.
    use sea_orm::{ActiveModelTrait, Set};
    let u = atelier::entities::user::Entity::find_by_id(young.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::user::ActiveModel = u.into();
    am.created_at = Set(Utc::now() - Duration::days(2));
    am.update(&app.db).await.unwrap();
    // The limiter counted the refused attempt too: two more pass, then 429.
    app.vote(&young, ids[0], 5).await.expect_status(200);
    app.vote(&young, ids[0], 4).await.expect_status(200);
    let res = app.vote(&young, ids[0], 3).await;
    assert!(res.headers.contains_key("retry-after"));
    res.expect_error(429, "rate_limited");
}
