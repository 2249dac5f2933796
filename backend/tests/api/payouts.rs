//! Payouts: settings (validated, encrypted at rest, shown masked), runs per
//! ended period (threshold, withholding by residency, repeat makes nothing
//! new), approve / paid / failed through the ledger, the CLI and the demo.

use atelier::entities::{audit_log, ledger_transfer, payout, payout_event, payout_setting, user};
use atelier::ledger::{AccountRef, NewTransfer};
use atelier_api::{
    AccountKind, Payout, PayoutRunResult, PayoutSettingsState, PayoutSettingsView, PayoutStatus,
    TransferKind,
};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, User, spawn};

both_databases!(
    settings_are_validated_encrypted_and_masked,
    a_run_pays_creators_over_their_threshold_with_withholding,
    approve_paid_and_failed_move_the_money,
    finance_routes_need_the_finance_permission,
    the_command_line_runs_a_period_once,
    the_demo_seed_saves_settings_and_pays_once,
    a_run_during_its_month_pays_what_was_earned_until_then,
);

/// Noon (UTC) of a day.
pub fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

/// Credits `amount` (minor units) to creator `user_id` at `at`, as a prize
/// from the brand's prize pool, through the ledger.
pub async fn earn(app: &TestApp, user_id: i64, amount: i64, at: DateTime<Utc>) {
    let txn = atelier::db::begin_write(&app.db).await.unwrap();
    atelier::ledger::post(
        &txn,
        NewTransfer {
            key: format!("test:earn:{}", uuid::Uuid::new_v4()),
            kind: TransferKind::Prize,
            source: format!("test:{user_id}"),
            currency: "TWD".into(),
            memo: "test earning".into(),
            occurred_at: at,
            created_by: None,
            lines: vec![
                (AccountRef::Platform(AccountKind::PrizePool), amount),
                (AccountRef::Creator(user_id), -amount),
            ],
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

pub fn bank(account: &str, residency: &str, threshold: i64) -> Value {
    json!({
        "method": "bank_transfer",
        "details": {
            "account_name": "Lin Pei-Shan",
            "bank_code": "812",
            "branch_code": "0012",
            "account_number": account,
        },
        "residency": residency,
        "threshold_minor": threshold,
    })
}

pub fn paypal(email: &str, residency: &str, threshold: i64) -> Value {
    json!({
        "method": "paypal",
        "details": { "account_name": "Kai Wu", "email": email },
        "residency": residency,
        "threshold_minor": threshold,
    })
}

pub async fn save_settings(app: &TestApp, who: &User, body: &Value) -> PayoutSettingsView {
    app.put_json("/api/v1/me/payout-settings", body, who)
        .await
        .expect_status(200)
        .json()
}

/// A creator with bank settings (`residency`, default threshold).
pub async fn creator(app: &TestApp, handle: &str, residency: &str) -> User {
    let u = app.as_member(handle).await;
    save_settings(app, &u, &bank("0012345678906789", residency, 10_000)).await;
    u
}

pub async fn run_period(app: &TestApp, who: &User, period: &str) -> crate::helpers::Answer {
    app.post_json(
        "/api/v1/finance/payout-runs",
        &json!({ "period": period }),
        who,
    )
    .await
}

pub async fn balance(app: &TestApp, user_id: i64) -> atelier::ledger::CreatorBalance {
    atelier::ledger::creator_balance(&app.db, user_id, "TWD")
        .await
        .unwrap()
}

pub async fn payouts_of(app: &TestApp, user_id: i64) -> Vec<payout::Model> {
    payout::Entity::find()
        .filter(payout::Column::UserId.eq(user_id))
        .order_by_asc(payout::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn settings_rows(app: &TestApp, user_id: i64) -> Vec<payout_setting::Model> {
    payout_setting::Entity::find()
        .filter(payout_setting::Column::UserId.eq(user_id))
        .order_by_asc(payout_setting::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn platform_posted(app: &TestApp, kind: AccountKind) -> i64 {
    let id = atelier::ledger::accounts::find(&app.db, AccountRef::Platform(kind), "TWD")
        .await
        .unwrap()
        .unwrap();
    atelier::ledger::account_balance(&app.db, id)
        .await
        .unwrap()
        .posted
}

async fn settings_are_validated_encrypted_and_masked(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;
    app.get_json("/api/v1/me/payout-settings", ANON)
        .await
        .expect_error(401, "unauthenticated");
    let state: PayoutSettingsState = app
        .get_json("/api/v1/me/payout-settings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(state.settings, None);
    assert_eq!(state.default_threshold.amount_minor, 10_000);
    assert_eq!(state.min_threshold.amount_minor, 10_000);
    assert_eq!(state.max_threshold.amount_minor, 10_000_000);
    assert_eq!(state.default_threshold.currency, "TWD");

    // Each rule, with the field named as the reason.
    let put = |body: Value| {
        let (app, mei) = (&app, &mei);
        async move { app.put_json("/api/v1/me/payout-settings", &body, mei).await }
    };
    let reason = |a: &crate::helpers::Answer| a.json::<Value>()["error"]["reason"].clone();
    let mut b = bank("0012345678906789", "tw", 10_000);
    b["details"]["bank_code"] = json!("81");
    let a = put(b).await;
    a.expect_error(422, "invalid_payout_details");
    assert_eq!(reason(&a), "bank-code");
    let mut b = bank("0012345678906789", "tw", 10_000);
    b["details"]["branch_code"] = Value::Null;
    let a = put(b).await;
    a.expect_error(422, "invalid_payout_details");
    assert_eq!(reason(&a), "branch-code");
    for bad in ["123456789", "12345678901234567", "12345678901x"] {
        let a = put(bank(bad, "tw", 10_000)).await;
        a.expect_error(422, "invalid_payout_details");
        assert_eq!(reason(&a), "account-number", "{bad}");
    }
    let mut b = bank("0012345678906789", "tw", 10_000);
    b["details"]["account_name"] = json!("   ");
    let a = put(b).await;
    a.expect_error(422, "invalid_payout_details");
    assert_eq!(reason(&a), "account-name");
    let a = put(paypal("not-an-email", "foreign", 10_000)).await;
    a.expect_error(422, "invalid_payout_details");
    assert_eq!(reason(&a), "email");
    for t in [9_999, 10_000_001, -1] {
        let a = put(bank("0012345678906789", "tw", t)).await;
        a.expect_error(422, "threshold_out_of_range");
        let body: Value = a.json();
        assert_eq!(body["error"]["reason"], "range");
        assert_eq!(body["error"]["args"]["min"], "100");
        assert_eq!(body["error"]["args"]["max"], "100000");
    }
    put(json!({"method": "cheque"}))
        .await
        .expect_error(400, "invalid_json");
    assert!(settings_rows(&app, mei.id).await.is_empty());

    // Saved: shown masked, stored encrypted.
    let v = save_settings(&app, &mei, &bank("0012-3456-7890-6789", "tw", 50_000)).await;
    assert_eq!(v.details_hint, "•••• 6789");
    assert_eq!(v.account_name, "Lin Pei-Shan");
    assert_eq!(v.threshold.amount_minor, 50_000);
    assert_eq!(v.residency, atelier_api::Residency::Tw);
    let state: PayoutSettingsState = app
        .get_json("/api/v1/me/payout-settings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(state.settings.as_ref(), Some(&v));
    let raw = app
        .get_json("/api/v1/me/payout-settings", &mei)
        .await
        .text();
    assert!(!raw.contains("0012345678906789"), "{raw}");
    let rows = settings_rows(&app, mei.id).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // (Only strings base64 cannot make by chance.)
    for leak in ["0012345678906789", "Lin Pei-Shan", "account_number"] {
        assert!(
            !row.details_enc.contains(leak),
            "{leak} in {}",
            row.details_enc
        );
    }
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&row.details_enc)
        .unwrap();
    assert!(bytes.len() > 12 + 16);
    assert!(
        !bytes.windows(16).any(|w| w == b"0012345678906789"),
        "the account number is in the stored bytes"
    );
    // The generated key is kept private in the data directory, and the
    // stored details decrypt with it (and only with it).
    let key_path = app.data_dir().join(atelier::payouts::crypto::KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key = atelier::payouts::crypto::load_or_create_key(&app.settings).unwrap();
    let plain: Value =
        serde_json::from_slice(&key.decrypt(mei.id, &row.details_enc).unwrap()).unwrap();
    assert_eq!(plain["account_number"], "0012345678906789");
    assert_eq!(plain["bank_code"], "812");
    assert_eq!(plain["branch_code"], "0012");
    assert_eq!(plain["account_name"], "Lin Pei-Shan");
    let wrong = atelier::payouts::crypto::DetailsKey::generate();
    assert!(wrong.decrypt(mei.id, &row.details_enc).is_err());
    assert!(key.decrypt(mei.id + 1, &row.details_enc).is_err());

    // Each save is a new row; the latest is in force.
    let v = save_settings(
        &app,
        &mei,
        &paypal(" Alice@Example.com ", "foreign", 10_000),
    )
    .await;
    assert_eq!(v.details_hint, "a•••@example.com");
    assert_eq!(v.method, atelier_api::PayoutMethod::Paypal);
    assert_eq!(v.account_name, "Kai Wu");
    let rows = settings_rows(&app, mei.id).await;
    assert_eq!(rows.len(), 2);
    assert!(!rows[1].details_enc.contains("alice"));
    assert_ne!(rows[0].details_enc, rows[1].details_enc);
    let state: PayoutSettingsState = app
        .get_json("/api/v1/me/payout-settings", &mei)
        .await
        .json();
    assert_eq!(state.settings.unwrap().details_hint, "a•••@example.com");
    // Another member sees only their own (none).
    let kai = app.as_member("kai").await;
    let state: PayoutSettingsState = app
        .get_json("/api/v1/me/payout-settings", &kai)
        .await
        .json();
    assert_eq!(state.settings, None);
    // In Traditional Chinese too.
    let mut b = bank("0012345678906789", "tw", 10_000);
    b["details"]["bank_code"] = json!("8");
    let a = app
        .request(reqwest::Method::PUT, "/api/v1/me/payout-settings", &kai)
        .header("accept-language", "zh-TW")
        .json(&b)
        .send()
        .await
        .unwrap();
    let body: Value = a.json().await.unwrap();
    assert_eq!(body["error"]["message"], "銀行代碼為 3 位數字。");
}

async fn a_run_pays_creators_over_their_threshold_with_withholding(db: Db) {
    let app = spawn(db).await;
    let ada = app.as_admin("ada").await;
    let big = creator(&app, "big", "tw").await;
    let small = creator(&app, "small", "tw").await;
    let limit = creator(&app, "limit", "tw").await;
    let abroad = app.as_member("abroad").await;
    save_settings(
        &app,
        &abroad,
        &paypal("abroad@example.com", "foreign", 10_000),
    )
    .await;
    let low = creator(&app, "low", "tw").await;
    let high = app.as_member("high").await;
    save_settings(&app, &high, &bank("1234567890", "tw", 1_000_000)).await;
    let unset = app.as_member("unset").await;

    let sep = day(2026, 9, 15);
    earn(&app, big.id, 2_000_000, sep).await;
    earn(&app, big.id, 500_000, day(2026, 9, 2)).await;
    // Earned after September ended (Asia/Taipei): not in its run.
    earn(&app, big.id, 100_000, day(2026, 10, 3)).await;
    // 2026-10-01 00:30 in Taipei is 2026-09-30 16:30 UTC: October.
    earn(
        &app,
        big.id,
        7_000,
        Utc.with_ymd_and_hms(2026, 9, 30, 16, 30, 0).unwrap(),
    )
    .await;
    // 2026-09-30 23:30 in Taipei: still September.
    earn(
        &app,
        small.id,
        1_500_000,
        Utc.with_ymd_and_hms(2026, 9, 30, 15, 30, 0).unwrap(),
    )
    .await;
    earn(&app, limit.id, 2_000_000, sep).await;
    earn(&app, abroad.id, 500_000, sep).await;
    earn(&app, low.id, 5_000, sep).await;
    earn(&app, high.id, 999_999, sep).await;
    earn(&app, unset.id, 50_000, sep).await;

    // Not yet begun, or not a period.
    run_period(&app, &ada, "2999-12")
        .await
        .expect_error(409, "period_not_started");
    for bad in ["2026-1", "2026-13", "next", "", "1999-12"] {
        run_period(&app, &ada, bad)
            .await
            .expect_error(422, "invalid_period");
    }
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 0);

    let transfers_before = ledger_transfer::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    let r: PayoutRunResult = run_period(&app, &ada, "2026-09")
        .await
        .expect_status(201)
        .json();
    assert!(r.created);
    assert_eq!(r.period, "2026-09");
    let by = |u: &User| {
        r.payouts
            .iter()
            .find(|p| p.user_id == u.id)
            .unwrap_or_else(|| panic!("no payout for {}: {:?}", u.handle, r.payouts))
            .clone()
    };
    // Above NT$20,000, a resident has 10 % withheld.
    let p = by(&big);
    assert_eq!(
        (p.gross.amount_minor, p.tax.amount_minor, p.net.amount_minor),
        (2_500_000, 250_000, 2_250_000)
    );
    assert_eq!(p.status, PayoutStatus::Pending);
    assert_eq!(p.handle, "big");
    assert_eq!(p.details_hint, "•••• 6789");
    assert_eq!(p.period, "2026-09");
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].kind, PayoutStatus::Pending);
    assert_eq!(p.events[0].actor_handle.as_deref(), Some("ada"));
    // Up to NT$20,000 nothing is withheld.
    let p = by(&small);
    assert_eq!(
        (p.gross.amount_minor, p.tax.amount_minor, p.net.amount_minor),
        (1_500_000, 0, 1_500_000)
    );
    let p = by(&limit);
    assert_eq!((p.gross.amount_minor, p.tax.amount_minor), (2_000_000, 0));
    // A non-resident has 20 % withheld on any amount.
    let p = by(&abroad);
    assert_eq!(
        (p.gross.amount_minor, p.tax.amount_minor, p.net.amount_minor),
        (500_000, 100_000, 400_000)
    );
    assert_eq!(p.method, atelier_api::PayoutMethod::Paypal);
    assert_eq!(p.residency, atelier_api::Residency::Foreign);
    assert_eq!(p.details_hint, "a•••@example.com");
    assert_eq!(r.payouts.len(), 4, "{:?}", r.payouts);
    let mut skipped: Vec<(String, i64, String)> = r
        .skipped
        .iter()
        .map(|s| (s.handle.clone(), s.available.amount_minor, s.reason.clone()))
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            ("high".into(), 999_999, "below_threshold".into()),
            ("low".into(), 5_000, "below_threshold".into()),
            ("unset".into(), 50_000, "no_settings".into()),
        ]
    );
    // One pending transfer per payout; the balances are reserved.
    assert_eq!(
        ledger_transfer::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        transfers_before + 4
    );
    let t = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.eq(format!("payout:{}", by(&big).id)))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.phase, "pending");
    assert_eq!(t.kind, "payout");
    let b = balance(&app, big.id).await;
    assert_eq!(b.balance, 2_607_000);
    assert_eq!(b.pending_payouts, 2_500_000);
    assert_eq!(b.available(), 107_000);
    let row = payout::Entity::find_by_id(by(&big).id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.transfer_id, t.id);
    let runs = audit_rows(&app, "payout.run").await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].actor_id, Some(ada.id));
    assert_eq!(runs[0].subject, format!("payout_run:{}", r.run_id));

    // A repeat answers the run and makes nothing new.
    let again: PayoutRunResult = run_period(&app, &ada, "2026-09")
        .await
        .expect_status(200)
        .json();
    assert!(!again.created);
    assert_eq!(again.run_id, r.run_id);
    let ids = |r: &PayoutRunResult| {
        let mut v: Vec<i64> = r.payouts.iter().map(|p| p.id).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&again), ids(&r));
    assert!(again.skipped.is_empty());
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 4);
    assert_eq!(
        ledger_transfer::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        transfers_before + 4
    );
    assert_eq!(audit_rows(&app, "payout.run").await.len(), 1);

    // October's run pays what was earned since, not what is reserved.
    let next: PayoutRunResult = run_period(&app, &ada, "2026-10")
        .await
        .expect_status(201)
        .json();
    let p: Vec<&Payout> = next
        .payouts
        .iter()
        .filter(|p| p.user_id == big.id)
        .collect();
    assert_eq!(p.len(), 1, "{:?}", next.payouts);
    assert_eq!(
        (p[0].gross.amount_minor, p[0].tax.amount_minor),
        (107_000, 0)
    );
    assert_eq!(next.payouts.len(), 1, "{:?}", next.payouts);
    assert_eq!(balance(&app, big.id).await.available(), 0);

    // What creators and finance staff see.
    let mine: Vec<Payout> = app
        .get_json("/api/v1/me/payouts", &abroad)
        .await
        .expect_status(200)
        .json();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id, by(&abroad).id);
    let none: Vec<Payout> = app
        .get_json("/api/v1/me/payouts", &unset)
        .await
        .expect_status(200)
        .json();
    assert!(none.is_empty());
    let list: Vec<Payout> = app
        .get_json(
            "/api/v1/finance/payouts?status=pending&period=2026-09",
            &ada,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(list.len(), 4);
    assert!(list.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let list: Vec<Payout> = app
        .get_json("/api/v1/finance/payouts?status=&period=", &ada)
        .await
        .expect_status(200)
        .json();
    assert!(list.len() >= 4);
    let list: Vec<Payout> = app
        .get_json("/api/v1/finance/payouts?status=paid", &ada)
        .await
        .expect_status(200)
        .json();
    assert!(list.is_empty());
    let list: Vec<Payout> = app
        .get_json("/api/v1/finance/payouts?period=2026-08", &ada)
        .await
        .expect_status(200)
        .json();
    assert!(list.is_empty());
    app.get_json("/api/v1/finance/payouts?status=sent", &ada)
        .await
        .expect_error(400, "invalid_status");
    app.get_json("/api/v1/finance/payouts?period=2026-13", &ada)
        .await
        .expect_error(422, "invalid_period");
}

async fn approve_paid_and_failed_move_the_money(db: Db) {
    let app = spawn(db).await;
    let ada = app.as_admin("ada").await;
    let a = creator(&app, "alpha", "tw").await;
    let b = creator(&app, "beta", "tw").await;
    earn(&app, a.id, 2_500_000, day(2026, 8, 20)).await;
    earn(&app, b.id, 300_000, day(2026, 8, 20)).await;
    let r: PayoutRunResult = run_period(&app, &ada, "2026-09")
        .await
        .expect_status(201)
        .json();
    let pa = r.payouts.iter().find(|p| p.user_id == a.id).unwrap().id;
    let pb = r.payouts.iter().find(|p| p.user_id == b.id).unwrap().id;
    let act = |id: i64, what: &str, body: Value| {
        let app = &app;
        let ada = &ada;
        let path = format!("/api/v1/finance/payouts/{id}/{what}");
        async move { app.post_json(&path, &body, ada).await }
    };
    let paid_body = json!({ "reference": "TX-20261005-1" });
    let fail_body = json!({ "reason": "the bank account is closed" });

    // Paid needs approval first.
    act(pa, "paid", paid_body.clone())
        .await
        .expect_error(409, "payout_not_approved");
    let p: Payout = act(pa, "approve", json!({}))
        .await
        .expect_status(200)
        .json();
    assert_eq!(p.status, PayoutStatus::Approved);
    act(pa, "approve", json!({}))
        .await
        .expect_error(409, "payout_not_pending");
    // Approval moves no money.
    assert_eq!(balance(&app, a.id).await.pending_payouts, 2_500_000);
    act(pa, "paid", json!({ "reference": "  " }))
        .await
        .expect_error(422, "invalid_reference");
    let p: Payout = act(pa, "paid", paid_body.clone())
        .await
        .expect_status(200)
        .json();
    assert_eq!(p.status, PayoutStatus::Paid);
    let kinds: Vec<PayoutStatus> = p.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            PayoutStatus::Pending,
            PayoutStatus::Approved,
            PayoutStatus::Paid
        ]
    );
    assert_eq!(p.events[2].reference.as_deref(), Some("TX-20261005-1"));
    assert_eq!(p.events[2].actor_handle.as_deref(), Some("ada"));
    // Posted: out of the creator's balance, into tax and clearing.
    let bal = balance(&app, a.id).await;
    assert_eq!((bal.balance, bal.pending_payouts), (0, 0));
    assert_eq!(
        platform_posted(&app, AccountKind::TaxWithheld).await,
        -250_000
    );
    assert_eq!(
        platform_posted(&app, AccountKind::PayoutClearing).await,
        -2_250_000
    );
    let resolve = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.eq(format!("payout:{pa}:resolve")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(resolve.kind, "payout_posted");
    // Repeated or out of order: 409, nothing changes.
    act(pa, "paid", paid_body.clone())
        .await
        .expect_error(409, "payout_not_approved");
    act(pa, "failed", fail_body.clone())
        .await
        .expect_error(409, "payout_closed");
    act(pa, "approve", json!({}))
        .await
        .expect_error(409, "payout_not_pending");
    assert_eq!(
        payout_event::Entity::find()
            .filter(payout_event::Column::PayoutId.eq(pa))
            .count(&app.db)
            .await
            .unwrap(),
        3
    );

    // Failed (straight from pending): the money is available again.
    act(pb, "failed", json!({ "reason": "x" }))
        .await
        .expect_error(422, "reason_required");
    assert_eq!(balance(&app, b.id).await.available(), 0);
    let p: Payout = act(pb, "failed", fail_body.clone())
        .await
        .expect_status(200)
        .json();
    assert_eq!(p.status, PayoutStatus::Failed);
    assert_eq!(
        p.events.last().unwrap().reason.as_deref(),
        Some("the bank account is closed")
    );
    let bal = balance(&app, b.id).await;
    assert_eq!(
        (bal.balance, bal.pending_payouts, bal.available()),
        (300_000, 0, 300_000)
    );
    act(pb, "failed", fail_body.clone())
        .await
        .expect_error(409, "payout_closed");
    act(pb, "approve", json!({}))
        .await
        .expect_error(409, "payout_not_pending");
    act(pb, "paid", paid_body.clone())
        .await
        .expect_error(409, "payout_not_approved");
    act(999_999, "approve", json!({}))
        .await
        .expect_error(404, "not_found");

    // The next run pays the failed payout's money again, and nothing twice.
    let next: PayoutRunResult = run_period(&app, &ada, "2026-10")
        .await
        .expect_status(201)
        .json();
    assert_eq!(next.payouts.len(), 1, "{:?}", next.payouts);
    assert_eq!(next.payouts[0].user_id, b.id);
    assert_eq!(next.payouts[0].gross.amount_minor, 300_000);
    assert_ne!(next.payouts[0].id, pb);
    assert_eq!(payouts_of(&app, a.id).await.len(), 1);

    // Approved, then failed.
    let pb2 = next.payouts[0].id;
    act(pb2, "approve", json!({})).await.expect_status(200);
    let p: Payout = act(pb2, "failed", fail_body.clone())
        .await
        .expect_status(200)
        .json();
    assert_eq!(p.status, PayoutStatus::Failed);
    assert_eq!(balance(&app, b.id).await.available(), 300_000);

    // Every decision is audited in its transaction, with its actor.
    for (action, n) in [
        ("payout.approve", 2),
        ("payout.paid", 1),
        ("payout.failed", 2),
        ("payout.run", 2),
    ] {
        let rows = audit_rows(&app, action).await;
        assert_eq!(rows.len(), n, "{action}: {rows:?}");
        assert!(rows.iter().all(|r| r.actor_id == Some(ada.id)));
    }
    let paid = audit_rows(&app, "payout.paid").await;
    assert_eq!(paid[0].subject, format!("payout:{pa}"));
    assert!(
        paid[0].detail.contains("TX-20261005-1"),
        "{}",
        paid[0].detail
    );
    let failed = audit_rows(&app, "payout.failed").await;
    assert!(
        failed[0]
            .detail
            .contains("reason: the bank account is closed")
    );
}

async fn finance_routes_need_the_finance_permission(db: Db) {
    let app = spawn(db).await;
    let member = app.as_member("member").await;
    let staff = app.as_staff("staff").await;
    let finance = app.as_staff("finance").await;
    let row = user::Entity::find_by_id(finance.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: user::ActiveModel = row.into();
    am.finance_at = Set(Some(Utc::now()));
    am.update(&app.db).await.unwrap();
    let c = creator(&app, "creator", "tw").await;
    earn(&app, c.id, 20_000, day(2026, 7, 1)).await;
    let body = json!({ "period": "2026-07" });
    for who in [&member, &staff] {
        app.get_json("/api/v1/finance/payouts", who)
            .await
            .expect_error(403, "finance_required");
        app.post_json("/api/v1/finance/payout-runs", &body, who)
            .await
            .expect_error(403, "finance_required");
        app.post_json("/api/v1/finance/payouts/1/approve", &json!({}), who)
            .await
            .expect_error(403, "finance_required");
    }
    app.post_json("/api/v1/finance/payout-runs", &body, ANON)
        .await
        .expect_error(401, "unauthenticated");
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 0);
    let r: PayoutRunResult = app
        .post_json("/api/v1/finance/payout-runs", &body, &finance)
        .await
        .expect_status(201)
        .json();
    assert_eq!(r.payouts.len(), 1);
    app.post_json(
        &format!("/api/v1/finance/payouts/{}/approve", r.payouts[0].id),
        &json!({}),
        &staff,
    )
    .await
    .expect_error(403, "finance_required");
    app.post_json(
        &format!("/api/v1/finance/payouts/{}/approve", r.payouts[0].id),
        &json!({}),
        &finance,
    )
    .await
    .expect_status(200);
    let list: Vec<Payout> = app
        .get_json("/api/v1/finance/payouts", &finance)
        .await
        .expect_status(200)
        .json();
    assert_eq!(list.len(), 1);
    // A creator sees their own payouts, never through the finance routes.
    let mine: Vec<Payout> = app
        .get_json("/api/v1/me/payouts", &c)
        .await
        .expect_status(200)
        .json();
    assert_eq!(mine[0].status, PayoutStatus::Approved);
    app.get_json("/api/v1/finance/payouts", &c)
        .await
        .expect_error(403, "finance_required");
}

async fn the_command_line_runs_a_period_once(db: Db) {
    let app = spawn(db).await;
    let c = creator(&app, "creator", "tw").await;
    let f = app.as_member("foreigner").await;
    save_settings(&app, &f, &paypal("f@example.com", "foreign", 10_000)).await;
    let low = creator(&app, "low", "tw").await;
    earn(&app, c.id, 2_500_000, day(2026, 6, 10)).await;
    earn(&app, f.id, 100_000, day(2026, 6, 10)).await;
    earn(&app, low.id, 100, day(2026, 6, 10)).await;
    let data = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        app.atelier_command()
            .args(args)
            .env("ATELIER_DATA_DIR", data.path())
            .env("ATELIER_LOG__LEVEL", "warn")
            .output()
            .unwrap()
    };
    let out = cli(&["payouts", "run", "--period", "2026-06"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("for 2026-06: 2 payouts created"),
        "{stdout}"
    );
    // 25,000 + 1,000 gross; 2,500 + 200 withheld.
    assert!(
        stdout.contains("total gross 26000 TWD, tax withheld 2700, net 23300"),
        "{stdout}"
    );
    assert!(stdout.contains("skipped 1"), "{stdout}");
    assert!(
        stdout.contains("@low (below_threshold): 1 TWD available"),
        "{stdout}"
    );
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 2);
    let runs = audit_rows(&app, "payout.run").await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].actor_id, None);
    let p = &payouts_of(&app, c.id).await[0];
    assert_eq!((p.gross_minor, p.tax_minor), (2_500_000, 250_000));
    let ev = payout_event::Entity::find()
        .filter(payout_event::Column::PayoutId.eq(p.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((ev.kind.as_str(), ev.actor_id), ("created", None));

    // Again: the run exists, nothing new.
    let out = cli(&["payouts", "run", "--period", "2026-06"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("exists already"), "{stdout}");
    assert!(stdout.contains("2 payouts, nothing new"), "{stdout}");
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 2);
    assert_eq!(audit_rows(&app, "payout.run").await.len(), 1);

    // A bad or future period fails with the reason.
    let out = cli(&["payouts", "run", "--period", "2026-6"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_period"));
    let out = cli(&["payouts", "run", "--period", "2999-01"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("period_not_started"));
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 2);
}

async fn the_demo_seed_saves_settings_and_pays_once(db: Db) {
    let app = spawn(db).await;
    let mut users = Vec::new();
    for h in ["mei", "kai", "sora"] {
        users.push(app.as_member(h).await);
    }
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    atelier::payouts::demo::seed(&app.db, &app.settings, &ids)
        .await
        .unwrap();
    for id in &ids {
        assert_eq!(settings_rows(&app, *id).await.len(), 1);
    }
    let paid = payouts_of(&app, ids[0]).await;
    assert_eq!(paid.len(), 1);
    let events = payout_event::Entity::find()
        .filter(payout_event::Column::PayoutId.eq(paid[0].id))
        .order_by_asc(payout_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, vec!["created", "approved", "paid"]);
    let b = balance(&app, ids[0]).await;
    assert_eq!((b.balance, b.pending_payouts), (0, 0));
    // The creators see their settings, decrypted and masked.
    for u in &users {
        let state: PayoutSettingsState = app
            .get_json("/api/v1/me/payout-settings", u)
            .await
            .expect_status(200)
            .json();
        let v = state.settings.unwrap();
        assert!(v.details_hint.contains("•••"), "{v:?}");
        assert!(v.account_name.starts_with("Demo Creator"), "{v:?}");
    }
    let mine: Vec<Payout> = app
        .get_json("/api/v1/me/payouts", &users[0])
        .await
        .expect_status(200)
        .json();
    assert_eq!(mine[0].status, PayoutStatus::Paid);
    // Again: nothing new.
    atelier::payouts::demo::seed(&app.db, &app.settings, &ids)
        .await
        .unwrap();
    for id in &ids {
        assert_eq!(settings_rows(&app, *id).await.len(), 1);
    }
    assert_eq!(payout::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(payouts_of(&app, ids[0]).await.len(), 1);
}

async fn a_run_during_its_month_pays_what_was_earned_until_then(db: Db) {
    let app = spawn(db).await;
    let ada = app.as_role("ada_now", atelier_api::Role::Admin).await;
    let mei = creator(&app, "mei_now", "tw").await;
    let now = Utc::now();
    let period = atelier::payouts::run::period_of(now);
    earn(&app, mei.id, 50_000, now - chrono::Duration::seconds(5)).await;
    let first: atelier_api::PayoutRunResult = run_period(&app, &ada, &period)
        .await
        .expect_status(201)
        .json();
    assert_eq!(first.payouts.len(), 1);
    assert_eq!(first.payouts[0].gross.amount_minor, 50_000);
    // Earned after the run: not in this period's run (a repeat makes
    // nothing), still owed, and available to the next one.
    earn(&app, mei.id, 20_000, Utc::now()).await;
    let again: atelier_api::PayoutRunResult = run_period(&app, &ada, &period)
        .await
        .expect_status(200)
        .json();
    assert!(!again.created);
    assert_eq!(again.payouts.len(), 1);
    assert_eq!(payouts_of(&app, mei.id).await.len(), 1);
    let b = balance(&app, mei.id).await;
    assert_eq!(
        (b.balance, b.pending_payouts, b.available()),
        (70_000, 50_000, 20_000)
    );
}
