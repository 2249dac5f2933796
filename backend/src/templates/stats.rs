//! Views and the dashboard. Days are Taiwan's (Asia/Taipei, UTC+8 all year:
//! Taiwan has kept no daylight saving time since 1979), so "today" for a
//! creator in Taipei starts at their midnight.
//!
//! A view is one `GET /templates/{id}` of a published or unlisted template
//! by anyone but its creator, counted per template and day in
//! `template_views` with an insert-or-increment both databases do in one
//! statement. Downloads are download links issued, uses entries made with
//! the template, sales `paid` order events (revenue their amounts), and a
//! `refunded` event takes its amount off the revenue of the day it happened.

use std::collections::HashMap;

use atelier_api::{TemplateCard, TemplateDashboard, TemplateDay, TemplateStatsRow};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use crate::entities::{
    order_event, template, template_download, template_order, template_use, template_view,
};
use crate::error::{ApiError, ApiResult};

/// Default and largest period of the dashboard, in days.
pub const DAYS_DEFAULT: u32 = 30;
pub const DAYS_MAX: u32 = 366;
/// Templates listed on the staff dashboard (the most active first).
pub const STAFF_ROWS: usize = 100;

pub fn taipei() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!("UTC+8 is a valid offset"))
}

/// The Taiwan day of an instant.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&taipei()).date_naive()
}

/// The instant a Taiwan day starts.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    taipei()
        .from_local_datetime(&midnight)
        .single()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// One more view of the template today.
pub async fn record_view<C: ConnectionTrait>(db: &C, template_id: i64) -> ApiResult<()> {
    let day = day_of(Utc::now()).format("%Y-%m-%d").to_string();
    let insert = Query::insert()
        .into_table(template_view::Entity)
        .columns([
            template_view::Column::TemplateId,
            template_view::Column::Day,
            template_view::Column::Views,
        ])
        .values_panic([template_id.into(), day.into(), 1i64.into()])
        .on_conflict(
            OnConflict::columns([
                template_view::Column::TemplateId,
                template_view::Column::Day,
            ])
            .value(
                template_view::Column::Views,
                Expr::col((template_view::Entity, template_view::Column::Views)).add(1),
            )
            .to_owned(),
        )
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

/// The period `days` long ending today, checked (400 `invalid_query`).
pub fn period(days: Option<u32>) -> ApiResult<(NaiveDate, NaiveDate)> {
    let days = days.unwrap_or(DAYS_DEFAULT);
    if !(1..=DAYS_MAX).contains(&days) {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("days must be 1-{DAYS_MAX}"),
        ));
    }
    let to = day_of(Utc::now());
    Ok((to - Duration::days(i64::from(days) - 1), to))
}

#[derive(Default, Clone, Copy)]
struct Tally {
    views: u64,
    downloads: u64,
    uses: u64,
    sales: u64,
    revenue: i64,
}

/// The dashboard of `creator`'s templates (every template for staff with
/// `None`), from `from` to `to` inclusive.
pub async fn dashboard<C: ConnectionTrait>(
    db: &C,
    creator: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
) -> ApiResult<TemplateDashboard> {
    // A creator's templates, all of them; for staff, those the period saw
    // anything happen to (read once the tallies are known).
    let templates = match creator {
        Some(creator) => {
            template::Entity::find()
                .filter(template::Column::CreatorId.eq(creator))
                .order_by_desc(template::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let ids: Vec<i64> = templates.iter().map(|t| t.id).collect();
    let (start, end) = (start_of(from), start_of(to + Duration::days(1)));
    let mut by_day: HashMap<NaiveDate, Tally> = HashMap::new();
    let mut by_template: HashMap<i64, Tally> = HashMap::new();
    let mut add = |id: i64, day: NaiveDate, f: &dyn Fn(&mut Tally)| {
        f(by_day.entry(day).or_default());
        f(by_template.entry(id).or_default());
    };
    let only: Option<&[i64]> = creator.map(|_| ids.as_slice());
    let views: Vec<(i64, String, i64)> = template_view::Entity::find()
        .select_only()
        .columns([
            template_view::Column::TemplateId,
            template_view::Column::Day,
            template_view::Column::Views,
        ])
        .apply_if(only, |q, ids| {
            q.filter(template_view::Column::TemplateId.is_in(ids.iter().copied()))
        })
        .filter(template_view::Column::Day.gte(from.format("%Y-%m-%d").to_string()))
        .filter(template_view::Column::Day.lte(to.format("%Y-%m-%d").to_string()))
        .into_tuple()
        .all(db)
        .await?;
    for (id, day, n) in views {
        if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            let n = u64::try_from(n).unwrap_or(0);
            add(id, day, &|t| t.views += n);
        }
    }
    let downloads: Vec<(i64, DateTime<Utc>)> = template_download::Entity::find()
        .select_only()
        .columns([
            template_download::Column::TemplateId,
            template_download::Column::CreatedAt,
        ])
        .apply_if(only, |q, ids| {
            q.filter(template_download::Column::TemplateId.is_in(ids.iter().copied()))
        })
        .filter(template_download::Column::CreatedAt.gte(start))
        .filter(template_download::Column::CreatedAt.lt(end))
        .into_tuple()
        .all(db)
        .await?;
    for (id, at) in downloads {
        add(id, day_of(at), &|t| t.downloads += 1);
    }
    let uses: Vec<(i64, DateTime<Utc>)> = template_use::Entity::find()
        .select_only()
        .columns([
            template_use::Column::TemplateId,
            template_use::Column::CreatedAt,
        ])
        .apply_if(only, |q, ids| {
            q.filter(template_use::Column::TemplateId.is_in(ids.iter().copied()))
        })
        .filter(template_use::Column::CreatedAt.gte(start))
        .filter(template_use::Column::CreatedAt.lt(end))
        .into_tuple()
        .all(db)
        .await?;
    for (id, at) in uses {
        add(id, day_of(at), &|t| t.uses += 1);
    }
    let events = order_event::Entity::find()
        .filter(order_event::Column::Kind.is_in(["paid", "refunded"]))
        .filter(order_event::Column::CreatedAt.gte(start))
        .filter(order_event::Column::CreatedAt.lt(end))
        .apply_if(only, |q, ids| {
            q.filter(
                order_event::Column::OrderId.in_subquery(
                    template_order::Entity::find()
                        .select_only()
                        .column(template_order::Column::Id)
                        .filter(template_order::Column::TemplateId.is_in(ids.iter().copied()))
                        .into_query(),
                ),
            )
        })
        .all(db)
        .await?;
    let orders: HashMap<i64, (i64, i64)> = template_order::Entity::find()
        .filter(template_order::Column::Id.is_in(events.iter().map(|e| e.order_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, (o.template_id, o.amount_minor)))
        .collect();
    for e in events {
        let Some(&(id, amount)) = orders.get(&e.order_id) else {
            continue;
        };
        let value = e.amount_minor.unwrap_or(amount).abs();
        if e.kind == "paid" {
            add(id, day_of(e.created_at), &|t| {
                t.sales += 1;
                t.revenue += value;
            });
        } else {
            add(id, day_of(e.created_at), &|t| t.revenue -= value);
        }
    }
    let days = (0..=(to - from).num_days())
        .map(|i| {
            let day = from + Duration::days(i);
            let t = by_day.get(&day).copied().unwrap_or_default();
            TemplateDay {
                day,
                views: t.views,
                downloads: t.downloads,
                uses: t.uses,
                sales: t.sales,
                revenue_minor: t.revenue,
            }
        })
        .collect();
    let listed: Vec<template::Model> = match creator {
        Some(_) => templates,
        None => {
            let mut active: Vec<template::Model> = template::Entity::find()
                .filter(template::Column::Id.is_in(by_template.keys().copied()))
                .all(db)
                .await?;
            let key = |t: &template::Model| {
                let s = by_template.get(&t.id).copied().unwrap_or_default();
                (s.revenue, s.sales, s.uses, s.downloads, s.views)
            };
            active.sort_by(|a, b| key(b).cmp(&key(a)).then(b.id.cmp(&a.id)));
            active.truncate(STAFF_ROWS);
            active
        }
    };
    let cards: Vec<TemplateCard> = super::view::cards(db, &listed).await?;
    let templates = listed
        .iter()
        .zip(cards)
        .map(|(t, card)| {
            let s = by_template.get(&t.id).copied().unwrap_or_default();
            TemplateStatsRow {
                template: card,
                review_reason: t.review_reason.clone(),
                views: s.views,
                downloads: s.downloads,
                uses: s.uses,
                sales: s.sales,
                revenue_minor: s.revenue,
            }
        })
        .collect();
    Ok(TemplateDashboard {
        from,
        to,
        days,
        templates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taiwan_days_start_at_taipei_midnight() {
        let before = Utc.with_ymd_and_hms(2026, 3, 1, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 1, 16, 0, 0).unwrap();
        assert_eq!(day_of(before), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(day_of(after), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(start_of(day_of(after)), after);
    }

    #[test]
    fn the_period_ends_today_and_is_bounded() {
        let (from, to) = period(Some(7)).unwrap();
        assert_eq!((to - from).num_days(), 6);
        assert_eq!(to, day_of(Utc::now()));
        assert!(period(Some(0)).is_err());
        assert!(period(Some(367)).is_err());
        assert_eq!(period(None).map(|(f, t)| (t - f).num_days()).unwrap(), 29);
    }
}
