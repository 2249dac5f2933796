//! Payouts as the API shows them: with the period of their run, the
//! creator's handle, their status (from their events) and their events.

use std::collections::{BTreeSet, HashMap};

use atelier_api::{Money, Payout, PayoutEventView, PayoutMethod, PayoutStatus, Residency};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{payout, payout_event, payout_run, user};

/// The kinds of payout events, as stored.
pub const CREATED: &str = "created";
pub const APPROVED: &str = "approved";
pub const PAID: &str = "paid";
pub const FAILED: &str = "failed";

/// The status a stored event kind stands for (`created` -> pending).
pub fn status_of_kind(kind: &str) -> Option<PayoutStatus> {
    match kind {
        CREATED => Some(PayoutStatus::Pending),
        APPROVED => Some(PayoutStatus::Approved),
        PAID => Some(PayoutStatus::Paid),
        FAILED => Some(PayoutStatus::Failed),
        _ => None,
    }
}

/// A payout's status from its events: paid or failed once either happened,
/// else approved once approved, else pending.
pub fn status(events: &[payout_event::Model]) -> PayoutStatus {
    let has = |k: &str| events.iter().any(|e| e.kind == k);
    if has(FAILED) {
        PayoutStatus::Failed
    } else if has(PAID) {
        PayoutStatus::Paid
    } else if has(APPROVED) {
        PayoutStatus::Approved
    } else {
        PayoutStatus::Pending
    }
}

/// The events of `payout_ids`, oldest first, by payout.
pub async fn events_of<C: ConnectionTrait>(
    conn: &C,
    payout_ids: &[i64],
) -> Result<HashMap<i64, Vec<payout_event::Model>>, DbErr> {
    let mut out: HashMap<i64, Vec<payout_event::Model>> = HashMap::new();
    if payout_ids.is_empty() {
        return Ok(out);
    }
    for chunk in payout_ids.chunks(500) {
        let rows = payout_event::Entity::find()
            .filter(payout_event::Column::PayoutId.is_in(chunk.iter().copied()))
            .order_by_asc(payout_event::Column::Id)
            .all(conn)
            .await?;
        for e in rows {
            out.entry(e.payout_id).or_default().push(e);
        }
    }
    Ok(out)
}

/// `rows` as the API shows them, in the same order.
pub async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: &[payout::Model],
) -> Result<Vec<Payout>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let mut events = events_of(conn, &ids).await?;
    let run_ids: BTreeSet<i64> = rows.iter().map(|p| p.run_id).collect();
    let periods: HashMap<i64, String> = if run_ids.is_empty() {
        HashMap::new()
    } else {
        payout_run::Entity::find()
            .filter(payout_run::Column::Id.is_in(run_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.period))
            .collect()
    };
    let mut user_ids: BTreeSet<i64> = rows.iter().map(|p| p.user_id).collect();
    user_ids.extend(events.values().flatten().filter_map(|e| e.actor_id));
    let users: HashMap<i64, user::Model> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let money = |amount_minor: i64, currency: &str| Money {
        amount_minor,
        currency: currency.to_owned(),
    };
    Ok(rows
        .iter()
        .map(|p| {
            let evs = events.remove(&p.id).unwrap_or_default();
            let creator = users.get(&p.user_id);
            Payout {
                id: p.id,
                period: periods.get(&p.run_id).cloned().unwrap_or_default(),
                user_id: p.user_id,
                handle: creator.map(|u| u.handle.clone()).unwrap_or_default(),
                display_name: creator.map(|u| u.display_name.clone()).unwrap_or_default(),
                status: status(&evs),
                gross: money(p.gross_minor, &p.currency),
                tax: money(p.tax_minor, &p.currency),
                net: money(p.net_minor, &p.currency),
                method: PayoutMethod::parse(&p.method).unwrap_or(PayoutMethod::BankTransfer),
                details_hint: p.details_hint.clone(),
                residency: Residency::parse(&p.residency).unwrap_or(Residency::Tw),
                created_at: p.created_at,
                events: evs
                    .iter()
                    .filter_map(|e| {
                        Some(PayoutEventView {
                            kind: status_of_kind(&e.kind)?,
                            at: e.created_at,
                            reference: e.reference.clone(),
                            reason: e.reason.clone(),
                            actor_handle: e
                                .actor_id
                                .and_then(|id| users.get(&id))
                                .map(|u| u.handle.clone()),
                        })
                    })
                    .collect(),
            }
        })
        .collect())
}

/// One payout as the API shows it.
pub async fn one<C: ConnectionTrait>(conn: &C, row: &payout::Model) -> Result<Payout, DbErr> {
    let mut v = views(conn, std::slice::from_ref(row)).await?;
    v.pop()
        .ok_or_else(|| DbErr::RecordNotFound(format!("payout {}", row.id)))
}

/// `GET /me/payouts`: the creator's payouts, newest first.
pub async fn mine<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Vec<Payout>, DbErr> {
    let rows = payout::Entity::find()
        .filter(payout::Column::UserId.eq(user_id))
        .order_by_desc(payout::Column::Id)
        .all(conn)
        .await?;
    views(conn, &rows).await
}

/// The payouts of run `run_id`, in the order they were made.
pub async fn of_run<C: ConnectionTrait>(conn: &C, run_id: i64) -> Result<Vec<Payout>, DbErr> {
    let rows = payout::Entity::find()
        .filter(payout::Column::RunId.eq(run_id))
        .order_by_asc(payout::Column::Id)
        .all(conn)
        .await?;
    views(conn, &rows).await
}

/// `GET /finance/payouts`: every payout, newest first, of the run for
/// `period` and with `status` when given.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    wanted: Option<PayoutStatus>,
    period: Option<&str>,
) -> Result<Vec<Payout>, DbErr> {
    let mut query = payout::Entity::find().order_by_desc(payout::Column::Id);
    if let Some(period) = period {
        let Some(run) = payout_run::Entity::find()
            .filter(payout_run::Column::Period.eq(period))
            .one(conn)
            .await?
        else {
            return Ok(Vec::new());
        };
        query = query.filter(payout::Column::RunId.eq(run.id));
    }
    let rows = query.all(conn).await?;
    let rows = match wanted {
        None => rows,
        Some(want) => {
            let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
            let events = events_of(conn, &ids).await?;
            rows.into_iter()
                .filter(|p| status(events.get(&p.id).map_or(&[][..], Vec::as_slice)) == want)
                .collect()
        }
    };
    views(conn, &rows).await
}
