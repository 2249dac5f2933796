use std::time::Duration;

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::test::TestRequest;
use bytes::Bytes;
use futures_util::{StreamExt, stream};

use super::*;

const BOUNDARY: &str = "AtelierTestBoundary";

fn form_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&format!("multipart/form-data; boundary={BOUNDARY}")).unwrap(),
    );
    headers
}

/// The head of one part, up to its data.
fn part_head(name: Option<&str>, filename: Option<&str>) -> Vec<u8> {
    let mut disposition = "form-data".to_owned();
    if let Some(name) = name {
        disposition.push_str(&format!("; name=\"{name}\""));
    }
    if let Some(filename) = filename {
        disposition.push_str(&format!("; filename=\"{filename}\""));
    }
    format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n").into_bytes()
}

/// A form part: its name and data.
type Part<'a> = (&'a str, &'a [u8]);

/// A whole form body from its parts; `file` parts get a file name.
fn body(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in parts {
        let filename = (*name == "file").then_some("picture.png");
        out.extend(part_head(Some(name), filename));
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    out
}

/// The body as a stream of small chunks, as it arrives from a network.
fn multipart(body: Vec<u8>) -> Multipart {
    let chunks: Vec<Result<Bytes, PayloadError>> = body
        .chunks(7)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    Multipart::new(&form_headers(), stream::iter(chunks))
}

fn entry_form() -> UploadForm {
    UploadForm::image(&MediaSettings::default()).with_text_fields(&["title", "tags"])
}

async fn read(form: &UploadForm, body: Vec<u8>) -> ApiResult<Upload> {
    form.read(multipart(body)).await
}

#[actix_web::test]
async fn the_file_and_the_text_fields_are_read() {
    let image = vec![0x89u8; 10_000];
    let upload = read(
        &entry_form(),
        body(&[
            ("title", "燈籠 Lantern".as_bytes()),
            ("file", &image),
            ("tags", b"red, dusk"),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(upload.file.as_ref(), image.as_slice());
    assert_eq!(upload.text("title"), "燈籠 Lantern");
    assert_eq!(upload.text("tags"), "red, dusk");
    // Fields the form may have but did not send read as empty.
    let upload = read(&entry_form(), body(&[("file", b"x")])).await.unwrap();
    assert_eq!(upload.text("title"), "");
}

#[actix_web::test]
async fn a_form_without_a_file_is_missing_file() {
    let err = read(&entry_form(), body(&[("title", b"Lantern")]))
        .await
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (422, "missing_file"));
    let err = read(&entry_form(), body(&[])).await.unwrap_err();
    assert_eq!(err.code, "missing_file");
}

#[actix_web::test]
async fn a_second_file_an_unknown_or_repeated_field_is_an_invalid_form() {
    let cases: [(&[Part], &str); 4] = [
        (&[("file", b"a"), ("file", b"b")], "more than one `file`"),
        (
            &[("file", b"a"), ("colour", b"red")],
            "unknown field `colour`",
        ),
        (
            &[("title", b"a"), ("title", b"b"), ("file", b"c")],
            "`title` twice",
        ),
        // An image-only form takes no text at all.
        (&[("file", b"a"), ("title", b"b")], "unknown field `title`"),
    ];
    for (i, (parts, says)) in cases.into_iter().enumerate() {
        let form = if i == 3 {
            UploadForm::image(&MediaSettings::default())
        } else {
            entry_form()
        };
        let err = read(&form, body(parts)).await.unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.code),
            (400, "invalid_form"),
            "{says}"
        );
        assert!(err.message.contains(says), "{}", err.message);
    }
}

#[actix_web::test]
async fn a_field_without_a_name_is_an_invalid_form() {
    let mut raw = part_head(None, None);
    raw.extend_from_slice(b"anonymous\r\n");
    raw.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    let err = read(&entry_form(), raw).await.unwrap_err();
    assert_eq!(err.code, "invalid_form", "{}", err.message);
}

#[actix_web::test]
async fn text_that_is_not_utf8_is_an_invalid_form() {
    let err = read(
        &entry_form(),
        body(&[("title", &[0xff, 0xfe, 0x41]), ("file", b"x")]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "invalid_form");
    assert!(
        err.message.contains("`title` is not UTF-8"),
        "{}",
        err.message
    );
}

#[actix_web::test]
async fn an_oversized_text_field_is_too_large() {
    let long = vec![b'a'; TEXT_FIELD_LIMIT + 1];
    let err = read(&entry_form(), body(&[("title", &long), ("file", b"x")]))
        .await
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (413, "payload_too_large"));
    let exact = vec![b'a'; TEXT_FIELD_LIMIT];
    let ok = read(&entry_form(), body(&[("title", &exact), ("file", b"x")])).await;
    assert_eq!(ok.unwrap().text("title").len(), TEXT_FIELD_LIMIT);
}

#[actix_web::test]
async fn a_file_at_the_limit_passes_and_one_byte_more_does_not() {
    let form = UploadForm::image(&MediaSettings::default()).max_file_bytes(1000);
    let ok = read(&form, body(&[("file", &[7u8; 1000])])).await.unwrap();
    assert_eq!(ok.file.len(), 1000);
    let err = read(&form, body(&[("file", &[7u8; 1001])]))
        .await
        .unwrap_err();
    assert_eq!(err.code, "payload_too_large");
    // The configured limit is never raised.
    let media = MediaSettings {
        max_upload_bytes: 10,
        ..MediaSettings::default()
    };
    let err = read(
        &UploadForm::image(&media).max_file_bytes(1000),
        body(&[("file", &[7u8; 11])]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "payload_too_large");
}

/// A file that never ends: only a reader that counts while it streams can
/// answer at all.
#[actix_web::test]
async fn an_endless_file_is_refused_while_it_streams() {
    let head = stream::iter([Ok(Bytes::from(part_head(Some("file"), Some("x.png"))))]);
    let endless = stream::repeat_with(|| Ok::<_, PayloadError>(Bytes::from(vec![0u8; 64 * 1024])));
    let form = UploadForm::image(&MediaSettings::default()).max_file_bytes(1024 * 1024);
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        form.read(Multipart::new(&form_headers(), head.chain(endless))),
    )
    .await
    .expect("refused without waiting for the end");
    assert_eq!(answer.unwrap_err().code, "payload_too_large");
}

#[actix_web::test]
async fn a_stalled_upload_times_out() {
    let head = stream::iter([Ok(Bytes::from(part_head(Some("file"), Some("x.png"))))]);
    let stalled = head.chain(stream::pending::<Result<Bytes, PayloadError>>());
    let form = UploadForm::image(&MediaSettings::default()).with_timeout(Duration::from_millis(50));
    let err = form
        .read(Multipart::new(&form_headers(), stalled))
        .await
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (408, "upload_timeout"));
}

#[actix_web::test]
async fn a_broken_connection_is_an_interrupted_upload() {
    let head = stream::iter([
        Ok(Bytes::from(part_head(Some("file"), Some("x.png")))),
        Ok(Bytes::from_static(b"some bytes")),
        Err(PayloadError::Incomplete(None)),
    ]);
    let err = UploadForm::image(&MediaSettings::default())
        .read(Multipart::new(&form_headers(), head))
        .await
        .unwrap_err();
    assert_eq!(err.code, "upload_interrupted", "{}", err.message);
}

#[actix_web::test]
async fn a_raw_body_is_not_a_form() {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    let raw = stream::iter([Ok::<_, PayloadError>(Bytes::from_static(b"\x89PNG"))]);
    let err = UploadForm::image(&MediaSettings::default())
        .read(Multipart::new(&headers, raw))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status.as_u16(), err.code),
        (415, "unsupported_media_type")
    );
}

#[test]
fn requests_are_judged_by_their_headers_first() {
    let form = UploadForm::image(&MediaSettings::default()).max_file_bytes(1000);
    let req = |content_type: &str, length: usize| {
        TestRequest::post()
            .insert_header((header::CONTENT_TYPE, content_type))
            .insert_header((header::CONTENT_LENGTH, length.to_string()))
            .to_http_request()
    };
    let multipart = format!("multipart/form-data; boundary={BOUNDARY}");
    assert!(form.check_request(&req(&multipart, 1000)).is_ok());
    for raw in [
        "image/png",
        "application/octet-stream",
        "multipart/mixed; boundary=x",
    ] {
        let err = form.check_request(&req(raw, 1000)).unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.code),
            (415, "unsupported_media_type"),
            "{raw}"
        );
    }
    let none = TestRequest::post().to_http_request();
    assert_eq!(
        form.check_request(&none).unwrap_err().code,
        "unsupported_media_type"
    );
    let err = form.check_request(&req(&multipart, 0)).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (422, "missing_file"));
    let err = form
        .check_request(&req(&multipart, 1000 + FORM_OVERHEAD + 1))
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (413, "payload_too_large"));
    // Text fields add room of their own.
    let entry = form.with_text_fields(&["title"]);
    assert!(
        entry
            .check_request(&req(&multipart, 1000 + FORM_OVERHEAD + 1))
            .is_ok()
    );
}
