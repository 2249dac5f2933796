use atelier_api::{ChallengeList, ChallengeStatus, Phase, SiteInfo};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::both_databases;
use crate::helpers::{ANON, Db, spawn_settings, spawn_with, test_settings};

both_databases!(
    demo_data_has_a_published_challenge_in_each_phase,
    drafts_are_not_public,
    challenges_filter_by_phase,
    site_info_counts_members_and_challenges,
    demo_data_is_seeded_only_once,
    an_empty_database_without_demo_has_no_challenges,
    the_demo_has_entries_votes_winners_and_polls,
);

async fn the_demo_has_entries_votes_winners_and_polls(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let page: atelier_api::EntryPage = app
        .get_json("/api/v1/challenges/taipei-dusk-palette/entries", ANON)
        .await
        .json();
    assert_eq!(page.items.len(), 4);
    let thumb = app.get(&page.items[0].thumbnail_url).await;
    assert_eq!(thumb.status(), 200);
    assert!(image::load_from_memory(&thumb.bytes().await.unwrap()).is_ok());
    let results: atelier_api::ChallengeResults = app
        .get_json("/api/v1/challenges/bubble-tea-packaging/results", ANON)
        .await
        .json();
    assert_eq!(results.winners.len(), 2);
    assert!(results.ranking.iter().all(|r| r.votes == 4));
    assert_eq!(results.winners[0].entry.id, results.ranking[0].entry.id);
    let polls: atelier_api::PollList = app.get_json("/api/v1/polls", ANON).await.json();
    assert_eq!(polls.items.len(), 2);
    let closed = polls
        .items
        .iter()
        .find(|p| p.state == atelier_api::PollState::Closed)
        .unwrap();
    let r: atelier_api::PollResults = app
        .get_json(&format!("/api/v1/polls/{}/results", closed.id), ANON)
        .await
        .json();
    assert_eq!(r.ballots, 4);
    assert!(r.winner.is_some());
}

async fn demo_data_has_a_published_challenge_in_each_phase(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let list: ChallengeList = app.get_json("/api/v1/challenges", ANON).await.json();
    assert_eq!(list.items.len(), 4);
    assert!(
        list.items
            .iter()
            .all(|c| c.status == ChallengeStatus::Published)
    );
    let mut phases: Vec<_> = list.items.iter().map(|c| c.phase).collect();
    phases.sort_by_key(|p| p.as_str());
    assert_eq!(
        phases,
        vec![
            Phase::Results,
            Phase::Submissions,
            Phase::Upcoming,
            Phase::Voting
        ]
    );
    // Newest first.
    assert!(
        list.items
            .windows(2)
            .all(|w| w[0].submissions_open_at >= w[1].submissions_open_at)
    );
    let colour = list
        .items
        .iter()
        .find(|c| c.slug == "taipei-dusk-palette")
        .unwrap();
    assert_eq!(colour.palette.len(), 5);
}

async fn drafts_are_not_public(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    app.get_json("/api/v1/challenges/dragon-boat-poster", ANON)
        .await
        .expect_error(404, "not_found");
    let res = app.get("/api/v1/challenges/lunar-new-year-lanterns").await;
    assert_eq!(res.status(), 200);
    let c: atelier_api::ChallengeSummary = res.json().await.unwrap();
    assert_eq!(c.phase, Phase::Submissions);
}

async fn challenges_filter_by_phase(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let list: ChallengeList = app
        .get_json("/api/v1/challenges?phase=voting", ANON)
        .await
        .json();
    let slugs: Vec<_> = list.items.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, vec!["taipei-dusk-palette"]);
}

async fn site_info_counts_members_and_challenges(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let info: SiteInfo = app.get_json("/api/v1/site", ANON).await.json();
    assert_eq!(info.name, "Atelier");
    assert_eq!(info.members, 7);
    assert_eq!(info.challenges, 4);
}

async fn demo_data_is_seeded_only_once(db: Db) {
    let first = spawn_with(db, |s| s.demo.seed = true).await;
    // A second app on the same database and data dir finds users and seeds nothing.
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.database_url = first.settings.database_url.clone();
    settings.data_dir = first.settings.data_dir.clone();
    settings.demo.seed = true;
    let second = spawn_settings(settings, dir, None).await;
    let info: SiteInfo = second.get_json("/api/v1/site", ANON).await.json();
    assert_eq!(info.members, 7);
    assert_eq!(info.challenges, 4);
    let rows = atelier::entities::challenge::Entity::find()
        .count(&second.db)
        .await
        .unwrap();
    assert_eq!(rows, 5, "four published challenges and one draft");
}

async fn an_empty_database_without_demo_has_no_challenges(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = false).await;
    let list: ChallengeList = app.get_json("/api/v1/challenges", ANON).await.json();
    assert!(list.items.is_empty());
}
