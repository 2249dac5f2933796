//! What finance staff do with a payout: approve it (pending -> approved),
//! mark it paid with the bank's reference (approved -> paid: the pending
//! transfer is posted) or failed with a reason (pending or approved ->
//! failed: the pending transfer is voided and the money is available
//! again). Each writes its event (at most one per kind) and its audit row in
//! the transaction of the change, under a lock on the payout row, so a
//! repeated or out-of-order request answers 409 and changes nothing.

use atelier_api::{Payout, PayoutStatus, TransferKind};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QuerySelect, Set};

use super::read;
use super::settings::major;
use crate::entities::{payout, payout_event, payout_run};
use crate::error::{ApiError, ApiResult};
use crate::ledger::{self, LedgerError};

/// What is done to a payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Approve,
    Paid { reference: String },
    Failed { reason: String },
}

/// The bank's or PayPal's reference: 1-100 printable characters; 422
/// `invalid_reference`.
pub fn reference(raw: &str) -> ApiResult<&str> {
    let r = raw.trim();
    if (1..=100).contains(&r.chars().count()) && !r.chars().any(char::is_control) {
        Ok(r)
    } else {
        Err(ApiError::validation(
            "give the bank's or PayPal's reference for the payment (1-100 characters)",
        )
        .code("invalid_reference"))
    }
}

fn refused(action: &Action, status: PayoutStatus) -> ApiError {
    let now = status.as_str();
    match action {
        Action::Approve => ApiError::conflict(
            "payout_not_pending",
            format!("only a pending payout is approved; this one is {now}"),
        ),
        Action::Paid { .. } => ApiError::conflict(
            "payout_not_approved",
            format!("only an approved payout is marked paid; this one is {now}"),
        ),
        Action::Failed { .. } => ApiError::conflict(
            "payout_closed",
            format!("the payout is {now} already; only a pending or approved one can fail"),
        ),
    }
}

fn allowed(action: &Action, status: PayoutStatus) -> bool {
    match action {
        Action::Approve => status == PayoutStatus::Pending,
        Action::Paid { .. } => status == PayoutStatus::Approved,
        Action::Failed { .. } => matches!(status, PayoutStatus::Pending | PayoutStatus::Approved),
    }
}

/// Applies `action` to payout `id` for `actor` (None: the system, as the
/// demo seed does): 404 `not_found`, 409 `payout_not_pending` (approve),
/// `payout_not_approved` (paid), `payout_closed` (failed), 422
/// `invalid_reference` or `reason_required`. Audited `payout.approve`,
/// `payout.paid`, `payout.failed`.
pub async fn apply(
    db: &DatabaseConnection,
    actor: Option<i64>,
    id: i64,
    action: Action,
) -> ApiResult<Payout> {
    let action = match action {
        Action::Paid { reference: r } => Action::Paid {
            reference: reference(&r)?.to_owned(),
        },
        Action::Failed { reason } => Action::Failed {
            reason: crate::audit::reason(&reason)?.to_owned(),
        },
        Action::Approve => Action::Approve,
    };
    let txn = crate::db::begin_write(db).await?;
    let row = payout::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such payout"))?;
    let events = read::events_of(&txn, &[id]).await?;
    let status = read::status(events.get(&id).map_or(&[][..], Vec::as_slice));
    if !allowed(&action, status) {
        return Err(refused(&action, status));
    }
    let period = payout_run::Entity::find_by_id(row.run_id)
        .one(&txn)
        .await?
        .map(|r| r.period)
        .unwrap_or_default();
    let amounts = format!(
        "user {}, period {period}, gross {} {cur}, tax {}, net {}",
        row.user_id,
        major(row.gross_minor, &row.currency),
        major(row.tax_minor, &row.currency),
        major(row.net_minor, &row.currency),
        cur = row.currency
    );
    let (kind, reference, reason, audit_action, detail) = match &action {
        Action::Approve => (read::APPROVED, None, None, "payout.approve", amounts),
        Action::Paid { reference } => {
            ledger::resolve_pending(
                &txn,
                row.transfer_id,
                true,
                TransferKind::PayoutPosted,
                &format!("Payout {period} paid ({reference})"),
                actor,
            )
            .await
            .map_err(|e| ledger_refused(e, &action, status))?;
            (
                read::PAID,
                Some(reference.clone()),
                None,
                "payout.paid",
                format!("{amounts}; reference: {reference}"),
            )
        }
        Action::Failed { reason } => {
            ledger::resolve_pending(
                &txn,
                row.transfer_id,
                false,
                TransferKind::PayoutVoided,
                &format!("Payout {period} failed: {reason}"),
                actor,
            )
            .await
            .map_err(|e| ledger_refused(e, &action, status))?;
            (
                read::FAILED,
                None,
                Some(reason.clone()),
                "payout.failed",
                format!("{amounts}; reason: {reason}"),
            )
        }
    };
    payout_event::ActiveModel {
        payout_id: Set(id),
        kind: Set(kind.to_owned()),
        reference: Set(reference),
        reason: Set(reason),
        actor_id: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::audit::record(&txn, actor, audit_action, &format!("payout:{id}"), &detail).await?;
    txn.commit().await?;
    Ok(read::one(db, &row).await?)
}

/// The ledger refusing to resolve a transfer that the payout's events say
/// is still pending cannot happen under the row lock; answer it as the
/// refusal of the action all the same rather than as a 500.
fn ledger_refused(e: LedgerError, action: &Action, status: PayoutStatus) -> ApiError {
    match e {
        LedgerError::NotPending(_) => refused(action, status),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        let paid = Action::Paid {
            reference: "x".into(),
        };
        let failed = Action::Failed {
            reason: "bad account".into(),
        };
        assert!(allowed(&Action::Approve, PayoutStatus::Pending));
        assert!(!allowed(&Action::Approve, PayoutStatus::Approved));
        assert!(!allowed(&paid, PayoutStatus::Pending));
        assert!(allowed(&paid, PayoutStatus::Approved));
        assert!(!allowed(&paid, PayoutStatus::Paid));
        assert!(allowed(&failed, PayoutStatus::Pending));
        assert!(allowed(&failed, PayoutStatus::Approved));
        assert!(!allowed(&failed, PayoutStatus::Paid));
        assert!(!allowed(&failed, PayoutStatus::Failed));
        assert_eq!(
            refused(&Action::Approve, PayoutStatus::Paid).code,
            "payout_not_pending"
        );
        assert_eq!(
            refused(&paid, PayoutStatus::Pending).code,
            "payout_not_approved"
        );
        assert_eq!(refused(&failed, PayoutStatus::Paid).code, "payout_closed");
        assert_eq!(reference("  ").unwrap_err().code, "invalid_reference");
        assert_eq!(reference(" TX-1 ").unwrap(), "TX-1");
    }
}
