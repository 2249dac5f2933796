//! No lost objects: every kind of stored object survives the orphan sweep
//! while a row refers to it, orphans go, and every store-key column of the
//! live schema is in the sweeper's registry. Originals are never public.

use std::time::Duration;

use atelier::storage::Store;
use atelier::storage::references::{NOT_STORE_KEYS, Prefix, STORE_KEY_COLUMNS};
use atelier_api::{ChallengeDetail, Me, Poll};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, png_bytes, spawn};

both_databases!(
    every_store_key_column_is_registered,
    entry_media_survives_the_sweep_while_referenced,
    a_cover_survives_the_sweep_while_referenced,
    an_avatar_survives_the_sweep_while_referenced,
    a_poll_option_image_survives_atelier_sweep,
    the_atelier_sweep_command_removes_orphans,
    originals_cannot_be_reached_from_a_rendition_key,
);

async fn store(app: &TestApp) -> std::sync::Arc<dyn Store> {
    atelier::storage::open(&app.settings).await.unwrap()
}

/// Writes an object no row refers to under `prefix`; returns its key.
async fn orphan(store: &dyn Store, prefix: Prefix) -> String {
    let key = format!(
        "{}orphan-{}/thumb.png",
        prefix.as_str(),
        uuid::Uuid::new_v4().simple()
    );
    store
        .put(&key, bytes::Bytes::from(png_bytes(8, 8)), "image/png")
        .await
        .unwrap();
    key
}

async fn sweep_now(app: &TestApp, store: &dyn Store) -> usize {
    atelier::entries::sweeper::sweep(&app.db, store, Duration::ZERO)
        .await
        .unwrap()
}

/// Asserts each key exists in the store and sits under a listed prefix.
async fn assert_kept(store: &dyn Store, keys: &[&str]) {
    for key in keys {
        assert!(Prefix::of(key).is_some(), "{key} is under no swept prefix");
        assert!(store.exists(key).await.unwrap(), "{key} was swept away");
    }
}

/// `(table, column)` of every column in the live schema.
async fn schema_columns(db: &sea_orm::DatabaseConnection) -> Vec<(String, String)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get_by_index::<String>(0).unwrap(),
                r.try_get_by_index::<String>(1).unwrap(),
            )
        })
        .collect()
}

/// The naming rule of `storage::references`: a column whose name ends in
/// `_key` holds a store key and must be registered (or listed as not one).
async fn every_store_key_column_is_registered(db: Db) {
    let app = spawn(db).await;
    let columns = schema_columns(&app.db).await;
    assert!(
        columns
            .iter()
            .any(|(t, c)| t == "media" && c == "display_key"),
        "the schema walk found no columns: {columns:?}"
    );
    let known = |t: &str, c: &str| {
        STORE_KEY_COLUMNS.contains(&(t, c)) || NOT_STORE_KEYS.iter().any(|n| n.0 == t && n.1 == c)
    };
    let missing: Vec<_> = columns
        .iter()
        .filter(|(t, c)| c.ends_with("_key") && !known(t, c))
        .collect();
    assert!(
        missing.is_empty(),
        "columns named *_key missing from storage::references::STORE_KEY_COLUMNS \
         (the sweeper would delete what they refer to): {missing:?}"
    );
    for (t, c) in STORE_KEY_COLUMNS {
        assert!(
            columns.iter().any(|(ct, cc)| ct == t && cc == c),
            "registered column {t}.{c} is not in the schema"
        );
    }
}

async fn entry_media_survives_the_sweep_while_referenced(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let e = app
        .new_entry(&mei, "lanterns", "Kept", png_bytes(300, 200))
        .await;
    let store = store(&app).await;
    let orphans = [
        orphan(store.as_ref(), Prefix::Media).await,
        orphan(store.as_ref(), Prefix::Originals).await,
    ];
    assert_eq!(sweep_now(&app, store.as_ref()).await, 2);
    let m = atelier::entities::media::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_kept(
        store.as_ref(),
        &[&m.original_key, &m.display_key, &m.thumb_key],
    )
    .await;
    for key in &orphans {
        assert!(!store.exists(key).await.unwrap(), "{key} was kept");
    }
    assert_eq!(app.get(&e.display_url).await.status(), 200);
    app.get_json(&format!("/api/v1/entries/{}/original", e.id), &mei)
        .await
        .expect_status(200);
}

async fn a_cover_survives_the_sweep_while_referenced(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    let c: ChallengeDetail = app
        .upload_cover(&staff, "lanterns", png_bytes(400, 200))
        .await
        .expect_status(200)
        .json();
    let store = store(&app).await;
    let gone = orphan(store.as_ref(), Prefix::Covers).await;
    assert_eq!(sweep_now(&app, store.as_ref()).await, 1);
    let key = atelier::entities::challenge::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .cover_key
        .unwrap();
    assert_kept(store.as_ref(), &[&key]).await;
    assert!(!store.exists(&gone).await.unwrap());
    assert_eq!(app.get(&c.summary.cover_url.unwrap()).await.status(), 200);
}

async fn an_avatar_survives_the_sweep_while_referenced(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;
    let me: Me = app
        .upload_avatar(&mei, png_bytes(200, 200))
        .await
        .expect_status(200)
        .json();
    let store = store(&app).await;
    let gone = orphan(store.as_ref(), Prefix::Avatars).await;
    assert_eq!(sweep_now(&app, store.as_ref()).await, 1);
    let key = atelier::entities::user::Entity::find_by_id(mei.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .avatar_key
        .unwrap();
    assert_kept(store.as_ref(), &[&key]).await;
    assert!(!store.exists(&gone).await.unwrap());
    assert_eq!(app.get(&me.avatar_url.unwrap()).await.status(), 200);
}

/// Runs the `atelier sweep` binary against the app's database and store.
fn atelier_sweep(app: &TestApp, grace_secs: u64) -> String {
    let out = app
        .atelier_command()
        .arg("sweep")
        .current_dir(app.data_dir().parent().unwrap())
        .env("ATELIER_DATA_DIR", app.data_dir())
        .env("ATELIER_MEDIA__ORPHAN_GRACE_SECS", grace_secs.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "atelier sweep failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn a_poll_option_image_survives_atelier_sweep(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let poll = app
        .create_poll(
            &staff,
            &json!({
            "question": "Which name for the oolong?",
            "product": "Seasonal oolong",
            "description": "Two names from the community.",
            "method": "single",
            "eligibility": "all_members",
            "allow_change": true,
            "opens_at": Utc::now() + chrono::Duration::hours(1),
            "closes_at": Utc::now() + chrono::Duration::hours(2),
            "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
            }),
        )
        .await;
    let option = poll.options[0].id;
    let poll: Poll = app
        .upload_poll_option_image(&staff, poll.id, option, png_bytes(300, 300))
        .await
        .expect_status(200)
        .json();
    let url = poll.options[0].image_url.clone().unwrap();
    let store = store(&app).await;
    let gone = orphan(store.as_ref(), Prefix::Media).await;

    assert_eq!(sweep_like_the_cli(&app, 0).await, 1);
    let key = atelier::entities::poll_option::Entity::find_by_id(option)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .image_key
        .unwrap();
    assert_kept(store.as_ref(), &[&key]).await;
    assert!(!store.exists(&gone).await.unwrap());
    assert_eq!(app.get(&url).await.status(), 200, "{url}");

    // Within the grace period even an orphan stays.
    let young = orphan(store.as_ref(), Prefix::Media).await;
    assert_eq!(sweep_like_the_cli(&app, 3600).await, 0);
    assert!(store.exists(&young).await.unwrap());
}

/// What `atelier sweep` runs, with the app's settings.
async fn sweep_like_the_cli(app: &TestApp, grace_secs: u64) -> usize {
    let mut settings = app.settings.clone();
    settings.media.orphan_grace_secs = grace_secs;
    atelier::entries::sweeper::run_once(&settings)
        .await
        .unwrap()
}

/// The `atelier sweep` binary removes an orphan and keeps what rows use.
async fn the_atelier_sweep_command_removes_orphans(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    app.new_entry(&mei, "lanterns", "Kept", png_bytes(300, 200))
        .await;
    let store = store(&app).await;
    let gone = orphan(store.as_ref(), Prefix::Media).await;
    let out = atelier_sweep(&app, 0);
    assert!(out.contains("removed 1 orphan objects"), "{out}");
    assert!(!store.exists(&gone).await.unwrap());
    let m = atelier::entities::media::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_kept(
        store.as_ref(),
        &[&m.original_key, &m.display_key, &m.thumb_key],
    )
    .await;
}

/// Originals live in their own random folder; no key derived from a public
/// rendition reaches one, and originals kept under `media/` by earlier
/// versions are refused by a lookup of the media table.
async fn originals_cannot_be_reached_from_a_rendition_key(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let e = app
        .new_entry(&mei, "lanterns", "Lantern", png_bytes(320, 240))
        .await;
    let m = atelier::entities::media::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(Prefix::of(&m.original_key), Some(Prefix::Originals));
    let display_dir = m.display_key.rsplit_once('/').unwrap().0;
    let original_dir = m.original_key.rsplit_once('/').unwrap().0;
    let original_name = m.original_key.rsplit_once('/').unwrap().1;
    let original_id = original_dir.rsplit_once('/').unwrap().1;
    assert!(!m.display_key.contains(original_id));
    let media = |key: &str| format!("/api/v1/media/{key}");
    let mut guesses = vec![
        m.original_key.clone(),
        format!("{display_dir}/{original_name}"),
        m.display_key.replace("display.", "original."),
        format!("media/{original_id}/{original_name}"),
    ];
    for ext in ["jpg", "jpeg", "png", "webp", "gif"] {
        guesses.push(format!("{display_dir}/original.{ext}"));
    }
    for key in &guesses {
        app.get_json(&media(key), ANON)
            .await
            .expect_error(404, "not_found");
    }

    // An original stored the old way, beside its renditions, under a name
    // that does not give it away.
    let store = store(&app).await;
    let legacy = format!("{display_dir}/source.jpg");
    let bytes = store
        .get(&m.original_key)
        .await
        .unwrap()
        .into_bytes()
        .await
        .unwrap();
    store.put(&legacy, bytes, "image/jpeg").await.unwrap();
    let mut am: atelier::entities::media::ActiveModel = m.into();
    am.original_key = sea_orm::Set(legacy.clone());
    sea_orm::ActiveModelTrait::update(am, &app.db)
        .await
        .unwrap();
    app.get_json(&media(&legacy), ANON)
        .await
        .expect_error(404, "not_found");
    assert_eq!(app.get(&e.display_url).await.status(), 200);
    for who in [&mei, &staff] {
        let res = app
            .get_json(&format!("/api/v1/entries/{}/original", e.id), who)
            .await
            .expect_status(200);
        assert!(image::load_from_memory(&res.body).is_ok());
    }
}
