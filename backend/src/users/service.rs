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
    use sea_orm::TransactionTrait;
    let new = NewUser {
        email: Email::parse(email)?,
        handle: Handle::parse(handle)?,
        display_name: DisplayName::parse(display_name)?,
        role,
    };
    let password = Password::parse(password)?;
    let txn = db.begin().await?;
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
