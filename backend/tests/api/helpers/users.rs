//! Accounts: registering through the API, logging in, and members, experts,
//! staff and admins made by registering and setting the role in the database.

use atelier_api::{LoginRequest, RegisterRequest, Role, TokenResponse};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::TestApp;
use super::http::{ANON, Answer};

pub const PASSWORD: &str = "correct-horse-battery";

/// A registered account and its access token; pass `&user` as who sends a
/// request.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub handle: String,
    pub token: String,
}

impl From<TokenResponse> for User {
    fn from(t: TokenResponse) -> User {
        User {
            id: t.user.id,
            handle: t.user.handle,
            token: t.access_token,
        }
    }
}

impl TestApp {
    /// Registers `handle` (email `<handle>@example.test`, password
    /// `PASSWORD`); returns the answer's tokens.
    pub async fn register(&self, handle: &str) -> TokenResponse {
        let body = RegisterRequest {
            email: format!("{handle}@example.test"),
            handle: handle.to_owned(),
            display_name: format!("{handle} display"),
            password: PASSWORD.to_owned(),
        };
        self.post_json("/api/v1/auth/register", &body, ANON)
            .await
            .expect_status(201)
            .json()
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        self.post_json("/api/v1/auth/login", &body, ANON).await
    }

    /// Registers `handle` and gives it `role` directly in the database.
    pub async fn as_role(&self, handle: &str, role: Role) -> User {
        let user = self.as_member(handle).await;
        if role != Role::Member {
            let row = atelier::entities::user::Entity::find_by_id(user.id)
                .one(&self.db)
                .await
                .unwrap()
                .unwrap();
            let mut am: atelier::entities::user::ActiveModel = row.into();
            am.role = Set(role.as_str().to_owned());
            am.update(&self.db).await.unwrap();
        }
        user
    }

    pub async fn as_member(&self, handle: &str) -> User {
        User::from(self.register(handle).await)
    }

    pub async fn as_staff(&self, handle: &str) -> User {
        self.as_role(handle, Role::Staff).await
    }

    pub async fn as_admin(&self, handle: &str) -> User {
        self.as_role(handle, Role::Admin).await
    }
}
