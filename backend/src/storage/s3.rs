//! `S3Store`: objects in a bucket of any S3-compatible service (AWS, MinIO,
//! Garage, R2), through aws-sdk-s3 with a custom endpoint, path-style
//! addressing and static credentials from the configuration.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::primitives::ByteStream as SdkByteStream;
use bytes::Bytes;
use secrecy::ExposeSecret;

use super::{StoreError, StoredObject, validate_key};
use crate::config::S3Settings;

#[derive(Debug, Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
}

/// Transport failures (refused, timed out, cut off) mean the store is
/// unreachable; anything the service itself answered is another matter.
fn classify<E, R>(key: &str, err: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable(format!(
                "{key}: {}",
                aws_sdk_s3::error::DisplayErrorContext(&err)
            ))
        }
        _ => StoreError::Other(
            anyhow::anyhow!("{}", aws_sdk_s3::error::DisplayErrorContext(&err))
                .context(format!("object {key}")),
        ),
    }
}

impl S3Store {
    pub fn new(settings: &S3Settings) -> S3Store {
        let credentials = Credentials::new(
            settings.access_key_id.clone(),
            settings.secret_access_key.expose_secret().to_owned(),
            None,
            None,
            "atelier-config",
        );
        let mut builder = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .credentials_provider(credentials)
            .force_path_style(settings.force_path_style)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(3))
                    .operation_timeout(Duration::from_secs(settings.timeout_secs.max(1)))
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(2));
        if let Some(endpoint) = settings.endpoint.as_deref().filter(|e| !e.is_empty()) {
            builder = builder.endpoint_url(endpoint);
        }
        S3Store {
            client: Client::from_conf(builder.build()),
            bucket: settings.bucket.clone(),
        }
    }
}

#[async_trait]
impl super::Store for S3Store {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError> {
        validate_key(key)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(SdkByteStream::from(body))
            .send()
            .await
            .map_err(|e| classify(key, e))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<StoredObject, StoreError> {
        validate_key(key)?;
        let out = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => out,
            Err(SdkError::ServiceError(e)) if e.err().is_no_such_key() => {
                return Err(StoreError::NotFound(key.to_owned()));
            }
            Err(e) => return Err(classify(key, e)),
        };
        let content_type = out
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let len = out
            .content_length()
            .and_then(|l| u64::try_from(l).ok())
            .unwrap_or(0);
        let body = futures_util::stream::unfold(out.body, |mut body| async move {
            body.next()
                .await
                .map(|chunk| (chunk.map_err(std::io::Error::other), body))
        });
        Ok(StoredObject {
            content_type,
            len,
            body: Box::pin(body),
        })
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        validate_key(key)?;
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| classify(key, e))?;
        Ok(())
    }

    async fn exists(&self, key: &str) -> Result<bool, StoreError> {
        validate_key(key)?;
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e)) if e.err().is_not_found() => Ok(false),
            Err(e) => Err(classify(key, e)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<super::ListedObject>, StoreError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| classify(prefix, e))?;
            for obj in page.contents() {
                let Some(key) = obj.key() else { continue };
                let modified = obj
                    .last_modified()
                    .and_then(|t| chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos()))
                    .unwrap_or_else(chrono::Utc::now);
                out.push(super::ListedObject {
                    key: key.to_owned(),
                    modified,
                });
            }
            match page.next_continuation_token() {
                Some(t) if page.is_truncated().unwrap_or(false) => token = Some(t.to_owned()),
                _ => break,
            }
        }
        Ok(out)
    }

    async fn check(&self) -> Result<(), StoreError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(|e| {
                StoreError::Unavailable(format!(
                    "bucket {}: {}",
                    self.bucket,
                    aws_sdk_s3::error::DisplayErrorContext(&e)
                ))
            })?;
        Ok(())
    }

    fn kind(&self) -> &'static str {
        "s3"
    }

    /// A SigV4 presigned GET (aws-sdk-s3's presigning), with
    /// `response-content-disposition` so the service answers it as a
    /// download.
    async fn presigned_get(
        &self,
        key: &str,
        expires_in: Duration,
        content_disposition: &str,
    ) -> Result<Option<String>, StoreError> {
        use aws_sdk_s3::presigning::PresigningConfig;
        validate_key(key)?;
        let config = PresigningConfig::expires_in(expires_in)
            .map_err(|e| StoreError::Other(anyhow::anyhow!("presigning {key}: {e}")))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(content_disposition)
            .presigned(config)
            .await
            .map_err(|e| classify(key, e))?;
        Ok(Some(request.uri().to_owned()))
    }
}
