//! GIF metadata removal, by hand: img-parts does not read GIF. Walks the
//! blocks and keeps only what draws or animates the picture.

use super::damaged;
use crate::error::ApiError;

/// GIF: drops comment extensions and application extensions other than
/// the looping ones (NETSCAPE2.0, ANIMEXTS1.0), and anything after the
/// trailer. A file that ends cleanly between blocks gets its trailer back.
pub(super) fn strip(data: &[u8]) -> Result<Vec<u8>, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gif_comments_and_foreign_application_blocks_go() {
        let mut data = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        data.extend_from_slice(&[0, 0, 0, 255, 255, 255]); // global colour table (2)
        let netscape = b"\x21\xFF\x0bNETSCAPE2.0\x03\x01\x00\x00\x00";
        data.extend_from_slice(netscape);
        data.extend_from_slice(b"\x21\xFE\x09a comment\x00");
        data.extend_from_slice(b"\x21\xFF\x0bXMP DataXMP\x05<x:x>\x00");
        let gce = b"\x21\xF9\x04\x00\x00\x00\x00\x00";
        data.extend_from_slice(gce);
        let image = b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00";
        data.extend_from_slice(image);
        data.push(0x3B);
        data.extend_from_slice(b"junk");
        let out = strip(&data).unwrap();
        let mut want = data[..19].to_vec();
        want.extend_from_slice(netscape);
        want.extend_from_slice(gce);
        want.extend_from_slice(image);
        want.push(0x3B);
        assert_eq!(out, want);
        let cut = data.len() - 10;
        assert!(strip(&data[..cut]).is_err(), "cut inside the image data");
    }
}
