//! Staff take an entry out of its challenge with a reason, at any phase
//! (authors cannot withdraw once voting has started). The reason is audited
//! and shown to the entry's author; the entry leaves galleries and the
//! ranking, and its slot is freed.

use atelier_api::EntryStatus;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::auth::CurrentUser;
use crate::entities::submission;
use crate::error::{ApiError, ApiResult};

pub async fn disqualify(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    reason: &str,
) -> ApiResult<()> {
    staff.require_staff()?;
    let reason = crate::audit::reason(reason)?;
    let txn = crate::db::begin_write(db).await?;
    let s = submission::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such entry"))?;
    if !matches!(
        EntryStatus::parse(&s.status),
        Some(EntryStatus::Visible | EntryStatus::Hidden)
    ) {
        return Err(ApiError::conflict(
            "entry_closed",
            "this entry can no longer change",
        ));
    }
    let mut am: submission::ActiveModel = s.into();
    am.status = Set(EntryStatus::Disqualified.as_str().to_owned());
    am.status_reason = Set(Some(reason.to_owned()));
    am.slot = Set(None);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "entry.disqualify",
        &format!("entry:{id}"),
        reason,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
