//! The ledger's own guarantees, on both databases: postings balance, a key
//! posts once (also when fifty identical postings race), reversals and
//! pending resolutions happen at most once, balances are the sums of lines.

use atelier::ledger::{
    self, AccountKind, AccountRef, LedgerError, NewTransfer, Posted, TransferKind,
};
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::both_databases;
use crate::helpers::{Db, spawn};

both_databases!(
    a_key_posts_once_and_a_different_request_with_it_is_refused,
    a_reversal_negates_once,
    a_pending_transfer_is_posted_or_voided_exactly_once,
    fifty_concurrent_identical_postings_make_one,
);

const CLEARING: AccountRef = AccountRef::Platform(AccountKind::PaymentClearing);
const REVENUE: AccountRef = AccountRef::Platform(AccountKind::PlatformRevenue);

fn sale(key: &str, creator: i64, price: i64, share: i64) -> NewTransfer {
    NewTransfer {
        key: key.to_owned(),
        kind: TransferKind::TemplateSale,
        source: format!("test:{key}"),
        currency: "TWD".into(),
        memo: "春節紅包".into(),
        occurred_at: Utc::now(),
        created_by: None,
        lines: vec![
            (CLEARING, price),
            (AccountRef::Creator(creator), -share),
            (REVENUE, share - price),
        ],
    }
}

/// Sum of every line per currency (the ledger's books).
async fn books(db: &DatabaseConnection) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS s FROM ledger_lines",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "s").unwrap()
}

async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn a_key_posts_once_and_a_different_request_with_it_is_refused(db: Db) {
    let app = spawn(db).await;
    let first = ledger::post(&app.db, sale("order:1:sale", 7, 10_000, 3_500))
        .await
        .unwrap();
    assert!(first.created());
    let again = ledger::post(&app.db, sale("order:1:sale", 7, 10_000, 3_500))
        .await
        .unwrap();
    assert!(matches!(again, Posted::Existing(_)));
    assert_eq!(again.transfer().id, first.transfer().id);
    let other = ledger::post(&app.db, sale("order:1:sale", 7, 10_000, 4_000)).await;
    assert!(matches!(other, Err(LedgerError::KeyReused(_))), "{other:?}");
    let bal = ledger::creator_balance(&app.db, 7, "TWD").await.unwrap();
    assert_eq!(bal.balance, 3_500);
    assert_eq!(count(&app.db, "ledger_transfers").await, 1);
    assert_eq!(books(&app.db).await, 0);

    // Unbalanced and one-sided postings never reach the database.
    let mut bad = sale("order:2:sale", 7, 10_000, 3_500);
    bad.lines.pop();
    assert!(matches!(
        ledger::post(&app.db, bad).await,
        Err(LedgerError::Unbalanced(6_500))
    ));
    let mut lower = sale("order:3:sale", 7, 100, 35);
    lower.currency = "twd".into();
    assert!(matches!(
        ledger::post(&app.db, lower).await,
        Err(LedgerError::InvalidCurrency(_))
    ));
    assert_eq!(count(&app.db, "ledger_transfers").await, 1);
}

async fn a_reversal_negates_once(db: Db) {
    let app = spawn(db).await;
    let t = ledger::post(&app.db, sale("order:9:sale", 8, 999, 350))
        .await
        .unwrap()
        .into_transfer();
    let r = ledger::reverse(
        &app.db,
        t.id,
        TransferKind::TemplateRefund,
        "refund",
        Utc::now(),
        None,
    )
    .await
    .unwrap();
    assert!(r.created());
    assert_eq!(r.transfer().reverses_id, Some(t.id));
    assert_eq!(r.transfer().idempotency_key, "order:9:sale:reversal");
    let again = ledger::reverse(
        &app.db,
        t.id,
        TransferKind::TemplateRefund,
        "refund",
        Utc::now(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(again.transfer().id, r.transfer().id);
    assert_eq!(
        ledger::creator_balance(&app.db, 8, "TWD")
            .await
            .unwrap()
            .balance,
        0
    );
    let lines = ledger::post::lines_of(&app.db, r.transfer().id)
        .await
        .unwrap();
    let mut expect = vec![
        (CLEARING, -999),
        (AccountRef::Creator(8), 350),
        (REVENUE, 649),
    ];
    expect.sort();
    let mut got = lines.clone();
    got.sort();
    assert_eq!(got, expect);
    assert_eq!(books(&app.db).await, 0);
}

fn payout(key: &str, creator: i64, gross: i64, tax: i64) -> NewTransfer {
    NewTransfer {
        key: key.to_owned(),
        kind: TransferKind::Payout,
        source: key.to_owned(),
        currency: "TWD".into(),
        memo: "payout".into(),
        occurred_at: Utc::now(),
        created_by: None,
        lines: vec![
            (AccountRef::Creator(creator), gross),
            (AccountRef::Platform(AccountKind::TaxWithheld), -tax),
            (
                AccountRef::Platform(AccountKind::PayoutClearing),
                tax - gross,
            ),
        ],
    }
}

async fn a_pending_transfer_is_posted_or_voided_exactly_once(db: Db) {
    let app = spawn(db).await;
    ledger::post(&app.db, sale("order:1:sale", 5, 100_000, 35_000))
        .await
        .unwrap();
    let p = ledger::post_pending(&app.db, payout("payout:1", 5, 30_000, 3_000))
        .await
        .unwrap()
        .into_transfer();
    let bal = ledger::creator_balance(&app.db, 5, "TWD").await.unwrap();
    assert_eq!(
        (bal.balance, bal.pending_payouts, bal.available()),
        (35_000, 30_000, 5_000)
    );

    // Voided: the hold ends, nothing is posted; posting it afterwards is refused.
    let v = ledger::resolve_pending(
        &app.db,
        p.id,
        false,
        TransferKind::PayoutVoided,
        "failed",
        None,
    )
    .await
    .unwrap();
    assert!(v.created());
    let bal = ledger::creator_balance(&app.db, 5, "TWD").await.unwrap();
    assert_eq!((bal.balance, bal.pending_payouts), (35_000, 0));
    let post_after_void = ledger::resolve_pending(
        &app.db,
        p.id,
        true,
        TransferKind::PayoutPosted,
        "paid",
        None,
    )
    .await;
    assert!(
        matches!(post_after_void, Err(LedgerError::NotPending(_))),
        "{post_after_void:?}"
    );
    let void_again = ledger::resolve_pending(
        &app.db,
        p.id,
        false,
        TransferKind::PayoutVoided,
        "failed",
        None,
    )
    .await
    .unwrap();
    assert_eq!(void_again.transfer().id, v.transfer().id);

    // Posted: the held amounts become posted.
    let p2 = ledger::post_pending(&app.db, payout("payout:2", 5, 35_000, 3_500))
        .await
        .unwrap()
        .into_transfer();
    ledger::resolve_pending(
        &app.db,
        p2.id,
        true,
        TransferKind::PayoutPosted,
        "paid",
        None,
    )
    .await
    .unwrap();
    let bal = ledger::creator_balance(&app.db, 5, "TWD").await.unwrap();
    assert_eq!((bal.balance, bal.pending_payouts), (0, 0));
    let tax = ledger::accounts::find(
        &app.db,
        AccountRef::Platform(AccountKind::TaxWithheld),
        "TWD",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        ledger::account_balance(&app.db, tax).await.unwrap().posted,
        -3_500
    );
    // A pending transfer cannot be reversed; a posted one's resolution stands.
    assert!(matches!(
        ledger::reverse(
            &app.db,
            p2.id,
            TransferKind::Reversal,
            "x",
            Utc::now(),
            None
        )
        .await,
        Err(LedgerError::NotReversible(_))
    ));
    assert_eq!(books(&app.db).await, 0);
}

async fn fifty_concurrent_identical_postings_make_one(db: Db) {
    let app = spawn(db).await;
    let tasks = (0..50).map(|_| {
        let conn = app.db.clone();
        tokio::spawn(async move {
            let txn = atelier::db::begin_write(&conn).await?;
            let posted = ledger::post(&txn, sale("webhook:evt_1:sale", 11, 5_000, 1_750)).await;
            match posted {
                Ok(p) => {
                    txn.commit().await?;
                    Ok::<_, sea_orm::DbErr>(Some(p.transfer().id))
                }
                Err(e) => {
                    txn.rollback().await?;
                    panic!("posting failed: {e}");
                }
            }
        })
    });
    let results = futures::future::join_all(tasks).await;
    let mut ids: Vec<i64> = results
        .into_iter()
        .map(|r| r.expect("task").expect("db").expect("id"))
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 1, "every request answers with the one transfer");
    assert_eq!(count(&app.db, "ledger_transfers").await, 1);
    assert_eq!(count(&app.db, "ledger_lines").await, 3);
    assert_eq!(
        ledger::creator_balance(&app.db, 11, "TWD")
            .await
            .unwrap()
            .balance,
        1_750
    );
}
