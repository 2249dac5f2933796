//! Reading challenges and turning rows into API summaries.

use atelier_api::{ChallengeStatus, ChallengeSummary, Phase, Theme};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::phase::PhaseTimes;
use crate::entities::challenge;
use crate::error::{ApiError, ApiResult};

pub fn times(m: &challenge::Model) -> PhaseTimes {
    PhaseTimes {
        submissions_open_at: m.submissions_open_at,
        voting_open_at: m.voting_open_at,
        voting_close_at: m.voting_close_at,
        results_at: m.results_at,
    }
}

pub fn summary(m: &challenge::Model, now: DateTime<Utc>) -> ChallengeSummary {
    let overridden = m.phase_override.as_deref().and_then(Phase::parse);
    ChallengeSummary {
        id: m.id,
        slug: m.slug.clone(),
        title: m.title.clone(),
        theme: Theme::parse(&m.theme).unwrap_or(Theme::Topic),
        palette: serde_json::from_str(&m.palette).unwrap_or_default(),
        status: ChallengeStatus::parse(&m.status).unwrap_or(ChallengeStatus::Draft),
        phase: times(m).phase_at(now, overridden),
        submissions_open_at: m.submissions_open_at,
        voting_open_at: m.voting_open_at,
        voting_close_at: m.voting_close_at,
        results_at: m.results_at,
    }
}

/// Published challenges, newest first; staff also see drafts and archived.
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

pub async fn by_slug(
    db: &DatabaseConnection,
    slug: &str,
    include_unpublished: bool,
) -> ApiResult<ChallengeSummary> {
    let m = challenge::Entity::find()
        .filter(challenge::Column::Slug.eq(slug))
        .one(db)
        .await?
        .filter(|m| include_unpublished || m.status == ChallengeStatus::Published.as_str())
        .ok_or_else(|| ApiError::not_found(format!("no challenge {slug:?}")))?;
    Ok(summary(&m, Utc::now()))
}
