use crate::both_databases;
use crate::helpers::{Db, assert_error, spawn, spawn_with};

both_databases!(
    the_frontend_is_served_with_spa_fallback_and_cache_headers,
    a_missing_frontend_build_is_a_clear_503,
    the_openapi_document_lists_every_endpoint,
    assets_are_answered_from_their_precompressed_forms,
);

async fn the_frontend_is_served_with_spa_fallback_and_cache_headers(db: Db) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Atelier</title>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.path().join("assets/0123abcd")).unwrap();
    std::fs::write(
        dist.path().join("assets/0123abcd/app.js"),
        "export default 1;",
    )
    .unwrap();
    let root = dist.path().to_path_buf();
    let app = spawn_with(db, |s| s.frontend_dir = root).await;

    for path in ["/", "/challenges/some-slug", "/u/mei"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains("<title>Atelier</title>"));
    }
    let res = app.get("/assets/0123abcd/app.js").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );

    assert_error(
        app.get("/assets/0123abcd/missing.js").await,
        404,
        "not_found",
    )
    .await;
    // Traversal never leaves the frontend directory.
    let res = app.get("/..%2F..%2Fetc%2Fpasswd").await;
    assert!(!res.text().await.unwrap().contains("root:"));
}

async fn a_missing_frontend_build_is_a_clear_503(db: Db) {
    let app = spawn(db).await;
    let msg = assert_error(app.get("/").await, 503, "frontend_not_built").await;
    assert!(msg.contains("build-frontend"), "{msg}");
}

async fn the_openapi_document_lists_every_endpoint(db: Db) {
    let app = spawn(db).await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in atelier::routes::DOCUMENTED {
        let op = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} missing from the OpenAPI document"))[*method];
        assert!(
            op.is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
        // And the route really exists (anything but the JSON 404 for unknown endpoints).
        if *method == "get" && !path.contains('{') {
            let res = app.get(path).await;
            if res.status() == 404 {
                let body: serde_json::Value = res.json().await.unwrap();
                assert!(
                    !body["error"]["message"]
                        .as_str()
                        .unwrap()
                        .starts_with("no endpoint"),
                    "{path} is documented but not routed"
                );
            }
        }
    }
    assert_eq!(
        paths.len(),
        {
            let mut distinct: Vec<_> = atelier::routes::DOCUMENTED
                .iter()
                .map(|(_, p)| *p)
                .collect();
            distinct.sort();
            distinct.dedup();
            distinct.len()
        },
        "document and route list disagree"
    );
}

async fn assets_are_answered_from_their_precompressed_forms(db: Db) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    let assets = dist.path().join("assets/0123abcd");
    std::fs::create_dir_all(&assets).unwrap();
    // The bytes only need to differ: the server must pick the file, not encode.
    std::fs::write(assets.join("app_bg.wasm"), b"\0asm plain module bytes").unwrap();
    std::fs::write(assets.join("app_bg.wasm.br"), b"brotli form").unwrap();
    std::fs::write(assets.join("app_bg.wasm.gz"), b"gzip form").unwrap();
    std::fs::write(assets.join("style.css"), "body{}").unwrap();
    std::fs::write(assets.join("style.css.gz"), b"gzip css").unwrap();
    let root = dist.path().to_path_buf();
    let app = spawn_with(db, |s| s.frontend_dir = root).await;
    let url = format!("{}/assets/0123abcd/app_bg.wasm", app.address);

    let fetch = |accept: &'static str| {
        let req = app.client.get(&url);
        let req = if accept.is_empty() {
            req
        } else {
            req.header("accept-encoding", accept)
        };
        async move { req.send().await.unwrap() }
    };

    for (accept, body, encoding) in [
        ("gzip, deflate, br, zstd", &b"brotli form"[..], Some("br")),
        ("gzip;q=1.0, br;q=0", &b"gzip form"[..], Some("gzip")),
        ("gzip", &b"gzip form"[..], Some("gzip")),
        ("identity", &b"\0asm plain module bytes"[..], None),
        ("", &b"\0asm plain module bytes"[..], None),
    ] {
        let res = fetch(accept).await;
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(
            res.headers()["content-type"],
            "application/wasm",
            "{accept}"
        );
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        if encoding.is_some() {
            assert_eq!(res.headers()["vary"], "accept-encoding");
        }
        assert_eq!(&res.bytes().await.unwrap()[..], body, "{accept}");
    }

    // Only the forms the build wrote: no .br for the stylesheet.
    let res = app
        .client
        .get(format!("{}/assets/0123abcd/style.css", app.address))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(&res.bytes().await.unwrap()[..], b"gzip css");

    // HEAD answers like GET without the body.
    let res = app
        .client
        .head(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-length"], "11");
}
