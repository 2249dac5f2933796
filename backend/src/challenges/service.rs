//! Reading challenges and turning rows into API summaries and details, with
//! the texts in the reader's language.

use std::collections::HashMap;

use atelier_api::{ChallengeDetail, ChallengeStatus, ChallengeSummary, EntryStatus, Phase, Theme};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::phase::PhaseTimes;
use super::text::TEXT;
use crate::content_i18n::{Loaded, Locale};
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

/// Where the challenge's cover is served, if it has one.
pub fn cover_url(m: &challenge::Model) -> Option<String> {
    m.cover_key.as_deref().map(crate::entries::read::media_url)
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
        cover_url: cover_url(m),
    }
}

/// The summary with its title in `locale` (from `loaded`, which holds the
/// challenge's translations).
pub fn summary_in(
    m: &challenge::Model,
    now: DateTime<Utc>,
    loaded: &Loaded,
    locale: Locale,
) -> ChallengeSummary {
    let mut s = summary(m, now);
    s.title = loaded
        .resolve(m.id, &m.base_locale, locale, "title", &m.title)
        .to_owned();
    s
}

/// The detail in the base language, without the staff's texts.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    m: &challenge::Model,
) -> ApiResult<ChallengeDetail> {
    detail_in(db, m, crate::content_i18n::base_of(&m.base_locale), false).await
}

/// The detail in `locale`; for staff with the texts in every language.
pub async fn detail_in<C: ConnectionTrait>(
    db: &C,
    m: &challenge::Model,
    locale: Locale,
    staff: bool,
) -> ApiResult<ChallengeDetail> {
    let loaded = Loaded::load(db, TEXT.kind, &[m.id], (!staff).then_some(locale)).await?;
    let entry_count = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(m.id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()))
        .count(db)
        .await?;
    let resolve = |field: &str, base: &str| {
        loaded
            .resolve(m.id, &m.base_locale, locale, field, base)
            .to_owned()
    };
    let brief = resolve("brief", &m.brief);
    Ok(ChallengeDetail {
        summary: summary_in(m, Utc::now(), &loaded, locale),
        brief_html: super::markdown::render(&brief),
        brief,
        rules: super::admin::rules_of(m),
        prizes: resolve("prizes", &m.prizes),
        phase_override: phase_override(m),
        entry_count,
        tallies_during_voting: m.tallies_during_voting,
        base_locale: m.base_locale.clone(),
        my_entries: None,
        max_upload_bytes: None,
        texts: staff.then(|| {
            loaded.texts(
                m.id,
                &m.base_locale,
                &[
                    ("title", &m.title),
                    ("brief", &m.brief),
                    ("prizes", &m.prizes),
                ],
            )
        }),
    })
}

/// How many of `author`'s entries in challenge `challenge_id` hold a place
/// (the count `rules.entries_per_member` limits).
pub async fn entries_used<C: ConnectionTrait>(
    db: &C,
    challenge_id: i64,
    author_id: i64,
) -> ApiResult<u32> {
    let n = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(challenge_id))
        .filter(submission::Column::AuthorId.eq(author_id))
        .filter(submission::Column::Slot.is_not_null())
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn is_public(m: &challenge::Model) -> bool {
    m.status == ChallengeStatus::Published.as_str()
}

/// The titles of the challenges `slugs` in `locale`, by slug (for answers
/// that name a challenge, such as entries). Two queries.
pub async fn titles_in<C: ConnectionTrait>(
    db: &C,
    slugs: &[&str],
    locale: Locale,
) -> ApiResult<HashMap<String, String>> {
    let rows = challenge::Entity::find()
        .filter(challenge::Column::Slug.is_in(slugs.iter().copied()))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let loaded = Loaded::load(db, TEXT.kind, &ids, Some(locale)).await?;
    Ok(rows
        .iter()
        .map(|m| {
            let title = loaded.resolve(m.id, &m.base_locale, locale, "title", &m.title);
            (m.slug.clone(), title.to_owned())
        })
        .collect())
}

/// Published challenges, newest first, titled in `locale`; staff may
/// include drafts and archived. Two queries, however many challenges.
pub async fn list(
    db: &DatabaseConnection,
    include_unpublished: bool,
    phase: Option<Phase>,
    locale: Locale,
) -> ApiResult<Vec<ChallengeSummary>> {
    let mut q = challenge::Entity::find().order_by_desc(challenge::Column::SubmissionsOpenAt);
    if !include_unpublished {
        q = q.filter(challenge::Column::Status.eq(ChallengeStatus::Published.as_str()));
    }
    let now = Utc::now();
    let rows: Vec<challenge::Model> = q
        .all(db)
        .await?
        .into_iter()
        .filter(|m| phase.is_none_or(|p| self::phase(m, now) == p))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let loaded = Loaded::load(db, TEXT.kind, &ids, Some(locale)).await?;
    Ok(rows
        .iter()
        .map(|m| summary_in(m, now, &loaded, locale))
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
