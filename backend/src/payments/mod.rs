//! Payment providers behind one trait. An order asks its provider to start a
//! payment ([`PaymentProvider::start`]) and, when staff refund it, to give the
//! money back ([`PaymentProvider::refund`]); what the provider later says
//! about a payment arrives by webhook ([`webhook`]).
//!
//! - [`test_provider::TestProvider`]: the embedded default; a card order is
//!   paid the moment it is made (demo data, tests). It takes no money.
//! - [`bank::BankTransfer`]: always available (`method: bank_transfer`); the
//!   order waits with a payment reference until staff mark it paid.
//! - [`stripe::StripeProvider`]: Stripe Checkout (`payments.provider =
//!   "stripe"`), confirmed by signed webhooks.

pub mod bank;
pub mod routes;
pub mod signature;
pub mod stripe;
pub mod test_provider;
pub mod webhook;

use std::sync::Arc;

use actix_web::http::StatusCode;
use async_trait::async_trait;

use crate::config::{PaymentProviderKind, Settings};
use crate::error::ApiError;

/// What a provider is told about an order.
#[derive(Debug, Clone)]
pub struct Charge {
    pub order_id: i64,
    /// Minor units of `currency`.
    pub amount_minor: i64,
    /// ISO 4217, upper case (`TWD`).
    pub currency: String,
    /// The template's title: what the buyer sees on the provider's page.
    pub title: String,
    /// The buyer's idempotency key for the order.
    pub idempotency_key: String,
}

/// How a payment started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checkout {
    /// Where to send the buyer to pay (a hosted checkout page).
    pub checkout_url: Option<String>,
    /// The payment is complete already (the test provider).
    pub paid_now: bool,
    /// The provider's name for the payment (a Checkout Session id, a bank
    /// transfer reference).
    pub provider_ref: Option<String>,
}

/// How a refund went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refund {
    /// The money is back with the buyer now; otherwise the provider confirms
    /// it later (by webhook).
    pub done: bool,
    /// The provider's name for the refund.
    pub provider_ref: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached or answered with a server error:
    /// trying again later may work.
    #[error("the payment provider is unreachable: {0}")]
    Unavailable(String),
    /// The provider refused the request.
    #[error("the payment provider refused the request: {0}")]
    Refused(String),
}

impl From<ProviderError> for ApiError {
    fn from(err: ProviderError) -> Self {
        match &err {
            ProviderError::Unavailable(_) => ApiError::unavailable(
                "payment_provider_unavailable",
                "the payment provider cannot be reached; try again shortly",
            )
            .with_source(err),
            ProviderError::Refused(_) => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "payment_provider_refused",
                "the payment provider refused the request",
            )
            .with_source(err),
        }
    }
}

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The name kept in `template_orders.provider`.
    fn name(&self) -> &'static str;

    /// Starts paying for an order. Called again for the same order when an
    /// earlier start left no trace (a crash, a timeout); a provider that
    /// takes an idempotency key makes that the same payment.
    async fn start(&self, charge: &Charge) -> Result<Checkout, ProviderError>;

    /// Gives the whole amount back. `payment_ref` is what the `paid` event
    /// recorded (a Stripe payment intent).
    async fn refund(
        &self,
        charge: &Charge,
        payment_ref: Option<&str>,
        reason: &str,
    ) -> Result<Refund, ProviderError>;

    /// Stops a pending payment (the buyer cancelled), so the checkout page
    /// can no longer take money. `checkout_ref` is the `pending` event's.
    async fn cancel(
        &self,
        _charge: &Charge,
        _checkout_ref: Option<&str>,
    ) -> Result<(), ProviderError> {
        Ok(())
    }
}

/// The provider for card payments that `payments.provider` names.
pub fn card_provider(settings: &Settings) -> anyhow::Result<Arc<dyn PaymentProvider>> {
    Ok(match settings.payments.provider {
        PaymentProviderKind::Test => Arc::new(test_provider::TestProvider),
        PaymentProviderKind::Stripe => Arc::new(stripe::StripeProvider::new(settings)?),
    })
}

/// The provider that handles an order recorded with `name`: the card
/// provider when it is the one configured, the bank transfer, or the test
/// provider. An order of a provider no longer configured cannot be refunded
/// through it (503 `payment_provider_unavailable`).
pub fn for_order(
    card: &Arc<dyn PaymentProvider>,
    name: &str,
) -> Result<Arc<dyn PaymentProvider>, ApiError> {
    if name == card.name() {
        return Ok(card.clone());
    }
    match name {
        bank::NAME => Ok(Arc::new(bank::BankTransfer)),
        test_provider::NAME => Ok(Arc::new(test_provider::TestProvider)),
        other => Err(ApiError::unavailable(
            "payment_provider_unavailable",
            format!("the order was paid through {other}, which is not configured"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    #[test]
    fn the_test_provider_is_the_default_and_stripe_needs_both_secrets() {
        let mut s = Settings::default();
        assert_eq!(card_provider(&s).map(|p| p.name()).ok(), Some("test"));
        s.payments.provider = PaymentProviderKind::Stripe;
        assert!(card_provider(&s).is_err(), "no keys");
        s.payments.stripe.secret_key = SecretString::from("sk_test_1".to_owned());
        assert!(card_provider(&s).is_err(), "no webhook secret");
        s.payments.stripe.webhook_secret = SecretString::from("whsec_1".to_owned());
        assert_eq!(card_provider(&s).map(|p| p.name()).ok(), Some("stripe"));
    }

    #[test]
    fn orders_find_their_provider() {
        let card: Arc<dyn PaymentProvider> = Arc::new(test_provider::TestProvider);
        assert_eq!(
            for_order(&card, "test").map(|p| p.name()).ok(),
            Some("test")
        );
        assert_eq!(
            for_order(&card, "bank_transfer").map(|p| p.name()).ok(),
            Some("bank_transfer")
        );
        let err = for_order(&card, "stripe").err().map(|e| e.code);
        assert_eq!(err, Some("payment_provider_unavailable"));
    }
}
