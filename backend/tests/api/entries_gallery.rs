//! The gallery of a challenge: keyset pages, tag filters, and the shuffle
//! each viewer sees while voting is open.

use atelier_api::{EntryDetail, EntryPage};

use crate::both_databases;
use crate::helpers::{ANON, Db, png_bytes, spawn};

both_databases!(
    the_gallery_pages_by_keyset_and_filters_by_tag,
    voting_shows_each_viewer_a_stable_shuffle,
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
