//! The demo's templates: what `make run` shows of the marketplace.

use atelier_api::{
    DownloadLink, EntryPage, TemplateCard, TemplateDetail, TemplatePage, TokenResponse,
};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answered, Db, spawn_with};

both_databases!(the_demo_has_a_template_marketplace);

async fn the_demo_has_a_template_marketplace(db: Db) {
    let app = spawn_with(db, |s| s.demo.seed = true).await;
    let page: TemplatePage = app.get_json("/api/v1/templates", ANON).await.json();
    assert_eq!(page.items.len(), 6);
    assert!(page.items.iter().all(|c| c.thumbnail_url.is_some()));
    let creators: Vec<&str> = page
        .facets
        .creator
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert!(
        creators.contains(&"sora") && creators.contains(&"kai"),
        "{creators:?}"
    );
    assert!(!page.facets.colour.is_empty());
    assert_eq!(
        page.facets.price.iter().map(|c| c.count).sum::<u64>(),
        6,
        "{:?}",
        page.facets.price
    );

    let found: TemplatePage = app
        .get_json("/api/v1/templates?q=%E5%8C%85%E8%A3%9D", ANON) // 包裝
        .await
        .json();
    assert_eq!(found.items[0].title, "環保包裝設計模板");

    // The lantern challenge offers the poster; a lantern entry was made with it.
    let offered: Vec<TemplateCard> = app
        .get_json("/api/v1/challenges/lunar-new-year-lanterns/templates", ANON)
        .await
        .json();
    assert_eq!(offered.len(), 1);
    let poster = offered[0].id;
    assert_eq!(offered[0].uses, 1);
    let entries: EntryPage = app
        .get_json("/api/v1/challenges/lunar-new-year-lanterns/entries", ANON)
        .await
        .json();
    let rabbit = entries
        .items
        .iter()
        .find(|e| e.title == "Lantern Rabbit")
        .unwrap();
    let detail: atelier_api::EntryDetail = app
        .get_json(&format!("/api/v1/entries/{}", rabbit.id), ANON)
        .await
        .json();
    assert_eq!(detail.template.map(|t| t.id), Some(poster));

    // Staff have one to review; its creator downloads a clean SVG source.
    let login = |email: &str| {
        let app = &app;
        let email = email.to_owned();
        async move {
            let t: TokenResponse = app
                .login(&email, atelier::demo::DEMO_PASSWORD)
                .await
                .expect_status(200)
                .json();
            t.access_token
        }
    };
    let staff = login("lin@demo.atelier.test").await;
    let queue: Vec<TemplateCard> = app
        .get_json("/api/v1/staff/templates/review", &staff)
        .await
        .json();
    assert_eq!(queue.len(), 1);
    let kai = login("kai@demo.atelier.test").await;
    let eco = found.items[0].id;
    let t: TemplateDetail = app
        .get_json(&format!("/api/v1/templates/{eco}"), &kai)
        .await
        .json();
    assert!(t.can_download);
    let link: DownloadLink = app
        .post_json(
            &format!("/api/v1/templates/{eco}/files/{}/link", t.files[0].id),
            &json!({}),
            &kai,
        )
        .await
        .expect_status(200)
        .json();
    let svg = app
        .client
        .get(app.url(&link.url))
        .answer()
        .await
        .expect_status(200)
        .text();
    assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
    let me: atelier_api::Me = app
        .get_json("/api/v1/me", &login("sora@demo.atelier.test").await)
        .await
        .json();
    assert!(me.can_publish_templates, "the approved creator");

    // The demo buyer's licences (seeded by the orders demo from these
    // templates) open the sources; another template's stay closed.
    let buyer = login("yuting@demo.atelier.test").await;
    let library: Vec<atelier_api::LicenceGrant> =
        app.get_json("/api/v1/me/library", &buyer).await.json();
    let held = library.first().expect("the demo buyer holds a licence");
    let t: TemplateDetail = app
        .get_json(&format!("/api/v1/templates/{}", held.template_id), &buyer)
        .await
        .json();
    assert!(t.can_download && t.my_licence.is_some());
    app.post_json(
        &format!(
            "/api/v1/templates/{}/files/{}/link",
            t.card.id, t.files[0].id
        ),
        &json!({}),
        &buyer,
    )
    .await
    .expect_status(200);
    let other = page
        .items
        .iter()
        .find(|c| library.iter().all(|l| l.template_id != c.id))
        .unwrap();
    let t: TemplateDetail = app
        .get_json(&format!("/api/v1/templates/{}", other.id), &buyer)
        .await
        .json();
    app.post_json(
        &format!(
            "/api/v1/templates/{}/files/{}/link",
            t.card.id, t.files[0].id
        ),
        &json!({}),
        &buyer,
    )
    .await
    .expect_error(403, "licence_required");

    // Revenue share: the admin sees a balanced ledger with royalties,
    // prizes and a paid payout; creators have earnings and statements.
    let ada = login("ada@demo.atelier.test").await;
    let overview: atelier_api::FinanceOverview =
        app.get_json("/api/v1/finance/overview", &ada).await.json();
    assert!(overview.royalties_posted.amount_minor > 0, "{overview:?}");
    assert!(overview.prizes_posted.amount_minor > 0, "{overview:?}");
    assert!(overview.platform_revenue.amount_minor > 0, "{overview:?}");
    let recon: atelier_api::Reconciliation = app
        .get_json("/api/v1/finance/reconciliation", &ada)
        .await
        .json();
    assert!(recon.ok, "{recon:?}");
    let products: Vec<atelier_api::Product> =
        app.get_json("/api/v1/finance/products", &ada).await.json();
    assert_eq!(products.len(), 1, "{products:?}");
    let payouts: Vec<atelier_api::Payout> = app
        .get_json("/api/v1/finance/payouts?status=paid", &ada)
        .await
        .json();
    assert!(!payouts.is_empty(), "a paid demo payout");
    let creators: Vec<atelier_api::AccountBalance> =
        app.get_json("/api/v1/finance/creators", &ada).await.json();
    assert!(creators.len() >= 2, "{creators:?}");
    let earner = login(&format!("{}@demo.atelier.test", payouts[0].handle)).await;
    let months: Vec<atelier_api::StatementMonth> =
        app.get_json("/api/v1/me/statements", &earner).await.json();
    assert!(!months.is_empty());
}
