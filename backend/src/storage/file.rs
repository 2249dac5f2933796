//! `FileStore`: objects as files under a root directory. Writes go to a
//! temporary file first and are renamed into place, so a reader never sees
//! half an object.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;
use bytes::Bytes;
use tokio::io::AsyncWriteExt;

use super::{StoreError, StoredObject, content_type_for, validate_key};

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub async fn open(root: impl Into<PathBuf>) -> anyhow::Result<FileStore> {
        let root = root.into();
        tokio::fs::create_dir_all(&root)
            .await
            .with_context(|| format!("creating object directory {}", root.display()))?;
        Ok(FileStore { root })
    }

    fn path(&self, key: &str) -> Result<PathBuf, StoreError> {
        validate_key(key)?;
        Ok(self.root.join(key))
    }
}

fn io_err(key: &str, err: std::io::Error) -> StoreError {
    match err.kind() {
        ErrorKind::NotFound => StoreError::NotFound(key.to_owned()),
        _ => StoreError::Other(anyhow::Error::new(err).context(format!("object {key}"))),
    }
}

async fn write_atomically(path: &Path, body: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await?;
    }
    let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
    let result = async {
        let mut f = tokio::fs::File::create(&tmp).await?;
        f.write_all(body).await?;
        f.sync_all().await?;
        tokio::fs::rename(&tmp, path).await
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}

#[async_trait]
impl super::Store for FileStore {
    async fn put(&self, key: &str, body: Bytes, _content_type: &str) -> Result<(), StoreError> {
        let path = self.path(key)?;
        write_atomically(&path, &body)
            .await
            .map_err(|e| io_err(key, e))
    }

    async fn get(&self, key: &str) -> Result<StoredObject, StoreError> {
        let path = self.path(key)?;
        let file = tokio::fs::File::open(&path)
            .await
            .map_err(|e| io_err(key, e))?;
        let len = file.metadata().await.map_err(|e| io_err(key, e))?.len();
        let body = futures_util::stream::unfold(file, |mut file| async move {
            use tokio::io::AsyncReadExt;
            let mut buf = vec![0u8; 64 * 1024];
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(Bytes::from(buf)), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        });
        Ok(StoredObject {
            content_type: content_type_for(key).to_owned(),
            len,
            body: Box::pin(body),
        })
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(key, e)),
        }
    }

    async fn exists(&self, key: &str) -> Result<bool, StoreError> {
        let path = self.path(key)?;
        tokio::fs::try_exists(&path)
            .await
            .map_err(|e| io_err(key, e))
    }

    async fn list(&self, prefix: &str) -> Result<Vec<super::ListedObject>, StoreError> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            let mut stack = vec![root.clone()];
            while let Some(dir) = stack.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) if e.kind() == ErrorKind::NotFound => continue,
                    Err(e) => return Err(io_err(&prefix, e)),
                };
                for entry in entries {
                    let entry = entry.map_err(|e| io_err(&prefix, e))?;
                    let path = entry.path();
                    let meta = entry.metadata().map_err(|e| io_err(&prefix, e))?;
                    if meta.is_dir() {
                        stack.push(path);
                        continue;
                    }
                    let Ok(rel) = path.strip_prefix(&root) else {
                        continue;
                    };
                    let key = rel.to_string_lossy().replace('\\', "/");
                    // Half-written temporaries are not objects.
                    if key.starts_with(&prefix) && !key.contains(".tmp-") {
                        let modified = meta
                            .modified()
                            .map(chrono::DateTime::<chrono::Utc>::from)
                            .unwrap_or_else(|_| chrono::Utc::now());
                        out.push(super::ListedObject { key, modified });
                    }
                }
            }
            Ok(out)
        })
        .await
        .map_err(|e| StoreError::Other(e.into()))?
    }

    async fn check(&self) -> Result<(), StoreError> {
        let meta = tokio::fs::metadata(&self.root)
            .await
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", self.root.display())))?;
        if !meta.is_dir() || meta.permissions().readonly() {
            return Err(StoreError::Unavailable(format!(
                "{} is not a writable directory",
                self.root.display()
            )));
        }
        Ok(())
    }

    fn kind(&self) -> &'static str {
        "file"
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    #[tokio::test]
    async fn put_get_exists_delete_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path().join("objects")).await.unwrap();
        let body = Bytes::from(vec![7u8; 200_000]);
        store
            .put("a/b/c.png", body.clone(), "image/png")
            .await
            .unwrap();
        assert!(store.exists("a/b/c.png").await.unwrap());
        let obj = store.get("a/b/c.png").await.unwrap();
        assert_eq!(obj.len, 200_000);
        assert_eq!(obj.content_type, "image/png");
        assert_eq!(obj.into_bytes().await.unwrap(), body);
        store.delete("a/b/c.png").await.unwrap();
        assert!(!store.exists("a/b/c.png").await.unwrap());
        store.delete("a/b/c.png").await.unwrap();
        assert!(matches!(
            store.get("a/b/c.png").await,
            Err(StoreError::NotFound(_))
        ));
        store.check().await.unwrap();
    }

    #[tokio::test]
    async fn refuses_keys_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path()).await.unwrap();
        let err = store.put("../escape", Bytes::new(), "x").await.unwrap_err();
        assert!(matches!(err, StoreError::InvalidKey(_)));
    }

    #[tokio::test]
    async fn check_fails_when_the_root_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path().join("o")).await.unwrap();
        std::fs::remove_dir(dir.path().join("o")).unwrap();
        assert!(matches!(
            store.check().await,
            Err(StoreError::Unavailable(_))
        ));
    }
}
