//! Templates: who may create them, validation, the status flow draft -> in
//! review -> published / rejected (the reason shown to the creator) ->
//! unlisted, edits, and deleting.

use atelier_api::{Me, TemplateCard, TemplateDetail, TemplateStatus, UserAdminList};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Db, files_under, spawn};
use crate::templates_support::{SVG, body, solid_png};

both_databases!(
    only_experts_staff_and_approved_members_create_templates,
    every_rule_has_its_code,
    a_template_goes_through_review_and_the_creator_sees_the_reason,
    edits_keep_a_published_template_published,
    deleting_follows_publication_and_licences,
);

async fn only_experts_staff_and_approved_members_create_templates(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let member = app.as_member("hao").await;
    let expert = app.as_expert("mei").await;
    let b = body("Lantern poster", "poster", &["lantern"], 0);

    app.post_json("/api/v1/templates", &b, &member)
        .await
        .expect_error(403, "not_a_creator");
    app.post_json("/api/v1/templates", &b, ANON)
        .await
        .expect_status(401);
    let me: Me = app.get_json("/api/v1/me", &member).await.json();
    assert!(!me.can_publish_templates);
    let me: Me = app.get_json("/api/v1/me", &expert).await.json();
    assert!(me.can_publish_templates);
    let t = app.create_template(&expert, &b).await;
    assert_eq!(t.card.status, TemplateStatus::Draft);
    assert_eq!(t.card.creator.handle, "mei");
    assert!(t.card.creator.expert);
    assert!(t.can_edit);
    app.create_template(&staff, &b).await;

    // Staff approve the member as a creator (audited), then withdraw it.
    app.put_json(
        &format!("/api/v1/staff/users/{}/creator", member.id),
        &json!({"approved": true}),
        &member,
    )
    .await
    .expect_error(403, "forbidden");
    let row: atelier_api::UserAdminView = app
        .put_json(
            &format!("/api/v1/staff/users/{}/creator", member.id),
            &json!({"approved": true}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert!(row.creator);
    let me: Me = app.get_json("/api/v1/me", &member).await.json();
    assert!(me.can_publish_templates);
    let list: UserAdminList = app
        .get_json("/api/v1/admin/users?q=hao", &staff)
        .await
        .json();
    assert!(list.items.iter().any(|u| u.handle == "hao" && u.creator));
    app.create_template(&member, &b).await;
    app.put_json(
        &format!("/api/v1/staff/users/{}/creator", member.id),
        &json!({"approved": false}),
        &staff,
    )
    .await
    .expect_status(200);
    app.post_json("/api/v1/templates", &b, &member)
        .await
        .expect_error(403, "not_a_creator");
    let actions: Vec<String> = app
        .audit_log(&staff)
        .await
        .items
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"user.creator_approve".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"user.creator_revoke".to_owned()),
        "{actions:?}"
    );
}

async fn every_rule_has_its_code(db: Db) {
    let app = spawn(db).await;
    let expert = app.as_expert("mei").await;
    let good = body("Eco packaging dieline", "packaging", &["eco"], 15_000);
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (json!({"title": "ab"}), "invalid_template_title"),
        (json!({"title": "x".repeat(121)}), "invalid_template_title"),
        (
            json!({"description": "x".repeat(10_001)}),
            "invalid_template_description",
        ),
        (
            json!({"tags": (0..11).map(|i| format!("t{i}")).collect::<Vec<_>>()}),
            "invalid_tags",
        ),
        (json!({"tags": ["two words"]}), "invalid_tags"),
        (
            json!({"canvas": {"width": 20_001, "height": 10, "unit": "px"}}),
            "invalid_canvas",
        ),
        (
            json!({"canvas": {"width": 210, "height": 297, "unit": "mm"}}),
            "invalid_canvas",
        ),
        (
            json!({"canvas": {"width": 210, "height": 297, "unit": "mm", "dpi": 1201}}),
            "invalid_canvas",
        ),
        (json!({"price_minor": 999}), "invalid_price"),
        (json!({"price_minor": 10_000_001}), "invalid_price"),
        (json!({"licence": "free_commercial"}), "invalid_price"),
        (
            json!({"editor_url": "javascript:alert(1)"}),
            "invalid_editor_url",
        ),
        (json!({"title": null}), "missing_field"),
    ];
    for (change, code) in cases {
        let mut b = good.clone();
        for (k, v) in change.as_object().unwrap() {
            b[k] = v.clone();
        }
        app.post_json("/api/v1/templates", &b, &expert)
            .await
            .expect_error(422, code);
    }
    // An unknown category is not a template input at all.
    let mut b = good.clone();
    b["category"] = json!("mural");
    app.post_json("/api/v1/templates", &b, &expert)
        .await
        .expect_error(400, "invalid_json");
    // The message is in Traditional Chinese on request, with the same code.
    let mut b = good.clone();
    b["price_minor"] = json!(5);
    let res = app
        .request(reqwest::Method::POST, "/api/v1/templates", &expert)
        .header("accept-language", "zh-TW")
        .json(&b)
        .send()
        .await
        .unwrap();
    let message = crate::helpers::assert_error(res, 422, "invalid_price").await;
    assert!(message.contains("新台幣"), "{message}");

    let t = app.create_template(&expert, &good).await;
    assert_eq!(t.card.price.amount_minor, 15_000);
    assert_eq!(t.card.price.currency, "TWD");
    // Tags are normalised as entry tags are; markdown is rendered and sanitised.
    let t: TemplateDetail = app
        .patch_json(
            &format!("/api/v1/templates/{}", t.card.id),
            &json!({"tags": [" #Eco ", "eco", "包裝"], "description": "**Bold** <script>alert(1)</script>"}),
            &expert,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.tags, ["eco", "包裝"]);
    assert!(
        t.description_html.contains("<strong>Bold</strong>"),
        "{}",
        t.description_html
    );
    assert!(
        !t.description_html.contains("<script"),
        "{}",
        t.description_html
    );
    // A price and licence change is checked as a whole.
    app.patch_json(
        &format!("/api/v1/templates/{}", t.card.id),
        &json!({"licence": "free_commercial"}),
        &expert,
    )
    .await
    .expect_error(422, "invalid_price");
    let t: TemplateDetail = app
        .patch_json(
            &format!("/api/v1/templates/{}", t.card.id),
            &json!({"licence": "free_commercial", "price_minor": 0, "canvas": {"width": 210, "height": 297, "unit": "mm", "dpi": 300}}),
            &expert,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.price.amount_minor, 0);
    assert_eq!(t.canvas.dpi, Some(300));
}

async fn a_template_goes_through_review_and_the_creator_sees_the_reason(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let other = app.as_member("hao").await;
    let t = app
        .create_template(&expert, &body("Notebook grid", "card", &["notebook"], 0))
        .await;
    let id = t.card.id;
    let path = |p: &str| format!("/api/v1/templates/{id}{p}");

    // A draft is its creator's and staff's only.
    app.template(id, None).await.expect_error(404, "not_found");
    app.template(id, Some(&other))
        .await
        .expect_error(404, "not_found");
    app.template(id, Some(&staff)).await.expect_status(200);

    app.post_json(&path("/submit"), &json!({}), &expert)
        .await
        .expect_error(422, "template_incomplete");
    app.add_preview(&expert, id, solid_png(64, 64, [20, 90, 200]))
        .await
        .expect_status(201);
    app.post_json(&path("/submit"), &json!({}), &expert)
        .await
        .expect_error(422, "template_incomplete");
    app.patch_json(
        &path(""),
        &json!({"editor_url": "https://editor.example/t/1"}),
        &expert,
    )
    .await
    .expect_status(200);
    app.post_json(&path("/submit"), &json!({}), &other)
        .await
        .expect_error(404, "not_found");
    let t: TemplateDetail = app
        .post_json(&path("/submit"), &json!({}), &expert)
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.status, TemplateStatus::InReview);
    app.post_json(&path("/submit"), &json!({}), &expert)
        .await
        .expect_error(409, "template_status");

    let queue: Vec<TemplateCard> = app
        .get_json("/api/v1/staff/templates/review", &staff)
        .await
        .json();
    assert_eq!(queue.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    app.get_json("/api/v1/staff/templates/review", &expert)
        .await
        .expect_error(403, "forbidden");
    app.review_template(&expert, id, &json!({"approve": true}))
        .await
        .expect_error(403, "forbidden");
    app.review_template(&staff, id, &json!({"approve": false}))
        .await
        .expect_error(422, "reason_required");
    app.review_template(
        &staff,
        id,
        &json!({"approve": false, "reason": "The grid lines are too faint to print."}),
    )
    .await
    .expect_status(200);
    let t: TemplateDetail = app.template(id, Some(&expert)).await.json();
    assert_eq!(t.card.status, TemplateStatus::Rejected);
    assert_eq!(
        t.review_reason.as_deref(),
        Some("The grid lines are too faint to print.")
    );
    let mine: Vec<TemplateCard> = app.get_json("/api/v1/me/templates", &expert).await.json();
    assert_eq!(mine[0].status, TemplateStatus::Rejected);

    // Fixed and sent again; approved this time.
    app.post_json(&path("/submit"), &json!({}), &expert)
        .await
        .expect_status(200);
    let t: TemplateDetail = app
        .review_template(&staff, id, &json!({"approve": true}))
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.status, TemplateStatus::Published);
    assert!(t.card.published_at.is_some());
    assert_eq!(t.review_reason, None);
    app.review_template(&staff, id, &json!({"approve": true}))
        .await
        .expect_error(409, "template_status");
    // Now public, and the editor link only for those who may download.
    let public: TemplateDetail = app.template(id, None).await.expect_status(200).json();
    assert!(!public.can_edit && !public.can_download);
    assert_eq!(public.editor_url, None);
    assert_eq!(
        t.editor_url.as_deref(),
        Some("https://editor.example/t/1"),
        "staff see it"
    );
    let actions: Vec<String> = app
        .audit_log(&staff)
        .await
        .items
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.subject))
        .collect();
    assert!(
        actions.contains(&format!("template.approve template:{id}")),
        "{actions:?}"
    );
    assert!(
        actions.contains(&format!("template.reject template:{id}")),
        "{actions:?}"
    );

    // Unlisted: out of the catalogue, the page still answers.
    app.post_json(&path("/relist"), &json!({}), &expert)
        .await
        .expect_error(409, "template_status");
    let t: TemplateDetail = app
        .post_json(&path("/unlist"), &json!({}), &expert)
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.status, TemplateStatus::Unlisted);
    app.template(id, None).await.expect_status(200);
    let page: atelier_api::TemplatePage = app.get_json("/api/v1/templates", ANON).await.json();
    assert!(page.items.is_empty());
    app.post_json(&path("/unlist"), &json!({}), &other)
        .await
        .expect_error(403, "forbidden");
    app.post_json(&path("/relist"), &json!({}), &staff)
        .await
        .expect_status(200);
    let page: atelier_api::TemplatePage = app.get_json("/api/v1/templates", ANON).await.json();
    assert_eq!(page.items.len(), 1);
}

async fn edits_keep_a_published_template_published(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let other = app.as_expert("kai").await;
    let (t, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Sticker sheet", "sticker", &[], 5_000),
            [200, 30, 40],
        )
        .await;
    let path = format!("/api/v1/templates/{}", t.card.id);
    app.patch_json(&path, &json!({"title": "Mine now"}), &other)
        .await
        .expect_error(403, "forbidden");
    let t: TemplateDetail = app
        .patch_json(
            &path,
            &json!({"title": "LINE sticker sheet", "price_minor": 8_000}),
            &expert,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.card.status, TemplateStatus::Published);
    assert_eq!(t.card.title, "LINE sticker sheet");
    assert_eq!(t.card.price.amount_minor, 8_000);
    // A template in review keeps one preview and a way to its sources.
    let preview = t.previews[0].id;
    app.delete(&format!("{path}/previews/{preview}"), &expert)
        .await
        .expect_error(409, "last_preview");
    let file = t.files[0].id;
    app.delete(&format!("{path}/files/{file}"), &expert)
        .await
        .expect_error(409, "last_source");
    app.add_source(&expert, t.card.id, SVG.as_bytes().to_vec(), "second.svg")
        .await
        .expect_status(201);
    app.delete(&format!("{path}/files/{file}"), &expert)
        .await
        .expect_status(204);
    app.delete(&format!("{path}/files/{file}"), &expert)
        .await
        .expect_error(404, "not_found");
}

async fn deleting_follows_publication_and_licences(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let buyer = app.as_member("hao").await;
    let objects = || files_under(&app.data_dir().join("objects")).len();

    // A draft: its creator deletes it, previews and sources with it.
    let before = objects();
    let draft = app
        .create_template(&expert, &body("Scratch", "other", &[], 0))
        .await;
    app.add_preview(&expert, draft.card.id, solid_png(40, 40, [1, 2, 3]))
        .await
        .expect_status(201);
    app.add_source(
        &expert,
        draft.card.id,
        b"%PDF-1.7\n%%EOF".to_vec(),
        "scratch.pdf",
    )
    .await
    .expect_status(201);
    assert!(objects() > before);
    app.delete(&format!("/api/v1/templates/{}", draft.card.id), &buyer)
        .await
        .expect_error(404, "not_found");
    app.delete(&format!("/api/v1/templates/{}", draft.card.id), &expert)
        .await
        .expect_status(204);
    app.template(draft.card.id, Some(&expert))
        .await
        .expect_error(404, "not_found");
    assert_eq!(objects(), before, "its objects went with it");

    // Published: not by its creator; by staff while nobody holds a licence.
    let (t, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Poster", "poster", &[], 0),
            [9, 9, 9],
        )
        .await;
    let path = format!("/api/v1/templates/{}", t.card.id);
    app.delete(&path, &expert)
        .await
        .expect_error(409, "template_published");
    app.grant_licence(buyer.id, t.card.id).await;
    app.delete(&path, &staff)
        .await
        .expect_error(409, "template_licensed");
    let (t2, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Poster two", "poster", &[], 0),
            [9, 9, 9],
        )
        .await;
    app.delete(&format!("/api/v1/templates/{}", t2.card.id), &staff)
        .await
        .expect_status(204);
}
