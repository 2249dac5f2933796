//! The embedded default: every payment succeeds at once, every refund too.
//! It moves no money; it exists so demo data and tests can buy templates.

use async_trait::async_trait;

use super::{Charge, Checkout, PaymentProvider, ProviderError, Refund};

pub const NAME: &str = "test";

#[derive(Debug, Clone, Copy, Default)]
pub struct TestProvider;

#[async_trait]
impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn start(&self, charge: &Charge) -> Result<Checkout, ProviderError> {
        Ok(Checkout {
            checkout_url: None,
            paid_now: true,
            provider_ref: Some(format!("test_pay_{}", charge.order_id)),
        })
    }

    async fn refund(
        &self,
        charge: &Charge,
        _payment_ref: Option<&str>,
        _reason: &str,
    ) -> Result<Refund, ProviderError> {
        Ok(Refund {
            done: true,
            provider_ref: Some(format!("test_refund_{}", charge.order_id)),
        })
    }
}
