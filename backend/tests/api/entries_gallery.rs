//! The gallery of a challenge: keyset pages, tag filters, and the shuffle
//! each viewer sees while voting is open.

use atelier_api::{EntryDetail, EntryNeighbours, EntryPage};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, png_bytes, spawn};

both_databases!(
    the_gallery_pages_by_keyset_and_filters_by_tag,
    voting_shows_each_viewer_a_stable_shuffle,
    the_voting_shuffle_pages_by_keyset_and_skips_what_left_the_gallery,
);

async fn the_gallery_pages_by_keyset_and_filters_by_tag(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 5).await;
    let mei = app.as_member("mei").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let tags = if i % 2 == 0 { "even" } else { "odd" };
        let e: EntryDetail = app
            .submit_entry(
                &mei,
                "lanterns",
                &format!("Entry {i}"),
                tags,
                png_bytes(120 + i, 90),
            )
            .await
            .expect_status(201)
            .json();
        ids.push(e.id);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/challenges/lanterns/entries?limit=2&cursor={c}"),
            None => "/api/v1/challenges/lanterns/entries?limit=2".to_owned(),
        };
        let page: EntryPage = app.get_json(&path, ANON).await.json();
        assert!(page.items.len() <= 2);
        pages += 1;
        seen.extend(page.items.iter().map(|c| c.id));
        assert!(
            page.items
                .iter()
                .all(|c| !c.thumbnail_url.is_empty() && c.thumbnail_width > 0)
        );
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);
    let odd: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries?tag=ODD", ANON)
        .await
        .json();
    assert_eq!(
        odd.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[3], ids[1]]
    );
    app.get_json("/api/v1/challenges/lanterns/entries?cursor=zzz", ANON)
        .await
        .expect_error(400, "invalid_cursor");
    app.get_json("/api/v1/challenges/lanterns/entries?sort=rank", ANON)
        .await
        .expect_error(409, "ranking_unavailable");
}

async fn voting_shows_each_viewer_a_stable_shuffle(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 8).await;
    let mei = app.as_member("mei").await;
    for i in 0..8 {
        app.new_entry(
            &mei,
            "lanterns",
            &format!("Entry {i}"),
            png_bytes(100 + i, 80),
        )
        .await;
    }
    app.override_phase(&staff, "lanterns", Some("voting")).await;
    let order = |seed: &'static str| {
        let app = &app;
        async move {
            let path = format!("/api/v1/challenges/lanterns/entries?sort=newest&seed={seed}");
            let page: EntryPage = app.get_json(&path, ANON).await.json();
            page.items.iter().map(|c| c.id).collect::<Vec<_>>()
        }
    };
    let a = order("viewer-a").await;
    assert_eq!(a, order("viewer-a").await, "stable for one viewer");
    let mut sorted = a.clone();
    sorted.sort();
    assert_eq!(sorted.len(), 8);
    let others = [
        order("viewer-b").await,
        order("viewer-c").await,
        order("viewer-d").await,
    ];
    assert!(
        others.iter().any(|o| *o != a),
        "viewers see different orders"
    );
    let newest: Vec<i64> = sorted.iter().rev().copied().collect();
    assert!(
        [&a, &others[0], &others[1], &others[2]]
            .iter()
            .any(|o| **o != newest),
        "voting ignores sort=newest"
    );
}

/// Pages of three through eleven entries during voting: every visible entry
/// exactly once, in the same order as one big page; a disqualified entry is
/// skipped; the tag filter and the entry page's neighbours follow the same
/// shuffle; an entry with no shuffle rows yet (made before they existed) is
/// placed by the start-up backfill.
async fn the_voting_shuffle_pages_by_keyset_and_skips_what_left_the_gallery(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 12).await;
    let mei = app.as_member("mei").await;
    let mut ids = Vec::new();
    for i in 0..11u32 {
        let tags = if i % 2 == 0 { "even" } else { "odd" };
        let e: EntryDetail = app
            .submit_entry(
                &mei,
                "lanterns",
                &format!("Entry {i}"),
                tags,
                png_bytes(100 + i, 80),
            )
            .await
            .expect_status(201)
            .json();
        ids.push(e.id);
    }
    // Made "before the table": its rows are removed, then the backfill
    // places it again.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    atelier::entities::gallery_shuffle::Entity::delete_many()
        .filter(atelier::entities::gallery_shuffle::Column::SubmissionId.eq(ids[3]))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(
        atelier::entries::shuffles::backfill(&app.db).await.unwrap(),
        1
    );
    app.post_json(
        &format!("/api/v1/staff/entries/{}/disqualify", ids[5]),
        &json!({"reason": "traced"}),
        &staff,
    )
    .await
    .expect_status(204);
    app.override_phase(&staff, "lanterns", Some("voting")).await;

    let walk = |limit: u32, tag: &'static str| {
        let app = &app;
        async move {
            let mut seen = Vec::new();
            let mut cursor = String::new();
            loop {
                let path = format!(
                    "/api/v1/challenges/lanterns/entries?seed=walker&limit={limit}&tag={tag}&cursor={cursor}"
                );
                let page: EntryPage = app.get_json(&path, ANON).await.json();
                assert!(page.items.len() <= limit as usize);
                seen.extend(page.items.iter().map(|c| c.id));
                match page.next_cursor {
                    Some(c) => cursor = c,
                    None => break,
                }
            }
            seen
        }
    };
    let whole = walk(100, "").await;
    assert_eq!(walk(3, "").await, whole, "pages of 3 walk the same order");
    let mut sorted = whole.clone();
    sorted.sort();
    let mut expected: Vec<i64> = ids.iter().copied().filter(|id| *id != ids[5]).collect();
    expected.sort();
    assert_eq!(
        sorted, expected,
        "every visible entry once, the disqualified one not"
    );

    let even: Vec<i64> = whole
        .iter()
        .copied()
        .filter(|id| ids.iter().position(|x| x == id).unwrap() % 2 == 0)
        .collect();
    assert_eq!(
        walk(2, "even").await,
        even,
        "the tag keeps the shuffle's order"
    );

    for (i, id) in whole.iter().enumerate() {
        let n: EntryNeighbours = app
            .get_json(
                &format!("/api/v1/entries/{id}/neighbours?seed=walker"),
                ANON,
            )
            .await
            .json();
        assert_eq!(n.position as usize, i + 1);
        assert_eq!(n.total as usize, whole.len());
        assert_eq!(n.previous.map(|l| l.id), i.checked_sub(1).map(|p| whole[p]));
        assert_eq!(n.next.map(|l| l.id), whole.get(i + 1).copied());
    }

    app.get_json("/api/v1/challenges/lanterns/entries?cursor=s12", ANON)
        .await
        .expect_status(400);
}
