//! Authors edit their entries until voting closes, and withdraw them until
//! voting starts: a withdrawal during voting would discard the votes others
//! gave the entry, so it is refused (`withdraw_closed`); staff may still
//! disqualify an entry, with a reason its author sees.

use super::read::{detail, load, may_view, tags_of};
use super::submit::{parse_text, write_tags};
use crate::auth::CurrentUser;
use crate::challenges::service as challenges;
use crate::entities::{challenge, submission};
use crate::error::{ApiError, ApiResult};
use atelier_api::{EntryDetail, EntryStatus, Phase, UpdateEntryRequest};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};

/// Before voting closes, authors may edit their entries.
pub(super) fn editable_phase(c: &challenge::Model) -> bool {
    matches!(
        challenges::phase(c, Utc::now()),
        Phase::Submissions | Phase::Voting
    )
}

/// Before voting starts, authors may withdraw their entries.
pub(super) fn withdrawable_phase(c: &challenge::Model) -> bool {
    challenges::phase(c, Utc::now()) == Phase::Submissions
}

async fn own_editable(
    db: &impl ConnectionTrait,
    id: i64,
    author: &CurrentUser,
) -> ApiResult<(submission::Model, challenge::Model)> {
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
    Ok((s, c))
}

pub async fn update(
    db: &DatabaseConnection,
    author: &CurrentUser,
    id: i64,
    req: UpdateEntryRequest,
) -> ApiResult<EntryDetail> {
    let txn = crate::db::begin_write(db).await?;
    let (s, _) = own_editable(&txn, id, author).await?;
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
    let (s, c) = own_editable(&txn, id, author).await?;
    if !withdrawable_phase(&c) {
        return Err(ApiError::conflict(
            "withdraw_closed",
            "entries cannot be withdrawn once voting has started: that would discard the votes others gave them",
        ));
    }
    let mut am: submission::ActiveModel = s.into();
    am.status = Set(EntryStatus::Withdrawn.as_str().to_owned());
    am.slot = Set(None);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}
