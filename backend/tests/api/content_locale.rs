//! Staff-written challenge texts in English and Traditional Chinese: reads
//! answer in the language `Accept-Language` asks for, fall back to the base
//! text where nobody wrote that language, and say which with
//! `Content-Language`; staff reads carry every language; translations are
//! checked like the base fields. Polls: content_locale_polls.rs; lists and
//! the demo: content_locale_lists.rs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use atelier_api::{ChallengeDetail, ChallengeList, ChallengeResults};
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answer, Answered, Db, TestApp, User, challenge_body, png_bytes, spawn};

both_databases!(
    a_challenge_reads_in_the_language_asked_for,
    missing_texts_fall_back_to_the_base_language,
    edits_replace_and_remove_single_translations,
    translations_are_checked_like_the_base_fields,
);

/// A GET with `Accept-Language: lang` (none when empty) as `who`.
pub async fn get_in(app: &TestApp, path: &str, lang: &str, who: Option<&User>) -> Answer {
    let mut rb = app.request(Method::GET, path, who.map(|u| u.token.as_str()));
    if !lang.is_empty() {
        rb = rb.header("accept-language", lang);
    }
    rb.answer().await
}

/// Runs `f` on a connection to the app's database that counts the
/// statements sent through it; returns what `f` returned and the count.
pub async fn counting_queries<T, F, Fut>(app: &TestApp, f: F) -> (T, usize)
where
    F: FnOnce(sea_orm::DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let count = Arc::new(AtomicUsize::new(0));
    let mut db = app.db.clone();
    let seen = count.clone();
    db.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });
    let out = f(db).await;
    (out, count.load(Ordering::SeqCst))
}

pub fn lanterns(slug: &str) -> serde_json::Value {
    let mut body = challenge_body(slug, -1);
    body["title"] = json!("Lantern Festival");
    body["brief"] = json!("Design a **lantern**.");
    body["prizes"] = json!("NT$20,000");
    body["translations"] = json!({"zh-TW": {
        "title": "元宵花燈",
        "brief": "設計一盞**花燈**。",
        "prizes": "新台幣兩萬元",
    }});
    body
}

async fn a_challenge_reads_in_the_language_asked_for(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let created = app.create_challenge(&staff, &lanterns("lanterns")).await;
    assert_eq!(created.base_locale, "en");
    let path = "/api/v1/challenges/lanterns";
    for lang in ["zh-TW", "zh", "zh-Hant", "zh-HK", "fr, zh-TW;q=0.8"] {
        let res = get_in(&app, path, lang, None).await.expect_status(200);
        assert_eq!(res.header("content-language"), Some("zh-TW"), "{lang}");
        assert!(
            res.headers
                .get_all("vary")
                .iter()
                .any(|v| v.to_str().unwrap().contains("Accept-Language")),
            "{:?}",
            res.headers
        );
        let zh: ChallengeDetail = res.json();
        assert_eq!(zh.summary.title, "元宵花燈", "{lang}");
        assert_eq!(zh.brief, "設計一盞**花燈**。");
        assert!(
            zh.brief_html.contains("<strong>花燈</strong>"),
            "{}",
            zh.brief_html
        );
        assert_eq!(zh.prizes, "新台幣兩萬元");
        assert_eq!(zh.texts, None, "only staff get every language");
    }
    for lang in ["", "en", "en-GB", "fr", "zh;q=0, en"] {
        let res = get_in(&app, path, lang, None).await.expect_status(200);
        assert_eq!(res.header("content-language"), Some("en"), "{lang:?}");
        let en: ChallengeDetail = res.json();
        assert_eq!(en.summary.title, "Lantern Festival", "{lang:?}");
        assert_eq!(en.brief, "Design a **lantern**.");
        assert_eq!(en.prizes, "NT$20,000");
    }
    // Staff read the texts of every language, whatever they asked for.
    let staff_view: ChallengeDetail = get_in(&app, path, "zh-TW", Some(&staff)).await.json();
    assert_eq!(staff_view.summary.title, "元宵花燈");
    let texts = staff_view.texts.unwrap();
    assert_eq!(texts["en"]["title"], "Lantern Festival");
    assert_eq!(texts["en"]["prizes"], "NT$20,000");
    assert_eq!(texts["zh-TW"]["brief"], "設計一盞**花燈**。");
    // The list and the results read in the language asked for too.
    let list: ChallengeList = get_in(&app, "/api/v1/challenges", "zh-TW", None)
        .await
        .json();
    assert_eq!(list.items[0].title, "元宵花燈");
    let results: ChallengeResults = get_in(
        &app,
        "/api/v1/challenges/lanterns/results",
        "zh-TW",
        Some(&staff),
    )
    .await
    .expect_status(200)
    .json();
    assert_eq!(results.challenge.title, "元宵花燈");
    // So do entries, which name their challenge.
    let mei = app.as_member("mei").await;
    let entry: atelier_api::EntryDetail = app
        .submit_entry(&mei, "lanterns", "Rabbit", "", png_bytes(64, 64))
        .await
        .expect_status(201)
        .json();
    assert_eq!(entry.challenge_title, "Lantern Festival");
    let path = format!("/api/v1/entries/{}", entry.id);
    let res = get_in(&app, &path, "zh-TW", None).await.expect_status(200);
    assert_eq!(res.header("content-language"), Some("zh-TW"));
    let zh: atelier_api::EntryDetail = res.json();
    assert_eq!(zh.challenge_title, "元宵花燈");
    assert_eq!(zh.title, "Rabbit", "members' own texts stay as written");
    let mine: atelier_api::MyEntryList = get_in(&app, "/api/v1/me/entries", "zh-TW", Some(&mei))
        .await
        .json();
    assert_eq!(mine.items[0].challenge_title, "元宵花燈");
}

async fn missing_texts_fall_back_to_the_base_language(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    // Only the title is in Chinese.
    let mut partial = lanterns("partial");
    partial["translations"] = json!({"zh-TW": {"title": "只有標題"}});
    app.create_challenge(&staff, &partial).await;
    let zh: ChallengeDetail = get_in(&app, "/api/v1/challenges/partial", "zh-TW", None)
        .await
        .json();
    assert_eq!(zh.summary.title, "只有標題");
    assert_eq!(zh.brief, "Design a **lantern**.");
    assert_eq!(zh.prizes, "NT$20,000");
    // Nothing translated: the base text in every language.
    app.create_challenge(&staff, &challenge_body("plain", -1))
        .await;
    let zh: ChallengeDetail = get_in(&app, "/api/v1/challenges/plain", "zh-TW", None)
        .await
        .json();
    assert_eq!(zh.summary.title, "Challenge plain");
    // Written in Chinese first, with an English translation of the title.
    let mut chinese = challenge_body("chinese-first", -1);
    chinese["base_locale"] = json!("zh-TW");
    chinese["title"] = json!("中秋月餅禮盒");
    chinese["brief"] = json!("讓人捨不得丟的禮盒。");
    chinese["translations"] = json!({"en": {"title": "Mooncake Box"}});
    let created = app.create_challenge(&staff, &chinese).await;
    assert_eq!(created.base_locale, "zh-TW");
    let en: ChallengeDetail = get_in(&app, "/api/v1/challenges/chinese-first", "en", None)
        .await
        .json();
    assert_eq!(en.summary.title, "Mooncake Box");
    assert_eq!(
        en.brief, "讓人捨不得丟的禮盒。",
        "falls back to the Chinese base"
    );
    let zh: ChallengeDetail = get_in(&app, "/api/v1/challenges/chinese-first", "zh-TW", None)
        .await
        .json();
    assert_eq!(zh.summary.title, "中秋月餅禮盒");
}

async fn edits_replace_and_remove_single_translations(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    app.create_challenge(&staff, &lanterns("lanterns")).await;
    let path = "/api/v1/challenges/lanterns";
    // A new title; brief and prizes stay as they were.
    let edited: ChallengeDetail = app
        .patch_json(
            path,
            &json!({"translations": {"zh-TW": {"title": "新春花燈"}}}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    let texts = edited.texts.unwrap();
    assert_eq!(texts["zh-TW"]["title"], "新春花燈");
    assert_eq!(texts["zh-TW"]["brief"], "設計一盞**花燈**。");
    // An empty text removes the translation: the base text shows again.
    app.patch_json(
        path,
        &json!({"translations": {"zh-TW": {"brief": "  "}}}),
        &staff,
    )
    .await
    .expect_status(200);
    let zh: ChallengeDetail = get_in(&app, path, "zh-TW", None).await.json();
    assert_eq!(zh.summary.title, "新春花燈");
    assert_eq!(zh.brief, "Design a **lantern**.");
    assert_eq!(zh.prizes, "新台幣兩萬元");
    // An edit without translations leaves them alone.
    app.patch_json(path, &json!({"title": "Lantern Festival 2027"}), &staff)
        .await
        .expect_status(200);
    let zh: ChallengeDetail = get_in(&app, path, "zh-TW", None).await.json();
    assert_eq!(zh.summary.title, "新春花燈");
    // Switching the base language: the base fields now hold Chinese, and the
    // old Chinese translations are gone rather than shadowed.
    let switched: ChallengeDetail = app
        .patch_json(
            path,
            &json!({
                "base_locale": "zh-TW",
                "title": "元宵花燈 2027",
                "brief": "設計花燈。",
                "prizes": "獎金",
                "translations": {"en": {"title": "Lantern Festival 2027"}},
            }),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    let texts = switched.texts.unwrap();
    assert_eq!(texts["zh-TW"]["title"], "元宵花燈 2027");
    assert_eq!(texts["en"].len(), 1);
    assert_eq!(texts["en"]["title"], "Lantern Festival 2027");
    let en: ChallengeDetail = get_in(&app, path, "en", None).await.json();
    assert_eq!(en.summary.title, "Lantern Festival 2027");
    assert_eq!(en.brief, "設計花燈。");
    let n = atelier::entities::content_translation::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.locale == "zh-TW")
        .count();
    assert_eq!(n, 0, "no translation into the base language stays behind");
    // The audit log says what changed.
    let audit = app.audit_log(&staff).await;
    assert!(
        audit.items.iter().any(
            |e| e.detail.contains("base language en -> zh-TW") && e.detail.contains("en.title")
        ),
        "{:?}",
        audit.items
    );
}

async fn translations_are_checked_like_the_base_fields(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let refused = |translations: serde_json::Value| {
        let mut body = lanterns("refused");
        body["translations"] = translations;
        body
    };
    let cases = [
        (
            json!({"fr": {"title": "Lanternes"}}),
            422,
            "validation_failed",
            "\"fr\"",
        ),
        (
            json!({"zh-TW": {"subtitle": "副標"}}),
            422,
            "validation_failed",
            "\"subtitle\"",
        ),
        (
            json!({"en": {"title": "Lanterns again"}}),
            422,
            "validation_failed",
            "base language",
        ),
        (
            json!({"zh-TW": {"title": "燈"}}),
            422,
            "invalid_title",
            "translations.zh-TW.title",
        ),
        (
            json!({"zh-TW": {"brief": "長".repeat(20_001)}}),
            422,
            "invalid_brief",
            "translations.zh-TW.brief",
        ),
        (
            json!({"zh-TW": {"prizes": "獎".repeat(2_001)}}),
            422,
            "invalid_prizes",
            "translations.zh-TW.prizes",
        ),
    ];
    for (translations, status, code, named) in cases {
        let message = app
            .post_json("/api/v1/challenges", &refused(translations.clone()), &staff)
            .await
            .expect_error(status, code);
        assert!(message.contains(named), "{translations}: {message}");
    }
    // In Chinese the message names the language and field too.
    for (translations, code, named) in [
        (
            json!({"fr": {"title": "Lanternes"}}),
            "validation_failed",
            "「fr」",
        ),
        (
            json!({"zh-TW": {"subtitle": "副標"}}),
            "validation_failed",
            "「subtitle」",
        ),
        (
            json!({"zh-TW": {"title": "燈"}}),
            "invalid_title",
            "translations.zh-TW.title 須為 3 至 120 個字元",
        ),
        (
            json!({"zh-TW": {"prizes": "獎".repeat(2_001)}}),
            "invalid_prizes",
            "translations.zh-TW.prizes 最多 2000 個字元",
        ),
    ] {
        let message = app
            .request(Method::POST, "/api/v1/challenges", &staff)
            .header("accept-language", "zh-TW")
            .json(&refused(translations.clone()))
            .answer()
            .await
            .expect_error(422, code);
        assert!(message.contains(named), "{translations}: {message}");
    }
    let mut bad_base = lanterns("refused");
    bad_base["base_locale"] = json!("klingon");
    let message = app
        .post_json("/api/v1/challenges", &bad_base, &staff)
        .await
        .expect_error(422, "validation_failed");
    assert!(message.contains("klingon"), "{message}");
    // Nothing was written by the refused requests; edits are checked too.
    app.get_json("/api/v1/challenges/refused", ANON)
        .await
        .expect_error(404, "not_found");
    app.create_challenge(&staff, &lanterns("lanterns")).await;
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"translations": {"zh-TW": {"title": "燈"}}}),
        &staff,
    )
    .await
    .expect_error(422, "invalid_title");
    let zh: ChallengeDetail = get_in(&app, "/api/v1/challenges/lanterns", "zh-TW", None)
        .await
        .json();
    assert_eq!(zh.summary.title, "元宵花燈");
    // Members cannot write translations at all.
    let member = app.as_member("mei").await;
    app.patch_json(
        "/api/v1/challenges/lanterns",
        &json!({"translations": {"zh-TW": {"title": "我的標題"}}}),
        &member,
    )
    .await
    .expect_error(403, "forbidden");
}
