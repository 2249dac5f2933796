//! Creating users and reading them back as API views.

use atelier_api::{Me, Role, UserAdminView};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::domain::{DisplayName, Email, Handle, Password};
use crate::entities::user;
use crate::error::{ApiError, ApiResult, is_unique_violation};

pub struct NewUser {
    pub email: Email,
    pub handle: Handle,
    pub display_name: DisplayName,
    pub role: Role,
    /// Created already verified (demo users, `atelier admin create-user`).
    pub verified: bool,
    /// The language mail is written in, when known.
    pub locale: Option<crate::mail::Locale>,
}

/// Inserts a user with an already computed argon2 hash. Duplicate email or
/// handle (case-insensitive, enforced by unique indexes) is a 409.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    new: NewUser,
    password_hash: String,
) -> ApiResult<user::Model> {
    let now = Utc::now();
    let res = user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        handle: Set(new.handle.as_str().to_owned()),
        display_name: Set(new.display_name.as_str().to_owned()),
        password_hash: Set(password_hash),
        role: Set(new.role.as_str().to_owned()),
        bio: Set(String::new()),
        avatar_key: Set(None),
        expert_field: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        email_verified_at: Set(new.verified.then_some(now)),
        locale: Set(new.locale.map(|l| l.tag().to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await;
    match res {
        Ok(m) => Ok(m),
        Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
            "account_exists",
            "an account with this email or handle already exists",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Hashes the password off the async executor, then inserts.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    new: NewUser,
    password: Password,
) -> ApiResult<user::Model> {
    let hash = tokio::task::spawn_blocking(move || crate::auth::password::hash(password.as_str()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    insert(db, new, hash).await
}

pub fn role_of(m: &user::Model) -> Role {
    Role::parse(&m.role).unwrap_or(Role::Member)
}

/// The finance permission: admins always; staff while an admin granted it.
pub fn has_finance(m: &user::Model) -> bool {
    match role_of(m) {
        Role::Admin => true,
        Role::Staff => m.finance_at.is_some(),
        Role::Member | Role::Expert => false,
    }
}

pub fn avatar_url(m: &user::Model) -> Option<String> {
    m.avatar_key.as_ref().map(|k| format!("/api/v1/media/{k}"))
}

pub fn me(m: &user::Model) -> Me {
    Me {
        id: m.id,
        email: m.email.clone(),
        handle: m.handle.clone(),
        display_name: m.display_name.clone(),
        role: role_of(m),
        bio: m.bio.clone(),
        avatar_url: avatar_url(m),
        expert_field: m.expert_field.clone(),
        created_at: m.created_at,
        email_verified: m.email_verified_at.is_some(),
        can_publish_templates: crate::templates::creators::can_publish(m),
        finance: has_finance(m),
    }
}

pub fn admin_view(m: &user::Model) -> UserAdminView {
    UserAdminView {
        id: m.id,
        email: m.email.clone(),
        handle: m.handle.clone(),
        display_name: m.display_name.clone(),
        role: role_of(m),
        created_at: m.created_at,
        creator: m.creator_approved_at.is_some(),
        finance: has_finance(m),
    }
}

/// `atelier admin create-user`: parse like the API does, record it in the
/// audit log as a command-line action.
pub async fn create_from_cli(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    handle: &str,
    display_name: &str,
    password: &str,
    role: Role,
) -> ApiResult<user::Model> {
    let new = NewUser {
        email: Email::parse(email)?,
        handle: Handle::parse(handle)?,
        display_name: DisplayName::parse(display_name)?,
        role,
        // The operator vouches for the address.
        verified: true,
        locale: None,
    };
    let password = Password::parse(password)?;
    let txn = crate::db::begin_write(db).await?;
    let m = create(&txn, new, password).await?;
    crate::audit::record(
        &txn,
        None,
        "user.create",
        &format!("user:{}", m.handle),
        &format!("created from the command line with role {}", role.as_str()),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update_profile(
    db: &sea_orm::DatabaseConnection,
    user: user::Model,
    req: atelier_api::UpdateProfileRequest,
) -> ApiResult<user::Model> {
    let mut am: user::ActiveModel = user.into();
    if let Some(name) = req.display_name {
        am.display_name = Set(DisplayName::parse(&name)?.as_str().to_owned());
    }
    if let Some(bio) = req.bio {
        am.bio = Set(super::domain::parse_bio(&bio)?);
    }
    am.updated_at = Set(Utc::now());
    Ok(am.update(db).await?)
}

/// Object first, row second: the new avatar is stored before the row points
/// at it; if the row update fails the object is removed. The old avatar is
/// removed after the commit.
///
/// The image becomes the pipeline's avatar rendition, off the executor
/// under the media permits and `media.processing_timeout_secs`.
pub async fn set_avatar(
    state: &crate::state::AppState,
    user: user::Model,
    image: bytes::Bytes,
) -> ApiResult<user::Model> {
    use crate::media::pipeline;
    let media = &state.settings.media;
    let limits = pipeline::Limits {
        max_bytes: media.max_upload_bytes,
        max_pixels: media.max_pixels,
        ..pipeline::Limits::default()
    };
    let timeout = std::time::Duration::from_secs(media.processing_timeout_secs);
    let avatar = crate::media::run_bounded(&state.media_permits, timeout, move || {
        let deadline = std::time::Instant::now() + timeout;
        pipeline::avatar_until(&image, &limits, Some(deadline))
    })
    .await?;
    let key = format!(
        "avatars/{}/{}.{}",
        user.id,
        uuid::Uuid::new_v4().simple(),
        avatar.ext
    );
    state
        .store
        .put(&key, avatar.bytes, avatar.content_type)
        .await?;
    let old = user.avatar_key.clone();
    let mut am: user::ActiveModel = user.into();
    am.avatar_key = Set(Some(key.clone()));
    am.updated_at = Set(Utc::now());
    let updated = match am.update(&state.db).await {
        Ok(m) => m,
        Err(e) => {
            if let Err(del) = state.store.delete(&key).await {
                tracing::warn!(%key, error = %del, "could not remove avatar after failed update; the sweeper will");
            }
            return Err(e.into());
        }
    };
    if let Some(old) = old
        && let Err(e) = state.store.delete(&old).await
    {
        tracing::warn!(key = %old, error = %e, "could not remove the previous avatar");
    }
    Ok(updated)
}

pub async fn find_by_handle(
    db: &sea_orm::DatabaseConnection,
    handle: &str,
) -> ApiResult<user::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    user::Entity::find()
        .filter(user::Column::Handle.eq(handle.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no user @{handle}")))
}

pub async fn public_profile(
    db: &sea_orm::DatabaseConnection,
    handle: &str,
    locale: crate::content_i18n::Locale,
) -> ApiResult<atelier_api::PublicProfile> {
    let m = find_by_handle(db, handle).await?;
    let role = role_of(&m);
    Ok(atelier_api::PublicProfile {
        handle: m.handle.clone(),
        display_name: m.display_name.clone(),
        role,
        bio: m.bio.clone(),
        avatar_url: avatar_url(&m),
        expert_field: m.expert_field.clone().filter(|_| role == Role::Expert),
        joined_at: m.created_at,
        works: crate::entries::read::public_works(db, m.id, locale).await?,
    })
}

pub async fn search(db: &sea_orm::DatabaseConnection, q: &str) -> ApiResult<Vec<UserAdminView>> {
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let q = q.trim();
    let mut find = user::Entity::find()
        .order_by_asc(user::Column::Handle)
        .limit(100);
    if !q.is_empty() {
        let lower = q.to_lowercase();
        find = find.filter(
            Condition::any()
                .add(user::Column::Handle.contains(&lower))
                .add(user::Column::Email.contains(&lower))
                .add(user::Column::DisplayName.contains(q)),
        );
    }
    Ok(find.all(db).await?.iter().map(admin_view).collect())
}

/// Who may grant what: admins anything; staff only between member and
/// expert. Nobody changes their own role.
fn may_change(actor: Role, from: Role, to: Role) -> bool {
    let grantable = atelier_api::grantable_roles(actor);
    grantable.contains(&from) && grantable.contains(&to)
}

pub async fn change_role(
    db: &sea_orm::DatabaseConnection,
    actor: &crate::auth::CurrentUser,
    target_id: i64,
    to: Role,
    field: Option<&str>,
) -> ApiResult<user::Model> {
    use sea_orm::EntityTrait;
    actor.require_staff()?;
    if actor.id() == target_id {
        return Err(ApiError::forbidden("you cannot change your own role"));
    }
    let txn = crate::db::begin_write(db).await?;
    let target = user::Entity::find_by_id(target_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))?;
    let from = role_of(&target);
    if !may_change(actor.role, from, to) {
        return Err(ApiError::forbidden(
            "only admins grant or remove the staff and admin roles",
        ));
    }
    if from == to {
        return Ok(target);
    }
    let handle = target.handle.clone();
    let updated = if to == Role::Expert {
        // The same verification as an approved application: one code path.
        crate::experts::service::verify_by_role_change(&txn, actor.id(), target, field).await?
    } else {
        let mut am: user::ActiveModel = target.into();
        am.role = Set(to.as_str().to_owned());
        if from == Role::Expert {
            am.expert_field = Set(None);
        }
        am.updated_at = Set(Utc::now());
        am.update(&txn).await?
    };
    crate::audit::record(
        &txn,
        Some(actor.id()),
        "user.role_change",
        &format!("user:{handle}"),
        &format!("{} -> {}", from.as_str(), to.as_str()),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Whether any admin account exists (a fresh production database has none).
pub async fn admin_exists<C: ConnectionTrait>(db: &C) -> Result<bool, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let n = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .count(db)
        .await?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_cannot_grant_staff_but_admins_can() {
        assert!(may_change(Role::Staff, Role::Member, Role::Expert));
        assert!(may_change(Role::Staff, Role::Expert, Role::Member));
        assert!(!may_change(Role::Staff, Role::Member, Role::Staff));
        assert!(!may_change(Role::Staff, Role::Admin, Role::Member));
        assert!(may_change(Role::Admin, Role::Member, Role::Admin));
        assert!(!may_change(Role::Expert, Role::Member, Role::Expert));
        assert!(!may_change(Role::Member, Role::Member, Role::Expert));
    }
}
