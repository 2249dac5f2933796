//! The catalogue: only published templates, facets counted under the other
//! filters, every sort paged by keyset (each template exactly once), and
//! text search with relevance order.

use std::collections::HashSet;

use atelier_api::{FacetCount, TemplatePage};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::both_databases;
use crate::helpers::{ANON, Db, TestApp, spawn};

both_databases!(
    facets_count_under_the_other_filters,
    every_sort_pages_through_each_template_exactly_once,
    text_search_finds_titles_descriptions_and_tags_best_first,
);

struct Row<'a> {
    title: &'a str,
    description: &'a str,
    category: &'a str,
    tags: &'a [&'a str],
    colours: &'a [&'a str],
    licence: &'a str,
    price: i64,
    status: &'a str,
    popularity: f64,
    published_days_ago: i64,
}

impl Default for Row<'_> {
    fn default() -> Self {
        Row {
            title: "Template",
            description: "A template.",
            category: "poster",
            tags: &[],
            colours: &[],
            licence: "free_personal",
            price: 0,
            status: "published",
            popularity: atelier::templates::popularity::FLOOR,
            published_days_ago: 1,
        }
    }
}

/// A template written directly (the catalogue reads rows; how they got
/// there is tested elsewhere).
async fn insert(app: &TestApp, creator: i64, r: Row<'_>) -> i64 {
    use atelier::entities::{template, template_colour, template_tag};
    let at = Utc::now() - Duration::days(r.published_days_ago);
    let t = template::ActiveModel {
        creator_id: Set(creator),
        title: Set(r.title.into()),
        description_md: Set(r.description.into()),
        category: Set(r.category.into()),
        canvas_width: Set(1080),
        canvas_height: Set(1080),
        canvas_unit: Set("px".into()),
        canvas_dpi: Set(None),
        licence: Set(r.licence.into()),
        price_minor: Set(r.price),
        currency: Set("TWD".into()),
        editor_url: Set(None),
        status: Set(r.status.into()),
        review_reason: Set(None),
        popularity: Set(r.popularity),
        colours: Set("[]".into()),
        created_at: Set(at),
        updated_at: Set(at),
        submitted_at: Set(Some(at)),
        published_at: Set((r.status != "draft").then_some(at)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    for tag in r.tags {
        template_tag::ActiveModel {
            template_id: Set(t.id),
            tag: Set((*tag).into()),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    for family in r.colours {
        template_colour::ActiveModel {
            template_id: Set(t.id),
            family: Set((*family).into()),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    t.id
}

async fn page(app: &TestApp, query: &str) -> TemplatePage {
    app.get_json(&format!("/api/v1/templates?{query}"), ANON)
        .await
        .expect_status(200)
        .json()
}

fn facet(counts: &[FacetCount]) -> Vec<(String, u64)> {
    counts.iter().map(|c| (c.value.clone(), c.count)).collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
}

async fn facets_count_under_the_other_filters(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_expert("mei").await.id;
    let kai = app.as_expert("kai").await.id;
    let paid = |price| {
        (
            if price > 0 {
                "paid_single_use"
            } else {
                "free_personal"
            },
            price,
        )
    };
    for (creator, category, tags, colours, price) in [
        (mei, "poster", &["festival", "red"][..], &["red"][..], 0),
        (
            mei,
            "poster",
            &["festival"][..],
            &["red", "yellow"][..],
            15_000,
        ),
        (mei, "packaging", &["eco"][..], &["green"][..], 50_000),
        (
            kai,
            "packaging",
            &["eco", "festival"][..],
            &["green"][..],
            0,
        ),
        (kai, "sticker", &["line"][..], &["yellow"][..], 3_000),
    ] {
        let (licence, price) = paid(price);
        insert(
            &app,
            creator,
            Row {
                category,
                tags,
                colours,
                licence,
                price,
                ..Row::default()
            },
        )
        .await;
    }
    // Not in the catalogue.
    for status in ["draft", "in_review", "rejected", "unlisted"] {
        insert(
            &app,
            mei,
            Row {
                status,
                ..Row::default()
            },
        )
        .await;
    }

    let all = page(&app, "").await;
    assert_eq!(all.items.len(), 5);
    assert_eq!(all.next_cursor, None);
    let f = &all.facets;
    assert_eq!(
        facet(&f.category),
        pairs(&[("packaging", 2), ("poster", 2), ("sticker", 1)])
    );
    assert_eq!(
        facet(&f.tag),
        pairs(&[("festival", 3), ("eco", 2), ("line", 1), ("red", 1)])
    );
    assert_eq!(
        facet(&f.colour),
        pairs(&[("green", 2), ("red", 2), ("yellow", 2)])
    );
    assert_eq!(facet(&f.price), pairs(&[("paid", 3), ("free", 2)]));
    assert_eq!(
        facet(&f.licence),
        pairs(&[("paid_single_use", 3), ("free_personal", 2)])
    );
    assert_eq!(facet(&f.creator), pairs(&[("mei", 3), ("kai", 2)]));

    // A category chosen: the other categories still count; the rest narrow.
    let posters = page(&app, "category=poster").await;
    assert_eq!(posters.items.len(), 2);
    let f = &posters.facets;
    assert_eq!(
        facet(&f.category),
        pairs(&[("packaging", 2), ("poster", 2), ("sticker", 1)])
    );
    assert_eq!(facet(&f.tag), pairs(&[("festival", 2), ("red", 1)]));
    assert_eq!(facet(&f.price), pairs(&[("free", 1), ("paid", 1)]));
    assert_eq!(facet(&f.creator), pairs(&[("mei", 2)]));

    let p = page(&app, "tag=%23Festival&price=free").await;
    assert_eq!(p.items.len(), 2);
    assert_eq!(facet(&p.facets.price), pairs(&[("free", 2), ("paid", 1)]));
    let p = page(&app, "colour=yellow&creator=kai").await;
    assert_eq!(p.items.len(), 1);
    assert_eq!(p.items[0].category, atelier_api::TemplateCategory::Sticker);
    assert_eq!(
        facet(&p.facets.colour),
        pairs(&[("green", 1), ("yellow", 1)])
    );
    let p = page(&app, "licence=paid_single_use&category=packaging").await;
    assert_eq!(p.items.len(), 1);
    assert!(page(&app, "creator=nobody").await.items.is_empty());

    for (query, code) in [
        ("colour=teal", "invalid_query"),
        ("price=cheap", "invalid_query"),
        ("limit=0", "invalid_query"),
        ("limit=49", "invalid_query"),
        ("category=mural", "invalid_query"),
        ("sort=random", "invalid_query"),
        ("cursor=not-a-cursor", "invalid_cursor"),
    ] {
        app.get_json(&format!("/api/v1/templates?{query}"), ANON)
            .await
            .expect_error(400, code);
    }
}

/// Follows `next_cursor` to the end; the ids in the order they came.
async fn walk(app: &TestApp, query: &str) -> Vec<(i64, i64, Option<chrono::DateTime<Utc>>)> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let q = match &cursor {
            Some(c) => format!("{query}&limit=2&cursor={c}"),
            None => format!("{query}&limit=2"),
        };
        let p = page(app, &q).await;
        assert!(p.items.len() <= 2);
        out.extend(
            p.items
                .iter()
                .map(|c| (c.id, c.price.amount_minor, c.published_at)),
        );
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => return out,
        }
    }
    panic!("{query}: the pages never ended");
}

async fn every_sort_pages_through_each_template_exactly_once(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_expert("mei").await.id;
    let mut ids = HashSet::new();
    // Ties on every key, so the id must break them.
    for (i, (price, popularity, days)) in [
        (0, 3.0, 1),
        (3_000, 3.0, 1),
        (3_000, 1.5, 2),
        (3_000, atelier::templates::popularity::FLOOR, 3),
        (15_000, 9.0, 3),
        (0, atelier::templates::popularity::FLOOR, 4),
        (50_000, 1.5, 1),
    ]
    .into_iter()
    .enumerate()
    {
        let licence = if price > 0 {
            "paid_multi_use"
        } else {
            "free_commercial"
        };
        let title = format!("Template {i}");
        let row = Row {
            title: &title,
            price,
            licence,
            popularity,
            published_days_ago: days,
            ..Row::default()
        };
        ids.insert(insert(&app, mei, row).await);
    }
    let popularity: std::collections::HashMap<i64, f64> =
        atelier::entities::template::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.popularity))
            .collect();
    for sort in ["popular", "newest", "price_asc", "price_desc"] {
        let got = walk(&app, &format!("sort={sort}")).await;
        let seen: Vec<i64> = got.iter().map(|g| g.0).collect();
        assert_eq!(seen.len(), ids.len(), "{sort}: {seen:?}");
        assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), ids, "{sort}");
        for w in got.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let ordered = match sort {
                "popular" => {
                    let (pa, pb) = (popularity[&a.0], popularity[&b.0]);
                    pa > pb || (pa == pb && a.0 > b.0)
                }
                "newest" => a.2 > b.2 || (a.2 == b.2 && a.0 > b.0),
                "price_asc" => a.1 < b.1 || (a.1 == b.1 && a.0 < b.0),
                _ => a.1 > b.1 || (a.1 == b.1 && a.0 > b.0),
            };
            assert!(ordered, "{sort}: {a:?} before {b:?}");
        }
    }
    // The default is popular; a filter pages the same way.
    assert_eq!(walk(&app, "").await, walk(&app, "sort=popular").await);
    let paid = walk(&app, "price=paid&sort=price_asc").await;
    assert_eq!(
        paid.iter().map(|g| g.1).collect::<Vec<_>>(),
        [3_000, 3_000, 3_000, 15_000, 50_000]
    );
    // A cursor of one sort is refused by another.
    let p = page(&app, "sort=newest&limit=2").await;
    let c = p.next_cursor.unwrap();
    app.get_json(
        &format!("/api/v1/templates?sort=price_asc&cursor={c}"),
        ANON,
    )
    .await
    .expect_error(400, "invalid_cursor");
}

async fn text_search_finds_titles_descriptions_and_tags_best_first(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_expert("mei").await.id;
    let eco = insert(
        &app,
        mei,
        Row {
            title: "環保包裝設計模板",
            category: "packaging",
            ..Row::default()
        },
    )
    .await;
    let described = insert(
        &app,
        mei,
        Row {
            title: "Tea box",
            description: "A dieline for 包裝 of oolong tea.",
            category: "packaging",
            popularity: 5.0,
            ..Row::default()
        },
    )
    .await;
    let tagged = insert(
        &app,
        mei,
        Row {
            title: "Gift wrap",
            tags: &["包裝紙"],
            category: "other",
            ..Row::default()
        },
    )
    .await;
    insert(
        &app,
        mei,
        Row {
            title: "Lantern poster",
            ..Row::default()
        },
    )
    .await;
    insert(
        &app,
        mei,
        Row {
            title: "包裝 draft",
            status: "draft",
            ..Row::default()
        },
    )
    .await;

    let p = page(&app, "q=%E5%8C%85%E8%A3%9D").await; // 包裝
    let ids: Vec<i64> = p.items.iter().map(|c| c.id).collect();
    assert_eq!(ids[0], eco, "the title match first: {ids:?}");
    assert_eq!(
        ids.iter().copied().collect::<HashSet<_>>(),
        HashSet::from([eco, described, tagged])
    );
    assert_eq!(
        facet(&p.facets.category),
        pairs(&[("packaging", 2), ("other", 1)])
    );
    // Relevance pages too.
    let first = page(&app, "q=%E5%8C%85%E8%A3%9D&limit=2").await;
    let rest = page(
        &app,
        &format!(
            "q=%E5%8C%85%E8%A3%9D&limit=2&cursor={}",
            first.next_cursor.unwrap()
        ),
    )
    .await;
    let paged: Vec<i64> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|c| c.id)
        .collect();
    assert_eq!(paged, ids);
    assert_eq!(rest.next_cursor, None);
    // With other filters and an explicit sort.
    let p = page(&app, "q=%E5%8C%85%E8%A3%9D&category=packaging&sort=popular").await;
    assert_eq!(
        p.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [described, eco]
    );
    let p = page(&app, "q=LANTERN").await;
    assert_eq!(p.items.len(), 1);
    assert!(page(&app, "q=100%25").await.items.is_empty());
}
