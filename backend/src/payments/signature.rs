//! Stripe's webhook signature (<https://docs.stripe.com/webhooks#verify-manually>):
//! the `Stripe-Signature` header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`
//! (other schemes such as `v0` are ignored), each `v1` the HMAC-SHA256 of
//! `"<t>.<raw body>"` keyed with the endpoint's signing secret. Several `v1`
//! appear while a secret is being rolled; one match is enough. The timestamp
//! is part of what is signed, so an old delivery cannot be made to look new;
//! older than the tolerance is refused.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No `Stripe-Signature` header.
    Missing,
    /// Malformed, no `v1`, or no `v1` matches.
    Invalid,
    /// Signed correctly, but outside the tolerance.
    Expired,
}

/// Checks `header` against `payload`, signed with `secret`, at `now` (unix
/// seconds). The signature is checked first, so the answer says nothing
/// about a timestamp nobody proved they could sign. An empty secret never
/// verifies (anyone could compute that HMAC).
pub fn verify(
    header: Option<&str>,
    payload: &[u8],
    secret: &[u8],
    tolerance_secs: i64,
    now: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    if secret.is_empty() {
        return Err(SignatureError::Invalid);
    }
    let mut timestamp: Option<&str> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            continue;
        };
        match key {
            "t" => timestamp = Some(value),
            // A v1 that is not hex cannot match; skip it.
            "v1" => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let t = timestamp.ok_or(SignatureError::Invalid)?;
    let t_secs: i64 = t.parse().map_err(|_| SignatureError::Invalid)?;
    let matched = signatures.iter().any(|sig| {
        let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
            return false;
        };
        mac.update(t.as_bytes());
        mac.update(b".");
        mac.update(payload);
        // Constant-time comparison.
        mac.verify_slice(sig).is_ok()
    });
    if !matched {
        return Err(SignatureError::Invalid);
    }
    if (now - t_secs).abs() > tolerance_secs {
        return Err(SignatureError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"checkout.session.completed"}"#;
    // Computed independently:
    // python3 -c 'import hmac,hashlib;print(hmac.new(b"whsec_test_secret",
    //   b"1700000000." + b"{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}",
    //   hashlib.sha256).hexdigest())'
    const SIG: &str = "a13d4b1f9003bc2fb6c06224e878b6056185eaa50d40e1e7dc05517f8af41d7b";
    const T: i64 = 1_700_000_000;

    fn header(sigs: &[&str]) -> String {
        let mut h = format!("t={T}");
        for s in sigs {
            h.push_str(",v1=");
            h.push_str(s);
        }
        h
    }

    #[test]
    fn a_known_signature_verifies() {
        assert_eq!(
            verify(Some(&header(&[SIG])), BODY, SECRET, 300, T + 10),
            Ok(())
        );
        // Any of several v1 (a secret being rolled), v0 ignored.
        let h = format!("t={T},v0=abcd,v1={},v1={SIG}", "00".repeat(32));
        assert_eq!(verify(Some(&h), BODY, SECRET, 300, T), Ok(()));
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(
            verify(None, BODY, SECRET, 300, T),
            Err(SignatureError::Missing)
        );
        for h in [
            String::new(),
            "garbage".to_owned(),
            format!("v1={SIG}"),
            format!("t=soon,v1={SIG}"),
            format!("t={T}"),
            format!("t={T},v0={SIG}"),
            format!("t={},v1={SIG}", T + 1),
            format!("t={T},v1=zz{}", &SIG[2..]),
        ] {
            assert_eq!(
                verify(Some(&h), BODY, SECRET, 300, T),
                Err(SignatureError::Invalid),
                "{h}"
            );
        }
        // Another body, another secret, no secret.
        let h = header(&[SIG]);
        let other = br#"{"id":"evt_1","type":"checkout.session.expired"}"#;
        assert_eq!(
            verify(Some(&h), other, SECRET, 300, T),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(Some(&h), BODY, b"whsec_other", 300, T),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(Some(&h), BODY, b"", 300, T),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn old_and_future_timestamps_are_expired() {
        let h = header(&[SIG]);
        assert_eq!(verify(Some(&h), BODY, SECRET, 300, T + 300), Ok(()));
        assert_eq!(
            verify(Some(&h), BODY, SECRET, 300, T + 301),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            verify(Some(&h), BODY, SECRET, 300, T - 301),
            Err(SignatureError::Expired)
        );
    }
}
