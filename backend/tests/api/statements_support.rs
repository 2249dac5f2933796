//! What the statement tests share: ledger state posted straight through
//! `atelier::ledger` on the test's own connection (the sources' real flows
//! are tested with their modules), finance staff, and the PDF tools.

use atelier::entities::{ledger_transfer, payout, payout_run, payout_setting, user};
use atelier::ledger::{
    AccountKind, AccountRef, NewTransfer, TransferKind, post, post_pending, resolve_pending,
    reverse, share_of,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::helpers::{TestApp, User};

pub const TWD: &str = "TWD";

fn transfer(
    key: String,
    kind: TransferKind,
    source: String,
    memo: &str,
    at: DateTime<Utc>,
    lines: Vec<(AccountRef, i64)>,
) -> NewTransfer {
    NewTransfer {
        key,
        kind,
        source,
        currency: TWD.into(),
        memo: memo.into(),
        occurred_at: at,
        created_by: None,
        lines,
    }
}

/// A template sale of order `order` at `price`, the creator's share 35 %.
/// Returns the transfer and the creator's share.
pub async fn sale(
    app: &TestApp,
    order: i64,
    creator: i64,
    price: i64,
    title: &str,
    at: DateTime<Utc>,
) -> (ledger_transfer::Model, i64) {
    let c = share_of(price, 3_500);
    let t = post(
        &app.db,
        transfer(
            format!("order:{order}:sale"),
            TransferKind::TemplateSale,
            format!("order:{order}"),
            title,
            at,
            vec![
                (AccountRef::Platform(AccountKind::PaymentClearing), price),
                (AccountRef::Creator(creator), -c),
                (
                    AccountRef::Platform(AccountKind::PlatformRevenue),
                    c - price,
                ),
            ],
        ),
    )
    .await
    .unwrap()
    .into_transfer();
    (t, c)
}

/// The refund of a sale: its reversal.
pub async fn refund(app: &TestApp, sale: i64, at: DateTime<Utc>) -> ledger_transfer::Model {
    reverse(
        &app.db,
        sale,
        TransferKind::TemplateRefund,
        "refund",
        at,
        None,
    )
    .await
    .unwrap()
    .into_transfer()
}

pub async fn prize(
    app: &TestApp,
    challenge: i64,
    winner: i64,
    amount: i64,
    memo: &str,
    at: DateTime<Utc>,
) -> ledger_transfer::Model {
    post(
        &app.db,
        transfer(
            format!("prize:{challenge}:1"),
            TransferKind::Prize,
            format!("challenge:{challenge}:1"),
            memo,
            at,
            vec![
                (AccountRef::Platform(AccountKind::PrizePool), amount),
                (AccountRef::Creator(winner), -amount),
            ],
        ),
    )
    .await
    .unwrap()
    .into_transfer()
}

pub async fn royalty(
    app: &TestApp,
    product: i64,
    period: &str,
    creator: i64,
    amount: i64,
    at: DateTime<Utc>,
) -> ledger_transfer::Model {
    post(
        &app.db,
        transfer(
            format!("royalty:{product}:{period}:r1"),
            TransferKind::Royalty,
            format!("product:{product}:{period}"),
            "Oolong tin",
            at,
            vec![
                (AccountRef::Platform(AccountKind::BrandReceivable), amount),
                (AccountRef::Creator(creator), -amount),
            ],
        ),
    )
    .await
    .unwrap()
    .into_transfer()
}

/// A payout as a run makes it: a `payouts` row (in its own run for
/// `period`) and its pending transfer `payout:<id>` holding the gross.
pub async fn payout(
    app: &TestApp,
    period: &str,
    user_id: i64,
    gross: i64,
    tax: i64,
) -> (payout::Model, ledger_transfer::Model) {
    let now = Utc::now();
    let run = payout_run::ActiveModel {
        period: Set(period.into()),
        created_by: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let row = payout::ActiveModel {
        run_id: Set(run.id),
        user_id: Set(user_id),
        currency: Set(TWD.into()),
        gross_minor: Set(gross),
        tax_minor: Set(tax),
        net_minor: Set(gross - tax),
        method: Set("bank_transfer".into()),
        details_hint: Set("•••• 6789".into()),
        residency: Set("tw".into()),
        transfer_id: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let t = post_pending(
        &app.db,
        transfer(
            format!("payout:{}", row.id),
            TransferKind::Payout,
            format!("payout:{}", row.id),
            &format!("payout {period}"),
            now,
            vec![
                (AccountRef::Creator(user_id), gross),
                (AccountRef::Platform(AccountKind::TaxWithheld), -tax),
                (
                    AccountRef::Platform(AccountKind::PayoutClearing),
                    tax - gross,
                ),
            ],
        ),
    )
    .await
    .unwrap()
    .into_transfer();
    let mut am: payout::ActiveModel = row.into();
    am.transfer_id = Set(t.id);
    (am.update(&app.db).await.unwrap(), t)
}

/// Finance staff marks a payout paid: its hold is posted.
pub async fn pay(app: &TestApp, pending: i64) -> ledger_transfer::Model {
    resolve_pending(
        &app.db,
        pending,
        true,
        TransferKind::PayoutPosted,
        "payout paid",
        None,
    )
    .await
    .unwrap()
    .into_transfer()
}

/// A payout failed: its hold is voided.
pub async fn fail(app: &TestApp, pending: i64) -> ledger_transfer::Model {
    resolve_pending(
        &app.db,
        pending,
        false,
        TransferKind::PayoutVoided,
        "payout failed",
        None,
    )
    .await
    .unwrap()
    .into_transfer()
}

/// The creator's payout settings, written as the payouts module stores them.
pub async fn payout_settings(app: &TestApp, user_id: i64, threshold: i64, residency: &str) {
    payout_setting::ActiveModel {
        user_id: Set(user_id),
        method: Set("bank_transfer".into()),
        details_enc: Set("not-a-real-ciphertext".into()),
        details_hint: Set("•••• 6789".into()),
        threshold_minor: Set(threshold),
        currency: Set(TWD.into()),
        residency: Set(residency.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// Staff holding the finance permission.
pub async fn finance_staff(app: &TestApp, handle: &str) -> User {
    let u = app.as_staff(handle).await;
    let row = user::Entity::find_by_id(u.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: user::ActiveModel = row.into();
    am.finance_at = Set(Some(Utc::now()));
    am.update(&app.db).await.unwrap();
    u
}

pub async fn set_display_name(app: &TestApp, user_id: i64, name: &str) {
    let row = user::Entity::find_by_id(user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: user::ActiveModel = row.into();
    am.display_name = Set(name.into());
    am.update(&app.db).await.unwrap();
}

/// Runs a PDF tool (poppler-utils' `pdftotext`, `qpdf`); fails the test
/// with what to install when it is missing.
pub fn tool(name: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`{name}` could not be run ({e}). The statement PDF tests read PDFs with \
                 poppler-utils and qpdf: `apt-get install -y poppler-utils qpdf fonts-noto-cjk` \
                 (scripts/test.sh installs them)."
            )
        })
}

/// The text of a PDF (`pdftotext -layout`), after `qpdf --check` passed.
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("statement.pdf");
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap();
    let check = tool("qpdf", &["--check", path]);
    assert!(
        check.status.success(),
        "qpdf --check failed: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let text = tool("pdftotext", &["-layout", "-enc", "UTF-8", path, "-"]);
    assert!(
        text.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&text.stderr)
    );
    String::from_utf8(text.stdout).unwrap()
}
