//! Images and uploads. Each upload endpoint has one helper here, and the
//! way an image travels (a multipart form for entries, the bare image for
//! avatars, covers and poll option images) is decided in `entry_form` and
//! `image_body` alone.

use atelier_api::EntryDetail;
use reqwest::{Method, RequestBuilder};

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

/// An image as the avatar, cover and poll option image uploads take it.
pub fn image_body(rb: RequestBuilder, image: Vec<u8>) -> RequestBuilder {
    let content_type =
        image::guess_format(&image).map_or("application/octet-stream", |f| f.to_mime_type());
    rb.header("content-type", content_type).body(image)
}

impl TestApp {
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
        self.request(Method::POST, &path, who)
            .header("content-type", "image/png")
            .body(image)
            .answer()
            .await
    }
}
