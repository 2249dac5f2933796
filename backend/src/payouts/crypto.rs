//! Payout details at rest: AES-256-GCM with a random 96-bit nonce per
//! record, stored as base64(nonce || ciphertext). The creator's id is the
//! associated data, so a record copied onto another creator's row does not
//! decrypt. The key is `ledger.details_key` (base64 of 32 bytes) or, when
//! unset, one generated once from OS randomness into
//! `<data_dir>/payout-details.key` (readable by the owner only) and reused.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use secrecy::ExposeSecret;

use crate::config::Settings;

/// The file a generated key is kept in, under `data_dir`.
pub const KEY_FILE: &str = "payout-details.key";

const NONCE_LEN: usize = 12;

/// A 256-bit key for payout details.
#[derive(Clone)]
pub struct DetailsKey([u8; 32]);

impl std::fmt::Debug for DetailsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DetailsKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the payout details are not valid base64, or too short")]
    Malformed,
    #[error("the payout details do not decrypt with this key (wrong key, or altered data)")]
    Decrypt,
    #[error("the payout details could not be encrypted")]
    Encrypt,
}

impl DetailsKey {
    /// A key from its base64 form (32 bytes).
    pub fn from_base64(b64: &str) -> anyhow::Result<DetailsKey> {
        let bytes = STANDARD
            .decode(b64.trim())
            .context("the payout details key is not base64")?;
        let key: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            anyhow::anyhow!(
                "the payout details key must be 32 bytes (base64 of 32 bytes), not {}",
                b.len()
            )
        })?;
        Ok(DetailsKey(key))
    }

    /// A fresh key from OS randomness.
    pub fn generate() -> DetailsKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        DetailsKey(key)
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    fn cipher(&self) -> Result<Aes256Gcm, CryptoError> {
        Aes256Gcm::new_from_slice(&self.0).map_err(|_| CryptoError::Encrypt)
    }

    /// base64(nonce || ciphertext) of `plain` for creator `user_id`.
    pub fn encrypt(&self, user_id: i64, plain: &[u8]) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = aad(user_id);
        let ct = self
            .cipher()?
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(STANDARD.encode(out))
    }

    /// The plaintext of what [`encrypt`](Self::encrypt) made for `user_id`.
    pub fn decrypt(&self, user_id: i64, stored: &str) -> Result<Vec<u8>, CryptoError> {
        let raw = STANDARD
            .decode(stored.trim())
            .map_err(|_| CryptoError::Malformed)?;
        // A GCM ciphertext carries at least its 16-byte tag.
        if raw.len() < NONCE_LEN + 16 {
            return Err(CryptoError::Malformed);
        }
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CryptoError::Malformed)?;
        let aad = aad(user_id);
        self.cipher()?
            .decrypt(&Nonce::from(nonce), Payload { msg: ct, aad: &aad })
            .map_err(|_| CryptoError::Decrypt)
    }
}

fn aad(user_id: i64) -> Vec<u8> {
    format!("atelier/payout-details/v1/user:{user_id}").into_bytes()
}

/// The configured key, or the one kept in `<data_dir>/payout-details.key`,
/// generated on first use.
pub fn load_or_create_key(settings: &Settings) -> anyhow::Result<DetailsKey> {
    if let Some(key) = &settings.ledger.details_key {
        return DetailsKey::from_base64(key.expose_secret()).context("ledger.details_key");
    }
    let path = settings.data_dir.join(KEY_FILE);
    if let Some(key) = read_key_file(&path)? {
        return Ok(key);
    }
    let key = DetailsKey::generate();
    match publish(&path, &key.to_base64()) {
        Ok(()) => Ok(key),
        // Another process or request generated it first: theirs is the key.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key_file(&path)?
            .ok_or_else(|| anyhow::anyhow!("{} vanished while being read", path.display())),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

fn read_key_file(path: &Path) -> anyhow::Result<Option<DetailsKey>> {
    match std::fs::read_to_string(path) {
        Ok(s) => DetailsKey::from_base64(&s)
            .with_context(|| format!("{} does not hold a valid key", path.display()))
            .map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes `contents` to a private temporary file and links it to `path`, so
/// the key file appears whole or not at all and a key someone else already
/// published is never replaced (`AlreadyExists`).
fn publish(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{KEY_FILE}.{}.{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(contents.as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_key_or_user_fails() {
        let k = DetailsKey::generate();
        let enc = k.encrypt(7, b"secret 0123456789").unwrap();
        assert_eq!(k.decrypt(7, &enc).unwrap(), b"secret 0123456789");
        // A new nonce each time.
        assert_ne!(enc, k.encrypt(7, b"secret 0123456789").unwrap());
        assert!(matches!(
            DetailsKey::generate().decrypt(7, &enc),
            Err(CryptoError::Decrypt)
        ));
        assert!(matches!(k.decrypt(8, &enc), Err(CryptoError::Decrypt)));
        assert!(matches!(k.decrypt(7, "!!"), Err(CryptoError::Malformed)));
        assert!(matches!(k.decrypt(7, "AAAA"), Err(CryptoError::Malformed)));
    }

    #[test]
    fn keys_parse_from_base64() {
        let k = DetailsKey::generate();
        let again = DetailsKey::from_base64(&k.to_base64()).unwrap();
        assert_eq!(k.0, again.0);
        assert!(DetailsKey::from_base64("c2hvcnQ=").is_err());
        assert!(DetailsKey::from_base64("not base64!").is_err());
    }

    #[test]
    fn a_generated_key_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            data_dir: dir.path().join("data"),
            ..Default::default()
        };
        let a = load_or_create_key(&s).unwrap();
        let b = load_or_create_key(&s).unwrap();
        assert_eq!(a.0, b.0);
        let path = s.data_dir.join(KEY_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Only the key file is left behind.
        assert_eq!(std::fs::read_dir(&s.data_dir).unwrap().count(), 1);
        let mut configured = s.clone();
        configured.ledger.details_key = Some(secrecy::SecretString::from(
            DetailsKey::generate().to_base64(),
        ));
        assert_ne!(load_or_create_key(&configured).unwrap().0, a.0);
        std::fs::write(&path, "garbage").unwrap();
        assert!(load_or_create_key(&s).is_err());
    }
}
