//! Reading challenges and turning rows into API summaries and details.

use atelier_api::{ChallengeDetail, ChallengeStatus, ChallengeSummary, EntryStatus, Phase, Theme};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::phase::PhaseTimes;
use crate::entities::{challenge, submission};
use crate::error::{ApiError, ApiResult};

pub fn times(m: &challenge::Model) -> PhaseTimes {
    PhaseTimes {
        submissions_open_at: m.submissions_open_at,
        voting_open_at: m.voting_open_at,
        voting_close_at: m.voting_close_at,
        results_at: m.results_at,
    }
}

pub fn phase_override(m: &challenge::Model) -> Option<Phase> {
    m.phase_override.as_deref().and_then(Phase::parse)
}

/// The phase right now, override included.
pub fn phase(m: &challenge::Model, now: DateTime<Utc>) -> Phase {
    times(m).phase_at(now, phase_override(m))
}

pub fn summary(m: &challenge::Model, now: DateTime<Utc>) -> ChallengeSummary {
    ChallengeSummary {
        id: m.id,
        slug: m.slug.clone(),
        title: m.title.clone(),
        theme: Theme::parse(&m.theme).unwrap_or(Theme::Topic),
        palette: serde_json::from_str(&m.palette).unwrap_or_default(),
        status: ChallengeStatus::parse(&m.status).unwrap_or(ChallengeStatus::Draft),
        phase: phase(m, now),
        submissions_open_at: m.submissions_open_at,
        voting_open_at: m.voting_open_at,
        voting_close_at: m.voting_close_at,
        results_at: m.results_at,
    }
}

pub async fn detail<C: ConnectionTrait>(
    db: &C,
    m: &challenge::Model,
) -> ApiResult<ChallengeDetail> {
    let entry_count = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(m.id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()))
        .count(db)
        .await?;
    Ok(ChallengeDetail {
        summary: summary(m, Utc::now()),
        brief: m.brief.clone(),
        brief_html: super::markdown::render(&m.brief),
        rules: super::admin::rules_of(m),
        prizes: m.prizes.clone(),
        cover_url: m.cover_key.as_ref().map(|k| format!("/api/v1/media/{k}")),
        phase_override: phase_override(m),
        entry_count,
        tallies_during_voting: m.tallies_during_voting,
    })
}

pub fn is_public(m: &challenge::Model) -> bool {
    m.status == ChallengeStatus::Published.as_str()
}

/// Published challenges, newest first; staff may include drafts and archived.
pub async fn list(
    db: &DatabaseConnection,
    include_unpublished: bool,
    phase: Option<Phase>,
) -> ApiResult<Vec<ChallengeSummary>> {
    let mut q = challenge::Entity::find().order_by_desc(challenge::Column::SubmissionsOpenAt);
    if !include_unpublished {
        q = q.filter(challenge::Column::Status.eq(ChallengeStatus::Published.as_str()));
    }
    let now = Utc::now();
    Ok(q.all(db)
        .await?
        .iter()
        .map(|m| summary(m, now))
        .filter(|s| phase.is_none_or(|p| s.phase == p))
        .collect())
}

/// A challenge the viewer may see: drafts and archived ones only for staff.
pub async fn visible(
    db: &impl ConnectionTrait,
    slug: &str,
    staff: bool,
) -> ApiResult<challenge::Model> {
    let m = super::admin::find(db, slug).await?;
    if staff || is_public(&m) {
        Ok(m)
    } else {
        Err(ApiError::not_found(format!("no challenge {slug:?}")))
    }
}
