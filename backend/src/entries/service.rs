//! Submitting, reading, editing and withdrawing entries.
//!
//! Object first, row second: the original and its renditions are written to
//! the store before the rows that point at them commit; when anything after
//! the first write fails, the objects written so far are removed again.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use actix_web::http::StatusCode;
use atelier_api::{
    ChallengeStatus, DominantColour, EntryCard, EntryDetail, EntryStatus, MyEntry, Phase, Role,
    Theme, UpdateEntryRequest,
};
use bytes::Bytes;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::challenges::{admin, service as challenges};
use crate::entities::{challenge, media, submission, submission_tag, user};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::media::pipeline::{self, Processed};

pub struct EntryForm {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub image: Bytes,
}

pub struct EntryText {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
}

pub fn parse_text(title: &str, description: &str, tags: &[String]) -> ApiResult<EntryText> {
    let title = title.trim().to_owned();
    if !(1..=120).contains(&title.chars().count()) {
        return Err(ApiError::validation("title must be 1-120 characters").code("invalid_title"));
    }
    let description = description.trim().to_owned();
    if description.chars().count() > 2000 {
        return Err(
            ApiError::validation("description must be at most 2000 characters")
                .code("invalid_description"),
        );
    }
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().trim_start_matches('#').to_lowercase();
        if t.is_empty() {
            continue;
        }
        let ok = t.chars().count() <= 30
            && t.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(ApiError::validation(format!(
                "tag {t:?} must be at most 30 letters, digits, - or _"
            ))
            .code("invalid_tags"));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > 10 {
        return Err(ApiError::validation("at most 10 tags").code("invalid_tags"));
    }
    Ok(EntryText {
        title,
        description,
        tags: out,
    })
}

/// Runs the pipeline off the async executor, bounded in concurrency and time.
///
/// The CPU permit moves into the blocking task and is released only when
/// that task ends, not when the timeout answers the request; the pipeline
/// itself gives up at its next stage boundary past the same deadline, so a
/// slow image cannot keep a thread busy for long after its answer.
pub async fn process(state: &AppState, image: Bytes) -> ApiResult<Processed> {
    let media = &state.settings.media;
    let limits = pipeline::Limits {
        max_bytes: media.max_upload_bytes,
        max_pixels: media.max_pixels,
        ..pipeline::Limits::default()
    };
    let timeout = Duration::from_secs(media.processing_timeout_secs);
    crate::media::run_bounded(&state.media_permits, timeout, move || {
        // Counted from when the work starts, as the timeout is.
        let deadline = std::time::Instant::now() + timeout;
        pipeline::process_until(&image, &limits, Some(deadline))
    })
    .await
}

/// Everything that can refuse an entry before its upload is read: the
/// role, the challenge (visible, taking entries) and a free entry slot.
/// `submit` asks again after the upload, since time has passed.
pub async fn submit_precheck(
    state: &AppState,
    author: &CurrentUser,
    slug: &str,
) -> ApiResult<challenge::Model> {
    if !role_may_submit(author.role) {
        return Err(ApiError::forbidden(
            "staff run challenges and do not submit entries",
        ));
    }
    crate::auth::verify::require_verified(&state.settings, &author.user)?;
    let db = &state.db;
    let ch = challenges::visible(db, slug, false).await?;
    if challenges::phase(&ch, Utc::now()) != Phase::Submissions {
        return Err(ApiError::conflict(
            "submissions_closed",
            "this challenge is not accepting entries now",
        ));
    }
    let limit = ch.entries_per_member;
    // Cheap early refusal; the unique slot index is what really holds the line.
    if active_slots(db, ch.id, author.id()).await?.len() >= usize::try_from(limit).unwrap_or(0) {
        return Err(limit_reached(limit));
    }
    Ok(ch)
}

/// Object keys for one processed upload.
pub(crate) struct Keys {
    pub original: String,
    pub display: String,
    pub thumb: String,
}

/// The original goes to its own random folder under a prefix the public
/// media route never serves; the renditions share another.
fn keys_for(p: &Processed) -> Keys {
    let dir = crate::storage::references::rendition_dir();
    Keys {
        original: crate::storage::references::original_key(p.original.ext),
        display: format!("{dir}/display.{}", p.display.ext),
        thumb: format!("{dir}/thumb.{}", p.thumbnail.ext),
    }
}

async fn remove_objects(store: &dyn crate::storage::Store, keys: &[&str]) {
    for key in keys {
        if let Err(e) = store.delete(key).await {
            tracing::warn!(%key, error = %e, "could not remove an object; the sweeper will");
        }
    }
}

/// Writes the three objects under fresh keys; on failure removes what was
/// written.
pub(crate) async fn put_processed(
    store: &dyn crate::storage::Store,
    p: &Processed,
) -> ApiResult<Keys> {
    let k = keys_for(p);
    let parts = [
        (&k.original, &p.original),
        (&k.display, &p.display),
        (&k.thumb, &p.thumbnail),
    ];
    let mut written: Vec<&str> = Vec::new();
    for (key, r) in parts {
        if let Err(e) = store.put(key, r.bytes.clone(), r.content_type).await {
            remove_objects(store, &written).await;
            return Err(e.into());
        }
        written.push(key);
    }
    Ok(k)
}

pub(crate) fn media_row(owner: i64, p: &Processed, k: &Keys) -> ApiResult<media::ActiveModel> {
    let colours: Vec<DominantColour> = p
        .colours
        .iter()
        .map(|c| DominantColour {
            hex: c.hex.clone(),
            share: c.share,
        })
        .collect();
    let dim = |v: u32| i32::try_from(v).map_err(ApiError::internal);
    Ok(media::ActiveModel {
        owner_id: Set(owner),
        original_key: Set(k.original.clone()),
        display_key: Set(k.display.clone()),
        thumb_key: Set(k.thumb.clone()),
        format: Set(p.format.to_owned()),
        width: Set(dim(p.width)?),
        height: Set(dim(p.height)?),
        display_width: Set(dim(p.display.width)?),
        display_height: Set(dim(p.display.height)?),
        thumb_width: Set(dim(p.thumbnail.width)?),
        thumb_height: Set(dim(p.thumbnail.height)?),
        bytes: Set(i64::try_from(p.bytes).map_err(ApiError::internal)?),
        sha256: Set(p.sha256.clone()),
        phash: Set(i64::from_ne_bytes(p.phash.to_ne_bytes())),
        phash_version: Set(pipeline::PHASH_VERSION),
        colours: Set(serde_json::to_string(&colours).map_err(ApiError::internal)?),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
}

fn phash_of(m: &media::Model) -> u64 {
    u64::from_ne_bytes(m.phash.to_ne_bytes())
}

async fn active_slots<C: ConnectionTrait>(
    db: &C,
    challenge_id: i64,
    author_id: i64,
) -> ApiResult<HashSet<i32>> {
    Ok(submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(challenge_id))
        .filter(submission::Column::AuthorId.eq(author_id))
        .filter(submission::Column::Slot.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| s.slot)
        .collect())
}

fn limit_reached(limit: i32) -> ApiError {
    ApiError::conflict(
        "entry_limit_reached",
        format!("this challenge accepts {limit} entries per member"),
    )
}

/// The closest earlier entry within `max_distance`, if any; only hashes of
/// the current construction are compared (older rows wait for the rehash).
async fn nearest_duplicate<C: ConnectionTrait>(
    db: &C,
    phash: u64,
    max_distance: u32,
) -> ApiResult<Option<(i64, u32)>> {
    // Every non-withdrawn entry's hash; a linear scan of 8-byte values is
    // cheap well into the hundreds of thousands of entries.
    let rows = submission::Entity::find()
        .filter(submission::Column::Status.ne(EntryStatus::Withdrawn.as_str()))
        .find_also_related(media::Entity)
        .filter(media::Column::PhashVersion.eq(pipeline::PHASH_VERSION))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|(s, m)| {
            m.as_ref()
                .map(|m| (s.id, pipeline::hamming(phash, phash_of(m))))
        })
        .filter(|(_, d)| *d <= max_distance)
        .min_by_key(|(id, d)| (*d, *id)))
}

pub async fn submit(
    state: &AppState,
    author: &CurrentUser,
    slug: &str,
    form: EntryForm,
) -> ApiResult<EntryDetail> {
    let db = &state.db;
    let ch = submit_precheck(state, author, slug).await?;
    let text = parse_text(&form.title, &form.description, &form.tags)?;
    let p = process(state, form.image).await?;
    let rules = admin::rules_of(&ch);
    if !rules.accepted_formats.iter().any(|f| f == p.format) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "format_not_accepted",
            format!(
                "this challenge accepts {}; the file is {}",
                rules.accepted_formats.join(", "),
                p.format
            ),
        ));
    }
    let (min_w, min_h) = (
        u32::try_from(rules.min_width).unwrap_or(0),
        u32::try_from(rules.min_height).unwrap_or(0),
    );
    if p.width < min_w || p.height < min_h {
        return Err(ApiError::validation(format!(
            "the image is {}x{}; this challenge needs at least {min_w}x{min_h}",
            p.width, p.height
        ))
        .code("image_too_small"));
    }
    let keys = put_processed(state.store.as_ref(), &p).await?;
    match insert_rows(state, author, &ch, &text, &p, &keys).await {
        Ok(id) => detail(db, id, Some(author)).await,
        Err(e) => {
            remove_objects(
                state.store.as_ref(),
                &[&keys.original, &keys.display, &keys.thumb],
            )
            .await;
            Err(e)
        }
    }
}

async fn insert_rows(
    state: &AppState,
    author: &CurrentUser,
    ch: &challenge::Model,
    text: &EntryText,
    p: &Processed,
    keys: &Keys,
) -> ApiResult<i64> {
    let txn = crate::db::begin_write(&state.db).await?;
    let m = media_row(author.id(), p, keys)?.insert(&txn).await?;
    let duplicate =
        nearest_duplicate(&txn, p.phash, state.settings.media.duplicate_distance).await?;
    let used = active_slots(&txn, ch.id, author.id()).await?;
    let slot = (1..=ch.entries_per_member)
        .find(|s| !used.contains(s))
        .ok_or_else(|| limit_reached(ch.entries_per_member))?;
    let now = Utc::now();
    let inserted = submission::ActiveModel {
        challenge_id: Set(ch.id),
        author_id: Set(author.id()),
        media_id: Set(m.id),
        title: Set(text.title.clone()),
        description: Set(text.description.clone()),
        tags: Set(serde_json::to_string(&text.tags).map_err(ApiError::internal)?),
        status: Set(EntryStatus::Visible.as_str().to_owned()),
        slot: Set(Some(slot)),
        duplicate_of: Set(duplicate.map(|(id, _)| id)),
        duplicate_distance: Set(duplicate.and_then(|(_, d)| i32::try_from(d).ok())),
        duplicate_review: Set(duplicate.map(|_| "pending".to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let s = match inserted {
        Ok(s) => s,
        // A concurrent upload by the same member took the slot.
        Err(e) if is_unique_violation(&e) => return Err(limit_reached(ch.entries_per_member)),
        Err(e) => return Err(e.into()),
    };
    write_tags(&txn, s.id, &text.tags).await?;
    if let Some((dup, distance)) = duplicate {
        tracing::info!(
            entry = s.id,
            duplicate_of = dup,
            distance,
            "near-duplicate flagged for review"
        );
    }
    txn.commit().await?;
    Ok(s.id)
}

pub(crate) async fn write_tags<C: ConnectionTrait>(
    db: &C,
    id: i64,
    tags: &[String],
) -> ApiResult<()> {
    submission_tag::Entity::delete_many()
        .filter(submission_tag::Column::SubmissionId.eq(id))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        submission_tag::Entity::insert_many(tags.iter().map(|t| submission_tag::ActiveModel {
            submission_id: Set(id),
            tag: Set(t.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

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

async fn load(
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

/// Before voting closes, authors may edit and withdraw their entries.
fn editable_phase(c: &challenge::Model) -> bool {
    matches!(
        challenges::phase(c, Utc::now()),
        Phase::Submissions | Phase::Voting
    )
}

/// Who may see an entry: visible ones in public challenges anyone; others
/// only their author and staff.
fn may_view(s: &submission::Model, c: &challenge::Model, viewer: Option<&CurrentUser>) -> bool {
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
        editable: mine
            && matches!(status, EntryStatus::Visible | EntryStatus::Hidden)
            && editable_phase(&c),
        duplicate_of: if staff { s.duplicate_of } else { None },
        created_at: s.created_at,
    })
}

/// Shown next to every palette score.
pub const PALETTE_EXPLANATION: &str = "Each dominant colour of the image is compared with its nearest palette colour (CIE colour difference); closer colours and larger shares raise the score, 100 meaning the image uses only palette colours.";

pub fn palette_match(colours: &[DominantColour], palette: &[String]) -> atelier_api::PaletteMatch {
    let dc: Vec<pipeline::DominantColour> = colours
        .iter()
        .map(|c| pipeline::DominantColour {
            hex: c.hex.clone(),
            share: c.share,
        })
        .collect();
    let pm = pipeline::palette_match(&dc, palette);
    atelier_api::PaletteMatch {
        score: pm.score,
        matches: pm
            .matches
            .into_iter()
            .map(|m| atelier_api::ColourMatch {
                colour: m.colour,
                share: m.share,
                nearest: m.nearest,
                delta_e: m.delta_e,
            })
            .collect(),
        explanation: PALETTE_EXPLANATION.to_owned(),
    }
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

async fn own_editable(
    db: &impl ConnectionTrait,
    id: i64,
    author: &CurrentUser,
) -> ApiResult<submission::Model> {
    let (s, _, _, c) = load(db, id).await?;
    if s.author_id != author.id() {
        return Err(if may_view(&s, &c, Some(author)) {
            ApiError::forbidden("only the author may change an entry")
        } else {
            ApiError::not_found("no such entry")
        });
    }
    if !matches!(
        EntryStatus::parse(&s.status),
        Some(EntryStatus::Visible | EntryStatus::Hidden)
    ) {
        return Err(ApiError::conflict(
            "entry_closed",
            "this entry can no longer change",
        ));
    }
    if !editable_phase(&c) {
        return Err(ApiError::conflict(
            "voting_closed",
            "entries cannot change after voting closes",
        ));
    }
    Ok(s)
}

pub async fn update(
    db: &DatabaseConnection,
    author: &CurrentUser,
    id: i64,
    req: UpdateEntryRequest,
) -> ApiResult<EntryDetail> {
    let txn = crate::db::begin_write(db).await?;
    let s = own_editable(&txn, id, author).await?;
    let text = parse_text(
        req.title.as_deref().unwrap_or(&s.title),
        req.description.as_deref().unwrap_or(&s.description),
        &req.tags.unwrap_or_else(|| tags_of(&s)),
    )?;
    let mut am: submission::ActiveModel = s.into();
    am.title = Set(text.title);
    am.description = Set(text.description);
    am.tags = Set(serde_json::to_string(&text.tags).map_err(ApiError::internal)?);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    write_tags(&txn, id, &text.tags).await?;
    txn.commit().await?;
    detail(db, id, Some(author)).await
}

pub async fn withdraw(db: &DatabaseConnection, author: &CurrentUser, id: i64) -> ApiResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let s = own_editable(&txn, id, author).await?;
    let mut am: submission::ActiveModel = s.into();
    am.status = Set(EntryStatus::Withdrawn.as_str().to_owned());
    am.slot = Set(None);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(())
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
            })
        })
        .collect())
}

/// Public works for a profile: visible entries in published challenges.
pub async fn public_works(
    db: &DatabaseConnection,
    author_id: i64,
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
    Ok(subs
        .iter()
        .zip(cards)
        .filter_map(|(s, card)| {
            let c = challenges.get(&s.challenge_id)?;
            Some(atelier_api::WorkSummary {
                id: s.id,
                title: s.title.clone(),
                challenge_slug: c.slug.clone(),
                thumbnail_url: Some(card.thumbnail_url),
                created_at: s.created_at,
            })
        })
        .collect())
}

/// Staff: entries flagged as near-duplicates and not yet reviewed.
pub async fn duplicate_flags(
    db: &DatabaseConnection,
) -> ApiResult<Vec<atelier_api::DuplicateFlag>> {
    let flagged = submission::Entity::find()
        .filter(submission::Column::DuplicateReview.eq("pending"))
        .order_by_asc(submission::Column::Id)
        .all(db)
        .await?;
    let originals = submission::Entity::find()
        .filter(submission::Column::Id.is_in(flagged.iter().filter_map(|s| s.duplicate_of)))
        .all(db)
        .await?;
    let flagged_cards = cards(db, &flagged).await?;
    let original_cards: HashMap<i64, EntryCard> = cards(db, &originals)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(flagged
        .iter()
        .zip(flagged_cards)
        .filter_map(|(s, card)| {
            Some(atelier_api::DuplicateFlag {
                original: original_cards.get(&s.duplicate_of?)?.clone(),
                entry: card,
                distance: u32::try_from(s.duplicate_distance.unwrap_or(0)).unwrap_or(0),
            })
        })
        .collect())
}

pub async fn resolve_duplicate(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    disqualify: bool,
    reason: &str,
) -> ApiResult<()> {
    staff.require_staff()?;
    let reason = crate::audit::reason(reason)?;
    let txn = crate::db::begin_write(db).await?;
    let s = submission::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such entry"))?;
    if s.duplicate_review.as_deref() != Some("pending") {
        return Err(ApiError::conflict(
            "not_flagged",
            "this entry has no pending duplicate flag",
        ));
    }
    let mut am: submission::ActiveModel = s.into();
    if disqualify {
        am.status = Set(EntryStatus::Disqualified.as_str().to_owned());
        am.slot = Set(None);
        am.duplicate_review = Set(Some("confirmed".into()));
    } else {
        am.duplicate_review = Set(Some("cleared".into()));
    }
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        if disqualify {
            "entry.disqualify_duplicate"
        } else {
            "entry.clear_duplicate"
        },
        &format!("entry:{id}"),
        reason,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Staff replace a challenge's cover: the display rendition of the image.
pub async fn set_cover(
    state: &AppState,
    staff: &CurrentUser,
    slug: &str,
    image: Bytes,
) -> ApiResult<challenge::Model> {
    staff.require_staff()?;
    let ch = admin::find(&state.db, slug).await?;
    let p = process(state, image).await?;
    let key = crate::storage::references::cover_key(ch.id, p.display.ext);
    state
        .store
        .put(&key, p.display.bytes.clone(), p.display.content_type)
        .await?;
    let old = ch.cover_key.clone();
    let subject = format!("challenge:{}", ch.slug);
    let mut am: challenge::ActiveModel = ch.into();
    am.cover_key = Set(Some(key.clone()));
    am.updated_at = Set(Utc::now());
    let written = async {
        let txn = crate::db::begin_write(&state.db).await?;
        let m = am.update(&txn).await?;
        crate::audit::record(&txn, Some(staff.id()), "challenge.cover", &subject, &key).await?;
        txn.commit().await?;
        Ok::<_, sea_orm::DbErr>(m)
    };
    let updated = match written.await {
        Ok(m) => m,
        Err(e) => {
            remove_objects(state.store.as_ref(), &[&key]).await;
            return Err(e.into());
        }
    };
    if let Some(old) = old {
        remove_objects(state.store.as_ref(), &[&old]).await;
    }
    Ok(updated)
}

/// What can refuse a palette check before its image is read: the
/// challenge (visible, a colour challenge), then the account's checks per
/// minute (`media.palette_checks_per_minute`, 429 beyond).
pub async fn palette_precheck(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> ApiResult<challenge::Model> {
    let ch = challenges::visible(&state.db, slug, false).await?;
    if ch.theme != Theme::Colour.as_str() {
        return Err(ApiError::conflict(
            "not_a_colour_challenge",
            "this challenge has no palette",
        ));
    }
    let auth = &state.auth;
    auth.limiter
        .hit(&auth.rules.palette_check, &user.id().to_string())
        .await?;
    Ok(ch)
}

/// For a colour challenge (see [`palette_precheck`]), how an image matches
/// the palette, before submitting.
pub async fn palette_check(
    state: &AppState,
    ch: &challenge::Model,
    image: Bytes,
) -> ApiResult<atelier_api::PaletteMatch> {
    let p = process(state, image).await?;
    let colours: Vec<DominantColour> = p
        .colours
        .iter()
        .map(|c| DominantColour {
            hex: c.hex.clone(),
            share: c.share,
        })
        .collect();
    let palette: Vec<String> = serde_json::from_str(&ch.palette).unwrap_or_default();
    Ok(palette_match(&colours, &palette))
}

pub fn role_may_submit(role: Role) -> bool {
    // Staff run challenges; they do not compete in them.
    !role.is_staff()
}
