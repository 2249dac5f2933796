//! `/healthz` says the process is up; `/readyz` says it can serve: the
//! database answers and the object store is reachable.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "process is up")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "database and object store reachable"),
        (status = 503, body = atelier_api::ErrorBody, description = "`database_unavailable` or `store_unavailable`")
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    match tokio::time::timeout(PROBE_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(ApiError::unavailable(
                "database_unavailable",
                "the database is unreachable",
            )
            .with_source(e));
        }
        Err(_) => {
            return Err(ApiError::unavailable(
                "database_unavailable",
                "the database did not answer in time",
            ));
        }
    }
    match tokio::time::timeout(PROBE_TIMEOUT, state.store.check()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(ApiError::unavailable(
                "store_unavailable",
                "object storage is unreachable",
            )
            .with_source(e));
        }
        Err(_) => {
            return Err(ApiError::unavailable(
                "store_unavailable",
                "object storage did not answer in time",
            ));
        }
    }
    Ok(HttpResponse::Ok().json(json!({
        "status": "ready",
        "database": crate::db::backend_name(&state.db),
        "store": state.store.kind(),
    })))
}
