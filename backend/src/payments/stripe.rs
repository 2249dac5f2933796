//! Stripe Checkout (<https://docs.stripe.com/api/checkout/sessions/create>).
//!
//! Why Stripe: its API and its webhook signing scheme are public, documented
//! and stable (versioned, the same HMAC scheme for years), it charges in TWD,
//! and a hosted Checkout page keeps card data away from Atelier entirely.
//!
//! `start` creates a Checkout Session for the order (form-encoded, with the
//! order's idempotency key, so a retried start is the same session) and sends
//! the buyer to its `url`; the `checkout.session.completed` webhook says the
//! order is paid. `refund` asks for a refund of the payment intent; a refund
//! Stripe reports as `succeeded` at once is done, any other is confirmed by
//! the `charge.refunded` / `refund.updated` webhooks.

use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{Charge, Checkout, PaymentProvider, ProviderError, Refund};
use crate::config::Settings;

pub const NAME: &str = "stripe";

pub struct StripeProvider {
    client: reqwest::Client,
    api_base: String,
    secret_key: SecretString,
    /// `http.public_url`: the buyer comes back to `<public_url>/orders/<id>`.
    public_url: String,
}

#[derive(Debug, Deserialize)]
struct SessionAnswer {
    id: String,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RefundAnswer {
    id: String,
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    error: ErrorDetail,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    message: Option<String>,
}

impl StripeProvider {
    pub fn new(settings: &Settings) -> anyhow::Result<StripeProvider> {
        let stripe = &settings.payments.stripe;
        if stripe.secret_key.expose_secret().trim().is_empty() {
            anyhow::bail!("payments.provider is stripe but payments.stripe.secret_key is not set");
        }
        if stripe.webhook_secret.expose_secret().trim().is_empty() {
            anyhow::bail!(
                "payments.provider is stripe but payments.stripe.webhook_secret is not set \
                 (without it no payment could ever be confirmed)"
            );
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(stripe.timeout_secs.max(1)))
            .build()
            .context("building the Stripe HTTP client")?;
        Ok(StripeProvider {
            client,
            api_base: stripe.api_base.trim_end_matches('/').to_owned(),
            secret_key: stripe.secret_key.clone(),
            public_url: settings.public_url(settings.http.port),
        })
    }

    /// POSTs a form; answers the JSON body of a 2xx.
    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        form: &[(String, String)],
        idempotency_key: &str,
    ) -> Result<T, ProviderError> {
        let res = self
            .client
            .post(format!("{}{path}", self.api_base))
            .bearer_auth(self.secret_key.expose_secret())
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await
            .map_err(|e| ProviderError::Unavailable(format!("{path}: {e}")))?;
        let status = res.status();
        let body = res
            .bytes()
            .await
            .map_err(|e| ProviderError::Unavailable(format!("{path}: {e}")))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                ProviderError::Refused(format!("{path}: an answer we cannot read: {e}"))
            });
        }
        let message = serde_json::from_slice::<ErrorAnswer>(&body)
            .ok()
            .and_then(|e| e.error.message)
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(300).collect());
        let what = format!("{path}: {status}: {message}");
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            Err(ProviderError::Unavailable(what))
        } else {
            Err(ProviderError::Refused(what))
        }
    }
}

fn pair(k: &str, v: impl ToString) -> (String, String) {
    (k.to_owned(), v.to_string())
}

/// The form of a Checkout Session for `charge`, returning to `return_url`.
pub fn session_form(charge: &Charge, return_url: &str) -> Vec<(String, String)> {
    vec![
        pair("mode", "payment"),
        pair(
            "line_items[0][price_data][currency]",
            charge.currency.to_lowercase(),
        ),
        pair(
            "line_items[0][price_data][unit_amount]",
            charge.amount_minor,
        ),
        pair(
            "line_items[0][price_data][product_data][name]",
            &charge.title,
        ),
        pair("line_items[0][quantity]", 1),
        pair("success_url", return_url),
        pair("cancel_url", return_url),
        pair("client_reference_id", charge.order_id),
        pair("metadata[order_id]", charge.order_id),
        pair("payment_intent_data[metadata][order_id]", charge.order_id),
    ]
}

/// Stripe's idempotency keys are per Stripe account, the buyer's only per
/// buyer: the order id makes it one key per order.
pub fn idempotency_key(charge: &Charge, what: &str) -> String {
    format!(
        "atelier-order-{}-{what}-{}",
        charge.order_id, charge.idempotency_key
    )
}

#[async_trait]
impl PaymentProvider for StripeProvider {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn start(&self, charge: &Charge) -> Result<Checkout, ProviderError> {
        let return_url = format!("{}/orders/{}", self.public_url, charge.order_id);
        let session: SessionAnswer = self
            .post(
                "/v1/checkout/sessions",
                &session_form(charge, &return_url),
                &idempotency_key(charge, "checkout"),
            )
            .await?;
        if session.url.is_none() {
            return Err(ProviderError::Refused(
                "the Checkout Session has no url".into(),
            ));
        }
        Ok(Checkout {
            checkout_url: session.url,
            paid_now: false,
            provider_ref: Some(session.id),
        })
    }

    async fn refund(
        &self,
        charge: &Charge,
        payment_ref: Option<&str>,
        reason: &str,
    ) -> Result<Refund, ProviderError> {
        let Some(intent) = payment_ref.filter(|r| r.starts_with("pi_")) else {
            return Err(ProviderError::Refused(format!(
                "order {} has no payment intent to refund",
                charge.order_id
            )));
        };
        let form = vec![
            pair("payment_intent", intent),
            pair("metadata[order_id]", charge.order_id),
            pair("metadata[reason]", reason),
        ];
        let refund: RefundAnswer = self
            .post("/v1/refunds", &form, &idempotency_key(charge, "refund"))
            .await?;
        Ok(Refund {
            done: refund.status.as_deref() == Some("succeeded"),
            provider_ref: Some(refund.id),
        })
    }

    /// Expires the Checkout Session, so its page can no longer take money.
    async fn cancel(
        &self,
        charge: &Charge,
        checkout_ref: Option<&str>,
    ) -> Result<(), ProviderError> {
        let Some(session) = checkout_ref.filter(|r| {
            r.starts_with("cs_") && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }) else {
            return Ok(());
        };
        let _: SessionAnswer = self
            .post(
                &format!("/v1/checkout/sessions/{session}/expire"),
                &[],
                &idempotency_key(charge, "expire"),
            )
            .await?;
        Ok(())
    }
}
