//! What is uploaded with a template: previews through the image pipeline
//! (and the colours they give it), source files recognised by content and
//! kept private, SVG sources cleaned, and downloads through signed,
//! expiring links (HMAC with FileStore, presigned with S3).

use atelier_api::{DownloadLink, TemplateDetail, TemplateFile, TemplatePreview};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answered, Db, S3Server, TestApp, User, spawn, spawn_with};
use crate::templates_support::{SVG, body, solid_png};

both_databases!(
    previews_go_through_the_pipeline_and_colour_the_template,
    sources_are_recognised_by_their_content,
    an_svg_reaches_a_licence_holder_without_scripts_handlers_or_external_references,
    downloads_need_a_licence_and_links_expire_and_resist_tampering,
    with_s3_the_link_is_a_presigned_url_of_the_bucket,
);

/// Scripts, handlers and references a downloaded SVG must not carry.
const HOSTILE_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="200" onload="alert('onload')">
  <script type="text/javascript">alert('script')</script>
  <rect width="300" height="200" fill="#2e7d32" onmouseover="alert('over')"/>
  <a xlink:href="javascript:alert('link')"><circle cx="150" cy="100" r="50" fill="#f4d35e"/></a>
  <image href="http://tracker.example/pixel.png" width="1" height="1"/>
  <image xlink:href="file:///etc/passwd" width="1" height="1"/>
  <image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMikiLz4=" width="5" height="5"/>
  <use href="https://cdn.example/sprite.svg#icon"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
</svg>"##;

async fn previews_go_through_the_pipeline_and_colour_the_template(db: Db) {
    let app = spawn(db).await;
    let expert = app.as_expert("mei").await;
    let other = app.as_expert("kai").await;
    let t = app
        .create_template(&expert, &body("Red poster", "poster", &[], 0))
        .await;
    let id = t.card.id;
    app.add_preview(&other, id, solid_png(40, 40, [0, 0, 0]))
        .await
        .expect_error(404, "not_found");
    app.add_preview(&expert, id, b"not an image".to_vec())
        .await
        .expect_error(415, "unsupported_image_format");
    let first: TemplatePreview = app
        .add_preview(&expert, id, solid_png(320, 200, [200, 16, 46]))
        .await
        .expect_status(201)
        .json();
    assert_eq!((first.width, first.height), (320, 200));
    assert!(
        first.url.starts_with("/api/v1/media/media/"),
        "{}",
        first.url
    );
    app.get(&first.thumbnail_url)
        .await
        .error_for_status()
        .unwrap();
    for i in 1..8u8 {
        app.add_preview(&expert, id, solid_png(30, 30, [20, 60 + i, 200]))
            .await
            .expect_status(201);
    }
    app.add_preview(&expert, id, solid_png(30, 30, [1, 1, 1]))
        .await
        .expect_error(409, "too_many_previews");
    let t: TemplateDetail = app.template(id, Some(&expert)).await.json();
    assert_eq!(t.previews.len(), 8);
    assert_eq!(
        t.card.thumbnail_url.as_deref(),
        Some(first.thumbnail_url.as_str())
    );
    assert_eq!(t.colours.len(), 1, "{:?}", t.colours);
    let family = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            atelier::entities::template_colour::Entity::find()
                .filter(atelier::entities::template_colour::Column::TemplateId.eq(id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.family)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(family(&app).await, ["red"]);
    // Without the first preview, the next one gives the colours.
    app.delete(
        &format!("/api/v1/templates/{id}/previews/{}", first.id),
        &expert,
    )
    .await
    .expect_status(204);
    assert_eq!(family(&app).await, ["blue"]);
    app.get(&first.thumbnail_url)
        .await
        .error_for_status()
        .expect_err("its images went with it");
}

async fn sources_are_recognised_by_their_content(db: Db) {
    let app = spawn_with(db, |s| s.templates.max_source_bytes = 64 * 1024).await;
    let expert = app.as_expert("mei").await;
    let t = app
        .create_template(&expert, &body("Formats", "other", &[], 0))
        .await;
    let id = t.card.id;
    let ok: [(&[u8], &str, &str, &str); 7] = [
        (b"%PDF-1.7\n1 0 obj\n%%EOF", "print.pdf", "pdf", "print.pdf"),
        (
            b"%PDF-1.6\n<</AIPrivateData1 5 0 R>>\n%%EOF",
            "logo.pdf",
            "ai",
            "logo.ai",
        ),
        (b"8BPS\x00\x01\x00\x00", "layers.psd", "psd", "layers.psd"),
        (b"PK\x03\x04\x14\x00\x00\x00", "kit", "zip", "kit.zip"),
        (
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF",
            "photo.jpeg",
            "jpeg",
            "photo.jpg",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "../../etc/x.html",
            "png",
            "x.png",
        ),
        (SVG.as_bytes(), "環保包裝.svg", "svg", "環保包裝.svg"),
    ];
    for (bytes, name, format, shown) in ok {
        let f: TemplateFile = app
            .add_source(&expert, id, bytes.to_vec(), name)
            .await
            .expect_status(201)
            .json();
        assert_eq!(f.format.as_str(), format, "{name}");
        assert_eq!(f.file_name, shown);
    }
    for (bytes, status, code) in [
        (b"GIF89a\x01\x00".to_vec(), 415, "unsupported_source_format"),
        (
            b"#!/bin/sh\nrm -rf /".to_vec(),
            415,
            "unsupported_source_format",
        ),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>".to_vec(),
            422,
            "invalid_svg",
        ),
        (
            br#"<svg xmlns="http://www.w3.org/2000/svg"><text>Hi</text></svg>"#.to_vec(),
            422,
            "svg_text_not_outlined",
        ),
        (vec![b'%'; 70 * 1024], 413, "payload_too_large"),
    ] {
        app.add_source(&expert, id, bytes, "x")
            .await
            .expect_error(status, code);
    }
    // Private: the media route never serves a source, whatever its key.
    let keys: Vec<String> = atelier::entities::template_file::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.file_key)
        .collect();
    assert_eq!(keys.len(), 7);
    for key in &keys {
        assert!(key.starts_with("sources/"), "{key}");
        app.get_json(&format!("/api/v1/media/{key}"), ANON)
            .await
            .expect_error(404, "not_found");
    }
    // The first SVG gave the preview-less template its first preview.
    let t: TemplateDetail = app.template(id, Some(&expert)).await.json();
    assert_eq!(t.previews.len(), 1);
    assert_eq!(t.files.len(), 7);
    // The sweeper knows the prefix: an orphan source goes, the referenced stay.
    use atelier::storage::Store;
    let store = atelier::storage::FileStore::open(app.settings.storage_root())
        .await
        .unwrap();
    let orphan = atelier::storage::references::source_key("zip");
    store
        .put(
            &orphan,
            bytes::Bytes::from_static(b"PK\x03\x04"),
            "application/zip",
        )
        .await
        .unwrap();
    let removed = atelier::entries::sweeper::sweep(&app.db, &store, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert!(removed >= 1);
    assert!(!store.exists(&orphan).await.unwrap());
    for key in &keys {
        assert!(store.exists(key).await.unwrap(), "{key} was swept");
    }
}

async fn download(app: &TestApp, who: &User, t: i64, f: i64) -> crate::helpers::Answer {
    app.post_json(
        &format!("/api/v1/templates/{t}/files/{f}/link"),
        &json!({}),
        who,
    )
    .await
}

async fn fetch(app: &TestApp, link: &DownloadLink) -> crate::helpers::Answer {
    app.client.get(app.url(&link.url)).answer().await
}

async fn an_svg_reaches_a_licence_holder_without_scripts_handlers_or_external_references(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let buyer = app.as_member("hao").await;
    let t = app
        .create_template(&expert, &body("Hostile", "poster", &[], 0))
        .await;
    let id = t.card.id;
    let f: TemplateFile = app
        .add_source(&expert, id, HOSTILE_SVG.as_bytes().to_vec(), "hostile.svg")
        .await
        .expect_status(201)
        .json();
    // Rasterised into the template's preview (green, from the drawing).
    let t: TemplateDetail = app.template(id, Some(&expert)).await.json();
    assert_eq!(t.previews.len(), 1);
    assert_eq!((t.previews[0].width, t.previews[0].height), (1600, 1067));
    app.post_json(
        &format!("/api/v1/templates/{id}/submit"),
        &json!({}),
        &expert,
    )
    .await
    .expect_status(200);
    app.review_template(&staff, id, &json!({"approve": true}))
        .await
        .expect_status(200);
    app.grant_licence(buyer.id, id).await;
    let link: DownloadLink = download(&app, &buyer, id, f.id)
        .await
        .expect_status(200)
        .json();
    let got = fetch(&app, &link).await.expect_status(200);
    assert_eq!(got.header("content-type"), Some("image/svg+xml"));
    let cd = got.header("content-disposition").unwrap_or_default();
    assert!(
        cd.starts_with("attachment") && cd.contains("hostile.svg"),
        "{cd}"
    );
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(got.header("content-security-policy"), Some("sandbox"));
    let svg = got.text();
    for gone in [
        "<script",
        "alert",
        "onload",
        "onmouseover",
        "javascript:",
        "http://",
        "https://",
        "file:",
        "data:image/svg",
        "foreignObject",
        "iframe",
        "tracker.example",
    ] {
        // The SVG namespace URI is the one http:// that must stay.
        let rest = svg.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !rest.contains(gone),
            "{gone} reached the licence holder: {svg}"
        );
    }
    assert!(svg.contains("<path") && svg.contains("#2e7d32"), "{svg}");
    assert_eq!(u64::try_from(svg.len()).unwrap(), f.bytes);
}

async fn downloads_need_a_licence_and_links_expire_and_resist_tampering(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let buyer = app.as_member("hao").await;
    let stranger = app.as_member("sora").await;
    let (t, f) = app
        .published_template(
            &expert,
            &staff,
            &body("Paid poster", "poster", &[], 15_000),
            [5, 5, 90],
        )
        .await;
    let id = t.card.id;
    download(&app, &stranger, id, f.id)
        .await
        .expect_error(403, "licence_required");
    app.post_json(
        &format!("/api/v1/templates/{id}/files/{}/link", f.id),
        &json!({}),
        ANON,
    )
    .await
    .expect_status(401);
    download(&app, &stranger, id, f.id + 1000)
        .await
        .expect_error(404, "not_found");
    for who in [&expert, &staff] {
        let link: DownloadLink = download(&app, who, id, f.id)
            .await
            .expect_status(200)
            .json();
        assert!(
            link.url.starts_with("/api/v1/template-files/"),
            "{}",
            link.url
        );
        fetch(&app, &link).await.expect_status(200);
    }
    app.grant_licence(buyer.id, id).await;
    let link: DownloadLink = download(&app, &buyer, id, f.id)
        .await
        .expect_status(200)
        .json();
    let left = link.expires_at - chrono::Utc::now();
    assert!(
        (290..=300).contains(&left.num_seconds()),
        "five minutes: {left}"
    );
    let body = fetch(&app, &link).await.expect_status(200).body;
    assert_eq!(body.len() as u64, f.bytes);
    let t: TemplateDetail = app.template(id, Some(&buyer)).await.json();
    assert_eq!(t.downloads, 3, "every link issued is a download");
    assert!(t.can_download);

    // Tampered: another file, user or expiry, or a changed signature.
    let token = link.url.rsplit('/').next().unwrap().to_owned();
    let parts: Vec<&str> = token.split('.').collect();
    let far = chrono::Utc::now().timestamp_millis() + 86_400_000;
    for forged in [
        format!("{}.{}.{far}.{}", parts[0], parts[1], parts[3]),
        format!("{}.{}.{}.{}", parts[0], stranger.id, parts[2], parts[3]),
        format!("{}.{}.{}.{}x", parts[0], parts[1], parts[2], parts[3]),
        "not-a-token".to_owned(),
    ] {
        app.get_json(&format!("/api/v1/template-files/{forged}"), ANON)
            .await
            .expect_error(403, "link_invalid");
    }
    // Past its expiry: signed with the server's own key, so only the time is wrong.
    let keys =
        atelier::auth::jwt::JwtKeys::new(b"test-signing-key-0123456789abcdef", &app.settings);
    let past = chrono::Utc::now().timestamp_millis() - 1;
    let expired =
        atelier::templates::download::sign(keys.download_link_key(), f.id, buyer.id, past);
    app.get_json(&format!("/api/v1/template-files/{expired}"), ANON)
        .await
        .expect_error(410, "link_expired");
    let fresh =
        atelier::templates::download::sign(keys.download_link_key(), f.id, buyer.id, past + 60_000);
    app.get_json(&format!("/api/v1/template-files/{fresh}"), ANON)
        .await
        .expect_status(200);

    // A refund revokes the licence: no new link, and an unexpired one stops working.
    let licence = atelier::templates::access::live_licence(&app.db, buyer.id, id)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::template_licence::ActiveModel = licence.into();
    am.revoked_at = Set(Some(chrono::Utc::now()));
    am.revoked_reason = Set(Some("refunded".into()));
    am.update(&app.db).await.unwrap();
    download(&app, &buyer, id, f.id)
        .await
        .expect_error(403, "licence_required");
    fetch(&app, &link)
        .await
        .expect_error(403, "licence_required");
}

async fn with_s3_the_link_is_a_presigned_url_of_the_bucket(db: Db) {
    let server = S3Server::start().await;
    let app = spawn_with(db, |s| server.configure(s)).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let buyer = app.as_member("hao").await;
    let (t, f) = app
        .published_template(
            &expert,
            &staff,
            &body("On S3", "poster", &[], 0),
            [90, 5, 5],
        )
        .await;
    let row = atelier::entities::template_file::Entity::find_by_id(f.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let stored = std::fs::read(server.root.path().join(&server.bucket).join(&row.file_key))
        .expect("the source is in the bucket");
    download(&app, &buyer, t.card.id, f.id)
        .await
        .expect_error(403, "licence_required");
    app.grant_licence(buyer.id, t.card.id).await;
    let link: DownloadLink = download(&app, &buyer, t.card.id, f.id)
        .await
        .expect_status(200)
        .json();
    assert!(link.url.starts_with(&server.endpoint), "{}", link.url);
    assert!(link.url.contains("X-Amz-Signature="), "{}", link.url);
    assert!(link.url.contains("X-Amz-Expires=300"), "{}", link.url);
    assert!(
        link.url.contains("response-content-disposition=attachment"),
        "{}",
        link.url
    );
    let got = reqwest::get(&link.url).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), stored);
    // A changed signature is refused by the bucket itself.
    let at = link.url.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
    let flipped = if &link.url[at..=at] == "0" { "1" } else { "0" };
    let forged = format!("{}{flipped}{}", &link.url[..at], &link.url[at + 1..]);
    assert_eq!(reqwest::get(&forged).await.unwrap().status(), 403);
}
