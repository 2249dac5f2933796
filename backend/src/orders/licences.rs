//! Licences: taking a free template, and the library of licences a member
//! holds (live and revoked).

use std::collections::HashMap;

use atelier_api::{LicenceGrant, LicenceKind, TemplateStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::CurrentUser;
use crate::entities::{media, template, template_licence, template_preview};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::templates::popularity;

/// Licences a member's library shows at most (newest first).
pub const LIBRARY_LIMIT: u64 = 500;

/// A template is free when its price is 0 (its licence is then a free one).
pub fn is_free(t: &template::Model) -> bool {
    t.price_minor == 0
}

/// The unique key of a member's free licence for a template.
pub fn free_key(user_id: i64, template_id: i64) -> String {
    format!("free:{user_id}:{template_id}")
}

/// A published template, or 404.
pub async fn published<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<template::Model> {
    template::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|t| t.status == TemplateStatus::Published.as_str())
        .ok_or_else(|| ApiError::not_found("no such template"))
}

/// `POST /templates/{id}/licence`: records the caller's licence for a free,
/// published template; the same grant again on a repeat (also when repeats
/// race: the grant key is unique). The first grant counts toward the
/// template's popularity. Answers the grant and whether it is new.
pub async fn take_free(
    db: &DatabaseConnection,
    user: &CurrentUser,
    template_id: i64,
) -> ApiResult<(LicenceGrant, bool)> {
    let t = published(db, template_id).await?;
    if t.creator_id == user.id() {
        return Err(ApiError::conflict(
            "own_template",
            "this is your own template; you can download it already",
        ));
    }
    if !is_free(&t) {
        return Err(ApiError::conflict(
            "template_not_free",
            "this template is not free; buy it with POST /api/v1/orders",
        ));
    }
    let key = free_key(user.id(), t.id);
    if let Some(existing) = by_key(db, &key).await? {
        return Ok((grant_view(db, existing).await?, false));
    }
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let inserted = template_licence::ActiveModel {
        user_id: Set(user.id()),
        template_id: Set(t.id),
        licence: Set(t.licence.clone()),
        order_id: Set(None),
        grant_key: Set(key.clone()),
        granted_at: Set(now),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => {
            // A concurrent request granted it first.
            drop(txn);
            let existing = by_key(db, &key)
                .await?
                .ok_or_else(|| ApiError::internal(e))?;
            return Ok((grant_view(db, existing).await?, false));
        }
        Err(e) => return Err(e.into()),
    };
    popularity::bump(&txn, t.id, popularity::FREE_LICENCE_WEIGHT, now).await?;
    txn.commit().await?;
    Ok((grant_view(db, row).await?, true))
}

async fn by_key<C: ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<Option<template_licence::Model>, DbErr> {
    template_licence::Entity::find()
        .filter(template_licence::Column::GrantKey.eq(key))
        .one(db)
        .await
}

async fn grant_view<C: ConnectionTrait>(
    db: &C,
    row: template_licence::Model,
) -> ApiResult<LicenceGrant> {
    grant_views(db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a licence without its view")))
}

/// The first preview's thumbnail of each template.
async fn thumbnails<C: ConnectionTrait>(
    db: &C,
    template_ids: &[i64],
) -> Result<HashMap<i64, String>, DbErr> {
    let previews = template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.is_in(template_ids.iter().copied()))
        .order_by_asc(template_preview::Column::Position)
        .order_by_asc(template_preview::Column::Id)
        .all(db)
        .await?;
    let mut first: HashMap<i64, i64> = HashMap::new();
    for p in &previews {
        first.entry(p.template_id).or_insert(p.media_id);
    }
    let keys: HashMap<i64, String> = media::Entity::find()
        .select_only()
        .column(media::Column::Id)
        .column(media::Column::ThumbKey)
        .filter(media::Column::Id.is_in(first.values().copied()))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(first
        .into_iter()
        .filter_map(|(t, m)| {
            keys.get(&m)
                .map(|k| (t, crate::entries::read::media_url(k)))
        })
        .collect())
}

/// Views of licence rows, in their order.
pub async fn grant_views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<template_licence::Model>,
) -> Result<Vec<LicenceGrant>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|r| r.template_id).collect();
    let titles: HashMap<i64, String> = template::Entity::find()
        .select_only()
        .column(template::Column::Id)
        .column(template::Column::Title)
        .filter(template::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let thumbs = thumbnails(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| LicenceGrant {
            id: r.id,
            template_id: r.template_id,
            template_title: titles.get(&r.template_id).cloned().unwrap_or_default(),
            thumbnail_url: thumbs.get(&r.template_id).cloned(),
            licence: LicenceKind::parse(&r.licence).unwrap_or(LicenceKind::FreePersonal),
            order_id: r.order_id,
            granted_at: r.granted_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

/// `GET /me/library`: the member's licences, live and revoked, newest first.
pub async fn library<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<LicenceGrant>, DbErr> {
    let rows = template_licence::Entity::find()
        .filter(template_licence::Column::UserId.eq(user_id))
        .order_by_desc(template_licence::Column::GrantedAt)
        .order_by_desc(template_licence::Column::Id)
        .limit(LIBRARY_LIMIT)
        .all(db)
        .await?;
    grant_views(db, rows).await
}

/// Whether `user_id` holds a live licence for the template.
pub async fn holds<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    template_id: i64,
) -> Result<bool, DbErr> {
    Ok(
        crate::templates::access::live_licence(db, user_id, template_id)
            .await?
            .is_some(),
    )
}
