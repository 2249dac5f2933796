//! Results people can see and voting basics: winners first in a finished
//! gallery, placements on entries and profiles, covers on challenge cards,
//! clearing a vote, previous / next in the gallery's order, the "voted"
//! marker, and entries that cannot be withdrawn once voting has started
//! (staff disqualify instead, with a reason only the author and staff see).

use atelier_api::{
    ChallengeList, ChallengeResults, EntryDetail, EntryNeighbours, EntryPage, MyEntryList, MyVote,
    PublicProfile,
};
use serde_json::json;

use crate::both_databases;
use crate::content_locale::get_in;
use crate::helpers::{ANON, Db, TestApp, User, png_bytes, spawn};
use crate::voting::voting_challenge;

both_databases!(
    withdrawing_is_refused_once_voting_has_started,
    clearing_a_vote_takes_it_out_of_the_tally,
    a_finished_gallery_lists_winners_first_and_entries_show_their_placement,
    the_challenge_list_carries_the_cover,
    profile_works_link_their_entry_and_carry_the_challenge_title,
    a_disqualification_reason_is_shown_to_the_author_only,
    neighbours_follow_the_gallery_order_and_cards_mark_votes,
);

async fn entry(app: &TestApp, id: i64, who: Option<&User>) -> EntryDetail {
    app.get_json(
        &format!("/api/v1/entries/{id}"),
        who.map(|u| u.token.as_str()),
    )
    .await
    .expect_status(200)
    .json()
}

async fn results(app: &TestApp, slug: &str) -> ChallengeResults {
    app.get_json(&format!("/api/v1/challenges/{slug}/results"), ANON)
        .await
        .expect_status(200)
        .json()
}

async fn withdrawing_is_refused_once_voting_has_started(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let author = app.as_member("author").await;
    let early = app
        .new_entry(&author, "lanterns", "Early", png_bytes(100, 100))
        .await;
    let late = app
        .new_entry(&author, "lanterns", "Late", png_bytes(140, 100))
        .await;
    // Before voting: the author may withdraw, and is told so.
    let d = entry(&app, early.id, Some(&author)).await;
    assert!(d.editable && d.withdrawable, "{d:?}");
    app.delete(&format!("/api/v1/entries/{}", early.id), &author)
        .await
        .expect_status(204);
    // Voting has started: votes would be thrown away, so it is refused.
    app.override_phase(&staff, "lanterns", Some("voting")).await;
    let voter = app.as_member("voter").await;
    app.vote(&voter, late.id, 5).await.expect_status(200);
    let d = entry(&app, late.id, Some(&author)).await;
    assert!(d.editable && !d.withdrawable, "{d:?}");
    app.delete(&format!("/api/v1/entries/{}", late.id), &author)
        .await
        .expect_error(409, "withdraw_closed");
    let d = entry(&app, late.id, Some(&author)).await;
    assert_eq!(d.status, atelier_api::EntryStatus::Visible);
    // Edits are still allowed during voting.
    app.patch_json(
        &format!("/api/v1/entries/{}", late.id),
        &json!({"title": "Late, renamed"}),
        &author,
    )
    .await
    .expect_status(200);
    // After voting closes the old refusal stands.
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.delete(&format!("/api/v1/entries/{}", late.id), &author)
        .await
        .expect_error(409, "voting_closed");
}

async fn clearing_a_vote_takes_it_out_of_the_tally(db: Db) {
    let app = spawn(db).await;
    let (staff, author, ids) = voting_challenge(&app, "lanterns", 2).await;
    let (a, b) = (
        app.as_member("voter_a").await,
        app.as_member("voter_b").await,
    );
    app.vote(&a, ids[0], 5).await.expect_status(200);
    app.vote(&b, ids[0], 1).await.expect_status(200);
    let path = format!("/api/v1/entries/{}/vote", ids[0]);
    let cleared: MyVote = app.delete(&path, &a).await.expect_status(200).json();
    assert_eq!((cleared.score, cleared.can_vote), (None, true));
    let mine: MyVote = app.get_json(&path, &a).await.json();
    assert_eq!(mine.score, None);
    // Clearing again changes nothing; others' votes stay.
    app.delete(&path, &a).await.expect_status(200);
    app.delete(&path, ANON)
        .await
        .expect_error(401, "unauthenticated");
    app.delete(&path, &author)
        .await
        .expect_error(403, "own_entry");
    app.delete(&path, &staff)
        .await
        .expect_error(403, "forbidden");
    app.override_phase(&staff, "lanterns", Some("results"))
        .await;
    let r = results(&app, "lanterns").await;
    let first = r.ranking.iter().find(|e| e.entry.id == ids[0]).unwrap();
    assert_eq!(first.votes, 1, "{r:?}");
    assert!((first.mean - 1.0).abs() < 1e-9);
    // Once voting is over a vote cannot be taken back.
    app.delete(&format!("/api/v1/entries/{}/vote", ids[0]), &b)
        .await
        .expect_error(409, "voting_not_open");
}

async fn a_finished_gallery_lists_winners_first_and_entries_show_their_placement(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 4).await;
    let voter = app.as_member("voter").await;
    app.vote(&voter, ids[1], 5).await.expect_status(200);
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [ids[0], ids[2]], "reason": "jury decision"}),
        &staff,
    )
    .await
    .expect_status(200);
    // Closed: winners are not public yet; newest first, no places.
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    assert_eq!(
        page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[3], ids[2], ids[1], ids[0]]
    );
    assert!(page.items.iter().all(|c| c.winner_place.is_none()));
    assert_eq!(entry(&app, ids[0], None).await.placement, None);

    app.override_phase(&staff, "lanterns", Some("results"))
        .await;
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    let order: Vec<(i64, Option<i32>)> =
        page.items.iter().map(|c| (c.id, c.winner_place)).collect();
    assert_eq!(
        order,
        vec![
            (ids[0], Some(1)),
            (ids[2], Some(2)),
            (ids[3], None),
            (ids[1], None)
        ]
    );
    // Paging keeps the order: two pages of two.
    let first: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries?limit=2", ANON)
        .await
        .json();
    let cursor = first.next_cursor.clone().unwrap();
    let second: EntryPage = app
        .get_json(
            &format!("/api/v1/challenges/lanterns/entries?limit=2&cursor={cursor}"),
            ANON,
        )
        .await
        .json();
    let paged: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|c| c.id)
        .collect();
    assert_eq!(paged, vec![ids[0], ids[2], ids[3], ids[1]]);
    assert_eq!(second.next_cursor, None);

    // The entry pages say where each finished.
    let r = results(&app, "lanterns").await;
    let rank_of = |id: i64| r.ranking.iter().find(|e| e.entry.id == id).unwrap().rank;
    let gold = entry(&app, ids[0], None).await.placement.unwrap();
    assert_eq!(
        (gold.rank, gold.of, gold.winner_place),
        (rank_of(ids[0]), 4, Some(1))
    );
    let top = entry(&app, ids[1], None).await.placement.unwrap();
    assert_eq!((top.rank, top.winner_place), (1, None), "{r:?}");
}

async fn the_challenge_list_carries_the_cover(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    app.open_challenge("kites", 1).await;
    app.upload_cover(&staff, "lanterns", png_bytes(400, 200))
        .await
        .expect_status(200);
    let list: ChallengeList = app.get_json("/api/v1/challenges", ANON).await.json();
    let cover = |slug: &str| {
        list.items
            .iter()
            .find(|c| c.slug == slug)
            .unwrap()
            .cover_url
            .clone()
    };
    let url = cover("lanterns").expect("the list names the cover");
    assert!(url.starts_with("/api/v1/media/covers/"), "{url}");
    assert_eq!(cover("kites"), None);
    // The URL serves the image, and the detail says the same.
    let res = app.get(&url).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/")
    );
    let detail: serde_json::Value = app
        .get_json("/api/v1/challenges/lanterns", ANON)
        .await
        .json();
    assert_eq!(detail["cover_url"], json!(url));
}

async fn profile_works_link_their_entry_and_carry_the_challenge_title(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("staff").await;
    let mut body = crate::helpers::challenge_body("lanterns", -1);
    body["title"] = json!("Lantern Festival");
    body["translations"] = json!({"zh-TW": {"title": "元宵燈籠"}});
    app.create_challenge(&staff, &body).await;
    let mei = app.as_member("mei").await;
    let e = app
        .new_entry(&mei, "lanterns", "Paper moon", png_bytes(120, 100))
        .await;
    let en: PublicProfile = get_in(&app, "/api/v1/users/mei", "en", None).await.json();
    assert_eq!(en.works.len(), 1);
    let w = &en.works[0];
    assert_eq!((w.id, w.challenge_slug.as_str()), (e.id, "lanterns"));
    assert_eq!(w.challenge_title, "Lantern Festival");
    assert_eq!(w.winner_place, None);
    let zh = get_in(&app, "/api/v1/users/mei", "zh-TW", None).await;
    assert_eq!(zh.header("content-language"), Some("zh-TW"));
    let zh: PublicProfile = zh.json();
    assert_eq!(zh.works[0].challenge_title, "元宵燈籠");
    // Once the results are out, a winning work says so.
    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.put_json(
        "/api/v1/challenges/lanterns/winners",
        &json!({"entries": [e.id], "reason": "jury decision"}),
        &staff,
    )
    .await
    .expect_status(200);
    let closed: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(closed.works[0].winner_place, None);
    app.override_phase(&staff, "lanterns", Some("results"))
        .await;
    let done: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(done.works[0].winner_place, Some(1));
}

async fn a_disqualification_reason_is_shown_to_the_author_only(db: Db) {
    let app = spawn(db).await;
    let (staff, author, ids) = voting_challenge(&app, "lanterns", 2).await;
    let other = app.as_member("other").await;
    let path = format!("/api/v1/staff/entries/{}/disqualify", ids[0]);
    app.post_json(&path, &json!({"reason": "x"}), &staff)
        .await
        .expect_error(422, "reason_required");
    app.post_json(&path, &json!({"reason": "traced from a photo"}), &other)
        .await
        .expect_error(403, "forbidden");
    app.post_json(&path, &json!({"reason": "traced from a photo"}), &staff)
        .await
        .expect_status(204);
    app.post_json(&path, &json!({"reason": "traced from a photo"}), &staff)
        .await
        .expect_error(409, "entry_closed");
    let mine = entry(&app, ids[0], Some(&author)).await;
    assert_eq!(mine.status, atelier_api::EntryStatus::Disqualified);
    assert_eq!(mine.status_reason.as_deref(), Some("traced from a photo"));
    assert!(!mine.editable && !mine.withdrawable);
    let list: MyEntryList = app.get_json("/api/v1/me/entries", &author).await.json();
    let row = list.items.iter().find(|e| e.entry.id == ids[0]).unwrap();
    assert_eq!(row.status_reason.as_deref(), Some("traced from a photo"));
    assert_eq!(
        entry(&app, ids[0], Some(&staff))
            .await
            .status_reason
            .as_deref(),
        Some("traced from a photo")
    );
    // Nobody else sees the entry at all, let alone the reason.
    app.get_json(&format!("/api/v1/entries/{}", ids[0]), &other)
        .await
        .expect_error(404, "not_found");
    app.get_json(&format!("/api/v1/entries/{}", ids[0]), ANON)
        .await
        .expect_error(404, "not_found");
    // It left the gallery; the audit log has the reason.
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    assert_eq!(
        page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    let audit = app.audit_log(&staff).await;
    assert_eq!(audit.items[0].action, "entry.disqualify");
    assert!(audit.items[0].detail.contains("traced from a photo"));
    // Entries staff left alone carry no reason.
    let other_entry = entry(&app, ids[1], Some(&author)).await;
    assert_eq!(other_entry.status_reason, None);
}

async fn neighbours_follow_the_gallery_order_and_cards_mark_votes(db: Db) {
    let app = spawn(db).await;
    let (staff, _, ids) = voting_challenge(&app, "lanterns", 4).await;
    let voter = app.as_member("voter").await;
    app.vote(&voter, ids[2], 4).await.expect_status(200);
    // During voting: the viewer's own shuffle, and their vote on its card.
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", &voter)
        .await
        .json();
    let shuffled: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    for card in &page.items {
        let want = (card.id == ids[2]).then_some(4);
        assert_eq!(card.my_vote, want, "{card:?}");
    }
    let anon: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    assert!(anon.items.iter().all(|c| c.my_vote.is_none()));
    let n: EntryNeighbours = app
        .get_json(
            &format!("/api/v1/entries/{}/neighbours", shuffled[1]),
            &voter,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(n.previous.map(|l| l.id), Some(shuffled[0]));
    assert_eq!(n.next.map(|l| l.id), Some(shuffled[2]));
    assert_eq!((n.position, n.total), (2, 4));
    // Anonymous viewers pass their seed, as the gallery did.
    let anon_seeded: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries?seed=abc", ANON)
        .await
        .json();
    let order: Vec<i64> = anon_seeded.items.iter().map(|c| c.id).collect();
    let n: EntryNeighbours = app
        .get_json(
            &format!("/api/v1/entries/{}/neighbours?seed=abc", order[0]),
            ANON,
        )
        .await
        .json();
    assert_eq!((n.previous, n.next.map(|l| l.id)), (None, Some(order[1])));
    // After results, the ranked order with a tag filter.
    app.override_phase(&staff, "lanterns", Some("results"))
        .await;
    let ranked: EntryPage = app
        .get_json(
            "/api/v1/challenges/lanterns/entries?sort=rank&tag=lantern",
            ANON,
        )
        .await
        .json();
    let order: Vec<i64> = ranked.items.iter().map(|c| c.id).collect();
    assert_eq!(order[0], ids[2]);
    let last = *order.last().unwrap();
    let n: EntryNeighbours = app
        .get_json(
            &format!("/api/v1/entries/{last}/neighbours?sort=rank&tag=lantern"),
            ANON,
        )
        .await
        .json();
    assert_eq!(n.previous.map(|l| l.id), Some(order[order.len() - 2]));
    assert_eq!((n.next, n.position, n.total), (None, 4, 4));
    // A tag the entry does not have: it is not in that listing.
    let n: EntryNeighbours = app
        .get_json(&format!("/api/v1/entries/{last}/neighbours?tag=kite"), ANON)
        .await
        .json();
    assert_eq!(
        (n.position, n.total, n.previous, n.next),
        (0, 0, None, None)
    );
    app.get_json(
        &format!("/api/v1/entries/{last}/neighbours?sort=best"),
        ANON,
    )
    .await
    .expect_error(400, "invalid_sort");
    app.get_json("/api/v1/entries/999999/neighbours", ANON)
        .await
        .expect_error(404, "not_found");
}
