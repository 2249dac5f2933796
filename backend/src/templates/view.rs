//! Rows into API shapes: catalogue cards (built for many templates at once,
//! a few queries in all) and a template's page.

use std::collections::HashMap;

use atelier_api::{
    DEFAULT_CURRENCY, LicenceKind, Money, Role, SourceFormat, TemplateCard, TemplateCategory,
    TemplateCreator, TemplateDetail, TemplateFile, TemplatePreview,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::input::canvas_of;
use crate::auth::CurrentUser;
use crate::entities::{
    media, template, template_download, template_file, template_preview, template_tag,
    template_use, user,
};
use crate::error::ApiResult;
use crate::users::service::role_of;

fn media_url(key: &str) -> String {
    format!("/api/v1/media/{key}")
}

fn dim(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

pub fn creator_of(u: &user::Model) -> TemplateCreator {
    TemplateCreator {
        handle: u.handle.clone(),
        display_name: u.display_name.clone(),
        expert: role_of(u) == Role::Expert,
    }
}

pub fn price_of(t: &template::Model) -> Money {
    Money {
        amount_minor: t.price_minor,
        currency: if t.currency.is_empty() {
            DEFAULT_CURRENCY.to_owned()
        } else {
            t.currency.clone()
        },
    }
}

/// Each template's tags, in alphabetical order.
pub async fn tags_by_template<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for t in template_tag::Entity::find()
        .filter(template_tag::Column::TemplateId.is_in(ids.iter().copied()))
        .order_by_asc(template_tag::Column::Tag)
        .all(db)
        .await?
    {
        out.entry(t.template_id).or_default().push(t.tag);
    }
    Ok(out)
}

/// Each template's previews with their media, in position order.
pub async fn previews_by_template<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<(template_preview::Model, media::Model)>>> {
    let mut out: HashMap<i64, Vec<(template_preview::Model, media::Model)>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let previews = template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.is_in(ids.iter().copied()))
        .order_by_asc(template_preview::Column::Position)
        .order_by_asc(template_preview::Column::Id)
        .all(db)
        .await?;
    let media: HashMap<i64, media::Model> = media::Entity::find()
        .filter(media::Column::Id.is_in(previews.iter().map(|p| p.media_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    for p in previews {
        if let Some(m) = media.get(&p.media_id) {
            out.entry(p.template_id).or_default().push((p, m.clone()));
        }
    }
    Ok(out)
}

/// How many entries were made with each template.
pub async fn uses_by_template<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> ApiResult<HashMap<i64, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = template_use::Entity::find()
        .select_only()
        .column(template_use::Column::TemplateId)
        .column_as(template_use::Column::Id.count(), "n")
        .filter(template_use::Column::TemplateId.is_in(ids.iter().copied()))
        .group_by(template_use::Column::TemplateId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Cards for `rows`, in their order.
pub async fn cards<C: ConnectionTrait>(
    db: &C,
    rows: &[template::Model],
) -> ApiResult<Vec<TemplateCard>> {
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let creators: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|t| t.creator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut tags = tags_by_template(db, &ids).await?;
    let previews = previews_by_template(db, &ids).await?;
    let uses = uses_by_template(db, &ids).await?;
    Ok(rows
        .iter()
        .filter_map(|t| {
            let creator = creators.get(&t.creator_id)?;
            let first = previews.get(&t.id).and_then(|p| p.first());
            Some(card(
                t,
                creator,
                tags.remove(&t.id).unwrap_or_default(),
                first.map(|(_, m)| m),
                uses.get(&t.id).copied().unwrap_or(0),
            ))
        })
        .collect())
}

fn card(
    t: &template::Model,
    creator: &user::Model,
    tags: Vec<String>,
    first_preview: Option<&media::Model>,
    uses: u64,
) -> TemplateCard {
    TemplateCard {
        id: t.id,
        title: t.title.clone(),
        category: TemplateCategory::parse(&t.category).unwrap_or(TemplateCategory::Other),
        tags,
        creator: creator_of(creator),
        licence: LicenceKind::parse(&t.licence).unwrap_or(LicenceKind::FreePersonal),
        price: price_of(t),
        status: super::status_of(t),
        thumbnail_url: first_preview.map(|m| media_url(&m.thumb_key)),
        thumbnail_width: first_preview.map_or(0, |m| dim(m.thumb_width)),
        thumbnail_height: first_preview.map_or(0, |m| dim(m.thumb_height)),
        uses,
        published_at: t.published_at,
    }
}

pub fn file_view(f: &template_file::Model) -> TemplateFile {
    TemplateFile {
        id: f.id,
        file_name: f.file_name.clone(),
        format: SourceFormat::parse(&f.format).unwrap_or(SourceFormat::Zip),
        bytes: u64::try_from(f.bytes).unwrap_or(0),
        created_at: f.created_at,
    }
}

pub fn preview_view(p: &template_preview::Model, m: &media::Model) -> TemplatePreview {
    TemplatePreview {
        id: p.id,
        position: u32::try_from(p.position).unwrap_or(0),
        url: media_url(&m.display_key),
        width: dim(m.display_width),
        height: dim(m.display_height),
        thumbnail_url: media_url(&m.thumb_key),
    }
}

/// A template's page as `viewer` sees it (the caller checked they may).
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    t: &template::Model,
    viewer: Option<&CurrentUser>,
) -> ApiResult<TemplateDetail> {
    let card = cards(db, std::slice::from_ref(t))
        .await?
        .pop()
        .ok_or_else(|| crate::error::ApiError::not_found("no such template"))?;
    let previews = previews_by_template(db, &[t.id])
        .await?
        .remove(&t.id)
        .unwrap_or_default();
    let files = template_file::Entity::find()
        .filter(template_file::Column::TemplateId.eq(t.id))
        .order_by_asc(template_file::Column::Id)
        .all(db)
        .await?;
    let downloads = template_download::Entity::find()
        .filter(template_download::Column::TemplateId.eq(t.id))
        .count(db)
        .await?;
    let can_edit = viewer.is_some_and(|v| super::may_edit(t, v));
    let licence = match viewer {
        Some(v) => super::access::live_licence(db, v.id(), t.id).await?,
        None => None,
    };
    let my_licence = licence
        .as_ref()
        .and_then(|l| LicenceKind::parse(&l.licence));
    let can_download = can_edit || licence.is_some();
    Ok(TemplateDetail {
        card,
        description: t.description_md.clone(),
        description_html: crate::challenges::markdown::render(&t.description_md),
        canvas: canvas_of(t),
        previews: previews.iter().map(|(p, m)| preview_view(p, m)).collect(),
        files: files.iter().map(file_view).collect(),
        colours: serde_json::from_str(&t.colours).unwrap_or_default(),
        editor_url: t.editor_url.clone().filter(|_| can_download),
        review_reason: t.review_reason.clone().filter(|_| can_edit),
        can_download,
        can_edit,
        my_licence,
        downloads,
        created_at: t.created_at,
        updated_at: t.updated_at,
    })
}
