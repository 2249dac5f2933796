//! The payment providers' webhooks.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Serialize;

use super::webhook;
use crate::error::ApiResult;
use crate::state::AppState;

/// What the server made of a delivery.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookReceipt {
    pub received: bool,
    /// `applied`, `duplicate` (this event was handled before), `already`,
    /// `ignored`, `waiting`, `unknown_order` or `amount_mismatch`.
    pub outcome: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/payments/stripe/webhook",
    tag = "payments",
    params(("Stripe-Signature" = String, Header, description = "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`")),
    request_body(content = serde_json::Value, content_type = "application/json", description = "a Stripe event, exactly as signed"),
    responses(
        (status = 200, body = WebhookReceipt, description = "received (a repeated event changes nothing)"),
        (status = 400, body = atelier_api::ErrorBody, description = "`signature_missing`, `signature_invalid`, `signature_expired` (nothing changes), `invalid_body`")
    )
)]
#[post("/payments/stripe/webhook")]
pub async fn stripe_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let signature = req
        .headers()
        .get("Stripe-Signature")
        // Not ASCII: present but unreadable, so it cannot match.
        .map(|v| v.to_str().unwrap_or(""));
    let handled = webhook::receive(&state, signature, &body).await?;
    Ok(HttpResponse::Ok().json(WebhookReceipt {
        received: true,
        outcome: handled.as_str().to_owned(),
    }))
}
