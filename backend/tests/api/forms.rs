//! What forms need from error answers: the reason an error gives (too short
//! or too long, the challenge's own formats, the image's size), in every
//! language, and the caller's own entry count in a challenge's detail.

use atelier_api::i18n::Locale;
use atelier_api::{ChallengeDetail, ErrorArg, ErrorBody};
use reqwest::Method;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{
    ANON, Answered, Db, TestApp, User, challenge_body, entry_form, png_bytes, spawn,
};

both_databases!(
    bios_are_refused_as_too_short_or_too_long,
    entry_refusals_name_the_challenges_formats_and_minimum_size,
    a_challenge_tells_the_caller_how_many_entries_they_have_used,
);

/// The error body of a JSON call made in `lang`.
async fn error_in(
    app: &TestApp,
    method: Method,
    path: &str,
    body: &serde_json::Value,
    who: &User,
    lang: &str,
) -> (u16, ErrorBody) {
    let answer = app
        .request(method, path, who)
        .header("accept-language", lang)
        .json(body)
        .answer()
        .await;
    (answer.status().as_u16(), answer.json())
}

fn number(body: &ErrorBody, name: &str) -> i64 {
    match body.error.args.get(name) {
        Some(ErrorArg::Number(n)) => *n,
        other => panic!("{name} is {other:?} in {body:?}"),
    }
}

fn text(body: &ErrorBody, name: &str) -> String {
    match body.error.args.get(name) {
        Some(ErrorArg::Text(t)) => t.clone(),
        other => panic!("{name} is {other:?} in {body:?}"),
    }
}

async fn bios_are_refused_as_too_short_or_too_long(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;

    // A profile's bio may be empty but not longer than 2000 characters.
    let long = json!({ "bio": "字".repeat(2001) });
    for lang in ["en", "zh-TW"] {
        let (status, body) = error_in(&app, Method::PATCH, "/api/v1/me", &long, &mei, lang).await;
        assert_eq!((status, body.error.code.as_str()), (422, "invalid_bio"));
        assert_eq!(body.error.reason.as_deref(), Some("too-long"));
        assert_eq!(number(&body, "max"), 2000);
        if lang == "zh-TW" {
            assert_eq!(body.error.message, "自我介紹最多只能有 2000 個字元。");
        }
    }
    app.patch_json("/api/v1/me", &json!({ "bio": "字".repeat(2000) }), &mei)
        .await
        .expect_status(200);

    // An expert application's bio needs at least 20: "too short", not "too long?".
    let short = json!({
        "bio": "Too short.",
        "portfolio_links": ["https://portfolio.example.com/me"],
        "field": "Packaging design"
    });
    let (status, body) = error_in(
        &app,
        Method::POST,
        "/api/v1/expert-applications",
        &short,
        &mei,
        "zh-TW",
    )
    .await;
    assert_eq!((status, body.error.code.as_str()), (422, "invalid_bio"));
    assert_eq!(body.error.reason.as_deref(), Some("too-short"));
    assert_eq!(number(&body, "min"), 20);
    assert_eq!(body.error.message, "自我介紹至少需要 20 個字元。");
    assert!(
        !body.error.message.contains("太長"),
        "{}",
        body.error.message
    );
    // A client renders the same text from the code, reason and values.
    assert_eq!(
        body.error.localised(Locale::En),
        "The bio needs at least 20 characters."
    );
}

async fn entry_refusals_name_the_challenges_formats_and_minimum_size(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mut body = challenge_body("photos", -1);
    body["rules"] = json!({"entries_per_member": 2, "accepted_formats": ["jpeg", "webp"], "min_width": 400, "min_height": 300});
    app.create_challenge(&staff, &body).await;
    let mei = app.as_member("mei").await;

    let submit = |lang: &'static str, image: Vec<u8>| {
        app.request(Method::POST, "/api/v1/challenges/photos/entries", &mei)
            .header("accept-language", lang)
            .multipart(entry_form("Try", "", image))
            .answer()
    };

    // A PNG where only JPEG and WebP are accepted: the list is this challenge's.
    let en = submit("en", png_bytes(500, 500)).await;
    let en_message = en.expect_error(415, "format_not_accepted");
    assert!(en_message.contains("JPEG, WebP"), "{en_message}");
    let en: ErrorBody = en.json();
    assert_eq!(en.error.reason.as_deref(), Some("formats"));
    assert_eq!(text(&en, "formats"), "JPEG, WebP");
    assert_eq!(text(&en, "format"), "PNG");
    assert_eq!(
        en.error.localised(Locale::En),
        "This challenge accepts JPEG, WebP images; this file is PNG."
    );
    let zh = submit("zh-TW", png_bytes(500, 500)).await;
    let zh_message = zh.expect_error(415, "format_not_accepted");
    assert_eq!(
        zh_message,
        "此挑戰只接受 JPEG, WebP 格式的圖片，這個檔案是 PNG。"
    );

    // Too few pixels: the answer gives the image's size and the minimum.
    let small = {
        let img = image::RgbImage::from_pixel(320, 240, image::Rgb([1, 2, 3]));
        let mut out = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        out
    };
    let zh = submit("zh-TW", small).await;
    let zh_message = zh.expect_error(422, "image_too_small");
    assert_eq!(
        zh_message,
        "這張圖片是 320×240 像素，此挑戰至少需要 400×300 像素。"
    );
    let zh: ErrorBody = zh.json();
    assert_eq!(zh.error.reason.as_deref(), Some("size"));
    assert_eq!(
        [
            number(&zh, "width"),
            number(&zh, "height"),
            number(&zh, "min_width"),
            number(&zh, "min_height")
        ],
        [320, 240, 400, 300]
    );
}

async fn a_challenge_tells_the_caller_how_many_entries_they_have_used(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 2).await;
    let mei = app.as_member("mei").await;
    let hao = app.as_member("hao").await;

    let detail = |who: Option<&User>| {
        let rb = match who {
            Some(user) => app.request(Method::GET, "/api/v1/challenges/lanterns", user),
            None => app.request(Method::GET, "/api/v1/challenges/lanterns", ANON),
        };
        async move {
            rb.answer()
                .await
                .expect_status(200)
                .json::<ChallengeDetail>()
        }
    };

    let anon = detail(None).await;
    assert_eq!(anon.my_entries, None);
    assert_eq!(anon.max_upload_bytes, Some(25 * 1024 * 1024));
    assert_eq!(detail(Some(&mei)).await.my_entries, Some(0));

    let first = app
        .new_entry(&mei, "lanterns", "One", png_bytes(300, 300))
        .await;
    app.new_entry(&mei, "lanterns", "Two", png_bytes(310, 300))
        .await;
    assert_eq!(detail(Some(&mei)).await.my_entries, Some(2));
    assert_eq!(detail(Some(&hao)).await.my_entries, Some(0));

    // A withdrawn entry frees its place.
    app.delete(&format!("/api/v1/entries/{}", first.id), &mei)
        .await
        .expect_status(204);
    assert_eq!(detail(Some(&mei)).await.my_entries, Some(1));
}
