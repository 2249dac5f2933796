//! The image pipeline against real-world files and hostile ones: every file
//! in shared/testdata/images, metadata removal, EXIF orientation,
//! decompression bombs, truncated and non-image uploads, palette scores.
//!
//! `cargo test -p atelier-backend --test pipeline -- --nocapture` prints the
//! per-file outcome table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use atelier::media::pipeline::{Limits, Processed, Rendition, process};
use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat};

mod crafted;

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/images");

/// The only refusals the pipeline may give.
const REFUSALS: [(u16, &str); 4] = [
    (413, "payload_too_large"),
    (415, "unsupported_image_format"),
    (413, "image_too_large"),
    (422, "invalid_image"),
];

// ---- the largest single allocation, per thread ---------------------------

struct Tracking;

thread_local! {
    static LARGEST_ALLOC: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = LARGEST_ALLOC.try_with(|l| l.set(l.get().max(size)));
}

// SAFETY: forwards every call to the system allocator unchanged.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

/// Runs `f` and returns its result with the largest allocation it made.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST_ALLOC.with(|l| l.set(0));
    let out = f();
    (out, LARGEST_ALLOC.with(Cell::get))
}

// ---- checks on outputs ----------------------------------------------------

/// The one EXIF payload the pipeline may write: a big-endian TIFF with a
/// single IFD0 entry, Orientation (0x0112), and no next IFD.
fn is_orientation_only(tiff: &[u8]) -> bool {
    tiff.len() == 26
        && tiff[..10] == *b"MM\x00\x2a\x00\x00\x00\x08\x00\x01"
        && tiff[10..18] == [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]
        && tiff[18] == 0
        && (1..=8).contains(&tiff[19])
        && tiff[20..26] == [0; 6]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Everything that looks like metadata in an encoded image, by walking its
/// container (independently of the pipeline's own parser).
fn metadata_in(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for sig in [
        &b"http://ns.adobe.com/xap/1.0/"[..],
        b"<x:xmpmeta",
        b"adobe:ns:meta",
        b"XMP DataXMP",
        b"Photoshop 3.0",
        b"8BIM\x04\x04",
    ] {
        if find(bytes, sig).is_some() {
            found.push(format!("signature {:?}", String::from_utf8_lossy(sig)));
        }
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => jpeg_metadata(bytes, &mut found),
        Ok(ImageFormat::Png) => png_metadata(bytes, &mut found),
        Ok(ImageFormat::WebP) => webp_metadata(bytes, &mut found),
        Ok(ImageFormat::Gif) => gif_metadata(bytes, &mut found),
        other => found.push(format!("not an accepted image: {other:?}")),
    }
    found
}

fn jpeg_metadata(b: &[u8], found: &mut Vec<String>) {
    let mut pos = 2;
    while pos + 2 <= b.len() {
        if b[pos] != 0xFF {
            found.push(format!("bytes between JPEG segments at {pos}"));
            return;
        }
        let marker = b[pos + 1];
        if marker == 0xD9 {
            if pos + 2 != b.len() {
                found.push("data after EOI".into());
            }
            return;
        }
        if pos + 4 > b.len() {
            break;
        }
        let len = usize::from(u16::from_be_bytes([b[pos + 2], b[pos + 3]]));
        let payload = &b[(pos + 4).min(b.len())..(pos + 2 + len).min(b.len())];
        match marker {
            0xE1 if payload.starts_with(b"Exif\0\0") && is_orientation_only(&payload[6..]) => {}
            0xE0 if payload.starts_with(b"JFIF\0")
                && payload.len() == 14
                && payload[12..] == [0, 0] => {}
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") => {}
            0xEE if payload.starts_with(b"Adobe") => {}
            0xE0..=0xEF | 0xFE => found.push(format!(
                "JPEG segment {marker:02X} {:?}",
                String::from_utf8_lossy(&payload[..payload.len().min(12)])
            )),
            _ => {}
        }
        if marker == 0xDA {
            // The entropy-coded data: skip to the next marker that is not
            // stuffing or a restart.
            let mut p = pos + 2 + len;
            while p + 1 < b.len()
                && !(b[p] == 0xFF && b[p + 1] != 0 && !(0xD0..=0xD7).contains(&b[p + 1]))
            {
                p += 1;
            }
            pos = p;
        } else {
            pos += 2 + len;
        }
    }
    found.push("JPEG without EOI".into());
}

fn png_metadata(b: &[u8], found: &mut Vec<String>) {
    let mut pos = 8;
    while pos + 8 <= b.len() {
        let len = u32::from_be_bytes([b[pos], b[pos + 1], b[pos + 2], b[pos + 3]]) as usize;
        let kind = &b[pos + 4..pos + 8];
        let body = &b[(pos + 8).min(b.len())..(pos + 8 + len).min(b.len())];
        match kind {
            b"eXIf" if is_orientation_only(body) => {}
            b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME" => {
                found.push(format!("PNG chunk {}", String::from_utf8_lossy(kind)));
            }
            _ => {}
        }
        if kind == b"IEND" {
            if pos + 12 != b.len() {
                found.push("data after IEND".into());
            }
            return;
        }
        pos += 12 + len;
    }
    found.push("PNG without IEND".into());
}

fn webp_metadata(b: &[u8], found: &mut Vec<String>) {
    let mut pos = 12;
    while pos + 8 <= b.len() {
        let kind = &b[pos..pos + 4];
        let len = u32::from_le_bytes([b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]]) as usize;
        let body = &b[(pos + 8).min(b.len())..(pos + 8 + len).min(b.len())];
        match kind {
            b"EXIF" if is_orientation_only(body) => {}
            b"VP8X" => {
                if body.first().is_some_and(|f| f & 0x04 != 0) {
                    found.push("VP8X XMP flag".into());
                }
            }
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP" => {}
            other => found.push(format!("WebP chunk {}", String::from_utf8_lossy(other))),
        }
        pos += 8 + len + len % 2;
    }
}

fn gif_metadata(b: &[u8], found: &mut Vec<String>) {
    let table = |packed: u8| {
        if packed & 0x80 != 0 {
            3usize << ((packed & 7) + 1)
        } else {
            0
        }
    };
    let skip_blocks = |mut p: usize| {
        while p < b.len() && b[p] != 0 {
            p += usize::from(b[p]) + 1;
        }
        p + 1
    };
    let mut pos = 13 + table(b[10]);
    while pos < b.len() {
        match b[pos] {
            0x3B => return,
            0x2C => pos = skip_blocks(pos + 10 + table(b[pos + 9]) + 1),
            0x21 => {
                let label = b[pos + 1];
                let app = b.get(pos + 2..pos + 14);
                let allowed = label == 0xF9
                    || label == 0x01
                    || (label == 0xFF
                        && (app == Some(&b"\x0bNETSCAPE2.0"[..])
                            || app == Some(&b"\x0bANIMEXTS1.0"[..])));
                if !allowed {
                    found.push(format!("GIF extension {label:02X}"));
                }
                pos = skip_blocks(pos + 2);
            }
            other => {
                found.push(format!("GIF block {other:02X}"));
                return;
            }
        }
    }
    found.push("GIF without trailer".into());
}

/// Long edge within `edge`, aspect ratio of `w`×`h` kept to a pixel.
fn check_fit(what: &str, r: &Rendition, w: u32, h: u32, edge: u32) -> Result<(), String> {
    let (rw, rh) = (f64::from(r.width), f64::from(r.height));
    if r.width.max(r.height) > edge.max(1) {
        return Err(format!("{what} is {}x{}, over {edge}", r.width, r.height));
    }
    if w.max(h) >= edge && r.width.max(r.height) != edge {
        return Err(format!(
            "{what} is {}x{}, should reach {edge}",
            r.width, r.height
        ));
    }
    let (w, h) = (f64::from(w), f64::from(h));
    if (rw - w * rh / h).abs() > 1.0 && (rh - h * rw / w).abs() > 1.0 {
        return Err(format!("{what} {rw}x{rh} distorts {w}x{h}"));
    }
    let img =
        image::load_from_memory(&r.bytes).map_err(|e| format!("{what} does not decode: {e}"))?;
    if (img.width(), img.height()) != (r.width, r.height) {
        return Err(format!(
            "{what} decodes to {}x{}",
            img.width(),
            img.height()
        ));
    }
    Ok(())
}

fn orientation_of(bytes: &[u8]) -> Orientation {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap()
        .orientation()
        .unwrap()
}

/// Everything an accepted upload must satisfy.
fn check_accepted(input: &[u8], p: &Processed, limits: &Limits) -> Result<(), String> {
    check_fit(
        "display",
        &p.display,
        p.width,
        p.height,
        limits.display_edge,
    )?;
    check_fit(
        "thumbnail",
        &p.thumbnail,
        p.width,
        p.height,
        limits.thumb_edge,
    )?;
    for (what, r) in [
        ("original", &p.original),
        ("display", &p.display),
        ("thumbnail", &p.thumbnail),
    ] {
        let found = metadata_in(&r.bytes);
        if !found.is_empty() {
            return Err(format!("{what} has metadata: {found:?}"));
        }
    }
    if (p.original.width, p.original.height) != (p.width, p.height) {
        return Err("original's size differs from the image's".into());
    }
    // Stripping is lossless: the original's pixels are the upload's.
    let before = image::load_from_memory(input).map_err(|e| format!("upload: {e}"))?;
    let after = image::load_from_memory(&p.original.bytes).map_err(|e| format!("original: {e}"))?;
    if before.as_bytes() != after.as_bytes() {
        return Err("the original's pixels changed".into());
    }
    let upright = match orientation_of(&p.original.bytes) {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (after.height(), after.width()),
        _ => (after.width(), after.height()),
    };
    if upright != (p.width, p.height) {
        return Err(format!(
            "upright size {upright:?} but reported {}x{}",
            p.width, p.height
        ));
    }
    if p.bytes != input.len() as u64 || p.sha256.len() != 64 {
        return Err("size or sha256 wrong".into());
    }
    let share: f32 = p.colours.iter().map(|c| c.share).sum();
    if p.colours.len() > 5 || (!p.colours.is_empty() && (share - 1.0).abs() > 0.01) {
        return Err(format!("colours {:?}", p.colours));
    }
    Ok(())
}

fn outcome(
    name: &str,
    bytes: &[u8],
) -> Result<Result<Processed, (u16, &'static str, String)>, String> {
    let limits = Limits::default();
    match catch_unwind(AssertUnwindSafe(|| process(bytes, &limits))) {
        Err(_) => Err(format!("{name}: PANICKED")),
        Ok(Ok(p)) => {
            check_accepted(bytes, &p, &limits).map_err(|e| format!("{name}: {e}"))?;
            Ok(Ok(p))
        }
        Ok(Err(e)) => {
            let status = e.status.as_u16();
            if REFUSALS.contains(&(status, e.code)) {
                Ok(Err((status, e.code, e.message)))
            } else {
                Err(format!(
                    "{name}: refused with {status} {}: {}",
                    e.code, e.message
                ))
            }
        }
    }
}

#[test]
fn every_test_image_is_processed_cleanly_or_refused_with_a_4xx() {
    let dir = Path::new(TESTDATA);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("test images missing at {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no test images in {}", dir.display());

    let mut failures = Vec::new();
    let mut accepted = Vec::new();
    println!(
        "{:<58} {:>9} {:>11} {:>9} {:>9}  outcome",
        "file", "bytes", "size", "display", "thumb"
    );
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        match outcome(&name, &bytes) {
            Ok(Ok(p)) => {
                println!(
                    "{name:<58} {:>9} {:>11} {:>9} {:>9}  ok {} -> {} B original, {} B display, {} B thumb, phash {:016x}, {}",
                    bytes.len(),
                    format!("{}x{}", p.width, p.height),
                    format!("{}x{}", p.display.width, p.display.height),
                    format!("{}x{}", p.thumbnail.width, p.thumbnail.height),
                    p.format,
                    p.original.bytes.len(),
                    p.display.bytes.len(),
                    p.thumbnail.bytes.len(),
                    p.phash,
                    p.colours
                        .iter()
                        .map(|c| format!("{} {:.0}%", c.hex, c.share * 100.0))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                accepted.push((name, p));
            }
            Ok(Err((status, code, message))) => {
                println!(
                    "{name:<58} {:>9} {:>11} {:>9} {:>9}  refused {status} {code}: {message}",
                    bytes.len(),
                    "",
                    "",
                    ""
                );
            }
            Err(problem) => {
                println!("{name:<58} {:>9}  FAILED {problem}", bytes.len());
                failures.push(problem);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} file(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The files that carry metadata must be accepted, so the checks above ran on them.
    for name in [
        "jpg__exif-xmp-metadata.jpg",
        "jpg__iptc.jpg",
        "jpg__portrait_2.jpg",
        "png__iptc.png",
        "png__transparency__tp1n3p08_xmp.png",
        "webp__lossless_images__simple_xmp.webp",
        "png__16bpc__basn6a16.png",
        "png__apng__ball.png",
        "gif__anim__large-gif-anim-combine.gif",
        "webp__extended_images__anim.webp",
        "jpg__progressive__cat.jpg",
    ] {
        assert!(
            accepted.iter().any(|(n, _)| n == name),
            "{name} should be accepted"
        );
    }
    // jpg__portrait_2.jpg is stored mirrored (orientation 2): the original
    // keeps exactly that, as its only EXIF entry.
    let (_, portrait) = accepted
        .iter()
        .find(|(n, _)| n == "jpg__portrait_2.jpg")
        .unwrap();
    assert_eq!(
        orientation_of(&portrait.original.bytes),
        Orientation::FlipHorizontal
    );
    // Not an image at all.
    let license = std::fs::read(dir.join("LICENSE-wpt-apng.md")).unwrap();
    assert_eq!(
        process(&license, &Limits::default()).unwrap_err().code,
        "unsupported_image_format"
    );
}
