//! Polls in English and Traditional Chinese: question, product, description
//! and each option's label read in the language asked for (list, detail,
//! results, the answer to a ballot), fall back to the base text, and are
//! checked like the base fields; a whole list resolves in a fixed number of
//! queries.

use atelier::auth::CurrentUser;
use atelier_api::{Poll, PollList, PollResults, Role};
use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::both_databases;
use crate::content_locale::{counting_queries, get_in};
use crate::helpers::{Db, TestApp, spawn};

both_databases!(
    a_poll_reads_in_the_language_asked_for,
    poll_translations_are_checked_like_the_base_fields,
    a_poll_edit_replaces_its_translations,
    the_poll_list_resolves_every_item_in_a_fixed_number_of_queries,
);

/// An open (or, with `opens_in_hours > 0`, scheduled) single-choice poll
/// with Chinese texts for everything but the last option's label.
fn oolong(opens_in_hours: i64) -> serde_json::Value {
    json!({
        "question": "What should we call our winter oolong?",
        "product": "Winter oolong",
        "description": "Co-created with the community.",
        "method": "single",
        "eligibility": "all_members",
        "allow_change": true,
        "opens_at": Utc::now() + Duration::hours(opens_in_hours) - Duration::minutes(1),
        "closes_at": Utc::now() + Duration::hours(opens_in_hours + 24),
        "translations": {"zh-TW": {
            "question": "冬季烏龍茶要取什麼名字？",
            "product": "冬季烏龍茶",
            "description": "和社群夥伴一起共創。",
        }},
        "options": [
            {"label": "Cloud Pearl", "translations": {"zh-TW": {"label": "雲珠"}}},
            {"label": "Mountain Dusk", "translations": {"zh-TW": {"label": "山嵐暮色"}}},
            {"label": "Morning Mist"},
        ],
    })
}

fn labels(p: &Poll) -> Vec<&str> {
    p.options.iter().map(|o| o.label.as_str()).collect()
}

async fn a_poll_reads_in_the_language_asked_for(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let created = app.create_poll(&staff, &oolong(0)).await;
    assert_eq!(created.base_locale, "en");
    let path = format!("/api/v1/polls/{}", created.id);
    let res = get_in(&app, &path, "zh-TW", None).await.expect_status(200);
    assert_eq!(res.header("content-language"), Some("zh-TW"));
    let zh: Poll = res.json();
    assert_eq!(zh.question, "冬季烏龍茶要取什麼名字？");
    assert_eq!(zh.product, "冬季烏龍茶");
    assert_eq!(zh.description, "和社群夥伴一起共創。");
    assert_eq!(labels(&zh), ["雲珠", "山嵐暮色", "Morning Mist"]);
    assert_eq!(zh.texts, None);
    assert!(zh.options.iter().all(|o| o.texts.is_none()));
    let res = get_in(&app, &path, "en-US", None).await.expect_status(200);
    assert_eq!(res.header("content-language"), Some("en"));
    let en: Poll = res.json();
    assert_eq!(en.question, "What should we call our winter oolong?");
    assert_eq!(
        labels(&en),
        ["Cloud Pearl", "Mountain Dusk", "Morning Mist"]
    );
    // Staff see every language of the poll and of each option.
    let staff_view: Poll = get_in(&app, &path, "zh-TW", Some(&staff)).await.json();
    let texts = staff_view.texts.unwrap();
    assert_eq!(texts["en"]["product"], "Winter oolong");
    assert_eq!(texts["zh-TW"]["product"], "冬季烏龍茶");
    let option_texts = staff_view.options[0].texts.as_ref().unwrap();
    assert_eq!(option_texts["en"]["label"], "Cloud Pearl");
    assert_eq!(option_texts["zh-TW"]["label"], "雲珠");
    let last = staff_view.options[2].texts.as_ref().unwrap();
    assert_eq!(last.len(), 1, "{last:?}");
    // The list, the results and a ballot's answer read in Chinese too.
    let list: PollList = get_in(&app, "/api/v1/polls", "zh", None).await.json();
    assert_eq!(list.items[0].question, "冬季烏龍茶要取什麼名字？");
    assert_eq!(labels(&list.items[0]), ["雲珠", "山嵐暮色", "Morning Mist"]);
    let results: PollResults = get_in(&app, &format!("{path}/results"), "zh-TW", Some(&staff))
        .await
        .expect_status(200)
        .json();
    let counted: Vec<&str> = results.counts.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(counted, ["雲珠", "山嵐暮色", "Morning Mist"]);
    let voter = app.as_member("mei").await;
    let after: Poll = app
        .request(reqwest::Method::PUT, &format!("{path}/ballot"), &voter)
        .header("accept-language", "zh-TW")
        .json(&json!({"choices": [created.options[1].id]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after.my_ballot, Some(vec![created.options[1].id]));
    assert_eq!(after.options[1].label, "山嵐暮色");
}

async fn poll_translations_are_checked_like_the_base_fields(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    type Edit = fn(&mut serde_json::Value);
    let cases: [(Edit, &str, &str); 7] = [
        (
            |b| b["translations"]["ja"] = json!({"question": "名前は？"}),
            "validation_failed",
            "\"ja\"",
        ),
        (
            |b| b["translations"]["zh-TW"]["title"] = json!("標題"),
            "validation_failed",
            "\"title\"",
        ),
        (
            |b| b["options"][1]["translations"]["zh-TW"]["description"] = json!("說明"),
            "validation_failed",
            "options[1].translations",
        ),
        (
            |b| b["translations"]["zh-TW"]["question"] = json!("名"),
            "invalid_question",
            "translations.zh-TW.question",
        ),
        (
            |b| b["translations"]["zh-TW"]["description"] = json!("長".repeat(2001)),
            "invalid_description",
            "translations.zh-TW.description",
        ),
        (
            |b| b["options"][0]["translations"]["zh-TW"]["label"] = json!("名".repeat(121)),
            "invalid_options",
            "options[0].translations.zh-TW.label",
        ),
        // Two options may not read the same in Chinese.
        (
            |b| b["options"][1]["translations"]["zh-TW"]["label"] = json!("雲珠"),
            "invalid_options",
            "zh-TW",
        ),
    ];
    for (edit, code, named) in cases {
        let mut body = oolong(0);
        edit(&mut body);
        let message = app
            .post_json("/api/v1/polls", &body, &staff)
            .await
            .expect_error(422, code);
        assert!(message.contains(named), "{code}: {message}");
    }
    let mut body = oolong(0);
    body["base_locale"] = json!("zh-CN");
    app.post_json("/api/v1/polls", &body, &staff)
        .await
        .expect_error(422, "validation_failed");
    let none: PollList = app.get_json("/api/v1/polls", &staff).await.json();
    assert!(none.items.is_empty(), "refused polls are not stored");
}

async fn a_poll_edit_replaces_its_translations(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let created = app.create_poll(&staff, &oolong(2)).await;
    let path = format!("/api/v1/polls/{}", created.id);
    let mut edited = oolong(2);
    edited["translations"] = json!({"zh-TW": {"question": "新名字？"}});
    edited["options"] = json!([
        {"label": "Jade Lantern", "translations": {"zh-TW": {"label": "翠玉燈籠"}}},
        {"label": "Morning Mist"},
    ]);
    let after: Poll = app
        .patch_json(&path, &edited, &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(after.base_locale, "en", "kept when not given");
    let zh: Poll = get_in(&app, &path, "zh-TW", None).await.json();
    assert_eq!(zh.question, "新名字？");
    assert_eq!(
        zh.product, "Winter oolong",
        "the old product translation is gone"
    );
    assert_eq!(labels(&zh), ["翠玉燈籠", "Morning Mist"]);
    // The old options' translations went with them.
    let rows = atelier::entities::content_translation::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let mut stored: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.subject_kind.clone(), r.text.clone()))
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            ("poll".to_owned(), "新名字？".to_owned()),
            ("poll_option".to_owned(), "翠玉燈籠".to_owned()),
        ]
    );
}

async fn the_poll_list_resolves_every_item_in_a_fixed_number_of_queries(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let member = app.as_member("mei").await;
    let row = atelier::entities::user::Entity::find_by_id(member.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let viewer = CurrentUser {
        user: row,
        role: Role::Member,
    };
    let first = app.create_poll(&staff, &oolong(0)).await;
    app.ballot(&member, first.id, &[first.options[0].id])
        .await
        .expect_status(200);
    let (few, few_queries) = polls_in_chinese(&app, &viewer).await;
    assert_eq!(few.len(), 1);
    for i in 0..4 {
        let mut body = oolong(0);
        body["translations"]["zh-TW"]["question"] = json!(format!("第 {i} 題？"));
        body["options"][0]["translations"]["zh-TW"]["label"] = json!(format!("選項 {i}"));
        app.create_poll(&staff, &body).await;
    }
    let (many, many_queries) = polls_in_chinese(&app, &viewer).await;
    assert_eq!(many.len(), 5);
    assert_eq!(few_queries, many_queries, "queries grow with the list");
    assert_eq!(
        many_queries, 6,
        "polls, options, ballots, invitations, poll and option translations"
    );
    for p in &many {
        assert_ne!(
            p.question, "What should we call our winter oolong?",
            "{}",
            p.id
        );
        assert_eq!(p.options[1].label, "山嵐暮色");
        assert_eq!(p.options[2].label, "Morning Mist");
        if p.id == first.id {
            assert_eq!(p.my_ballot, Some(vec![first.options[0].id]));
            assert_eq!(p.options[0].label, "雲珠");
        } else {
            assert_eq!(p.my_ballot, None);
            assert!(p.question.starts_with('第'), "{}", p.question);
            assert!(
                p.options[0].label.starts_with("選項"),
                "{}",
                p.options[0].label
            );
        }
    }
}

/// Every poll in zh-TW as `viewer` sees it, straight from the service, and
/// the number of queries that took.
async fn polls_in_chinese(app: &TestApp, viewer: &CurrentUser) -> (Vec<Poll>, usize) {
    let viewer = viewer.clone();
    counting_queries(app, |db| async move {
        let zh = atelier::content_i18n::Locale::ZhTw;
        atelier::voting::polls::list(&db, Some(&viewer), zh)
            .await
            .unwrap()
    })
    .await
}
