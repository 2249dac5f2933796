use atelier_api::{
    AuditList, ChallengeResults, MyVote, Poll, PollResults, Role, TokenResponse, VoteFlagList,
};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::both_databases;
use crate::challenge_admin::override_phase;
use crate::entries::{open_challenge, submit};
use crate::helpers::{Db, TestApp, assert_error, png_bytes, spawn, spawn_with};

both_databases!(
    concurrent_read_then_write_transactions_all_succeed,
    one_vote_per_member_per_entry_even_under_concurrency,
    votes_follow_the_phase_and_never_go_to_ones_own_entry,
    tallies_stay_hidden_until_results_and_rank_by_bayesian_average,
    staff_pick_winners_after_voting_closes_and_it_is_audited,
    young_accounts_and_fast_voters_are_held_back,
    shared_addresses_and_new_account_bursts_are_flagged,
    invited_only_polls_refuse_others,
    ranked_polls_count_by_instant_runoff_and_the_export_recounts,
    one_ballot_per_member_under_concurrency_and_final_ballots_stay,
    poll_rules_lock_when_the_poll_opens,
);

async fn vote(app: &TestApp, token: &str, entry: i64, score: i16) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/entries/{entry}/vote"),
        Some(token),
    )
    .json(&json!({"score": score}))
    .send()
    .await
    .unwrap()
}

/// A challenge in voting with `n` entries by one author; returns (staff, author, entry ids).
async fn voting_challenge(
    app: &TestApp,
    slug: &str,
    n: u32,
) -> (TokenResponse, TokenResponse, Vec<i64>) {
    let staff = open_challenge(app, slug, 10).await;
    let author = app
        .register(&format!("author_{}", slug.replace('-', "_")))
        .await;
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            submit(
                app,
                &author.access_token,
                slug,
                &format!("Entry {i}"),
                png_bytes(100 + i, 100),
            )
            .await
            .id,
        );
    }
    override_phase(app, &staff.access_token, slug, Some("voting")).await;
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
    let voter = app.register("voter").await;
    let entry = ids[0];
    let futures = (0..100).map(|i| {
        let app = &app;
        let token = voter.access_token.clone();
        async move {
            vote(app, &token, entry, (i % 5 + 1) as i16)
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
    assert_eq!(
        vote(&app, &voter.access_token, ids[0], 2).await.status(),
        200
    );
    let rows = votes_on(&app, ids[0]).await;
    assert_eq!((rows.len(), rows[0].score), (1, 2));
    let mine: MyVote = app
        .request(
            Method::GET,
            &format!("/api/v1/entries/{}/vote", ids[0]),
            Some(&voter.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((mine.score, mine.can_vote), (Some(2), true));
    assert_error(
        vote(&app, &voter.access_token, ids[0], 6).await,
        422,
        "invalid_score",
    )
    .await;
    assert_error(
        vote(&app, &voter.access_token, ids[0], 0).await,
        422,
        "invalid_score",
    )
    .await;
}

async fn votes_follow_the_phase_and_never_go_to_ones_own_entry(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "lanterns", 3).await;
    let author = app.register("author").await;
    let voter = app.register("voter").await;
    let e = submit(
        &app,
        &author.access_token,
        "lanterns",
        "Mine",
        png_bytes(100, 100),
    )
    .await;
    assert_error(
        vote(&app, &voter.access_token, e.id, 5).await,
        409,
        "voting_not_open",
    )
    .await;
    override_phase(&app, &staff.access_token, "lanterns", Some("voting")).await;
    assert_error(
        vote(&app, &author.access_token, e.id, 5).await,
        403,
        "own_entry",
    )
    .await;
    assert_error(
        vote(&app, &staff.access_token, e.id, 5).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(vote(&app, &voter.access_token, e.id, 5).await.status(), 200);
    override_phase(&app, &staff.access_token, "lanterns", Some("closed")).await;
    assert_error(
        vote(&app, &voter.access_token, e.id, 4).await,
        409,
        "voting_not_open",
    )
    .await;
    let res = app
        .client
        .put(app.url(&format!("/api/v1/entries/{}/vote", e.id)))
        .json(&json!({"score": 3}))
        .send()
        .await
        .unwrap();
    assert_error(res, 401, "unauthenticated").await;
    assert_eq!(votes_on(&app, e.id).await[0].score, 5);
}

async fn tallies_stay_hidden_until_results_and_rank_by_bayesian_average(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 3).await;
    let mut voters = Vec::new();
    for i in 0..6 {
        voters.push(app.register(&format!("voter_{i}")).await);
    }
    // Entry 0: six 4s. Entry 1: one 5. Entry 2: two 1s.
    for v in &voters {
        assert_eq!(vote(&app, &v.access_token, ids[0], 4).await.status(), 200);
    }
    vote(&app, &voters[0].access_token, ids[1], 5).await;
    vote(&app, &voters[0].access_token, ids[2], 1).await;
    vote(&app, &voters[1].access_token, ids[2], 1).await;
    assert_error(
        app.get("/api/v1/challenges/lanterns/results").await,
        409,
        "results_not_published",
    )
    .await;
    let staff_view = app
        .request(
            Method::GET,
            "/api/v1/challenges/lanterns/results",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(staff_view.status(), 200);
    override_phase(&app, &staff.access_token, "lanterns", Some("results")).await;
    let r: ChallengeResults = app
        .get("/api/v1/challenges/lanterns/results")
        .await
        .json()
        .await
        .unwrap();
    let order: Vec<i64> = r.ranking.iter().map(|e| e.entry.id).collect();
    assert_eq!(order, vec![ids[0], ids[1], ids[2]], "{r:?}");
    assert_eq!(r.ranking[0].votes, 6);
    assert_eq!(r.ranking[1].votes, 1);
    assert!((r.ranking[1].mean - 5.0).abs() < 1e-9);
    // Prior mean = (24 + 5 + 2) / 9; entry 1 = (5 x prior + 5) / 6 < entry 0 = (5 x prior + 24) / 11.
    let prior = 31.0 / 9.0;
    assert!((r.ranking[0].score - (5.0 * prior + 24.0) / 11.0).abs() < 1e-9);
    assert!(!r.method.is_empty());
    let ranked: atelier_api::EntryPage = app
        .get("/api/v1/challenges/lanterns/entries?sort=rank")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ranked.items.iter().map(|c| c.id).collect::<Vec<_>>(), order);
}

async fn staff_pick_winners_after_voting_closes_and_it_is_audited(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 3).await;
    let pick = |entries: Vec<i64>| {
        let app = &app;
        let token = staff.access_token.clone();
        async move {
            app.request(
                Method::PUT,
                "/api/v1/challenges/lanterns/winners",
                Some(&token),
            )
            .json(&json!({"entries": entries, "reason": "jury decision"}))
            .send()
            .await
            .unwrap()
        }
    };
    assert_error(pick(vec![ids[2]]).await, 409, "voting_not_closed").await;
    override_phase(&app, &staff.access_token, "lanterns", Some("closed")).await;
    assert_error(pick(vec![ids[2], ids[2]]).await, 422, "invalid_winners").await;
    assert_error(pick(vec![999_999]).await, 422, "invalid_winners").await;
    let res = pick(vec![ids[2], ids[0]]).await;
    assert_eq!(res.status(), 200);
    let r: ChallengeResults = res.json().await.unwrap();
    assert_eq!(
        r.winners
            .iter()
            .map(|w| (w.entry.id, w.winner_place))
            .collect::<Vec<_>>(),
        vec![(ids[2], Some(1)), (ids[0], Some(2))]
    );
    let member = app.register("member").await;
    let res = app
        .request(
            Method::PUT,
            "/api/v1/challenges/lanterns/winners",
            Some(&member.access_token),
        )
        .json(&json!({"entries": [ids[1]], "reason": "I say so"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
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
    let young = app.register("young").await;
    assert_error(
        vote(&app, &young.access_token, ids[0], 5).await,
        403,
        "account_too_new",
    )
    .await;
    // Age the account in the database.
    use sea_orm::{ActiveModelTrait, Set};
    let u = atelier::entities::user::Entity::find_by_id(young.user.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::user::ActiveModel = u.into();
    am.created_at = Set(Utc::now() - Duration::days(2));
    am.update(&app.db).await.unwrap();
    // The limiter counted the refused attempt too: two more pass, then 429.
    assert_eq!(
        vote(&app, &young.access_token, ids[0], 5).await.status(),
        200
    );
    assert_eq!(
        vote(&app, &young.access_token, ids[0], 4).await.status(),
        200
    );
    let res = vote(&app, &young.access_token, ids[0], 3).await;
    assert!(res.headers().contains_key("retry-after"));
    assert_error(res, 429, "rate_limited").await;
}

async fn shared_addresses_and_new_account_bursts_are_flagged(db: Db) {
    let app = spawn_with(db, |s| {
        s.voting.shared_ip_threshold = 3;
        s.voting.burst_threshold = 4;
    })
    .await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 2).await;
    let v1 = app.register("v_one").await;
    let v2 = app.register("v_two").await;
    vote(&app, &v1.access_token, ids[0], 5).await;
    vote(&app, &v2.access_token, ids[0], 5).await;
    async fn flags(app: &TestApp, token: &str) -> VoteFlagList {
        app.request(Method::GET, "/api/v1/staff/vote-flags", Some(token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
    assert!(
        flags(&app, &staff.access_token).await.items.is_empty(),
        "two accounts, three votes: no flag yet"
    );
    let v3 = app.register("v_three").await;
    vote(&app, &v3.access_token, ids[1], 5).await;
    vote(&app, &v3.access_token, ids[0], 5).await;
    let list = flags(&app, &staff.access_token).await;
    let kinds: Vec<&str> = list.items.iter().map(|f| f.kind.as_str()).collect();
    assert!(kinds.contains(&"shared_ip"), "{list:?}");
    assert!(kinds.contains(&"new_account_burst"), "{list:?}");
    assert!(
        list.items
            .iter()
            .all(|f| f.scope == "challenge:lanterns" && !f.reviewed)
    );
    let id = list.items[0].id;
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/staff/vote-flags/{id}"),
            Some(&staff.access_token),
        )
        .json(&json!({"resolution": "a shared office network"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(
        flags(&app, &staff.access_token)
            .await
            .items
            .iter()
            .any(|f| f.id == id && f.reviewed)
    );
    let member = app.register("nosy").await;
    let res = app
        .request(
            Method::GET,
            "/api/v1/staff/vote-flags",
            Some(&member.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
}

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

async fn create_poll(app: &TestApp, token: &str, body: &serde_json::Value) -> Poll {
    let res = app
        .request(Method::POST, "/api/v1/polls", Some(token))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn ballot(app: &TestApp, token: &str, poll: i64, choices: &[i64]) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/polls/{poll}/ballot"),
        Some(token),
    )
    .json(&json!({"choices": choices}))
    .send()
    .await
    .unwrap()
}

async fn invited_only_polls_refuse_others(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let p = create_poll(
        &app,
        &staff.access_token,
        &poll_body("single", "invited", true, 3600),
    )
    .await;
    let guest = app.register("guest").await;
    let other = app.register("other").await;
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/polls/{}/invites", p.id),
            Some(&staff.access_token),
        )
        .json(&json!({"handles": ["@Guest", "nobody_here"]}))
        .send()
        .await
        .unwrap();
    let inv: atelier_api::InviteResult = res.json().await.unwrap();
    assert_eq!(inv.invited, vec!["guest"]);
    assert_eq!(inv.unknown, vec!["nobody_here"]);
    let o = p.options[0].id;
    assert_error(
        ballot(&app, &other.access_token, p.id, &[o]).await,
        403,
        "not_invited",
    )
    .await;
    let res = ballot(&app, &guest.access_token, p.id, &[o]).await;
    assert_eq!(res.status(), 200);
    let after: Poll = res.json().await.unwrap();
    assert_eq!(after.my_ballot, Some(vec![o]));
    let seen_by_other: Poll = app
        .request(
            Method::GET,
            &format!("/api/v1/polls/{}", p.id),
            Some(&other.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!seen_by_other.can_vote);
    // Single choice means one option.
    assert_error(
        ballot(&app, &guest.access_token, p.id, &[o, p.options[1].id]).await,
        422,
        "invalid_choice",
    )
    .await;
    assert_error(
        ballot(&app, &guest.access_token, p.id, &[12345]).await,
        422,
        "invalid_choice",
    )
    .await;
    assert_error(
        ballot(&app, &staff.access_token, p.id, &[o]).await,
        403,
        "forbidden",
    )
    .await;
}

async fn ranked_polls_count_by_instant_runoff_and_the_export_recounts(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let p = create_poll(
        &app,
        &staff.access_token,
        &poll_body("ranked", "all_members", true, 3),
    )
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
        let v = app.register(&format!("taster_{i}")).await;
        let res = ballot(&app, &v.access_token, p.id, choices).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    let member = app.register("curious").await;
    let res = app
        .request(
            Method::GET,
            &format!("/api/v1/polls/{}/results", p.id),
            Some(&member.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "results_not_published").await;
    tokio::time::sleep(std::time::Duration::from_millis(3200)).await;
    let r: PollResults = app
        .get(&format!("/api/v1/polls/{}/results", p.id))
        .await
        .json()
        .await
        .unwrap();
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
    assert_error(
        ballot(&app, &member.access_token, p.id, &[a]).await,
        409,
        "poll_not_open",
    )
    .await;

    // The export recounts to the published result.
    let res = app
        .request(
            Method::GET,
            &format!("/api/v1/polls/{}/ballots.csv", p.id),
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    assert!(!csv.contains("taster"), "the export names no voter");
    let (options, parsed) = atelier::voting::polls::parse_csv(&csv).unwrap();
    assert_eq!(options, vec![a, b, c, d]);
    let mut sorted_parsed = parsed.clone();
    sorted_parsed.sort();
    let mut sorted_cast = ballots.clone();
    sorted_cast.sort();
    assert_eq!(sorted_parsed, sorted_cast);
    let labelled: Vec<(i64, String)> = options.iter().map(|o| (*o, String::new())).collect();
    let recount =
        atelier::voting::polls::count(p.id, atelier_api::PollMethod::Ranked, &labelled, &parsed);
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
    let res = app
        .request(
            Method::GET,
            &format!("/api/v1/polls/{}/ballots.csv", p.id),
            Some(&member.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
}

async fn one_ballot_per_member_under_concurrency_and_final_ballots_stay(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let p = create_poll(
        &app,
        &staff.access_token,
        &poll_body("approval", "all_members", false, 3600),
    )
    .await;
    let voter = app.register("voter").await;
    let (a, b) = (p.options[0].id, p.options[1].id);
    let futures = (0..100).map(|_| {
        let app = &app;
        let token = voter.access_token.clone();
        async move { ballot(app, &token, p.id, &[a, b]).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(futures).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let n = atelier::entities::ballot::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    // The same ballot again is idempotent; another one is refused.
    assert_eq!(
        ballot(&app, &voter.access_token, p.id, &[a, b])
            .await
            .status(),
        200
    );
    assert_error(
        ballot(&app, &voter.access_token, p.id, &[a]).await,
        409,
        "ballot_final",
    )
    .await;
    let staff_results: PollResults = app
        .request(
            Method::GET,
            &format!("/api/v1/polls/{}/results", p.id),
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    let staff = app.user_with_role("lin", Role::Staff).await;
    let mut later = poll_body("ranked", "all_members", true, 7200);
    later["opens_at"] = json!(Utc::now() + Duration::hours(1));
    let scheduled = create_poll(&app, &staff.access_token, &later).await;
    let mut edited = later.clone();
    edited["question"] = json!("Which name for the oolong?");
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/polls/{}", scheduled.id),
            Some(&staff.access_token),
        )
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let open = create_poll(
        &app,
        &staff.access_token,
        &poll_body("ranked", "all_members", true, 3600),
    )
    .await;
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/polls/{}", open.id),
            Some(&staff.access_token),
        )
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "poll_locked").await;
    let mut bad = poll_body("approval", "all_members", true, 3600);
    bad["max_choices"] = json!(9);
    let res = app
        .request(Method::POST, "/api/v1/polls", Some(&staff.access_token))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_error(res, 422, "invalid_max_choices").await;
    let member = app.register("member").await;
    let res = app
        .request(Method::POST, "/api/v1/polls", Some(&member.access_token))
        .json(&later)
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
    let list: atelier_api::PollList = app.get("/api/v1/polls").await.json().await.unwrap();
    assert_eq!(list.items.len(), 2);
}

/// Staff actions read before they write inside one transaction. Run at once,
/// none may fail: on SQLite a deferred transaction would hit
/// SQLITE_BUSY_SNAPSHOT (a 500) when another writer committed in between.
async fn concurrent_read_then_write_transactions_all_succeed(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let p = create_poll(
        &app,
        &staff.access_token,
        &poll_body("single", "invited", true, 3600),
    )
    .await;
    app.register("guest").await;
    let path = format!("/api/v1/polls/{}/invites", p.id);
    let requests = (0..24).map(|_| {
        app.request(Method::POST, &path, Some(&staff.access_token))
            .json(&json!({"handles": ["guest"]}))
            .send()
    });
    let statuses: Vec<u16> = futures::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}
