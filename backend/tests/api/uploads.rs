//! One way to upload an image, the same at every endpoint that takes one
//! (avatar, challenge cover, poll option image, entry, palette check): a
//! `multipart/form-data` form with the image in `file`. For each: the form
//! works, a raw image body (with or without a Content-Type) is refused with
//! 415 `unsupported_media_type`, a
//! form without `file` is 422 `missing_file`, a file that is not an image is
//! 415 `unsupported_image_format`, and a file past the limit is refused while
//! it streams, before the body has ended.

use chrono::{Duration, Utc};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{
    Answered, Db, TestApp, User, challenge_body, png_bytes, raw_image_body, spawn_with,
};

both_databases!(
    avatars_are_uploaded_as_forms,
    covers_are_uploaded_as_forms,
    poll_option_images_are_uploaded_as_forms,
    entries_are_uploaded_as_forms,
    palette_checks_are_uploaded_as_forms,
    refusals_that_need_no_image_come_before_the_body,
);

/// `media.max_upload_bytes` in these tests, so "too large" stays small.
const LIMIT: usize = 256 * 1024;

async fn spawn_small(db: Db) -> TestApp {
    spawn_with(db, |s| s.media.max_upload_bytes = LIMIT).await
}

/// An upload endpoint and who may use it.
struct Upload<'a> {
    method: Method,
    path: String,
    who: &'a User,
    /// The status of a successful upload.
    ok: u16,
    /// Text fields sent with the image.
    fields: &'a [(&'a str, &'a str)],
}

impl Upload<'_> {
    fn form(&self, file: Option<Vec<u8>>) -> Form {
        let mut form = Form::new();
        for (name, value) in self.fields {
            form = form.text(name.to_string(), value.to_string());
        }
        match file {
            Some(bytes) => form.part("file", Part::bytes(bytes).file_name("upload.png")),
            None => form,
        }
    }

    async fn send(&self, app: &TestApp, file: Option<Vec<u8>>) -> crate::helpers::Answer {
        app.upload_form(self.method.clone(), &self.path, self.who, self.form(file))
            .await
    }

    /// Runs the five cases against the endpoint.
    async fn check(&self, app: &TestApp) {
        self.send(app, Some(png_bytes(320, 240)))
            .await
            .expect_status(self.ok);
        raw_image_body(
            app.request(self.method.clone(), &self.path, self.who),
            png_bytes(64, 48),
        )
        .answer()
        .await
        .expect_error(415, "unsupported_media_type");
        app.request(self.method.clone(), &self.path, self.who)
            .body(png_bytes(64, 48))
            .answer()
            .await
            .expect_error(415, "unsupported_media_type");
        self.send(app, None).await.expect_error(422, "missing_file");
        self.send(app, Some(b"plain text, not a picture".to_vec()))
            .await
            .expect_error(415, "unsupported_image_format");
        app.unfinished_upload(self.method.clone(), &self.path, self.who, LIMIT + 64 * 1024)
            .await
            .expect_error(413, "payload_too_large");
    }
}

async fn avatars_are_uploaded_as_forms(db: Db) {
    let app = spawn_small(db).await;
    let mei = app.as_member("mei").await;
    let avatar = Upload {
        method: Method::PUT,
        path: "/api/v1/me/avatar".into(),
        who: &mei,
        ok: 200,
        fields: &[],
    };
    avatar.check(&app).await;
    // Text fields are not part of this form.
    let with_title = Upload {
        fields: &[("title", "mine")],
        ..avatar
    };
    with_title
        .send(&app, Some(png_bytes(32, 32)))
        .await
        .expect_error(400, "invalid_form");
}

async fn covers_are_uploaded_as_forms(db: Db) {
    let app = spawn_small(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    Upload {
        method: Method::PUT,
        path: "/api/v1/challenges/lanterns/cover".into(),
        who: &staff,
        ok: 200,
        fields: &[],
    }
    .check(&app)
    .await;
}

async fn poll_option_images_are_uploaded_as_forms(db: Db) {
    let app = spawn_small(db).await;
    let staff = app.as_staff("lin").await;
    let poll = app
        .create_poll(&staff, &poll_body(Duration::hours(1)))
        .await;
    Upload {
        method: Method::PUT,
        path: format!(
            "/api/v1/polls/{}/options/{}/image",
            poll.id, poll.options[0].id
        ),
        who: &staff,
        ok: 200,
        fields: &[],
    }
    .check(&app)
    .await;
}

async fn entries_are_uploaded_as_forms(db: Db) {
    let app = spawn_small(db).await;
    app.open_challenge("lanterns", 3).await;
    let mei = app.as_member("mei").await;
    let fields = [
        ("title", "Lantern"),
        ("description", "Red paper"),
        ("tags", "red"),
    ];
    let entry = Upload {
        method: Method::POST,
        path: "/api/v1/challenges/lanterns/entries".into(),
        who: &mei,
        ok: 201,
        fields: &fields,
    };
    entry.check(&app).await;
    // A field the entry form does not have.
    Upload {
        fields: &[("title", "Lantern"), ("colour", "red")],
        ..entry
    }
    .send(&app, Some(png_bytes(32, 32)))
    .await
    .expect_error(400, "invalid_form");
}

async fn palette_checks_are_uploaded_as_forms(db: Db) {
    let app = spawn_small(db).await;
    let staff = app.as_staff("lin").await;
    let mut body = challenge_body("red-dusk", -1);
    body["theme"] = json!("colour");
    body["palette"] = json!(["#c81e1e", "#1e1ec8"]);
    app.create_challenge(&staff, &body).await;
    let mei = app.as_member("mei").await;
    Upload {
        method: Method::POST,
        path: "/api/v1/challenges/red-dusk/palette-check".into(),
        who: &mei,
        ok: 200,
        fields: &[],
    }
    .check(&app)
    .await;
}

/// Who may not upload, and what cannot take the image, is told before any
/// of the image is read (the upload below never ends).
async fn refusals_that_need_no_image_come_before_the_body(db: Db) {
    let app = spawn_small(db).await;
    let staff = app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let open = app
        .create_poll(&staff, &poll_body(Duration::hours(-1)))
        .await;
    let later = app
        .create_poll(&staff, &poll_body(Duration::hours(1)))
        .await;
    let cases = [
        (
            "/api/v1/challenges/nowhere/cover".to_owned(),
            &staff,
            404,
            "not_found",
        ),
        (
            "/api/v1/challenges/lanterns/cover".to_owned(),
            &mei,
            403,
            "forbidden",
        ),
        (
            format!(
                "/api/v1/polls/{}/options/{}/image",
                open.id, open.options[0].id
            ),
            &staff,
            409,
            "poll_locked",
        ),
        (
            format!(
                "/api/v1/polls/{}/options/{}/image",
                later.id, open.options[0].id
            ),
            &staff,
            404,
            "not_found",
        ),
        (
            format!(
                "/api/v1/polls/{}/options/{}/image",
                later.id, later.options[0].id
            ),
            &mei,
            403,
            "forbidden",
        ),
    ];
    for (path, who, status, code) in cases {
        app.unfinished_upload(Method::PUT, &path, who, 1024)
            .await
            .expect_error(status, code);
    }
}

fn poll_body(opens_in: Duration) -> serde_json::Value {
    json!({
        "question": "Which name for the oolong?",
        "product": "Seasonal oolong",
        "description": "Names from the community.",
        "method": "single",
        "eligibility": "all_members",
        "allow_change": true,
        "opens_at": Utc::now() + opens_in,
        "closes_at": Utc::now() + opens_in + Duration::hours(2),
        "options": [{"label": "Cloud Pearl"}, {"label": "Mountain Dusk"}],
    })
}
