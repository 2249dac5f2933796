//! Group-committed votes and ballots: many concurrent writes share one
//! transaction, each request answers only after its batch committed, a
//! later write of the same vote in a batch wins, and a batch that fails
//! answers errors to all its requests and leaves none of them written.

use std::time::{Duration, Instant};

use atelier::auth::jwt::JwtKeys;
use atelier::entities::{ballot, user, vote};
use atelier_api::{Poll, Role};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, TestApp, User, spawn, spawn_with};
use crate::voting::voting_challenge;

both_databases!(
    two_hundred_voters_at_once_leave_two_hundred_votes,
    one_voter_twenty_times_at_once_leaves_one_acknowledged_score,
    a_later_vote_in_the_same_batch_wins,
    a_failing_batch_acknowledges_none_of_its_writes,
    concurrent_final_ballots_keep_the_acknowledged_one,
    a_vote_queued_before_voting_closed_is_refused_when_written,
);

/// `n` members created straight in the database (no password hashing), a
/// month old, with access tokens signed by the app's key.
pub async fn voters(app: &TestApp, prefix: &str, n: usize) -> Vec<User> {
    let old = Utc::now() - chrono::Duration::days(30);
    let rows = (0..n).map(|i| user::ActiveModel {
        email: Set(format!("{prefix}{i}@example.test")),
        handle: Set(format!("{prefix}{i}")),
        display_name: Set(format!("{prefix} {i}")),
        password_hash: Set("not-a-hash".into()),
        role: Set(Role::Member.as_str().into()),
        bio: Set(String::new()),
        created_at: Set(old),
        updated_at: Set(old),
        ..Default::default()
    });
    user::Entity::insert_many(rows.collect::<Vec<_>>())
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    let secret = app.settings.auth.jwt_secret.as_ref().unwrap();
    let keys = JwtKeys::new(secret.expose_secret().as_bytes(), &app.settings);
    let mut made: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Handle.starts_with(prefix))
        .all(&app.db)
        .await
        .unwrap();
    made.sort_by_key(|u| u.id);
    made.into_iter()
        .map(|u| User {
            id: u.id,
            token: keys.issue(u.id, Role::Member).unwrap(),
            handle: u.handle,
        })
        .collect()
}

async fn votes_on(app: &TestApp, entry: i64) -> Vec<vote::Model> {
    vote::Entity::find()
        .filter(vote::Column::SubmissionId.eq(entry))
        .all(&app.db)
        .await
        .unwrap()
}

async fn two_hundred_voters_at_once_leave_two_hundred_votes(db: Db) {
    let app = spawn(db).await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let entry = ids[0];
    let voters = voters(&app, "v", 200).await;
    let answers = futures::future::join_all(voters.iter().enumerate().map(|(i, v)| {
        let app = &app;
        async move {
            let score = (i % 5 + 1) as i16;
            (
                v.id,
                score,
                app.vote(v, entry, score).await.status().as_u16(),
            )
        }
    }))
    .await;
    let failed: Vec<_> = answers.iter().filter(|a| a.2 != 200).collect();
    assert!(
        failed.is_empty(),
        "{} answers were not 200: {failed:?}",
        failed.len()
    );
    let rows = votes_on(&app, entry).await;
    assert_eq!(rows.len(), 200);
    for (voter, score, _) in answers {
        let row = rows.iter().find(|r| r.voter_id == voter).unwrap();
        assert_eq!(row.score, score, "voter {voter}");
    }
}

async fn one_voter_twenty_times_at_once_leaves_one_acknowledged_score(db: Db) {
    let app = spawn(db).await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let entry = ids[0];
    let voter = app.as_member("voter").await;
    let answers = futures::future::join_all((0..20).map(|i| {
        let (app, voter) = (&app, &voter);
        async move {
            let score = (i % 5 + 1) as i16;
            (score, app.vote(voter, entry, score).await.status().as_u16())
        }
    }))
    .await;
    assert!(answers.iter().all(|a| a.1 == 200), "{answers:?}");
    let rows = votes_on(&app, entry).await;
    assert_eq!(rows.len(), 1);
    assert!(
        answers.iter().any(|a| a.0 == rows[0].score),
        "the stored score {} was never acknowledged: {answers:?}",
        rows[0].score
    );
}

/// Two votes of one member on one entry in one batch (a long window holds
/// the batch open): both are acknowledged, the one queued later stands.
async fn a_later_vote_in_the_same_batch_wins(db: Db) {
    let app = spawn_with(db, |s| s.voting.batch_window_ms = 1500).await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let entry = ids[0];
    let voter = app.as_member("voter").await;
    let started = Instant::now();
    let first = async {
        let a = app.vote(&voter, entry, 2).await;
        (a.status().as_u16(), started.elapsed())
    };
    let second = async {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let sent = started.elapsed();
        let a = app.vote(&voter, entry, 4).await;
        (a.status().as_u16(), sent)
    };
    let ((s1, first_answered), (s2, second_sent)) = tokio::join!(first, second);
    assert_eq!((s1, s2), (200, 200));
    assert!(
        first_answered > second_sent,
        "the first vote was answered ({first_answered:?}) before the second was sent \
         ({second_sent:?}): they did not share a batch"
    );
    let rows = votes_on(&app, entry).await;
    assert_eq!(
        rows.iter().map(|r| r.score).collect::<Vec<_>>(),
        vec![4],
        "the later vote stands"
    );
}

/// Makes the database refuse any vote by `voter`: on PostgreSQL when the
/// transaction commits (a deferred constraint trigger), on SQLite (which
/// has no deferred triggers) when the row is inserted.
async fn poison_votes_of(app: &TestApp, db: Db, voter: i64) {
    let statements = match db {
        Db::Postgres => vec![
            format!(
                "CREATE FUNCTION refuse_poisoned_vote() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN IF NEW.voter_id = {voter} THEN RAISE EXCEPTION 'injected commit failure'; \
                 END IF; RETURN NULL; END $$"
            ),
            "CREATE CONSTRAINT TRIGGER poisoned_vote AFTER INSERT OR UPDATE ON votes \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_vote()"
                .to_owned(),
        ],
        Db::Sqlite => vec![format!(
            "CREATE TRIGGER poisoned_vote BEFORE INSERT ON votes WHEN NEW.voter_id = {voter} \
             BEGIN SELECT RAISE(ABORT, 'injected write failure'); END"
        )],
    };
    for s in statements {
        app.db.execute_unprepared(&s).await.unwrap();
    }
}

async fn a_failing_batch_acknowledges_none_of_its_writes(db: Db) {
    // One batch holds exactly the 21 votes: it closes when the 21st arrives.
    let app = spawn_with(db, |s| {
        s.voting.batch_window_ms = 5000;
        s.voting.batch_max = 21;
    })
    .await;
    let (_, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let entry = ids[0];
    let voters = voters(&app, "v", 21).await;
    poison_votes_of(&app, db, voters[10].id).await;
    let answers = futures::future::join_all(voters.iter().map(|v| {
        let app = &app;
        async move {
            let a = app.vote(v, entry, 3).await;
            (a.status().as_u16(), a.error_code())
        }
    }))
    .await;
    assert!(
        answers.iter().all(|a| *a == (500, "internal".to_owned())),
        "every request of the failed batch gets the error: {answers:?}"
    );
    assert!(
        votes_on(&app, entry).await.is_empty(),
        "nothing was written"
    );
    // The writer carries on with the next batch.
    let drop = match db {
        Db::Postgres => "DROP TRIGGER poisoned_vote ON votes",
        Db::Sqlite => "DROP TRIGGER poisoned_vote",
    };
    app.db.execute_unprepared(drop).await.unwrap();
    let again = futures::future::join_all(voters.iter().map(|v| {
        let app = &app;
        async move { app.vote(v, entry, 4).await.status().as_u16() }
    }))
    .await;
    assert!(again.iter().all(|s| *s == 200), "{again:?}");
    assert_eq!(votes_on(&app, entry).await.len(), 21);
}

/// A poll whose ballots are final: one member sends ten ballots at once,
/// two different ones. Exactly one kind is acknowledged (sending it again is
/// fine), the other is `ballot_final`, and the stored ballot is the
/// acknowledged one.
async fn concurrent_final_ballots_keep_the_acknowledged_one(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let p: Poll = app
        .create_poll(
            &staff,
            &json!({
                "question": "Which name?",
                "product": "Oolong",
                "description": "",
                "method": "ranked",
                "eligibility": "all_members",
                "allow_change": false,
                "opens_at": Utc::now() - chrono::Duration::minutes(1),
                "closes_at": Utc::now() + chrono::Duration::hours(1),
                "options": [{"label": "Cloud"}, {"label": "Dusk"}, {"label": "Jade"}],
            }),
        )
        .await;
    let opts: Vec<i64> = p.options.iter().map(|o| o.id).collect();
    let a = vec![opts[0], opts[1]];
    let b = vec![opts[2]];
    let voter = app.as_member("voter").await;
    let answers = futures::future::join_all((0..10).map(|i| {
        let (app, voter) = (&app, &voter);
        let choices = if i % 2 == 0 { a.clone() } else { b.clone() };
        async move {
            let ans = app.ballot(voter, p.id, &choices).await;
            (choices, ans.status().as_u16(), ans.error_code())
        }
    }))
    .await;
    let acked: Vec<&Vec<i64>> = answers
        .iter()
        .filter(|x| x.1 == 200)
        .map(|x| &x.0)
        .collect();
    assert!(!acked.is_empty(), "{answers:?}");
    assert!(acked.iter().all(|c| *c == acked[0]), "{answers:?}");
    assert!(
        answers
            .iter()
            .filter(|x| x.1 != 200)
            .all(|x| x.1 == 409 && x.2 == "ballot_final" && x.0 != *acked[0]),
        "{answers:?}"
    );
    let rows = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(p.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        serde_json::from_str::<Vec<i64>>(&rows[0].choices).unwrap(),
        *acked[0]
    );
}

/// The entry lookup is cached while voting is open; a vote checked against
/// the cached entry after staff closed voting is refused by the writer,
/// which reads the challenge again in its transaction.
async fn a_vote_queued_before_voting_closed_is_refused_when_written(db: Db) {
    let app = spawn_with(db, |s| s.voting.lookup_cache_ms = 60_000).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 1).await;
    let entry = ids[0];
    let voter = app.as_member("voter").await;
    app.vote(&voter, entry, 5).await.expect_status(200);
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.vote(&voter, entry, 1)
        .await
        .expect_error(409, "voting_not_open");
    let rows = votes_on(&app, entry).await;
    assert_eq!(rows.iter().map(|r| r.score).collect::<Vec<_>>(), vec![5]);
}
