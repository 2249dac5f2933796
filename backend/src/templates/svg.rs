//! SVG sources through a real SVG library: usvg parses the file into its
//! own render tree and writes that back out, so only what usvg models
//! survives: paths, groups, gradients, patterns, clip paths, masks, filters
//! and embedded raster images. Scripts, event handlers (`onload=`...),
//! `foreignObject`, links, stylesheets and every external reference are not
//! part of that tree and cannot reach the file a licence holder downloads.
//!
//! The parser is given no way out: no file is ever read (an `<image>`
//! pointing at a path or URL is dropped), embedded images are kept only when
//! they are PNG, JPEG, GIF or WebP by their bytes (an embedded SVG is
//! dropped), external XML entities are never fetched, and the document may
//! have at most [`MAX_NODES`] nodes. usvg is built without text support (no
//! fonts on the server), so a file with `<text>` is refused with
//! `svg_text_not_outlined` rather than silently losing its words: designers
//! convert text to outlines before handing a template over.
//!
//! A template without a preview gets one rasterised from the cleaned tree
//! by resvg.

use std::sync::Arc;

use actix_web::http::StatusCode;
use usvg::{ImageHrefResolver, ImageKind, Options, Tree, WriteOptions};

use crate::error::{ApiError, ApiResult};

/// Most XML nodes a source may have (a guard on memory and time).
pub const MAX_NODES: u32 = 1_000_000;
/// Long edge of the rasterised preview, pixels (the display rendition's).
pub const RASTER_EDGE: u32 = 1600;

/// A parsed, cleaned SVG.
pub struct CleanSvg {
    pub tree: Tree,
    /// usvg's serialisation of the tree: what is stored and downloaded.
    pub bytes: Vec<u8>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_svg", message)
}

fn options() -> Options<'static> {
    Options {
        resources_dir: None,
        image_href_resolver: ImageHrefResolver {
            // `data:` URLs: raster images only, recognised by their bytes.
            resolve_data: Box::new(|_mime: &str, data: Arc<Vec<u8>>, _: &Options| {
                match image::guess_format(&data) {
                    Ok(image::ImageFormat::Png) => Some(ImageKind::PNG(data)),
                    Ok(image::ImageFormat::Jpeg) => Some(ImageKind::JPEG(data)),
                    Ok(image::ImageFormat::Gif) => Some(ImageKind::GIF(data)),
                    Ok(image::ImageFormat::WebP) => Some(ImageKind::WEBP(data)),
                    _ => None,
                }
            }),
            // Paths and URLs: never followed.
            resolve_string: Box::new(|_href: &str, _: &Options| None),
        },
        ..Options::default()
    }
}

/// Parses and cleans an SVG source (422 `invalid_svg` when it is not one,
/// 422 `svg_text_not_outlined` when it has text).
pub fn clean(bytes: &[u8]) -> ApiResult<CleanSvg> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| invalid("the SVG is not UTF-8 text"))?;
    let xml = usvg::roxmltree::ParsingOptions {
        // Illustrator writes a DOCTYPE with entities; roxmltree expands
        // internal ones with its own guard against entity bombs and never
        // fetches external ones.
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let doc = usvg::roxmltree::Document::parse_with_options(text, xml)
        .map_err(|e| invalid(format!("the SVG is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(invalid("the file's root element is not <svg>"));
    }
    if doc
        .descendants()
        .any(|n| n.is_element() && n.tag_name().name() == "text")
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "svg_text_not_outlined",
            "the SVG has text; convert text to outlines (paths) before uploading",
        ));
    }
    let tree = Tree::from_xmltree(&doc, &options())
        .map_err(|e| invalid(format!("the SVG could not be read: {e}")))?;
    let bytes = tree.to_string(&WriteOptions::default()).into_bytes();
    Ok(CleanSvg { tree, bytes })
}

/// The tree as a PNG whose long edge is `edge` pixels (at most
/// [`RASTER_EDGE`]; transparent where the drawing is).
pub fn rasterise(tree: &Tree, edge: u32) -> ApiResult<Vec<u8>> {
    let edge = edge.clamp(1, RASTER_EDGE);
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(invalid("the SVG has no size"));
    }
    let scale = edge as f32 / w.max(h);
    let pw = ((w * scale).round() as u32).clamp(1, edge);
    let ph = ((h * scale).round() as u32).clamp(1, edge);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(pw, ph).ok_or_else(|| invalid("the SVG has no size"))?;
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(pw as f32 / w, ph as f32 / h),
        &mut pixmap.as_mut(),
    );
    if pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX) {
        // Opaque all over: an RGB image, which the pipeline handles faster
        // and stores smaller than one with an alpha channel.
        let rgb: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect();
        let img = image::RgbImage::from_raw(pw, ph, rgb)
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("raster size mismatch")))?;
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .map_err(ApiError::internal)?;
        return Ok(out);
    }
    pixmap.encode_png().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="80" viewBox="0 0 120 80" onload="alert('onload')">
  <script>alert('script')</script>
  <style>@import url(http://evil.example/x.css); rect { fill: #c8102e }</style>
  <rect x="0" y="0" width="120" height="80" fill="#2e7d32" onclick="alert('click')"/>
  <a href="javascript:alert('link')"><circle cx="60" cy="40" r="20" fill="#f4d35e"/></a>
  <image href="http://evil.example/track.png" width="10" height="10"/>
  <image href="file:///etc/passwd" width="10" height="10"/>
  <image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=" width="10" height="10"/>
  <use href="http://evil.example/sprite.svg#icon"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
</svg>"##;

    #[test]
    fn hostile_parts_do_not_survive_and_the_drawing_does() {
        let clean = clean(HOSTILE.as_bytes()).unwrap();
        let out = String::from_utf8(clean.bytes).unwrap();
        for gone in [
            "script",
            "alert",
            "onload",
            "onclick",
            "javascript",
            "evil.example",
            "file:",
            "foreignObject",
            "data:image/svg",
            "<style",
            "<a ",
        ] {
            assert!(!out.contains(gone), "{gone} survived: {out}");
        }
        assert!(out.contains("<path"), "{out}");
        // The stylesheet's rule applies (CSS beats the attribute); the
        // stylesheet itself, and its import, are not written out.
        assert!(out.contains("#c8102e"), "{out}");
        let png = rasterise(&clean.tree, RASTER_EDGE).unwrap();
        let img = image::load_from_memory(&png).unwrap();
        assert_eq!((img.width(), img.height()), (1600, 1067));
    }

    #[test]
    fn text_not_xml_and_other_roots_are_refused() {
        let text = r#"<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">Hi</text></svg>"#;
        assert_eq!(
            clean(text.as_bytes()).err().map(|e| e.code),
            Some("svg_text_not_outlined")
        );
        assert_eq!(
            clean(b"<svg><unclosed></svg>").err().map(|e| e.code),
            Some("invalid_svg")
        );
        assert_eq!(
            clean(b"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>")
                .err()
                .map(|e| e.code),
            Some("invalid_svg")
        );
        assert_eq!(
            clean(b"\xff\xfe<svg/>").err().map(|e| e.code),
            Some("invalid_svg")
        );
    }

    #[test]
    fn entity_bombs_are_refused() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><desc>&e;</desc></svg>"#;
        assert_eq!(
            clean(bomb.as_bytes()).err().map(|e| e.code),
            Some("invalid_svg")
        );
    }
}
