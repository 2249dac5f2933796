//! Finance staff's views: creators' balances, the overview and the
//! reconciliation report, whose checks must fail when the data is broken
//! (rows written straight into the database, past `ledger::post`).

use atelier::entities::{ledger_line, ledger_transfer, order_event, template_order};
use atelier::ledger::{AccountKind, AccountRef, TransferKind, account_id, reverse};
use atelier::statements::period::Month;
use atelier_api::{
    AccountBalance, EarningSource, FinanceOverview, Reconciliation, ReconciliationCheck, Role,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, User, spawn};
use crate::orders_support::template;
use crate::statements_support::{TWD, finance_staff, pay, payout, prize, refund, royalty, sale};

both_databases!(
    finance_sees_balances_and_the_overview,
    reconciliation_finds_what_is_broken
);

async fn reconcile(app: &TestApp, finance: &User) -> Reconciliation {
    app.get_json("/api/v1/finance/reconciliation", finance)
        .await
        .expect_status(200)
        .json()
}

#[track_caller]
fn check<'a>(r: &'a Reconciliation, name: &str) -> &'a ReconciliationCheck {
    r.checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no check {name}: {r:#?}"))
}

/// Only `failing` fail, and the report is not ok exactly when some do.
#[track_caller]
fn expect_failing(r: &Reconciliation, failing: &[&str]) {
    for c in &r.checks {
        assert_eq!(
            c.ok,
            !failing.contains(&c.name.as_str()),
            "{}: {}",
            c.name,
            c.detail
        );
    }
    for name in failing {
        check(r, name);
    }
    assert_eq!(r.ok, failing.is_empty(), "{r:#?}");
}

/// An order of `template` by `buyer` with the events given, written
/// directly (as if the order module had written them, without the ledger).
async fn order_with_events(app: &TestApp, buyer: i64, template: i64, kinds: &[&str]) -> i64 {
    let now = Utc::now();
    let o = template_order::ActiveModel {
        buyer_id: Set(buyer),
        template_id: Set(template),
        licence: Set("paid_single_use".into()),
        amount_minor: Set(15_000),
        currency: Set(TWD.into()),
        method: Set("card".into()),
        provider: Set("test".into()),
        idempotency_key: Set(format!("direct-{}", uuid::Uuid::new_v4().simple())),
        created_at: Set(now),
        creator_id: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    add_events(app, o.id, kinds).await;
    o.id
}

async fn add_events(app: &TestApp, order: i64, kinds: &[&str]) {
    for kind in kinds {
        order_event::ActiveModel {
            order_id: Set(order),
            kind: Set((*kind).into()),
            idempotency_key: Set(format!("order:{order}:{kind}")),
            amount_minor: Set(Some(15_000)),
            provider_ref: Set(None),
            actor_id: Set(None),
            note: Set(None),
            created_at: Set(Utc::now()),
            checkout_url: Set(None),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

async fn finance_sees_balances_and_the_overview(db: Db) {
    let app = spawn(db).await;
    let finance = finance_staff(&app, "ledgerkeeper").await;
    let mei = app.as_member("mei").await;
    let jun = app.as_member("jun").await;
    let now = Utc::now();

    let (_, c1) = sale(&app, 1, mei.id, 15_000, "春節紅包", now).await;
    let (s2, _) = sale(&app, 2, jun.id, 20_000, "Tea box dieline", now).await;
    refund(&app, s2.id, now).await;
    prize(&app, 7, mei.id, 100_000, "Spring challenge, 1st place", now).await;
    royalty(&app, 3, "2026-10", jun.id, 1_234, now).await;
    let (_, hold1) = payout(&app, "2026-01", mei.id, 50_000, 10_000).await;
    pay(&app, hold1.id).await;
    payout(&app, "2026-02", mei.id, 20_000, 0).await;

    let o: FinanceOverview = app
        .get_json("/api/v1/finance/overview", &finance)
        .await
        .expect_status(200)
        .json();
    assert_eq!(o.currency, "TWD");
    assert_eq!(o.platform_revenue.amount_minor, 15_000 - c1);
    assert_eq!(
        o.creator_liabilities.amount_minor,
        c1 + 100_000 - 50_000 + 1_234
    );
    assert_eq!(o.pending_payouts.amount_minor, 20_000);
    assert_eq!(o.tax_withheld.amount_minor, 10_000);
    assert_eq!(o.royalties_posted.amount_minor, 1_234);
    assert_eq!(o.prizes_posted.amount_minor, 100_000);
    assert_eq!(o.payout_queue, 1);
    assert_eq!(o.sales_by_month.len(), 12);
    let last = o.sales_by_month.last().unwrap();
    assert_eq!(last.month, Month::of(Utc::now()).to_string());
    assert_eq!(last.total.amount_minor, c1 + 100_000 + 1_234);
    let templates = last
        .by_source
        .iter()
        .find(|s| s.source == EarningSource::Templates)
        .unwrap();
    assert_eq!(templates.amount.amount_minor, c1);
    // Every account, and they sum to zero.
    let kinds: Vec<AccountKind> = o.accounts.iter().map(|a| a.kind).collect();
    for k in [
        AccountKind::PaymentClearing,
        AccountKind::PlatformRevenue,
        AccountKind::CreatorPayable,
        AccountKind::PrizePool,
        AccountKind::BrandReceivable,
        AccountKind::TaxWithheld,
        AccountKind::PayoutClearing,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing: {kinds:?}");
    }
    let total: i64 = o.accounts.iter().map(|a| a.posted.amount_minor).sum();
    assert_eq!(total, 0);

    let creators: Vec<AccountBalance> = app
        .get_json("/api/v1/finance/creators", &finance)
        .await
        .expect_status(200)
        .json();
    assert_eq!(creators.len(), 2, "{creators:#?}");
    assert!(
        creators
            .iter()
            .all(|a| a.kind == AccountKind::CreatorPayable)
    );
    let m = creators.iter().find(|a| a.owner_id == mei.id).unwrap();
    assert_eq!(m.owner_handle.as_deref(), Some("mei"));
    assert_eq!(m.posted.amount_minor, -(c1 + 100_000 - 50_000));
    assert_eq!(m.pending.amount_minor, 20_000);
    let j = creators.iter().find(|a| a.owner_id == jun.id).unwrap();
    assert_eq!(j.owner_handle.as_deref(), Some("jun"));
    assert_eq!(j.posted.amount_minor, -1_234);
    assert_eq!(j.pending.amount_minor, 0);

    // Finance only: admins always, staff when granted.
    let staff = app.as_staff("staffer").await;
    let admin = app.as_role("boss", Role::Admin).await;
    for path in [
        "/api/v1/finance/overview",
        "/api/v1/finance/creators",
        "/api/v1/finance/reconciliation",
    ] {
        app.get_json(path, ANON)
            .await
            .expect_error(401, "unauthenticated");
        app.get_json(path, &mei)
            .await
            .expect_error(403, "finance_required");
        app.get_json(path, &staff)
            .await
            .expect_error(403, "finance_required");
        app.get_json(path, &admin).await.expect_status(200);
    }
}

async fn reconciliation_finds_what_is_broken(db: Db) {
    let app = spawn(db).await;
    let finance = finance_staff(&app, "ledgerkeeper").await;
    let mei = app.as_member("mei").await;
    let jun = app.as_member("jun").await;
    let now = Utc::now();

    // Nothing posted: nothing wrong.
    let r = reconcile(&app, &finance).await;
    expect_failing(&r, &[]);
    assert_eq!((r.transfers, r.lines), (0, 0));
    assert!(r.totals.is_empty());
    for name in [
        "transfers_balanced",
        "lines_sum_to_zero",
        "pending_resolved_once",
        "orders_posted",
        "refunds_posted",
        "payouts_match",
        "reversals_negate",
        "no_negative_creator_balance",
    ] {
        check(&r, name);
    }

    // Orders with their postings, a payout paid and one pending.
    let t = template(&app, mei.id, "春節紅包", 15_000, "published").await;
    let o1 = order_with_events(&app, jun.id, t, &["pending", "paid"]).await;
    let o2 = order_with_events(&app, jun.id, t, &["pending", "paid", "refunded"]).await;
    let (s1, _) = sale(&app, o1, mei.id, 15_000, "春節紅包", now).await;
    let (s2, _) = sale(&app, o2, mei.id, 15_000, "春節紅包", now).await;
    refund(&app, s2.id, now).await;
    let p = prize(&app, 7, mei.id, 100_000, "Spring challenge, 1st place", now).await;
    let roy = royalty(&app, 3, "2026-10", jun.id, 1_234, now).await;
    let (_, hold1) = payout(&app, "2026-01", mei.id, 50_000, 10_000).await;
    pay(&app, hold1.id).await;
    let (_, hold2) = payout(&app, "2026-02", mei.id, 20_000, 0).await;
    let r = reconcile(&app, &finance).await;
    expect_failing(&r, &[]);
    assert_eq!(r.transfers, 8);
    assert_eq!(r.totals.len(), 1);
    assert_eq!(r.totals[0].amount_minor, 0);
    assert_eq!(r.totals[0].currency, "TWD");

    // A paid order whose sale was never posted.
    let o3 = order_with_events(&app, jun.id, t, &["pending", "paid"]).await;
    let r = reconcile(&app, &finance).await;
    expect_failing(&r, &["orders_posted"]);
    assert!(
        check(&r, "orders_posted").detail.contains(&o3.to_string()),
        "{r:#?}"
    );
    sale(&app, o3, mei.id, 15_000, "春節紅包", now).await;
    expect_failing(&reconcile(&app, &finance).await, &[]);

    // A refund without its reversal.
    add_events(&app, o1, &["refunded"]).await;
    let r = reconcile(&app, &finance).await;
    expect_failing(&r, &["refunds_posted"]);
    assert!(check(&r, "refunds_posted").detail.contains(&o1.to_string()));
    refund(&app, s1.id, now).await;
    expect_failing(&reconcile(&app, &finance).await, &[]);

    // A payout row that says something else than its transfer.
    let (wrong, _) = payout(&app, "2026-03", jun.id, 1_000, 0).await;
    let mut am: atelier::entities::payout::ActiveModel = wrong.clone().into();
    am.transfer_id = Set(hold2.id);
    am.update(&app.db).await.unwrap();
    let r = reconcile(&app, &finance).await;
    // jun's own hold of 1,000 now belongs to no payout but still holds.
    expect_failing(&r, &["payouts_match"]);
    assert!(
        check(&r, "payouts_match")
            .detail
            .contains(&wrong.id.to_string()),
        "{r:#?}"
    );

    // A "reversal" that does not negate what it names (balanced, written
    // directly past ledger::reverse).
    let bogus = ledger_transfer::ActiveModel {
        idempotency_key: Set("royalty:3:2026-10:r1:reversal".into()),
        kind: Set(TransferKind::RoyaltyReversal.as_str().into()),
        source: Set("product:3:2026-10".into()),
        currency: Set(TWD.into()),
        amount_minor: Set(100),
        memo: Set("bogus".into()),
        phase: Set("posted".into()),
        pending_id: Set(None),
        reverses_id: Set(Some(roy.id)),
        request_hash: Set("x".into()),
        occurred_at: Set(now),
        created_at: Set(now),
        created_by: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    for (account, amount) in [
        (AccountRef::Creator(jun.id), 100),
        (AccountRef::Platform(AccountKind::BrandReceivable), -100),
    ] {
        line(&app, bogus.id, account, amount).await;
    }
    let r = reconcile(&app, &finance).await;
    expect_failing(&r, &["payouts_match", "reversals_negate"]);
    assert!(
        check(&r, "reversals_negate")
            .detail
            .contains(&bogus.id.to_string())
    );

    // A creator who owes the platform: a prize taken back after payouts.
    reverse(
        &app.db,
        p.id,
        TransferKind::Reversal,
        "prize withdrawn",
        now,
        None,
    )
    .await
    .unwrap();
    let r = reconcile(&app, &finance).await;
    expect_failing(
        &r,
        &[
            "payouts_match",
            "reversals_negate",
            "no_negative_creator_balance",
        ],
    );
    assert!(
        check(&r, "no_negative_creator_balance")
            .detail
            .contains(&mei.id.to_string())
    );

    // A transfer whose lines do not sum to zero.
    let broken = ledger_transfer::ActiveModel {
        idempotency_key: Set("broken:1".into()),
        kind: Set(TransferKind::TemplateSale.as_str().into()),
        source: Set("order:0".into()),
        currency: Set(TWD.into()),
        amount_minor: Set(100),
        memo: Set("unbalanced".into()),
        phase: Set("posted".into()),
        pending_id: Set(None),
        reverses_id: Set(None),
        request_hash: Set("x".into()),
        occurred_at: Set(now),
        created_at: Set(now),
        created_by: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    line(
        &app,
        broken.id,
        AccountRef::Platform(AccountKind::PaymentClearing),
        100,
    )
    .await;
    let r = reconcile(&app, &finance).await;
    expect_failing(
        &r,
        &[
            "transfers_balanced",
            "lines_sum_to_zero",
            "payouts_match",
            "reversals_negate",
            "no_negative_creator_balance",
        ],
    );
    assert!(
        check(&r, "transfers_balanced")
            .detail
            .contains(&broken.id.to_string()),
        "{r:#?}"
    );
    assert!(check(&r, "lines_sum_to_zero").detail.contains("TWD 100"));
    assert_eq!(r.totals[0].amount_minor, 100);
}

async fn line(app: &TestApp, transfer: i64, account: AccountRef, amount: i64) {
    let account = account_id(&app.db, account, TWD).await.unwrap();
    ledger_line::ActiveModel {
        transfer_id: Set(transfer),
        account_id: Set(account),
        amount_minor: Set(amount),
        currency: Set(TWD.into()),
        held: Set(false),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}
