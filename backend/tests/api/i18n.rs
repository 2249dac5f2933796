//! Error answers in the request's language: every code the backend can emit
//! has a message in both errors.ftl files, and the same request is answered
//! in English or Traditional Chinese with the same code.

use std::collections::BTreeSet;
use std::path::Path;

use atelier_api::i18n::{Locale, errors};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, PASSWORD, spawn};

both_databases!(
    a_wrong_password_is_answered_in_english_or_chinese_with_the_same_code,
    accept_language_picks_chinese_for_any_zh_tag_and_follows_q_values,
    details_of_an_error_fill_the_chinese_message,
);

/// Codes only the web app reports (the server never sends them).
const CLIENT_CODES: [&str; 3] = ["network_error", "bad_response", "not_logged_in"];

/// Every string literal that is an error code in backend/src: the code
/// argument of `ApiError`'s constructors and `.code(...)`, of local helpers
/// taking `code: &'static str`, and `code: "..."` fields.
fn codes_in_source() -> BTreeSet<String> {
    let mut sources = Vec::new();
    read_rs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut calls: Vec<String> = [
        "ApiError::bad_request(",
        "ApiError::unauthorized(",
        "ApiError::conflict(",
        "ApiError::unavailable(",
        ".code(",
    ]
    .map(String::from)
    .to_vec();
    for text in &sources {
        for (i, _) in text.match_indices("fn ") {
            let rest = &text[i + 3..];
            if let Some((name, params)) = rest.split_once('(') {
                let is_ident = name.chars().all(|c| c.is_alphanumeric() || c == '_');
                if is_ident && params.trim_start().starts_with("code: &'static str") {
                    calls.push(format!("{name}("));
                }
            }
        }
    }
    let mut codes = BTreeSet::new();
    for text in &sources {
        for call in &calls {
            for (i, _) in text.match_indices(call.as_str()) {
                let before = text[..i].chars().next_back().unwrap_or(' ');
                if !call.starts_with('.')
                    && !call.contains(':')
                    && (before.is_alphanumeric() || before == '_')
                {
                    continue;
                }
                codes.extend(literal_at(&text[i + call.len()..]));
            }
        }
        // A `code: "..."` field in a struct literal (a validated field that
        // names the code its refusal carries).
        for (i, _) in text.match_indices("code: \"") {
            let before = text[..i].chars().next_back().unwrap_or(' ');
            if !(before.is_alphanumeric() || before == '_') {
                codes.extend(literal_at(&text[i + "code:".len()..]));
            }
        }
        // `ApiError::new(StatusCode::X, "code", ...)` and `Self::new(...)`.
        for call in ["ApiError::new(", "Self::new("] {
            for (i, _) in text.match_indices(call) {
                let args = &text[i + call.len()..];
                if let Some((_, after_status)) = args.split_once(',') {
                    codes.extend(literal_at(after_status));
                }
            }
        }
    }
    codes
}

/// The string literal at the start of `s` (after blanks), if it looks like a code.
fn literal_at(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('"')?;
    let (lit, _) = s.split_once('"')?;
    let is_code = !lit.is_empty() && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    is_code.then(|| lit.to_owned())
}

fn read_rs(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_code_the_backend_emits_has_a_message_in_both_locales() {
    let codes = codes_in_source();
    // The scan itself works: codes made in each way are found.
    for known in [
        "validation_failed",   // Self::new in error.rs
        "invalid_credentials", // ApiError::unauthorized
        "image_too_large",     // ApiError::new(StatusCode::..., ...)
        "invalid_email",       // .code(...)
        "invalid_slug",        // a helper taking `code: &'static str`
        "rate_limited",
        "database_unavailable",
    ] {
        assert!(
            codes.contains(known),
            "{known} not found by the scan: {codes:?}"
        );
    }
    assert!(
        codes.len() >= 80,
        "only {} codes found: {codes:?}",
        codes.len()
    );
    let missing: Vec<String> = codes
        .iter()
        .flat_map(|code| {
            Locale::ALL
                .into_iter()
                .filter(|&l| errors::message(l, code).is_none())
                .map(move |l| format!("{code} ({})", l.tag()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "add these to api/locales/*/errors.ftl: {missing:?}"
    );
    // And the files hold nothing stale.
    let stale: Vec<&&str> = errors::CODES
        .iter()
        .filter(|c| !codes.contains(**c) && !CLIENT_CODES.contains(c))
        .collect();
    assert!(stale.is_empty(), "no longer emitted: {stale:?}");
}

#[test]
fn every_variant_the_backend_names_exists() {
    let mut sources = Vec::new();
    read_rs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut names: BTreeSet<String> = BTreeSet::from(["retry".to_owned(), "detail".to_owned()]);
    for text in &sources {
        for (i, _) in text.match_indices(".variant(") {
            names.extend(literal_at(&text[i + ".variant(".len()..]).or_else(|| {
                // Attribute names may have hyphens, which literal_at refuses.
                let s = text[i + ".variant(".len()..]
                    .trim_start()
                    .strip_prefix('"')?;
                s.split_once('"').map(|(v, _)| v.to_owned())
            }));
        }
    }
    assert!(names.len() > 3, "{names:?}");
    for name in names {
        assert!(
            errors::CODES.iter().any(|c| errors::has_variant(c, &name)),
            "no message in errors.ftl has the attribute .{name}"
        );
    }
}

async fn post_json_in(
    app: &crate::helpers::TestApp,
    path: &str,
    language: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("Accept-Language", language)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Status, code, message and Content-Language of an error answer.
async fn error_of(res: reqwest::Response) -> (u16, String, String, String) {
    let status = res.status().as_u16();
    let language = res.headers()["content-language"]
        .to_str()
        .unwrap()
        .to_owned();
    let vary = res.headers()["vary"].to_str().unwrap().to_ascii_lowercase();
    assert!(vary.contains("accept-language"), "vary: {vary}");
    let body: serde_json::Value = res.json().await.unwrap();
    (
        status,
        body["error"]["code"].as_str().unwrap().to_owned(),
        body["error"]["message"].as_str().unwrap().to_owned(),
        language,
    )
}

async fn a_wrong_password_is_answered_in_english_or_chinese_with_the_same_code(db: Db) {
    let app = spawn(db).await;
    app.register("mei").await;
    let body = json!({ "email": "mei@example.test", "password": "wrong-password-123" });
    let en = error_of(post_json_in(&app, "/api/v1/auth/login", "en-GB", &body).await).await;
    assert_eq!(
        en,
        (
            401,
            "invalid_credentials".to_owned(),
            "email or password is wrong".to_owned(),
            "en".to_owned()
        )
    );
    let zh = error_of(post_json_in(&app, "/api/v1/auth/login", "zh-TW", &body).await).await;
    assert_eq!(
        zh,
        (
            401,
            "invalid_credentials".to_owned(),
            "電子郵件或密碼不正確。".to_owned(),
            "zh-TW".to_owned()
        )
    );
    // The right password still logs in whatever the language.
    let ok = json!({ "email": "mei@example.test", "password": PASSWORD });
    assert_eq!(
        post_json_in(&app, "/api/v1/auth/login", "zh-TW", &ok)
            .await
            .status(),
        200
    );
}

async fn accept_language_picks_chinese_for_any_zh_tag_and_follows_q_values(db: Db) {
    let app = spawn(db).await;
    let ask = |language: Option<&'static str>| {
        let mut req = app.client.get(app.url("/api/v1/no-such-thing"));
        if let Some(l) = language {
            req = req.header("Accept-Language", l);
        }
        async move { error_of(req.send().await.unwrap()).await }
    };
    let english = (
        404,
        "not_found".to_owned(),
        "no endpoint GET /api/v1/no-such-thing".to_owned(),
        "en".to_owned(),
    );
    let chinese = (
        404,
        "not_found".to_owned(),
        "沒有這個 API 端點：GET /api/v1/no-such-thing".to_owned(),
        "zh-TW".to_owned(),
    );
    for language in [
        "zh",
        "zh-TW",
        "zh-Hant",
        "zh-Hant-TW,zh;q=0.9,en;q=0.8",
        "fr-FR, zh-HK;q=0.5",
        "en;q=0.4, zh-CN;q=0.9",
    ] {
        assert_eq!(ask(Some(language)).await, chinese, "{language}");
    }
    for language in [
        None,
        Some("en-US"),
        Some("fr, de"),
        Some("en, zh-TW"),
        Some("zh;q=0, en;q=0.1"),
        Some("*"),
        Some("not a language tag ;;;"),
    ] {
        assert_eq!(ask(language).await, english, "{language:?}");
    }
}

async fn details_of_an_error_fill_the_chinese_message(db: Db) {
    let app = spawn(db).await;
    let weak = json!({
        "email": "kai@example.test",
        "handle": "kai",
        "display_name": "Kai",
        "password": "short",
    });
    let (status, code, message, language) =
        error_of(post_json_in(&app, "/api/v1/auth/register", "zh-Hant", &weak).await).await;
    assert_eq!(
        (status, code.as_str(), language.as_str()),
        (422, "weak_password", "zh-TW")
    );
    assert_eq!(message, "密碼至少需要 10 個字元。");
    let (_, code, message, _) =
        error_of(post_json_in(&app, "/api/v1/auth/register", "en", &weak).await).await;
    assert_eq!(code, "weak_password");
    assert_eq!(message, "password must be at least 10 characters");

    // A parser's explanation stays as it is inside the translated sentence.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("Accept-Language", "zh-TW")
        .header("Content-Type", "application/json")
        .body("{\"email\": 42}")
        .send()
        .await
        .unwrap();
    let (status, code, message, _) = error_of(res).await;
    assert_eq!((status, code.as_str()), (400, "invalid_json"));
    assert!(
        message.starts_with("請求內容不是有效的 JSON："),
        "{message}"
    );
    assert!(message.contains("expected a string"), "{message}");
}
