//! Reading entries: cards for galleries, an entry's detail, its original
//! for author and staff, a member's own entries and public works.

use std::collections::HashMap;

use atelier_api::{
    ChallengeStatus, DominantColour, EntryCard, EntryDetail, EntryStatus, MyEntry, Theme,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::edit::{editable_phase, withdrawable_phase};
use super::palette::palette_match;
use crate::auth::CurrentUser;
use crate::challenges::service as challenges;
use crate::entities::{challenge, media, submission, user};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn media_url(key: &str) -> String {
    format!("/api/v1/media/{key}")
}

pub fn tags_of(s: &submission::Model) -> Vec<String> {
    serde_json::from_str(&s.tags).unwrap_or_default()
}

pub fn card(s: &submission::Model, m: &media::Model, u: &user::Model) -> EntryCard {
    EntryCard {
        id: s.id,
        title: s.title.clone(),
        author_handle: u.handle.clone(),
        author_display_name: u.display_name.clone(),
        thumbnail_url: media_url(&m.thumb_key),
        thumbnail_width: u32::try_from(m.thumb_width).unwrap_or(0),
        thumbnail_height: u32::try_from(m.thumb_height).unwrap_or(0),
        tags: tags_of(s),
        created_at: s.created_at,
        winner_place: None,
        my_vote: None,
    }
}

/// Cards for `subs` in their order, loading media and authors in two queries.
pub async fn cards<C: ConnectionTrait>(
    db: &C,
    subs: &[submission::Model],
) -> ApiResult<Vec<EntryCard>> {
    let media_ids: Vec<i64> = subs.iter().map(|s| s.media_id).collect();
    let user_ids: Vec<i64> = subs.iter().map(|s| s.author_id).collect();
    let media: HashMap<i64, media::Model> = media::Entity::find()
        .filter(media::Column::Id.is_in(media_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(subs
        .iter()
        .filter_map(|s| Some(card(s, media.get(&s.media_id)?, users.get(&s.author_id)?)))
        .collect())
}

pub(super) async fn load(
    db: &impl ConnectionTrait,
    id: i64,
) -> ApiResult<(
    submission::Model,
    media::Model,
    user::Model,
    challenge::Model,
)> {
    let nf = || ApiError::not_found("no such entry");
    let s = submission::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    let m = media::Entity::find_by_id(s.media_id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    let u = user::Entity::find_by_id(s.author_id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    let c = challenge::Entity::find_by_id(s.challenge_id)
        .one(db)
        .await?
        .ok_or_else(nf)?;
    Ok((s, m, u, c))
}

/// Who may see an entry: visible ones in public challenges anyone; others
/// only their author and staff.
pub(super) fn may_view(
    s: &submission::Model,
    c: &challenge::Model,
    viewer: Option<&CurrentUser>,
) -> bool {
    let staff = viewer.is_some_and(|v| v.role.is_staff());
    let mine = viewer.is_some_and(|v| v.id() == s.author_id);
    staff || mine || (s.status == EntryStatus::Visible.as_str() && challenges::is_public(c))
}

pub async fn detail(
    db: &DatabaseConnection,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> ApiResult<EntryDetail> {
    let (s, m, u, c) = load(db, id).await?;
    if !may_view(&s, &c, viewer) {
        return Err(ApiError::not_found("no such entry"));
    }
    let staff = viewer.is_some_and(|v| v.role.is_staff());
    let mine = viewer.is_some_and(|v| v.id() == s.author_id);
    let colours: Vec<DominantColour> = serde_json::from_str(&m.colours).unwrap_or_default();
    let palette: Vec<String> = serde_json::from_str(&c.palette).unwrap_or_default();
    let palette_match =
        (c.theme == Theme::Colour.as_str()).then(|| palette_match(&colours, &palette));
    let status = EntryStatus::parse(&s.status).unwrap_or(EntryStatus::Hidden);
    let open = mine && matches!(status, EntryStatus::Visible | EntryStatus::Hidden);
    let placement = if status == EntryStatus::Visible {
        super::placement::placement(db, &c, s.id).await?
    } else {
        None
    };
    Ok(EntryDetail {
        id: s.id,
        challenge_slug: c.slug.clone(),
        challenge_title: c.title.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        tags: tags_of(&s),
        status,
        author_handle: u.handle.clone(),
        author_display_name: u.display_name.clone(),
        display_url: media_url(&m.display_key),
        display_width: u32::try_from(m.display_width).unwrap_or(0),
        display_height: u32::try_from(m.display_height).unwrap_or(0),
        thumbnail_url: media_url(&m.thumb_key),
        original_url: (mine || staff).then(|| format!("/api/v1/entries/{}/original", s.id)),
        width: u32::try_from(m.width).unwrap_or(0),
        height: u32::try_from(m.height).unwrap_or(0),
        colours,
        palette_match,
        is_mine: mine,
        editable: open && editable_phase(&c),
        withdrawable: open && withdrawable_phase(&c),
        placement,
        status_reason: if mine || staff {
            s.status_reason.clone()
        } else {
            None
        },
        duplicate_of: if staff { s.duplicate_of } else { None },
        created_at: s.created_at,
        template: crate::templates::uses::template_of(db, s.id).await?,
    })
}

/// The original, for its author and staff only.
pub async fn original(
    state: &AppState,
    id: i64,
    viewer: &CurrentUser,
) -> ApiResult<(media::Model, crate::storage::StoredObject)> {
    let (s, m, _, _) = load(&state.db, id).await?;
    if !(viewer.role.is_staff() || viewer.id() == s.author_id) {
        return Err(ApiError::not_found("no such entry"));
    }
    let obj = state.store.get(&m.original_key).await?;
    Ok((m, obj))
}

pub async fn mine(db: &DatabaseConnection, user: &CurrentUser) -> ApiResult<Vec<MyEntry>> {
    let subs = submission::Entity::find()
        .filter(submission::Column::AuthorId.eq(user.id()))
        .filter(submission::Column::Status.ne(EntryStatus::Withdrawn.as_str()))
        .order_by_desc(submission::Column::Id)
        .all(db)
        .await?;
    let challenges: HashMap<i64, challenge::Model> = challenge::Entity::find()
        .filter(challenge::Column::Id.is_in(subs.iter().map(|s| s.challenge_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let cards = cards(db, &subs).await?;
    Ok(subs
        .iter()
        .zip(cards)
        .filter_map(|(s, card)| {
            let c = challenges.get(&s.challenge_id)?;
            Some(MyEntry {
                entry: card,
                challenge_slug: c.slug.clone(),
                challenge_title: c.title.clone(),
                status: EntryStatus::parse(&s.status).unwrap_or(EntryStatus::Hidden),
                status_reason: s.status_reason.clone(),
            })
        })
        .collect())
}

/// Public works for a profile: visible entries in published challenges,
/// with the challenge titled in `locale` and the place a work won once its
/// challenge's results are out.
pub async fn public_works(
    db: &DatabaseConnection,
    author_id: i64,
    locale: crate::content_i18n::Locale,
) -> ApiResult<Vec<atelier_api::WorkSummary>> {
    let subs = submission::Entity::find()
        .filter(submission::Column::AuthorId.eq(author_id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()))
        .order_by_desc(submission::Column::Id)
        .all(db)
        .await?;
    let challenges: HashMap<i64, challenge::Model> = challenge::Entity::find()
        .filter(challenge::Column::Id.is_in(subs.iter().map(|s| s.challenge_id)))
        .filter(challenge::Column::Status.eq(ChallengeStatus::Published.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let cards = cards(db, &subs).await?;
    let slugs: Vec<&str> = challenges.values().map(|c| c.slug.as_str()).collect();
    let titles = challenges::titles_in(db, &slugs, locale).await?;
    let finished: Vec<i64> = challenges
        .values()
        .filter(|c| super::placement::published(c))
        .map(|c| c.id)
        .collect();
    let places = super::placement::winner_places(db, &finished).await?;
    Ok(subs
        .iter()
        .zip(cards)
        .filter_map(|(s, card)| {
            let c = challenges.get(&s.challenge_id)?;
            Some(atelier_api::WorkSummary {
                id: s.id,
                title: s.title.clone(),
                challenge_slug: c.slug.clone(),
                challenge_title: titles.get(&c.slug).unwrap_or(&c.title).clone(),
                winner_place: places.get(&s.id).copied(),
                thumbnail_url: Some(card.thumbnail_url),
                created_at: s.created_at,
            })
        })
        .collect())
}
