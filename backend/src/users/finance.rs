//! The finance permission: admins grant it to staff (and withdraw it);
//! admins always hold it. Audited.

use actix_web::{HttpResponse, put, web};
use atelier_api::{FinanceGrant, Role};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::auth::CurrentUser;
use crate::entities::user;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::users::service::role_of;

/// Admins grant or withdraw the finance permission of a staff member (it
/// lets them see every creator's earnings, run and approve payouts and
/// record product sales). Audited with the reason.
#[utoipa::path(
    put,
    path = "/api/v1/admin/users/{id}/finance",
    tag = "admin",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    request_body = FinanceGrant,
    responses(
        (status = 204, description = "granted or withdrawn (or already so)"),
        (status = 403, body = atelier_api::ErrorBody, description = "`forbidden`: only admins grant it"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`; `not_staff`: only staff hold the permission (admins always do)")
    )
)]
#[put("/admin/users/{id}/finance")]
#[tracing::instrument(skip(state, actor, body), fields(actor = actor.id()))]
pub async fn grant_finance(
    state: web::Data<AppState>,
    actor: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<FinanceGrant>,
) -> ApiResult<HttpResponse> {
    actor.require(&[Role::Admin])?;
    let reason = crate::audit::reason(&body.reason)?.to_owned();
    let txn = crate::db::begin_write(&state.db).await?;
    let target = user::Entity::find_by_id(id.into_inner())
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))?;
    if role_of(&target) != Role::Staff {
        return Err(ApiError::validation(
            "only staff hold the finance permission (admins always do)",
        )
        .code("not_staff"));
    }
    if target.finance_at.is_some() == body.finance {
        return Ok(HttpResponse::NoContent().finish());
    }
    let handle = target.handle.clone();
    let mut am: user::ActiveModel = target.into();
    am.finance_at = Set(body.finance.then(Utc::now));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    let action = if body.finance {
        "user.finance_grant"
    } else {
        "user.finance_revoke"
    };
    crate::audit::record(
        &txn,
        Some(actor.id()),
        action,
        &format!("user:{handle}"),
        &format!("reason: {reason}"),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
