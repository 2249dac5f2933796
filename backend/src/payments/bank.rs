//! Bank transfer: the buyer transfers the amount quoting the order's payment
//! reference; staff mark the order paid when the money arrives
//! (`POST /staff/orders/{id}/mark-paid`) and send it back by hand on a refund.
//!
//! The reference is `ATL-<order id>-<two check digits>`, the digits by
//! ISO 7064 MOD 97-10 (as in an IBAN), so a mistyped reference is caught
//! before anyone goes looking for an order.

use async_trait::async_trait;

use super::{Charge, Checkout, PaymentProvider, ProviderError, Refund};

pub const NAME: &str = "bank_transfer";

#[derive(Debug, Clone, Copy, Default)]
pub struct BankTransfer;

/// The check digits of `n`: `98 - (n * 100 mod 97)`, so that the number
/// followed by them is 1 mod 97.
pub fn check_digits(n: u64) -> u8 {
    // (n * 100) mod 97 without overflow: (n mod 97) * 100 < 9700.
    let r = ((n % 97) * 100) % 97;
    // r < 97, so the difference is in 2..=98.
    (98 - r) as u8
}

/// The payment reference of an order.
pub fn reference(order_id: i64) -> String {
    let n = order_id.unsigned_abs();
    format!("ATL-{n}-{:02}", check_digits(n))
}

/// The order a reference names, if its check digits are right.
pub fn parse_reference(reference: &str) -> Option<i64> {
    let rest = reference.trim().strip_prefix("ATL-")?;
    let (id, digits) = rest.rsplit_once('-')?;
    if digits.len() != 2 || id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = id.parse().ok()?;
    let d: u8 = digits.parse().ok()?;
    (check_digits(n) == d)
        .then(|| i64::try_from(n).ok())
        .flatten()
}

#[async_trait]
impl PaymentProvider for BankTransfer {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn start(&self, charge: &Charge) -> Result<Checkout, ProviderError> {
        Ok(Checkout {
            checkout_url: None,
            paid_now: false,
            provider_ref: Some(reference(charge.order_id)),
        })
    }

    /// Staff return the money by bank themselves; the order is refunded now.
    async fn refund(
        &self,
        _charge: &Charge,
        _payment_ref: Option<&str>,
        _reason: &str,
    ) -> Result<Refund, ProviderError> {
        Ok(Refund {
            done: true,
            provider_ref: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_and_its_digits_are_one_mod_97() {
        for n in [1u64, 7, 42, 96, 97, 98, 12345, 9_999_999_999] {
            let d = u64::from(check_digits(n));
            assert_eq!((n * 100 + d) % 97, 1, "{n} -> {d}");
        }
    }

    #[test]
    fn references_round_trip_and_typos_are_caught() {
        let r = reference(1234);
        assert!(r.starts_with("ATL-1234-"), "{r}");
        assert_eq!(parse_reference(&r), Some(1234));
        // One digit changed, two swapped, the digits wrong: all refused.
        assert_eq!(parse_reference(&r.replace("1234", "1235")), None);
        assert_eq!(parse_reference(&r.replace("1234", "1324")), None);
        assert_eq!(parse_reference("ATL-1234-00"), None);
        assert_eq!(parse_reference("ATL--12"), None);
        assert_eq!(parse_reference("XYZ-1234-12"), None);
    }
}
