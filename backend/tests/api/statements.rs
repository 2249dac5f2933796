//! A creator's earnings page, lines and monthly statements (JSON and CSV),
//! read off ledger state posted directly through `atelier::ledger`.

use atelier::statements::period::Month;
use atelier_api::{
    EarningLinePage, EarningSource, EarningsSummary, SourceAmount, Statement, StatementMonth,
    TaxSummary, TransferKind,
};
use chrono::{Duration, Utc};

use crate::both_databases;
use crate::helpers::{ANON, Db, spawn};
use crate::statements_support::{
    fail, finance_staff, pay, payout, payout_settings, prize, refund, royalty, sale,
};

both_databases!(
    the_earnings_page_adds_up_balances_holds_and_sources,
    statements_chain_from_month_to_month_around_a_payout
);

fn amount(by: &[SourceAmount], source: EarningSource) -> i64 {
    by.iter().find(|s| s.source == source).map_or_else(
        || panic!("{source:?} missing from {by:?}"),
        |s| s.amount.amount_minor,
    )
}

async fn the_earnings_page_adds_up_balances_holds_and_sources(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;
    let other = app.as_member("other").await;
    let now = Utc::now();

    // Nothing yet: zeros, twelve empty months, no payout.
    let empty: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(empty.balance.amount_minor, 0);
    assert_eq!(empty.currency, "TWD");
    assert_eq!(empty.by_month.len(), 12);
    assert_eq!(empty.by_month[11].month, Month::of(now).to_string());
    assert!(!empty.next_payout.eligible);
    assert_eq!(empty.next_payout.reason.as_deref(), Some("no_settings"));

    let (s1, c1) = sale(&app, 1, mei.id, 15_000, "春節紅包", now).await;
    assert_eq!(c1, 5_250);
    let (s2, c2) = sale(&app, 2, mei.id, 20_000, "Tea box dieline", now).await;
    prize(&app, 7, mei.id, 100_000, "Spring challenge, 1st place", now).await;
    royalty(&app, 3, "2026-10", mei.id, 1_234, now).await;
    refund(&app, s2.id, now).await;
    // Someone else's earnings stay theirs.
    sale(&app, 3, other.id, 10_000, "Other", now).await;
    let (_, hold) = payout(&app, "2026-01", mei.id, 50_000, 10_000).await;

    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    let earned = c1 + 100_000 + 1_234;
    assert_eq!(s.user_id, mei.id);
    assert_eq!(s.balance.amount_minor, earned);
    assert_eq!(s.pending_payouts.amount_minor, 50_000);
    assert_eq!(s.available.amount_minor, earned - 50_000);
    assert_eq!(s.lifetime.amount_minor, earned);
    assert_eq!(amount(&s.by_source, EarningSource::Templates), c1);
    assert_eq!(amount(&s.by_source, EarningSource::Prizes), 100_000);
    assert_eq!(amount(&s.by_source, EarningSource::Royalties), 1_234);
    assert_eq!(amount(&s.by_source, EarningSource::Workshops), 0);
    let this_month = &s.by_month[11];
    assert_eq!(this_month.total.amount_minor, earned);
    assert_eq!(
        amount(&this_month.by_source, EarningSource::Templates),
        c1 + c2 - c2
    );
    assert!(s.by_month[..11].iter().all(|m| m.total.amount_minor == 0));
    // The estimate: the available balance, no settings yet.
    let e = &s.next_payout;
    assert_eq!(e.period, Month::of(Utc::now()).to_string());
    assert_eq!(e.gross.amount_minor, earned - 50_000);
    assert_eq!(e.threshold.amount_minor, 10_000);
    assert_eq!(e.reason.as_deref(), Some("no_settings"));

    // With settings: their threshold and their residency's withholding.
    payout_settings(&app, mei.id, 60_000, "foreign").await;
    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    let e = &s.next_payout;
    assert_eq!(e.threshold.amount_minor, 60_000);
    assert_eq!(e.reason.as_deref(), Some("below_threshold"));
    assert!(!e.eligible);
    payout_settings(&app, mei.id, 10_000, "foreign").await;
    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    let e = &s.next_payout;
    assert!(e.eligible, "{e:?}");
    assert_eq!(e.reason, None);
    let gross = earned - 50_000; // 56,484
    assert_eq!(e.tax.amount_minor, 11_297); // 20 %, rounded half up
    assert_eq!(e.net.amount_minor, gross - 11_297);

    // Lines, newest first, three per page: the hold is pending.
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/me/earnings/lines?limit=3&cursor={c}"),
            None => "/api/v1/me/earnings/lines?limit=3".to_owned(),
        };
        let page: EarningLinePage = app.get_json(&path, &mei).await.expect_status(200).json();
        cursor = page.next_cursor.clone();
        pages.push(page);
        if cursor.is_none() {
            break;
        }
    }
    let lines: Vec<_> = pages.iter().flat_map(|p| p.items.clone()).collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert_eq!(lines[0].kind, TransferKind::Payout);
    assert!(lines[0].pending);
    assert_eq!(lines[0].amount.amount_minor, -50_000);
    assert!(lines[1..].iter().all(|l| !l.pending));
    let first_sale = lines.last().unwrap();
    assert_eq!(first_sale.transfer_id, s1.id);
    assert_eq!(first_sale.description, "春節紅包");
    assert_eq!(first_sale.reference, "order:1");
    assert_eq!(first_sale.source, Some(EarningSource::Templates));
    assert_eq!(first_sale.amount.amount_minor, c1);
    let refund_line = lines
        .iter()
        .find(|l| l.kind == TransferKind::TemplateRefund)
        .unwrap();
    assert_eq!(refund_line.amount.amount_minor, -c2);
    assert_eq!(refund_line.source, Some(EarningSource::Templates));

    // Paid: the hold is posted, nothing pending; the hold leaves the list
    // and the payout takes its place.
    pay(&app, hold.id).await;
    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(s.balance.amount_minor, earned - 50_000);
    assert_eq!(s.pending_payouts.amount_minor, 0);
    assert_eq!(s.available.amount_minor, earned - 50_000);
    assert_eq!(s.lifetime.amount_minor, earned);
    let page: EarningLinePage = app
        .get_json("/api/v1/me/earnings/lines", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(page.items.len(), 6);
    assert_eq!(page.next_cursor, None);
    assert_eq!(page.items[0].kind, TransferKind::PayoutPosted);
    assert!(!page.items[0].pending);
    assert_eq!(page.items[0].amount.amount_minor, -50_000);

    // A failed payout gives the money back: available again.
    let (_, hold2) = payout(&app, "2026-02", mei.id, 6_000, 0).await;
    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(s.available.amount_minor, earned - 56_000);
    fail(&app, hold2.id).await;
    let s: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(s.available.amount_minor, earned - 50_000);
    assert_eq!(s.pending_payouts.amount_minor, 0);

    // Bad pages.
    for (q, code) in [
        ("cursor=nope", "invalid_cursor"),
        ("cursor=l0", "invalid_cursor"),
        ("limit=0", "invalid_limit"),
        ("limit=201", "invalid_limit"),
    ] {
        app.get_json(&format!("/api/v1/me/earnings/lines?{q}"), &mei)
            .await
            .expect_error(400, code);
    }
    app.get_json("/api/v1/me/earnings/lines?limit=x", &mei)
        .await
        .expect_error(400, "invalid_query");

    // Others see only their own; finance staff see anyone's.
    let theirs: EarningsSummary = app
        .get_json("/api/v1/me/earnings", &other)
        .await
        .expect_status(200)
        .json();
    assert_eq!(theirs.balance.amount_minor, 3_500);
    let path = format!("/api/v1/finance/creators/{}/earnings", mei.id);
    app.get_json(&path, &other)
        .await
        .expect_error(403, "finance_required");
    app.get_json(&path, ANON)
        .await
        .expect_error(401, "unauthenticated");
    let staff = app.as_staff("staffer").await;
    app.get_json(&path, &staff)
        .await
        .expect_error(403, "finance_required");
    let finance = finance_staff(&app, "ledgerkeeper").await;
    let seen: EarningsSummary = app
        .get_json(&path, &finance)
        .await
        .expect_status(200)
        .json();
    assert_eq!(seen.balance, s.balance);
    assert_eq!(seen.by_source, s.by_source);
    // Their own page through the finance path is theirs to see.
    app.get_json(&path, &mei).await.expect_status(200);
    app.get_json("/api/v1/finance/creators/999999/earnings", &finance)
        .await
        .expect_error(404, "not_found");
}

async fn statements_chain_from_month_to_month_around_a_payout(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;
    let other = app.as_member("other").await;

    // The payout is paid now, in month 2; the earnings before it are dated
    // in the two months before (postings may be dated in the past).
    let gross = 30_000 + 5_250 + 2_500_000;
    let tax = 253_525; // 10 %: a resident's payout above NT$20,000
    let (_, hold) = payout(&app, "2026-03", mei.id, gross, tax).await;
    let paid = pay(&app, hold.id).await;
    let month2 = Month::of(paid.occurred_at);
    let month1 = month2.prev();
    let month0 = month1.prev();
    let mid = |m: Month, days: i64| m.start() + Duration::days(days);

    prize(
        &app,
        1,
        mei.id,
        30_000,
        "Autumn challenge, 3rd place",
        mid(month0, 3),
    )
    .await;
    let (_, c1) = sale(&app, 11, mei.id, 15_000, "春節紅包", mid(month1, 2)).await;
    prize(
        &app,
        2,
        mei.id,
        2_500_000,
        "Spring challenge, 1st place",
        mid(month1, 4),
    )
    .await;
    let (s2, c2) = sale(&app, 12, mei.id, 20_000, "Tea box dieline", mid(month1, 5)).await;
    refund(&app, s2.id, mid(month1, 6)).await;
    royalty(&app, 3, "2026-10", mei.id, 1_234, paid.occurred_at).await;
    sale(&app, 13, other.id, 10_000, "Other", mid(month1, 2)).await;
    assert_eq!(c1, 5_250);

    let get = |m: Month| {
        let app = &app;
        let mei = &mei;
        async move {
            app.get_json(&format!("/api/v1/me/statements/{m}"), mei)
                .await
                .expect_status(200)
                .json::<Statement>()
        }
    };
    let s0 = get(month0).await;
    let s1 = get(month1).await;
    let s2 = get(month2).await;
    for s in [&s0, &s1, &s2] {
        assert_eq!(
            s.opening_balance.amount_minor + s.total_earnings.amount_minor - s.payouts.amount_minor,
            s.closing_balance.amount_minor,
            "{} does not add up",
            s.month
        );
        let lines: i64 = s.lines.iter().map(|l| l.amount.amount_minor).sum();
        assert_eq!(
            lines,
            s.closing_balance.amount_minor - s.opening_balance.amount_minor
        );
        assert!(
            s.lines
                .windows(2)
                .all(|w| w[0].occurred_at <= w[1].occurred_at),
            "lines oldest first"
        );
        assert_eq!(s.handle, "mei");
        assert_eq!(s.display_name, "mei display");
        assert_eq!(s.currency, "TWD");
    }
    assert_eq!(s0.opening_balance.amount_minor, 0);
    assert_eq!(s0.closing_balance.amount_minor, 30_000);
    assert_eq!(s1.opening_balance, s0.closing_balance);
    assert_eq!(s2.opening_balance, s1.closing_balance);

    assert_eq!(s1.month, month1.to_string());
    assert_eq!(s1.total_earnings.amount_minor, c1 + 2_500_000);
    assert_eq!(amount(&s1.earnings, EarningSource::Templates), c1 + c2 - c2);
    assert_eq!(amount(&s1.earnings, EarningSource::Prizes), 2_500_000);
    assert_eq!(s1.payouts.amount_minor, 0);
    assert_eq!(s1.withholding.amount_minor, 0);
    assert_eq!(s1.closing_balance.amount_minor, gross);
    let kinds: Vec<TransferKind> = s1.lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [
            TransferKind::TemplateSale,
            TransferKind::Prize,
            TransferKind::TemplateSale,
            TransferKind::TemplateRefund
        ]
    );
    assert_eq!(s1.lines[0].description, "春節紅包");

    assert_eq!(s2.total_earnings.amount_minor, 1_234);
    assert_eq!(amount(&s2.earnings, EarningSource::Royalties), 1_234);
    assert_eq!(s2.payouts.amount_minor, gross);
    assert_eq!(s2.withholding.amount_minor, tax);
    assert_eq!(s2.closing_balance.amount_minor, 1_234);
    let kinds: Vec<TransferKind> = s2.lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [TransferKind::PayoutPosted, TransferKind::Royalty]);
    assert_eq!(s2.lines[0].amount.amount_minor, -gross);

    // The months, newest first, agree with the statements.
    let months: Vec<StatementMonth> = app
        .get_json("/api/v1/me/statements", &mei)
        .await
        .expect_status(200)
        .json();
    let this_month = Month::of(Utc::now());
    assert_eq!(months[0].month, this_month.to_string());
    let find = |m: Month| {
        months
            .iter()
            .find(|x| x.month == m.to_string())
            .unwrap_or_else(|| panic!("{m} missing from {months:?}"))
    };
    for s in [&s0, &s1, &s2] {
        let m = find(Month::parse(&s.month).unwrap());
        assert_eq!(m.total_earnings, s.total_earnings);
        assert_eq!(m.closing_balance, s.closing_balance);
    }
    assert_eq!(months.last().unwrap().month, month0.to_string());
    let none: Vec<StatementMonth> = app
        .get_json("/api/v1/me/statements", &app.as_member("newcomer").await)
        .await
        .expect_status(200)
        .json();
    assert!(none.is_empty());

    // The CSV: one row per line, amounts with two decimals.
    let csv = app
        .get_json(&format!("/api/v1/me/statements/{month1}/csv"), &mei)
        .await
        .expect_status(200);
    assert!(
        csv.header("content-type").unwrap().starts_with("text/csv"),
        "{:?}",
        csv.header("content-type")
    );
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains(&format!("statement-{month1}.csv"))
    );
    let text = csv.text();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "date,kind,source,description,amount");
    assert_eq!(rows.len(), 5, "{text}");
    let day = |days: i64| {
        (mid(month1, days) + Duration::hours(8))
            .format("%Y-%m-%d")
            .to_string()
    };
    assert_eq!(
        rows[1],
        format!("{},template_sale,templates,春節紅包,52.50", day(2))
    );
    assert_eq!(
        rows[2],
        format!(
            "{},prize,prizes,\"Spring challenge, 1st place\",25000.00",
            day(4)
        )
    );
    assert_eq!(
        rows[4],
        format!("{},template_refund,templates,refund,-70.00", day(6))
    );

    // The tax summary of the payout's year.
    let year = month2.year();
    let t: TaxSummary = app
        .get_json(&format!("/api/v1/me/tax-summary/{year}"), &mei)
        .await
        .expect_status(200)
        .json();
    assert_eq!(t.year, year);
    assert_eq!(t.residency, None);
    assert_eq!(t.gross_payouts.amount_minor, gross);
    assert_eq!(t.withholding.amount_minor, tax);
    assert_eq!(t.net_payouts.amount_minor, gross - tax);
    assert_eq!(t.months.len(), 12);
    let in_year: i64 = [&s0, &s1, &s2]
        .iter()
        .filter(|s| s.month.starts_with(&year.to_string()))
        .map(|s| s.total_earnings.amount_minor)
        .sum();
    assert_eq!(t.total_earnings.amount_minor, in_year);
    let by_month: i64 = t.months.iter().map(|m| m.total.amount_minor).sum();
    assert_eq!(by_month, in_year);

    // Bad months and years.
    for bad in ["2026-13", "2026-1", "1999-12", "nope"] {
        app.get_json(&format!("/api/v1/me/statements/{bad}"), &mei)
            .await
            .expect_error(422, "invalid_period");
    }
    let next = this_month.next();
    for path in [
        format!("/api/v1/me/statements/{next}"),
        format!("/api/v1/me/statements/{next}/csv"),
        format!("/api/v1/me/tax-summary/{}", this_month.year() + 1),
        "/api/v1/me/tax-summary/1999".to_owned(),
    ] {
        app.get_json(&path, &mei)
            .await
            .expect_error(422, "invalid_period");
    }
    app.get_json("/api/v1/me/tax-summary/twenty", &mei)
        .await
        .expect_error(400, "invalid_path");

    // Finance staff read the same statement; others may not.
    let finance = finance_staff(&app, "ledgerkeeper").await;
    let path = format!("/api/v1/finance/creators/{}/statements/{month1}", mei.id);
    let seen: Statement = app
        .get_json(&path, &finance)
        .await
        .expect_status(200)
        .json();
    assert_eq!(seen.lines, s1.lines);
    assert_eq!(seen.closing_balance, s1.closing_balance);
    app.get_json(&path, &other)
        .await
        .expect_error(403, "finance_required");
    app.get_json(
        &format!("/api/v1/finance/creators/{}/statements/2026-13", mei.id),
        &finance,
    )
    .await
    .expect_error(422, "invalid_period");
}
