//! Using templates: entries made with one (uses, popularity, the template's
//! entries), challenges' templates, and the creator and staff dashboards.

use atelier_api::{EntryCard, EntryDetail, TemplateCard, TemplateDashboard, TemplatePage};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{ANON, Answer, Db, TestApp, User, entry_form, png_bytes, spawn};
use crate::templates_support::body;

both_databases!(
    entries_name_the_template_they_were_made_with,
    a_recent_use_ranks_above_an_older_one,
    challenges_offer_templates_in_staff_order,
    the_dashboard_has_every_day_and_counts_what_happened,
);

async fn submit_with(app: &TestApp, who: &User, slug: &str, template: &str) -> Answer {
    let form = entry_form("Made with a template", "lantern", png_bytes(90, 60))
        .text("template_id", template.to_owned());
    app.upload_form(
        Method::POST,
        &format!("/api/v1/challenges/{slug}/entries"),
        who,
        form,
    )
    .await
}

async fn entries_name_the_template_they_were_made_with(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 5).await;
    let expert = app.as_expert("mei").await;
    let member = app.as_member("hao").await;
    let (t, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Lantern frame", "poster", &[], 0),
            [200, 30, 30],
        )
        .await;
    let draft = app
        .create_template(&expert, &body("Unfinished", "poster", &[], 0))
        .await;
    for bad in ["abc", "999999", &draft.card.id.to_string()] {
        submit_with(&app, &member, "lanterns", bad)
            .await
            .expect_error(422, "invalid_template");
    }
    let e: EntryDetail = submit_with(&app, &member, "lanterns", &t.card.id.to_string())
        .await
        .expect_status(201)
        .json();
    let made_with = e.template.expect("the entry names its template");
    assert_eq!(
        (made_with.id, made_with.title.as_str()),
        (t.card.id, "Lantern frame")
    );
    let plain = app
        .new_entry(&member, "lanterns", "Without", png_bytes(80, 60))
        .await;
    assert_eq!(plain.template, None);
    let row = atelier::entities::template::Entity::find_by_id(t.card.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.popularity > atelier::templates::popularity::FLOOR);
    let entries: Vec<EntryCard> = app
        .get_json(&format!("/api/v1/templates/{}/entries", t.card.id), ANON)
        .await
        .expect_status(200)
        .json();
    assert_eq!(entries.iter().map(|c| c.id).collect::<Vec<_>>(), [e.id]);
    let page: TemplatePage = app.get_json("/api/v1/templates", ANON).await.json();
    assert_eq!(page.items[0].uses, 1);
    app.get_json(
        &format!("/api/v1/templates/{}/entries", draft.card.id),
        ANON,
    )
    .await
    .expect_error(404, "not_found");
}

async fn a_recent_use_ranks_above_an_older_one(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 5).await;
    let expert = app.as_expert("mei").await;
    let member = app.as_member("hao").await;
    // The older favourite is created second: the id (the tie-break) alone
    // would put it first.
    let (newer, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Newer favourite", "poster", &[], 0),
            [1, 2, 3],
        )
        .await;
    let (older, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Older favourite", "poster", &[], 0),
            [1, 2, 3],
        )
        .await;
    // Two uses sixty days ago (through the same bump the submit route uses)...
    let old_entry = app
        .new_entry(&member, "lanterns", "Old one", png_bytes(70, 60))
        .await;
    let long_ago = Utc::now() - Duration::days(60);
    for _ in 0..2 {
        atelier::templates::popularity::bump(
            &app.db,
            older.card.id,
            atelier::templates::popularity::USE_WEIGHT,
            long_ago,
        )
        .await
        .unwrap();
    }
    atelier::entities::template_use::ActiveModel {
        template_id: Set(older.card.id),
        user_id: Set(member.id),
        submission_id: Set(old_entry.id),
        created_at: Set(long_ago),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    // ...weigh less than one today.
    submit_with(&app, &member, "lanterns", &newer.card.id.to_string())
        .await
        .expect_status(201);
    let page: TemplatePage = app
        .get_json("/api/v1/templates?sort=popular", ANON)
        .await
        .json();
    let order: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(order, [newer.card.id, older.card.id]);
}

async fn challenges_offer_templates_in_staff_order(db: Db) {
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let expert = app.as_expert("mei").await;
    let (a, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Frame A", "poster", &[], 0),
            [1, 2, 3],
        )
        .await;
    let (b, _) = app
        .published_template(
            &expert,
            &staff,
            &body("Frame B", "poster", &[], 0),
            [1, 2, 3],
        )
        .await;
    let draft = app
        .create_template(&expert, &body("Frame C", "poster", &[], 0))
        .await;
    let path = "/api/v1/staff/challenges/lanterns/templates";
    app.put_json(path, &json!({"template_ids": [a.card.id]}), &expert)
        .await
        .expect_error(403, "forbidden");
    app.put_json(
        path,
        &json!({"template_ids": [a.card.id, draft.card.id]}),
        &staff,
    )
    .await
    .expect_error(422, "invalid_template");
    app.put_json(
        "/api/v1/staff/challenges/nope/templates",
        &json!({"template_ids": []}),
        &staff,
    )
    .await
    .expect_error(404, "not_found");
    let set: Vec<TemplateCard> = app
        .put_json(
            path,
            &json!({"template_ids": [b.card.id, a.card.id, b.card.id]}),
            &staff,
        )
        .await
        .expect_status(200)
        .json();
    assert_eq!(
        set.iter().map(|c| c.id).collect::<Vec<_>>(),
        [b.card.id, a.card.id]
    );
    let shown: Vec<TemplateCard> = app
        .get_json("/api/v1/challenges/lanterns/templates", ANON)
        .await
        .expect_status(200)
        .json();
    assert_eq!(shown, set);
    // An unlisted template is no longer offered.
    app.post_json(
        &format!("/api/v1/templates/{}/unlist", b.card.id),
        &json!({}),
        &expert,
    )
    .await
    .expect_status(200);
    let shown: Vec<TemplateCard> = app
        .get_json("/api/v1/challenges/lanterns/templates", ANON)
        .await
        .json();
    assert_eq!(shown.iter().map(|c| c.id).collect::<Vec<_>>(), [a.card.id]);
    let audited = app
        .audit_log(&staff)
        .await
        .items
        .into_iter()
        .any(|e| e.action == "challenge.templates" && e.subject == "challenge:lanterns");
    assert!(audited);
}

async fn the_dashboard_has_every_day_and_counts_what_happened(db: Db) {
    use atelier::entities::{order_event, template_order, template_view};
    let app = spawn(db).await;
    let staff = app.open_challenge("lanterns", 3).await;
    let expert = app.as_expert("mei").await;
    let buyer = app.as_member("hao").await;
    let (t, f) = app
        .published_template(
            &expert,
            &staff,
            &body("Poster", "poster", &[], 15_000),
            [1, 2, 3],
        )
        .await;
    let id = t.card.id;
    // Two views by others today; the creator's own do not count.
    app.template(id, Some(&buyer)).await.expect_status(200);
    app.template(id, None).await.expect_status(200);
    app.template(id, Some(&expert)).await.expect_status(200);
    let today = atelier::templates::stats::day_of(Utc::now());
    let three_days_ago = today - Duration::days(3);
    template_view::ActiveModel {
        template_id: Set(id),
        day: Set(three_days_ago.format("%Y-%m-%d").to_string()),
        views: Set(5),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let views = template_view::Entity::find()
        .filter(template_view::Column::TemplateId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(views, 2, "one row per day, counted up in place");
    // A download, a use, a sale today and a refund of an older sale.
    app.post_json(
        &format!("/api/v1/templates/{id}/files/{}/link", f.id),
        &json!({}),
        &expert,
    )
    .await
    .expect_status(200);
    submit_with(&app, &buyer, "lanterns", &id.to_string())
        .await
        .expect_status(201);
    let order = |key: &str| template_order::ActiveModel {
        buyer_id: Set(buyer.id),
        template_id: Set(id),
        licence: Set("paid_single_use".into()),
        amount_minor: Set(15_000),
        currency: Set("TWD".into()),
        method: Set("card".into()),
        provider: Set("test".into()),
        idempotency_key: Set(key.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let event = |order: i64, kind: &str, amount: i64, at| order_event::ActiveModel {
        order_id: Set(order),
        kind: Set(kind.into()),
        idempotency_key: Set(format!("order:{order}:{kind}")),
        amount_minor: Set(Some(amount)),
        created_at: Set(at),
        ..Default::default()
    };
    let sold = order("key-sold-today").insert(&app.db).await.unwrap().id;
    let refunded = order("key-refunded").insert(&app.db).await.unwrap().id;
    let ten_days_ago = Utc::now() - Duration::days(10);
    for e in [
        event(sold, "pending", 15_000, Utc::now()),
        event(sold, "paid", 15_000, Utc::now()),
        event(refunded, "paid", 15_000, ten_days_ago),
        event(refunded, "refunded", -15_000, Utc::now()),
    ] {
        e.insert(&app.db).await.unwrap();
    }

    let d: TemplateDashboard = app
        .get_json("/api/v1/me/templates/stats?days=7", &expert)
        .await
        .expect_status(200)
        .json();
    assert_eq!(d.days.len(), 7);
    assert_eq!((d.from, d.to), (today - Duration::days(6), today));
    assert!(
        d.days
            .windows(2)
            .all(|w| w[1].day == w[0].day + Duration::days(1))
    );
    let last = d.days.last().unwrap();
    assert_eq!(
        (
            last.views,
            last.downloads,
            last.uses,
            last.sales,
            last.revenue_minor
        ),
        (2, 1, 1, 1, 0),
        "today's sale and the refund of an older one cancel out"
    );
    let earlier = d.days.iter().find(|x| x.day == three_days_ago).unwrap();
    assert_eq!(earlier.views, 5);
    let quiet: u64 = d.days.iter().map(|x| x.downloads + x.uses + x.sales).sum();
    assert_eq!(quiet, 3, "nothing else on other days");
    assert_eq!(d.templates.len(), 1);
    let row = &d.templates[0];
    assert_eq!((row.views, row.sales, row.revenue_minor), (7, 1, 0));
    // The sale ten days ago is in a longer period.
    let d: TemplateDashboard = app
        .get_json("/api/v1/me/templates/stats", &expert)
        .await
        .json();
    assert_eq!(d.days.len(), 30);
    assert_eq!(d.templates[0].sales, 2);
    assert_eq!(d.templates[0].revenue_minor, 15_000);
    for bad in ["days=0", "days=367", "days=x"] {
        app.get_json(&format!("/api/v1/me/templates/stats?{bad}"), &expert)
            .await
            .expect_error(400, "invalid_query");
    }
    // Another creator sees only their own (nothing); staff see everyone's.
    let other = app.as_expert("kai").await;
    let d: TemplateDashboard = app
        .get_json("/api/v1/me/templates/stats", &other)
        .await
        .json();
    assert!(d.templates.is_empty() && d.days.iter().all(|x| x.views == 0));
    app.get_json("/api/v1/staff/templates/stats", &expert)
        .await
        .expect_error(403, "forbidden");
    let d: TemplateDashboard = app
        .get_json("/api/v1/staff/templates/stats?days=7", &staff)
        .await
        .expect_status(200)
        .json();
    assert_eq!(d.templates.len(), 1);
    assert_eq!(d.days.last().unwrap().views, 2);
}
