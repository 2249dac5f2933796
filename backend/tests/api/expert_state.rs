//! Expert applications as the member follows them (pending, rejected with a
//! reason and applying again, approved), approval copying the bio to the
//! profile, a role change to expert going through the same verification,
//! and the roles staff may grant.

use atelier_api::{
    ApplicationStatus, ExpertApplication, ExpertApplicationList, Me, PublicProfile, Role,
    UserAdminView, grantable_roles,
};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answer, Db, TestApp, User, spawn};

both_databases!(
    a_member_follows_their_application_and_may_apply_again_after_a_rejection,
    approval_copies_the_application_bio_to_the_profile,
    a_role_change_to_expert_verifies_like_an_approval,
    staff_grant_only_the_roles_listed_as_grantable,
);

const BIO: &str = "Fifteen years of hand-lettering for tea houses in Tainan.";

async fn apply(app: &TestApp, who: &User, bio: &str) -> Answer {
    app.post_json(
        "/api/v1/expert-applications",
        &json!({
            "bio": bio,
            "portfolio_links": ["https://letters.example.com/work"],
            "field": "Lettering",
        }),
        who,
    )
    .await
}

async fn mine(app: &TestApp, who: &User) -> Vec<ExpertApplication> {
    app.get_json("/api/v1/expert-applications/mine", who)
        .await
        .json::<ExpertApplicationList>()
        .items
}

async fn decide(app: &TestApp, staff: &User, id: i64, body: serde_json::Value) -> Answer {
    app.post_json(
        &format!("/api/v1/expert-applications/{id}/decision"),
        &body,
        staff,
    )
    .await
}

async fn set_role(app: &TestApp, who: &User, id: i64, body: serde_json::Value) -> Answer {
    app.put_json(&format!("/api/v1/admin/users/{id}/role"), &body, who)
        .await
}

async fn a_member_follows_their_application_and_may_apply_again_after_a_rejection(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mei = app.as_member("mei").await;
    assert!(mine(&app, &mei).await.is_empty());
    let first: ExpertApplication = apply(&app, &mei, BIO).await.expect_status(201).json();
    let state = mine(&app, &mei).await;
    assert_eq!(state.len(), 1);
    assert_eq!(state[0].status, ApplicationStatus::Pending);
    assert_eq!(state[0].reason, None);
    // One pending application at a time.
    apply(&app, &mei, BIO)
        .await
        .expect_error(409, "application_pending");
    decide(
        &app,
        &staff,
        first.id,
        json!({"approve": false, "reason": "Please show recent work."}),
    )
    .await
    .expect_status(200);
    let state = mine(&app, &mei).await;
    assert_eq!(state[0].status, ApplicationStatus::Rejected);
    assert_eq!(state[0].reason.as_deref(), Some("Please show recent work."));
    // A rejected member may apply again; the newest application comes first.
    let second: ExpertApplication = apply(&app, &mei, BIO).await.expect_status(201).json();
    let state = mine(&app, &mei).await;
    assert_eq!(state.len(), 2);
    assert_eq!(state[0].id, second.id);
    assert_eq!(state[0].status, ApplicationStatus::Pending);
    decide(&app, &staff, second.id, json!({"approve": true}))
        .await
        .expect_status(200);
    assert_eq!(
        mine(&app, &mei).await[0].status,
        ApplicationStatus::Approved
    );
    // An expert does not apply again.
    apply(&app, &mei, BIO)
        .await
        .expect_error(409, "not_a_member");
    // Others never see someone's applications through `mine`.
    let hao = app.as_member("hao").await;
    assert!(mine(&app, &hao).await.is_empty());
}

async fn approval_copies_the_application_bio_to_the_profile(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;
    let mei = app.as_member("mei").await;
    app.patch_json("/api/v1/me", &json!({"bio": "old words"}), &mei)
        .await
        .expect_status(200);
    let a: ExpertApplication = apply(&app, &mei, &format!("  {BIO}  "))
        .await
        .expect_status(201)
        .json();
    // Before approval the profile keeps its bio.
    let p: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(p.bio, "old words");
    decide(&app, &staff, a.id, json!({"approve": true}))
        .await
        .expect_status(200);
    let p: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(p.bio, BIO);
    assert_eq!(p.role, Role::Expert);
    assert_eq!(p.expert_field.as_deref(), Some("Lettering"));
    let me: Me = app.get_json("/api/v1/me", &mei).await.json();
    assert_eq!(me.bio, BIO);
}

async fn a_role_change_to_expert_verifies_like_an_approval(db: Db) {
    let app = spawn(db).await;
    let staff = app.as_staff("lin").await;

    // Without an application: the field of expertise is needed, and an
    // approved application is recorded.
    let hao = app.as_member("hao").await;
    app.patch_json("/api/v1/me", &json!({"bio": "I draw bubble tea."}), &hao)
        .await
        .expect_status(200);
    set_role(&app, &staff, hao.id, json!({"role": "expert"}))
        .await
        .expect_error(422, "invalid_field");
    let p: PublicProfile = app.get_json("/api/v1/users/hao", ANON).await.json();
    assert_eq!(p.role, Role::Member, "a refused change changes nothing");
    let v: UserAdminView = set_role(
        &app,
        &staff,
        hao.id,
        json!({"role": "expert", "field": " Illustration "}),
    )
    .await
    .expect_status(200)
    .json();
    assert_eq!(v.role, Role::Expert);
    let p: PublicProfile = app.get_json("/api/v1/users/hao", ANON).await.json();
    assert_eq!(p.expert_field.as_deref(), Some("Illustration"), "the badge");
    assert_eq!(p.bio, "I draw bubble tea.");
    let apps = mine(&app, &hao).await;
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].status, ApplicationStatus::Approved);
    assert_eq!(apps[0].field, "Illustration");
    assert!(apps[0].decided_at.is_some());

    // With a pending application: that one is approved, its bio copied.
    let mei = app.as_member("mei").await;
    let pending: ExpertApplication = apply(&app, &mei, BIO).await.expect_status(201).json();
    set_role(
        &app,
        &staff,
        mei.id,
        json!({"role": "expert", "field": "ignored"}),
    )
    .await
    .expect_status(200);
    let apps = mine(&app, &mei).await;
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].id, pending.id);
    assert_eq!(apps[0].status, ApplicationStatus::Approved);
    let p: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(p.expert_field.as_deref(), Some("Lettering"));
    assert_eq!(p.bio, BIO);
    // The pending list no longer shows it.
    let list: ExpertApplicationList = app
        .get_json("/api/v1/expert-applications?status=pending", &staff)
        .await
        .json();
    assert!(list.items.is_empty());

    // Back to member: the badge goes.
    set_role(&app, &staff, mei.id, json!({"role": "member"}))
        .await
        .expect_status(200);
    let p: PublicProfile = app.get_json("/api/v1/users/mei", ANON).await.json();
    assert_eq!(p.role, Role::Member);
    assert_eq!(p.expert_field, None);

    // One audit row per role change, as before.
    let audit = app.audit_log(&staff).await;
    let changes = audit
        .items
        .iter()
        .filter(|e| e.action == "user.role_change")
        .count();
    assert_eq!(changes, 3);
}

async fn staff_grant_only_the_roles_listed_as_grantable(db: Db) {
    let app = spawn(db).await;
    assert_eq!(grantable_roles(Role::Staff), [Role::Member, Role::Expert]);
    assert_eq!(grantable_roles(Role::Admin), Role::ALL);
    assert!(grantable_roles(Role::Member).is_empty());
    assert!(grantable_roles(Role::Expert).is_empty());
    let staff = app.as_staff("lin").await;
    let admin = app.as_admin("ada").await;
    let target = app.as_member("target").await;
    let other = app.as_member("other").await;
    let back = json!({"role": "member"});
    for to in Role::ALL {
        // The server grants exactly what the list says; each change is undone
        // by an admin before the next.
        let body = json!({"role": to.as_str(), "field": "Lettering"});
        let res = set_role(&app, &staff, target.id, body.clone()).await;
        if grantable_roles(Role::Staff).contains(&to) {
            res.expect_status(200);
        } else {
            res.expect_error(403, "forbidden");
        }
        set_role(&app, &admin, target.id, back.clone())
            .await
            .expect_status(200);
        set_role(&app, &admin, other.id, body)
            .await
            .expect_status(200);
        set_role(&app, &admin, other.id, back.clone())
            .await
            .expect_status(200);
    }
    // Staff cannot take a role they may not grant away either.
    let boss = app.as_staff("boss").await;
    set_role(&app, &staff, boss.id, json!({"role": "member"}))
        .await
        .expect_error(403, "forbidden");
    // Members grant nothing.
    let member = app.as_member("plain").await;
    let target = app.as_member("someone").await;
    set_role(
        &app,
        &member,
        target.id,
        json!({"role": "expert", "field": "Lettering"}),
    )
    .await
    .expect_error(403, "forbidden");
}
