use atelier_api::{
    AuditList, ExpertApplication, ExpertApplicationList, Me, PublicProfile, Role, UserAdminList,
};
use reqwest::Method;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Db, TestApp, assert_error, png_bytes, spawn};

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

async fn change_role(app: &TestApp, token: &str, id: i64, role: &str) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/admin/users/{id}/role"),
        Some(token),
    )
    .json(&json!({"role": role}))
    .send()
    .await
    .unwrap()
}

async fn staff_change_roles_within_their_powers_and_it_is_audited(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let admin = app.user_with_role("ada", Role::Admin).await;
    let member = app.register("yuting").await;

    let res = change_role(&app, &staff.access_token, member.user.id, "expert").await;
    assert_eq!(res.status(), 200);
    // The change applies to the member's existing token at once.
    let me: Me = app
        .request(Method::GET, "/api/v1/me", Some(&member.access_token))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.role, Role::Expert);

    assert_error(
        change_role(&app, &staff.access_token, member.user.id, "staff").await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        change_role(&app, &staff.access_token, admin.user.id, "member").await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        change_role(&app, &staff.access_token, staff.user.id, "admin").await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        change_role(&app, &admin.access_token, 999_999, "staff").await,
        404,
        "not_found",
    )
    .await;
    let res = change_role(&app, &admin.access_token, member.user.id, "staff").await;
    assert_eq!(res.status(), 200);
    let bad = app
        .request(
            Method::PUT,
            &format!("/api/v1/admin/users/{}/role", member.user.id),
            Some(&admin.access_token),
        )
        .json(&json!({"role": "emperor"}))
        .send()
        .await
        .unwrap();
    assert_error(bad, 400, "invalid_json").await;

    let audit: AuditList = app
        .request(
            Method::GET,
            "/api/v1/admin/audit",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
        .request(
            Method::GET,
            "/api/v1/admin/users?q=YUT",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users.items.len(), 1);
    assert_eq!(users.items[0].role, Role::Staff);
}

async fn expert_applications_are_approved_or_rejected_with_a_reason(db: Db) {
    let app = spawn(db).await;
    let staff = app.user_with_role("lin", Role::Staff).await;
    let mei = app.register("mei").await;
    let apply = || async {
        app.request(
            Method::POST,
            "/api/v1/expert-applications",
            Some(&mei.access_token),
        )
        .json(&application_body())
        .send()
        .await
        .unwrap()
    };
    let first: ExpertApplication = apply().await.json().await.unwrap();
    assert_error(apply().await, 409, "application_pending").await;

    let decide = |id: i64, body: serde_json::Value| {
        let app = &app;
        let token = staff.access_token.clone();
        async move {
            app.request(
                Method::POST,
                &format!("/api/v1/expert-applications/{id}/decision"),
                Some(&token),
            )
            .json(&body)
            .send()
            .await
            .unwrap()
        }
    };
    assert_error(
        decide(first.id, json!({"approve": false})).await,
        422,
        "reason_required",
    )
    .await;
    let rejected: ExpertApplication = decide(
        first.id,
        json!({"approve": false, "reason": "Please add more recent work."}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(rejected.status, atelier_api::ApplicationStatus::Rejected);
    assert_error(
        decide(first.id, json!({"approve": true})).await,
        409,
        "already_decided",
    )
    .await;

    let bad = app
        .request(
            Method::POST,
            "/api/v1/expert-applications",
            Some(&mei.access_token),
        )
        .json(&json!({"bio": "short", "portfolio_links": [], "field": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);

    let second: ExpertApplication = apply().await.json().await.unwrap();
    let approved: ExpertApplication = decide(second.id, json!({"approve": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approved.status, atelier_api::ApplicationStatus::Approved);

    let mine: ExpertApplicationList = app
        .request(
            Method::GET,
            "/api/v1/expert-applications/mine",
            Some(&mei.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 2);
    assert_eq!(
        mine.items[1].reason.as_deref(),
        Some("Please add more recent work.")
    );

    let profile: PublicProfile = app.get("/api/v1/users/mei").await.json().await.unwrap();
    assert_eq!(profile.role, Role::Expert);
    assert_eq!(profile.expert_field.as_deref(), Some("Packaging design"));

    let audit: AuditList = app
        .request(
            Method::GET,
            "/api/v1/admin/audit",
            Some(&staff.access_token),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<_> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["expert.approve", "expert.reject"]);
}

async fn profiles_can_be_edited_and_shown_publicly(db: Db) {
    let app = spawn(db).await;
    let t = app.register("hao").await;
    let res = app
        .request(Method::PATCH, "/api/v1/me", Some(&t.access_token))
        .json(&json!({"display_name": "  林浩 Hao ", "bio": "I draw bubble tea."}))
        .send()
        .await
        .unwrap();
    let me: Me = res.json().await.unwrap();
    assert_eq!(me.display_name, "林浩 Hao");
    let p: PublicProfile = app.get("/api/v1/users/HAO").await.json().await.unwrap();
    assert_eq!(p.display_name, "林浩 Hao");
    assert_eq!(p.bio, "I draw bubble tea.");
    assert_eq!(p.expert_field, None);
    assert!(p.works.is_empty());
    let res = app
        .request(Method::PATCH, "/api/v1/me", Some(&t.access_token))
        .json(&json!({"display_name": "x".repeat(61)}))
        .send()
        .await
        .unwrap();
    assert_error(res, 422, "invalid_display_name").await;
    assert_error(app.get("/api/v1/users/nobody_here").await, 404, "not_found").await;
}

async fn avatars_are_reencoded_squares_and_bad_uploads_get_codes(db: Db) {
    let app = spawn(db).await;
    let t = app.register("sora").await;
    let put = |body: Vec<u8>| {
        app.request(Method::PUT, "/api/v1/me/avatar", Some(&t.access_token))
            .header("content-type", "image/jpeg")
            .body(body)
            .send()
    };
    // A real JPEG with EXIF and GPS metadata from the shared test images.
    let exif = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/testdata/images/jpg__exif-xmp-metadata.jpg"
    ))
    .unwrap();
    let me: Me = put(exif).await.unwrap().json().await.unwrap();
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
    let me2: Me = put(png_bytes(300, 200))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(me2.avatar_url.as_deref(), Some(url.as_str()));
    assert_error(app.get(&url).await, 404, "not_found").await;

    let png = png_bytes(64, 64);
    assert_error(
        put(png[..png.len() / 2].to_vec()).await.unwrap(),
        422,
        "invalid_image",
    )
    .await;
    assert_error(
        put(b"plain text".to_vec()).await.unwrap(),
        415,
        "unsupported_image_format",
    )
    .await;
    assert_error(
        put(vec![0u8; 5 * 1024 * 1024 + 1]).await.unwrap(),
        413,
        "payload_too_large",
    )
    .await;
    // Only public prefixes are served.
    assert_error(
        app.get("/api/v1/media/originals/1/x.jpg").await,
        404,
        "not_found",
    )
    .await;
}
