//! The catalogue's full-text seam: the one place the template routes ask
//! "which templates match this text" and say "this template changed".
//!
//! For now a plain SQL `LIKE` over title, description and tags, title
//! matches first, then by popularity. The full-text index (another helper's
//! `backend/src/search/`: segmentation for Traditional Chinese, typo
//! tolerance) replaces both bodies at merge, keeping the signatures.

use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{template, template_tag};
use crate::error::ApiResult;
use crate::state::AppState;

/// `q` with LIKE's wildcards and the escape character escaped.
fn like_pattern(q: &str) -> String {
    let mut out = String::from("%");
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Ids of published templates matching `q`, best first, at most `limit`.
pub async fn matching_ids(state: &AppState, q: &str, limit: usize) -> ApiResult<Vec<i64>> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = like_pattern(q);
    let lower_like = |col: template::Column| {
        Expr::expr(Func::lower(Expr::col(col)))
            .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
    };
    let tagged = Query::select()
        .column(template_tag::Column::TemplateId)
        .from(template_tag::Entity)
        .and_where(
            Expr::col(template_tag::Column::Tag)
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
        )
        .to_owned();
    let rows: Vec<(i64, String)> = template::Entity::find()
        .select_only()
        .column(template::Column::Id)
        .column(template::Column::Title)
        .filter(template::Column::Status.eq(atelier_api::TemplateStatus::Published.as_str()))
        .filter(
            Condition::any()
                .add(lower_like(template::Column::Title))
                .add(lower_like(template::Column::DescriptionMd))
                .add(template::Column::Id.in_subquery(tagged)),
        )
        .order_by_desc(template::Column::Popularity)
        .order_by_desc(template::Column::Id)
        .limit(u64::try_from(limit).unwrap_or(u64::MAX))
        .into_tuple()
        .all(&state.db)
        .await?;
    let needle = q.to_lowercase();
    let (mut in_title, rest): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(_, title)| title.to_lowercase().contains(&needle));
    in_title.extend(rest);
    Ok(in_title.into_iter().map(|(id, _)| id).collect())
}

/// Called after every write that changes a published (or formerly
/// published) template's text or status, so the index can follow. Nothing
/// to do for the SQL search; the full-text index upserts or removes here.
pub async fn changed(_state: &AppState, _template_id: i64) -> ApiResult<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_in_the_query_are_literal() {
        assert_eq!(super::like_pattern("50%_OFF\\"), "%50\\%\\_off\\\\%");
    }
}
