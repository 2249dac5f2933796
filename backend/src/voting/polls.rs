//! Co-creation polls about a product: staff create them with options and a
//! counting method; once a poll opens its rules are locked. One ballot per
//! member per poll (unique index), replaceable until close when allowed.
//! Results: counts for single and approval polls, every instant-runoff round
//! for ranked ones. Staff can export the anonymised ballots as CSV, and a
//! recount of that file gives the published result.

mod ballots;
mod manage;
mod results;
mod text;
mod views;

pub use ballots::cast;
pub use manage::{create, invite, option_image_target, set_option_image, update};
pub use results::{count, export_csv, parse_csv, results};
pub use text::{OPTION_TEXT, TEXT};

use atelier_api::{Eligibility, Poll, PollMethod, PollState};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::irv;
use crate::auth::CurrentUser;
use crate::content_i18n::Locale;
use crate::entities::{poll, poll_invite, poll_option};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

fn invalid(code: &'static str, msg: impl Into<String>) -> ApiError {
    ApiError::validation(msg).code(code)
}

pub fn state_at(p: &poll::Model, now: DateTime<Utc>) -> PollState {
    if now < p.opens_at {
        PollState::Scheduled
    } else if now < p.closes_at {
        PollState::Open
    } else {
        PollState::Closed
    }
}

fn method(p: &poll::Model) -> PollMethod {
    PollMethod::parse(&p.method).unwrap_or(PollMethod::Single)
}

async fn options_of<C: ConnectionTrait>(
    db: &C,
    poll_id: i64,
) -> ApiResult<Vec<poll_option::Model>> {
    Ok(poll_option::Entity::find()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .order_by_asc(poll_option::Column::Position)
        .all(db)
        .await?)
}

async fn find<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<poll::Model> {
    poll::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("no such poll"))
}

async fn is_invited<C: ConnectionTrait>(db: &C, poll_id: i64, user_id: i64) -> ApiResult<bool> {
    Ok(poll_invite::Entity::find_by_id((poll_id, user_id))
        .one(db)
        .await?
        .is_some())
}

fn parse_choices(raw: &str) -> Vec<i64> {
    serde_json::from_str(raw).unwrap_or_default()
}

async fn refusal(
    db: &DatabaseConnection,
    state: &AppState,
    p: &poll::Model,
    voter: &CurrentUser,
) -> ApiResult<Option<ApiError>> {
    if voter.role.is_staff() {
        return Ok(Some(ApiError::forbidden(
            "staff run polls; they do not vote in them",
        )));
    }
    if state_at(p, Utc::now()) != PollState::Open {
        return Ok(Some(ApiError::conflict(
            "poll_not_open",
            "this poll is not open",
        )));
    }
    if p.eligibility == Eligibility::Invited.as_str() && !is_invited(db, p.id, voter.id()).await? {
        return Ok(Some(
            ApiError::forbidden("this poll is for invited members").code("not_invited"),
        ));
    }
    let min_age = Duration::hours(state.settings.voting.min_account_age_hours);
    if Utc::now() - voter.user.created_at < min_age {
        return Ok(Some(
            ApiError::forbidden("your account is too new to vote").code("account_too_new"),
        ));
    }
    Ok(crate::auth::verify::require_verified(&state.settings, &voter.user).err())
}

/// One poll as `viewer` sees it, in its base language (texts in every
/// language for staff).
pub async fn view(
    db: &DatabaseConnection,
    p: &poll::Model,
    viewer: Option<&CurrentUser>,
) -> ApiResult<Poll> {
    let locale = crate::content_i18n::base_of(&p.base_locale);
    view_in(db, p, viewer, locale).await
}

/// One poll as `viewer` sees it, in `locale`.
pub async fn view_in(
    db: &DatabaseConnection,
    p: &poll::Model,
    viewer: Option<&CurrentUser>,
    locale: Locale,
) -> ApiResult<Poll> {
    views::views(db, std::slice::from_ref(p), viewer, locale)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("no such poll"))
}

pub async fn get(
    db: &DatabaseConnection,
    id: i64,
    viewer: Option<&CurrentUser>,
    locale: Locale,
) -> ApiResult<Poll> {
    let p = find(db, id).await?;
    view_in(db, &p, viewer, locale).await
}

/// Every poll, newest first, in `locale`: a fixed number of queries however
/// many polls and options there are.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Option<&CurrentUser>,
    locale: Locale,
) -> ApiResult<Vec<Poll>> {
    let polls = poll::Entity::find()
        .order_by_desc(poll::Column::OpensAt)
        .all(db)
        .await?;
    views::views(db, &polls, viewer, locale).await
}
