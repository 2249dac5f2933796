//! Source files: what a licence holder downloads. The format is recognised
//! from the content (SVG, PDF, PNG, JPEG, PSD, AI, ZIP; anything else 415
//! `unsupported_source_format`), SVGs are cleaned (`svg`), and every file is
//! stored privately under `sources/`, never served by the media route: only
//! a signed, expiring link (`download`) reaches it.

use actix_web::http::StatusCode;
use atelier_api::{SourceFormat, TemplateFile};
use bytes::Bytes;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entities::{template, template_file};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Most source files on one template.
pub const MAX_FILES: u64 = 20;
/// Longest file name kept, in characters.
const NAME_MAX: usize = 200;
/// How far into a PDF or PostScript file the Illustrator markers are looked for.
const MARKER_WINDOW: usize = 1 << 20;

/// The format of a source file, from its first bytes (and, for PDF and
/// PostScript, the markers Adobe Illustrator writes into its own files).
pub fn sniff(bytes: &[u8]) -> Option<SourceFormat> {
    let head = &bytes[..bytes.len().min(MARKER_WINDOW)];
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    if bytes.starts_with(b"%PDF-") {
        return Some(if has(b"/AIPrivateData") || has(b"%AI5_FileFormat") {
            SourceFormat::Ai
        } else {
            SourceFormat::Pdf
        });
    }
    if bytes.starts_with(b"%!PS-Adobe") {
        return has(b"%%Creator: Adobe Illustrator").then_some(SourceFormat::Ai);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(SourceFormat::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(SourceFormat::Jpeg);
    }
    if bytes.starts_with(b"8BPS") {
        return Some(SourceFormat::Psd);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(SourceFormat::Zip);
    }
    looks_like_svg(head).then_some(SourceFormat::Svg)
}

/// XML whose first element is `<svg`: after an optional byte-order mark,
/// blanks, the XML declaration, comments and a DOCTYPE. Whether it really is
/// an SVG is for the parser to say.
fn looks_like_svg(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            let Some(end) = r.find("?>") else {
                return false;
            };
            rest = r[end + 2..].trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let Some(end) = r.find("-->") else {
                return false;
            };
            rest = r[end + 3..].trim_start();
        } else if let Some(r) = rest.strip_prefix("<!DOCTYPE") {
            // The internal subset may hold `>` inside brackets.
            let end = match (r.find('['), r.find('>')) {
                (Some(open), Some(gt)) if open < gt => match r.find("]>") {
                    Some(close) => close + 2,
                    None => return false,
                },
                (_, Some(gt)) => gt + 1,
                _ => return false,
            };
            rest = r[end..].trim_start();
        } else {
            return rest.starts_with("<svg") || rest.starts_with("<svg:svg");
        }
    }
}

pub fn ext(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Svg => "svg",
        SourceFormat::Pdf => "pdf",
        SourceFormat::Png => "png",
        SourceFormat::Jpeg => "jpg",
        SourceFormat::Psd => "psd",
        SourceFormat::Ai => "ai",
        SourceFormat::Zip => "zip",
    }
}

pub fn content_type(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Svg => "image/svg+xml",
        SourceFormat::Pdf => "application/pdf",
        SourceFormat::Png => "image/png",
        SourceFormat::Jpeg => "image/jpeg",
        SourceFormat::Psd => "image/vnd.adobe.photoshop",
        SourceFormat::Ai => "application/postscript",
        SourceFormat::Zip => "application/zip",
    }
}

/// The name the file is offered under: the uploader's name without any
/// folder, control characters or quotes, at most [`NAME_MAX`] characters,
/// and always ending in the extension of the format found in its content
/// (so a file cannot pose as another kind on the buyer's disk).
pub fn display_name(given: Option<&str>, format: SourceFormat) -> String {
    let ext = ext(format);
    let base = given
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | ';'))
        .collect::<String>();
    let base = base.trim().trim_matches('.');
    let stem = match base.rsplit_once('.') {
        Some((stem, e)) if e.eq_ignore_ascii_case(ext) || sniffable_ext(e) => stem,
        _ => base,
    };
    let stem: String = stem.trim().chars().take(NAME_MAX - ext.len() - 1).collect();
    let stem = if stem.trim().is_empty() {
        "template".to_owned()
    } else {
        stem
    };
    format!("{stem}.{ext}")
}

/// An extension that names a file type (replaced by the real one).
fn sniffable_ext(e: &str) -> bool {
    e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric())
}

fn unsupported() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_source_format",
        "a source file is SVG, PDF, PNG, JPEG, PSD, AI or ZIP",
    )
}

/// 409 `too_many_files`, asked before an upload is read.
pub async fn precheck<C: sea_orm::ConnectionTrait>(db: &C, template_id: i64) -> ApiResult<()> {
    let n = template_file::Entity::find()
        .filter(template_file::Column::TemplateId.eq(template_id))
        .count(db)
        .await?;
    if n >= MAX_FILES {
        return Err(ApiError::conflict(
            "too_many_files",
            format!("a template has at most {MAX_FILES} source files"),
        )
        .variant("limit")
        .arg("limit", MAX_FILES));
    }
    Ok(())
}

/// Stores an uploaded source file. An SVG is cleaned first and, when the
/// template has no preview yet, rasterised into its first preview.
pub async fn add(
    state: &AppState,
    t: &template::Model,
    bytes: Bytes,
    given_name: Option<&str>,
) -> ApiResult<TemplateFile> {
    let format = sniff(&bytes).ok_or_else(unsupported)?;
    let (stored, raster) = if format == SourceFormat::Svg {
        let media = &state.settings.media;
        let timeout = std::time::Duration::from_secs(media.processing_timeout_secs);
        let needs_preview = super::previews::count(&state.db, t.id).await? == 0;
        let (clean, png) = crate::media::run_bounded(&state.media_permits, timeout, move || {
            let clean = super::svg::clean(&bytes)?;
            let png = if needs_preview {
                Some(super::svg::rasterise(&clean.tree, super::svg::RASTER_EDGE)?)
            } else {
                None
            };
            Ok((Bytes::from(clean.bytes), png))
        })
        .await?;
        (clean, png)
    } else {
        (bytes, None)
    };
    let key = crate::storage::references::source_key(ext(format));
    let sha256 = hex::encode(Sha256::digest(&stored));
    let len = i64::try_from(stored.len()).map_err(ApiError::internal)?;
    state.store.put(&key, stored, content_type(format)).await?;
    let written = async {
        let txn = crate::db::begin_write(&state.db).await?;
        super::lock(&txn, t.id).await?;
        precheck(&txn, t.id).await?;
        let row = template_file::ActiveModel {
            template_id: Set(t.id),
            file_name: Set(display_name(given_name, format)),
            format: Set(format.as_str().to_owned()),
            content_type: Set(content_type(format).to_owned()),
            bytes: Set(len),
            sha256: Set(sha256),
            file_key: Set(key.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok::<_, ApiError>(row)
    };
    let row = match written.await {
        Ok(row) => row,
        Err(e) => {
            super::service::remove_objects(state, std::slice::from_ref(&key)).await;
            return Err(e);
        }
    };
    if let Some(png) = raster {
        // The source is stored either way; a preview that fails is reported
        // in the log and the creator can upload one by hand.
        let added = async {
            let p = crate::entries::submit::process(state, Bytes::from(png)).await?;
            super::previews::add_processed(state, t, &p).await
        };
        if let Err(e) = added.await {
            tracing::warn!(template = t.id, error = %e, "no preview from the SVG source");
        }
    }
    Ok(super::view::file_view(&row))
}

/// Removes a source file. A template in review or published keeps a way
/// to get it: a file or its editor link (409 `last_source`).
pub async fn remove(state: &AppState, t: &template::Model, file_id: i64) -> ApiResult<()> {
    let txn = crate::db::begin_write(&state.db).await?;
    super::lock(&txn, t.id).await?;
    let row = template_file::Entity::find_by_id(file_id)
        .filter(template_file::Column::TemplateId.eq(t.id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("no such file"))?;
    let others = template_file::Entity::find()
        .filter(template_file::Column::TemplateId.eq(t.id))
        .count(&txn)
        .await?
        - 1;
    let open = matches!(
        super::status_of(t),
        atelier_api::TemplateStatus::Draft | atelier_api::TemplateStatus::Rejected
    );
    if others == 0 && t.editor_url.is_none() && !open {
        return Err(ApiError::conflict(
            "last_source",
            "a template in review or published keeps a source file or an editor link",
        ));
    }
    template_file::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    super::service::remove_objects(state, &[row.file_key]).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        let cases: [(&[u8], Option<SourceFormat>); 12] = [
            (b"%PDF-1.7\n...", Some(SourceFormat::Pdf)),
            (b"%PDF-1.6\n<</AIPrivateData1 12 0 R>>", Some(SourceFormat::Ai)),
            (
                b"%!PS-Adobe-3.0\n%%Creator: Adobe Illustrator(R) 24.0\n",
                Some(SourceFormat::Ai),
            ),
            (b"%!PS-Adobe-3.0\n%%Creator: dvips\n", None),
            (b"\x89PNG\r\n\x1a\n....", Some(SourceFormat::Png)),
            (b"\xFF\xD8\xFF\xE0..JFIF", Some(SourceFormat::Jpeg)),
            (b"8BPS\x00\x01", Some(SourceFormat::Psd)),
            (b"PK\x03\x04\x14\x00", Some(SourceFormat::Zip)),
            (
                b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\" [ <!ENTITY a \">\"> ]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Some(SourceFormat::Svg),
            ),
            (b"<html><svg/></html>", None),
            (b"GIF89a....", None),
            (b"just some text", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), want, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn names_keep_no_folders_and_end_in_the_real_extension() {
        assert_eq!(
            display_name(Some("C:\\work\\環保包裝.SVG"), SourceFormat::Svg),
            "環保包裝.svg"
        );
        assert_eq!(
            display_name(Some("../../evil.html"), SourceFormat::Png),
            "evil.png"
        );
        assert_eq!(
            display_name(Some("poster.v2"), SourceFormat::Pdf),
            "poster.pdf"
        );
        assert_eq!(display_name(None, SourceFormat::Zip), "template.zip");
        assert_eq!(
            display_name(Some("a\"b;<c>.zip"), SourceFormat::Zip),
            "abc.zip"
        );
        assert!(
            display_name(Some(&"x".repeat(500)), SourceFormat::Ai)
                .chars()
                .count()
                <= 200
        );
    }
}
