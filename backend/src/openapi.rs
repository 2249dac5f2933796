//! The OpenAPI document for `/api/v1`, served at `/api/v1/openapi.json`.
//! Every handler with a `#[utoipa::path]` must be listed here; a test checks
//! that each route the app answers appears in the document.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Atelier API",
        description = "Design challenges, voting and co-creation for brand communities."
    ),
    paths(
        crate::health::healthz,
        crate::health::readyz,
        crate::site::info,
        crate::challenges::routes::list,
        crate::challenges::routes::get_one,
        crate::auth::routes::register,
        crate::auth::routes::login,
        crate::auth::routes::refresh_tokens,
        crate::auth::routes::logout,
        crate::auth::verify::verify_email,
        crate::auth::verify::resend_verification,
        crate::users::routes::me,
        crate::users::routes::update_me,
        crate::users::routes::put_avatar,
        crate::users::routes::public_profile,
        crate::users::routes::list_users,
        crate::users::routes::change_role,
        crate::users::routes::audit_log,
        crate::experts::routes::apply,
        crate::experts::routes::mine,
        crate::experts::routes::list,
        crate::experts::routes::decide,
        crate::media::routes::get_object,
        crate::challenges::routes::create,
        crate::challenges::routes::update,
        crate::challenges::routes::override_phase,
        crate::challenges::routes::put_cover,
        crate::entries::routes::submit,
        crate::entries::routes::list,
        crate::entries::routes::palette_check,
        crate::entries::routes::get_one,
        crate::entries::routes::original,
        crate::entries::routes::update,
        crate::entries::routes::withdraw,
        crate::entries::routes::mine,
        crate::entries::routes::duplicates,
        crate::entries::routes::resolve_duplicate,
        crate::voting::routes::vote,
        crate::voting::routes::my_vote,
        crate::voting::routes::results,
        crate::voting::routes::pick_winners,
        crate::voting::routes::list_polls,
        crate::voting::routes::create_poll,
        crate::voting::routes::get_poll,
        crate::voting::routes::update_poll,
        crate::voting::routes::option_image,
        crate::voting::routes::invite,
        crate::voting::routes::ballot,
        crate::voting::routes::poll_results,
        crate::voting::routes::export,
        crate::voting::routes::list_flags,
        crate::voting::routes::review_flag,
    ),
    components(schemas(atelier_api::ErrorBody, atelier_api::ErrorDetail)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the secured operations refer to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

pub async fn document() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(ApiDoc::openapi())
}
