//! What the template tests share: creators, template bodies, uploads of
//! previews and source files, the way to a published template, and a
//! licence granted directly (orders and free licences have their own
//! routes and tests).

use atelier_api::{Role, TemplateDetail, TemplateFile};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp, User};

/// A small SVG with no text: a red square and a yellow disc.
pub const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100" fill="#c8102e"/><circle cx="100" cy="50" r="30" fill="#f4d35e"/></svg>"##;

/// A valid template body: a free personal licence unless `price` is above 0
/// (then paid single use).
pub fn body(title: &str, category: &str, tags: &[&str], price: i64) -> Value {
    let licence = if price > 0 {
        "paid_single_use"
    } else {
        "free_personal"
    };
    json!({
        "title": title,
        "description": format!("**{title}**, made for the tests."),
        "category": category,
        "tags": tags,
        "canvas": {"width": 1080, "height": 1080, "unit": "px"},
        "licence": licence,
        "price_minor": price,
    })
}

/// A PNG of one colour.
pub fn solid_png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(rgb));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn file_form(bytes: Vec<u8>, name: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    )
}

impl TestApp {
    /// A verified expert: may publish templates.
    pub async fn as_expert(&self, handle: &str) -> User {
        self.as_role(handle, Role::Expert).await
    }

    pub async fn create_template(&self, who: &User, body: &Value) -> TemplateDetail {
        self.post_json("/api/v1/templates", body, who)
            .await
            .expect_status(201)
            .json()
    }

    pub async fn add_preview(&self, who: &User, id: i64, png: Vec<u8>) -> Answer {
        self.upload_form(
            Method::POST,
            &format!("/api/v1/templates/{id}/previews"),
            who,
            file_form(png, "preview.png"),
        )
        .await
    }

    pub async fn add_source(&self, who: &User, id: i64, bytes: Vec<u8>, name: &str) -> Answer {
        self.upload_form(
            Method::POST,
            &format!("/api/v1/templates/{id}/files"),
            who,
            file_form(bytes, name),
        )
        .await
    }

    pub async fn template(&self, id: i64, who: Option<&User>) -> Answer {
        let path = format!("/api/v1/templates/{id}");
        match who {
            Some(u) => self.get_json(&path, u).await,
            None => self.get_json(&path, crate::helpers::ANON).await,
        }
    }

    pub async fn review_template(&self, staff: &User, id: i64, decision: &Value) -> Answer {
        self.post_json(
            &format!("/api/v1/staff/templates/{id}/review"),
            decision,
            staff,
        )
        .await
    }

    /// Creates, gives a preview of `rgb` and the test SVG, submits, and has
    /// `staff` approve it.
    pub async fn published_template(
        &self,
        creator: &User,
        staff: &User,
        body: &Value,
        rgb: [u8; 3],
    ) -> (TemplateDetail, TemplateFile) {
        let t = self.create_template(creator, body).await;
        self.add_preview(creator, t.card.id, solid_png(64, 48, rgb))
            .await
            .expect_status(201);
        let file: TemplateFile = self
            .add_source(creator, t.card.id, SVG.as_bytes().to_vec(), "source.svg")
            .await
            .expect_status(201)
            .json();
        self.post_json(
            &format!("/api/v1/templates/{}/submit", t.card.id),
            &json!({}),
            creator,
        )
        .await
        .expect_status(200);
        let t = self
            .review_template(staff, t.card.id, &json!({"approve": true}))
            .await
            .expect_status(200)
            .json();
        (t, file)
    }

    /// A live licence for `user`, written directly.
    pub async fn grant_licence(&self, user_id: i64, template_id: i64) {
        atelier::entities::template_licence::ActiveModel {
            user_id: Set(user_id),
            template_id: Set(template_id),
            licence: Set("free_personal".into()),
            order_id: Set(None),
            grant_key: Set(format!("free:{user_id}:{template_id}")),
            granted_at: Set(chrono::Utc::now()),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
    }
}

/// The rows the authorisation matrix points template routes at: a
/// published template (with a preview, a source file and a download token)
/// and one in review, both by a creator who is none of the matrix's roles.
pub struct TemplateFixtures {
    pub published: i64,
    pub in_review: i64,
    pub preview: i64,
    pub file: i64,
    pub token: String,
}

impl TemplateFixtures {
    pub async fn create(app: &TestApp, staff: &User) -> TemplateFixtures {
        let creator = app.as_expert("tpl_creator").await;
        let (t, file) = app
            .published_template(
                &creator,
                staff,
                &body("Matrix template", "poster", &[], 0),
                [9, 9, 9],
            )
            .await;
        let link: atelier_api::DownloadLink = app
            .post_json(
                &format!("/api/v1/templates/{}/files/{}/link", t.card.id, file.id),
                &json!({}),
                &creator,
            )
            .await
            .expect_status(200)
            .json();
        let r = app
            .create_template(&creator, &body("Matrix review", "poster", &[], 0))
            .await;
        app.add_preview(&creator, r.card.id, solid_png(20, 20, [1, 1, 1]))
            .await
            .expect_status(201);
        app.add_source(&creator, r.card.id, SVG.as_bytes().to_vec(), "r.svg")
            .await
            .expect_status(201);
        app.post_json(
            &format!("/api/v1/templates/{}/submit", r.card.id),
            &json!({}),
            &creator,
        )
        .await
        .expect_status(200);
        TemplateFixtures {
            published: t.card.id,
            in_review: r.card.id,
            preview: t.previews[0].id,
            file: file.id,
            token: link.url.rsplit('/').next().unwrap_or_default().to_owned(),
        }
    }

    /// The template a path's `{id}` names, if it is a template route.
    pub fn id_for(&self, path: &str) -> Option<i64> {
        if path.starts_with("/api/v1/staff/templates/") {
            Some(self.in_review)
        } else if path.starts_with("/api/v1/templates/") {
            Some(self.published)
        } else {
            None
        }
    }

    pub fn fill(&self, path: &str) -> String {
        path.replace("{preview_id}", &self.preview.to_string())
            .replace("{file_id}", &self.file.to_string())
            .replace("{token}", &self.token)
    }
}
