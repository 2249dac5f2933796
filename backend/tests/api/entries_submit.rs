//! Submitting entries: renditions and originals, the per-member limit under
//! concurrent uploads, edits and withdrawal, challenge rules, and the shared
//! corpus of test images.

use atelier_api::{EntryDetail, EntryPage, MyEntryList, PublicProfile};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{
    ANON, Answered, Db, challenge_body, files_under, images_dir, png_bytes, spawn, test_image,
};

both_databases!(
    a_member_submits_and_the_entry_is_served_in_renditions,
    originals_are_only_for_the_author_and_staff,
    the_entry_limit_holds_under_concurrent_uploads,
    withdrawing_frees_a_slot_and_edits_stop_when_voting_closes,
    challenge_rules_and_phases_are_enforced,
    every_test_image_is_accepted_or_refused_with_a_4xx,
);

async fn a_member_submits_and_the_entry_is_served_in_renditions(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 3).await;
    let mei = app.as_member("mei").await;
    let e = app
        .new_entry(
            &mei,
            "lanterns",
            "Red lantern",
            test_image("jpg__exif-xmp-metadata.jpg"),
        )
        .await;
    assert_eq!(e.title, "Red lantern");
    assert_eq!(e.tags, vec!["lantern", "red"]);
    assert!(e.is_mine && e.editable);
    assert!(e.display_width <= 1600 && e.display_height <= 1600);
    for url in [&e.display_url, &e.thumbnail_url] {
        let res = app.get(url).await;
        assert_eq!(res.status(), 200, "{url}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("image/"), "{ct}");
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(res.headers().contains_key("etag"));
        let bytes = res.bytes().await.unwrap();
        assert!(image::load_from_memory(&bytes).is_ok());
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{url} has EXIF");
    }
    // Anyone sees the entry; my entries and my public profile list it.
    let public: EntryDetail = app
        .get_json(&format!("/api/v1/entries/{}", e.id), ANON)
        .await
        .json();
    assert!(!public.is_mine && public.original_url.is_none());
    let mine: MyEntryList = app.get_json("/api/v1/me/entries", &mei).await.json();
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].challenge_slug, "lanterns");
    let profile: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(profile.works.len(), 1);
}

async fn originals_are_only_for_the_author_and_staff(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let mei = app.as_member("mei").await;
    let hao = app.as_member("hao").await;
    let e = app
        .new_entry(
            &mei,
            "lanterns",
            "Lantern",
            test_image("jpg__exif-xmp-metadata.jpg"),
        )
        .await;
    let url = e.original_url.unwrap();
    let res = app.get_json(&url, &mei).await.expect_status(200);
    assert_eq!(
        res.header("content-disposition"),
        Some(format!("attachment; filename=\"entry-{}-original.jpg\"", e.id).as_str())
    );
    assert!(
        !res.body.windows(4).any(|w| w == b"Exif"),
        "original still has EXIF"
    );
    app.get_json(&url, &staff).await.expect_status(200);
    app.get_json(&url, &hao)
        .await
        .expect_error(404, "not_found");
    app.get_json(&url, ANON)
        .await
        .expect_error(401, "unauthenticated");
    // Not through the public media route either.
    let key_url = e.display_url.replace("display.", "original.");
    app.get_json(&key_url, ANON)
        .await
        .expect_error(404, "not_found");
}

async fn the_entry_limit_holds_under_concurrent_uploads(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let futures = (0..6).map(|i| {
        let (app, mei) = (&app, &mei);
        async move {
            app.submit_entry(
                mei,
                "lanterns",
                &format!("Try {i}"),
                "",
                png_bytes(90 + i, 90),
            )
            .await
            .status()
            .as_u16()
        }
    });
    let statuses = futures::future::join_all(futures).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    let rows = atelier::entities::submission::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    // Losers' objects were removed again: one entry's three objects remain.
    let objects = files_under(&app.data_dir().join("objects"));
    assert_eq!(objects.len(), 3, "{objects:?}");
}

async fn withdrawing_frees_a_slot_and_edits_stop_when_voting_closes(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let hao = app.as_member("hao").await;
    let e = app
        .new_entry(&mei, "lanterns", "First", png_bytes(100, 100))
        .await;
    app.submit_entry(&mei, "lanterns", "Second", "", png_bytes(101, 100))
        .await
        .expect_error(409, "entry_limit_reached");
    // Someone else cannot edit or withdraw it.
    let path = format!("/api/v1/entries/{}", e.id);
    app.patch_json(&path, &json!({"title": "Mine now"}), &hao)
        .await
        .expect_error(403, "forbidden");
    app.delete(&path, &mei).await.expect_status(204);
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    assert!(page.items.is_empty());
    app.get_json(&path, ANON)
        .await
        .expect_error(404, "not_found");
    let second = app
        .new_entry(&mei, "lanterns", "Second", png_bytes(102, 100))
        .await;

    let path = format!("/api/v1/entries/{}", second.id);
    let updated: EntryDetail = app
        .patch_json(
            &path,
            &json!({"title": "Second, renamed", "tags": ["Night", "#glow", "night"]}),
            &mei,
        )
        .await
        .json();
    assert_eq!(updated.title, "Second, renamed");
    assert_eq!(updated.tags, vec!["night", "glow"]);

    app.override_phase(&staff, "lanterns", Some("closed")).await;
    app.patch_json(&path, &json!({"title": "Too late"}), &mei)
        .await
        .expect_error(409, "voting_closed");
    app.delete(&path, &mei)
        .await
        .expect_error(409, "voting_closed");
}

async fn challenge_rules_and_phases_are_enforced(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mut body = challenge_body("strict", -1);
    body["rules"] = json!({"entries_per_member": 2, "accepted_formats": ["jpeg"], "min_width": 200, "min_height": 200});
    app.create_challenge(&staff, &body).await;
    app.create_challenge(&staff, &challenge_body("later", 5))
        .await;
    let mei = app.as_member("mei").await;
    app.submit_entry(&mei, "strict", "PNG", "", png_bytes(300, 300))
        .await
        .expect_error(415, "format_not_accepted");
    let small = {
        let img = image::RgbImage::from_pixel(100, 100, image::Rgb([1, 2, 3]));
        let mut out = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        out
    };
    app.submit_entry(&mei, "strict", "Small", "", small)
        .await
        .expect_error(422, "image_too_small");
    app.submit_entry(&mei, "later", "Early", "", png_bytes(300, 300))
        .await
        .expect_error(409, "submissions_closed");
    app.submit_entry(&mei, "strict", "", "", png_bytes(300, 300))
        .await
        .expect_error(422, "invalid_title");
    app.submit_entry(&mei, "strict", "Text", "", b"just some text".to_vec())
        .await
        .expect_error(415, "unsupported_image_format");
    // Staff run challenges; they do not enter them.
    app.submit_entry(&staff, "strict", "Staff", "", png_bytes(300, 300))
        .await
        .expect_error(403, "forbidden");
    // No token and no form at all.
    app.request(Method::POST, "/api/v1/challenges/strict/entries", ANON)
        .answer()
        .await
        .expect_error(401, "unauthenticated");
}

async fn every_test_image_is_accepted_or_refused_with_a_4xx(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("corpus", 20).await;
    let mut names: Vec<String> = std::fs::read_dir(images_dir())
        .unwrap_or_else(|e| {
            panic!(
                "the shared test images are missing at {}: {e}",
                images_dir()
            )
        })
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "expected the shared image corpus, found {names:?}"
    );
    // Spread over members: 20 entries each at most.
    let mut artists = Vec::new();
    for a in 0..names.len().div_ceil(20) {
        artists.push(app.as_member(&format!("artist_{a}")).await);
    }
    let mut accepted = 0;
    for (i, name) in names.iter().enumerate() {
        let res = app
            .submit_entry(&artists[i / 20], "corpus", name, "", test_image(name))
            .await;
        let status = res.status().as_u16();
        let body = res.text();
        assert!(
            status == 201 || (400..500).contains(&status),
            "{name}: {status} {body}"
        );
        if status == 201 {
            accepted += 1;
        } else {
            let v: serde_json::Value = res.json();
            assert!(v["error"]["code"].is_string(), "{name}: {body}");
        }
        println!("{name}: {status}");
    }
    assert!(
        accepted >= names.len() / 2,
        "only {accepted} of {} accepted",
        names.len()
    );
}
