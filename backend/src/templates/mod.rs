//! The template marketplace: templates, their previews and private source
//! files, review, the catalogue, uses in entries and the creator dashboard.
//! Orders and licences are in `crate::orders`.
//!
//! A template goes draft -> in_review -> published or rejected (with a
//! reason its creator sees) -> unlisted and back. What a marketplace user
//! expects of edits, and so what the rules are:
//! - Text, tags, canvas, previews and files may be edited in every status;
//!   a published template stays published (staff approved the template,
//!   not one spelling of its description) and the search index is told.
//! - Price and licence changes apply to new orders and free licences only:
//!   an order copies both when it is made, and a licence once granted keeps
//!   the licence kind it was granted under.
//!
//! Files: `service` (create, edit, delete), `review` (the status flow and
//! the staff queue), `previews` and `files` (uploads), `svg` (sanitising and
//! rasterising SVG sources), `download` (signed links), `catalogue`,
//! `search` (the full-text seam), `uses` (entries made with a template,
//! challenges' templates), `stats` (views and the dashboard), `view` (API
//! shapes), `input` (validation), `creators`, `colour_family`, and the
//! routes in `routes`, `routes_files` and `routes_market`.

pub mod access;
pub mod catalogue;
pub mod colour_family;
pub mod creators;
pub mod download;
pub mod files;
pub mod input;
pub mod popularity;
pub mod previews;
pub mod review;
pub mod routes;
pub mod routes_files;
pub mod routes_market;
pub mod search;
pub mod service;
pub mod stats;
pub mod svg;
pub mod uses;
pub mod view;

use atelier_api::TemplateStatus;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::auth::CurrentUser;
use crate::entities::template;
use crate::error::{ApiError, ApiResult};

/// The status stored in a row (an unknown value reads as a draft).
pub fn status_of(t: &template::Model) -> TemplateStatus {
    TemplateStatus::parse(&t.status).unwrap_or(TemplateStatus::Draft)
}

/// Published and unlisted templates are public to anyone with the id.
pub fn is_public(t: &template::Model) -> bool {
    matches!(
        status_of(t),
        TemplateStatus::Published | TemplateStatus::Unlisted
    )
}

/// Its creator and staff may edit a template.
pub fn may_edit(t: &template::Model, user: &CurrentUser) -> bool {
    user.role.is_staff() || t.creator_id == user.id()
}

/// Whether `viewer` may see the template at all.
pub fn may_view(t: &template::Model, viewer: Option<&CurrentUser>) -> bool {
    is_public(t) || viewer.is_some_and(|v| may_edit(t, v))
}

fn not_found() -> ApiError {
    ApiError::not_found("no such template")
}

/// The row, or 404.
pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<template::Model> {
    template::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)
}

/// The row if `user` may edit it: 404 when they may not even see it, 403
/// when they may see but not edit it.
pub async fn find_editable<C: ConnectionTrait>(
    db: &C,
    id: i64,
    user: &CurrentUser,
) -> ApiResult<template::Model> {
    let t = find(db, id).await?;
    if may_edit(&t, user) {
        Ok(t)
    } else if is_public(&t) {
        Err(ApiError::forbidden(
            "only the template's creator and staff may change it",
        ))
    } else {
        Err(not_found())
    }
}

/// The row if `viewer` may see it, else 404.
pub async fn find_visible<C: ConnectionTrait>(
    db: &C,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> ApiResult<template::Model> {
    let t = find(db, id).await?;
    if may_view(&t, viewer) {
        Ok(t)
    } else {
        Err(not_found())
    }
}

/// Locks the template's row for the rest of the write transaction, so
/// writes that count its previews or files before adding one take turns
/// (`FOR UPDATE` on PostgreSQL; SQLite's write transaction already holds
/// the database).
pub async fn lock<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<()> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT id FROM templates WHERE id = $1 FOR UPDATE",
            [id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// 409 `template_status`: the template is not in a status that allows this.
pub fn wrong_status(t: &template::Model, what: &str) -> ApiError {
    let status = status_of(t).as_str();
    ApiError::conflict(
        "template_status",
        format!("the template is {status}; {what}"),
    )
}
