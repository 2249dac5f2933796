//! Challenges, their galleries and entries.

use super::{
    ApiError, Body, Progress, authed, authed_response, encode_component, public, upload_form,
    upload_image, viewer,
};
use crate::session::Session;
use atelier_api::{
    ChallengeDetail, ChallengeInput, ChallengeList, DuplicateFlagList, EntryDetail, EntryPage,
    MyEntryList, PaletteMatch, PhaseOverrideRequest, ResolveDuplicateRequest, SiteInfo,
    UpdateEntryRequest,
};
use gloo_net::http::Method;

pub async fn site() -> Result<SiteInfo, ApiError> {
    public(Method::GET, "/site", Body::Empty).await
}

pub async fn challenges() -> Result<ChallengeList, ApiError> {
    public(Method::GET, "/challenges", Body::Empty).await
}

pub async fn challenge(session: Session, slug: &str) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}", encode_component(slug));
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// Every challenge, drafts and archived ones included (staff).
pub async fn all_challenges(session: Session) -> Result<ChallengeList, ApiError> {
    authed(session, Method::GET, "/challenges?include=all", Body::Empty).await
}

pub async fn create_challenge(
    session: Session,
    input: &ChallengeInput,
) -> Result<ChallengeDetail, ApiError> {
    authed(session, Method::POST, "/challenges", Body::json(input)?).await
}

pub async fn update_challenge(
    session: Session,
    slug: &str,
    input: &ChallengeInput,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}", encode_component(slug));
    authed(session, Method::PATCH, &path, Body::json(input)?).await
}

pub async fn override_phase(
    session: Session,
    slug: &str,
    req: &PhaseOverrideRequest,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}/phase-override", encode_component(slug));
    authed(session, Method::PUT, &path, Body::json(req)?).await
}

pub async fn upload_cover(
    session: Session,
    slug: &str,
    image: web_sys::File,
) -> Result<ChallengeDetail, ApiError> {
    let path = format!("/challenges/{}/cover", encode_component(slug));
    upload_image(session, Method::PUT, &path, &image).await
}

/// What a gallery page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GalleryQuery {
    pub rank: bool,
    pub tag: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
    /// The anonymous viewer's shuffle seed (logged-in viewers are shuffled by account).
    pub seed: Option<String>,
}

impl GalleryQuery {
    pub fn to_query_string(&self) -> String {
        let mut parts = vec![format!(
            "sort={}",
            if self.rank { "rank" } else { "newest" }
        )];
        let mut push = |name: &str, value: Option<&str>| {
            if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                parts.push(format!("{name}={}", encode_component(v)));
            }
        };
        push("tag", self.tag.as_deref());
        push("cursor", self.cursor.as_deref());
        push("seed", self.seed.as_deref());
        if let Some(limit) = self.limit {
            parts.push(format!("limit={limit}"));
        }
        parts.join("&")
    }
}

pub async fn gallery(
    session: Session,
    slug: &str,
    query: &GalleryQuery,
) -> Result<EntryPage, ApiError> {
    let path = format!(
        "/challenges/{}/entries?{}",
        encode_component(slug),
        query.to_query_string()
    );
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// How the image matches the palette of a colour challenge, before it is submitted.
pub async fn palette_check(
    session: Session,
    slug: &str,
    image: web_sys::File,
) -> Result<PaletteMatch, ApiError> {
    let path = format!("/challenges/{}/palette-check", encode_component(slug));
    upload_image(session, Method::POST, &path, &image).await
}

/// The text fields of an entry submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryForm {
    pub title: String,
    pub description: String,
    /// Comma-separated, as the server reads them.
    pub tags: String,
}

/// Submits an entry (the image and the text fields as one form), naming the
/// template it was made with, if any; `on_progress` hears how much of the
/// file has been sent (0.0 to 1.0).
pub async fn submit_entry(
    session: Session,
    slug: &str,
    image: web_sys::File,
    form: &EntryForm,
    template_id: Option<i64>,
    on_progress: Progress,
) -> Result<EntryDetail, ApiError> {
    let path = format!("/challenges/{}/entries", encode_component(slug));
    let template_id = template_id.map(|id| id.to_string());
    let fields = super::entry_fields(form, template_id.as_deref());
    upload_form(session, Method::POST, &path, &fields, &image, on_progress).await
}

pub async fn entry(session: Session, id: i64) -> Result<EntryDetail, ApiError> {
    viewer(session, Method::GET, &format!("/entries/{id}"), Body::Empty).await
}

pub async fn update_entry(
    session: Session,
    id: i64,
    req: &UpdateEntryRequest,
) -> Result<EntryDetail, ApiError> {
    let path = format!("/entries/{id}");
    authed(session, Method::PATCH, &path, Body::json(req)?).await
}

pub async fn withdraw_entry(session: Session, id: i64) -> Result<(), ApiError> {
    let path = format!("/entries/{id}");
    authed_response(session, Method::DELETE, &path, Body::Empty)
        .await
        .map(drop)
}

pub async fn my_entries(session: Session) -> Result<MyEntryList, ApiError> {
    authed(session, Method::GET, "/me/entries", Body::Empty).await
}

pub async fn duplicates(session: Session) -> Result<DuplicateFlagList, ApiError> {
    authed(session, Method::GET, "/staff/duplicates", Body::Empty).await
}

pub async fn resolve_duplicate(
    session: Session,
    entry_id: i64,
    req: &ResolveDuplicateRequest,
) -> Result<(), ApiError> {
    let path = format!("/staff/duplicates/{entry_id}");
    authed_response(session, Method::POST, &path, Body::json(req)?)
        .await
        .map(drop)
}

/// The entries before and after `id` in the gallery order `query` names
/// (`sort`, `tag`, `seed`, as the gallery sent them).
pub async fn entry_neighbours(
    session: Session,
    id: i64,
    query: &str,
) -> Result<atelier_api::EntryNeighbours, ApiError> {
    let path = if query.is_empty() {
        format!("/entries/{id}/neighbours")
    } else {
        format!("/entries/{id}/neighbours?{query}")
    };
    viewer(session, Method::GET, &path, Body::Empty).await
}

/// Staff take an entry out of its challenge, with a reason its author sees.
pub async fn disqualify_entry(session: Session, id: i64, reason: &str) -> Result<(), ApiError> {
    let path = format!("/staff/entries/{id}/disqualify");
    let body = Body::json(&atelier_api::DisqualifyRequest {
        reason: reason.to_owned(),
    })?;
    authed_response(session, Method::POST, &path, body)
        .await
        .map(drop)
}
