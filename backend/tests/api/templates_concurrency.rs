//! Concurrency on PostgreSQL with real concurrent requests: the preview
//! limit holds when uploads race, and concurrent views are all counted.

use futures::future::join_all;

use crate::helpers::{Db, spawn, spawn_with};
use crate::templates_support::{body, solid_png};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_preview_uploads_never_pass_the_limit() {
    // Room for every upload at once: the limit under test is the template's.
    let app = spawn_with(Db::Postgres, |s| s.media.max_concurrent_uploads = 32).await;
    let expert = app.as_expert("mei").await;
    let t = app
        .create_template(&expert, &body("Raced", "poster", &[], 0))
        .await;
    for i in 0..4u8 {
        app.add_preview(&expert, t.card.id, solid_png(24, 24, [i, 0, 0]))
            .await
            .expect_status(201);
    }
    let answers = join_all((0..10u8).map(|i| {
        let (app, expert) = (&app, &expert);
        async move {
            app.add_preview(expert, t.card.id, solid_png(24, 24, [0, i, 0]))
                .await
        }
    }))
    .await;
    let created = answers.iter().filter(|a| a.status == 201).count();
    let refused: Vec<_> = answers.iter().filter(|a| a.status != 201).collect();
    assert_eq!(created, 4, "{refused:?}");
    assert!(
        refused
            .iter()
            .all(|a| a.error_code() == "too_many_previews"),
        "{refused:?}"
    );
    let detail: atelier_api::TemplateDetail = app.template(t.card.id, Some(&expert)).await.json();
    assert_eq!(detail.previews.len(), 8);
    let mut positions: Vec<u32> = detail.previews.iter().map(|p| p.position).collect();
    positions.dedup();
    assert_eq!(positions.len(), 8, "each preview has its own place");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_are_all_counted() {
    let app = spawn(Db::Postgres).await;
    let staff = app.as_staff("lin").await;
    let expert = app.as_expert("mei").await;
    let (t, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Viewed", "poster", &[], 0),
            [1, 2, 3],
        )
        .await;
    let answers = join_all((0..30).map(|_| app.template(t.card.id, None))).await;
    assert!(answers.iter().all(|a| a.status == 200));
    let d: atelier_api::TemplateDashboard = app
        .get_json("/api/v1/me/templates/stats?days=1", &expert)
        .await
        .json();
    assert_eq!(d.days[0].views, 30);
}
