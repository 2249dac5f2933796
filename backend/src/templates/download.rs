//! Download links for source files, issued to a holder of a live licence,
//! the creator and staff (403 `licence_required` for anyone else), each
//! recorded as a download. A link works for `templates.download_link_ttl_secs`
//! (5 minutes by default):
//! - with S3Store it is the bucket's own SigV4 presigned GET, answered as an
//!   attachment (`response-content-disposition`);
//! - with FileStore it is `/api/v1/template-files/{token}`, the token
//!   `<file>.<user>.<expiry>.<HMAC-SHA256>` under a key derived from the
//!   token signing key, the expiry in milliseconds. A token that does not
//!   verify is 403 `link_invalid`, one past its expiry 410 `link_expired`, and the
//!   holder's access is asked again when it is used (a refund in between
//!   ends it).

use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use atelier_api::DownloadLink;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::Sha256;

use crate::auth::CurrentUser;
use crate::entities::{template, template_download, template_file, user};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::StoredObject;

/// What a verified token names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkClaims {
    pub file_id: i64,
    pub user_id: i64,
    /// Unix time in milliseconds.
    pub expires: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Malformed, tampered with, or signed with another key.
    Invalid,
    /// Genuine but past its expiry.
    Expired,
}

fn mac(key: &[u8], file_id: i64, user_id: i64, expires: i64) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(format!("atelier/template-file/v1:{file_id}:{user_id}:{expires}").as_bytes());
    mac
}

/// A token for `file_id` and `user_id`, good until `expires` (unix time in
/// milliseconds).
pub fn sign(key: &[u8], file_id: i64, user_id: i64, expires: i64) -> String {
    let tag = mac(key, file_id, user_id, expires).finalize().into_bytes();
    format!(
        "{file_id}.{user_id}.{expires}.{}",
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// Checks a token's signature (in constant time), then its expiry.
pub fn verify(key: &[u8], token: &str, now: DateTime<Utc>) -> Result<LinkClaims, LinkError> {
    let mut parts = token.split('.');
    let (Some(f), Some(u), Some(e), Some(sig), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(LinkError::Invalid);
    };
    let number = |s: &str| -> Result<i64, LinkError> {
        // Canonical decimal only, so one link has one spelling.
        let n: i64 = s.parse().map_err(|_| LinkError::Invalid)?;
        if n.to_string() == s {
            Ok(n)
        } else {
            Err(LinkError::Invalid)
        }
    };
    let (file_id, user_id, expires) = (number(f)?, number(u)?, number(e)?);
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| LinkError::Invalid)?;
    mac(key, file_id, user_id, expires)
        .verify_slice(&sig)
        .map_err(|_| LinkError::Invalid)?;
    if now.timestamp_millis() >= expires {
        return Err(LinkError::Expired);
    }
    Ok(LinkClaims {
        file_id,
        user_id,
        expires,
    })
}

/// `attachment; filename="<ascii>"; filename*=UTF-8''<name>`.
pub fn disposition(file_name: &str) -> ContentDisposition {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut parameters = vec![DispositionParam::Filename(ascii)];
    if !file_name.is_ascii() {
        parameters.push(DispositionParam::FilenameExt(
            actix_web::http::header::ExtendedValue {
                charset: actix_web::http::header::Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: file_name.as_bytes().to_vec(),
            },
        ));
    }
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters,
    }
}

fn licence_required() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "licence_required",
        "get a licence for this template to download its source files",
    )
}

/// Whether `user` may download the template's sources now.
async fn may_download<C: sea_orm::ConnectionTrait>(
    db: &C,
    t: &template::Model,
    user: &user::Model,
) -> ApiResult<bool> {
    let staff = crate::users::service::role_of(user).is_staff();
    Ok(staff
        || t.creator_id == user.id
        || super::access::live_licence(db, user.id, t.id)
            .await?
            .is_some())
}

/// `POST /templates/{id}/files/{file_id}/link`.
pub async fn issue(
    state: &AppState,
    user: &CurrentUser,
    template_id: i64,
    file_id: i64,
) -> ApiResult<DownloadLink> {
    let t = super::find_visible(&state.db, template_id, Some(user)).await?;
    let file = template_file::Entity::find_by_id(file_id)
        .filter(template_file::Column::TemplateId.eq(t.id))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("no such file"))?;
    if !may_download(&state.db, &t, &user.user).await? {
        return Err(licence_required());
    }
    let ttl_secs = state.settings.templates.download_link_ttl_secs.max(1);
    let now = Utc::now();
    let expires_at = now + chrono::Duration::seconds(i64::try_from(ttl_secs).unwrap_or(300));
    template_download::ActiveModel {
        template_id: Set(t.id),
        file_id: Set(file.id),
        user_id: Set(user.id()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let presigned = state
        .store
        .presigned_get(
            &file.file_key,
            std::time::Duration::from_secs(ttl_secs),
            &disposition(&file.file_name).to_string(),
        )
        .await?;
    let url = match presigned {
        Some(url) => url,
        None => format!(
            "/api/v1/template-files/{}",
            sign(
                state.auth.keys.download_link_key(),
                file.id,
                user.id(),
                expires_at.timestamp_millis()
            )
        ),
    };
    Ok(DownloadLink { url, expires_at })
}

/// `GET /template-files/{token}`: the file, if the token holds and its
/// holder may still download it.
pub async fn open(
    state: &AppState,
    token: &str,
) -> ApiResult<(template_file::Model, StoredObject)> {
    let claims =
        verify(state.auth.keys.download_link_key(), token, Utc::now()).map_err(|e| match e {
            LinkError::Invalid => ApiError::new(
                StatusCode::FORBIDDEN,
                "link_invalid",
                "this download link is not valid",
            ),
            LinkError::Expired => ApiError::new(
                StatusCode::GONE,
                "link_expired",
                "this download link has expired; ask for a new one",
            ),
        })?;
    let file = template_file::Entity::find_by_id(claims.file_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("the file no longer exists"))?;
    let t = super::find(&state.db, file.template_id).await?;
    let holder = user::Entity::find_by_id(claims.user_id)
        .one(&state.db)
        .await?
        .ok_or_else(licence_required)?;
    if !may_download(&state.db, &t, &holder).await? {
        return Err(licence_required());
    }
    let obj = state.store.get(&file.file_key).await?;
    Ok((file, obj))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_signed_link_verifies_until_it_expires() {
        let now = Utc::now();
        let token = sign(KEY, 7, 42, now.timestamp_millis() + 300_000);
        let claims = verify(KEY, &token, now).unwrap();
        assert_eq!((claims.file_id, claims.user_id), (7, 42));
        let later = now + chrono::Duration::seconds(301);
        assert_eq!(verify(KEY, &token, later), Err(LinkError::Expired));
    }

    #[test]
    fn any_change_to_a_link_breaks_it() {
        let now = Utc::now();
        let exp = now.timestamp_millis() + 300_000;
        let token = sign(KEY, 7, 42, exp);
        let sig = token.rsplit('.').next().unwrap();
        for forged in [
            format!("8.42.{exp}.{sig}"),
            format!("7.43.{exp}.{sig}"),
            format!("7.42.{}.{sig}", exp + 3600),
            format!("07.42.{exp}.{sig}"),
            format!("7.42.{exp}.{sig}A"),
            format!("7.42.{exp}"),
            format!("{token}.x"),
            sign(b"another key of thirty-two bytes!", 7, 42, exp),
            String::new(),
        ] {
            assert_eq!(
                verify(KEY, &forged, now),
                Err(LinkError::Invalid),
                "{forged}"
            );
        }
        // An expired link that was tampered with is refused as tampered.
        let past = sign(KEY, 7, 42, now.timestamp_millis() - 10_000);
        let sig = past.rsplit('.').next().unwrap();
        assert_eq!(
            verify(
                KEY,
                &format!("7.42.{}.{sig}", now.timestamp_millis() + 10_000),
                now
            ),
            Err(LinkError::Invalid)
        );
    }

    #[test]
    fn names_become_attachments_in_ascii_and_utf8() {
        let d = disposition("環保包裝.svg").to_string();
        assert!(d.starts_with("attachment"), "{d}");
        assert!(d.contains("filename*=UTF-8''"), "{d}");
        assert!(
            disposition("poster.pdf")
                .to_string()
                .contains("filename=\"poster.pdf\"")
        );
    }
}
