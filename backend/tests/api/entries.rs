use atelier_api::{
    AuditList, DuplicateFlagList, EntryDetail, EntryPage, MyEntryList, PaletteMatch, PublicProfile,
    Role, TokenResponse,
};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::both_databases;
use crate::challenge_admin::{challenge_body, create_challenge, override_phase};
use crate::helpers::{
    Db, S3Server, TestApp, assert_error, closed_port_endpoint, png_bytes, spawn, spawn_with,
};

both_databases!(
    a_member_submits_and_the_entry_is_served_in_renditions,
    originals_are_only_for_the_author_and_staff,
    the_gallery_pages_by_keyset_and_filters_by_tag,
    voting_shows_each_viewer_a_stable_shuffle,
    the_entry_limit_holds_under_concurrent_uploads,
    withdrawing_frees_a_slot_and_edits_stop_when_voting_closes,
    challenge_rules_and_phases_are_enforced,
    near_duplicates_are_flagged_for_staff_review,
    colour_challenges_score_entries_against_the_palette,
    every_test_image_is_accepted_or_refused_with_a_4xx,
    entries_are_stored_on_s3,
    an_unreachable_store_is_a_503_and_leaves_no_row,
    the_sweeper_removes_only_orphans,
);

pub fn test_image(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{name}", images_dir())).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn images_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/images").to_owned()
}

pub async fn submit_raw(
    app: &TestApp,
    token: &str,
    slug: &str,
    title: &str,
    tags: &str,
    image: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("title", title.to_owned())
        .text("description", "made for the test")
        .text("tags", tags.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(image).file_name("upload.bin"),
        );
    app.request(
        Method::POST,
        &format!("/api/v1/challenges/{slug}/entries"),
        Some(token),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

pub async fn submit(
    app: &TestApp,
    token: &str,
    slug: &str,
    title: &str,
    image: Vec<u8>,
) -> EntryDetail {
    let res = submit_raw(app, token, slug, title, "lantern, red", image).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// Staff plus an open challenge `slug` accepting `per_member` entries.
pub async fn open_challenge(app: &TestApp, slug: &str, per_member: i32) -> TokenResponse {
    let staff = app
        .user_with_role(&format!("staff_{}", slug.replace('-', "_")), Role::Staff)
        .await;
    let mut body = challenge_body(slug, -1);
    body["rules"]["entries_per_member"] = json!(per_member);
    create_challenge(app, &staff.access_token, &body).await;
    staff
}

async fn a_member_submits_and_the_entry_is_served_in_renditions(db: Db) {
    let app = spawn(db).await;
    open_challenge(&app, "lanterns", 3).await;
    let mei = app.register("mei").await;
    let e = submit(
        &app,
        &mei.access_token,
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
        .get(&format!("/api/v1/entries/{}", e.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(!public.is_mine && public.original_url.is_none());
    let mine: MyEntryList = app
        .request(Method::GET, "/api/v1/me/entries", Some(&mei.access_token))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].challenge_slug, "lanterns");
    let profile: PublicProfile = app.get("/api/v1/users/mei").await.json().await.unwrap();
    assert_eq!(profile.works.len(), 1);
}

async fn originals_are_only_for_the_author_and_staff(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "lanterns", 3).await;
    let mei = app.register("mei").await;
    let hao = app.register("hao").await;
    let e = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "Lantern",
        test_image("jpg__exif-xmp-metadata.jpg"),
    )
    .await;
    let url = e.original_url.unwrap();
    let get = |token: Option<String>| {
        let app = &app;
        let url = url.clone();
        async move {
            app.request(Method::GET, &url, token.as_deref())
                .send()
                .await
                .unwrap()
        }
    };
    let res = get(Some(mei.access_token.clone())).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"entry-{}-original.jpg\"", e.id).as_str()
    );
    let bytes = res.bytes().await.unwrap();
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif"),
        "original still has EXIF"
    );
    assert_eq!(get(Some(staff.access_token.clone())).await.status(), 200);
    assert_error(get(Some(hao.access_token.clone())).await, 404, "not_found").await;
    assert_error(get(None).await, 401, "unauthenticated").await;
    // Not through the public media route either.
    let key_url = e.display_url.replace("display.", "original.");
    assert_error(app.get(&key_url).await, 404, "not_found").await;
}

async fn the_gallery_pages_by_keyset_and_filters_by_tag(db: Db) {
    let app = spawn(db).await;
    open_challenge(&app, "lanterns", 5).await;
    let mei = app.register("mei").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let tags = if i % 2 == 0 { "even" } else { "odd" };
        let res = submit_raw(
            &app,
            &mei.access_token,
            "lanterns",
            &format!("Entry {i}"),
            tags,
            png_bytes(120 + i, 90),
        )
        .await;
        assert_eq!(res.status(), 201);
        ids.push(res.json::<EntryDetail>().await.unwrap().id);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/challenges/lanterns/entries?limit=2&cursor={c}"),
            None => "/api/v1/challenges/lanterns/entries?limit=2".to_owned(),
        };
        let page: EntryPage = app.get(&path).await.json().await.unwrap();
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
        .get("/api/v1/challenges/lanterns/entries?tag=ODD")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        odd.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[3], ids[1]]
    );
    assert_error(
        app.get("/api/v1/challenges/lanterns/entries?cursor=zzz")
            .await,
        400,
        "invalid_cursor",
    )
    .await;
    assert_error(
        app.get("/api/v1/challenges/lanterns/entries?sort=rank")
            .await,
        409,
        "ranking_unavailable",
    )
    .await;
}

async fn voting_shows_each_viewer_a_stable_shuffle(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "lanterns", 8).await;
    let mei = app.register("mei").await;
    for i in 0..8 {
        submit(
            &app,
            &mei.access_token,
            "lanterns",
            &format!("Entry {i}"),
            png_bytes(100 + i, 80),
        )
        .await;
    }
    override_phase(&app, &staff.access_token, "lanterns", Some("voting")).await;
    let order = |seed: &'static str| {
        let app = &app;
        async move {
            let page: EntryPage = app
                .get(&format!(
                    "/api/v1/challenges/lanterns/entries?sort=newest&seed={seed}"
                ))
                .await
                .json()
                .await
                .unwrap();
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

async fn the_entry_limit_holds_under_concurrent_uploads(db: Db) {
    let app = spawn(db).await;
    open_challenge(&app, "lanterns", 1).await;
    let mei = app.register("mei").await;
    let futures = (0..6).map(|i| {
        let app = &app;
        let token = mei.access_token.clone();
        async move {
            submit_raw(
                app,
                &token,
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
    let objects = walk(&app.data_dir().join("objects"));
    assert_eq!(objects.len(), 3, "{objects:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

async fn withdrawing_frees_a_slot_and_edits_stop_when_voting_closes(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "lanterns", 1).await;
    let mei = app.register("mei").await;
    let hao = app.register("hao").await;
    let e = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "First",
        png_bytes(100, 100),
    )
    .await;
    assert_error(
        submit_raw(
            &app,
            &mei.access_token,
            "lanterns",
            "Second",
            "",
            png_bytes(101, 100),
        )
        .await,
        409,
        "entry_limit_reached",
    )
    .await;
    // Someone else cannot edit or withdraw it.
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/entries/{}", e.id),
            Some(&hao.access_token),
        )
        .json(&json!({"title": "Mine now"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/entries/{}", e.id),
            Some(&mei.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let page: EntryPage = app
        .get("/api/v1/challenges/lanterns/entries")
        .await
        .json()
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert_error(
        app.get(&format!("/api/v1/entries/{}", e.id)).await,
        404,
        "not_found",
    )
    .await;
    let second = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "Second",
        png_bytes(102, 100),
    )
    .await;

    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/entries/{}", second.id),
            Some(&mei.access_token),
        )
        .json(&json!({"title": "Second, renamed", "tags": ["Night", "#glow", "night"]}))
        .send()
        .await
        .unwrap();
    let updated: EntryDetail = res.json().await.unwrap();
    assert_eq!(updated.title, "Second, renamed");
    assert_eq!(updated.tags, vec!["night", "glow"]);

    override_phase(&app, &staff.access_token, "lanterns", Some("closed")).await;
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/entries/{}", second.id),
            Some(&mei.access_token),
        )
        .json(&json!({"title": "Too late"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "voting_closed").await;
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/entries/{}", second.id),
            Some(&mei.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "voting_closed").await;
}

async fn challenge_rules_and_phases_are_enforced(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let mut body = challenge_body("strict", -1);
    body["rules"] = json!({"entries_per_member": 2, "accepted_formats": ["jpeg"], "min_width": 200, "min_height": 200});
    create_challenge(&app, &staff.access_token, &body).await;
    create_challenge(&app, &staff.access_token, &challenge_body("later", 5)).await;
    let mei = app.register("mei").await;
    assert_error(
        submit_raw(
            &app,
            &mei.access_token,
            "strict",
            "PNG",
            "",
            png_bytes(300, 300),
        )
        .await,
        415,
        "format_not_accepted",
    )
    .await;
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
    assert_error(
        submit_raw(&app, &mei.access_token, "strict", "Small", "", small).await,
        422,
        "image_too_small",
    )
    .await;
    assert_error(
        submit_raw(
            &app,
            &mei.access_token,
            "later",
            "Early",
            "",
            png_bytes(300, 300),
        )
        .await,
        409,
        "submissions_closed",
    )
    .await;
    assert_error(
        submit_raw(
            &app,
            &mei.access_token,
            "strict",
            "",
            "",
            png_bytes(300, 300),
        )
        .await,
        422,
        "invalid_title",
    )
    .await;
    assert_error(
        submit_raw(
            &app,
            &mei.access_token,
            "strict",
            "Text",
            "",
            b"just some text".to_vec(),
        )
        .await,
        415,
        "unsupported_image_format",
    )
    .await;
    // Staff run challenges; they do not enter them.
    assert_error(
        submit_raw(
            &app,
            &staff.access_token,
            "strict",
            "Staff",
            "",
            png_bytes(300, 300),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let res = app
        .client
        .post(app.url("/api/v1/challenges/strict/entries"))
        .send()
        .await
        .unwrap();
    assert_error(res, 401, "unauthenticated").await;
}

async fn near_duplicates_are_flagged_for_staff_review(db: Db) {
    let app = spawn(db).await;
    let staff = open_challenge(&app, "lanterns", 3).await;
    let mei = app.register("mei").await;
    let thief = app.register("thief").await;
    let original = test_image("jpg__progressive__cat.jpg");
    let first = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "Mine",
        original.clone(),
    )
    .await;
    // The same picture, re-encoded at another size: not byte-identical.
    let copy = {
        let img = image::load_from_memory(&original).unwrap().resize(
            500,
            500,
            image::imageops::FilterType::Triangle,
        );
        let mut out = Vec::new();
        img.to_rgb8()
            .write_to(
                &mut std::io::Cursor::new(&mut out),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        out
    };
    let stolen = submit(&app, &thief.access_token, "lanterns", "Totally mine", copy).await;
    let unrelated = submit(
        &app,
        &thief.access_token,
        "lanterns",
        "Other",
        png_bytes(400, 300),
    )
    .await;

    let flags: DuplicateFlagList = app
        .request(
            Method::GET,
            "/api/v1/staff/duplicates",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flags.items.len(), 1, "{flags:?}");
    assert_eq!(flags.items[0].entry.id, stolen.id);
    assert_eq!(flags.items[0].original.id, first.id);
    let staff_view: EntryDetail = app
        .request(
            Method::GET,
            &format!("/api/v1/entries/{}", stolen.id),
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(staff_view.duplicate_of, Some(first.id));
    let res = app
        .request(
            Method::GET,
            "/api/v1/staff/duplicates",
            Some(&mei.access_token),
        )
        .send()
        .await
        .unwrap();
    assert_error(res, 403, "forbidden").await;

    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/staff/duplicates/{}", stolen.id),
            Some(&staff.access_token),
        )
        .json(&json!({"disqualify": true, "reason": "re-upload of mei's entry"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let page: EntryPage = app
        .get("/api/v1/challenges/lanterns/entries")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![unrelated.id, first.id]);
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
    assert_eq!(audit.items[0].action, "entry.disqualify_duplicate");
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/staff/duplicates/{}", unrelated.id),
            Some(&staff.access_token),
        )
        .json(&json!({"disqualify": false, "reason": "not flagged"}))
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "not_flagged").await;
}

async fn colour_challenges_score_entries_against_the_palette(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let mut body = challenge_body("red-dusk", -1);
    body["theme"] = json!("colour");
    body["palette"] = json!(["#c81e1e", "#1e1ec8"]);
    create_challenge(&app, &staff.access_token, &body).await;
    let mei = app.register("mei").await;
    let solid = |rgb: [u8; 3]| {
        let img = image::RgbImage::from_pixel(200, 200, image::Rgb(rgb));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let check = |bytes: Vec<u8>| {
        let app = &app;
        let token = mei.access_token.clone();
        async move {
            let res = app
                .request(
                    Method::POST,
                    "/api/v1/challenges/red-dusk/palette-check",
                    Some(&token),
                )
                .header("content-type", "image/png")
                .body(bytes)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.json::<PaletteMatch>().await.unwrap()
        }
    };
    let on_palette = check(solid([200, 30, 30])).await;
    let off_palette = check(solid([30, 200, 30])).await;
    assert!(on_palette.score >= 90, "{on_palette:?}");
    assert!(off_palette.score < on_palette.score, "{off_palette:?}");
    assert_eq!(on_palette.matches[0].nearest, "#c81e1e");
    assert!(!on_palette.explanation.is_empty());
    let e = submit(
        &app,
        &mei.access_token,
        "red-dusk",
        "Red",
        solid([200, 30, 30]),
    )
    .await;
    assert_eq!(e.palette_match.unwrap().score, on_palette.score);
    open_challenge(&app, "topical", 1).await;
    let res = app
        .request(
            Method::POST,
            "/api/v1/challenges/topical/palette-check",
            Some(&mei.access_token),
        )
        .body(solid([1, 1, 1]))
        .send()
        .await
        .unwrap();
    assert_error(res, 409, "not_a_colour_challenge").await;
}

async fn every_test_image_is_accepted_or_refused_with_a_4xx(db: Db) {
    let app = spawn(db).await;
    open_challenge(&app, "corpus", 20).await;
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
    let mut tokens = Vec::new();
    for a in 0..names.len().div_ceil(20) {
        tokens.push(app.register(&format!("artist_{a}")).await);
    }
    let mut accepted = 0;
    for (i, name) in names.iter().enumerate() {
        let token = &tokens[i / 20];
        let res = submit_raw(
            &app,
            &token.access_token,
            "corpus",
            name,
            "",
            test_image(name),
        )
        .await;
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        assert!(
            status == 201 || (400..500).contains(&status),
            "{name}: {status} {body}"
        );
        if status == 201 {
            accepted += 1;
        } else {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
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

async fn entries_are_stored_on_s3(db: Db) {
    let s3 = S3Server::start().await;
    let app = spawn_with(db, |s| s3.configure(s)).await;
    open_challenge(&app, "lanterns", 1).await;
    let mei = app.register("mei").await;
    let e = submit(
        &app,
        &mei.access_token,
        "lanterns",
        "On S3",
        png_bytes(300, 200),
    )
    .await;
    let in_bucket = walk(&s3.root.path().join(&s3.bucket));
    assert_eq!(in_bucket.len(), 3, "{in_bucket:?}");
    let res = app.get(&e.thumbnail_url).await;
    assert_eq!(res.status(), 200);
    assert!(image::load_from_memory(&res.bytes().await.unwrap()).is_ok());
}

async fn an_unreachable_store_is_a_503_and_leaves_no_row(db: Db) {
    let app = spawn_with(db, |s| {
        s.storage.kind = atelier::config::StorageKind::S3;
        s.storage.s3.endpoint = Some(closed_port_endpoint());
        s.storage.s3.access_key_id = "k".into();
        s.storage.s3.timeout_secs = 2;
    })
    .await;
    open_challenge(&app, "lanterns", 1).await;
    let mei = app.register("mei").await;
    let res = submit_raw(
        &app,
        &mei.access_token,
        "lanterns",
        "Lost?",
        "",
        png_bytes(300, 200),
    )
    .await;
    assert_error(res, 503, "store_unavailable").await;
    assert_eq!(
        atelier::entities::submission::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        atelier::entities::media::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

async fn the_sweeper_removes_only_orphans(db: Db) {
    let app = spawn(db).await;
    open_challenge(&app, "lanterns", 1).await;
    let mei = app.register("mei").await;
    submit(
        &app,
        &mei.access_token,
        "lanterns",
        "Kept",
        png_bytes(300, 200),
    )
    .await;
    let store = atelier::storage::open(&app.settings).await.unwrap();
    store
        .put(
            "media/deadbeef/original.png",
            bytes::Bytes::from(png_bytes(10, 10)),
            "image/png",
        )
        .await
        .unwrap();
    let removed =
        atelier::entries::sweeper::sweep(&app.db, store.as_ref(), std::time::Duration::ZERO)
            .await
            .unwrap();
    assert_eq!(removed, 1);
    assert!(!store.exists("media/deadbeef/original.png").await.unwrap());
    assert_eq!(walk(&app.data_dir().join("objects")).len(), 3);
    // Within the grace period nothing goes.
    store
        .put(
            "media/cafe/original.png",
            bytes::Bytes::from(png_bytes(10, 10)),
            "image/png",
        )
        .await
        .unwrap();
    let removed = atelier::entries::sweeper::sweep(
        &app.db,
        store.as_ref(),
        std::time::Duration::from_secs(3600),
    )
    .await
    .unwrap();
    assert_eq!(removed, 0);
}
