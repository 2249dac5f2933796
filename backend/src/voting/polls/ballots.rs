//! Casting a ballot: single, approval or ranked choices, checked against
//! the poll and its invitations.

use super::{find, invalid, method, options_of, refusal, view_in};
use crate::auth::CurrentUser;
use crate::content_i18n::Locale;
use crate::entities::{poll, poll_option};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::voting::batch::{BallotWrite, Write};
use atelier_api::{BallotRequest, Poll, PollMethod};
use chrono::{Duration, Utc};

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

/// Casts or replaces the voter's ballot through the group-committing writer
/// (`voting::batch`), which answers once the ballot is committed. Sending
/// the same ballot again is a no-op; concurrent submissions leave exactly one
/// row. A ballot is one row upserted by (poll, voter), so it batches like a
/// vote; where the poll's ballots are final, the writer inserts unless
/// present and compares in the same transaction (`ballot_final` when the
/// stored ballot differs).
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
    state
        .vote_writer
        .write(Write::Ballot(BallotWrite {
            poll_id: p.id,
            voter_id: voter.id(),
            choices: encoded,
            ip: ip.to_owned(),
            replace: p.allow_change,
            voter_is_new: Utc::now() - voter.user.created_at < Duration::hours(24),
        }))
        .await?;
    view_in(db, &p, Some(voter), locale).await
}
