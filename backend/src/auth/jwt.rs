//! Short-lived access tokens: HS256 JWTs with `sub`, `role`, `iat`, `exp`,
//! `jti`, issuer and audience. The algorithm is pinned, so `alg: none` or a
//! token signed with another algorithm never validates. A token whose `nbf`
//! lies in the future is refused. The same server secret also keys the
//! derivation of refresh-token successors (`refresh_successor_key`).

use std::path::Path;

use anyhow::Context;
use atelier_api::Role;
use chrono::Utc;
use hmac::{Hmac, Mac};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::config::Settings;
use crate::error::ApiError;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub iss: String,
    pub aud: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    pub access_ttl_secs: i64,
    successor_key: [u8; 32],
    download_link_key: [u8; 32],
}

/// A subkey of the server secret for one purpose, so a value derived for one
/// use can never stand in for another (HMAC-SHA256 as a PRF).
fn subkey(secret: &[u8], purpose: &str) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

impl JwtKeys {
    pub fn new(secret: &[u8], settings: &Settings) -> JwtKeys {
        let auth = &settings.auth;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&auth.issuer]);
        validation.set_audience(&[&auth.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: auth.issuer.clone(),
            audience: auth.audience.clone(),
            access_ttl_secs: auth.access_ttl_secs,
            successor_key: subkey(secret, "atelier/refresh-successor/v1"),
            download_link_key: subkey(secret, "atelier/template-download-link/v1"),
        }
    }

    /// The key template download links are signed with (FileStore).
    pub fn download_link_key(&self) -> &[u8; 32] {
        &self.download_link_key
    }

    /// The key refresh tokens derive their successors with.
    pub fn refresh_successor_key(&self) -> &[u8; 32] {
        &self.successor_key
    }

    pub fn issue(&self, user_id: i64, role: Role) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            role: role.as_str().to_owned(),
            iat: now,
            exp: now + self.access_ttl_secs,
            jti: uuid::Uuid::new_v4().to_string(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("signing access token")
    }

    /// The user id of a valid token; 401 `token_expired` or `invalid_token`.
    pub fn verify(&self, token: &str) -> Result<i64, ApiError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized("token_expired", "the access token has expired")
                }
                _ => ApiError::unauthorized("invalid_token", "the access token is not valid"),
            })?;
        data.claims
            .sub
            .parse()
            .map_err(|_| ApiError::unauthorized("invalid_token", "the access token is not valid"))
    }
}

/// The configured secret, or one generated on first start and kept in
/// `<data_dir>/jwt.key` (readable by the owner only).
pub fn load_or_create_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &settings.auth.jwt_secret {
        let s = secret.expose_secret();
        anyhow::ensure!(s.len() >= 32, "auth.jwt_secret must be at least 32 bytes");
        return Ok(s.as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt.key");
    if let Ok(hex_key) = std::fs::read_to_string(&path) {
        return hex::decode(hex_key.trim())
            .with_context(|| format!("{} is not a hex key", path.display()));
    }
    let mut key = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(&path, &hex::encode(key))?;
    Ok(key.to_vec())
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    use std::io::Write;
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef", &Settings::default())
    }

    #[test]
    fn a_fresh_token_verifies() {
        let k = keys();
        let t = k.issue(42, Role::Staff).unwrap();
        assert_eq!(k.verify(&t).unwrap(), 42);
    }

    #[test]
    fn alg_none_is_rejected() {
        let k = keys();
        let t = k.issue(42, Role::Admin).unwrap();
        let payload = t.split('.').nth(1).unwrap();
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let forged = format!("{header}.{payload}.");
        assert_eq!(k.verify(&forged).unwrap_err().code, "invalid_token");
    }

    #[test]
    fn a_token_not_yet_valid_is_rejected() {
        let k = keys();
        let now = Utc::now().timestamp();
        let claims = |nbf: i64| {
            serde_json::json!({"sub": "7", "role": "member", "iat": now, "exp": now + 600,
                "nbf": nbf, "jti": "x", "iss": "atelier", "aud": "atelier-web"})
        };
        let sign = |c: &serde_json::Value| {
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), c, &k.encoding).unwrap()
        };
        assert_eq!(k.verify(&sign(&claims(now - 10))).unwrap(), 7);
        assert_eq!(
            k.verify(&sign(&claims(now + 3600))).unwrap_err().code,
            "invalid_token"
        );
    }

    #[test]
    fn subkeys_differ_by_purpose_and_secret() {
        let a = subkey(b"secret-one", "a");
        assert_eq!(a, subkey(b"secret-one", "a"));
        assert_ne!(a, subkey(b"secret-one", "b"));
        assert_ne!(a, subkey(b"secret-two", "a"));
    }

    #[test]
    fn another_key_is_rejected() {
        let other = JwtKeys::new(b"ffffffffffffffffffffffffffffffff", &Settings::default());
        let t = other.issue(1, Role::Member).unwrap();
        assert_eq!(keys().verify(&t).unwrap_err().code, "invalid_token");
    }

    #[test]
    fn a_generated_key_is_kept_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Default::default()
        };
        let a = load_or_create_secret(&s).unwrap();
        let b = load_or_create_secret(&s).unwrap();
        assert_eq!(a.len(), 64);
        assert_eq!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("jwt.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_short_configured_secret_is_refused() {
        let mut s = Settings::default();
        s.auth.jwt_secret = Some("short".to_owned().into());
        assert!(load_or_create_secret(&s).is_err());
    }
}
