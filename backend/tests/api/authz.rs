//! The authorisation matrix: every documented route, asked by an anonymous
//! visitor, a member, an expert, staff and an admin. Path parameters point at
//! real rows the test creates (a challenge, an entry by another member, a
//! poll and its option, an expert application, a vote flag, ...) so each
//! request gets past routing and lookup to the authorisation check.
//!
//! A new route fails `the_matrix_covers_exactly_the_documented_routes` until
//! it has a row here.

use atelier_api::{EntryDetail, ExpertApplication, Role};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};

use crate::both_databases;
use crate::helpers::{
    Answered, Db, TestApp, challenge_body, entry_form, image_body, png_bytes, spawn_with,
};

both_databases!(every_route_answers_each_role_as_the_matrix_says);

/// Allowed: any answer but 401, 403 or a 5xx (a 4xx from validating the
/// request is fine).
const OK: u16 = 0;

const ROLES: [&str; 5] = ["anonymous", "member", "expert", "staff", "admin"];

/// Bodies: "" none, "image" a PNG sent as the image uploads take it
/// (`helpers::image_body`), "form" a multipart entry with a PNG
/// (`helpers::entry_form`), anything else JSON in which `{entry}`,
/// `{option_id}` and `{handle}` are filled in.
const CHALLENGE: &str = r#"{"slug": "matrix-new", "title": "Matrix", "brief": "A brief.", "theme": "topic", "status": "draft",
    "rules": {"entries_per_member": 3, "accepted_formats": ["png"], "min_width": 0, "min_height": 0}, "prizes": "",
    "submissions_open_at": "2099-01-01T00:00:00Z", "voting_open_at": "2099-01-08T00:00:00Z",
    "voting_close_at": "2099-01-10T00:00:00Z", "results_at": "2099-01-11T00:00:00Z"}"#;
const POLL: &str = r#"{"question": "Which name?", "product": "Oolong", "description": "", "method": "single",
    "eligibility": "all_members", "allow_change": true, "opens_at": "2099-01-01T00:00:00Z",
    "closes_at": "2099-02-01T00:00:00Z", "options": [{"label": "Cloud"}, {"label": "Dusk"}]}"#;

const TEMPLATE: &str = r#"{"title": "Matrix template", "description": "A template.", "category": "poster", "tags": [],
    "canvas": {"width": 100, "height": 100, "unit": "px"}, "licence": "free_personal", "price_minor": 0}"#;

/// (method, path, body, expected for [anonymous, member, expert, staff, admin]),
/// run top to bottom, each row in that role order.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, &str, [u16; 5])] = &[
    ("get", "/healthz", "", [200, 200, 200, 200, 200]),
    ("get", "/readyz", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/site", "", [200, 200, 200, 200, 200]),
    // Accounts. Refresh and log-out take the refresh token, not the bearer.
    ("post", "/api/v1/auth/register", r#"{"email": "matrix@example.test", "handle": "matrix_new", "display_name": "Matrix", "password": "correct-horse-battery"}"#, [201, 409, 409, 409, 409]),
    ("post", "/api/v1/auth/login", r#"{"email": "the_member@example.test", "password": "correct-horse-battery"}"#, [200, 200, 200, 200, 200]),
    ("post", "/api/v1/auth/refresh", r#"{"refresh_token": "not-a-token"}"#, [401, 401, 401, 401, 401]),
    ("post", "/api/v1/auth/logout", r#"{"refresh_token": "not-a-token"}"#, [OK, OK, OK, OK, OK]),
    // A bogus token is refused alike for everyone; resending needs a log-in.
    ("post", "/api/v1/auth/verify-email", r#"{"token": "not-a-token"}"#, [400, 400, 400, 400, 400]),
    ("post", "/api/v1/auth/resend-verification", "", [401, OK, OK, OK, OK]),
    ("get", "/api/v1/me", "", [401, 200, 200, 200, 200]),
    ("patch", "/api/v1/me", r#"{"bio": "hello"}"#, [401, 200, 200, 200, 200]),
    ("put", "/api/v1/me/avatar", "image", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/users/{handle}", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/admin/users", "", [401, 403, 403, 200, 200]),
    ("put", "/api/v1/admin/users/{id}/role", r#"{"role": "expert", "field": "Illustration"}"#, [401, 403, 403, 200, 200]),
    ("get", "/api/v1/admin/audit", "", [401, 403, 403, 200, 200]),
    // Only members apply: the others already have a role at least as high.
    ("post", "/api/v1/expert-applications", r#"{"bio": "I have designed tea packaging for fifteen years.", "portfolio_links": ["https://portfolio.example.com/me"], "field": "Packaging design"}"#, [401, 201, 409, 409, 409]),
    ("get", "/api/v1/expert-applications/mine", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/expert-applications", "", [401, 403, 403, 200, 200]),
    ("post", "/api/v1/expert-applications/{id}/decision", r#"{"approve": true}"#, [401, 403, 403, 200, 409]),
    ("get", "/api/v1/media/{key}", "", [200, 200, 200, 200, 200]),
    // Challenges (the fixture is open for submissions).
    ("get", "/api/v1/challenges", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/challenges/{slug}", "", [200, 200, 200, 200, 200]),
    ("post", "/api/v1/challenges", CHALLENGE, [401, 403, 403, 201, 409]),
    ("patch", "/api/v1/challenges/{slug}", r#"{"prizes": "Fame"}"#, [401, 403, 403, 200, 200]),
    ("put", "/api/v1/challenges/{slug}/phase-override", r#"{"phase": null, "reason": "matrix"}"#, [401, 403, 403, 200, 200]),
    ("put", "/api/v1/challenges/{slug}/cover", "image", [401, 403, 403, 200, 200]),
    // Entries. Staff run challenges and do not compete.
    ("post", "/api/v1/challenges/{slug}/entries", "form", [401, 201, 201, 403, 403]),
    ("get", "/api/v1/challenges/{slug}/entries", "", [200, 200, 200, 200, 200]),
    ("post", "/api/v1/challenges/{slug}/palette-check", "image", [401, 409, 409, 409, 409]),
    ("get", "/api/v1/entries/{id}", "", [200, 200, 200, 200, 200]),
    // Originals are for the author and staff; others are told it does not exist.
    ("get", "/api/v1/entries/{id}/original", "", [401, 404, 404, 200, 200]),
    // The entry is another member's: only its author may edit or withdraw it.
    ("patch", "/api/v1/entries/{id}", r#"{"title": "Mine now"}"#, [401, 403, 403, 403, 403]),
    ("delete", "/api/v1/entries/{id}", "", [401, 403, 403, 403, 403]),
    ("get", "/api/v1/me/entries", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/staff/duplicates", "", [401, 403, 403, 200, 200]),
    ("post", "/api/v1/staff/duplicates/{id}", r#"{"disqualify": false, "reason": "matrix"}"#, [401, 403, 403, 409, 409]),
    // Voting: the challenge is still taking submissions; staff never vote.
    ("put", "/api/v1/entries/{id}/vote", r#"{"score": 4}"#, [401, 409, 409, 403, 403]),
    ("get", "/api/v1/entries/{id}/vote", "", [401, 200, 200, 200, 200]),
    ("delete", "/api/v1/entries/{id}/vote", "", [401, 409, 409, 403, 403]),
    ("get", "/api/v1/entries/{id}/neighbours", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/challenges/{slug}/results", "", [409, 409, 409, 200, 200]),
    ("put", "/api/v1/challenges/{slug}/winners", r#"{"entries": [{entry}], "reason": "matrix"}"#, [401, 403, 403, 409, 409]),
    // Polls (the fixture opens in 2099).
    ("get", "/api/v1/polls", "", [200, 200, 200, 200, 200]),
    ("post", "/api/v1/polls", POLL, [401, 403, 403, 201, 201]),
    ("get", "/api/v1/polls/{id}", "", [200, 200, 200, 200, 200]),
    ("put", "/api/v1/polls/{id}/options/{option_id}/image", "image", [401, 403, 403, 200, 200]),
    ("patch", "/api/v1/polls/{id}", POLL, [401, 403, 403, 200, 200]),
    ("post", "/api/v1/polls/{id}/invites", r#"{"handles": ["{handle}"]}"#, [401, 403, 403, 200, 200]),
    ("put", "/api/v1/polls/{id}/ballot", r#"{"choices": [{option_id}]}"#, [401, 409, 409, 403, 403]),
    ("get", "/api/v1/polls/{id}/results", "", [409, 409, 409, 200, 200]),
    ("get", "/api/v1/polls/{id}/ballots.csv", "", [401, 403, 403, 200, 200]),
    ("get", "/api/v1/staff/vote-flags", "", [401, 403, 403, 200, 200]),
    ("post", "/api/v1/staff/vote-flags/{id}", r#"{"resolution": "checked"}"#, [401, 403, 403, 204, 204]),
    // Templates: the published fixture is another creator's; `{id}` under
    // /staff/templates/ is one in review. The member is not a creator.
    ("get", "/api/v1/templates", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/templates/licences", "", [200, 200, 200, 200, 200]),
    ("post", "/api/v1/templates", TEMPLATE, [401, 403, 201, 201, 201]),
    ("get", "/api/v1/templates/{id}", "", [200, 200, 200, 200, 200]),
    ("patch", "/api/v1/templates/{id}", r#"{"title": "Matrix edit"}"#, [401, 403, 403, 200, 200]),
    ("post", "/api/v1/templates/{id}/previews", "image", [401, 403, 403, 201, 201]),
    ("delete", "/api/v1/templates/{id}/previews/{preview_id}", "", [401, 403, 403, 204, 404]),
    ("post", "/api/v1/templates/{id}/files", "image", [401, 403, 403, 201, 201]),
    ("post", "/api/v1/templates/{id}/files/{file_id}/link", "", [401, 403, 403, 200, 200]),
    ("get", "/api/v1/template-files/{token}", "", [200, 200, 200, 200, 200]),
    ("delete", "/api/v1/templates/{id}/files/{file_id}", "", [401, 403, 403, 204, 404]),
    ("post", "/api/v1/templates/{id}/submit", "", [401, 403, 403, 409, 409]),
    ("post", "/api/v1/templates/{id}/unlist", "", [401, 403, 403, 200, 409]),
    ("post", "/api/v1/templates/{id}/relist", "", [401, 403, 403, 200, 409]),
    ("get", "/api/v1/templates/{id}/entries", "", [200, 200, 200, 200, 200]),
    ("get", "/api/v1/me/templates", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/templates/stats", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/staff/templates/review", "", [401, 403, 403, 200, 200]),
    ("post", "/api/v1/staff/templates/{id}/review", r#"{"approve": true}"#, [401, 403, 403, 200, 409]),
    ("get", "/api/v1/staff/templates/stats", "", [401, 403, 403, 200, 200]),
    ("put", "/api/v1/staff/users/{id}/creator", r#"{"approved": true}"#, [401, 403, 403, 200, 200]),
    ("get", "/api/v1/challenges/{slug}/templates", "", [200, 200, 200, 200, 200]),
    ("put", "/api/v1/staff/challenges/{slug}/templates", r#"{"template_ids": []}"#, [401, 403, 403, 200, 200]),
    ("delete", "/api/v1/templates/{id}", "", [401, 403, 403, 204, 404]),
    // Last: it takes the fixture entry out (then there is nothing left to disqualify).
    ("post", "/api/v1/staff/entries/{id}/disqualify", r#"{"reason": "matrix"}"#, [401, 403, 403, 204, 409]),
    // Orders: every role may take a free template and buy a paid one (the
    // test provider pays at once). The fixture order is another member's
    // pending bank transfer: staff mark it paid, then refund it.
    ("post", "/api/v1/templates/{id}/licence", "", [401, 201, 201, 201, 201]),
    ("post", "/api/v1/orders", r#"{"template_id": {paid_template}, "idempotency_key": "matrix-order-1"}"#, [401, 201, 201, 201, 201]),
    ("get", "/api/v1/orders/{id}", "", [401, 404, 404, 200, 200]),
    ("post", "/api/v1/orders/{id}/cancel", "", [401, 404, 404, 403, 403]),
    ("get", "/api/v1/me/orders", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/library", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/staff/orders", "", [401, 403, 403, 200, 200]),
    ("post", "/api/v1/staff/orders/{id}/mark-paid", r#"{"reference": "MATRIX-1"}"#, [401, 403, 403, 200, 409]),
    ("post", "/api/v1/staff/orders/{id}/refund", r#"{"reason": "matrix refund"}"#, [401, 403, 403, 200, 409]),
    // Authenticated by Stripe's signature, not a token: unsigned is refused alike.
    ("post", "/api/v1/payments/stripe/webhook", r#"{"id": "evt_matrix"}"#, [400, 400, 400, 400, 400]),
    // Revenue share: the finance permission (admins hold it always).
    ("put", "/api/v1/admin/users/{id}/finance", r#"{"finance": false, "reason": "matrix check"}"#, [401, 403, 403, 403, 422]),
    // A creator's own earnings, statements and payout settings.
    ("get", "/api/v1/me/earnings", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/earnings/lines", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/statements", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/statements/{month}", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/statements/{month}/csv", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/statements/{month}/pdf", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/tax-summary/{year}", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/tax-summary/{year}/pdf", "", [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/payout-settings", "", [401, 200, 200, 200, 200]),
    ("put", "/api/v1/me/payout-settings", r#"{"method": "bank_transfer", "details": {"account_name": "Lin Pei-Shan", "bank_code": "812", "branch_code": "0012", "account_number": "0012345678906789"}, "residency": "tw", "threshold_minor": 10000}"#, [401, 200, 200, 200, 200]),
    ("get", "/api/v1/me/payouts", "", [401, 200, 200, 200, 200]),
    // Finance: admins always; staff only when granted (the matrix's staff is not).
    ("get", "/api/v1/finance/creators", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/creators/{id}/earnings", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/creators/{id}/statements/{month}", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/creators/{id}/statements/{month}/pdf", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/overview", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/reconciliation", "", [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/payouts", "", [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/payout-runs", r#"{"period": "2025-01"}"#, [401, 403, 403, 403, 201]),
    ("post", "/api/v1/finance/payouts/{id}/approve", "", [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/payouts/{id}/paid", r#"{"reference": "TX-MATRIX-1"}"#, [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/payouts/{id}/failed", r#"{"reason": "bank account closed"}"#, [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/templates/{id}/agreement", "", [401, 403, 403, 403, 200]),
    ("put", "/api/v1/finance/templates/{id}/agreement", r#"{"share_bp": 4000, "parties": [{"user_id": {creator}, "weight": 1}]}"#, [401, 403, 403, 403, 200]),
    ("get", "/api/v1/finance/products", "", [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/products", r#"{"code": "MATRIX-1", "name": "Matrix product", "agreement": {"share_bp": 800, "parties": [{"user_id": {creator}, "weight": 1}]}}"#, [401, 403, 403, 403, 201]),
    ("get", "/api/v1/finance/products/{id}", "", [401, 403, 403, 403, 200]),
    ("put", "/api/v1/finance/products/{id}/agreement", r#"{"share_bp": 900, "starts_at": "2026-01-01T00:00:00Z", "parties": [{"user_id": {creator}, "weight": 1}]}"#, [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/product-sales", r#"{"lines": [{"product_code": "{product_code}", "period": "2026-10", "units": 1, "net_sales": {"amount_minor": 1000, "currency": "TWD"}}]}"#, [401, 403, 403, 403, 200]),
    ("post", "/api/v1/finance/product-sales/csv", "csv:product_code,period,units,net_sales,currency\n{product_code},2026-09,1,10.00,TWD\n", [401, 403, 403, 403, 200]),
    // Prizes are challenge settings (staff); confirming needs picked winners.
    ("get", "/api/v1/staff/challenges/{slug}/prizes", "", [401, 403, 403, 200, 200]),
    ("put", "/api/v1/staff/challenges/{slug}/prizes", r#"{"prizes": [{"place": 1, "amount": {"amount_minor": 100000, "currency": "TWD"}}]}"#, [401, 403, 403, 200, 200]),
    ("post", "/api/v1/staff/challenges/{slug}/winners/confirm", "", [401, 403, 403, 409, 409]),
];

#[test]
fn the_matrix_covers_exactly_the_documented_routes() {
    let mut rows: Vec<(&str, &str)> = MATRIX.iter().map(|(m, p, _, _)| (*m, *p)).collect();
    rows.sort_unstable();
    let before = rows.len();
    rows.dedup();
    assert_eq!(rows.len(), before, "a route has two rows in MATRIX");
    let mut documented: Vec<(&str, &str)> = atelier::routes::DOCUMENTED.to_vec();
    documented.sort_unstable();
    let missing: Vec<_> = documented.iter().filter(|r| !rows.contains(r)).collect();
    let extra: Vec<_> = rows.iter().filter(|r| !documented.contains(r)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "routes without a row in MATRIX: {missing:?}; rows for routes that are not documented: {extra:?}"
    );
}

/// The rows and tokens the matrix points at.
struct Fixtures {
    tokens: [Option<String>; 5],
    slug: String,
    entry: i64,
    media_key: String,
    other_handle: String,
    target_user: i64,
    application: i64,
    poll: i64,
    option_id: i64,
    flag: i64,
    orders: crate::orders_support::MatrixOrders,
    templates: crate::templates_support::TemplateFixtures,
    finance: crate::finance_support::MatrixFinance,
}

impl Fixtures {
    async fn create(app: &TestApp) -> Fixtures {
        let mut tokens: [Option<String>; 5] = Default::default();
        for (i, role) in [Role::Member, Role::Expert, Role::Staff, Role::Admin]
            .into_iter()
            .enumerate()
        {
            let user = app.as_role(&format!("the_{}", role.as_str()), role).await;
            tokens[i + 1] = Some(user.token);
        }
        let staff = app.as_staff("fixture_staff").await;
        let slug = "matrix".to_owned();
        app.create_challenge(&staff, &challenge_body(&slug, -1))
            .await;
        let other = app.as_member("other_member").await;
        let entry: EntryDetail = app
            .new_entry(&other, &slug, "Another member's", png_bytes(80, 60))
            .await;
        let media_key = entry
            .display_url
            .strip_prefix("/api/v1/media/")
            .unwrap_or_else(|| panic!("unexpected display URL {}", entry.display_url))
            .to_owned();
        let orders = crate::orders_support::MatrixOrders::create(app, &other).await;
        let target_user = app.as_member("role_target").await.id;
        let applicant = app.as_member("applicant").await;
        let application = app
            .post_json(
                "/api/v1/expert-applications",
                &serde_json::json!({
                    "bio": "Fifteen years of packaging design for tea.",
                    "portfolio_links": ["https://portfolio.example.com/a"],
                    "field": "Packaging design"
                }),
                &applicant,
            )
            .await
            .expect_status(201)
            .json::<ExpertApplication>()
            .id;
        let poll = app
            .create_poll(&staff, &serde_json::from_str(POLL).unwrap())
            .await;
        let flag = atelier::entities::vote_flag::ActiveModel {
            kind: Set("shared_ip".into()),
            scope: Set(format!("challenge:{slug}")),
            key: Set("192.0.2.1".into()),
            detail: Set("a fixture for the matrix".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap()
        .id;
        let templates = crate::templates_support::TemplateFixtures::create(app, &staff).await;
        let admin = app.as_role("fixture_admin", Role::Admin).await;
        let finance = crate::finance_support::MatrixFinance::create(app, &admin, orders.paid).await;
        Fixtures {
            finance,
            templates,
            tokens,
            slug,
            entry: entry.id,
            media_key,
            other_handle: other.handle,
            target_user,
            application,
            poll: poll.id,
            option_id: poll.options[0].id,
            flag,
            orders,
        }
    }

    /// The path with its parameters filled in from the fixtures.
    fn path(&self, path: &str) -> String {
        let id = if !path.contains("{id}") {
            String::new()
        } else if path.starts_with("/api/v1/entries/")
            || path.starts_with("/api/v1/staff/duplicates/")
            || path.starts_with("/api/v1/staff/entries/")
        {
            self.entry.to_string()
        } else if path.starts_with("/api/v1/polls/") {
            self.poll.to_string()
        } else if path.starts_with("/api/v1/expert-applications/") {
            self.application.to_string()
        } else if path.starts_with("/api/v1/admin/users/")
            || path.starts_with("/api/v1/staff/users/")
        {
            self.target_user.to_string()
        } else if path.starts_with("/api/v1/staff/vote-flags/") {
            self.flag.to_string()
        } else if let Some(id) = self.orders.id_for(path) {
            id.to_string()
        } else if let Some(id) = self.templates.id_for(path) {
            id.to_string()
        } else if let Some(id) = self.finance.id_for(path) {
            id.to_string()
        } else {
            panic!("{path}: say in authz.rs which fixture its {{id}} is")
        };
        let filled = self
            .finance
            .fill(&self.templates.fill(path))
            .replace("{id}", &id)
            .replace("{slug}", &self.slug)
            .replace("{option_id}", &self.option_id.to_string())
            .replace("{handle}", &self.other_handle)
            .replace("{key}", &self.media_key);
        assert!(
            !filled.contains('{'),
            "{path}: a path parameter has no fixture in authz.rs"
        );
        filled
    }

    fn body(&self, body: &str) -> String {
        let body = self.finance.body(&self.orders.body(body));
        body.replace("{entry}", &self.entry.to_string())
            .replace("{option_id}", &self.option_id.to_string())
            .replace("{handle}", &self.other_handle)
    }
}

async fn every_route_answers_each_role_as_the_matrix_says(db: Db) {
    let app = spawn_with(db, |s| s.auth.rate_limit_attempts = 10_000).await;
    let f = Fixtures::create(&app).await;
    let mut wrong = Vec::new();
    for (method, path, body, expected) in MATRIX {
        let url = f.path(path);
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        for (i, role) in ROLES.iter().enumerate() {
            let mut rb = app.request(m.clone(), &url, f.tokens[i].as_deref());
            rb = match *body {
                "" => rb,
                "image" => image_body(rb, png_bytes(64, 48)),
                "form" => {
                    rb.multipart(entry_form(&format!("By the {role}"), "", png_bytes(90, 70)))
                }
                csv if csv.starts_with("csv:") => rb
                    .header("content-type", "text/csv")
                    .body(f.body(&csv["csv:".len()..].replace("\\n", "\n"))),
                json => rb
                    .header("content-type", "application/json")
                    .body(f.body(json)),
            };
            let res = rb.answer().await;
            let got = res.status().as_u16();
            let fine = match expected[i] {
                OK => !matches!(got, 401 | 403) && got < 500,
                want => got == want,
            };
            if !fine {
                let text = res.text();
                wrong.push(format!(
                    "{method} {path} as {role}: expected {}, got {got}: {text}",
                    match expected[i] {
                        OK => "anything but 401/403/5xx".to_owned(),
                        want => want.to_string(),
                    }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
