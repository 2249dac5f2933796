//! The template search index against the real `templates` table on both
//! databases: a rebuild finds what is published, a catch-up follows edits
//! made through another node, and `atelier reindex` fills an index directory.

use atelier::entities::{template, template_tag};
use atelier::search::catalogue::{changed, matching_ids};
use atelier::search::{SearchIndex, catch_up, rebuild_from_db};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::both_databases;
use crate::helpers::{Db, TestApp, spawn};

struct Row<'a> {
    title: &'a str,
    description: &'a str,
    status: &'a str,
    tags: &'a [&'a str],
}

async fn insert(db: &DatabaseConnection, creator_id: i64, row: Row<'_>) -> i64 {
    let now = Utc::now();
    let id = template::ActiveModel {
        creator_id: Set(creator_id),
        title: Set(row.title.into()),
        description_md: Set(row.description.into()),
        category: Set("packaging".into()),
        canvas_width: Set(210),
        canvas_height: Set(297),
        canvas_unit: Set("mm".into()),
        canvas_dpi: Set(Some(300)),
        licence: Set("free_personal".into()),
        price_minor: Set(0),
        currency: Set("TWD".into()),
        status: Set(row.status.into()),
        popularity: Set(0.0),
        colours: Set("[]".into()),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set((row.status == "published").then_some(now)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    for tag in row.tags {
        template_tag::ActiveModel {
            template_id: Set(id),
            tag: Set((*tag).into()),
        }
        .insert(db)
        .await
        .unwrap();
    }
    id
}

async fn retitle(db: &DatabaseConnection, id: i64, title: &str, at: DateTime<Utc>) {
    let row = template::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut row: template::ActiveModel = row.into();
    row.title = Set(title.into());
    row.updated_at = Set(at);
    row.update(db).await.unwrap();
}

async fn seed(app: &TestApp) -> (i64, i64, i64) {
    let mei = app.register("mei").await.user.id;
    let packaging = insert(
        &app.db,
        mei,
        Row {
            title: "環保包裝設計模板",
            description: "A **recyclable** box dieline.",
            status: "published",
            tags: &["中秋", "gift"],
        },
    )
    .await;
    let poster = insert(
        &app.db,
        mei,
        Row {
            title: "Retro concert poster",
            description: "",
            status: "published",
            tags: &[],
        },
    )
    .await;
    let draft = insert(
        &app.db,
        mei,
        Row {
            title: "包裝草稿 poster draft",
            description: "",
            status: "in_review",
            tags: &[],
        },
    )
    .await;
    (packaging, poster, draft)
}

async fn a_rebuild_finds_published_templates_and_a_catch_up_follows_edits(db: Db) {
    let app = spawn(db).await;
    let (packaging, poster, _draft) = seed(&app).await;
    // Another node's index on the same database.
    let index = SearchIndex::in_memory().unwrap();
    assert_eq!(rebuild_from_db(&app.db, &index).await.unwrap(), 2);
    assert_eq!(index.search("包裝", 10).await.unwrap(), vec![packaging]);
    assert_eq!(index.search("postr", 10).await.unwrap(), vec![poster]);
    assert_eq!(index.search("中秋", 10).await.unwrap(), vec![packaging]);
    assert_eq!(index.search("mei", 10).await.unwrap().len(), 2);
    assert_eq!(
        index.search("recyclable", 10).await.unwrap(),
        vec![packaging]
    );

    let mark = index.watermark().expect("a rebuild sets the watermark");
    retitle(&app.db, poster, "Retro gig flyer", Utc::now()).await;
    let newer = catch_up(&app.db, &index, mark).await.unwrap();
    assert!(newer > mark);
    assert_eq!(index.search("flyer", 10).await.unwrap(), vec![poster]);
    assert!(index.search("poster", 10).await.unwrap().is_empty());
    // Nothing changed since: the same watermark, the same answers.
    assert_eq!(catch_up(&app.db, &index, newer).await.unwrap(), newer);
    assert_eq!(index.search("flyer", 10).await.unwrap(), vec![poster]);
}

async fn the_reindex_command_fills_an_index_directory(db: Db) {
    let app = spawn(db).await;
    let (packaging, poster, _draft) = seed(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let out = app
        .atelier_command()
        .arg("reindex")
        .current_dir(dir.path())
        .env("ATELIER_DATA_DIR", app.data_dir())
        .env("ATELIER_SEARCH__DIR", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "atelier reindex failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("indexed 2 templates into"), "{stdout}");
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.search("包裝", 10).await.unwrap(), vec![packaging]);
    assert_eq!(
        index.search("recyclabel", 10).await.unwrap(),
        vec![packaging]
    );
    assert_eq!(index.search("poster", 10).await.unwrap(), vec![poster]);
}

async fn reindex_refuses_an_index_the_running_server_holds(db: Db) {
    let app = spawn(db).await;
    let out = app
        .atelier_command()
        .arg("reindex")
        .current_dir(app.data_dir().parent().unwrap())
        .env("ATELIER_DATA_DIR", app.data_dir())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("in use by another process"), "{stderr}");
    // the server's index is where the settings say
    let version = format!("v{}", atelier::search::SCHEMA_VERSION);
    assert!(
        app.data_dir()
            .join("search/templates")
            .join(version)
            .join("meta.json")
            .exists()
    );
}

/// The calls `templates::search` forwards to, on a second node's state
/// (its index in memory: the running app holds the directory).
async fn the_catalogue_calls_follow_a_template_through_its_states(db: Db) {
    let app = spawn(db).await;
    let (packaging, _poster, draft) = seed(&app).await;
    let store = atelier::storage::open(&app.settings).await.unwrap();
    let state = atelier::state::AppState::new(app.settings.clone(), app.db.clone(), store).unwrap();
    assert_eq!(state.search.dir(), None);
    rebuild_from_db(&state.db, &state.search).await.unwrap();
    assert_eq!(
        matching_ids(&state, "包裝", 10).await.unwrap(),
        vec![packaging]
    );

    // the draft is approved...
    let row = template::Entity::find_by_id(draft)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: template::ActiveModel = row.into();
    row.status = Set("published".into());
    row.updated_at = Set(Utc::now());
    row.update(&app.db).await.unwrap();
    changed(&state, draft).await.unwrap();
    let mut found = matching_ids(&state, "包裝", 10).await.unwrap();
    found.sort_unstable();
    assert_eq!(found, vec![packaging, draft]);

    // ...and deleted
    template::Entity::delete_by_id(draft)
        .exec(&app.db)
        .await
        .unwrap();
    changed(&state, draft).await.unwrap();
    assert_eq!(
        matching_ids(&state, "包裝", 10).await.unwrap(),
        vec![packaging]
    );
    assert!(matching_ids(&state, "  ", 10).await.unwrap().is_empty());
}

both_databases!(
    the_catalogue_calls_follow_a_template_through_its_states,
    a_rebuild_finds_published_templates_and_a_catch_up_follows_edits,
    the_reindex_command_fills_an_index_directory,
    reindex_refuses_an_index_the_running_server_holds,
);
