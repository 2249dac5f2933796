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
    ),
    components(schemas(atelier_api::ErrorBody, atelier_api::ErrorDetail))
)]
pub struct ApiDoc;

pub async fn document() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(ApiDoc::openapi())
}
