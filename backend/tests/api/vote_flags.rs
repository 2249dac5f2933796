//! Integrity flags on votes and ballots: shared addresses and bursts of new
//! accounts are flagged for staff, who review them and may discount a
//! challenge flag's votes from the results.

use atelier_api::ChallengeResults;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, TestApp, User, png_bytes, spawn_with};
use crate::voting::voting_challenge;

both_databases!(
    shared_addresses_and_new_account_bursts_are_flagged,
    discounting_a_burst_flag_takes_its_votes_out_of_the_results,
    poll_flags_can_be_reviewed_but_not_discounted,
);

async fn shared_addresses_and_new_account_bursts_are_flagged(db: Db) {
    let app = spawn_with(db, |s| {
        s.voting.shared_ip_threshold = 3;
        s.voting.burst_threshold = 4;
    })
    .await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 2).await;
    let v1 = app.as_member("v_one").await;
    let v2 = app.as_member("v_two").await;
    app.vote(&v1, ids[0], 5).await;
    app.vote(&v2, ids[0], 5).await;
    assert!(
        app.vote_flags(&staff).await.items.is_empty(),
        "two accounts, three votes: no flag yet"
    );
    let v3 = app.as_member("v_three").await;
    app.vote(&v3, ids[1], 5).await;
    app.vote(&v3, ids[0], 5).await;
    let list = app.vote_flags(&staff).await;
    let kinds: Vec<&str> = list.items.iter().map(|f| f.kind.as_str()).collect();
    assert!(kinds.contains(&"shared_ip"), "{list:?}");
    assert!(kinds.contains(&"new_account_burst"), "{list:?}");
    assert!(
        list.items
            .iter()
            .all(|f| f.scope == "challenge:lanterns" && !f.reviewed)
    );
    let id = list.items[0].id;
    app.post_json(
        &format!("/api/v1/staff/vote-flags/{id}"),
        &json!({"resolution": "a shared office network"}),
        &staff,
    )
    .await
    .expect_status(204);
    assert!(
        app.vote_flags(&staff)
            .await
            .items
            .iter()
            .any(|f| f.id == id && f.reviewed)
    );
    let member = app.as_member("nosy").await;
    app.get_json("/api/v1/staff/vote-flags", &member)
        .await
        .expect_error(403, "forbidden");
}

async fn results(app: &TestApp, staff: &User, slug: &str) -> ChallengeResults {
    app.get_json(&format!("/api/v1/challenges/{slug}/results"), staff)
        .await
        .expect_status(200)
        .json()
}

/// Registers `handle` and dates the account back three days.
async fn old_account(app: &TestApp, handle: &str) -> User {
    let user = app.as_member(handle).await;
    let u = atelier::entities::user::Entity::find_by_id(user.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::user::ActiveModel = u.into();
    am.created_at = Set(Utc::now() - Duration::days(3));
    am.update(&app.db).await.unwrap();
    user
}

async fn discounting_a_burst_flag_takes_its_votes_out_of_the_results(db: Db) {
    let app = spawn_with(db, |s| {
        s.voting.burst_threshold = 4;
        // Every test voter shares 127.0.0.1: keep the address flag out of it.
        s.voting.shared_ip_threshold = 1000;
    })
    .await;
    let staff = app.open_challenge("lanterns", 2).await;
    let author = app.as_member("author").await;
    let a = app
        .new_entry(&author, "lanterns", "A", png_bytes(100, 100))
        .await;
    let b = app
        .new_entry(&author, "lanterns", "B", png_bytes(110, 100))
        .await;
    app.override_phase(&staff, "lanterns", Some("voting")).await;
    for i in 0..3 {
        let o = old_account(&app, &format!("old{i}")).await;
        app.vote(&o, a.id, 4).await.expect_status(200);
    }
    let o = old_account(&app, "old_b").await;
    app.vote(&o, b.id, 3).await.expect_status(200);
    let before = results(&app, &staff, "lanterns").await;
    assert_eq!(before.ranking[0].entry.id, a.id);

    // A burst of brand-new accounts lifts B to the top and raises a flag.
    for i in 0..4 {
        let n = app.as_member(&format!("new{i}")).await;
        app.vote(&n, b.id, 5).await.expect_status(200);
    }
    let raised = results(&app, &staff, "lanterns").await;
    assert_eq!(raised.ranking[0].entry.id, b.id, "{raised:?}");
    assert_eq!(raised.ranking[0].votes, 5);
    let flags = app.vote_flags(&staff).await;
    let flag = flags
        .items
        .iter()
        .find(|f| f.kind == "new_account_burst")
        .unwrap_or_else(|| panic!("{flags:?}"));
    let review = format!("/api/v1/staff/vote-flags/{}", flag.id);
    app.post_json(
        &review,
        &json!({"decision": "discount", "resolution": " "}),
        &staff,
    )
    .await
    .expect_error(422, "reason_required");
    app.post_json(
        &review,
        &json!({"decision": "discount", "resolution": "sock puppets"}),
        &author,
    )
    .await
    .expect_error(403, "forbidden");
    app.post_json(
        &review,
        &json!({"decision": "discount", "resolution": "accounts made for this vote"}),
        &staff,
    )
    .await
    .expect_status(204);

    let after = results(&app, &staff, "lanterns").await;
    assert_eq!(after.ranking[0].entry.id, a.id, "{after:?}");
    let b_row = after.ranking.iter().find(|r| r.entry.id == b.id).unwrap();
    assert_eq!((b_row.votes, b_row.mean), (1, 3.0));
    // The votes themselves stay; they are only left out.
    let stored = atelier::entities::vote::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 8);

    let flags = app.vote_flags(&staff).await;
    let f = flags.items.iter().find(|f| f.id == flag.id).unwrap();
    assert!(f.reviewed);
    assert_eq!(f.discounted_votes, 4);
    assert_eq!(f.resolution.as_deref(), Some("accounts made for this vote"));

    let audit = app.audit_log(&staff).await;
    let row = audit
        .items
        .iter()
        .find(|e| e.action == "vote_flag.discount")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert_eq!(row.subject, "challenge:lanterns:new_account_burst");
    assert!(
        row.detail.starts_with("4 votes discounted"),
        "{}",
        row.detail
    );
    assert!(row.detail.contains("accounts made for this vote"));
    assert_eq!(row.actor_handle.as_deref(), Some("staff_lanterns"));
}

async fn poll_flags_can_be_reviewed_but_not_discounted(db: Db) {
    let app = spawn_with(db, |s| s.voting.shared_ip_threshold = 2).await;
    let staff = app.as_staff("lin").await;
    let poll = app
        .create_poll(
            &staff,
            &json!({
                "question": "Which name?",
                "product": "Oolong",
                "description": "Two names from the community.",
                "method": "single",
                "eligibility": "all_members",
                "allow_change": true,
                "opens_at": Utc::now() - Duration::minutes(1),
                "closes_at": Utc::now() + Duration::hours(1),
                "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
            }),
        )
        .await;
    for handle in ["p_one", "p_two"] {
        let m = app.as_member(handle).await;
        app.ballot(&m, poll.id, &[poll.options[0].id])
            .await
            .expect_status(200);
    }
    let flags = app.vote_flags(&staff).await;
    let flag = flags
        .items
        .iter()
        .find(|f| f.scope == format!("poll:{}", poll.id))
        .unwrap_or_else(|| panic!("{flags:?}"));
    let path = format!("/api/v1/staff/vote-flags/{}", flag.id);
    let review = |decision: &'static str| {
        let (app, path, staff) = (&app, &path, &staff);
        async move {
            let body = json!({ "decision": decision, "resolution": "one household" });
            app.post_json(path, &body, staff).await
        }
    };
    review("discount")
        .await
        .expect_error(422, "flag_not_discountable");
    review("dismiss").await.expect_status(204);
    review("ignore").await.expect_error(400, "invalid_json");
}
