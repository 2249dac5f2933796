//! The audit log: who did what to what, and when. Written in the same
//! transaction as the change it records, so a change without its row (or a
//! row without its change) cannot commit.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::audit_log;

/// Every staff action that changes something, or exports ballots, as
/// `(method, documented path, audit action)`. Each writes its audit row in
/// the transaction of the change; a test performs each one and finds its
/// row, and checks that every documented route other than a GET is listed
/// here or in [`NOT_STAFF_MUTATIONS`], so a new staff route is not missed.
pub const STAFF_MUTATIONS: &[(&str, &str, &str)] = &[
    ("post", "/api/v1/challenges", "challenge.create"),
    ("patch", "/api/v1/challenges/{slug}", "challenge.update"),
    (
        "put",
        "/api/v1/challenges/{slug}/phase-override",
        "challenge.phase_override",
    ),
    ("put", "/api/v1/challenges/{slug}/cover", "challenge.cover"),
    (
        "put",
        "/api/v1/challenges/{slug}/winners",
        "challenge.pick_winners",
    ),
    // `entry.clear_duplicate` when the flag is cleared.
    (
        "post",
        "/api/v1/staff/duplicates/{id}",
        "entry.disqualify_duplicate",
    ),
    (
        "post",
        "/api/v1/staff/entries/{id}/disqualify",
        "entry.disqualify",
    ),
    ("post", "/api/v1/polls", "poll.create"),
    ("patch", "/api/v1/polls/{id}", "poll.update"),
    (
        "put",
        "/api/v1/polls/{id}/options/{option_id}/image",
        "poll.option_image",
    ),
    ("post", "/api/v1/polls/{id}/invites", "poll.invite"),
    ("get", "/api/v1/polls/{id}/ballots.csv", "poll.export"),
    ("post", "/api/v1/staff/vote-flags/{id}", "vote_flag.review"),
    ("put", "/api/v1/admin/users/{id}/role", "user.role_change"),
    // `expert.reject` for a rejection.
    (
        "post",
        "/api/v1/expert-applications/{id}/decision",
        "expert.approve",
    ),
    // Templates: `template.reject` for a rejection; `user.creator_revoke`
    // when the approval is withdrawn.
    (
        "post",
        "/api/v1/staff/templates/{id}/review",
        "template.approve",
    ),
    (
        "put",
        "/api/v1/staff/users/{id}/creator",
        "user.creator_approve",
    ),
    (
        "put",
        "/api/v1/staff/challenges/{slug}/templates",
        "challenge.templates",
    ),
    (
        "post",
        "/api/v1/staff/orders/{id}/mark-paid",
        "order.mark_paid",
    ),
    ("post", "/api/v1/staff/orders/{id}/refund", "order.refund"),
    // ledger audited (begin)
    // `user.finance_revoke` when withdrawn.
    (
        "put",
        "/api/v1/admin/users/{id}/finance",
        "user.finance_grant",
    ),
    // ledger audited (end)
    // --
    // revenue audited (begin)
    (
        "put",
        "/api/v1/finance/templates/{id}/agreement",
        "agreement.template",
    ),
    ("post", "/api/v1/finance/products", "product.create"),
    (
        "put",
        "/api/v1/finance/products/{id}/agreement",
        "agreement.product",
    ),
    (
        "post",
        "/api/v1/finance/product-sales",
        "product_sales.import",
    ),
    (
        "post",
        "/api/v1/finance/product-sales/csv",
        "product_sales.import_csv",
    ),
    (
        "put",
        "/api/v1/staff/challenges/{slug}/prizes",
        "challenge.prizes",
    ),
    (
        "post",
        "/api/v1/staff/challenges/{slug}/winners/confirm",
        "challenge.confirm_winners",
    ),
    // revenue audited (end)
    // --
    // payouts audited (begin)
    // Also from `atelier payouts run` (no actor).
    ("post", "/api/v1/finance/payout-runs", "payout.run"),
    (
        "post",
        "/api/v1/finance/payouts/{id}/approve",
        "payout.approve",
    ),
    ("post", "/api/v1/finance/payouts/{id}/paid", "payout.paid"),
    (
        "post",
        "/api/v1/finance/payouts/{id}/failed",
        "payout.failed",
    ),
    // payouts audited (end)
    // --
    // statements audited (begin)
    // statements audited (end)
    // --
];

/// Documented routes other than GETs that members act through (their own
/// account, entries, votes and ballots): not audited.
pub const NOT_STAFF_MUTATIONS: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/auth/resend-verification"),
    ("patch", "/api/v1/me"),
    ("put", "/api/v1/me/avatar"),
    ("post", "/api/v1/expert-applications"),
    ("post", "/api/v1/challenges/{slug}/entries"),
    ("post", "/api/v1/challenges/{slug}/palette-check"),
    ("patch", "/api/v1/entries/{id}"),
    ("delete", "/api/v1/entries/{id}"),
    ("put", "/api/v1/entries/{id}/vote"),
    ("delete", "/api/v1/entries/{id}/vote"),
    ("put", "/api/v1/polls/{id}/ballot"),
    // Templates: creators act on their own (staff may too, as editors of
    // any template; their decisions are the review, audited above).
    ("post", "/api/v1/templates"),
    ("patch", "/api/v1/templates/{id}"),
    ("delete", "/api/v1/templates/{id}"),
    ("post", "/api/v1/templates/{id}/previews"),
    ("delete", "/api/v1/templates/{id}/previews/{preview_id}"),
    ("post", "/api/v1/templates/{id}/files"),
    ("delete", "/api/v1/templates/{id}/files/{file_id}"),
    ("post", "/api/v1/templates/{id}/files/{file_id}/link"),
    ("post", "/api/v1/templates/{id}/submit"),
    ("post", "/api/v1/templates/{id}/unlist"),
    ("post", "/api/v1/templates/{id}/relist"),
    // Orders are the buyer's; the webhook is authenticated by its signature.
    ("post", "/api/v1/templates/{id}/licence"),
    ("post", "/api/v1/orders"),
    ("post", "/api/v1/orders/{id}/cancel"),
    ("post", "/api/v1/payments/stripe/webhook"),
    // ledger not audited (begin)
    // ledger not audited (end)
    // --
    // revenue not audited (begin)
    // revenue not audited (end)
    // --
    // payouts not audited (begin)
    // A creator's own payout settings (details encrypted, each save kept).
    ("put", "/api/v1/me/payout-settings"),
    // payouts not audited (end)
    // --
    // statements not audited (begin)
    // statements not audited (end)
    // --
];

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

/// Default and largest page of `GET /api/v1/admin/audit`.
pub const PAGE_DEFAULT: u64 = 50;
pub const PAGE_MAX: u64 = 200;

/// One page of the log, newest first, with the actor's handle: entries
/// older than `before` (an entry id) when given. Keyset paging by id, so
/// entries written meanwhile never shift a page.
pub async fn page(
    db: &sea_orm::DatabaseConnection,
    before: Option<i64>,
    limit: u64,
) -> Result<atelier_api::AuditList, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
    if let Some(before) = before {
        query = query.filter(audit_log::Column::Id.lt(before));
    }
    let mut rows = query.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let handles: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        crate::entities::user::Entity::find()
            .filter(crate::entities::user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.handle))
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|r| atelier_api::AuditEntry {
            id: r.id,
            actor_handle: r.actor_id.and_then(|id| handles.get(&id).cloned()),
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            created_at: r.created_at,
        })
        .collect();
    Ok(atelier_api::AuditList { items, next_cursor })
}
