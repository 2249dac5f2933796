//! Perceptual hashes of an earlier hash version: the duplicate lookup never
//! compares them with current ones, and the rehash recomputes them from the
//! stored thumbnails — called directly, at a server's start and as
//! `atelier rehash`.

use std::sync::Arc;
use std::time::Duration;

use atelier::entities::{media, submission};
use atelier::media::pipeline::{self, PHASH_VERSION, hamming};
use atelier::media::rehash;
use atelier::storage::Store;
use atelier_api::EntryDetail;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tokio::sync::Semaphore;

use crate::both_databases;
use crate::helpers::test_image;
use crate::helpers::{Db, TestApp, spawn};

both_databases!(
    old_hashes_are_recomputed_from_the_thumbnails,
    the_duplicate_lookup_never_compares_hashes_of_another_version,
    a_starting_server_recomputes_old_hashes_in_the_background,
    the_atelier_rehash_command_recomputes_old_hashes,
);

/// The version the former hand-written hash wrote.
const OLD_VERSION: i16 = 1;

async fn media_of(app: &TestApp, entry_id: i64) -> media::Model {
    let entry = submission::Entity::find_by_id(entry_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    media::Entity::find_by_id(entry.media_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn reload(app: &TestApp, m: &media::Model) -> media::Model {
    media::Entity::find_by_id(m.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

fn bits(m: &media::Model) -> u64 {
    u64::from_ne_bytes(m.phash.to_ne_bytes())
}

/// Makes a row look as if the former hash had made `phash`.
async fn make_old(app: &TestApp, m: &media::Model, phash: u64) {
    let mut row: media::ActiveModel = m.clone().into();
    row.phash = Set(i64::from_ne_bytes(phash.to_ne_bytes()));
    row.phash_version = Set(OLD_VERSION);
    row.update(&app.db).await.unwrap();
}

async fn store(app: &TestApp) -> Arc<dyn Store> {
    atelier::storage::open(&app.settings).await.unwrap()
}

/// The current hash of a row's stored thumbnail, computed here.
async fn thumbnail_hash(store: &dyn Store, m: &media::Model) -> u64 {
    let bytes = store
        .get(&m.thumb_key)
        .await
        .unwrap()
        .into_bytes()
        .await
        .unwrap();
    pipeline::thumbnail_phash(&bytes).unwrap()
}

async fn rehash_now(app: &TestApp, store: &dyn Store) -> rehash::Report {
    rehash::run(&app.db, store, &Arc::new(Semaphore::new(2)))
        .await
        .unwrap()
}

/// Waits until the row has the current hash version.
async fn until_rehashed(app: &TestApp, m: &media::Model) -> media::Model {
    for _ in 0..300 {
        let now = reload(app, m).await;
        if now.phash_version == PHASH_VERSION {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("media {} was not rehashed within 30 s", m.id);
}

/// A copy of a picture as someone might re-upload it: resized, re-encoded.
fn resized_copy(original: &[u8], edge: u32) -> Vec<u8> {
    let img = image::load_from_memory(original).unwrap().resize(
        edge,
        edge,
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
}

async fn old_hashes_are_recomputed_from_the_thumbnails(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 3).await;
    let mei = app.register("mei").await;
    let mut rows = Vec::new();
    for (title, image) in [
        ("Cat", "jpg__progressive__cat.jpg"),
        ("Ball", "png__apng__ball.png"),
        ("Lost", "jpg__progressive__3.jpg"),
    ] {
        let e = app
            .new_entry(&mei.access_token, "lanterns", title, test_image(image))
            .await;
        let m = media_of(&app, e.id).await;
        assert_eq!(m.phash_version, PHASH_VERSION, "new uploads are current");
        make_old(&app, &m, !bits(&m)).await;
        rows.push(m);
    }
    let store = store(&app).await;
    // One thumbnail can no longer be read.
    store.delete(&rows[2].thumb_key).await.unwrap();

    let report = rehash_now(&app, store.as_ref()).await;
    assert_eq!((report.updated, report.failed), (2, 1), "{report:?}");
    for before in &rows[..2] {
        let after = reload(&app, before).await;
        assert_eq!(after.phash_version, PHASH_VERSION);
        assert_eq!(bits(&after), thumbnail_hash(store.as_ref(), &after).await);
        // The thumbnail is the upload's own pixels, lossily encoded: its
        // hash is within a bit or two of the one made at upload.
        let d = hamming(bits(&after), bits(before));
        assert!(
            d <= 2,
            "media {}: {d} bits from the upload's hash",
            before.id
        );
    }
    let lost = reload(&app, &rows[2]).await;
    assert_eq!(lost.phash_version, OLD_VERSION, "left for a later pass");
    assert_eq!(bits(&lost), !bits(&rows[2]));

    let again = rehash_now(&app, store.as_ref()).await;
    assert_eq!((again.updated, again.failed), (0, 1), "{again:?}");
}

async fn staff_view(app: &TestApp, token: &str, id: i64) -> EntryDetail {
    app.request(Method::GET, &format!("/api/v1/entries/{id}"), token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn the_duplicate_lookup_never_compares_hashes_of_another_version(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let mei = app.register("mei").await;
    let thief = app.register("thief").await;
    let original = test_image("jpg__progressive__cat.jpg");
    let first = app
        .new_entry(&mei.access_token, "lanterns", "Mine", original.clone())
        .await;
    // The very same bits, but said to come from the former hash: another
    // construction's bits mean nothing to this one.
    let m = media_of(&app, first.id).await;
    make_old(&app, &m, bits(&m)).await;

    let copy = resized_copy(&original, 500);
    let unflagged = app
        .new_entry(&thief.access_token, "lanterns", "Copy", copy)
        .await;
    let view = staff_view(&app, &staff.token, unflagged.id).await;
    assert_eq!(view.duplicate_of, None, "compared with a version-1 hash");
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/entries/{}", unflagged.id),
            &thief.access_token,
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "withdrawing: {}", res.status());

    // Recomputed, the first entry takes part in the lookup again.
    let report = rehash_now(&app, store(&app).await.as_ref()).await;
    assert_eq!(report.updated, 1);
    let copy = resized_copy(&original, 450);
    let flagged = app
        .new_entry(&thief.access_token, "lanterns", "Copy", copy)
        .await;
    let view = staff_view(&app, &staff.token, flagged.id).await;
    assert_eq!(view.duplicate_of, Some(first.id));
}

async fn a_starting_server_recomputes_old_hashes_in_the_background(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 3).await;
    let mei = app.register("mei").await;
    let e = app
        .new_entry(
            &mei.access_token,
            "lanterns",
            "Cat",
            test_image("jpg__progressive__cat.jpg"),
        )
        .await;
    let m = media_of(&app, e.id).await;
    make_old(&app, &m, !bits(&m)).await;

    // Another server on the same database and store, as after an upgrade.
    let _second = atelier::app::Application::build(app.settings.clone())
        .await
        .unwrap();
    let after = until_rehashed(&app, &m).await;
    assert_eq!(
        bits(&after),
        thumbnail_hash(store(&app).await.as_ref(), &after).await
    );
}

async fn the_atelier_rehash_command_recomputes_old_hashes(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 3).await;
    let mei = app.register("mei").await;
    let e = app
        .new_entry(
            &mei.access_token,
            "lanterns",
            "Cat",
            test_image("jpg__progressive__cat.jpg"),
        )
        .await;
    let m = media_of(&app, e.id).await;
    make_old(&app, &m, !bits(&m)).await;

    let out = app
        .atelier_command()
        .arg("rehash")
        .current_dir(app.data_dir().parent().unwrap())
        .env("ATELIER_DATA_DIR", app.data_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "atelier rehash failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("recomputed 1 perceptual hashes; 0 could not be"),
        "{stdout}"
    );
    let after = reload(&app, &m).await;
    assert_eq!(after.phash_version, PHASH_VERSION);
    assert_eq!(
        bits(&after),
        thumbnail_hash(store(&app).await.as_ref(), &after).await
    );
}
