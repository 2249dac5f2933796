//! Baseline for the benchmark: the hand-written metadata stripper the
//! pipeline used before img-parts, kept verbatim except that errors are
//! strings instead of the server's `ApiError`.
//!
//! Lossless metadata removal: walks each container and copies only what
//! drawing the image needs. Image data is copied byte for byte, never
//! re-encoded. A container that cannot be walked to its end (truncated,
//! damaged) is refused, since then nothing can be promised about it.

use image::ImageFormat;
use image::metadata::Orientation;

type ApiError = String;

fn invalid(message: String) -> ApiError {
    message
}

/// The upload without metadata; a non-upright `orientation` is written back
/// as the only EXIF entry (see [`orientation_exif`]).
pub fn strip(
    format: ImageFormat,
    data: &[u8],
    orientation: Orientation,
) -> Result<Vec<u8>, ApiError> {
    let exif = (orientation != Orientation::NoTransforms).then(|| orientation_exif(orientation));
    let exif = exif.as_ref().map(|e| e.as_slice());
    match format {
        ImageFormat::Jpeg => jpeg(data, exif),
        ImageFormat::Png => png(data, exif),
        ImageFormat::WebP => webp(data, exif),
        ImageFormat::Gif => gif(data),
        _ => Err(invalid("unsupported container".into())),
    }
}

/// A TIFF structure (the payload of an EXIF block) holding one entry, the
/// orientation: big-endian header, IFD0 with one SHORT, no next IFD.
pub fn orientation_exif(orientation: Orientation) -> [u8; 26] {
    let mut t = [0u8; 26];
    t[..8].copy_from_slice(b"MM\x00\x2a\x00\x00\x00\x08");
    t[8..10].copy_from_slice(&1u16.to_be_bytes());
    t[10..12].copy_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    t[12..14].copy_from_slice(&3u16.to_be_bytes()); // SHORT
    t[14..18].copy_from_slice(&1u32.to_be_bytes()); // one value
    t[18..20].copy_from_slice(&u16::from(orientation.to_exif()).to_be_bytes());
    // t[20..22] pads the value field; t[22..26] is "no next IFD".
    t
}

fn damaged(what: &str) -> ApiError {
    invalid(format!("the {what} file is truncated or damaged"))
}

fn be16(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
}

fn le32(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// JPEG: keeps SOI, frame, tables, scans and EOI; of the application
/// segments only APP0 JFIF (thumbnail removed), APP2 ICC_PROFILE and APP14
/// Adobe. Drops COM, every other APPn, and whatever follows EOI.
fn jpeg(data: &[u8], exif: Option<&[u8]>) -> Result<Vec<u8>, ApiError> {
    let err = || damaged("JPEG");
    if !data.starts_with(&[0xFF, 0xD8]) {
        return Err(err());
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut exif = exif;
    let mut pos = 2;
    loop {
        // Like libjpeg, skip stray bytes before a marker; then fill bytes.
        while data.get(pos).is_some_and(|&b| b != 0xFF) {
            pos += 1;
        }
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = data.get(pos) else {
            return Err(err()); // no EOI
        };
        pos += 1;
        match marker {
            0xD9 => {
                write_exif_app1(&mut out, &mut exif);
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0x01 | 0xD0..=0xD7 => out.extend_from_slice(&[0xFF, marker]),
            0x00 | 0xD8 => return Err(err()),
            _ => {
                let len = be16(data, pos).ok_or_else(err)?;
                let end = pos + len;
                if len < 2 || end > data.len() {
                    return Err(err());
                }
                let payload = &data[pos + 2..end];
                if marker != 0xE0 {
                    // EXIF follows JFIF's APP0 and precedes everything else.
                    write_exif_app1(&mut out, &mut exif);
                }
                match marker {
                    0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
                        // Version, units, densities; thumbnail size zeroed.
                        out.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
                        out.extend_from_slice(&payload[..12]);
                        out.extend_from_slice(&[0, 0]);
                    }
                    0xE2 if payload.starts_with(b"ICC_PROFILE\0") => {
                        out.extend_from_slice(&data[pos - 2..end]);
                    }
                    0xEE if payload.starts_with(b"Adobe") => {
                        out.extend_from_slice(&data[pos - 2..end]);
                    }
                    0xE0..=0xEF | 0xFE => {}
                    _ => out.extend_from_slice(&data[pos - 2..end]),
                }
                pos = end;
                if marker == 0xDA {
                    pos = copy_entropy_coded(data, pos, &mut out).ok_or_else(err)?;
                }
            }
        }
    }
}

/// Copies a scan's entropy-coded data up to the next real marker (not a
/// stuffed 0xFF00 or a restart marker) and returns that marker's position.
fn copy_entropy_coded(data: &[u8], start: usize, out: &mut Vec<u8>) -> Option<usize> {
    let mut pos = start;
    loop {
        let ff = pos + memchr::memchr(0xFF, data.get(pos..)?)?;
        match *data.get(ff + 1)? {
            0x00 | 0xD0..=0xD7 => pos = ff + 2,
            0xFF => pos = ff + 1, // fill bytes before a marker
            _ => {
                out.extend_from_slice(&data[start..ff]);
                return Some(ff);
            }
        }
    }
}

fn write_exif_app1(out: &mut Vec<u8>, exif: &mut Option<&[u8]>) {
    if let Some(tiff) = exif.take() {
        let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(tiff);
    }
}

/// PNG chunks that change how the image looks (or animates); all others —
/// `tEXt`, `zTXt`, `iTXt`, `eXIf`, `tIME`, private chunks — are dropped.
const PNG_KEEP: [&[u8; 4]; 20] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"sPLT",
];

fn png(data: &[u8], exif: Option<&[u8]>) -> Result<Vec<u8>, ApiError> {
    const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
    let err = || damaged("PNG");
    if !data.starts_with(SIGNATURE) {
        return Err(err());
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(SIGNATURE);
    let mut pos = SIGNATURE.len();
    loop {
        let len = be32(data, pos).ok_or_else(err)?;
        let end = pos
            .checked_add(12)
            .and_then(|p| p.checked_add(len))
            .filter(|&e| e <= data.len())
            .ok_or_else(err)?;
        let kind = &data[pos + 4..pos + 8];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(err());
        }
        if PNG_KEEP.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(&data[pos..end]);
        }
        if kind == b"IHDR"
            && let Some(tiff) = exif
        {
            // eXIf must precede IDAT; right after IHDR is always valid.
            let mut chunk = Vec::with_capacity(tiff.len() + 12);
            chunk.extend_from_slice(&u32::try_from(tiff.len()).unwrap_or(0).to_be_bytes());
            chunk.extend_from_slice(b"eXIf");
            chunk.extend_from_slice(tiff);
            let crc = crc32fast::hash(&chunk[4..]);
            chunk.extend_from_slice(&crc.to_be_bytes());
            out.extend_from_slice(&chunk);
        }
        if kind == b"IEND" {
            return Ok(out);
        }
        pos = end;
    }
}

/// WebP: keeps the image, animation and ICC chunks; drops `EXIF`, `XMP `
/// and unknown chunks, clearing the matching VP8X flags.
fn webp(data: &[u8], exif: Option<&[u8]>) -> Result<Vec<u8>, ApiError> {
    const VP8X_XMP: u8 = 0x04;
    const VP8X_EXIF: u8 = 0x08;
    let err = || damaged("WebP");
    if data.len() < 12 || &data[..4] != b"RIFF" || &data[8..12] != b"WEBP" {
        return Err(err());
    }
    let riff_end = le32(data, 4)
        .and_then(|size| size.checked_add(8))
        .filter(|&e| e <= data.len())
        .ok_or_else(err)?;
    let mut out = Vec::with_capacity(riff_end);
    out.extend_from_slice(&data[..12]);
    let mut vp8x_flags_at = None;
    let mut pos = 12;
    while pos < riff_end {
        let size = le32(data, pos + 4).ok_or_else(err)?;
        let body_end = (pos + 8)
            .checked_add(size)
            .filter(|&e| e <= riff_end)
            .ok_or_else(err)?;
        let kind = &data[pos..pos + 4];
        let keep = matches!(
            kind,
            b"VP8X" | b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP"
        );
        if keep {
            if kind == b"VP8X" && size >= 10 {
                vp8x_flags_at = Some(out.len() + 8);
            }
            out.extend_from_slice(&data[pos..body_end]);
            if size % 2 == 1 {
                out.push(0);
            }
        }
        // Chunks are padded to even sizes; a missing last pad byte is tolerated.
        pos = body_end + size % 2;
    }
    if let Some(at) = vp8x_flags_at {
        out[at] &= !(VP8X_EXIF | VP8X_XMP);
        if let Some(tiff) = exif {
            out[at] |= VP8X_EXIF;
            out.extend_from_slice(b"EXIF");
            out.extend_from_slice(&u32::try_from(tiff.len()).unwrap_or(0).to_le_bytes());
            out.extend_from_slice(tiff);
            if tiff.len() % 2 == 1 {
                out.push(0);
            }
        }
    }
    let riff_size = u32::try_from(out.len() - 8).map_err(|_| err())?;
    out[4..8].copy_from_slice(&riff_size.to_le_bytes());
    Ok(out)
}

/// GIF: drops comment extensions and application extensions other than
/// the looping ones (NETSCAPE2.0, ANIMEXTS1.0), and anything after the
/// trailer. A file that ends cleanly between blocks gets its trailer back.
fn gif(data: &[u8]) -> Result<Vec<u8>, ApiError> {
    let err = || damaged("GIF");
    if !(data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a")) || data.len() < 13 {
        return Err(err());
    }
    let colour_table = |packed: u8| {
        if packed & 0x80 != 0 {
            3usize << ((packed & 0x07) + 1)
        } else {
            0
        }
    };
    let mut pos = 13 + colour_table(data[10]);
    if pos > data.len() {
        return Err(err());
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..pos]);
    loop {
        match data.get(pos) {
            None => {
                out.push(0x3B);
                return Ok(out);
            }
            Some(0x3B) => {
                out.push(0x3B);
                return Ok(out);
            }
            Some(0x2C) => {
                let packed = *data.get(pos + 9).ok_or_else(err)?;
                // Descriptor, local colour table, LZW minimum code size.
                let data_start = pos + 10 + colour_table(packed) + 1;
                let end = skip_sub_blocks(data, data_start).ok_or_else(err)?;
                out.extend_from_slice(&data[pos..end]);
                pos = end;
            }
            Some(0x21) => {
                let label = *data.get(pos + 1).ok_or_else(err)?;
                let end = skip_sub_blocks(data, pos + 2).ok_or_else(err)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => {
                        let id = data.get(pos + 2..pos + 14);
                        id == Some(&b"\x0bNETSCAPE2.0"[..]) || id == Some(&b"\x0bANIMEXTS1.0"[..])
                    }
                    // Graphic control and plain text are part of the picture.
                    0xF9 | 0x01 => true,
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(&data[pos..end]);
                }
                pos = end;
            }
            Some(_) => return Err(err()),
        }
    }
}

/// The position after a chain of GIF data sub-blocks starting at `pos`.
fn skip_sub_blocks(data: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        let size = usize::from(*data.get(pos)?);
        pos += 1;
        if size == 0 {
            return Some(pos);
        }
        pos += size;
        if pos > data.len() {
            return None;
        }
    }
}
