//! Preview images: 1 to 8 per template, each through the image pipeline
//! and stored like an entry's image (a `media` row, renditions public, the
//! original private), linked by `template_previews`. The first preview's
//! dominant colours become the template's colours and colour families.

use atelier_api::{TemplatePreview, rules::TEMPLATE_PREVIEWS_MAX};
use bytes::Bytes;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entities::{media, template, template_colour, template_preview};
use crate::entries::submit::{media_row, process, put_processed};
use crate::error::{ApiError, ApiResult};
use crate::media::pipeline::{DominantColour, Processed};
use crate::state::AppState;

fn too_many() -> ApiError {
    ApiError::conflict(
        "too_many_previews",
        format!("a template has at most {TEMPLATE_PREVIEWS_MAX} preview images"),
    )
    .variant("limit")
    .arg("limit", TEMPLATE_PREVIEWS_MAX)
}

pub async fn count<C: ConnectionTrait>(db: &C, template_id: i64) -> ApiResult<u64> {
    Ok(template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.eq(template_id))
        .count(db)
        .await?)
}

/// 409 `too_many_previews` when the template has all its previews already;
/// asked before an upload is read.
pub async fn precheck<C: ConnectionTrait>(db: &C, template_id: i64) -> ApiResult<()> {
    if count(db, template_id).await? >= TEMPLATE_PREVIEWS_MAX as u64 {
        return Err(too_many());
    }
    Ok(())
}

/// Runs an uploaded image through the pipeline and adds it as the last
/// preview. Objects first, rows second; the objects go again if the rows
/// do not commit.
pub async fn add(
    state: &AppState,
    t: &template::Model,
    image: Bytes,
) -> ApiResult<TemplatePreview> {
    let p = process(state, image).await?;
    add_processed(state, t, &p).await
}

/// Adds an image the pipeline already processed (an uploaded preview, or
/// an SVG source's rasterisation).
pub async fn add_processed(
    state: &AppState,
    t: &template::Model,
    p: &Processed,
) -> ApiResult<TemplatePreview> {
    let keys = put_processed(state.store.as_ref(), p).await?;
    let written = async {
        let txn = crate::db::begin_write(&state.db).await?;
        // Asked again inside the write, the template locked: two uploads at
        // once may both have passed the pre-check.
        super::lock(&txn, t.id).await?;
        precheck(&txn, t.id).await?;
        let m = media_row(t.creator_id, p, &keys)?.insert(&txn).await?;
        let last: Option<i32> = template_preview::Entity::find()
            .select_only()
            .column_as(template_preview::Column::Position.max(), "m")
            .filter(template_preview::Column::TemplateId.eq(t.id))
            .into_tuple::<Option<i32>>()
            .one(&txn)
            .await?
            .flatten();
        let row = template_preview::ActiveModel {
            template_id: Set(t.id),
            media_id: Set(m.id),
            position: Set(last.map_or(0, |l| l + 1)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        refresh_colours(&txn, t.id).await?;
        touch(&txn, t.id).await?;
        txn.commit().await?;
        Ok::<_, ApiError>(super::view::preview_view(&row, &m))
    };
    match written.await {
        Ok(v) => Ok(v),
        Err(e) => {
            let keys = [keys.original, keys.display, keys.thumb];
            super::service::remove_objects(state, &keys).await;
            Err(e)
        }
    }
}

/// Removes a preview and its images. A template in review or published
/// keeps at least one (409 `last_preview`).
pub async fn remove(state: &AppState, t: &template::Model, preview_id: i64) -> ApiResult<()> {
    let txn = crate::db::begin_write(&state.db).await?;
    super::lock(&txn, t.id).await?;
    let row = template_preview::Entity::find_by_id(preview_id)
        .filter(template_preview::Column::TemplateId.eq(t.id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such preview"))?;
    if count(&txn, t.id).await? <= 1
        && !matches!(
            super::status_of(t),
            atelier_api::TemplateStatus::Draft | atelier_api::TemplateStatus::Rejected
        )
    {
        return Err(ApiError::conflict(
            "last_preview",
            "a template in review or published keeps at least one preview",
        ));
    }
    let m = media::Entity::find_by_id(row.media_id).one(&txn).await?;
    template_preview::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    if let Some(m) = &m {
        media::Entity::delete_by_id(m.id).exec(&txn).await?;
    }
    refresh_colours(&txn, t.id).await?;
    touch(&txn, t.id).await?;
    txn.commit().await?;
    if let Some(m) = m {
        super::service::remove_objects(state, &[m.original_key, m.display_key, m.thumb_key]).await;
    }
    Ok(())
}

async fn touch<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<()> {
    template::Entity::update_many()
        .col_expr(
            template::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now()),
        )
        .filter(template::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The template's colours and colour families from its first preview
/// (none without one).
pub async fn refresh_colours<C: ConnectionTrait>(db: &C, template_id: i64) -> ApiResult<()> {
    let first = template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.eq(template_id))
        .order_by_asc(template_preview::Column::Position)
        .order_by_asc(template_preview::Column::Id)
        .one(db)
        .await?;
    let colours: Vec<DominantColour> = match first {
        Some(p) => media::Entity::find_by_id(p.media_id)
            .one(db)
            .await?
            .and_then(|m| serde_json::from_str(&m.colours).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let hexes: Vec<&str> = colours.iter().map(|c| c.hex.as_str()).collect();
    let families =
        super::colour_family::families(colours.iter().map(|c| (c.hex.as_str(), c.share)));
    template::Entity::update_many()
        .col_expr(
            template::Column::Colours,
            sea_orm::sea_query::Expr::value(
                serde_json::to_string(&hexes).map_err(ApiError::internal)?,
            ),
        )
        .filter(template::Column::Id.eq(template_id))
        .exec(db)
        .await?;
    template_colour::Entity::delete_many()
        .filter(template_colour::Column::TemplateId.eq(template_id))
        .exec(db)
        .await?;
    if !families.is_empty() {
        template_colour::Entity::insert_many(families.iter().map(|f| {
            template_colour::ActiveModel {
                template_id: Set(template_id),
                family: Set((*f).to_owned()),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}
