//! Who may read a template's private sources: a holder of a live licence,
//! its creator, and staff.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::template_licence;

/// The caller's live (not revoked) licence for the template, if any.
pub async fn live_licence<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    template_id: i64,
) -> Result<Option<template_licence::Model>, DbErr> {
    template_licence::Entity::find()
        .filter(template_licence::Column::UserId.eq(user_id))
        .filter(template_licence::Column::TemplateId.eq(template_id))
        .filter(template_licence::Column::RevokedAt.is_null())
        .limit(1)
        .one(db)
        .await
}
