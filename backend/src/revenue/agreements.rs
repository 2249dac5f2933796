//! Revenue agreements: the creators' share of a template, a product or a
//! workshop over a term, split among parties by weight.
//!
//! Agreements are written once. For a subject, the agreement in force at an
//! instant is the **newest** row (highest id) that has started by then; a
//! newer row supersedes every older one from its `starts_at`, and when that
//! row's term has ended (`ends_at <= at`) no agreement is in force (the older
//! ones do not come back). A template with no agreement in force earns the
//! default: `settings.ledger.template_share_bp` to its creator.

use std::collections::{BTreeMap, BTreeSet};

use atelier_api::{Agreement, AgreementInput, AgreementParty, AgreementSubject};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::period_bounds;
use crate::auth::CurrentUser;
use crate::config::LedgerSettings;
use crate::entities::{revenue_agreement, revenue_agreement_party, template, user};
use crate::error::{ApiError, ApiResult};

/// Basis points: 0 to 100 %.
pub const MAX_SHARE_BP: i32 = 10_000;
/// Parties of one agreement.
pub const MAX_PARTIES: usize = 20;
/// Characters of an agreement's note.
pub const MAX_NOTE: usize = 500;

/// A stored agreement and its parties (in the order they were given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub row: revenue_agreement::Model,
    pub parties: Vec<revenue_agreement_party::Model>,
}

impl Stored {
    /// `(user, weight)` of each party.
    pub fn weights(&self) -> Vec<(i64, i64)> {
        self.parties
            .iter()
            .map(|p| (p.user_id, i64::from(p.weight)))
            .collect()
    }
}

/// Who earns what share of a sale: the share in basis points and the
/// parties with their weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub share_bp: i32,
    pub parties: Vec<(i64, i64)>,
}

impl Terms {
    /// Splits `amount` (a price or net sales): the creators' total by share,
    /// divided among the parties by weight with the largest remainder. Each
    /// party's part, in party order; they sum to `share_of(amount, share)`.
    pub fn split(&self, amount: i64) -> Vec<(i64, i64)> {
        let total = crate::ledger::share_of(amount, self.share_bp);
        let weights: Vec<i64> = self.parties.iter().map(|(_, w)| *w).collect();
        let parts = crate::ledger::largest_remainder(total, &weights);
        self.parties
            .iter()
            .zip(parts)
            .map(|((user, _), part)| (*user, part))
            .collect()
    }
}

/// The agreement for `subject` `id` in force at `at`, if any.
pub async fn agreement_at<C: ConnectionTrait>(
    conn: &C,
    subject: AgreementSubject,
    id: i64,
    at: DateTime<Utc>,
) -> Result<Option<Stored>, DbErr> {
    let rows = all_rows(conn, subject, id).await?;
    match in_force(&rows, at) {
        Some(row) => Ok(Some(with_parties(conn, row.clone()).await?)),
        None => Ok(None),
    }
}

/// Every agreement of a subject, newest first.
async fn all_rows<C: ConnectionTrait>(
    conn: &C,
    subject: AgreementSubject,
    id: i64,
) -> Result<Vec<revenue_agreement::Model>, DbErr> {
    // Compared in Rust rather than SQL: a subject has a handful of rows, and
    // timestamps then compare the same on both backends.
    revenue_agreement::Entity::find()
        .filter(revenue_agreement::Column::SubjectKind.eq(subject.as_str()))
        .filter(revenue_agreement::Column::SubjectId.eq(id))
        .order_by_desc(revenue_agreement::Column::Id)
        .all(conn)
        .await
}

/// Of `rows` (newest first), the one in force at `at`.
fn in_force(
    rows: &[revenue_agreement::Model],
    at: DateTime<Utc>,
) -> Option<&revenue_agreement::Model> {
    let newest_started = rows.iter().find(|r| r.starts_at <= at)?;
    match newest_started.ends_at {
        Some(end) if end <= at => None,
        _ => Some(newest_started),
    }
}

async fn with_parties<C: ConnectionTrait>(
    conn: &C,
    row: revenue_agreement::Model,
) -> Result<Stored, DbErr> {
    let parties = revenue_agreement_party::Entity::find()
        .filter(revenue_agreement_party::Column::AgreementId.eq(row.id))
        .order_by_asc(revenue_agreement_party::Column::Id)
        .all(conn)
        .await?;
    Ok(Stored { row, parties })
}

/// What agreement covers a period's sales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForPeriod {
    Found(Stored),
    /// The subject has no agreement at all.
    NoAgreement,
    /// It has agreements, but none in force in the period.
    OutsideTerm,
}

/// The agreement covering sales of period `YYYY-MM` (an Asia/Taipei month):
/// the one in force at the period's last instant, else the one in force at
/// its first (a term that ends within the month still covers it; one that
/// begins within it covers it too).
pub async fn for_period<C: ConnectionTrait>(
    conn: &C,
    subject: AgreementSubject,
    id: i64,
    period: &str,
) -> Result<ForPeriod, DbErr> {
    let rows = all_rows(conn, subject, id).await?;
    if rows.is_empty() {
        return Ok(ForPeriod::NoAgreement);
    }
    let Some((start, end)) = period_bounds(period) else {
        return Ok(ForPeriod::OutsideTerm);
    };
    let last = end - Duration::microseconds(1);
    match in_force(&rows, last).or_else(|| in_force(&rows, start)) {
        Some(row) => Ok(ForPeriod::Found(with_parties(conn, row.clone()).await?)),
        None => Ok(ForPeriod::OutsideTerm),
    }
}

/// The terms of a template sale at `at`: the agreement in force, else the
/// default share to `creator_id` (the creator the order recorded, or the
/// template's). No creator at all: nobody shares.
pub async fn template_terms<C: ConnectionTrait>(
    conn: &C,
    template_id: i64,
    creator_id: Option<i64>,
    at: DateTime<Utc>,
    ledger: &LedgerSettings,
) -> Result<Terms, DbErr> {
    if let Some(a) = agreement_at(conn, AgreementSubject::Template, template_id, at).await? {
        return Ok(Terms {
            share_bp: a.row.share_bp,
            parties: a.weights(),
        });
    }
    let creator = match creator_id {
        Some(c) => Some(c),
        None => template::Entity::find_by_id(template_id)
            .one(conn)
            .await?
            .map(|t| t.creator_id),
    };
    Ok(Terms {
        share_bp: ledger.template_share_bp.clamp(0, MAX_SHARE_BP),
        parties: creator.map(|c| vec![(c, 1)]).unwrap_or_default(),
    })
}

/// An [`AgreementInput`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub share_bp: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub parties: Vec<(i64, i32)>,
    pub note: String,
}

fn invalid_parties(message: impl Into<String>) -> ApiError {
    ApiError::validation(message).code("invalid_parties")
}

/// Checks an agreement: share 0-10000 bp, 1-20 parties with positive
/// weights, distinct users who exist, a term that ends after it starts
/// (`starts_at` defaults to `now`), a note of at most 500 characters. 422
/// `invalid_share`, `invalid_parties`, `unknown_party`, `invalid_term`,
/// `invalid_note`.
pub async fn validate<C: ConnectionTrait>(
    conn: &C,
    input: &AgreementInput,
    now: DateTime<Utc>,
) -> ApiResult<Valid> {
    if !(0..=MAX_SHARE_BP).contains(&input.share_bp) {
        return Err(ApiError::validation(format!(
            "the share is 0 to {MAX_SHARE_BP} basis points (10000 = 100 %), not {}",
            input.share_bp
        ))
        .code("invalid_share"));
    }
    if input.parties.is_empty() || input.parties.len() > MAX_PARTIES {
        return Err(invalid_parties(format!(
            "an agreement has 1 to {MAX_PARTIES} parties, not {}",
            input.parties.len()
        )));
    }
    let mut seen = BTreeSet::new();
    for p in &input.parties {
        if p.weight <= 0 {
            return Err(invalid_parties(format!(
                "each party's weight is positive (user {} has {})",
                p.user_id, p.weight
            )));
        }
        if !seen.insert(p.user_id) {
            return Err(invalid_parties(format!(
                "user {} is named twice; each creator is one party",
                p.user_id
            )));
        }
    }
    let found: BTreeSet<i64> = user::Entity::find()
        .filter(user::Column::Id.is_in(seen.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    if let Some(missing) = seen.iter().find(|id| !found.contains(id)) {
        return Err(
            ApiError::validation(format!("there is no user {missing}")).code("unknown_party")
        );
    }
    let starts_at = input.starts_at.unwrap_or(now);
    if let Some(end) = input.ends_at
        && end <= starts_at
    {
        return Err(ApiError::validation(format!(
            "the term must end after it starts ({starts_at} to {end})"
        ))
        .code("invalid_term"));
    }
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE || note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::validation(format!(
            "the note has at most {MAX_NOTE} characters and no control characters"
        ))
        .code("invalid_note"));
    }
    Ok(Valid {
        share_bp: input.share_bp,
        starts_at,
        ends_at: input.ends_at,
        parties: input
            .parties
            .iter()
            .map(|p| (p.user_id, p.weight))
            .collect(),
        note: note.to_owned(),
    })
}

/// Writes a validated agreement for a subject (in the caller's transaction).
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    subject: AgreementSubject,
    subject_id: i64,
    v: &Valid,
    actor: i64,
) -> Result<Stored, DbErr> {
    let row = revenue_agreement::ActiveModel {
        subject_kind: Set(subject.as_str().to_owned()),
        subject_id: Set(subject_id),
        share_bp: Set(v.share_bp),
        starts_at: Set(v.starts_at),
        ends_at: Set(v.ends_at),
        note: Set(v.note.clone()),
        created_by: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    revenue_agreement_party::Entity::insert_many(v.parties.iter().map(|(user, weight)| {
        revenue_agreement_party::ActiveModel {
            agreement_id: Set(row.id),
            user_id: Set(*user),
            weight: Set(*weight),
            ..Default::default()
        }
    }))
    .exec(conn)
    .await?;
    with_parties(conn, row).await
}

/// What the audit log says about an agreement.
pub fn describe(v: &Valid) -> String {
    let parties = v
        .parties
        .iter()
        .map(|(u, w)| format!("user:{u} x{w}"))
        .collect::<Vec<_>>()
        .join(", ");
    let end = v.ends_at.map_or_else(
        || "open-ended".to_owned(),
        |e| format!("to {}", e.to_rfc3339()),
    );
    let mut s = format!(
        "share {} bp; parties {parties}; from {} {end}",
        v.share_bp,
        v.starts_at.to_rfc3339()
    );
    if !v.note.is_empty() {
        s.push_str("; note: ");
        s.push_str(&v.note);
    }
    s
}

/// Handles of users, by id.
pub async fn handles<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>, DbErr> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.handle))
        .collect())
}

/// The JSON of a stored agreement.
pub async fn view<C: ConnectionTrait>(conn: &C, a: &Stored) -> Result<Agreement, DbErr> {
    let names = handles(conn, a.parties.iter().map(|p| p.user_id)).await?;
    Ok(Agreement {
        id: a.row.id,
        subject: AgreementSubject::parse(&a.row.subject_kind).unwrap_or(AgreementSubject::Product),
        subject_id: a.row.subject_id,
        share_bp: a.row.share_bp,
        starts_at: a.row.starts_at,
        ends_at: a.row.ends_at,
        parties: a
            .parties
            .iter()
            .map(|p| AgreementParty {
                user_id: p.user_id,
                handle: names.get(&p.user_id).cloned().unwrap_or_default(),
                weight: p.weight,
            })
            .collect(),
        note: a.row.note.clone(),
        created_at: a.row.created_at,
    })
}

/// A template's agreement in force now, or the default (id 0): the
/// configured share to the template's creator from the template's creation.
pub async fn template_view<C: ConnectionTrait>(
    conn: &C,
    t: &template::Model,
    ledger: &LedgerSettings,
) -> Result<Agreement, DbErr> {
    if let Some(a) = agreement_at(conn, AgreementSubject::Template, t.id, Utc::now()).await? {
        return view(conn, &a).await;
    }
    let names = handles(conn, [t.creator_id]).await?;
    Ok(Agreement {
        id: 0,
        subject: AgreementSubject::Template,
        subject_id: t.id,
        share_bp: ledger.template_share_bp.clamp(0, MAX_SHARE_BP),
        starts_at: t.created_at,
        ends_at: None,
        parties: vec![AgreementParty {
            user_id: t.creator_id,
            handle: names.get(&t.creator_id).cloned().unwrap_or_default(),
            weight: 1,
        }],
        note: String::new(),
        created_at: t.created_at,
    })
}

async fn find_template(db: &DatabaseConnection, id: i64) -> ApiResult<template::Model> {
    template::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no template {id}")))
}

/// `GET /finance/templates/{id}/agreement`.
pub async fn get_template(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i64,
    ledger: &LedgerSettings,
) -> ApiResult<Agreement> {
    actor.require_finance()?;
    let t = find_template(db, id).await?;
    Ok(template_view(db, &t, ledger).await?)
}

/// `PUT /finance/templates/{id}/agreement`: a new agreement for the
/// template's sales from its start; audited (`agreement.template`).
pub async fn set_template(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i64,
    input: AgreementInput,
) -> ApiResult<Agreement> {
    actor.require_finance()?;
    let t = find_template(db, id).await?;
    let v = validate(db, &input, Utc::now()).await?;
    let txn = crate::db::begin_write(db).await?;
    let a = insert(&txn, AgreementSubject::Template, t.id, &v, actor.id()).await?;
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "agreement.template",
        &format!("template:{}", t.id),
        &format!("agreement {}: {}", a.row.id, describe(&v)),
    )
    .await?;
    txn.commit().await?;
    Ok(view(db, &a).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(id: i64, start: (i32, u32), end: Option<(i32, u32)>) -> revenue_agreement::Model {
        let at = |(y, m): (i32, u32)| Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap();
        revenue_agreement::Model {
            id,
            subject_kind: "product".into(),
            subject_id: 1,
            share_bp: 1000,
            starts_at: at(start),
            ends_at: end.map(at),
            note: String::new(),
            created_by: 1,
            created_at: at(start),
        }
    }

    #[test]
    fn the_newest_started_agreement_is_in_force_until_its_end() {
        let at = |m: u32| Utc.with_ymd_and_hms(2026, m, 15, 0, 0, 0).unwrap();
        // Newest first: #3 from March (to June), #2 from May, #1 from January.
        let rows = vec![
            row(3, (2026, 3), Some((2026, 6))),
            row(2, (2026, 5), None),
            row(1, (2026, 1), None),
        ];
        assert_eq!(in_force(&rows, at(2)).map(|r| r.id), Some(1));
        // #3 supersedes #1 from March and #2 from its start as well.
        assert_eq!(in_force(&rows, at(3)).map(|r| r.id), Some(3));
        assert_eq!(in_force(&rows, at(5)).map(|r| r.id), Some(3));
        // After #3's term nothing is in force: the older ones stay superseded.
        assert_eq!(in_force(&rows, at(7)).map(|r| r.id), None);
        assert_eq!(
            in_force(&rows, Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap()),
            None
        );
    }

    #[test]
    fn terms_split_by_share_then_weight() {
        let t = Terms {
            share_bp: 10_000,
            parties: vec![(1, 1), (2, 1), (3, 1)],
        };
        assert_eq!(t.split(100), vec![(1, 34), (2, 33), (3, 33)]);
        let t = Terms {
            share_bp: 3_500,
            parties: vec![(7, 1)],
        };
        assert_eq!(t.split(15_000), vec![(7, 5_250)]);
    }
}
