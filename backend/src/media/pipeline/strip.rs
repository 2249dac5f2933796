//! Lossless metadata removal: each container is walked and only what
//! drawing the image needs is kept; image data is copied byte for byte,
//! never re-encoded. A container that cannot be walked to its end
//! (truncated, damaged) is refused, since then nothing can be promised
//! about it.
//!
//! JPEG, PNG and WebP are parsed and written by `img-parts`. Ours is only
//! what it cannot do:
//! - build the orientation-only EXIF block written back ([`orientation_exif`]);
//! - JPEG after the first scan header: img-parts keeps the rest of the file
//!   as one opaque blob (later scans, any APPn/COM between them, EOI and
//!   whatever trails it), so [`jpeg_tail`] walks it to EOI, drops APPn/COM
//!   and trailing bytes, and refuses a file without EOI;
//! - the WebP VP8X XMP flag, which img-parts leaves set after its chunk goes;
//! - PNG: a file must end with IEND (img-parts also accepts one that stops
//!   at a chunk boundary);
//! - GIF ([`gif`]), which img-parts does not read.
//!
//! img-parts is slower than the former hand-written walkers
//! (`cargo bench -p atelier-backend --bench pipeline_parts`): 0.64 ms
//! against 0.47 ms for a 2.4 MB JPEG, 0.22 ms against 0.07 ms for a 3.3 MB
//! PNG (it copies the upload and checks every chunk's CRC), nothing beside
//! the hundreds of milliseconds an upload takes to decode.

use bytes::Bytes;
use image::ImageFormat;
use image::metadata::Orientation;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::Png;
use img_parts::riff::RiffContent;
use img_parts::webp::{CHUNK_VP8X, WebP};

use super::invalid;
use crate::error::ApiError;

mod gif;

/// The upload without metadata; a non-upright `orientation` is written back
/// as the only EXIF entry (see [`orientation_exif`]).
pub(super) fn strip(
    format: ImageFormat,
    data: &[u8],
    orientation: Orientation,
) -> Result<Bytes, ApiError> {
    let exif = (orientation != Orientation::NoTransforms).then(|| orientation_exif(orientation));
    let exif = exif.as_ref().map(|e| e.as_slice());
    match format {
        ImageFormat::Jpeg => jpeg(data, exif),
        ImageFormat::Png => png(data, exif),
        ImageFormat::WebP => webp(data, exif),
        ImageFormat::Gif => gif::strip(data).map(Bytes::from),
        _ => Err(invalid("unsupported container")),
    }
}

/// A TIFF structure (the payload of an EXIF block) holding one entry, the
/// orientation: big-endian header, IFD0 with one SHORT, no next IFD.
pub(super) fn orientation_exif(orientation: Orientation) -> [u8; 26] {
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

/// JPEG: keeps SOI, frame, tables, scans and EOI; of the application
/// segments only APP0 JFIF (thumbnail removed), APP2 ICC_PROFILE and APP14
/// Adobe. Drops COM, every other APPn, and whatever follows EOI.
fn jpeg(data: &[u8], exif: Option<&[u8]>) -> Result<Bytes, ApiError> {
    let err = || damaged("JPEG");
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(data)).map_err(|_| err())?;
    let mut segments = Vec::with_capacity(jpeg.segments().len());
    for segment in jpeg.segments_mut().drain(..) {
        let marker = segment.marker();
        let contents = segment.contents();
        let kept = match marker {
            markers::APP0 if contents.starts_with(b"JFIF\0") && contents.len() >= 14 => {
                // Version, units, densities; thumbnail size zeroed.
                let mut jfif = contents[..12].to_vec();
                jfif.extend_from_slice(&[0, 0]);
                Some(JpegSegment::new_with_contents(marker, Bytes::from(jfif)))
            }
            markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => Some(segment),
            markers::APP14 if contents.starts_with(b"Adobe") => Some(segment),
            markers::APP0..=markers::APP15 | markers::COM => None,
            markers::SOS => {
                // img-parts' "entropy" of the first scan is the rest of the
                // file: the last bytes of `data`.
                let rest_len = segment.len_with_entropy() - segment.len();
                let rest = data.get(data.len() - rest_len..).ok_or_else(err)?;
                let tail = jpeg_tail(rest).ok_or_else(err)?;
                Some(JpegSegment::new_with_entropy(
                    marker,
                    contents.clone(),
                    Bytes::from(tail),
                ))
            }
            _ => Some(segment),
        };
        segments.extend(kept);
    }
    *jpeg.segments_mut() = segments;
    jpeg.set_exif(exif.map(Bytes::copy_from_slice));
    Ok(jpeg.encoder().bytes())
}

/// Everything after the first scan header: its entropy-coded data, then
/// any further tables and scans up to EOI. APPn and COM segments between
/// scans are dropped, as is whatever follows EOI; `None` without an EOI.
fn jpeg_tail(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut pos = copy_entropy_coded(data, 0, &mut out)?;
    loop {
        // Like libjpeg, skip stray bytes before a marker; then fill bytes.
        while data.get(pos).is_some_and(|&b| b != 0xFF) {
            pos += 1;
        }
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *data.get(pos)?;
        pos += 1;
        match marker {
            markers::EOI => {
                out.extend_from_slice(&[0xFF, markers::EOI]);
                return Some(out);
            }
            0x01 | markers::RST0..=markers::RST7 => out.extend_from_slice(&[0xFF, marker]),
            0x00 | markers::SOI => return None,
            _ => {
                let len = be16(data, pos)?;
                let end = pos + len;
                if len < 2 || end > data.len() {
                    return None;
                }
                if !matches!(marker, markers::APP0..=markers::APP15 | markers::COM) {
                    out.extend_from_slice(&data[pos - 2..end]);
                }
                pos = end;
                if marker == markers::SOS {
                    pos = copy_entropy_coded(data, pos, &mut out)?;
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

/// PNG chunks that change how the image looks (or animates); all others —
/// `tEXt`, `zTXt`, `iTXt`, `eXIf`, `tIME`, private chunks — are dropped.
const PNG_KEEP: [&[u8; 4]; 20] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"sPLT",
];

/// PNG: keeps the [`PNG_KEEP`] chunks; the orientation goes into an `eXIf`
/// chunk right after IHDR (it must precede IDAT). Anything after IEND goes.
fn png(data: &[u8], exif: Option<&[u8]>) -> Result<Bytes, ApiError> {
    let err = || damaged("PNG");
    let mut png = Png::from_bytes(Bytes::copy_from_slice(data)).map_err(|_| err())?;
    let complete = png.chunks().last().is_some_and(|c| &c.kind() == b"IEND");
    if !complete
        || png
            .chunks()
            .iter()
            .any(|c| !c.kind().iter().all(u8::is_ascii_alphabetic))
    {
        return Err(err());
    }
    png.chunks_mut()
        .retain(|c| PNG_KEEP.iter().any(|k| **k == c.kind()));
    png.set_exif(exif.map(Bytes::copy_from_slice));
    Ok(png.encoder().bytes())
}

/// WebP: keeps the image, animation and ICC chunks; drops `EXIF`, `XMP `
/// and unknown chunks, clearing the matching VP8X flags.
fn webp(data: &[u8], exif: Option<&[u8]>) -> Result<Bytes, ApiError> {
    const VP8X_XMP: u8 = 0x04;
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(data)).map_err(|_| damaged("WebP"))?;
    webp.chunks_mut().retain(|c| {
        matches!(
            &c.id(),
            b"VP8X" | b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP"
        )
    });
    // Also brings the VP8X ICC and EXIF flags in line with the chunks.
    webp.set_exif(exif.map(Bytes::copy_from_slice));
    let vp8x = webp.chunks_mut().iter_mut().find(|c| c.id() == CHUNK_VP8X);
    if let Some(RiffContent::Data(flags)) = vp8x.map(|c| c.content_mut())
        && flags.first().is_some_and(|f| f & VP8X_XMP != 0)
    {
        let mut cleared = flags.to_vec();
        cleared[0] &= !VP8X_XMP;
        *flags = Bytes::from(cleared);
    }
    Ok(webp.encoder().bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    #[test]
    fn jpeg_metadata_segments_go_and_image_segments_stay() {
        let mut jfif = b"JFIF\0\x01\x02\x00\x00\x48\x00\x48\x01\x01".to_vec();
        jfif.extend_from_slice(&[9, 9, 9]); // a 1x1 thumbnail
        let mut data = vec![0xFF, 0xD8];
        data.extend(segment(0xE0, &jfif));
        data.extend(segment(0xE1, b"Exif\0\0MM\0\x2a secret gps"));
        data.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"));
        data.extend(segment(0xED, b"Photoshop 3.0\08BIM"));
        data.extend(segment(0xFE, b"a comment"));
        data.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01icc"));
        data.extend(segment(0xE2, b"MPF\0second image"));
        data.extend(segment(0xDB, b"\x00quant"));
        data.extend(segment(0xDA, b"\x01scan"));
        data.extend_from_slice(&[1, 2, 0xFF, 0x00, 3, 0xFF, 0xD0, 4]);
        data.extend_from_slice(&[0xFF, 0xD9]);
        data.extend_from_slice(b"trailing secrets");

        let out = jpeg(&data, None).unwrap();
        let mut want = vec![0xFF, 0xD8];
        want.extend(segment(
            0xE0,
            &jfif[..14]
                .iter()
                .take(12)
                .chain(&[0, 0])
                .copied()
                .collect::<Vec<_>>(),
        ));
        want.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01icc"));
        want.extend(segment(0xDB, b"\x00quant"));
        want.extend(segment(0xDA, b"\x01scan"));
        want.extend_from_slice(&[1, 2, 0xFF, 0x00, 3, 0xFF, 0xD0, 4, 0xFF, 0xD9]);
        assert_eq!(out, want);
    }

    #[test]
    fn jpeg_orientation_survives_as_the_only_exif_entry() {
        let mut data = vec![0xFF, 0xD8];
        data.extend(segment(0xE1, b"Exif\0\0whatever"));
        data.extend(segment(0xDB, b"\x00q"));
        data.extend_from_slice(&[0xFF, 0xD9]);
        let tiff = orientation_exif(Orientation::Rotate90);
        let out = jpeg(&data, Some(&tiff)).unwrap();
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&tiff);
        let mut want = vec![0xFF, 0xD8];
        want.extend(segment(0xE1, &payload));
        want.extend(segment(0xDB, b"\x00q"));
        want.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(out, want);
        assert_eq!(
            Orientation::from_exif_chunk(&tiff),
            Some(Orientation::Rotate90)
        );
    }

    #[test]
    fn a_jpeg_without_eoi_is_damaged() {
        let mut data = vec![0xFF, 0xD8];
        data.extend(segment(0xDA, b"\x01scan"));
        data.extend_from_slice(&[1, 2, 3]);
        assert_eq!(jpeg(&data, None).unwrap_err().code, "invalid_image");
        assert_eq!(
            jpeg(&[0xFF, 0xD8, 0xFF, 0xDB, 0x00], None)
                .unwrap_err()
                .code,
            "invalid_image"
        );
    }

    fn chunk(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(body.len()).unwrap().to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(body);
        c.extend_from_slice(&crc32fast::hash(&c[4..]).to_be_bytes());
        c
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
        data.extend(chunk(b"IHDR", &[0; 13]));
        data.extend(chunk(b"tEXt", b"Author\0me"));
        data.extend(chunk(b"eXIf", b"MM\0\x2a gps"));
        data.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"));
        data.extend(chunk(b"tIME", &[7; 7]));
        data.extend(chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]));
        data.extend(chunk(b"IDAT", b"pixels"));
        data.extend(chunk(b"zTXt", b"Comment\0\0zz"));
        data.extend(chunk(b"IEND", b""));
        data.extend_from_slice(b"after the end");
        let out = png(&data, None).unwrap();
        let mut want = b"\x89PNG\r\n\x1a\n".to_vec();
        want.extend(chunk(b"IHDR", &[0; 13]));
        want.extend(chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]));
        want.extend(chunk(b"IDAT", b"pixels"));
        want.extend(chunk(b"IEND", b""));
        assert_eq!(out, want);

        let tiff = orientation_exif(Orientation::FlipVertical);
        let out = png(&data, Some(&tiff)).unwrap();
        let mut want = b"\x89PNG\r\n\x1a\n".to_vec();
        want.extend(chunk(b"IHDR", &[0; 13]));
        want.extend(chunk(b"eXIf", &tiff));
        want.extend(chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]));
        want.extend(chunk(b"IDAT", b"pixels"));
        want.extend(chunk(b"IEND", b""));
        assert_eq!(out, want);

        assert!(png(&data[..data.len() - 30], None).is_err(), "no IEND");
    }

    fn riff(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        for (kind, data) in chunks {
            body.extend_from_slice(*kind);
            body.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
            body.extend_from_slice(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn webp_exif_and_xmp_chunks_and_flags_go() {
        let vp8x = [0x2C, 0, 0, 0, 9, 0, 0, 9, 0, 0]; // ICC | EXIF | XMP
        let data = riff(&[
            (b"VP8X", &vp8x),
            (b"ICCP", b"icc"),
            (b"VP8L", b"pixels"),
            (b"EXIF", b"MM\0\x2a gps"),
            (b"XMP ", b"<x:xmpmeta/>"),
            (b"ZZZZ", b"unknown"),
        ]);
        let out = webp(&data, None).unwrap();
        let clean = [0x20, 0, 0, 0, 9, 0, 0, 9, 0, 0];
        assert_eq!(
            out,
            riff(&[(b"VP8X", &clean), (b"ICCP", b"icc"), (b"VP8L", b"pixels")])
        );

        let tiff = orientation_exif(Orientation::Rotate180);
        let out = webp(&data, Some(&tiff)).unwrap();
        let with_exif = [0x28, 0, 0, 0, 9, 0, 0, 9, 0, 0];
        assert_eq!(
            out,
            riff(&[
                (b"VP8X", &with_exif),
                (b"ICCP", b"icc"),
                (b"VP8L", b"pixels"),
                (b"EXIF", &tiff)
            ])
        );
        assert!(
            webp(&data[..data.len() - 4], None).is_err(),
            "RIFF size beyond the end"
        );
    }
}
