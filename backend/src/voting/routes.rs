//! HTTP handlers for votes, results, winners, polls and integrity flags.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use atelier_api::{
    BallotRequest, ChallengeResults, InviteRequest, InviteResult, MyVote, PickWinnersRequest, Poll,
    PollInput, PollList, PollResults, ReviewFlagRequest, VoteFlagList, VoteRequest,
};

use super::{flags, polls, votes};
use crate::auth::routes::client_ip;
use crate::auth::{CurrentUser, MaybeUser};
use crate::content_i18n::{AcceptLanguage, RequestLocale, localized};
use crate::error::ApiResult;
use crate::state::AppState;

/// Scores an entry 1-5 during voting; sending again changes the score.
#[utoipa::path(
    put,
    path = "/api/v1/entries/{id}/vote",
    tag = "voting",
    security(("bearer" = ["member", "expert"])),
    params(("id" = i64, Path)),
    request_body = VoteRequest,
    responses(
        (status = 200, body = MyVote),
        (status = 403, body = atelier_api::ErrorBody, description = "`own_entry`, `account_too_new`, `forbidden` (staff pick winners; they do not vote)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`voting_not_open`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_score`"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`")
    )
)]
#[put("/entries/{id}/vote")]
pub async fn vote(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<VoteRequest>,
) -> ApiResult<HttpResponse> {
    let v = votes::cast(&state, &user, id.into_inner(), body.score, &client_ip(&req)).await?;
    Ok(HttpResponse::Ok().json(v))
}

/// Takes one's vote on an entry back during voting (no vote: nothing
/// changes); the entry's tally no longer counts it.
#[utoipa::path(
    delete,
    path = "/api/v1/entries/{id}/vote",
    tag = "voting",
    security(("bearer" = ["member", "expert"])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = MyVote, description = "the vote is gone: `score` is null"),
        (status = 403, body = atelier_api::ErrorBody, description = "`own_entry`, `account_too_new`, `email_unverified`, `forbidden` (staff do not vote)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`voting_not_open`, `vote_locked` (staff discounted it)"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`")
    )
)]
#[delete("/entries/{id}/vote")]
pub async fn clear_vote(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(votes::clear(&state, &user, id.into_inner()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/entries/{id}/vote",
    tag = "voting",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = MyVote), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"))
)]
#[get("/entries/{id}/vote")]
pub async fn my_vote(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(votes::mine(&state, &user, id.into_inner()).await?))
}

/// The ranking and the winners; public once results are published (or
/// during voting when the challenge shows tallies), always for staff.
#[utoipa::path(
    get,
    path = "/api/v1/challenges/{slug}/results",
    tag = "voting",
    security((), ("bearer" = [])),
    params(("slug" = String, Path), AcceptLanguage),
    responses((status = 200, body = ChallengeResults, description = "the challenge's title in the requested language", headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"), (status = 409, body = atelier_api::ErrorBody, description = "`results_not_published`"))
)]
#[get("/challenges/{slug}/results")]
pub async fn results(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    slug: web::Path<String>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, slug, staff) = (&state.db, slug.as_str(), viewer.is_staff());
    let r = crate::db::read(|| votes::results(db, slug, staff, locale)).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(r))
}

/// Staff pick the winners (in place order) once voting has closed; audited.
#[utoipa::path(
    put,
    path = "/api/v1/challenges/{slug}/winners",
    tag = "voting",
    security(("bearer" = ["staff", "admin"])),
    params(("slug" = String, Path), AcceptLanguage),
    request_body = PickWinnersRequest,
    responses((status = 200, body = ChallengeResults, headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"), (status = 409, body = atelier_api::ErrorBody, description = "`voting_not_closed`, `winners_confirmed` (staff confirmed the winners and their prizes were posted)"), (status = 422, body = atelier_api::ErrorBody, description = "`invalid_winners`, `reason_required`"))
)]
#[put("/challenges/{slug}/winners")]
pub async fn pick_winners(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: web::Json<PickWinnersRequest>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let r =
        votes::pick_winners(&state.db, &user, &slug, &body.entries, &body.reason, locale).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(r))
}

#[utoipa::path(
    get,
    path = "/api/v1/polls",
    tag = "polls",
    security((), ("bearer" = [])),
    params(AcceptLanguage),
    responses((status = 200, body = PollList, description = "texts in the requested language", headers(("Content-Language" = String))))
)]
#[get("/polls")]
pub async fn list_polls(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, viewer) = (&state.db, viewer.0.as_ref());
    let items = crate::db::read(|| polls::list(db, viewer, locale)).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(PollList { items }))
}

#[utoipa::path(
    post,
    path = "/api/v1/polls",
    tag = "polls",
    security(("bearer" = ["staff", "admin"])),
    params(AcceptLanguage),
    request_body = PollInput,
    responses(
        (status = 201, body = Poll, headers(("Content-Language" = String))),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_question`, `invalid_product`, `invalid_description`, `invalid_options` (base text or a translation), `invalid_max_choices`, `invalid_poll_times`, `validation_failed` (an unknown language or field in `translations`, or `base_locale`)")
    )
)]
#[post("/polls")]
pub async fn create_poll(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<PollInput>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let p = polls::create(&state.db, &user, body.into_inner(), locale).await?;
    Ok(localized(HttpResponse::Created(), locale).json(p))
}

#[utoipa::path(
    get,
    path = "/api/v1/polls/{id}",
    tag = "polls",
    security((), ("bearer" = [])),
    params(("id" = i64, Path), AcceptLanguage),
    responses((status = 200, body = Poll, description = "texts in the requested language (staff also get them in every language)", headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"))
)]
#[get("/polls/{id}")]
pub async fn get_poll(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, id, viewer) = (&state.db, id.into_inner(), viewer.0.as_ref());
    let p = crate::db::read(|| polls::get(db, id, viewer, locale)).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(p))
}

/// Replaces a poll's definition while it is still scheduled.
#[utoipa::path(
    patch,
    path = "/api/v1/polls/{id}",
    tag = "polls",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path), AcceptLanguage),
    request_body = PollInput,
    responses(
        (status = 200, body = Poll, headers(("Content-Language" = String))),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`poll_locked`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_question`, `invalid_product`, `invalid_description`, `invalid_options` (base text or a translation), `invalid_max_choices`, `invalid_poll_times`, `validation_failed` (an unknown language or field in `translations`, or `base_locale`)")
    )
)]
#[patch("/polls/{id}")]
pub async fn update_poll(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<PollInput>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let p = polls::update(&state.db, &user, id.into_inner(), body.into_inner(), locale).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(p))
}

/// Sets an option's image: `multipart/form-data` with the image in `file`.
#[utoipa::path(
    put,
    path = "/api/v1/polls/{id}/options/{option_id}/image",
    tag = "polls",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path), ("option_id" = i64, Path)),
    request_body(content = crate::media::upload::ImageForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = Poll),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`: no such poll or option"),
        (status = 409, body = atelier_api::ErrorBody, description = "`poll_locked`"),
        (status = 413, body = atelier_api::ErrorBody, description = "`payload_too_large`, `image_too_large`"),
        (status = 415, body = atelier_api::ErrorBody, description = "`unsupported_image_format`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_image`, `processing_timeout`"),
        (status = 503, body = atelier_api::ErrorBody, description = "`store_unavailable`")
    )
)]
#[put("/polls/{id}/options/{option_id}/image")]
pub async fn option_image(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, i64)>,
    req: HttpRequest,
    form: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    // Refusals first, before a byte of the image is read.
    let (poll_id, option_id) = path.into_inner();
    user.require_staff()?;
    let spec = crate::media::upload::UploadForm::image(&state.settings.media);
    spec.check_request(&req)?;
    polls::option_image_target(&state.db, &user, poll_id, option_id).await?;
    let upload = spec.receive(&state, form).await?;
    let image = upload.file.clone();
    Ok(HttpResponse::Ok()
        .json(polls::set_option_image(&state, &user, poll_id, option_id, image).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/polls/{id}/invites",
    tag = "polls",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = InviteRequest,
    responses(
        (status = 200, body = InviteResult),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`too_many_invites`")
    )
)]
#[post("/polls/{id}/invites")]
pub async fn invite(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<InviteRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(polls::invite(&state.db, &user, id.into_inner(), &body.handles).await?))
}

/// Casts (or, where allowed, replaces) the viewer's ballot.
#[utoipa::path(
    put,
    path = "/api/v1/polls/{id}/ballot",
    tag = "polls",
    security(("bearer" = ["member", "expert"])),
    params(("id" = i64, Path), AcceptLanguage),
    request_body = BallotRequest,
    responses(
        (status = 200, body = Poll, headers(("Content-Language" = String))),
        (status = 403, body = atelier_api::ErrorBody, description = "`not_invited`, `account_too_new`, `forbidden` (staff run polls; they do not vote)"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 409, body = atelier_api::ErrorBody, description = "`poll_not_open`, `ballot_final`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`invalid_choice`"),
        (status = 429, body = atelier_api::ErrorBody, description = "`rate_limited`")
    )
)]
#[put("/polls/{id}/ballot")]
pub async fn ballot(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<BallotRequest>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let p = polls::cast(
        &state,
        &user,
        id.into_inner(),
        body.into_inner(),
        &client_ip(&req),
        locale,
    )
    .await?;
    Ok(localized(HttpResponse::Ok(), locale).json(p))
}

#[utoipa::path(
    get,
    path = "/api/v1/polls/{id}/results",
    tag = "polls",
    security((), ("bearer" = [])),
    params(("id" = i64, Path), AcceptLanguage),
    responses((status = 200, body = PollResults, description = "option labels in the requested language", headers(("Content-Language" = String))), (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"), (status = 409, body = atelier_api::ErrorBody, description = "`results_not_published`"))
)]
#[get("/polls/{id}/results")]
pub async fn poll_results(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    id: web::Path<i64>,
    lang: RequestLocale,
) -> ApiResult<HttpResponse> {
    let locale = lang.0;
    let (db, id, staff) = (&state.db, id.into_inner(), viewer.is_staff());
    let r = crate::db::read(|| polls::results(db, id, staff, locale)).await?;
    Ok(localized(HttpResponse::Ok(), locale).json(r))
}

/// The anonymised ballots as CSV, for anyone to recount.
#[utoipa::path(
    get,
    path = "/api/v1/polls/{id}/ballots.csv",
    tag = "polls",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, content_type = "text/csv", description = "ballot,option_<id>...; each cell is the option's rank on that ballot"),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`")
    )
)]
#[get("/polls/{id}/ballots.csv")]
pub async fn export(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let csv = polls::export_csv(&state.db, &user, id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"poll-{id}-ballots.csv\""),
        ))
        .body(csv))
}

#[utoipa::path(
    get,
    path = "/api/v1/staff/vote-flags",
    tag = "voting",
    security(("bearer" = ["staff", "admin"])),
    responses((status = 200, body = VoteFlagList))
)]
#[get("/staff/vote-flags")]
pub async fn list_flags(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    user.require_staff()?;
    Ok(HttpResponse::Ok().json(VoteFlagList {
        items: flags::list(&state.db).await?,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/staff/vote-flags/{id}",
    tag = "voting",
    security(("bearer" = ["staff", "admin"])),
    params(("id" = i64, Path)),
    request_body = ReviewFlagRequest,
    responses(
        (status = 204, description = "reviewed; with `decision: discount` the votes behind the flag no longer count"),
        (status = 403, body = atelier_api::ErrorBody),
        (status = 404, body = atelier_api::ErrorBody, description = "`not_found`"),
        (status = 422, body = atelier_api::ErrorBody, description = "`reason_required`, `flag_not_discountable` (poll flags)")
    )
)]
#[post("/staff/vote-flags/{id}")]
pub async fn review_flag(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<ReviewFlagRequest>,
) -> ApiResult<HttpResponse> {
    flags::review(
        &state.db,
        &user,
        id.into_inner(),
        &body.resolution,
        body.decision,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
