//! Co-creation polls about a product: staff create them with options and a
//! counting method; once a poll opens its rules are locked. One ballot per
//! member per poll (unique index), replaceable until close when allowed.
//! Results: counts for single and approval polls, every instant-runoff round
//! for ranked ones. Staff can export the anonymised ballots as CSV, and a
//! recount of that file gives the published result.

mod ballots;
mod manage;
mod results;

pub use ballots::cast;
pub use manage::{create, invite, option_image_target, set_option_image, update};
pub use results::{count, export_csv, parse_csv, results};

use atelier_api::{Eligibility, Poll, PollMethod, PollOption, PollState};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::irv;
use crate::auth::CurrentUser;
use crate::entities::{ballot, poll, poll_invite, poll_option};
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

pub async fn view(
    db: &DatabaseConnection,
    p: &poll::Model,
    viewer: Option<&CurrentUser>,
) -> ApiResult<Poll> {
    let options = options_of(db, p.id).await?;
    let my_ballot = match viewer {
        Some(v) => ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(p.id))
            .filter(ballot::Column::VoterId.eq(v.id()))
            .one(db)
            .await?
            .map(|b| parse_choices(&b.choices)),
        None => None,
    };
    let open = state_at(p, Utc::now()) == PollState::Open;
    let can_vote = match viewer {
        Some(v) if open && !v.role.is_staff() => {
            (p.eligibility != Eligibility::Invited.as_str() || is_invited(db, p.id, v.id()).await?)
                && (my_ballot.is_none() || p.allow_change)
        }
        _ => false,
    };
    Ok(Poll {
        id: p.id,
        question: p.question.clone(),
        product: p.product.clone(),
        description: p.description.clone(),
        method: method(p),
        max_choices: p.max_choices,
        eligibility: Eligibility::parse(&p.eligibility).unwrap_or(Eligibility::AllMembers),
        allow_change: p.allow_change,
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        state: state_at(p, Utc::now()),
        options: options
            .into_iter()
            .map(|o| PollOption {
                id: o.id,
                label: o.label,
                image_url: o.image_key.map(|k| format!("/api/v1/media/{k}")),
            })
            .collect(),
        my_ballot,
        can_vote,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> ApiResult<Poll> {
    let p = find(db, id).await?;
    view(db, &p, viewer).await
}

pub async fn list(db: &DatabaseConnection, viewer: Option<&CurrentUser>) -> ApiResult<Vec<Poll>> {
    let polls = poll::Entity::find()
        .order_by_desc(poll::Column::OpensAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(polls.len());
    for p in &polls {
        out.push(view(db, p, viewer).await?);
    }
    Ok(out)
}
