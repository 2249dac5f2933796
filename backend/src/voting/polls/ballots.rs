//! Casting a ballot: single, approval or ranked choices, checked against
//! the poll and its invitations.

use super::{find, invalid, method, options_of, refusal, view_in};
use crate::auth::CurrentUser;
use crate::content_i18n::Locale;
use crate::entities::{ballot, poll, poll_option};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use atelier_api::{BallotRequest, Poll, PollMethod};
use chrono::{Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use std::collections::HashSet;

/// Checks a ballot against the poll's method; returns the choices to store.
fn validate_choices(
    p: &poll::Model,
    options: &[poll_option::Model],
    choices: &[i64],
) -> ApiResult<Vec<i64>> {
    let ids: HashSet<i64> = options.iter().map(|o| o.id).collect();
    let mut seen = HashSet::new();
    for c in choices {
        if !ids.contains(c) {
            return Err(invalid(
                "invalid_choice",
                format!("{c} is not an option of this poll"),
            ));
        }
        if !seen.insert(*c) {
            return Err(invalid("invalid_choice", "an option appears twice"));
        }
    }
    let n = choices.len();
    let ok = match method(p) {
        PollMethod::Single => n == 1,
        PollMethod::Approval => (1..=usize::try_from(p.max_choices).unwrap_or(1)).contains(&n),
        PollMethod::Ranked => n >= 1,
    };
    if !ok {
        return Err(invalid(
            "invalid_choice",
            match method(p) {
                PollMethod::Single => "choose exactly one option".to_owned(),
                PollMethod::Approval => format!("approve 1 to {} options", p.max_choices),
                PollMethod::Ranked => "rank at least one option".to_owned(),
            },
        ));
    }
    Ok(choices.to_vec())
}

/// Casts or replaces the voter's ballot. Sending the same ballot again is a
/// no-op; concurrent submissions leave exactly one row.
pub async fn cast(
    state: &AppState,
    voter: &CurrentUser,
    id: i64,
    req: BallotRequest,
    ip: &str,
    locale: Locale,
) -> ApiResult<Poll> {
    let db = &state.db;
    state
        .vote_limiter
        .hit(&format!("vote:{}", voter.id()))
        .map_err(ApiError::too_many_requests)?;
    let p = find(db, id).await?;
    if let Some(e) = refusal(db, state, &p, voter).await? {
        return Err(e);
    }
    let options = options_of(db, p.id).await?;
    let choices = validate_choices(&p, &options, &req.choices)?;
    let encoded = serde_json::to_string(&choices).map_err(ApiError::internal)?;
    let now = Utc::now();
    let row = ballot::ActiveModel {
        poll_id: Set(p.id),
        voter_id: Set(voter.id()),
        choices: Set(encoded.clone()),
        ip: Set(ip.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    if p.allow_change {
        ballot::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([ballot::Column::PollId, ballot::Column::VoterId])
                    .update_columns([
                        ballot::Column::Choices,
                        ballot::Column::UpdatedAt,
                        ballot::Column::Ip,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    } else {
        let inserted = ballot::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([ballot::Column::PollId, ballot::Column::VoterId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        if inserted == 0 {
            // Already cast: the same ballot again is fine, another is not.
            let existing = ballot::Entity::find()
                .filter(ballot::Column::PollId.eq(p.id))
                .filter(ballot::Column::VoterId.eq(voter.id()))
                .one(db)
                .await?;
            if existing.is_some_and(|b| b.choices != encoded) {
                return Err(ApiError::conflict(
                    "ballot_final",
                    "this poll does not allow changing a ballot",
                ));
            }
        }
    }
    let is_new = now - voter.user.created_at < Duration::hours(24);
    crate::voting::flags::check_ballot(db, &state.settings.voting, p.id, is_new, ip).await?;
    view_in(db, &p, Some(voter), locale).await
}
