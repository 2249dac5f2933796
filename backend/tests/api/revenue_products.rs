//! Products and their sales: royalties split among co-creators by largest
//! remainder, imports that are refused whole with every bad line listed,
//! the same figures posting once, corrections reversing and re-posting, and
//! concurrent identical imports posting one royalty.

use atelier::entities::{product_sale, product_sales_import};
use atelier_api::{Product, SalesImportErrors, SalesImportResult};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{Db, TestApp, User, spawn};
use crate::revenue_support::{
    agreement, assert_balanced, audit_actions, balance, finance, lines, post_csv, product,
    transfer, transfer_count, transfers,
};

both_databases!(
    products_are_created_with_their_agreement_by_finance,
    three_co_creators_split_100_minor_units_34_33_33,
    a_csv_with_bad_lines_posts_nothing_and_lists_every_bad_line,
    the_same_csv_twice_posts_once_and_a_correction_reverses_and_reposts,
    csv_files_are_read_as_utf8_within_limits,
);

async fn sale_rows(app: &TestApp) -> u64 {
    product_sale::Entity::find().count(&app.db).await.unwrap()
}

async fn import_rows(app: &TestApp) -> u64 {
    product_sales_import::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

fn sales(lines: &[(&str, &str, i64, i64)]) -> Value {
    json!({"lines": lines.iter().map(|(code, period, units, net)| json!({
        "product_code": code, "period": period, "units": units,
        "net_sales": {"amount_minor": net, "currency": "TWD"},
    })).collect::<Vec<_>>()})
}

async fn import(app: &TestApp, who: &User, body: &Value) -> SalesImportResult {
    app.post_json("/api/v1/finance/product-sales", body, who)
        .await
        .expect_status(200)
        .json()
}

async fn products_are_created_with_their_agreement_by_finance(db: Db) {
    let app = spawn(db).await;
    let fin = finance(&app, "fin").await;
    let staff = app.as_staff("lin").await;
    let a = app.as_member("ana").await;
    let b = app.as_member("bob").await;
    let body = json!({
        "code": "LANTERN-2026", "name": "Rabbit lantern", "name_zh": "兔子燈籠",
        "agreement": agreement(800, &[(a.id, 2), (b.id, 1)]),
    });
    app.post_json("/api/v1/finance/products", &body, &staff)
        .await
        .expect_error(403, "finance_required");
    let p: Product = app
        .post_json("/api/v1/finance/products", &body, &fin)
        .await
        .expect_status(201)
        .json();
    assert_eq!(p.code, "LANTERN-2026");
    assert_eq!(p.name_zh.as_deref(), Some("兔子燈籠"));
    assert_eq!(p.currency, "TWD");
    assert_eq!(p.royalties.amount_minor, 0);
    let ag = p.agreement.clone().expect("the agreement is in force");
    assert_eq!(ag.share_bp, 800);
    assert_eq!(
        ag.parties
            .iter()
            .map(|x| (x.handle.as_str(), x.weight))
            .collect::<Vec<_>>(),
        vec![("ana", 2), ("bob", 1)]
    );
    let audit = audit_actions(&app).await;
    assert_eq!(audit[0].0, "product.create");

    app.post_json("/api/v1/finance/products", &body, &fin)
        .await
        .expect_error(409, "code_taken");
    for (patch, code) in [
        (json!({"code": "lantern"}), "invalid_product_code"),
        (json!({"code": ""}), "invalid_product_code"),
        (json!({"name": "  "}), "invalid_product_name"),
        (json!({"currency": "twd"}), "invalid_currency"),
        (json!({"challenge_id": 999_999}), "unknown_challenge"),
        (json!({"submission_id": 999_999}), "unknown_submission"),
        (
            json!({"agreement": agreement(800, &[(a.id, 1), (a.id, 1)])}),
            "invalid_parties",
        ),
    ] {
        let mut b2 = body.clone();
        b2["code"] = json!("OTHER-1");
        for (k, v) in patch.as_object().unwrap() {
            b2[k] = v.clone();
        }
        app.post_json("/api/v1/finance/products", &b2, &fin)
            .await
            .expect_error(422, code);
    }

    let list: Vec<Product> = app
        .get_json("/api/v1/finance/products", &fin)
        .await
        .expect_status(200)
        .json();
    assert_eq!(list, vec![p.clone()]);
    let one: Product = app
        .get_json(&format!("/api/v1/finance/products/{}", p.id), &fin)
        .await
        .expect_status(200)
        .json();
    assert_eq!(one, p);
    app.get_json("/api/v1/finance/products/999999", &fin)
        .await
        .expect_error(404, "not_found");
    app.get_json("/api/v1/finance/products", &staff)
        .await
        .expect_error(403, "finance_required");

    // A new agreement supersedes from its start.
    let newer = app
        .put_json(
            &format!("/api/v1/finance/products/{}/agreement", p.id),
            &json!({"share_bp": 1000, "parties": [{"user_id": b.id, "weight": 1}]}),
            &fin,
        )
        .await
        .expect_status(200)
        .json::<atelier_api::Agreement>();
    let one: Product = app
        .get_json(&format!("/api/v1/finance/products/{}", p.id), &fin)
        .await
        .json();
    assert_eq!(one.agreement, Some(newer));
    assert_eq!(audit_actions(&app).await[0].0, "agreement.product");
}

async fn three_co_creators_split_100_minor_units_34_33_33(db: Db) {
    let app = spawn(db).await;
    let fin = finance(&app, "fin").await;
    let (a, b, c) = (
        app.as_member("ana").await,
        app.as_member("bob").await,
        app.as_member("cyd").await,
    );
    let p = product(
        &app,
        &fin,
        "TRIO",
        10_000,
        &[(a.id, 1), (b.id, 1), (c.id, 1)],
    )
    .await;
    let r = import(&app, &fin, &sales(&[("TRIO", "2026-10", 1, 100)])).await;
    assert_eq!(r.lines.len(), 1);
    assert_eq!(r.lines[0].outcome, "posted");
    assert_eq!(r.lines[0].revision, 1);
    assert_eq!(r.lines[0].royalties.amount_minor, 100);
    let t = transfer(&app, &format!("royalty:{}:2026-10:r1", p.id))
        .await
        .unwrap();
    assert_eq!(t.kind, "royalty");
    assert_eq!(t.source, format!("product:{}:2026-10", p.id));
    let mut l = lines(&app, t.id).await;
    l.sort_by_key(|(k, o, _)| (k.clone(), *o));
    assert_eq!(
        l,
        vec![
            ("brand_receivable".into(), 0, 100),
            ("creator_payable".into(), a.id, -34),
            ("creator_payable".into(), b.id, -33),
            ("creator_payable".into(), c.id, -33),
        ]
    );
    assert_eq!(
        (
            balance(&app, a.id).await,
            balance(&app, b.id).await,
            balance(&app, c.id).await
        ),
        (34, 33, 33)
    );
    let p: Product = app
        .get_json(&format!("/api/v1/finance/products/{}", p.id), &fin)
        .await
        .json();
    assert_eq!(p.royalties.amount_minor, 100);
    assert_eq!(audit_actions(&app).await[0].0, "product_sales.import");
    assert_balanced(&app).await;
}

async fn a_csv_with_bad_lines_posts_nothing_and_lists_every_bad_line(db: Db) {
    let app = spawn(db).await;
    let fin = finance(&app, "fin").await;
    let a = app.as_member("ana").await;
    product(&app, &fin, "LAMP", 1000, &[(a.id, 1)]).await;
    let csv = "product_code,period,units,net_sales,currency\n\
               LAMP,2026-03,10,1000.00,TWD\n\
               NOPE,2026-03,1,10,TWD\n\
               \n\
               LAMP,2026-13,1,10,TWD\n\
               LAMP,2026-04,1,12.345,TWD\n\
               LAMP,2026-05,1,10,USD\n\
               LAMP,2026-03,2,20,TWD\n\
               LAMP,2025-12,1,10,TWD\n\
               LAMP,2026-06,,10,TWD\n\
               LAMP,2026-07,1,10,TWD,extra\n";
    let before = audit_actions(&app).await.len();
    let answer = post_csv(&app, &fin, csv).await;
    answer.expect_error(422, "invalid_sales");
    let errors: SalesImportErrors = answer.json();
    let got: Vec<(u32, &str, &str)> = errors
        .lines
        .iter()
        .map(|l| (l.line, l.field.as_str(), l.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "product_code", "unknown_product"),
            (5, "period", "invalid_period"),
            (6, "net_sales", "invalid_amount"),
            (7, "currency", "currency_mismatch"),
            (8, "period", "duplicate_line"),
            (9, "period", "outside_term"),
            (10, "units", "missing_field"),
            (11, "currency", "extra_field"),
        ]
    );
    assert!(errors.lines.iter().all(|l| !l.message.is_empty()));
    // Nothing was written: no sales, no import, no transfer, no audit.
    assert_eq!(sale_rows(&app).await, 0);
    assert_eq!(import_rows(&app).await, 0);
    assert_eq!(transfer_count(&app).await, 0);
    assert_eq!(audit_actions(&app).await.len(), before);

    // The same by JSON (a product without any agreement at all, too).
    let bare = atelier::entities::product::ActiveModel {
        code: sea_orm::Set("BARE".into()),
        name: sea_orm::Set("No agreement".into()),
        name_zh: sea_orm::Set(None),
        challenge_id: sea_orm::Set(None),
        submission_id: sea_orm::Set(None),
        currency: sea_orm::Set("TWD".into()),
        created_by: sea_orm::Set(fin.id),
        created_at: sea_orm::Set(chrono::Utc::now()),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::insert(bare, &app.db)
        .await
        .unwrap();
    let answer = app
        .post_json(
            "/api/v1/finance/product-sales",
            &sales(&[("LAMP", "2026-03", 1, 100), ("BARE", "2026-03", 1, -5)]),
            &fin,
        )
        .await;
    answer.expect_error(422, "invalid_sales");
    let errors: SalesImportErrors = answer.json();
    let got: Vec<(u32, &str)> = errors
        .lines
        .iter()
        .map(|l| (l.line, l.code.as_str()))
        .collect();
    assert_eq!(got, vec![(2, "invalid_amount"), (2, "no_agreement")]);
    assert_eq!(transfer_count(&app).await, 0);
    // In Chinese, the same codes with Chinese messages.
    let zh = app
        .request(reqwest::Method::POST, "/api/v1/finance/product-sales", &fin)
        .header("accept-language", "zh-TW")
        .json(&sales(&[("NOPE", "2026-03", 1, 100)]))
        .send()
        .await
        .unwrap();
    assert_eq!(zh.status(), 422);
    let body: Value = zh.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_sales");
    assert_eq!(body["lines"][0]["code"], "unknown_product");
    assert!(
        body["lines"][0]["message"]
            .as_str()
            .unwrap()
            .contains("產品"),
        "{body}"
    );
}

async fn the_same_csv_twice_posts_once_and_a_correction_reverses_and_reposts(db: Db) {
    let app = spawn(db).await;
    let fin = finance(&app, "fin").await;
    let (a, b) = (app.as_member("ana").await, app.as_member("bob").await);
    let p = product(&app, &fin, "LAMP", 800, &[(a.id, 2), (b.id, 1)]).await;
    let csv = "\u{feff}product_code,period,units,net_sales,currency\r\n\
               LAMP,2026-09,120,12345.50,TWD\r\n\
               LAMP,2026-10,80,8000,TWD\r\n";
    let first: SalesImportResult = post_csv(&app, &fin, csv).await.expect_status(200).json();
    let outcomes: Vec<(u32, &str, i32)> = first
        .lines
        .iter()
        .map(|l| (l.line, l.outcome.as_str(), l.revision))
        .collect();
    assert_eq!(outcomes, vec![(2, "posted", 1), (3, "posted", 1)]);
    // 8 % of 1,234,550 = 98,764 -> 65,843 / 32,921; of 800,000 = 64,000 -> 42,667 / 21,333.
    assert_eq!(first.lines[0].royalties.amount_minor, 98_764);
    assert_eq!(first.lines[1].royalties.amount_minor, 64_000);
    assert_eq!(balance(&app, a.id).await, 65_843 + 42_667);
    assert_eq!(balance(&app, b.id).await, 32_921 + 21_333);
    let audit = audit_actions(&app).await;
    assert_eq!(audit[0].0, "product_sales.import_csv");
    assert!(audit[0].1.contains("sales.csv"), "{}", audit[0].1);

    // The same file again: nothing posted.
    let count = transfer_count(&app).await;
    let again: SalesImportResult = post_csv(&app, &fin, csv).await.expect_status(200).json();
    assert!(again.lines.iter().all(|l| l.outcome == "unchanged"));
    assert!(again.lines.iter().all(|l| l.royalties.amount_minor == 0));
    assert_eq!(transfer_count(&app).await, count);
    assert_eq!(sale_rows(&app).await, 2);

    // October corrected: its royalty reversed, the new one posted.
    let fixed = "product_code,period,units,net_sales,currency\n\
                 LAMP,2026-09,120,12345.50,TWD\n\
                 LAMP,2026-10,81,8100.00,TWD\n";
    let third: SalesImportResult = post_csv(&app, &fin, fixed).await.expect_status(200).json();
    assert_eq!(third.lines[0].outcome, "unchanged");
    assert_eq!(third.lines[1].outcome, "corrected");
    assert_eq!(third.lines[1].revision, 2);
    // 8 % of 810,000 = 64,800: 800 more than before.
    assert_eq!(third.lines[1].royalties.amount_minor, 800);
    let r1 = transfer(&app, &format!("royalty:{}:2026-10:r1", p.id))
        .await
        .unwrap();
    let reversal = transfer(&app, &format!("royalty:{}:2026-10:r1:reversal", p.id))
        .await
        .unwrap();
    assert_eq!(reversal.kind, "royalty_reversal");
    assert_eq!(reversal.reverses_id, Some(r1.id));
    let r2 = transfer(&app, &format!("royalty:{}:2026-10:r2", p.id))
        .await
        .unwrap();
    assert_eq!(r2.amount_minor, 64_800);
    assert_eq!(balance(&app, a.id).await, 65_843 + 43_200);
    assert_eq!(balance(&app, b.id).await, 32_921 + 21_600);
    assert_eq!(transfers(&app, "royalty:").await.len(), 4);
    assert_eq!(sale_rows(&app).await, 3);
    // The corrected file once more: unchanged.
    let fourth: SalesImportResult = post_csv(&app, &fin, fixed).await.expect_status(200).json();
    assert!(fourth.lines.iter().all(|l| l.outcome == "unchanged"));
    assert_eq!(transfers(&app, "royalty:").await.len(), 4);
    let p: Product = app
        .get_json(&format!("/api/v1/finance/products/{}", p.id), &fin)
        .await
        .json();
    assert_eq!(p.royalties.amount_minor, 98_764 + 64_800);
    assert_balanced(&app).await;
}

async fn csv_files_are_read_as_utf8_within_limits(db: Db) {
    let app = spawn(db).await;
    let fin = finance(&app, "fin").await;
    let member = app.as_member("hao").await;
    let a = app.as_member("ana").await;
    product(&app, &fin, "LAMP", 800, &[(a.id, 1)]).await;
    let header = "product_code,period,units,net_sales,currency\n";

    post_csv(&app, &member, format!("{header}LAMP,2026-10,1,1,TWD\n"))
        .await
        .expect_error(403, "finance_required");
    post_csv(
        &app,
        &fin,
        b"product_code,period,units,net_sales,currency\nLAMP,2026-10,1,1\xff,TWD\n".to_vec(),
    )
    .await
    .expect_error(422, "invalid_csv");
    post_csv(&app, &fin, "code,month,units\nLAMP,2026-10,1\n")
        .await
        .expect_error(422, "invalid_csv");
    post_csv(&app, &fin, header)
        .await
        .expect_error(422, "empty_import");
    let many: String = (0..10_001)
        .map(|i| format!("LAMP,{}-{:02},1,1,TWD\n", 2000 + i / 12, i % 12 + 1))
        .collect();
    post_csv(&app, &fin, format!("{header}{many}"))
        .await
        .expect_error(422, "too_many_lines");
    post_csv(&app, &fin, vec![b'a'; 5 * 1024 * 1024 + 1])
        .await
        .expect_error(413, "payload_too_large");
    let wrong_type = app
        .request(
            reqwest::Method::POST,
            "/api/v1/finance/product-sales/csv",
            &fin,
        )
        .header("content-type", "application/json")
        .body(format!("{header}LAMP,2026-10,1,1,TWD\n"))
        .send()
        .await
        .unwrap();
    crate::helpers::assert_error(wrong_type, 415, "csv_required").await;
    let json_as_text = app
        .request(reqwest::Method::POST, "/api/v1/finance/product-sales", &fin)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    crate::helpers::assert_error(json_as_text, 415, "unsupported_media_type").await;
    app.post_json(
        "/api/v1/finance/product-sales",
        &json!({"lines": "no"}),
        &fin,
    )
    .await
    .expect_error(400, "invalid_json");
    app.post_json("/api/v1/finance/product-sales", &json!({"lines": []}), &fin)
        .await
        .expect_error(422, "empty_import");
    assert_eq!(transfer_count(&app).await, 0);
    // Quoted fields and trailing empty columns are fine.
    let r: SalesImportResult = post_csv(
        &app,
        &fin,
        "product_code,period,units,net_sales,currency,,\n\"LAMP\",\"2026-10\",3,\"300.5\",TWD,,\n",
    )
    .await
    .expect_status(200)
    .json();
    assert_eq!(r.lines[0].line, 2);
    assert_eq!(r.lines[0].royalties.amount_minor, 2404); // 8 % of 30,050
}

/// PostgreSQL: fifty identical imports at once post one royalty.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_identical_imports_post_one_royalty_postgres() {
    let app = spawn(Db::Postgres).await;
    let fin = finance(&app, "fin").await;
    let (a, b) = (app.as_member("ana").await, app.as_member("bob").await);
    let p = product(&app, &fin, "RUSH", 1000, &[(a.id, 1), (b.id, 1)]).await;
    let body = sales(&[
        ("RUSH", "2026-10", 50, 1_000_000),
        ("RUSH", "2026-11", 5, 1_001),
    ]);
    let answers = futures::future::join_all((0..50).map(|_| {
        let (app, fin, body) = (&app, &fin, &body);
        async move {
            app.post_json("/api/v1/finance/product-sales", body, fin)
                .await
        }
    }))
    .await;
    let mut posted = 0;
    for a in &answers {
        assert_eq!(a.status, 200, "{}", a.text());
        let r: SalesImportResult = a.json();
        let outcomes: Vec<&str> = r.lines.iter().map(|l| l.outcome.as_str()).collect();
        match outcomes.as_slice() {
            ["posted", "posted"] => posted += 1,
            ["unchanged", "unchanged"] => {}
            other => panic!("unexpected outcomes {other:?}"),
        }
    }
    assert_eq!(posted, 1);
    assert_eq!(transfers(&app, "royalty:").await.len(), 2);
    assert_eq!(sale_rows(&app).await, 2);
    // 10 % of 1,000,000 and of 1,001 (100.1 -> 100), halved.
    assert_eq!(balance(&app, a.id).await, 50_000 + 50);
    assert_eq!(balance(&app, b.id).await, 50_000 + 50);
    assert!(
        transfer(&app, &format!("royalty:{}:2026-10:r2", p.id))
            .await
            .is_none()
    );
    assert_balanced(&app).await;
}
