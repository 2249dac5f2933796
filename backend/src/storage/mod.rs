//! Object storage behind one small trait. `FileStore` keeps objects under a
//! local directory (the embedded default); `S3Store` talks to any
//! S3-compatible service through aws-sdk-s3.

mod file;
pub mod references;
mod s3;

use std::pin::Pin;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::Stream;

pub use file::FileStore;
pub use s3::S3Store;

pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("object {0} not found")]
    NotFound(String),
    #[error("invalid object key {0:?}")]
    InvalidKey(String),
    #[error("object store unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedObject {
    pub key: String,
    pub modified: chrono::DateTime<chrono::Utc>,
}

/// An object being read: its metadata plus a body streamed in chunks.
pub struct StoredObject {
    pub content_type: String,
    pub len: u64,
    pub body: ByteStream,
}

impl std::fmt::Debug for StoredObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredObject")
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl StoredObject {
    /// Collects the whole body; for small objects and tests.
    pub async fn into_bytes(mut self) -> std::io::Result<Bytes> {
        use futures_util::StreamExt;
        let mut buf = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
        while let Some(chunk) = self.body.next().await {
            buf.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(buf))
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Writes the object whole; an existing object under the key is replaced.
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError>;
    async fn get(&self, key: &str) -> Result<StoredObject, StoreError>;
    /// Removing a missing object is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    async fn exists(&self, key: &str) -> Result<bool, StoreError>;
    /// Keys under `prefix` with their last-modified time, for the sweeper.
    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, StoreError>;
    /// Cheap reachability probe for `/readyz`.
    async fn check(&self) -> Result<(), StoreError>;
    /// Short name for logs and metrics.
    fn kind(&self) -> &'static str;
    /// A URL that lets anyone holding it GET the object until `expires_in`
    /// has passed, answered as an attachment named `file_name`, for stores
    /// that sign such URLs themselves (S3). `None`: the store cannot, and the
    /// app serves the object through its own signed route instead.
    async fn presigned_get(
        &self,
        _key: &str,
        _expires_in: std::time::Duration,
        _content_disposition: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
}

/// Keys are relative paths of `[A-Za-z0-9._-]` segments joined by `/`; no
/// empty, `.` or `..` segment. Both stores enforce it so a key can never
/// escape the FileStore root or address another bucket.
pub fn validate_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidKey(key.to_owned()))
    }
}

/// Content type from a key's extension, for stores that keep no metadata.
pub fn content_type_for(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Opens the configured store: local files (the embedded default) or S3.
pub async fn open(settings: &crate::config::Settings) -> anyhow::Result<Arc<dyn Store>> {
    use crate::config::StorageKind;
    Ok(match settings.storage.kind {
        StorageKind::File => Arc::new(FileStore::open(settings.storage_root()).await?),
        StorageKind::S3 => Arc::new(S3Store::new(&settings.storage.s3)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_or_be_odd() {
        for good in ["a", "media/2026/abc.webp", "x-y_z.1"] {
            assert!(validate_key(good).is_ok(), "{good}");
        }
        for bad in [
            "", "/abs", "a//b", "../x", "a/../b", "a/./b", "sp ace", "a\\b", "é", "a/",
        ] {
            assert!(validate_key(bad).is_err(), "{bad:?}");
        }
        assert!(validate_key(&"a".repeat(513)).is_err());
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type_for("a/b.WEBP"), "image/webp");
        assert_eq!(content_type_for("a/b.jpg"), "image/jpeg");
        assert_eq!(content_type_for("noext"), "application/octet-stream");
    }
}
