//! Who may publish templates: verified experts, staff, and members staff
//! approved as creators (`users.creator_approved_at`), which staff grant and
//! withdraw (audited).

use actix_web::http::StatusCode;
use atelier_api::Role;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::auth::CurrentUser;
use crate::entities::user;
use crate::error::{ApiError, ApiResult};
use crate::users::service::role_of;

/// Whether the account may create and submit templates.
pub fn can_publish(u: &user::Model) -> bool {
    let role = role_of(u);
    role == Role::Expert || role.is_staff() || u.creator_approved_at.is_some()
}

/// 403 `not_a_creator` unless the caller may publish templates.
pub fn require_creator(user: &CurrentUser) -> ApiResult<()> {
    if can_publish(&user.user) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "not_a_creator",
            "templates are published by verified experts and by members staff approved as creators",
        ))
    }
}

/// Staff approve a member as a creator, or withdraw it. Their templates stay
/// as they are; without the approval they cannot create or submit new ones.
/// Audited (`user.creator_approve` / `user.creator_revoke`) when it changes.
pub async fn set_creator(
    db: &sea_orm::DatabaseConnection,
    actor: &CurrentUser,
    target_id: i64,
    approved: bool,
) -> ApiResult<user::Model> {
    actor.require_staff()?;
    let txn = crate::db::begin_write(db).await?;
    let target = user::Entity::find_by_id(target_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))?;
    if target.creator_approved_at.is_some() == approved {
        return Ok(target);
    }
    let handle = target.handle.clone();
    let mut am: user::ActiveModel = target.into();
    am.creator_approved_at = Set(approved.then(Utc::now));
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    let (action, detail) = if approved {
        ("user.creator_approve", "may publish templates")
    } else {
        ("user.creator_revoke", "may no longer publish templates")
    };
    crate::audit::record(
        &txn,
        Some(actor.id()),
        action,
        &format!("user:{handle}"),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
