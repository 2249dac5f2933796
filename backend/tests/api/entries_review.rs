//! Reviewing entries: near-duplicates flagged for staff, and colour
//! challenges scoring images against their palette.

use atelier_api::{DuplicateFlagList, EntryDetail, EntryPage, PaletteMatch};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, challenge_body, png_bytes, spawn, test_image};

both_databases!(
    near_duplicates_are_flagged_for_staff_review,
    colour_challenges_score_entries_against_the_palette,
);

async fn near_duplicates_are_flagged_for_staff_review(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let mei = app.as_member("mei").await;
    let thief = app.as_member("thief").await;
    let original = test_image("jpg__progressive__cat.jpg");
    let first = app
        .new_entry(&mei, "lanterns", "Mine", original.clone())
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
    let stolen = app
        .new_entry(&thief, "lanterns", "Totally mine", copy)
        .await;
    let unrelated = app
        .new_entry(&thief, "lanterns", "Other", png_bytes(400, 300))
        .await;

    let flags: DuplicateFlagList = app
        .get_json("/api/v1/staff/duplicates", &staff)
        .await
        .json();
    assert_eq!(flags.items.len(), 1, "{flags:?}");
    assert_eq!(flags.items[0].entry.id, stolen.id);
    assert_eq!(flags.items[0].original.id, first.id);
    let staff_view: EntryDetail = app
        .get_json(&format!("/api/v1/entries/{}", stolen.id), &staff)
        .await
        .json();
    assert_eq!(staff_view.duplicate_of, Some(first.id));
    app.get_json("/api/v1/staff/duplicates", &mei)
        .await
        .expect_error(403, "forbidden");

    app.post_json(
        &format!("/api/v1/staff/duplicates/{}", stolen.id),
        &json!({"disqualify": true, "reason": "re-upload of mei's entry"}),
        &staff,
    )
    .await
    .expect_status(204);
    let page: EntryPage = app
        .get_json("/api/v1/challenges/lanterns/entries", ANON)
        .await
        .json();
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![unrelated.id, first.id]);
    let audit = app.audit_log(&staff).await;
    assert_eq!(audit.items[0].action, "entry.disqualify_duplicate");
    app.post_json(
        &format!("/api/v1/staff/duplicates/{}", unrelated.id),
        &json!({"disqualify": false, "reason": "not flagged"}),
        &staff,
    )
    .await
    .expect_error(409, "not_flagged");
}

async fn colour_challenges_score_entries_against_the_palette(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mut body = challenge_body("red-dusk", -1);
    body["theme"] = json!("colour");
    body["palette"] = json!(["#c81e1e", "#1e1ec8"]);
    app.create_challenge(&staff, &body).await;
    let mei = app.as_member("mei").await;
    let solid = |rgb: [u8; 3]| {
        let img = image::RgbImage::from_pixel(200, 200, image::Rgb(rgb));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let check = |bytes: Vec<u8>| {
        let (app, mei) = (&app, &mei);
        async move {
            app.palette_check(mei, "red-dusk", bytes)
                .await
                .expect_status(200)
                .json::<PaletteMatch>()
        }
    };
    let on_palette = check(solid([200, 30, 30])).await;
    let off_palette = check(solid([30, 200, 30])).await;
    assert!(on_palette.score >= 90, "{on_palette:?}");
    assert!(off_palette.score < on_palette.score, "{off_palette:?}");
    assert_eq!(on_palette.matches[0].nearest, "#c81e1e");
    assert!(!on_palette.explanation.is_empty());
    let e = app
        .new_entry(&mei, "red-dusk", "Red", solid([200, 30, 30]))
        .await;
    assert_eq!(e.palette_match.unwrap().score, on_palette.score);
    app.open_challenge("topical", 1).await;
    app.palette_check(&mei, "topical", solid([1, 1, 1]))
        .await
        .expect_error(409, "not_a_colour_challenge");
}
