//! Fixtures of the revenue-share routes for the authorisation matrix: two
//! creators with payout settings and prize earnings in a past month, and
//! that month's payout run made by an admin (two pending payouts: one the
//! matrix approves and pays, one it fails).

use atelier::ledger::{self, AccountKind, AccountRef, NewTransfer, TransferKind};
use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::helpers::{TestApp, User};

/// The month the fixture's earnings fall in (long over).
pub const PAST_MONTH: &str = "2025-12";

pub struct MatrixFinance {
    /// Pending: the matrix approves it, then marks it paid.
    pub payout: i64,
    /// Pending: the matrix marks it failed.
    pub payout_to_fail: i64,
    /// A creator whose earnings finance staff read.
    pub creator: i64,
    /// A product with an agreement in force since January 2026.
    pub product: i64,
    pub product_code: String,
    /// A template whose revenue agreement finance staff read and set.
    pub template: i64,
}

pub async fn creator_with_earnings(app: &TestApp, handle: &str, amount: i64) -> User {
    let u = app.as_member(handle).await;
    app.put_json(
        "/api/v1/me/payout-settings",
        &json!({
            "method": "bank_transfer",
            "details": {"account_name": "Lin Pei-Shan", "bank_code": "812", "branch_code": "0012", "account_number": "0012345678906789"},
            "residency": "tw",
            "threshold_minor": 10_000,
        }),
        &u,
    )
    .await
    .expect_status(200);
    ledger::post(
        &app.db,
        NewTransfer {
            key: format!("matrix:prize:{handle}"),
            kind: TransferKind::Prize,
            source: format!("matrix:{handle}"),
            currency: "TWD".into(),
            memo: "Matrix prize".into(),
            occurred_at: Utc.with_ymd_and_hms(2025, 12, 10, 4, 0, 0).unwrap(),
            created_by: None,
            lines: vec![
                (AccountRef::Platform(AccountKind::PrizePool), amount),
                (AccountRef::Creator(u.id), -amount),
            ],
        },
    )
    .await
    .unwrap();
    u
}

impl MatrixFinance {
    pub async fn create(app: &TestApp, admin: &User, template: i64) -> MatrixFinance {
        let a = creator_with_earnings(app, "matrix_payee", 20_000).await;
        let b = creator_with_earnings(app, "matrix_failed_payee", 30_000).await;
        let run: atelier_api::PayoutRunResult = app
            .post_json(
                "/api/v1/finance/payout-runs",
                &json!({"period": PAST_MONTH}),
                admin,
            )
            .await
            .expect_status(201)
            .json();
        let id_of = |user: i64| {
            run.payouts
                .iter()
                .find(|p| p.user_id == user)
                .unwrap_or_else(|| panic!("the fixture run pays user {user}: {run:?}"))
                .id
        };
        let product: atelier_api::Product = app
            .post_json(
                "/api/v1/finance/products",
                &json!({
                    "code": "MATRIX-FIXTURE",
                    "name": "Matrix tea tin",
                    "agreement": {
                        "share_bp": 800,
                        "starts_at": "2026-01-01T00:00:00Z",
                        "parties": [{"user_id": a.id, "weight": 1}],
                    },
                }),
                admin,
            )
            .await
            .expect_status(201)
            .json();
        MatrixFinance {
            payout: id_of(a.id),
            payout_to_fail: id_of(b.id),
            creator: a.id,
            product: product.id,
            product_code: product.code,
            template,
        }
    }

    /// The `{id}` of a revenue-share route's path, if `path` is one.
    pub fn id_for(&self, path: &str) -> Option<i64> {
        if path == "/api/v1/finance/payouts/{id}/failed" {
            Some(self.payout_to_fail)
        } else if path.starts_with("/api/v1/finance/payouts/") {
            Some(self.payout)
        } else if path.starts_with("/api/v1/finance/creators/") {
            Some(self.creator)
        } else if path.starts_with("/api/v1/finance/products/") {
            Some(self.product)
        } else if path.starts_with("/api/v1/finance/templates/") {
            Some(self.template)
        } else {
            None
        }
    }

    /// `{creator}` and `{product_code}` in a body.
    pub fn body(&self, body: &str) -> String {
        body.replace("{creator}", &self.creator.to_string())
            .replace("{product_code}", &self.product_code)
    }

    /// `{month}` and `{year}` in a path.
    pub fn fill(&self, path: &str) -> String {
        path.replace("{month}", "2026-01").replace("{year}", "2026")
    }
}
