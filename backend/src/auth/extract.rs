//! `CurrentUser`: the logged-in user, from `Authorization: Bearer <jwt>`.
//! Extracting it answers 401 by itself; the role guards answer 403. The user
//! row is read on every request, so role changes and deletions take effect
//! at once rather than when the token expires.

use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use atelier_api::Role;
use futures_util::future::LocalBoxFuture;
use sea_orm::EntityTrait;

use crate::entities::user;
use crate::error::ApiError;
use crate::state::AppState;
use crate::users::service::role_of;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: user::Model,
    pub role: Role,
}

impl CurrentUser {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// 403 unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden("your role does not allow this"))
        }
    }

    pub fn require_staff(&self) -> Result<(), ApiError> {
        self.require(&[Role::Staff, Role::Admin])
    }

    pub fn has_finance(&self) -> bool {
        crate::users::service::has_finance(&self.user)
    }

    /// 403 `finance_required` unless the user holds the finance permission.
    pub fn require_finance(&self) -> Result<(), ApiError> {
        if self.has_finance() {
            Ok(())
        } else {
            Err(ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                "finance_required",
                "only finance staff may do this",
            ))
        }
    }

    /// The creator themselves or finance staff (earnings, statements).
    pub fn require_self_or_finance(&self, user_id: i64) -> Result<(), ApiError> {
        if self.id() == user_id {
            Ok(())
        } else {
            self.require_finance()
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("unauthenticated", "log in first"))?;
    header
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("invalid_token", "expected `Authorization: Bearer <token>`")
        })
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let user_id = state.auth.keys.verify(&token?)?;
            let user = user::Entity::find_by_id(user_id)
                .one(&state.db)
                .await?
                .ok_or_else(|| {
                    ApiError::unauthorized("invalid_token", "the account no longer exists")
                })?;
            let role = role_of(&user);
            Ok(CurrentUser { user, role })
        })
    }
}

/// The user when a bearer token is sent, None for anonymous requests. A token
/// that is sent but invalid or expired is still a 401, so the client knows to
/// refresh rather than silently browsing as anonymous.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl MaybeUser {
    pub fn is_staff(&self) -> bool {
        self.0.as_ref().is_some_and(|u| u.role.is_staff())
    }

    pub fn id(&self) -> Option<i64> {
        self.0.as_ref().map(CurrentUser::id)
    }
}

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req.headers().get(AUTHORIZATION).is_none() {
            return Box::pin(async { Ok(MaybeUser(None)) });
        }
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move { Ok(MaybeUser(Some(user.await?))) })
    }
}
