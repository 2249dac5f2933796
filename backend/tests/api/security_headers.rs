use crate::both_databases;
use crate::helpers::{Db, spawn_with};

both_databases!(
    every_response_carries_the_security_headers,
    hsts_is_sent_only_when_configured,
);

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; \
    base-uri 'none'; form-action 'self'; object-src 'none'";

fn frontend() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Atelier</title>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.path().join("assets/0123abcd")).unwrap();
    std::fs::write(dist.path().join("assets/0123abcd/boot.js"), "init();").unwrap();
    dist
}

fn assert_headers(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("no CSP on {what}"));
    assert_eq!(csp, CSP, "{what}");
    assert!(!csp.to_str().unwrap().contains("unsafe-inline"));
    assert_eq!(
        h["referrer-policy"], "strict-origin-when-cross-origin",
        "{what}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["x-frame-options"], "DENY", "{what}");
}

async fn every_response_carries_the_security_headers(db: Db) {
    let dist = frontend();
    let root = dist.path().to_path_buf();
    let app = spawn_with(db, |s| s.frontend_dir = root).await;
    let cases = [
        ("/api/v1/site", 200),
        ("/", 200),
        ("/challenges/some-slug", 200),
        ("/assets/0123abcd/boot.js", 200),
        ("/assets/0123abcd/missing.js", 404),
        ("/api/v1/no-such-endpoint", 404),
        ("/api/v1/me", 401),
        ("/healthz", 200),
    ];
    for (path, status) in cases {
        let res = app.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_headers(&res, path);
        assert!(
            !res.headers().contains_key("strict-transport-security"),
            "no HSTS unless configured: {path}"
        );
    }
    // Errors from a body that does not parse, and from the auth endpoints.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_headers(&res, "invalid JSON");
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_headers(&res, "csrf");
}

async fn hsts_is_sent_only_when_configured(db: Db) {
    let dist = frontend();
    let root = dist.path().to_path_buf();
    let app = spawn_with(db, |s| {
        s.frontend_dir = root;
        s.http.hsts = true;
    })
    .await;
    for path in ["/", "/api/v1/site", "/api/v1/nothing"] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=63072000",
            "{path}"
        );
        assert_headers(&res, path);
    }
}
