//! Crafted files: metadata planted in a JPEG, every EXIF orientation,
//! decompression bombs, truncated and non-image uploads, the byte limit,
//! and perceptual hashes of generated scenes.

use atelier::media::pipeline::{DominantColour, Limits, hamming, palette_match, process};
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

use super::*;

fn jpeg_of(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// Inserts APP segments right after SOI.
fn with_segments(jpeg: &[u8], segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

const GPS_LATITUDE: [u8; 24] = [
    0, 0, 0, 52, 0, 0, 0, 1, 0, 0, 0, 22, 0, 0, 0, 1, 0, 0, 0x04, 0xD2, 0, 0, 0, 100,
];

/// An EXIF APP1 payload: IFD0 with Orientation, Make and a GPS IFD holding
/// latitude 52° 22' 12.34" N.
fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut t = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    // IFD0 at 8: three entries, then the next-IFD offset.
    t.extend_from_slice(&3u16.to_be_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&kind.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    let [o1, o2] = orientation.to_be_bytes();
    entry(&mut t, 0x010F, 2, 4, *b"Cam\0"); // Make
    entry(&mut t, 0x0112, 3, 1, [o1, o2, 0, 0]); // Orientation
    let gps_at = 8 + 2 + 3 * 12 + 4;
    entry(&mut t, 0x8825, 4, 1, (gps_at as u32).to_be_bytes()); // GPS IFD pointer
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len(), gps_at);
    let data_at = gps_at + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, (data_at as u32).to_be_bytes()); // GPSLatitude
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&GPS_LATITUDE);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(t);
    payload
}

fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 64) as u8 + 96,
        ])
    })
}

#[test]
fn gps_exif_xmp_iptc_and_comments_are_removed_from_a_jpeg() {
    let plain = jpeg_of(&photo(640, 480), 90);
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>"#);
    let upload = with_segments(
        &plain,
        &[
            (0xE1, exif_with_gps(1)),
            (0xE1, xmp),
            (
                0xED,
                b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x05city!".to_vec(),
            ),
            (0xFE, b"shot at home".to_vec()),
        ],
    );
    assert!(find(&upload, &GPS_LATITUDE).is_some());
    assert!(
        !metadata_in(&upload).is_empty(),
        "the checker sees the metadata"
    );

    let p = process(&upload, &Limits::default()).unwrap();
    check_accepted(&upload, &p, &Limits::default()).unwrap();
    for r in [&p.original, &p.display, &p.thumbnail] {
        assert_eq!(metadata_in(&r.bytes), Vec::<String>::new());
        assert!(find(&r.bytes, &GPS_LATITUDE).is_none(), "GPS survived");
        assert!(find(&r.bytes, b"Exif").is_none(), "upright: no EXIF at all");
        assert!(find(&r.bytes, b"shot at home").is_none());
        assert!(find(&r.bytes, b"city!").is_none());
    }
    assert_eq!(p.format, "jpeg");
    assert_eq!(
        (p.original.content_type, p.original.ext),
        ("image/jpeg", "jpg")
    );
    assert_eq!(
        (p.display.content_type, p.display.ext),
        ("image/webp", "webp")
    );
}

/// A stored image with a red marker in its top-left corner and a green one
/// in its top-right corner, tagged with an EXIF orientation.
fn marked(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let m = (w.min(h) / 5).max(4);
    let img = RgbImage::from_fn(w, h, |x, y| {
        if y < m && x < m {
            Rgb([230, 20, 20])
        } else if y < m && x >= w - m {
            Rgb([20, 200, 20])
        } else {
            Rgb([40, 40, 160])
        }
    });
    with_segments(&jpeg_of(&img, 92), &[(0xE1, exif_with_gps(orientation))])
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

fn colour_at(img: &image::RgbaImage, corner: Corner) -> [u8; 3] {
    let (w, h) = (img.width(), img.height());
    let (dx, dy) = (w / 20, h / 20);
    let (x, y) = match corner {
        Corner::TopLeft => (dx, dy),
        Corner::TopRight => (w - 1 - dx, dy),
        Corner::BottomLeft => (dx, h - 1 - dy),
        Corner::BottomRight => (w - 1 - dx, h - 1 - dy),
    };
    let p = img.get_pixel(x, y).0;
    [p[0], p[1], p[2]]
}

fn is_red(c: [u8; 3]) -> bool {
    c[0] > 180 && c[1] < 80 && c[2] < 80
}

fn is_green(c: [u8; 3]) -> bool {
    c[1] > 150 && c[0] < 80 && c[2] < 80
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    use Corner::*;
    // Where the stored top-left (red) and top-right (green) corners belong.
    let expected = [
        (1, TopLeft, TopRight),
        (2, TopRight, TopLeft),
        (3, BottomRight, BottomLeft),
        (4, BottomLeft, BottomRight),
        (5, TopLeft, BottomLeft),
        (6, TopRight, BottomRight),
        (7, BottomRight, TopRight),
        (8, BottomLeft, TopLeft),
    ];
    // Small (decoded whole) for all eight; big (decoded at 1/2 scale) for 6.
    let cases = expected
        .iter()
        .map(|&e| (300, 200, e))
        .chain([(3400, 1000, expected[5])]);
    for (w, h, (orientation, red, green)) in cases {
        let upload = marked(w, h, orientation);
        let p = process(&upload, &Limits::default()).unwrap();
        check_accepted(&upload, &p, &Limits::default()).unwrap();
        let turned = orientation >= 5;
        let upright = if turned { (h, w) } else { (w, h) };
        assert_eq!((p.width, p.height), upright, "orientation {orientation}");
        for r in [&p.display, &p.thumbnail] {
            let img = image::load_from_memory(&r.bytes).unwrap().into_rgba8();
            assert_eq!(
                img.width() > img.height(),
                !turned,
                "orientation {orientation}"
            );
            assert!(
                is_red(colour_at(&img, red)),
                "orientation {orientation}: red not at {red:?}"
            );
            assert!(
                is_green(colour_at(&img, green)),
                "orientation {orientation}: green not at {green:?}"
            );
            for c in [TopLeft, TopRight, BottomLeft, BottomRight] {
                if c != red && c != green {
                    let px = colour_at(&img, c);
                    assert!(
                        !is_red(px) && !is_green(px),
                        "orientation {orientation}: {c:?} is {px:?}"
                    );
                }
            }
        }
        // The original keeps its pixels and its orientation, nothing else.
        assert_eq!(
            orientation_of(&p.original.bytes),
            Orientation::from_exif(orientation as u8).unwrap()
        );
        assert!(find(&p.original.bytes, &GPS_LATITUDE).is_none());
        assert!(find(&p.original.bytes, b"Cam\0").is_none());
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_bomb() -> Vec<u8> {
    let mut png = encode(
        &DynamicImage::ImageRgb8(RgbImage::new(1, 1)),
        ImageFormat::Png,
    );
    png[16..20].copy_from_slice(&65_535u32.to_be_bytes());
    png[20..24].copy_from_slice(&65_535u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn jpeg_bomb() -> Vec<u8> {
    let mut jpeg = jpeg_of(&RgbImage::new(8, 8), 50);
    let sof = find(&jpeg, &[0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&65_000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&65_000u16.to_be_bytes());
    jpeg
}

fn gif_bomb() -> Vec<u8> {
    let mut gif = b"GIF89a\xff\xff\xff\xff\x80\x00\x00".to_vec();
    gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02\x44\x01\x00\x3B");
    gif
}

fn webp_bomb() -> Vec<u8> {
    // VP8X canvas of 16384 x 16384 (stored minus one, 24-bit little endian).
    let mut chunk = b"VP8X\x0a\x00\x00\x00\x00\x00\x00\x00".to_vec();
    chunk.extend_from_slice(&[0xFF, 0x3F, 0x00, 0xFF, 0x3F, 0x00]);
    chunk.extend_from_slice(b"VP8L\x05\x00\x00\x00\x2f\xff\xff\xff\x0f\x00");
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&u32::try_from(chunk.len() + 4).unwrap().to_le_bytes());
    webp.extend_from_slice(b"WEBP");
    webp.extend(chunk);
    webp
}

#[test]
fn decompression_bombs_are_refused_without_allocating_their_pixels() {
    for (name, bomb) in [
        ("png", png_bomb()),
        ("jpeg", jpeg_bomb()),
        ("gif", gif_bomb()),
        ("webp", webp_bomb()),
    ] {
        assert!(bomb.len() < 1024, "{name} bomb is {} bytes", bomb.len());
        let (result, largest) = largest_allocation(|| process(&bomb, &Limits::default()));
        let err = result.unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.code),
            (413, "image_too_large"),
            "{name}: {err}"
        );
        // 65535² pixels would need gigabytes; nothing near that was asked for.
        assert!(largest < 4 << 20, "{name}: allocated {largest} bytes");
    }
}

#[test]
fn truncated_files_are_invalid() {
    let img = DynamicImage::ImageRgb8(photo(320, 240));
    let files = [
        ("jpeg", jpeg_of(&photo(320, 240), 85)),
        ("png", encode(&img, ImageFormat::Png)),
        ("gif", encode(&img, ImageFormat::Gif)),
        ("webp", encode(&img, ImageFormat::WebP)),
    ];
    for (name, data) in files {
        assert!(process(&data, &Limits::default()).is_ok(), "{name} whole");
        for cut in [data.len() / 2, data.len() - 2, 40] {
            let err = process(&data[..cut], &Limits::default()).unwrap_err();
            assert_eq!(
                (err.status.as_u16(), err.code),
                (422, "invalid_image"),
                "{name} cut at {cut}: {err}"
            );
        }
    }
}

#[test]
fn non_images_are_unsupported() {
    // A BMP header (the `image` build here has no BMP codec to make one).
    let bmp = b"BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00".to_vec();
    for data in [
        &b""[..],
        b"hello, world",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"II*\x00\x08\x00\x00\x00",
        &bmp,
    ] {
        let err = process(data, &Limits::default()).unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.code),
            (415, "unsupported_image_format"),
            "{data:?}"
        );
    }
}

#[test]
fn uploads_over_the_byte_limit_are_refused_first() {
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let err = process(&[0u8; 101], &limits).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (413, "payload_too_large"));
}

/// A scene of gradients and blocks placed by `seed`.
fn scene(seed: u32, w: u32, h: u32) -> RgbImage {
    let mut s = seed.wrapping_mul(2_654_435_761) | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        s
    };
    let blocks: Vec<(u32, u32, u32, u32, [u8; 3])> = (0..8)
        .map(|_| {
            let (x, y) = (next() % w, next() % h);
            let (bw, bh) = (w / 8 + next() % (w / 3), h / 8 + next() % (h / 3));
            let c = next().to_le_bytes();
            (x, y, bw, bh, [c[0], c[1], c[2]])
        })
        .collect();
    RgbImage::from_fn(w, h, |x, y| {
        let mut c = Rgb([(x * 200 / w) as u8 + 20, (y * 200 / h) as u8 + 20, 120]);
        for (bx, by, bw, bh, col) in &blocks {
            if x >= *bx && x < bx + bw && y >= *by && y < by + bh {
                c = Rgb(*col);
            }
        }
        c
    })
}

#[test]
fn perceptual_hashes_survive_resizing_and_reencoding_but_tell_images_apart() {
    let limits = Limits::default();
    let mut hashes = Vec::new();
    for seed in 1..5 {
        let big = scene(seed, 1200, 800);
        let a = process(
            &encode(&DynamicImage::ImageRgb8(big.clone()), ImageFormat::Png),
            &limits,
        )
        .unwrap();
        let small = image::imageops::resize(&big, 500, 333, image::imageops::FilterType::Triangle);
        let b = process(&jpeg_of(&small, 70), &limits).unwrap();
        let d = hamming(a.phash, b.phash);
        assert!(d <= 6, "seed {seed}: a resized JPEG copy is {d} bits away");
        hashes.push(a.phash);
    }
    for (i, a) in hashes.iter().enumerate() {
        for b in &hashes[i + 1..] {
            let d = hamming(*a, *b);
            assert!(d > 16, "different images only {d} bits apart");
        }
    }
}

#[test]
fn dominant_colours_and_palette_scores() {
    // 60% red, 40% blue.
    let img = RgbImage::from_fn(500, 100, |x, _| {
        if x < 300 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let p = process(
        &encode(&DynamicImage::ImageRgb8(img), ImageFormat::Png),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(p.colours.len(), 2, "{:?}", p.colours);
    assert_eq!(p.colours[0].hex, "#ff0000");
    assert_eq!(p.colours[1].hex, "#0000ff");
    assert!((p.colours[0].share - 0.6).abs() < 0.02, "{:?}", p.colours);

    // Both colours in the palette: 100.
    let m = palette_match(&p.colours, &["#FF0000".into(), "#0000ff".into()]);
    assert_eq!(m.score, 100);
    // Only red: blue is ΔE00 ≈ 52.9 from it (> 30, counts 0), so 60.
    let m = palette_match(&p.colours, &["#ff0000".into(), "bogus".into()]);
    assert_eq!(m.matches.len(), 2);
    assert_eq!(m.matches[1].nearest, "#ff0000");
    assert!((m.matches[1].delta_e - 52.88).abs() < 0.05, "{m:?}");
    assert_eq!(m.score, 60);
    // Hand-computed: white and black halves against a white palette → 50.
    let halves = [
        DominantColour {
            hex: "#ffffff".into(),
            share: 0.5,
        },
        DominantColour {
            hex: "#000000".into(),
            share: 0.5,
        },
    ];
    assert_eq!(palette_match(&halves, &["#fff".into()]).score, 50);
    // Empty palette: 0, no matches.
    let m = palette_match(&p.colours, &[]);
    assert_eq!((m.score, m.matches.len()), (0, 0));
}
