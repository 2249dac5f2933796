//! The catalogue, `GET /templates`: published templates, filtered by
//! category, tag, colour family, free or paid, licence and creator, and by
//! text (`q`, through `search::matching_ids`); sorted by popularity,
//! newest, or price, with keyset pages under an opaque cursor (base64 of
//! the sort key and the id, so a page never shifts when templates are
//! added); with `q` and no sort, in the order of relevance. Each facet
//! counts the templates under every filter but its own, so choosing a
//! category still shows how many there are in the others.

use std::collections::HashMap;

use atelier_api::{
    COLOUR_FAMILIES, FacetCount, TemplateFacets, TemplatePage, TemplateQuery, TemplateSort,
    TemplateStatus,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use serde::{Deserialize, Serialize};

use crate::entities::{template, template_colour, template_tag, user};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Default and largest page.
pub const PAGE_DEFAULT: u32 = 24;
pub const PAGE_MAX: u32 = 48;
/// Most matches of a text search considered (the best ones).
pub const SEARCH_MAX: usize = 1000;
/// Values listed for the tag and creator facets.
const TOP: u64 = 20;

/// Which facet a filter belongs to (left out when counting that facet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    None,
    Category,
    Tag,
    Colour,
    Price,
    Licence,
    Creator,
}

/// The filters of one request, checked.
struct Filters {
    ids: Option<Vec<i64>>,
    category: Option<String>,
    tag: Option<String>,
    colour: Option<String>,
    paid: Option<bool>,
    licence: Option<String>,
    /// `Some(None)`: a creator handle nobody has (matches nothing).
    creator: Option<Option<i64>>,
}

fn bad_query(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_query", message)
}

fn bad_cursor() -> ApiError {
    ApiError::bad_request("invalid_cursor", "the cursor is not valid for this listing")
}

impl Filters {
    fn condition(&self, skip: Facet) -> Condition {
        let mut c =
            Condition::all().add(template::Column::Status.eq(TemplateStatus::Published.as_str()));
        if let Some(ids) = &self.ids {
            c = c.add(template::Column::Id.is_in(ids.iter().copied()));
        }
        if let (Some(v), true) = (&self.category, skip != Facet::Category) {
            c = c.add(template::Column::Category.eq(v.as_str()));
        }
        if let (Some(v), true) = (&self.tag, skip != Facet::Tag) {
            c = c.add(
                template::Column::Id.in_subquery(
                    Query::select()
                        .column(template_tag::Column::TemplateId)
                        .from(template_tag::Entity)
                        .and_where(Expr::col(template_tag::Column::Tag).eq(v.as_str()))
                        .to_owned(),
                ),
            );
        }
        if let (Some(v), true) = (&self.colour, skip != Facet::Colour) {
            c = c.add(
                template::Column::Id.in_subquery(
                    Query::select()
                        .column(template_colour::Column::TemplateId)
                        .from(template_colour::Entity)
                        .and_where(Expr::col(template_colour::Column::Family).eq(v.as_str()))
                        .to_owned(),
                ),
            );
        }
        if let (Some(paid), true) = (self.paid, skip != Facet::Price) {
            c = c.add(if paid {
                template::Column::PriceMinor.gt(0)
            } else {
                template::Column::PriceMinor.eq(0)
            });
        }
        if let (Some(v), true) = (&self.licence, skip != Facet::Licence) {
            c = c.add(template::Column::Licence.eq(v.as_str()));
        }
        if let (Some(creator), true) = (self.creator, skip != Facet::Creator) {
            c = c.add(template::Column::CreatorId.eq(creator.unwrap_or(-1)));
        }
        c
    }

    /// `SELECT id FROM templates WHERE <every filter but skip>`.
    fn ids_query(&self, skip: Facet) -> SelectStatement {
        template::Entity::find()
            .select_only()
            .column(template::Column::Id)
            .filter(self.condition(skip))
            .into_query()
    }
}

/// Where the previous page ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "s", rename_all = "snake_case")]
enum Cursor {
    /// The popularity's bit pattern: a decimal rendering of a float need
    /// not read back as the same float, and the key must match exactly.
    Popular {
        k: u64,
        i: i64,
    },
    Newest {
        k: DateTime<Utc>,
        i: i64,
    },
    PriceAsc {
        k: i64,
        i: i64,
    },
    PriceDesc {
        k: i64,
        i: i64,
    },
    /// Position in the relevance order.
    Relevance {
        r: usize,
        i: i64,
    },
}

impl Cursor {
    fn encode(&self) -> ApiResult<String> {
        Ok(URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).map_err(ApiError::internal)?))
    }

    fn decode(s: &str) -> ApiResult<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad_cursor())?;
        serde_json::from_slice(&bytes).map_err(|_| bad_cursor())
    }

    fn of(sort: Option<TemplateSort>, t: &template::Model, rank: usize) -> Cursor {
        match sort {
            Some(TemplateSort::Popular) => Cursor::Popular {
                k: t.popularity.to_bits(),
                i: t.id,
            },
            Some(TemplateSort::Newest) => Cursor::Newest {
                k: t.published_at.unwrap_or(t.created_at),
                i: t.id,
            },
            Some(TemplateSort::PriceAsc) => Cursor::PriceAsc {
                k: t.price_minor,
                i: t.id,
            },
            Some(TemplateSort::PriceDesc) => Cursor::PriceDesc {
                k: t.price_minor,
                i: t.id,
            },
            None => Cursor::Relevance { r: rank, i: t.id },
        }
    }
}

async fn filters(state: &AppState, q: &TemplateQuery) -> ApiResult<Filters> {
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let ids = match text {
        Some(text) => Some(super::search::matching_ids(state, text, SEARCH_MAX).await?),
        None => None,
    };
    let colour = match q.colour.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if COLOUR_FAMILIES.contains(&c) => Some(c.to_owned()),
        Some(c) => {
            return Err(bad_query(format!(
                "colour must be one of {}, not {c:?}",
                COLOUR_FAMILIES.join(", ")
            )));
        }
        None => None,
    };
    let paid = match q.price.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("free") => Some(false),
        Some("paid") => Some(true),
        Some(other) => {
            return Err(bad_query(format!(
                "price must be free or paid, not {other:?}"
            )));
        }
    };
    let creator = match q
        .creator
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(handle) => Some(
            user::Entity::find()
                .filter(user::Column::Handle.eq(handle.to_lowercase()))
                .one(&state.db)
                .await?
                .map(|u| u.id),
        ),
        None => None,
    };
    Ok(Filters {
        ids,
        category: q.category.map(|c| c.as_str().to_owned()),
        tag: q
            .tag
            .as_deref()
            .map(atelier_api::rules::normalize_tag)
            .filter(|t| !t.is_empty()),
        colour,
        paid,
        licence: q.licence.map(|l| l.as_str().to_owned()),
        creator,
    })
}

/// One page of the catalogue with its facets.
pub async fn page(state: &AppState, q: &TemplateQuery) -> ApiResult<TemplatePage> {
    let limit = q.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(bad_query(format!("limit must be 1-{PAGE_MAX}")));
    }
    let f = filters(state, q).await?;
    // Relevance only where there is a text to be relevant to.
    let sort = match (q.sort, &f.ids) {
        (Some(s), _) => Some(s),
        (None, Some(_)) => None,
        (None, None) => Some(TemplateSort::Popular),
    };
    let cursor = q.cursor.as_deref().map(Cursor::decode).transpose()?;
    let db = &state.db;
    let (rows, more, rank0) = match sort {
        Some(sort) => {
            let (rows, more) = sorted_page(db, &f, sort, cursor, limit).await?;
            (rows, more, 0)
        }
        None => relevance_page(db, &f, cursor, limit).await?,
    };
    let next_cursor = match (more, rows.last()) {
        (true, Some(last)) => Some(Cursor::of(sort, last, rank0 + rows.len() - 1).encode()?),
        _ => None,
    };
    let items = super::view::cards(db, &rows).await?;
    let facets = facets(db, &f).await?;
    Ok(TemplatePage {
        items,
        next_cursor,
        facets,
    })
}

async fn sorted_page<C: ConnectionTrait>(
    db: &C,
    f: &Filters,
    sort: TemplateSort,
    cursor: Option<Cursor>,
    limit: u32,
) -> ApiResult<(Vec<template::Model>, bool)> {
    use template::Column as C;
    let mut find = template::Entity::find().filter(f.condition(Facet::None));
    // After the cursor: strictly beyond its key, or at its key beyond its id.
    let after = |col: C, desc: bool, k: sea_orm::Value, i: i64| {
        let (beyond, id_beyond) = if desc {
            (Expr::col(col).lt(k.clone()), C::Id.lt(i))
        } else {
            (Expr::col(col).gt(k.clone()), C::Id.gt(i))
        };
        Condition::any()
            .add(beyond)
            .add(Condition::all().add(Expr::col(col).eq(k)).add(id_beyond))
    };
    find = match (sort, cursor) {
        (_, None) => find,
        (TemplateSort::Popular, Some(Cursor::Popular { k, i })) => {
            find.filter(after(C::Popularity, true, f64::from_bits(k).into(), i))
        }
        (TemplateSort::Newest, Some(Cursor::Newest { k, i })) => {
            find.filter(after(C::PublishedAt, true, k.into(), i))
        }
        (TemplateSort::PriceAsc, Some(Cursor::PriceAsc { k, i })) => {
            find.filter(after(C::PriceMinor, false, k.into(), i))
        }
        (TemplateSort::PriceDesc, Some(Cursor::PriceDesc { k, i })) => {
            find.filter(after(C::PriceMinor, true, k.into(), i))
        }
        _ => return Err(bad_cursor()),
    };
    find = match sort {
        TemplateSort::Popular => find.order_by_desc(C::Popularity).order_by_desc(C::Id),
        TemplateSort::Newest => find.order_by_desc(C::PublishedAt).order_by_desc(C::Id),
        TemplateSort::PriceAsc => find.order_by_asc(C::PriceMinor).order_by_asc(C::Id),
        TemplateSort::PriceDesc => find.order_by_desc(C::PriceMinor).order_by_desc(C::Id),
    };
    let mut rows = find.limit(u64::from(limit) + 1).all(db).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok((rows, more))
}

/// Relevance: the search's order, kept for the templates that pass the
/// other filters; the cursor is the position of the last one shown.
async fn relevance_page<C: ConnectionTrait>(
    db: &C,
    f: &Filters,
    cursor: Option<Cursor>,
    limit: u32,
) -> ApiResult<(Vec<template::Model>, bool, usize)> {
    let order = f.ids.clone().unwrap_or_default();
    let passing: HashMap<i64, template::Model> = template::Entity::find()
        .filter(f.condition(Facet::None))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let ranked: Vec<i64> = order
        .into_iter()
        .filter(|id| passing.contains_key(id))
        .collect();
    let start = match cursor {
        None => 0,
        Some(Cursor::Relevance { r, i }) if ranked.get(r) == Some(&i) => r + 1,
        // The order moved under the cursor (an edit, a new template): find
        // the last one shown again, or refuse.
        Some(Cursor::Relevance { i, .. }) => {
            ranked
                .iter()
                .position(|id| *id == i)
                .ok_or_else(bad_cursor)?
                + 1
        }
        Some(_) => return Err(bad_cursor()),
    };
    let end = (start + limit as usize).min(ranked.len());
    let rows = ranked[start.min(end)..end]
        .iter()
        .filter_map(|id| passing.get(id).cloned())
        .collect();
    Ok((rows, end < ranked.len(), start))
}

fn counts(rows: Vec<(String, i64)>) -> Vec<FacetCount> {
    let mut out: Vec<FacetCount> = rows
        .into_iter()
        .map(|(value, n)| FacetCount {
            value,
            count: u64::try_from(n).unwrap_or(0),
        })
        .filter(|c| c.count > 0)
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}

async fn group_count<C: ConnectionTrait>(
    db: &C,
    f: &Filters,
    skip: Facet,
    column: template::Column,
) -> ApiResult<Vec<FacetCount>> {
    let rows: Vec<(String, i64)> = template::Entity::find()
        .select_only()
        .column(column)
        .column_as(template::Column::Id.count(), "n")
        .filter(f.condition(skip))
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts(rows))
}

async fn facets<C: ConnectionTrait>(db: &C, f: &Filters) -> ApiResult<TemplateFacets> {
    let tag: Vec<(String, i64)> = template_tag::Entity::find()
        .select_only()
        .column(template_tag::Column::Tag)
        .column_as(template_tag::Column::TemplateId.count(), "n")
        .filter(template_tag::Column::TemplateId.in_subquery(f.ids_query(Facet::Tag)))
        .group_by(template_tag::Column::Tag)
        .order_by_desc(Expr::col(sea_orm::sea_query::Alias::new("n")))
        .order_by_asc(template_tag::Column::Tag)
        .limit(TOP)
        .into_tuple()
        .all(db)
        .await?;
    let colour: Vec<(String, i64)> = template_colour::Entity::find()
        .select_only()
        .column(template_colour::Column::Family)
        .column_as(template_colour::Column::TemplateId.count(), "n")
        .filter(template_colour::Column::TemplateId.in_subquery(f.ids_query(Facet::Colour)))
        .group_by(template_colour::Column::Family)
        .into_tuple()
        .all(db)
        .await?;
    let creators: Vec<(i64, i64)> = template::Entity::find()
        .select_only()
        .column(template::Column::CreatorId)
        .column_as(template::Column::Id.count(), "n")
        .filter(f.condition(Facet::Creator))
        .group_by(template::Column::CreatorId)
        .order_by_desc(Expr::col(sea_orm::sea_query::Alias::new("n")))
        .order_by_asc(template::Column::CreatorId)
        .limit(TOP)
        .into_tuple()
        .all(db)
        .await?;
    let handles: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(creators.iter().map(|(id, _)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.handle))
        .collect();
    let creator = creators
        .into_iter()
        .filter_map(|(id, n)| Some((handles.get(&id)?.clone(), n)))
        .collect();
    let mut price = Vec::new();
    for (name, paid) in [("free", false), ("paid", true)] {
        let n = template::Entity::find()
            .filter(f.condition(Facet::Price))
            .filter(if paid {
                template::Column::PriceMinor.gt(0)
            } else {
                template::Column::PriceMinor.eq(0)
            })
            .count(db)
            .await?;
        price.push((name.to_owned(), i64::try_from(n).unwrap_or(i64::MAX)));
    }
    Ok(TemplateFacets {
        category: group_count(db, f, Facet::Category, template::Column::Category).await?,
        tag: counts(tag),
        colour: counts(colour),
        price: counts(price),
        licence: group_count(db, f, Facet::Licence, template::Column::Licence).await?,
        creator: counts(creator),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        for c in [
            Cursor::Popular {
                k: (-1_234.567_890_123_456_7f64).to_bits(),
                i: 9,
            },
            Cursor::Newest {
                k: Utc::now(),
                i: 3,
            },
            Cursor::PriceAsc { k: 15_000, i: 1 },
            Cursor::Relevance { r: 47, i: 12 },
        ] {
            assert_eq!(Cursor::decode(&c.encode().unwrap()).unwrap(), c);
        }
        for junk in ["", "!!", "eyJzIjoibm9wZSJ9"] {
            assert_eq!(Cursor::decode(junk).unwrap_err().code, "invalid_cursor");
        }
    }
}
