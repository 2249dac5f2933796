//! Challenge prizes: staff set an amount per place, then confirm the picked
//! winners, which posts each place's prize to its winning entry's author
//! (prize pool debited, the creator credited; key `prize:<challenge>:<place>`)
//! in the transaction that records the confirmation. Once confirmed, the
//! prizes and the winners no longer change; confirming again answers the
//! same and posts nothing.
//!
//! Setting prizes, confirming and picking winners lock the challenge's row
//! (PostgreSQL; SQLite's write transaction holds the database), so a pick
//! racing a confirmation is decided one after the other.

use std::collections::{BTreeMap, BTreeSet};

use atelier_api::{ChallengePrizes, Prize, PrizeAward, PrizesInput};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{agreements, money, valid_currency};
use crate::auth::CurrentUser;
use crate::challenges::service as challenges;
use crate::entities::{
    challenge, challenge_prize, challenge_prize_confirmation, challenge_winner, ledger_transfer,
    submission,
};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::ledger::{AccountKind, AccountRef, NewTransfer, TransferKind, post};

/// Places that may carry a prize.
pub const MAX_PLACE: i32 = 10;

/// The key of a place's prize.
pub fn prize_key(challenge_id: i64, place: i32) -> String {
    format!("prize:{challenge_id}:{place}")
}

/// Locks the challenge's row until the transaction ends.
pub async fn lock<C: ConnectionTrait>(conn: &C, challenge_id: i64) -> Result<(), DbErr> {
    challenge::Entity::find_by_id(challenge_id)
        .lock_exclusive()
        .one(conn)
        .await?;
    Ok(())
}

/// The challenge's confirmation, if staff confirmed its winners.
pub async fn confirmation<C: ConnectionTrait>(
    conn: &C,
    challenge_id: i64,
) -> Result<Option<challenge_prize_confirmation::Model>, DbErr> {
    challenge_prize_confirmation::Entity::find()
        .filter(challenge_prize_confirmation::Column::ChallengeId.eq(challenge_id))
        .one(conn)
        .await
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message).code("invalid_prize")
}

/// Places 1 to 10, each at most once, amounts positive (within the ledger's
/// limit), currencies of three capital letters. 422 `invalid_prize`.
fn validate(input: &PrizesInput) -> ApiResult<()> {
    let mut places = BTreeSet::new();
    for p in &input.prizes {
        if !(1..=MAX_PLACE).contains(&p.place) {
            return Err(invalid(format!(
                "places are 1 to {MAX_PLACE}, not {}",
                p.place
            )));
        }
        if !places.insert(p.place) {
            return Err(invalid(format!("place {} has two prizes", p.place)));
        }
        if p.amount.amount_minor <= 0 || p.amount.amount_minor > crate::ledger::post::MAX_LINE_MINOR
        {
            return Err(invalid(format!(
                "the prize of place {} must be more than 0",
                p.place
            )));
        }
        if !valid_currency(&p.amount.currency) {
            return Err(invalid(format!(
                "{:?} is not a currency code (three capital letters, ISO 4217)",
                p.amount.currency
            )));
        }
    }
    Ok(())
}

fn confirmed_already() -> ApiError {
    ApiError::conflict(
        "prizes_confirmed",
        "the winners are confirmed and their prizes posted; the prizes no longer change",
    )
}

/// `GET /staff/challenges/{slug}/prizes`.
pub async fn get(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    slug: &str,
) -> ApiResult<ChallengePrizes> {
    staff.require_staff()?;
    let c = challenges::visible(db, slug, true).await?;
    Ok(view(db, c.id).await?)
}

/// `PUT /staff/challenges/{slug}/prizes`: replaces the prizes; audited
/// (`challenge.prizes`). 409 `prizes_confirmed` once confirmed.
pub async fn put(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    slug: &str,
    input: PrizesInput,
) -> ApiResult<ChallengePrizes> {
    staff.require_staff()?;
    validate(&input)?;
    let c = challenges::visible(db, slug, true).await?;
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, c.id).await?;
    if confirmation(&txn, c.id).await?.is_some() {
        return Err(confirmed_already());
    }
    challenge_prize::Entity::delete_many()
        .filter(challenge_prize::Column::ChallengeId.eq(c.id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    let mut prizes = input.prizes;
    prizes.sort_by_key(|p| p.place);
    if !prizes.is_empty() {
        challenge_prize::Entity::insert_many(prizes.iter().map(|p| challenge_prize::ActiveModel {
            challenge_id: Set(c.id),
            place: Set(p.place),
            amount_minor: Set(p.amount.amount_minor),
            currency: Set(p.amount.currency.clone()),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    let detail = if prizes.is_empty() {
        "no prizes".to_owned()
    } else {
        prizes
            .iter()
            .map(|p| {
                format!(
                    "place {}: {} {}",
                    p.place, p.amount.amount_minor, p.amount.currency
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "challenge.prizes",
        &format!("challenge:{}", c.slug),
        &detail,
    )
    .await?;
    txn.commit().await?;
    Ok(view(db, c.id).await?)
}

/// `POST /staff/challenges/{slug}/winners/confirm`: posts each place's prize
/// to its winner, once, and records the confirmation; audited
/// (`challenge.confirm_winners`). Again: the same answer, nothing posted.
/// 409 `no_winners` before winners are picked.
pub async fn confirm(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    slug: &str,
) -> ApiResult<ChallengePrizes> {
    staff.require_staff()?;
    let c = challenges::visible(db, slug, true).await?;
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, c.id).await?;
    if confirmation(&txn, c.id).await?.is_some() {
        drop(txn);
        return Ok(view(db, c.id).await?);
    }
    let winners = challenge_winner::Entity::find()
        .filter(challenge_winner::Column::ChallengeId.eq(c.id))
        .order_by_asc(challenge_winner::Column::Place)
        .all(&txn)
        .await?;
    if winners.is_empty() {
        return Err(ApiError::conflict(
            "no_winners",
            "pick the winners before confirming them",
        ));
    }
    let prizes: BTreeMap<i32, challenge_prize::Model> = prizes_of(&txn, c.id)
        .await?
        .into_iter()
        .map(|p| (p.place, p))
        .collect();
    let authors = authors(&txn, winners.iter().map(|w| w.submission_id)).await?;
    let now = Utc::now();
    let mut detail = Vec::new();
    for w in &winners {
        let Some(author) = authors.get(&w.submission_id).copied() else {
            continue;
        };
        let Some(prize) = prizes.get(&w.place) else {
            detail.push(format!(
                "place {}: entry:{} (user:{author}), no prize",
                w.place, w.submission_id
            ));
            continue;
        };
        post(
            &txn,
            NewTransfer {
                key: prize_key(c.id, w.place),
                kind: TransferKind::Prize,
                source: format!("challenge:{}:{}", c.id, w.place),
                currency: prize.currency.clone(),
                memo: format!("{}: place {}", c.title, w.place),
                occurred_at: now,
                created_by: Some(staff.id()),
                lines: vec![
                    (
                        AccountRef::Platform(AccountKind::PrizePool),
                        prize.amount_minor,
                    ),
                    (AccountRef::Creator(author), -prize.amount_minor),
                ],
            },
        )
        .await?;
        detail.push(format!(
            "place {}: entry:{} (user:{author}), {} {}",
            w.place, w.submission_id, prize.amount_minor, prize.currency
        ));
    }
    let inserted = challenge_prize_confirmation::ActiveModel {
        challenge_id: Set(c.id),
        confirmed_by: Set(staff.id()),
        confirmed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        // Confirmed meanwhile (only possible without the row lock): that
        // confirmation stands; this one writes nothing.
        Err(e) if is_unique_violation(&e) => {
            drop(txn);
            return Ok(view(db, c.id).await?);
        }
        Err(e) => return Err(e.into()),
    }
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "challenge.confirm_winners",
        &format!("challenge:{}", c.slug),
        &detail.join("; "),
    )
    .await?;
    txn.commit().await?;
    Ok(view(db, c.id).await?)
}

async fn prizes_of<C: ConnectionTrait>(
    conn: &C,
    challenge_id: i64,
) -> Result<Vec<challenge_prize::Model>, DbErr> {
    challenge_prize::Entity::find()
        .filter(challenge_prize::Column::ChallengeId.eq(challenge_id))
        .order_by_asc(challenge_prize::Column::Place)
        .all(conn)
        .await
}

/// The author of each entry.
async fn authors<C: ConnectionTrait>(
    conn: &C,
    entries: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, i64>, DbErr> {
    let ids: BTreeSet<i64> = entries.into_iter().collect();
    Ok(submission::Entity::find()
        .filter(submission::Column::Id.is_in(ids))
        .select_only()
        .column(submission::Column::Id)
        .column(submission::Column::AuthorId)
        .into_tuple::<(i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The challenge's prizes and, once confirmed, who received them.
pub async fn view<C: ConnectionTrait>(
    conn: &C,
    challenge_id: i64,
) -> Result<ChallengePrizes, DbErr> {
    let prizes = prizes_of(conn, challenge_id).await?;
    let confirmed = confirmation(conn, challenge_id).await?;
    let mut awards = Vec::new();
    if confirmed.is_some() {
        let winners = challenge_winner::Entity::find()
            .filter(challenge_winner::Column::ChallengeId.eq(challenge_id))
            .order_by_asc(challenge_winner::Column::Place)
            .all(conn)
            .await?;
        let authors = authors(conn, winners.iter().map(|w| w.submission_id)).await?;
        let handles = agreements::handles(conn, authors.values().copied()).await?;
        let keys: Vec<String> = winners
            .iter()
            .map(|w| prize_key(challenge_id, w.place))
            .collect();
        let transfers: BTreeMap<String, ledger_transfer::Model> = ledger_transfer::Entity::find()
            .filter(ledger_transfer::Column::IdempotencyKey.is_in(keys))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| (t.idempotency_key.clone(), t))
            .collect();
        for w in winners {
            let (Some(t), Some(user)) = (
                transfers.get(&prize_key(challenge_id, w.place)),
                authors.get(&w.submission_id),
            ) else {
                continue;
            };
            awards.push(PrizeAward {
                place: w.place,
                submission_id: w.submission_id,
                user_id: *user,
                handle: handles.get(user).cloned().unwrap_or_default(),
                amount: money(t.amount_minor, &t.currency),
                transfer_id: t.id,
            });
        }
    }
    Ok(ChallengePrizes {
        prizes: prizes
            .into_iter()
            .map(|p| Prize {
                place: p.place,
                amount: money(p.amount_minor, &p.currency),
            })
            .collect(),
        confirmed_at: confirmed.map(|c| c.confirmed_at),
        awards,
    })
}

/// Staff may no longer change the winners of a confirmed challenge: 409
/// `winners_confirmed` (call with the challenge's row locked).
pub async fn refuse_if_confirmed<C: ConnectionTrait>(conn: &C, challenge_id: i64) -> ApiResult<()> {
    if confirmation(conn, challenge_id).await?.is_some() {
        return Err(ApiError::conflict(
            "winners_confirmed",
            "the winners are confirmed and their prizes posted; they no longer change",
        ));
    }
    Ok(())
}
