//! Abuse resistance around uploads: refused before their body is read,
//! the cap on uploads at once, and the palette-check throttle.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both_databases;
use crate::helpers::{Db, TestApp, User, challenge_body, png_bytes, spawn, spawn_with};

both_databases!(
    uploads_are_refused_before_their_body_is_read,
    uploads_beyond_the_cap_are_told_to_come_back,
    palette_checks_are_throttled_per_account,
);

/// Sends the head of a POST with a large declared body and only `sent`
/// bytes of it, then reads the answer without sending more.
async fn partial_post(
    app: &TestApp,
    path: &str,
    token: &str,
    content_type: &str,
    declared: usize,
    sent: usize,
) -> (tokio::net::TcpStream, u16, String) {
    let host = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {declared}\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&vec![b'x'; sent]).await.unwrap();
    let (status, body) = tokio::time::timeout(Duration::from_secs(15), read_answer(&mut socket))
        .await
        .expect("the answer arrives without the rest of the body");
    (socket, status, body)
}

async fn read_answer(socket: &mut tokio::net::TcpStream) -> (u16, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if body.len() >= len || n == 0 {
                let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                return (status, body.to_owned());
            }
        }
        assert!(n > 0, "connection closed without an answer: {text:?}");
    }
}

async fn uploads_are_refused_before_their_body_is_read(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("open-now", 1).await;
    app.create_challenge(&staff, &challenge_body("later", 5))
        .await;
    let mei = app.as_member("mei").await;
    app.new_entry(&mei, "open-now", "First", png_bytes(64, 64))
        .await;
    let multipart = "multipart/form-data; boundary=XyZ";
    let twenty_mb = 20 * 1024 * 1024;
    let cases = [
        (
            "/api/v1/challenges/later/entries",
            &mei.token,
            409,
            "submissions_closed",
        ),
        (
            "/api/v1/challenges/nowhere/entries",
            &mei.token,
            404,
            "not_found",
        ),
        (
            "/api/v1/challenges/open-now/entries",
            &mei.token,
            409,
            "entry_limit_reached",
        ),
        (
            "/api/v1/challenges/open-now/entries",
            &staff.token,
            403,
            "forbidden",
        ),
    ];
    for (path, token, status, code) in cases {
        let (_socket, got, body) =
            partial_post(&app, path, token, multipart, twenty_mb, 8 * 1024).await;
        assert_eq!(got, status, "{path}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["code"], code, "{path}");
    }
    // The palette check too: a topic challenge has no palette.
    let (_socket, got, body) = partial_post(
        &app,
        "/api/v1/challenges/open-now/palette-check",
        &mei.token,
        multipart,
        twenty_mb,
        8 * 1024,
    )
    .await;
    assert_eq!(got, 409, "{body}");
    assert!(body.contains("not_a_colour_challenge"), "{body}");
}

async fn uploads_beyond_the_cap_are_told_to_come_back(db: Db) {
    let app = spawn_with(db, |s| s.media.max_concurrent_uploads = 1).await;
    app.open_challenge("busy", 2).await;
    let mei = app.as_member("mei").await;
    let jun = app.as_member("jun").await;
    // Mei's upload is slow: a few bytes of a declared megabyte, then nothing.
    let host = app.address.trim_start_matches("http://").to_owned();
    let slow_upload = || async {
        let mut slow = tokio::net::TcpStream::connect(&host).await.unwrap();
        let head = format!(
            "POST /api/v1/challenges/busy/entries HTTP/1.1\r\nHost: {host}\r\n\
             Authorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\
             Content-Length: 1048576\r\n\r\n--XyZ\r\n",
            mei.token
        );
        slow.write_all(head.as_bytes()).await.unwrap();
        slow
    };
    // Jun's probes (not an image) are 415 when there is room, 503 when not.
    let probe = || async {
        app.submit_entry(&jun, "busy", "Probe", "", b"not an image".to_vec())
            .await
    };
    // Give the slow upload time to take its place first; on a loaded
    // machine a probe may still get there first, so try a few times.
    let mut busy = None;
    let mut slow = None;
    for _ in 0..5 {
        let s = slow_upload().await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let res = probe().await;
        if res.status() == 503 {
            busy = Some(res);
            slow = Some(s);
            break;
        }
        assert_eq!(res.status(), 415, "{}", res.text());
    }
    let busy = busy.expect("a second upload is refused while the first holds the only place");
    assert!(busy.retry_after() >= 1);
    busy.expect_error(503, "uploads_busy");
    // The slow client goes away; its place is free again.
    drop(slow);
    let mut freed = false;
    for _ in 0..100 {
        let res = probe().await;
        if res.status() == 415 {
            freed = true;
            break;
        }
        assert_eq!(res.status(), 503);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(freed, "the place is released when the upload ends");
}

async fn palette_checks_are_throttled_per_account(db: Db) {
    let app = spawn_with(db, |s| s.media.palette_checks_per_minute = 2).await;
    let staff = app.as_staff("lin").await;
    let mut body = challenge_body("red-dusk", -1);
    body["theme"] = json!("colour");
    body["palette"] = json!(["#c81e1e", "#1e1ec8"]);
    app.create_challenge(&staff, &body).await;
    let mei = app.as_member("mei").await;
    let jun = app.as_member("jun").await;
    let check = |who: User| {
        let app = &app;
        async move { app.palette_check(&who, "red-dusk", png_bytes(64, 64)).await }
    };
    for _ in 0..2 {
        check(mei.clone()).await.expect_status(200);
    }
    let res = check(mei.clone()).await;
    let wait = res.retry_after();
    assert!((1..=60).contains(&wait), "{wait}");
    res.expect_error(429, "rate_limited");
    assert_eq!(check(jun).await.status(), 200, "per account");
}
