//! What the revenue tests share: finance users, products with agreements,
//! and reading the ledger back (transfers by key, their lines, balances, the
//! proof that every transfer balances).

use atelier::entities::{ledger_account, ledger_line, ledger_transfer};
use atelier_api::{Product, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, User};

/// An admin: finance always.
pub async fn finance(app: &TestApp, handle: &str) -> User {
    app.as_role(handle, Role::Admin).await
}

/// Staff an admin granted the finance permission (set in the database: the
/// grant route is not part of these tests).
pub async fn finance_staff(app: &TestApp, handle: &str) -> User {
    let u = app.as_staff(handle).await;
    let row = atelier::entities::user::Entity::find_by_id(u.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: atelier::entities::user::ActiveModel = row.into();
    am.finance_at = Set(Some(chrono::Utc::now()));
    am.update(&app.db).await.unwrap();
    u
}

/// An agreement body: `share_bp`, parties `(user, weight)`.
pub fn agreement(share_bp: i32, parties: &[(i64, i32)]) -> Value {
    json!({
        "share_bp": share_bp,
        "starts_at": "2026-01-01T00:00:00Z",
        "parties": parties.iter().map(|(u, w)| json!({"user_id": u, "weight": w})).collect::<Vec<_>>(),
        "note": "co-created in the tests",
    })
}

/// Creates product `code` (TWD) with a royalty agreement from 2026-01
/// (Taipei: 2026-01-01 08:00) on.
pub async fn product(
    app: &TestApp,
    who: &User,
    code: &str,
    share_bp: i32,
    parties: &[(i64, i32)],
) -> Product {
    app.post_json(
        "/api/v1/finance/products",
        &json!({
            "code": code,
            "name": format!("Product {code}"),
            "currency": "TWD",
            "agreement": agreement(share_bp, parties),
        }),
        who,
    )
    .await
    .expect_status(201)
    .json()
}

/// The transfer with idempotency key `key`, if posted.
pub async fn transfer(app: &TestApp, key: &str) -> Option<ledger_transfer::Model> {
    ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.eq(key))
        .one(&app.db)
        .await
        .unwrap()
}

/// Every transfer whose key starts with `prefix`.
pub async fn transfers(app: &TestApp, prefix: &str) -> Vec<ledger_transfer::Model> {
    ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdempotencyKey.starts_with(prefix))
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn transfer_count(app: &TestApp) -> u64 {
    ledger_transfer::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

/// A transfer's lines as (account kind, owner, amount), sorted.
pub async fn lines(app: &TestApp, transfer_id: i64) -> Vec<(String, i64, i64)> {
    let lines = ledger_line::Entity::find()
        .filter(ledger_line::Column::TransferId.eq(transfer_id))
        .all(&app.db)
        .await
        .unwrap();
    let mut out = Vec::new();
    for l in lines {
        let a = ledger_account::Entity::find_by_id(l.account_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        out.push((a.kind, a.owner_id, l.amount_minor));
    }
    out.sort();
    out
}

/// What `user` is owed in TWD (posted).
pub async fn balance(app: &TestApp, user: i64) -> i64 {
    atelier::ledger::creator_balance(&app.db, user, "TWD")
        .await
        .unwrap()
        .balance
}

/// Every transfer's lines sum to zero (and so does the whole ledger).
pub async fn assert_balanced(app: &TestApp) {
    let all = ledger_line::Entity::find().all(&app.db).await.unwrap();
    let mut per: std::collections::BTreeMap<i64, i64> = Default::default();
    for l in &all {
        *per.entry(l.transfer_id).or_default() += l.amount_minor;
    }
    let unbalanced: Vec<_> = per.iter().filter(|(_, s)| **s != 0).collect();
    assert!(
        unbalanced.is_empty(),
        "unbalanced transfers: {unbalanced:?}"
    );
    assert_eq!(all.iter().map(|l| l.amount_minor).sum::<i64>(), 0);
}

/// Posts a CSV to the import route.
pub async fn post_csv(
    app: &TestApp,
    who: &User,
    csv: impl Into<Vec<u8>>,
) -> crate::helpers::Answer {
    use crate::helpers::Answered;
    app.request(
        reqwest::Method::POST,
        "/api/v1/finance/product-sales/csv?filename=sales.csv",
        who,
    )
    .header("content-type", "text/csv; charset=utf-8")
    .body(csv.into())
    .answer()
    .await
}

/// An audit entry's action and detail, newest first.
pub async fn audit_actions(app: &TestApp) -> Vec<(String, String)> {
    use sea_orm::QueryOrder;
    atelier::entities::audit_log::Entity::find()
        .order_by_desc(atelier::entities::audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.detail))
        .collect()
}
