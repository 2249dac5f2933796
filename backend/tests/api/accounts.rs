use atelier_api::{
    ApplicationStatus, ExpertApplication, ExpertApplicationList, Me, PublicProfile, Role,
    UserAdminList,
};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answer, Db, TestApp, User, png_bytes, spawn, test_image};

both_databases!(
    staff_change_roles_within_their_powers_and_it_is_audited,
    expert_applications_are_approved_or_rejected_with_a_reason,
    profiles_can_be_edited_and_shown_publicly,
    avatars_are_reencoded_squares_and_bad_uploads_get_codes,
);

fn application_body() -> serde_json::Value {
    json!({
        "bio": "I have designed tea packaging for fifteen years.",
        "portfolio_links": ["https://portfolio.example.com/me"],
        "field": "Packaging design"
    })
}

async fn change_role(app: &TestApp, who: &User, id: i64, role: &str) -> Answer {
    app.put_json(
        &format!("/api/v1/admin/users/{id}/role"),
        &json!({ "role": role, "field": "Illustration" }),
        who,
    )
    .await
}

async fn staff_change_roles_within_their_powers_and_it_is_audited(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let admin = app.as_admin("ada").await;
    let member = app.as_member("yuting").await;

    change_role(&app, &staff, member.id, "expert")
        .await
        .expect_status(200);
    // The change applies to the member's existing token at once.
    let me: Me = app.get_json("/api/v1/me", &member).await.json();
    assert_eq!(me.role, Role::Expert);

    change_role(&app, &staff, member.id, "staff")
        .await
        .expect_error(403, "forbidden");
    change_role(&app, &staff, admin.id, "member")
        .await
        .expect_error(403, "forbidden");
    change_role(&app, &staff, staff.id, "admin")
        .await
        .expect_error(403, "forbidden");
    change_role(&app, &admin, 999_999, "staff")
        .await
        .expect_error(404, "not_found");
    change_role(&app, &admin, member.id, "staff")
        .await
        .expect_status(200);
    change_role(&app, &admin, member.id, "emperor")
        .await
        .expect_error(400, "invalid_json");

    let audit = app.audit_log(&staff).await;
    let changes: Vec<_> = audit
        .items
        .iter()
        .filter(|e| e.action == "user.role_change")
        .map(|e| {
            (
                e.actor_handle.clone().unwrap(),
                e.subject.clone(),
                e.detail.clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "ada".to_owned(),
                "user:yuting".to_owned(),
                "expert -> staff".to_owned()
            ),
            (
                "lin".to_owned(),
                "user:yuting".to_owned(),
                "member -> expert".to_owned()
            ),
        ]
    );

    let users: UserAdminList = app
        .get_json("/api/v1/admin/users?q=YUT", &staff)
        .await
        .json();
    assert_eq!(users.items.len(), 1);
    assert_eq!(users.items[0].role, Role::Staff);
}

async fn expert_applications_are_approved_or_rejected_with_a_reason(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mei = app.as_member("mei").await;
    let apply = || async {
        app.post_json("/api/v1/expert-applications", &application_body(), &mei)
            .await
    };
    let first: ExpertApplication = apply().await.json();
    apply().await.expect_error(409, "application_pending");

    let decide = |id: i64, body: serde_json::Value| {
        let (app, staff) = (&app, &staff);
        async move {
            app.post_json(
                &format!("/api/v1/expert-applications/{id}/decision"),
                &body,
                staff,
            )
            .await
        }
    };
    decide(first.id, json!({"approve": false}))
        .await
        .expect_error(422, "reason_required");
    let rejected: ExpertApplication = decide(
        first.id,
        json!({"approve": false, "reason": "Please add more recent work."}),
    )
    .await
    .json();
    assert_eq!(rejected.status, ApplicationStatus::Rejected);
    decide(first.id, json!({"approve": true}))
        .await
        .expect_error(409, "already_decided");

    app.post_json(
        "/api/v1/expert-applications",
        &json!({"bio": "short", "portfolio_links": [], "field": "x"}),
        &mei,
    )
    .await
    .expect_status(422);

    let second: ExpertApplication = apply().await.json();
    let approved: ExpertApplication = decide(second.id, json!({"approve": true})).await.json();
    assert_eq!(approved.status, ApplicationStatus::Approved);

    let mine: ExpertApplicationList = app
        .get_json("/api/v1/expert-applications/mine", &mei)
        .await
        .json();
    assert_eq!(mine.items.len(), 2);
    assert_eq!(
        mine.items[1].reason.as_deref(),
        Some("Please add more recent work.")
    );

    let profile: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(profile.role, Role::Expert);
    assert_eq!(profile.expert_field.as_deref(), Some("Packaging design"));

    let audit = app.audit_log(&staff).await;
    let actions: Vec<_> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["expert.approve", "expert.reject"]);
}

async fn profiles_can_be_edited_and_shown_publicly(db: Db) {
    let app = spawn(db).await;
    let hao = app.as_member("hao").await;
    let me: Me = app
        .patch_json(
            "/api/v1/me",
            &json!({"display_name": "  林浩 Hao ", "bio": "I draw bubble tea."}),
            &hao,
        )
        .await
        .json();
    assert_eq!(me.display_name, "林浩 Hao");
    let p: PublicProfile = app.get_json("/api/v1/users/HAO", ANON).await.json();
    assert_eq!(p.display_name, "林浩 Hao");
    assert_eq!(p.bio, "I draw bubble tea.");
    assert_eq!(p.expert_field, None);
    assert!(p.works.is_empty());
    app.patch_json("/api/v1/me", &json!({"display_name": "x".repeat(61)}), &hao)
        .await
        .expect_error(422, "invalid_display_name");
    app.get_json("/api/v1/users/nobody_here", ANON)
        .await
        .expect_error(404, "not_found");
}

async fn avatars_are_reencoded_squares_and_bad_uploads_get_codes(db: Db) {
    let app = spawn(db).await;
    let sora = app.as_member("sora").await;
    // A real JPEG with EXIF and GPS metadata from the shared test images.
    let exif = test_image("jpg__exif-xmp-metadata.jpg");
    let me: Me = app.upload_avatar(&sora, exif).await.json();
    let url = me.avatar_url.unwrap();
    let res = app.get(&url).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (256, 256));
    // No EXIF (APP1) or XMP segment survives re-encoding.
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    assert!(!bytes.windows(9).any(|w| w == b"http://ns"));
    let res = app
        .client
        .get(app.url(&url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    // Replacing removes the old object.
    let me2: Me = app.upload_avatar(&sora, png_bytes(300, 200)).await.json();
    assert_ne!(me2.avatar_url.as_deref(), Some(url.as_str()));
    app.get_json(&url, ANON)
        .await
        .expect_error(404, "not_found");

    let png = png_bytes(64, 64);
    app.upload_avatar(&sora, png[..png.len() / 2].to_vec())
        .await
        .expect_error(422, "invalid_image");
    app.upload_avatar(&sora, b"plain text".to_vec())
        .await
        .expect_error(415, "unsupported_image_format");
    app.upload_avatar(&sora, vec![0u8; 5 * 1024 * 1024 + 1])
        .await
        .expect_error(413, "payload_too_large");
    // Only public prefixes are served.
    app.get_json("/api/v1/media/originals/1/x.jpg", ANON)
        .await
        .expect_error(404, "not_found");
}
