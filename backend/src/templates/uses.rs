//! Using templates: an entry names the template it was made with (a use,
//! which counts toward popularity and the creator's share), a template's
//! page lists the entries made with it, and staff attach templates to a
//! challenge ("design on these").

use std::collections::HashSet;

use atelier_api::{EntryCard, EntryStatus, TemplateCard, TemplateRef, TemplateStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::auth::{CurrentUser, MaybeUser};
use crate::entities::{challenge, challenge_template, submission, template, template_use};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Entries listed on a template's page.
pub const ENTRIES_SHOWN: u64 = 24;
/// Most templates one challenge offers.
pub const CHALLENGE_TEMPLATES_MAX: usize = 12;

fn invalid_template() -> ApiError {
    ApiError::validation("the template must be a published template").code("invalid_template")
}

/// The `template_id` of an entry form: empty is none; anything but a
/// published template's id is 422 `invalid_template`.
pub async fn usable<C: ConnectionTrait>(db: &C, raw: &str) -> ApiResult<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let id: i64 = raw.parse().map_err(|_| invalid_template())?;
    published(db, id).await.map(|t| Some(t.id))
}

async fn published<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<template::Model> {
    match template::Entity::find_by_id(id).one(db).await? {
        Some(t) if super::status_of(&t) == TemplateStatus::Published => Ok(t),
        _ => Err(invalid_template()),
    }
}

/// In the entry's submit transaction: the use, and its weight on the
/// template's popularity. The template is asked for again here (it may
/// have been unlisted since the form was read).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    template_id: i64,
    user_id: i64,
    submission_id: i64,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    published(db, template_id).await?;
    template_use::ActiveModel {
        template_id: Set(template_id),
        user_id: Set(user_id),
        submission_id: Set(submission_id),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::popularity::bump(db, template_id, super::popularity::USE_WEIGHT, at).await?;
    Ok(())
}

/// The template an entry was made with.
pub async fn template_of<C: ConnectionTrait>(
    db: &C,
    submission_id: i64,
) -> ApiResult<Option<TemplateRef>> {
    let Some(u) = template_use::Entity::find()
        .filter(template_use::Column::SubmissionId.eq(submission_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(template::Entity::find_by_id(u.template_id)
        .one(db)
        .await?
        .map(|t| TemplateRef {
            id: t.id,
            title: t.title,
        }))
}

/// `GET /templates/{id}/entries`: visible entries in public challenges made
/// with the template, newest first.
pub async fn entries(
    state: &AppState,
    viewer: &MaybeUser,
    template_id: i64,
) -> ApiResult<Vec<EntryCard>> {
    let db = &state.db;
    let t = super::find_visible(db, template_id, viewer.0.as_ref()).await?;
    let public_challenges = challenge::Entity::find()
        .select_only()
        .column(challenge::Column::Id)
        .filter(challenge::Column::Status.eq(atelier_api::ChallengeStatus::Published.as_str()));
    let subs = submission::Entity::find()
        .filter(
            submission::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(
                template_use::Entity::find()
                    .select_only()
                    .column(template_use::Column::SubmissionId)
                    .filter(template_use::Column::TemplateId.eq(t.id)),
            )),
        )
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()))
        .filter(
            submission::Column::ChallengeId
                .in_subquery(sea_orm::QueryTrait::into_query(public_challenges)),
        )
        .order_by_desc(submission::Column::Id)
        .limit(ENTRIES_SHOWN)
        .all(db)
        .await?;
    crate::entries::read::cards(db, &subs).await
}

/// `GET /challenges/{slug}/templates`: the published templates attached to
/// a challenge, in staff's order.
pub async fn of_challenge(
    state: &AppState,
    viewer: &MaybeUser,
    slug: &str,
) -> ApiResult<Vec<TemplateCard>> {
    let ch = crate::challenges::service::visible(&state.db, slug, viewer.is_staff()).await?;
    attached(&state.db, ch.id).await
}

async fn attached<C: ConnectionTrait>(db: &C, challenge_id: i64) -> ApiResult<Vec<TemplateCard>> {
    let links = challenge_template::Entity::find()
        .filter(challenge_template::Column::ChallengeId.eq(challenge_id))
        .order_by_asc(challenge_template::Column::Position)
        .all(db)
        .await?;
    let rows = template::Entity::find()
        .filter(template::Column::Id.is_in(links.iter().map(|l| l.template_id)))
        .filter(template::Column::Status.eq(TemplateStatus::Published.as_str()))
        .all(db)
        .await?;
    let ordered: Vec<template::Model> = links
        .iter()
        .filter_map(|l| rows.iter().find(|t| t.id == l.template_id).cloned())
        .collect();
    super::view::cards(db, &ordered).await
}

/// `PUT /staff/challenges/{slug}/templates`: staff replace a challenge's
/// templates (published ones, at most [`CHALLENGE_TEMPLATES_MAX`], in the
/// given order; 422 `invalid_template` otherwise). Audited
/// (`challenge.templates`).
pub async fn set_for_challenge(
    state: &AppState,
    staff: &CurrentUser,
    slug: &str,
    ids: &[i64],
) -> ApiResult<Vec<TemplateCard>> {
    staff.require_staff()?;
    let mut seen = HashSet::new();
    let ids: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if ids.len() > CHALLENGE_TEMPLATES_MAX {
        return Err(ApiError::validation(format!(
            "a challenge offers at most {CHALLENGE_TEMPLATES_MAX} templates"
        ))
        .code("invalid_template"));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let ch = crate::challenges::admin::find(&txn, slug).await?;
    for id in &ids {
        published(&txn, *id).await?;
    }
    challenge_template::Entity::delete_many()
        .filter(challenge_template::Column::ChallengeId.eq(ch.id))
        .exec(&txn)
        .await?;
    let mut links = Vec::with_capacity(ids.len());
    for (position, id) in ids.iter().enumerate() {
        links.push(challenge_template::ActiveModel {
            challenge_id: Set(ch.id),
            template_id: Set(*id),
            position: Set(i32::try_from(position).map_err(ApiError::internal)?),
        });
    }
    if !links.is_empty() {
        challenge_template::Entity::insert_many(links)
            .exec(&txn)
            .await?;
    }
    let detail = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "challenge.templates",
        &format!("challenge:{}", ch.slug),
        &format!("templates: [{detail}]"),
    )
    .await?;
    txn.commit().await?;
    attached(&state.db, ch.id).await
}
