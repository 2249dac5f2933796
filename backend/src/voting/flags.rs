//! Integrity flags for staff: bursts of votes from brand-new accounts and
//! many accounts voting from one address. A flag is one row per (kind,
//! scope, key); later triggers refresh its detail.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::config::VotingSettings;
use crate::entities::{ballot, user, vote, vote_flag};
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
    Ok(vote_flag::Entity::find()
        .order_by_desc(vote_flag::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| atelier_api::VoteFlag {
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

pub async fn review(
    db: &DatabaseConnection,
    staff: &crate::auth::CurrentUser,
    id: i64,
    resolution: &str,
) -> ApiResult<()> {
    staff.require_staff()?;
    let resolution = crate::audit::reason(resolution)?;
    let f = vote_flag::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("no such flag"))?;
    let subject = format!("{}:{}", f.scope, f.kind);
    let mut am: vote_flag::ActiveModel = f.into();
    am.reviewed_at = Set(Some(Utc::now()));
    am.reviewed_by = Set(Some(staff.id()));
    am.resolution = Set(Some(resolution.to_owned()));
    am.update(db).await?;
    crate::audit::record(
        db,
        Some(staff.id()),
        "vote_flag.review",
        &subject,
        resolution,
    )
    .await?;
    Ok(())
}
