//! The status flow: a creator submits a draft (or a rejected template) for
//! review; staff approve it (published) or reject it with a reason its
//! creator sees; the creator or staff unlist a published template and list
//! it again. Staff decisions are audited.

use atelier_api::{TemplateCard, TemplateDetail, TemplateReview, TemplateStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{find_editable, status_of, wrong_status};
use crate::auth::CurrentUser;
use crate::entities::{template, template_file, template_preview};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Draft or rejected -> in review. It needs at least one preview, and a
/// source file or an editor link (422 `template_incomplete`).
pub async fn submit(state: &AppState, user: &CurrentUser, id: i64) -> ApiResult<TemplateDetail> {
    let txn = crate::db::begin_write(&state.db).await?;
    let t = find_editable(&txn, id, user).await?;
    super::creators::require_creator(user)?;
    if !matches!(
        status_of(&t),
        TemplateStatus::Draft | TemplateStatus::Rejected
    ) {
        return Err(wrong_status(
            &t,
            "only drafts and rejected templates are submitted for review",
        ));
    }
    let previews = template_preview::Entity::find()
        .filter(template_preview::Column::TemplateId.eq(id))
        .count(&txn)
        .await?;
    if previews == 0 {
        return Err(ApiError::validation("add at least one preview image first")
            .code("template_incomplete")
            .variant("previews"));
    }
    let files = template_file::Entity::find()
        .filter(template_file::Column::TemplateId.eq(id))
        .count(&txn)
        .await?;
    if files == 0 && t.editor_url.is_none() {
        return Err(
            ApiError::validation("add a source file or an editor link first")
                .code("template_incomplete")
                .variant("sources"),
        );
    }
    let now = Utc::now();
    let mut am: template::ActiveModel = t.into();
    am.status = Set(TemplateStatus::InReview.as_str().to_owned());
    am.review_reason = Set(None);
    am.submitted_at = Set(Some(now));
    am.updated_at = Set(now);
    let t = am.update(&txn).await?;
    txn.commit().await?;
    super::view::detail(&state.db, &t, Some(user)).await
}

/// Published -> unlisted (`list: false`) or back (`list: true`), by its
/// creator or staff. An unlisted template leaves the catalogue and search;
/// its page still answers to anyone with the id, and licence holders still
/// download it.
pub async fn set_listed(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    list: bool,
) -> ApiResult<TemplateDetail> {
    let txn = crate::db::begin_write(&state.db).await?;
    let t = find_editable(&txn, id, user).await?;
    let (from, to) = if list {
        (TemplateStatus::Unlisted, TemplateStatus::Published)
    } else {
        (TemplateStatus::Published, TemplateStatus::Unlisted)
    };
    if status_of(&t) != from {
        let what = if list {
            "only unlisted templates are listed again"
        } else {
            "only published templates are unlisted"
        };
        return Err(wrong_status(&t, what));
    }
    let mut am: template::ActiveModel = t.into();
    am.status = Set(to.as_str().to_owned());
    am.updated_at = Set(Utc::now());
    let t = am.update(&txn).await?;
    txn.commit().await?;
    super::search::changed(state, t.id).await?;
    super::view::detail(&state.db, &t, Some(user)).await
}

/// Staff decide on a template in review: approve (published; the first
/// approval sets `published_at`, which "newest" sorts by) or reject with a
/// reason of 3-500 characters. Audited (`template.approve` /
/// `template.reject`).
pub async fn decide(
    state: &AppState,
    staff: &CurrentUser,
    id: i64,
    body: TemplateReview,
) -> ApiResult<TemplateDetail> {
    staff.require_staff()?;
    let reason = if body.approve {
        None
    } else {
        Some(crate::audit::reason(body.reason.as_deref().unwrap_or(""))?.to_owned())
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let t = super::find(&txn, id).await?;
    if status_of(&t) != TemplateStatus::InReview {
        return Err(wrong_status(&t, "only templates in review are decided"));
    }
    let now = Utc::now();
    let subject = format!("template:{}", t.id);
    let title = t.title.clone();
    let first_published = t.published_at.unwrap_or(now);
    let mut am: template::ActiveModel = t.into();
    am.updated_at = Set(now);
    match &reason {
        None => {
            am.status = Set(TemplateStatus::Published.as_str().to_owned());
            am.review_reason = Set(None);
            am.published_at = Set(Some(first_published));
        }
        Some(reason) => {
            am.status = Set(TemplateStatus::Rejected.as_str().to_owned());
            am.review_reason = Set(Some(reason.clone()));
        }
    }
    let t = am.update(&txn).await?;
    match &reason {
        None => {
            crate::audit::record(&txn, Some(staff.id()), "template.approve", &subject, &title)
                .await?
        }
        Some(reason) => {
            crate::audit::record(&txn, Some(staff.id()), "template.reject", &subject, reason)
                .await?
        }
    }
    txn.commit().await?;
    super::search::changed(state, t.id).await?;
    super::view::detail(&state.db, &t, Some(staff)).await
}

/// Staff's review queue: templates in review, the longest waiting first.
pub async fn queue(state: &AppState, staff: &CurrentUser) -> ApiResult<Vec<TemplateCard>> {
    staff.require_staff()?;
    let rows = template::Entity::find()
        .filter(template::Column::Status.eq(TemplateStatus::InReview.as_str()))
        .order_by_asc(template::Column::SubmittedAt)
        .order_by_asc(template::Column::Id)
        .all(&state.db)
        .await?;
    super::view::cards(&state.db, &rows).await
}

/// The caller's own templates, every status, newest first.
pub async fn mine(state: &AppState, user: &CurrentUser) -> ApiResult<Vec<TemplateCard>> {
    let rows = template::Entity::find()
        .filter(template::Column::CreatorId.eq(user.id()))
        .order_by_desc(template::Column::Id)
        .all(&state.db)
        .await?;
    super::view::cards(&state.db, &rows).await
}
