//! Creating, editing and deleting templates. See the module comment of
//! `templates` for what an edit of a published template does.

use atelier_api::{DEFAULT_CURRENCY, TemplateDetail, TemplateInput, TemplateStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::input::{self, Fields};
use crate::auth::CurrentUser;
use crate::entities::{
    media, template, template_file, template_licence, template_order, template_preview,
    template_tag,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

fn i32_of(v: u32) -> ApiResult<i32> {
    i32::try_from(v).map_err(ApiError::internal)
}

fn apply(am: &mut template::ActiveModel, f: &Fields) -> ApiResult<()> {
    am.title = Set(f.title.clone());
    am.description_md = Set(f.description.clone());
    am.category = Set(f.category.as_str().to_owned());
    am.canvas_width = Set(i32_of(f.canvas.width)?);
    am.canvas_height = Set(i32_of(f.canvas.height)?);
    am.canvas_unit = Set(f.canvas.unit.as_str().to_owned());
    am.canvas_dpi = Set(f.canvas.dpi.map(i32_of).transpose()?);
    am.licence = Set(f.licence.as_str().to_owned());
    am.price_minor = Set(f.price_minor);
    am.editor_url = Set(f.editor_url.clone());
    Ok(())
}

/// Replaces a template's tags.
pub async fn write_tags<C: ConnectionTrait>(db: &C, id: i64, tags: &[String]) -> ApiResult<()> {
    template_tag::Entity::delete_many()
        .filter(template_tag::Column::TemplateId.eq(id))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        template_tag::Entity::insert_many(tags.iter().map(|t| template_tag::ActiveModel {
            template_id: Set(id),
            tag: Set(t.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// A new draft by `user` (403 `not_a_creator` for those who may not publish).
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    body: TemplateInput,
) -> ApiResult<TemplateDetail> {
    super::creators::require_creator(user)?;
    let f = input::for_create(body)?;
    let now = Utc::now();
    let mut am = template::ActiveModel {
        creator_id: Set(user.id()),
        currency: Set(DEFAULT_CURRENCY.to_owned()),
        status: Set(TemplateStatus::Draft.as_str().to_owned()),
        review_reason: Set(None),
        popularity: Set(super::popularity::FLOOR),
        colours: Set("[]".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        published_at: Set(None),
        ..Default::default()
    };
    apply(&mut am, &f)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let t = am.insert(&txn).await?;
    write_tags(&txn, t.id, &f.tags).await?;
    txn.commit().await?;
    super::view::detail(&state.db, &t, Some(user)).await
}

/// Edits the given fields (creator or staff), in any status.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    body: TemplateInput,
) -> ApiResult<TemplateDetail> {
    let txn = crate::db::begin_write(&state.db).await?;
    let t = super::find_editable(&txn, id, user).await?;
    let tags_given = body.tags.is_some();
    let f = input::for_update(&t, body)?;
    let mut am: template::ActiveModel = t.into();
    apply(&mut am, &f)?;
    am.updated_at = Set(Utc::now());
    let t = am.update(&txn).await?;
    if tags_given {
        write_tags(&txn, t.id, &f.tags).await?;
    }
    txn.commit().await?;
    if super::is_public(&t) {
        super::search::changed(state, t.id).await?;
    }
    super::view::detail(&state.db, &t, Some(user)).await
}

/// Deletes a template and its previews and files. Its creator may delete it
/// while it was never published; staff also later, but no one once anybody
/// holds a licence or placed an order (409 `template_licensed`: unlist it
/// instead), which would erase what was sold.
pub async fn delete(state: &AppState, user: &CurrentUser, id: i64) -> ApiResult<()> {
    let txn = crate::db::begin_write(&state.db).await?;
    let t = super::find_editable(&txn, id, user).await?;
    if t.published_at.is_some() && !user.role.is_staff() {
        return Err(ApiError::conflict(
            "template_published",
            "a template that has been published can no longer be deleted by its creator; unlist it instead",
        ));
    }
    let licences = template_licence::Entity::find()
        .filter(template_licence::Column::TemplateId.eq(id))
        .count(&txn)
        .await?;
    let orders = template_order::Entity::find()
        .filter(template_order::Column::TemplateId.eq(id))
        .count(&txn)
        .await?;
    if licences + orders > 0 {
        return Err(ApiError::conflict(
            "template_licensed",
            "members hold licences for this template or ordered it; unlist it instead",
        ));
    }
    let previews = template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.eq(id))
        .all(&txn)
        .await?;
    let media_rows = media::Entity::find()
        .filter(media::Column::Id.is_in(previews.iter().map(|p| p.media_id)))
        .all(&txn)
        .await?;
    let files = template_file::Entity::find()
        .filter(template_file::Column::TemplateId.eq(id))
        .all(&txn)
        .await?;
    let was_public = super::is_public(&t);
    // The template's own rows go with it (foreign keys cascade); the media
    // rows of its previews are not its children, so they go explicitly.
    template::Entity::delete_by_id(id).exec(&txn).await?;
    media::Entity::delete_many()
        .filter(media::Column::Id.is_in(media_rows.iter().map(|m| m.id)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let mut keys: Vec<String> = files.into_iter().map(|f| f.file_key).collect();
    for m in media_rows {
        keys.extend([m.original_key, m.display_key, m.thumb_key]);
    }
    remove_objects(state, &keys).await;
    if was_public {
        super::search::changed(state, id).await?;
    }
    Ok(())
}

/// Removes objects no row points at any more; what fails is left to the
/// sweeper.
pub async fn remove_objects(state: &AppState, keys: &[String]) {
    for key in keys {
        if let Err(e) = state.store.delete(key).await {
            tracing::warn!(%key, error = %e, "could not remove an object; the sweeper will");
        }
    }
}
