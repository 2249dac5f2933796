//! Lists in the language asked for: every challenge resolves to its own
//! words in a fixed number of queries, and the demo is written in English
//! and Traditional Chinese throughout.

use atelier_api::{ChallengeDetail, ChallengeList};
use serde_json::json;

use crate::both_databases;
use crate::content_locale::{counting_queries, get_in, lanterns};
use crate::helpers::{Db, TestApp, challenge_body, spawn, spawn_with};

both_databases!(
    the_challenge_list_resolves_every_item_in_two_queries,
    the_demo_is_written_in_both_languages,
);

/// The published challenges in zh-TW straight from the service, and the
/// number of queries that took.
async fn listed_in_chinese(app: &TestApp) -> (Vec<atelier_api::ChallengeSummary>, usize) {
    counting_queries(app, |db| async move {
        let zh = atelier::content_i18n::Locale::ZhTw;
        atelier::challenges::service::list(&db, false, None, zh)
            .await
            .unwrap()
    })
    .await
}

async fn the_challenge_list_resolves_every_item_in_two_queries(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    for i in 0..2 {
        let mut body = lanterns(&format!("first-{i}"));
        body["translations"]["zh-TW"]["title"] = json!(format!("花燈 {i}"));
        app.create_challenge(&staff, &body).await;
    }
    let (few, few_queries) = listed_in_chinese(&app).await;
    assert_eq!(few.len(), 2);
    for i in 0..6 {
        let slug = format!("more-{i}");
        if i % 2 == 0 {
            let mut body = lanterns(&slug);
            body["translations"]["zh-TW"]["title"] = json!(format!("更多 {i}"));
            app.create_challenge(&staff, &body).await;
        } else {
            app.create_challenge(&staff, &challenge_body(&slug, -1))
                .await;
        }
    }
    let (many, many_queries) = listed_in_chinese(&app).await;
    assert_eq!(many.len(), 8);
    assert_eq!(few_queries, many_queries, "queries grow with the list");
    assert_eq!(many_queries, 2, "the challenges and their translations");
    // Over HTTP every item comes in its own words.
    let list: ChallengeList = get_in(&app, "/api/v1/challenges", "zh-TW", None)
        .await
        .json();
    for c in &list.items {
        let want = match c.slug.split_once('-') {
            Some(("first", i)) => format!("花燈 {i}"),
            Some(("more", i)) if i.parse::<u32>().unwrap() % 2 == 0 => format!("更多 {i}"),
            _ => format!("Challenge {}", c.slug),
        };
        assert_eq!(c.title, want, "{}", c.slug);
    }
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn the_demo_is_written_in_both_languages(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let staff = app.as_staff("reviewer").await;
    let all: ChallengeList = get_in(
        &app,
        "/api/v1/challenges?include=all",
        "zh-TW",
        Some(&staff),
    )
    .await
    .json();
    assert_eq!(all.items.len(), 5);
    for c in &all.items {
        let path = format!("/api/v1/challenges/{}", c.slug);
        let d: ChallengeDetail = get_in(&app, &path, "zh-TW", Some(&staff)).await.json();
        let texts = d.texts.unwrap();
        for field in ["title", "brief", "prizes"] {
            assert!(!has_chinese(&texts["en"][field]), "{} en {field}", c.slug);
            assert!(
                has_chinese(&texts["zh-TW"][field]),
                "{} zh-TW {field}",
                c.slug
            );
        }
        assert!(has_chinese(&c.title), "{}", c.title);
        assert!(
            has_chinese(&d.brief) && has_chinese(&d.prizes),
            "{}",
            c.slug
        );
    }
    let polls: atelier_api::PollList = get_in(&app, "/api/v1/polls", "zh-TW", None).await.json();
    assert_eq!(polls.items.len(), 2);
    for p in &polls.items {
        assert!(has_chinese(&p.question) && has_chinese(&p.product) && has_chinese(&p.description));
        assert!(
            p.options.iter().all(|o| has_chinese(&o.label)),
            "{:?}",
            p.options
        );
    }
    let english: atelier_api::PollList = get_in(&app, "/api/v1/polls", "en", None).await.json();
    assert!(english.items.iter().all(|p| !has_chinese(&p.question)));
}
