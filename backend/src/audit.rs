//! The audit log: who did what to what, and when. Written in the same
//! transaction as the change it records.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::audit_log;

/// The reason staff give for an audited decision: trimmed, 3-500 characters,
/// or 422 `reason_required`.
pub fn reason(raw: &str) -> Result<&str, crate::error::ApiError> {
    let r = raw.trim();
    if (3..=500).contains(&r.chars().count()) {
        Ok(r)
    } else {
        Err(
            crate::error::ApiError::validation("give a reason of 3-500 characters")
                .code("reason_required"),
        )
    }
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sea_orm::DbErr> {
    audit_log::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.to_owned()),
        subject: Set(subject.to_owned()),
        detail: Set(detail.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest entries first, with the actor's handle.
pub async fn recent(
    db: &sea_orm::DatabaseConnection,
    limit: u64,
) -> Result<Vec<atelier_api::AuditEntry>, sea_orm::DbErr> {
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let handles: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        use sea_orm::{ColumnTrait, QueryFilter};
        crate::entities::user::Entity::find()
            .filter(crate::entities::user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.handle))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| atelier_api::AuditEntry {
            id: r.id,
            actor_handle: r.actor_id.and_then(|id| handles.get(&id).cloned()),
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            created_at: r.created_at,
        })
        .collect())
}
