//! Staff create and edit polls (in one language or several), invite
//! members, and set option images.

use super::{find, invalid, state_at, text, view, view_in};
use crate::auth::CurrentUser;
use crate::content_i18n::{self, Locale};
use crate::entities::{poll, poll_invite, poll_option, user};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use atelier_api::{InviteResult, Poll, PollInput, PollMethod, PollState};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use std::collections::{HashMap, HashSet};

struct Checked {
    question: String,
    product: String,
    description: String,
    labels: Vec<String>,
    max_choices: i32,
    texts: text::Texts,
}

/// Checks a poll's definition; `base_locale` is the language of its texts
/// when the input does not name one.
fn check(input: &PollInput, base_locale: Locale) -> ApiResult<Checked> {
    let question = input.question.trim().to_owned();
    if !(3..=200).contains(&question.chars().count()) {
        return Err(invalid(
            "invalid_question",
            "the question must be 3-200 characters",
        ));
    }
    let product = input.product.trim().to_owned();
    if !(1..=120).contains(&product.chars().count()) {
        return Err(invalid(
            "invalid_product",
            "the product must be 1-120 characters",
        ));
    }
    let description = input.description.trim().to_owned();
    if description.chars().count() > 2000 {
        return Err(invalid(
            "invalid_description",
            "the description must be at most 2000 characters",
        ));
    }
    let labels: Vec<String> = input
        .options
        .iter()
        .map(|o| o.label.trim().to_owned())
        .collect();
    if !(2..=20).contains(&labels.len()) {
        return Err(invalid("invalid_options", "a poll needs 2 to 20 options"));
    }
    if labels
        .iter()
        .any(|l| !(1..=120).contains(&l.chars().count()))
    {
        return Err(invalid(
            "invalid_options",
            "option labels must be 1-120 characters",
        ));
    }
    let distinct: HashSet<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    if distinct.len() != labels.len() {
        return Err(invalid("invalid_options", "option labels must differ"));
    }
    let n = i32::try_from(labels.len()).unwrap_or(i32::MAX);
    let max_choices = match input.method {
        PollMethod::Single => 1,
        PollMethod::Ranked => n,
        PollMethod::Approval => {
            let m = input.max_choices.unwrap_or(n);
            if !(1..=n).contains(&m) {
                return Err(invalid(
                    "invalid_max_choices",
                    format!("max_choices must be 1-{n}"),
                ));
            }
            m
        }
    };
    if input.closes_at <= input.opens_at {
        return Err(invalid(
            "invalid_poll_times",
            "a poll must close after it opens",
        ));
    }
    let base_locale = content_i18n::check_base_locale(input.base_locale.as_deref(), base_locale)?;
    let texts = text::check(input, base_locale, &labels)?;
    Ok(Checked {
        question,
        product,
        description,
        labels,
        max_choices,
        texts,
    })
}

/// Replaces a poll's options (and their translations) with `c`'s, and its
/// own translations.
async fn write_options<C: ConnectionTrait>(db: &C, poll_id: i64, c: &Checked) -> ApiResult<()> {
    let old: Vec<i64> = super::options_of(db, poll_id)
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    let labels = &c.labels;
    poll_option::Entity::delete_many()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .exec(db)
        .await?;
    poll_option::Entity::insert_many(labels.iter().enumerate().map(|(i, l)| {
        poll_option::ActiveModel {
            poll_id: Set(poll_id),
            label: Set(l.clone()),
            image_key: Set(None),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            ..Default::default()
        }
    }))
    .exec(db)
    .await?;
    let new: Vec<i64> = super::options_of(db, poll_id)
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    text::write(db, poll_id, &old, &new, &c.texts).await
}

pub async fn create(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    input: PollInput,
    locale: Locale,
) -> ApiResult<Poll> {
    staff.require_staff()?;
    let c = check(&input, Locale::En)?;
    let txn = crate::db::begin_write(db).await?;
    let p = poll::ActiveModel {
        question: Set(c.question.clone()),
        product: Set(c.product.clone()),
        description: Set(c.description.clone()),
        base_locale: Set(c.texts.base_locale.tag().to_owned()),
        method: Set(input.method.as_str().to_owned()),
        max_choices: Set(c.max_choices),
        eligibility: Set(input.eligibility.as_str().to_owned()),
        allow_change: Set(input.allow_change),
        opens_at: Set(input.opens_at),
        closes_at: Set(input.closes_at),
        created_by: Set(staff.id()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_options(&txn, p.id, &c).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.create",
        &format!("poll:{}", p.id),
        &p.question,
    )
    .await?;
    txn.commit().await?;
    view_in(db, &p, Some(staff), locale).await
}

/// Replaces a poll's definition, translations included; refused once the
/// poll has opened.
pub async fn update(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    input: PollInput,
    locale: Locale,
) -> ApiResult<Poll> {
    staff.require_staff()?;
    let txn = crate::db::begin_write(db).await?;
    let p = find(&txn, id).await?;
    let c = check(&input, content_i18n::base_of(&p.base_locale))?;
    if state_at(&p, Utc::now()) != PollState::Scheduled {
        return Err(ApiError::conflict(
            "poll_locked",
            "a poll's rules are locked once it opens",
        ));
    }
    let mut am: poll::ActiveModel = p.into();
    am.question = Set(c.question.clone());
    am.product = Set(c.product.clone());
    am.description = Set(c.description.clone());
    am.base_locale = Set(c.texts.base_locale.tag().to_owned());
    am.method = Set(input.method.as_str().to_owned());
    am.max_choices = Set(c.max_choices);
    am.eligibility = Set(input.eligibility.as_str().to_owned());
    am.allow_change = Set(input.allow_change);
    am.opens_at = Set(input.opens_at);
    am.closes_at = Set(input.closes_at);
    let p = am.update(&txn).await?;
    write_options(&txn, p.id, &c).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.update",
        &format!("poll:{}", p.id),
        "",
    )
    .await?;
    txn.commit().await?;
    view_in(db, &p, Some(staff), locale).await
}

pub async fn invite(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    handles: &[String],
) -> ApiResult<InviteResult> {
    staff.require_staff()?;
    if handles.len() > 500 {
        return Err(invalid(
            "too_many_invites",
            "invite at most 500 members at a time",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let p = find(&txn, id).await?;
    let wanted: Vec<String> = handles
        .iter()
        .map(|h| h.trim().trim_start_matches('@').to_lowercase())
        .collect();
    let found: HashMap<String, i64> = user::Entity::find()
        .filter(user::Column::Handle.is_in(wanted.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.handle, u.id))
        .collect();
    let now = Utc::now();
    let rows: Vec<poll_invite::ActiveModel> = found
        .values()
        .map(|uid| poll_invite::ActiveModel {
            poll_id: Set(p.id),
            user_id: Set(*uid),
            created_at: Set(now),
        })
        .collect();
    if !rows.is_empty() {
        poll_invite::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([poll_invite::Column::PollId, poll_invite::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    let mut invited: Vec<String> = found.keys().cloned().collect();
    invited.sort();
    let unknown: Vec<String> = wanted
        .into_iter()
        .filter(|h| !found.contains_key(h))
        .collect();
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.invite",
        &format!("poll:{}", p.id),
        &invited.join(", "),
    )
    .await?;
    txn.commit().await?;
    Ok(InviteResult { invited, unknown })
}

/// Staff set an option's image (the body is the image) before the poll opens.
/// What can refuse an option image before the image is read: staff only,
/// the poll (still scheduled) and its option. `set_option_image` asks again.
pub async fn option_image_target(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    poll_id: i64,
    option_id: i64,
) -> ApiResult<(poll::Model, poll_option::Model)> {
    staff.require_staff()?;
    let p = find(db, poll_id).await?;
    if state_at(&p, Utc::now()) != PollState::Scheduled {
        return Err(ApiError::conflict(
            "poll_locked",
            "a poll's rules are locked once it opens",
        ));
    }
    let opt = poll_option::Entity::find_by_id(option_id)
        .one(db)
        .await?
        .filter(|o| o.poll_id == p.id)
        .ok_or_else(|| ApiError::not_found("no such option"))?;
    Ok((p, opt))
}

pub async fn set_option_image(
    state: &AppState,
    staff: &CurrentUser,
    poll_id: i64,
    option_id: i64,
    image: bytes::Bytes,
) -> ApiResult<Poll> {
    let db = &state.db;
    let (p, opt) = option_image_target(db, staff, poll_id, option_id).await?;
    let processed = crate::entries::submit::process(state, image).await?;
    let key = crate::storage::references::poll_option_key(p.id, processed.display.ext);
    state
        .store
        .put(
            &key,
            processed.display.bytes.clone(),
            processed.display.content_type,
        )
        .await?;
    let old = opt.image_key.clone();
    let detail = format!("option {}: {key}", opt.id);
    let mut am: poll_option::ActiveModel = opt.into();
    am.image_key = Set(Some(key.clone()));
    let written = async {
        let txn = crate::db::begin_write(db).await?;
        am.update(&txn).await?;
        crate::audit::record(
            &txn,
            Some(staff.id()),
            "poll.option_image",
            &format!("poll:{}", p.id),
            &detail,
        )
        .await?;
        txn.commit().await
    };
    if let Err(e) = written.await {
        let _ = state.store.delete(&key).await;
        return Err(e.into());
    }
    if let Some(old) = old {
        let _ = state.store.delete(&old).await;
    }
    view(db, &p, Some(staff)).await
}
