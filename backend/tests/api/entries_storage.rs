//! Where entries are stored: on S3, what an unreachable store does to an
//! upload, and the sweep of orphaned objects.

use sea_orm::{EntityTrait, PaginatorTrait};

use crate::both_databases;
use crate::helpers::{
    Db, S3Server, closed_port_endpoint, files_under, png_bytes, spawn, spawn_with,
};

both_databases!(
    entries_are_stored_on_s3,
    head_on_a_media_url_answers_like_get_without_the_body,
    an_unreachable_store_is_a_503_and_leaves_no_row,
    the_sweeper_removes_only_orphans,
);

async fn entries_are_stored_on_s3(db: Db) {
    let s3 = S3Server::start().await;
    let app = spawn_with(db, |s| s3.configure(s)).await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let e = app
        .new_entry(&mei, "lanterns", "On S3", png_bytes(300, 200))
        .await;
    let in_bucket = files_under(&s3.root.path().join(&s3.bucket));
    assert_eq!(in_bucket.len(), 3, "{in_bucket:?}");
    let res = app.get(&e.thumbnail_url).await;
    assert_eq!(res.status(), 200);
    assert!(image::load_from_memory(&res.bytes().await.unwrap()).is_ok());
}

/// On both stores: the headers of GET, no body.
async fn head_on_a_media_url_answers_like_get_without_the_body(db: Db) {
    let s3 = S3Server::start().await;
    for on_s3 in [false, true] {
        let app = if on_s3 {
            spawn_with(db, |s| s3.configure(s)).await
        } else {
            spawn(db).await
        };
        app.open_challenge("lanterns", 1).await;
        let mei = app.as_member("mei").await;
        let e = app
            .new_entry(&mei, "lanterns", "Heads", png_bytes(300, 200))
            .await;
        let url = format!("{}{}", app.address, e.thumbnail_url);
        let get = app.client.get(&url).send().await.unwrap();
        assert_eq!(get.status(), 200);
        let get_type = get.headers()["content-type"].clone();
        let get_etag = get.headers()["etag"].clone();
        let len = get.bytes().await.unwrap().len();
        assert!(len > 0);

        let head = app.client.head(&url).send().await.unwrap();
        assert_eq!(head.status(), 200, "s3: {on_s3}");
        assert_eq!(head.headers()["content-type"], get_type);
        assert_eq!(head.headers()["etag"], get_etag);
        assert_eq!(head.headers()["content-length"], len.to_string().as_str());
        assert!(head.bytes().await.unwrap().is_empty());

        let missing = app
            .client
            .head(format!(
                "{}/api/v1/media/media/nope/thumb.webp",
                app.address
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
    }
}

async fn an_unreachable_store_is_a_503_and_leaves_no_row(db: Db) {
    let app = spawn_with(db, |s| {
        s.storage.kind = atelier::config::StorageKind::S3;
        s.storage.s3.endpoint = Some(closed_port_endpoint());
        s.storage.s3.access_key_id = "k".into();
        s.storage.s3.timeout_secs = 2;
    })
    .await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    app.submit_entry(&mei, "lanterns", "Lost?", "", png_bytes(300, 200))
        .await
        .expect_error(503, "store_unavailable");
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
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    app.new_entry(&mei, "lanterns", "Kept", png_bytes(300, 200))
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
    assert_eq!(files_under(&app.data_dir().join("objects")).len(), 3);
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
