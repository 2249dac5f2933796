//! Integrity flags for staff: bursts of votes from brand-new accounts and
//! many accounts voting from one address. A flag is one row per (kind,
//! scope, key); later triggers refresh its detail. Staff review a flag and
//! may discount the entry votes behind it.

use std::collections::HashMap;

use atelier_api::FlagDecision;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::config::VotingSettings;
use crate::entities::{ballot, challenge, user, vote, vote_discount, vote_flag};
use crate::error::{ApiError, ApiResult, is_unique_violation};

async fn exists<C: ConnectionTrait>(db: &C, kind: &str, scope: &str, key: &str) -> ApiResult<bool> {
    Ok(vote_flag::Entity::find()
        .filter(vote_flag::Column::Kind.eq(kind))
        .filter(vote_flag::Column::Scope.eq(scope))
        .filter(vote_flag::Column::Key.eq(key))
        .count(db)
        .await?
        > 0)
}

async fn raise<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    scope: &str,
    key: &str,
    detail: String,
) -> ApiResult<()> {
    let existing = vote_flag::Entity::find()
        .filter(vote_flag::Column::Kind.eq(kind))
        .filter(vote_flag::Column::Scope.eq(scope))
        .filter(vote_flag::Column::Key.eq(key))
        .one(db)
        .await?;
    match existing {
        Some(f) if f.detail == detail => Ok(()),
        Some(f) => {
            let mut am: vote_flag::ActiveModel = f.into();
            am.detail = Set(detail);
            am.update(db).await?;
            Ok(())
        }
        None => {
            let res = vote_flag::ActiveModel {
                kind: Set(kind.to_owned()),
                scope: Set(scope.to_owned()),
                key: Set(key.to_owned()),
                detail: Set(detail),
                created_at: Set(Utc::now()),
                reviewed_at: Set(None),
                reviewed_by: Set(None),
                resolution: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await;
            match res {
                Ok(_) => Ok(()),
                // Raised concurrently by another vote: the flag exists.
                Err(e) if is_unique_violation(&e) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
    }
}

fn new_accounts() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::CreatedAt.gt(Utc::now() - Duration::hours(24)))
        .to_owned()
}

/// After a vote on an entry of `challenge_id` (shown as `scope`).
pub async fn check_vote(
    db: &DatabaseConnection,
    cfg: &VotingSettings,
    scope: &str,
    challenge_id: i64,
    voter_is_new: bool,
    ip: &str,
) -> ApiResult<()> {
    // Once raised, a flag is not recounted on every vote: the write path stays cheap.
    let hour = Utc::now().format("%Y-%m-%dT%H").to_string();
    if voter_is_new && !exists(db, "new_account_burst", scope, &hour).await? {
        let since = Utc::now() - Duration::hours(1);
        let burst = vote::Entity::find()
            .filter(vote::Column::ChallengeId.eq(challenge_id))
            .filter(vote::Column::UpdatedAt.gt(since))
            .filter(vote::Column::VoterId.in_subquery(new_accounts()))
            .count(db)
            .await?;
        if burst >= cfg.burst_threshold {
            raise(
                db,
                "new_account_burst",
                scope,
                &hour,
                format!("{burst} votes in the last hour from accounts under 24 hours old"),
            )
            .await?;
        }
    }
    if !ip.is_empty() && !exists(db, "shared_ip", scope, ip).await? {
        let voters: Vec<i64> = vote::Entity::find()
            .select_only()
            .column(vote::Column::VoterId)
            .distinct()
            .filter(vote::Column::ChallengeId.eq(challenge_id))
            .filter(vote::Column::Ip.eq(ip))
            .limit(cfg.shared_ip_threshold)
            .into_tuple()
            .all(db)
            .await?;
        if voters.len() as u64 >= cfg.shared_ip_threshold {
            raise(
                db,
                "shared_ip",
                scope,
                ip,
                format!("{} or more accounts voted from {ip}", voters.len()),
            )
            .await?;
        }
    }
    Ok(())
}

/// After a ballot in poll `poll_id`.
pub async fn check_ballot(
    db: &DatabaseConnection,
    cfg: &VotingSettings,
    poll_id: i64,
    voter_is_new: bool,
    ip: &str,
) -> ApiResult<()> {
    let scope = format!("poll:{poll_id}");
    let hour = Utc::now().format("%Y-%m-%dT%H").to_string();
    if voter_is_new && !exists(db, "new_account_burst", &scope, &hour).await? {
        let since = Utc::now() - Duration::hours(1);
        let burst = ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(poll_id))
            .filter(ballot::Column::UpdatedAt.gt(since))
            .filter(ballot::Column::VoterId.in_subquery(new_accounts()))
            .count(db)
            .await?;
        if burst >= cfg.burst_threshold {
            raise(
                db,
                "new_account_burst",
                &scope,
                &hour,
                format!("{burst} ballots in the last hour from accounts under 24 hours old"),
            )
            .await?;
        }
    }
    if !ip.is_empty() {
        let n = ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(poll_id))
            .filter(ballot::Column::Ip.eq(ip))
            .count(db)
            .await?;
        if n >= cfg.shared_ip_threshold {
            raise(
                db,
                "shared_ip",
                &scope,
                ip,
                format!("{n} accounts voted from {ip}"),
            )
            .await?;
        }
    }
    Ok(())
}

pub async fn list(db: &DatabaseConnection) -> ApiResult<Vec<atelier_api::VoteFlag>> {
    let discounted: HashMap<i64, i64> = vote_discount::Entity::find()
        .select_only()
        .column(vote_discount::Column::FlagId)
        .column_as(vote_discount::Column::VoteId.count(), "n")
        .group_by(vote_discount::Column::FlagId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(vote_flag::Entity::find()
        .order_by_desc(vote_flag::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| atelier_api::VoteFlag {
            discounted_votes: discounted
                .get(&f.id)
                .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            id: f.id,
            kind: f.kind,
            scope: f.scope,
            detail: f.detail,
            created_at: f.created_at,
            reviewed: f.reviewed_at.is_some(),
            resolution: f.resolution,
        })
        .collect())
}

fn not_discountable(why: &str) -> ApiError {
    ApiError::validation(why.to_owned()).code("flag_not_discountable")
}

/// The entry votes a flag is about: for `shared_ip`, every vote in the
/// challenge from that address; for `new_account_burst` (keyed by the hour it
/// was raised in), the votes cast in the hour before or the hour of raising
/// by accounts that were under 24 hours old when they voted.
async fn votes_behind<C: ConnectionTrait>(db: &C, f: &vote_flag::Model) -> ApiResult<Vec<i64>> {
    let Some(slug) = f.scope.strip_prefix("challenge:") else {
        return Err(not_discountable(
            "only flags on entry votes can be discounted; dismiss poll flags",
        ));
    };
    let c = challenge::Entity::find()
        .filter(challenge::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("the flag's challenge no longer exists"))?;
    match f.kind.as_str() {
        "shared_ip" => Ok(vote::Entity::find()
            .select_only()
            .column(vote::Column::Id)
            .filter(vote::Column::ChallengeId.eq(c.id))
            .filter(vote::Column::Ip.eq(f.key.as_str()))
            .into_tuple()
            .all(db)
            .await?),
        "new_account_burst" => {
            let hour =
                NaiveDateTime::parse_from_str(&format!("{}:00:00", f.key), "%Y-%m-%dT%H:%M:%S")
                    .map_err(|_| not_discountable("the flag's time bucket is unreadable"))?
                    .and_utc();
            let votes = vote::Entity::find()
                .filter(vote::Column::ChallengeId.eq(c.id))
                .filter(vote::Column::UpdatedAt.gte(hour - Duration::hours(1)))
                .filter(vote::Column::UpdatedAt.lt(hour + Duration::hours(1)))
                .all(db)
                .await?;
            let voter_ids: Vec<i64> = votes.iter().map(|v| v.voter_id).collect();
            let joined: HashMap<i64, DateTime<Utc>> = if voter_ids.is_empty() {
                HashMap::new()
            } else {
                user::Entity::find()
                    .select_only()
                    .column(user::Column::Id)
                    .column(user::Column::CreatedAt)
                    .filter(user::Column::Id.is_in(voter_ids))
                    .into_tuple::<(i64, DateTime<Utc>)>()
                    .all(db)
                    .await?
                    .into_iter()
                    .collect()
            };
            Ok(votes
                .into_iter()
                .filter(|v| {
                    joined
                        .get(&v.voter_id)
                        .is_some_and(|created| v.updated_at - *created < Duration::hours(24))
                })
                .map(|v| v.id)
                .collect())
        }
        _ => Err(not_discountable("this kind of flag cannot be discounted")),
    }
}

/// Records staff's review of a flag. `Discount` also marks the votes behind
/// it as discounted (the ranking leaves them out); the marks, the review and
/// the audit row commit together. Returns how many votes were newly marked.
pub async fn review(
    db: &DatabaseConnection,
    staff: &crate::auth::CurrentUser,
    id: i64,
    resolution: &str,
    decision: FlagDecision,
) -> ApiResult<u64> {
    staff.require_staff()?;
    let resolution = crate::audit::reason(resolution)?;
    let txn = crate::db::begin_write(db).await?;
    let f = vote_flag::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such flag"))?;
    let subject = format!("{}:{}", f.scope, f.kind);
    let now = Utc::now();
    let mut discounted = 0u64;
    if decision == FlagDecision::Discount {
        let ids = votes_behind(&txn, &f).await?;
        // Bounded batches: SQLite limits the bound parameters per statement.
        for chunk in ids.chunks(200) {
            discounted += vote_discount::Entity::insert_many(chunk.iter().map(|vote_id| {
                vote_discount::ActiveModel {
                    vote_id: Set(*vote_id),
                    flag_id: Set(f.id),
                    discounted_by: Set(staff.id()),
                    created_at: Set(now),
                }
            }))
            .on_conflict(
                OnConflict::column(vote_discount::Column::VoteId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
    }
    let mut am: vote_flag::ActiveModel = f.into();
    am.reviewed_at = Set(Some(now));
    am.reviewed_by = Set(Some(staff.id()));
    am.resolution = Set(Some(resolution.to_owned()));
    am.update(&txn).await?;
    match decision {
        FlagDecision::Dismiss => {
            crate::audit::record(
                &txn,
                Some(staff.id()),
                "vote_flag.review",
                &subject,
                resolution,
            )
            .await?
        }
        FlagDecision::Discount => {
            crate::audit::record(
                &txn,
                Some(staff.id()),
                "vote_flag.discount",
                &subject,
                &format!("{discounted} votes discounted; reason: {resolution}"),
            )
            .await?
        }
    }
    txn.commit().await?;
    Ok(discounted)
}
