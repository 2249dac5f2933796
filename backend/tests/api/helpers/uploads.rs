//! Images and uploads. Each upload endpoint has one helper here, and the
//! way an image travels (a multipart form with the image in `file`; entries
//! add their text fields) is decided in `entry_form` and `image_form` alone.

use std::time::Duration;

use atelier_api::EntryDetail;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, RequestBuilder, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::TestApp;
use super::http::{Answer, Answered, Bearer};

/// A small real PNG.
pub fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The shared test images (/work/shared/testdata/images).
pub fn images_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/images").to_owned()
}

pub fn test_image(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{name}", images_dir())).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// An entry as the form sends it: `title`, `description`, `tags` and the
/// image as `file`.
pub fn entry_form(title: &str, tags: &str, image: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("title", title.to_owned())
        .text("description", "made for the test")
        .text("tags", tags.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(image).file_name("upload.bin"),
        )
}

/// An image as the avatar, cover, poll option image and palette-check
/// uploads take it: a form with the image in `file`.
pub fn image_form(image: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(image).file_name("upload.bin"),
    )
}

/// `rb` with the image as its upload form.
pub fn image_body(rb: RequestBuilder, image: Vec<u8>) -> RequestBuilder {
    rb.multipart(image_form(image))
}

/// `rb` with the image as a bare body, as no upload takes it.
pub fn raw_image_body(rb: RequestBuilder, image: Vec<u8>) -> RequestBuilder {
    let content_type =
        image::guess_format(&image).map_or("application/octet-stream", |f| f.to_mime_type());
    rb.header("content-type", content_type).body(image)
}

/// The boundary of [`TestApp::unfinished_upload`]'s form.
const BOUNDARY: &str = "AtelierUnfinishedUpload";

impl TestApp {
    /// Sends any form to an upload endpoint.
    pub async fn upload_form(
        &self,
        method: Method,
        path: &str,
        who: impl Bearer,
        form: reqwest::multipart::Form,
    ) -> Answer {
        self.request(method, path, who)
            .multipart(form)
            .answer()
            .await
    }

    /// Starts an upload form chunk by chunk (no Content-Length, so only
    /// counting while reading can stop it), sends the head of a `file`
    /// part and `sent` bytes of it, and reads the answer without sending
    /// the rest: whatever answers, answered before the body ended.
    pub async fn unfinished_upload(
        &self,
        method: Method,
        path: &str,
        who: impl Bearer,
        sent: usize,
    ) -> Answer {
        let host = self.address.trim_start_matches("http://").to_owned();
        let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
        let auth = who
            .token()
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}\
             Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
             Transfer-Encoding: chunked\r\n\r\n"
        );
        let part = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n"
        );
        let mut wire = head.into_bytes();
        let mut chunk = |data: &[u8]| {
            wire.extend(format!("{:x}\r\n", data.len()).into_bytes());
            wire.extend_from_slice(data);
            wire.extend_from_slice(b"\r\n");
        };
        chunk(part.as_bytes());
        for piece in vec![0x42u8; sent].chunks(8 * 1024) {
            chunk(piece);
        }
        // The server may answer and stop reading before all of it is
        // written; the answer is what counts.
        let _ = socket.write_all(&wire).await;
        let what = format!("{method} {path} (unfinished)");
        tokio::time::timeout(Duration::from_secs(15), read_answer(&mut socket, what))
            .await
            .expect("the answer arrives without the rest of the body")
    }

    /// Submits an entry to challenge `slug`.
    pub async fn submit_entry(
        &self,
        who: impl Bearer,
        slug: &str,
        title: &str,
        tags: &str,
        image: Vec<u8>,
    ) -> Answer {
        self.request(
            Method::POST,
            &format!("/api/v1/challenges/{slug}/entries"),
            who,
        )
        .multipart(entry_form(title, tags, image))
        .answer()
        .await
    }

    /// Submits an entry tagged "lantern, red"; asserts 201.
    pub async fn new_entry(
        &self,
        who: impl Bearer,
        slug: &str,
        title: &str,
        image: Vec<u8>,
    ) -> EntryDetail {
        self.submit_entry(who, slug, title, "lantern, red", image)
            .await
            .expect_status(201)
            .json()
    }

    pub async fn upload_avatar(&self, who: impl Bearer, image: Vec<u8>) -> Answer {
        image_body(self.request(Method::PUT, "/api/v1/me/avatar", who), image)
            .answer()
            .await
    }

    pub async fn upload_cover(&self, who: impl Bearer, slug: &str, image: Vec<u8>) -> Answer {
        let path = format!("/api/v1/challenges/{slug}/cover");
        image_body(self.request(Method::PUT, &path, who), image)
            .answer()
            .await
    }

    pub async fn upload_poll_option_image(
        &self,
        who: impl Bearer,
        poll: i64,
        option: i64,
        image: Vec<u8>,
    ) -> Answer {
        let path = format!("/api/v1/polls/{poll}/options/{option}/image");
        image_body(self.request(Method::PUT, &path, who), image)
            .answer()
            .await
    }

    /// How an image matches colour challenge `slug`'s palette.
    pub async fn palette_check(&self, who: impl Bearer, slug: &str, image: Vec<u8>) -> Answer {
        let path = format!("/api/v1/challenges/{slug}/palette-check");
        image_body(self.request(Method::POST, &path, who), image)
            .answer()
            .await
    }
}

/// Reads one HTTP/1.1 answer with a Content-Length from `socket`.
async fn read_answer(socket: &mut tokio::net::TcpStream, request: String) -> Answer {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let mut lines = head.lines();
            let status = lines.next().and_then(|l| l.split(' ').nth(1)).unwrap();
            let mut headers = HeaderMap::new();
            for line in lines {
                if let Some((k, v)) = line.split_once(':') {
                    headers.insert(
                        HeaderName::from_bytes(k.trim().as_bytes()).unwrap(),
                        HeaderValue::from_str(v.trim()).unwrap(),
                    );
                }
            }
            let len: usize = headers
                .get("content-length")
                .and_then(|v| v.to_str().ok()?.parse().ok())
                .unwrap_or(0);
            let body = &buf[end + 4..];
            if body.len() >= len || n == 0 {
                return Answer {
                    status: StatusCode::from_bytes(status.as_bytes()).unwrap(),
                    headers,
                    body: bytes::Bytes::copy_from_slice(&body[..len.min(body.len())]),
                    request,
                };
            }
        }
        assert!(n > 0, "{request}: the connection closed without an answer");
    }
}
