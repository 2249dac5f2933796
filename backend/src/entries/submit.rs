//! Submitting entries (and staff's cover images): the upload runs through
//! the image pipeline, then object first, row second: the original and its
//! renditions are written to the store before the rows that point at them
//! commit; when anything after the first write fails, the objects written
//! so far are removed again.

use super::duplicates::nearest_duplicate;
use super::read::detail;
use crate::auth::CurrentUser;
use crate::challenges::{admin, service as challenges};
use crate::entities::{challenge, media, submission, submission_tag};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::media::pipeline::{self, Processed};
use crate::state::AppState;
use actix_web::http::StatusCode;
use atelier_api::rules;
use atelier_api::{DominantColour, EntryDetail, EntryStatus, Phase, Role};
use bytes::Bytes;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashSet;
use std::time::Duration;

pub struct EntryForm {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub image: Bytes,
    /// As sent: empty, or the id of a published template.
    pub template_id: String,
}

pub struct EntryText {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
}

pub fn parse_text(title: &str, description: &str, tags: &[String]) -> ApiResult<EntryText> {
    let title = title.trim().to_owned();
    if !(1..=rules::ENTRY_TITLE_MAX).contains(&title.chars().count()) {
        return Err(ApiError::validation("title must be 1-120 characters").code("invalid_title"));
    }
    let description = description.trim().to_owned();
    if description.chars().count() > rules::ENTRY_DESCRIPTION_MAX {
        return Err(
            ApiError::validation("description must be at most 2000 characters")
                .code("invalid_description"),
        );
    }
    let out = rules::normalize_tags(tags.iter().map(String::as_str));
    if let Some(t) = out.iter().find(|t| !rules::tag_is_valid(t)) {
        return Err(ApiError::validation(format!(
            "tag {t:?} must be at most {} letters, digits, - or _",
            rules::TAG_MAX_CHARS
        ))
        .code("invalid_tags"));
    }
    if out.len() > rules::TAGS_MAX {
        return Err(
            ApiError::validation(format!("at most {} tags", rules::TAGS_MAX)).code("invalid_tags"),
        );
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
    .variant("limit")
    .arg("limit", limit)
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
    let template = crate::templates::uses::usable(db, &form.template_id).await?;
    let p = process(state, form.image).await?;
    let rules = admin::rules_of(&ch);
    if !rules.accepted_formats.iter().any(|f| f == p.format) {
        let formats = atelier_api::rules::format_list(&rules.accepted_formats);
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "format_not_accepted",
            format!(
                "this challenge accepts {formats}; the file is {}",
                atelier_api::rules::format_name(p.format)
            ),
        )
        .variant("formats")
        .arg("formats", formats)
        .arg("format", atelier_api::rules::format_name(p.format)));
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
        .code("image_too_small")
        .variant("size")
        .arg("width", p.width)
        .arg("height", p.height)
        .arg("min_width", min_w)
        .arg("min_height", min_h));
    }
    let keys = put_processed(state.store.as_ref(), &p).await?;
    match insert_rows(state, author, &ch, &text, &p, &keys, template).await {
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
    template: Option<i64>,
) -> ApiResult<i64> {
    let duplicate =
        nearest_duplicate(&state.db, p.phash, state.settings.media.duplicate_distance).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let m = media_row(author.id(), p, keys)?.insert(&txn).await?;
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
    if let Some(template) = template {
        crate::templates::uses::record(&txn, template, author.id(), s.id, now).await?;
    }
    super::shuffles::place(&txn, ch.id, s.id).await?;
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

pub fn role_may_submit(role: Role) -> bool {
    // Staff run challenges; they do not compete in them.
    !role.is_staff()
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
