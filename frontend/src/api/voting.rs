//! Votes on entries, results and winners, integrity flags, and polls.

use super::{ApiError, Body, authed, authed_response, encode_component, upload_image, viewer};
use crate::session::Session;
use atelier_api::{
    BallotRequest, ChallengeResults, InviteRequest, InviteResult, MyVote, PickWinnersRequest, Poll,
    PollInput, PollList, PollResults, ReviewFlagRequest, VoteFlagList, VoteRequest,
};
use gloo_net::http::Method;

pub async fn my_vote(session: Session, entry_id: i64) -> Result<MyVote, ApiError> {
    let path = format!("/entries/{entry_id}/vote");
    authed(session, Method::GET, &path, Body::Empty).await
}

pub async fn vote(session: Session, entry_id: i64, score: i16) -> Result<MyVote, ApiError> {
    let path = format!("/entries/{entry_id}/vote");
    authed(
        session,
        Method::PUT,
        &path,
        Body::json(&VoteRequest { score })?,
    )
    .await
}

pub async fn results(session: Session, slug: &str) -> Result<ChallengeResults, ApiError> {
    let path = format!("/challenges/{}/results", encode_component(slug));
    viewer(session, Method::GET, &path, Body::Empty).await
}

pub async fn pick_winners(
    session: Session,
    slug: &str,
    req: &PickWinnersRequest,
) -> Result<ChallengeResults, ApiError> {
    let path = format!("/challenges/{}/winners", encode_component(slug));
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

pub async fn vote_flags(session: Session) -> Result<VoteFlagList, ApiError> {
    authed(session, Method::GET, "/staff/vote-flags", Body::Empty).await
}

pub async fn review_flag(
    session: Session,
    id: i64,
    req: &ReviewFlagRequest,
) -> Result<(), ApiError> {
    let path = format!("/staff/vote-flags/{id}");
    authed_response(session, Method::POST, &path, Body::json(req)?)
        .await
        .map(drop)
}

pub async fn polls(session: Session) -> Result<PollList, ApiError> {
    viewer(session, Method::GET, "/polls", Body::Empty).await
}

pub async fn poll(session: Session, id: i64) -> Result<Poll, ApiError> {
    viewer(session, Method::GET, &format!("/polls/{id}"), Body::Empty).await
}

pub async fn create_poll(session: Session, input: &PollInput) -> Result<Poll, ApiError> {
    authed(session, Method::POST, "/polls", Body::json(input)?).await
}

pub async fn cast_ballot(session: Session, id: i64, choices: Vec<i64>) -> Result<Poll, ApiError> {
    let path = format!("/polls/{id}/ballot");
    let body = Body::json(&BallotRequest { choices })?;
    authed(session, Method::PUT, &path, body).await
}

pub async fn invite(
    session: Session,
    id: i64,
    handles: Vec<String>,
) -> Result<InviteResult, ApiError> {
    let path = format!("/polls/{id}/invites");
    authed(
        session,
        Method::POST,
        &path,
        Body::json(&InviteRequest { handles })?,
    )
    .await
}

pub async fn poll_results(session: Session, id: i64) -> Result<PollResults, ApiError> {
    let path = format!("/polls/{id}/results");
    viewer(session, Method::GET, &path, Body::Empty).await
}

pub async fn option_image(
    session: Session,
    poll_id: i64,
    option_id: i64,
    image: web_sys::File,
) -> Result<Poll, ApiError> {
    let path = format!("/polls/{poll_id}/options/{option_id}/image");
    upload_image(session, Method::PUT, &path, &image).await
}

/// Takes the viewer's vote on an entry back (during voting).
pub async fn clear_vote(session: Session, entry_id: i64) -> Result<MyVote, ApiError> {
    let path = format!("/entries/{entry_id}/vote");
    authed(session, Method::DELETE, &path, Body::Empty).await
}
