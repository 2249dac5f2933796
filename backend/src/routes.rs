//! Every route of the application, assembled in one place.

use actix_web::web;

use crate::{challenges, health, openapi, site, spa};

/// (method, path) of every documented endpoint; a test checks the OpenAPI
/// document against this list and that each path is routed.
pub const DOCUMENTED: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/api/v1/site"),
    ("get", "/api/v1/challenges"),
    ("get", "/api/v1/challenges/{slug}"),
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(
            web::scope("/api/v1")
                .route("/openapi.json", web::get().to(openapi::document))
                .service(site::info)
                .service(challenges::routes::list)
                .service(challenges::routes::get_one),
        )
        .default_service(web::to(spa::fallback));
}
