//! The 64-bit perceptual hash, by `image_hasher`, configured as pHash:
//! luminance resized to 16×16 (triangle filter), a 2-D DCT, and one bit per
//! coefficient of its low-frequency 8×8 corner (DC included, so one bit is
//! always set) telling whether it is above their median. Re-encoding and
//! resizing barely move low frequencies, so near-copies land within a few
//! bits; unrelated images differ in ~32.
//!
//! Ours is only the input: image_hasher ignores alpha, so transparent
//! pixels are composited over white into the luminance it hashes.
//!
//! Against the former hand-written hash (`cargo bench -p atelier-backend
//! --bench pipeline_parts`, same thumbnails): re-encoded and resized copies
//! of the shared test pictures land at most 1 bit from the original (the
//! former: up to 20, for a transparent GIF), different pictures at least 22
//! bits apart (former: 24; both ~32 on average). It is slower, ~0.5 ms per
//! 400 px thumbnail against ~0.15 ms (the triangle filter; image_hasher's
//! default Lanczos3 took ~0.7 ms for the same quality), a rounding error
//! beside the decode and encode of an upload.
//!
//! Hashes are only comparable while the construction stays the same: a
//! change of configuration, or an image_hasher or `image` upgrade that moves
//! hashes, needs a new [`PHASH_VERSION`] (old rows are then recomputed by
//! `media::rehash`).

use std::sync::OnceLock;

use image::GrayImage;
use image_hasher::{FilterType, HashAlg, Hasher, HasherConfig};

use super::raster::Raster;

/// Which construction [`phash`] is; stored with every hash
/// (`media.phash_version`), and hashes of different versions are never
/// compared. 1: the former hand-written DCT hash (32×32 grid, DC excluded);
/// 2: image_hasher as configured in [`hasher`].
pub const PHASH_VERSION: i16 = 2;

/// Number of differing bits; ≤ 6 means "probably the same picture".
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

fn hasher() -> &'static Hasher<[u8; 8]> {
    static HASHER: OnceLock<Hasher<[u8; 8]>> = OnceLock::new();
    HASHER.get_or_init(|| {
        HasherConfig::with_bytes_type::<[u8; 8]>()
            .hash_size(8, 8)
            .hash_alg(HashAlg::Median)
            .preproc_dct()
            .resize_filter(FilterType::Triangle)
            .to_hasher()
    })
}

pub(super) fn phash(r: &Raster) -> u64 {
    match GrayImage::from_raw(r.width, r.height, luma_over_white(r)) {
        Some(gray) => u64::from_be_bytes(hasher().hash_image(&gray).into_inner()),
        None => 0,
    }
}

/// Rec. 601 luma, transparent pixels composited over white.
fn luma_over_white(r: &Raster) -> Vec<u8> {
    let channels = r.channels();
    r.data
        .chunks_exact(channels)
        .map(|p| {
            let y = 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]);
            let y = if channels == 4 {
                let a = f32::from(p[3]) / 255.0;
                y * a + 255.0 * (1.0 - a)
            } else {
                y
            };
            y.round().clamp(0.0, 255.0) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic scene: a gradient and a few blobs placed by `seed`.
    fn scene(seed: u64, w: u32, h: u32) -> Raster {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let blobs: Vec<(f64, f64, f64, [f64; 3])> = (0..6)
            .map(|_| {
                let v = next();
                (
                    (v % 1000) as f64 / 1000.0,
                    ((v >> 10) % 1000) as f64 / 1000.0,
                    0.08 + ((v >> 20) % 200) as f64 / 1000.0,
                    [
                        (v >> 30) as u8 as f64,
                        (v >> 38) as u8 as f64,
                        (v >> 46) as u8 as f64,
                    ],
                )
            })
            .collect();
        let angle = (next() % 628) as f64 / 100.0;
        let mut data = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f64 / w as f64, y as f64 / h as f64);
                let g = 127.0 + 100.0 * ((fx - 0.5) * angle.cos() + (fy - 0.5) * angle.sin());
                let mut c = [g, g * 0.8, 255.0 - g];
                for (bx, by, br, col) in &blobs {
                    if (fx - bx).powi(2) + (fy - by).powi(2) < br * br {
                        c = *col;
                    }
                }
                data.extend(c.iter().map(|v| v.clamp(0.0, 255.0) as u8));
            }
        }
        Raster {
            width: w,
            height: h,
            alpha: false,
            data,
        }
    }

    fn resized(r: &Raster, w: u32, h: u32) -> Raster {
        super::super::raster::Resizer::new()
            .resize_ref(r, w, h)
            .unwrap()
    }

    #[test]
    fn hamming_counts_differing_bits() {
        assert_eq!(hamming(0, 0), 0);
        assert_eq!(hamming(0b1011, 0b0010), 2);
        assert_eq!(hamming(u64::MAX, 0), 64);
    }

    #[test]
    fn a_resized_copy_hashes_alike() {
        for seed in 1..6 {
            let a = scene(seed, 400, 300);
            let b = resized(&a, 173, 130);
            let d = hamming(phash(&a), phash(&b));
            assert!(d <= 6, "seed {seed}: distance {d}");
        }
    }

    #[test]
    fn a_jpeg_reencoded_copy_hashes_alike() {
        let a = scene(7, 400, 300);
        let img = image::RgbImage::from_raw(400, 300, a.data.clone()).unwrap();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 40)
            .encode_image(&img)
            .unwrap();
        let back = image::load_from_memory(&jpeg).unwrap().into_rgb8();
        let b = Raster {
            width: 400,
            height: 300,
            alpha: false,
            data: back.into_raw(),
        };
        let d = hamming(phash(&a), phash(&b));
        assert!(d <= 6, "distance {d}");
    }

    #[test]
    fn different_images_hash_apart() {
        let hashes: Vec<u64> = (1..8).map(|seed| phash(&scene(seed, 300, 200))).collect();
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                let d = hamming(*a, *b);
                assert!(d > 16, "distance {d} between different scenes");
            }
        }
    }

    /// The hash of `scene(1, 300, 200)` under PHASH_VERSION 2.
    const PINNED: u64 = 0xd9d9_88aa_a2f0_b599;

    const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/images");

    /// Different pictures among the shared test images.
    const PICTURES: [&str; 8] = [
        "jpg__progressive__cat.jpg",
        "jpg__progressive__3.jpg",
        "jpg__portrait_2.jpg",
        "png__bugfixes__debug_triangle_corners_widescreen.png",
        "gif__anim__large-gif-anim-combine.gif",
        "png__apng__ball.png",
        "webp__lossy_images__simple-rgb.webp",
        "gif__simple__alpha_gif_a.gif",
    ];

    /// The picture as a viewer shows it (EXIF orientation applied).
    fn upright(bytes: &[u8]) -> image::DynamicImage {
        use image::ImageDecoder;
        let mut decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        let orientation = decoder.orientation().unwrap();
        let mut img = image::DynamicImage::from_decoder(decoder).unwrap();
        img.apply_orientation(orientation);
        img
    }

    fn encoded(img: &image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), format)
            .unwrap();
        out
    }

    /// A JPEG copy, transparent parts flattened onto white as a viewer shows them.
    fn jpeg(img: &image::DynamicImage, quality: u8) -> Vec<u8> {
        let rgba = img.to_rgba8();
        let flat = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
            let p = rgba.get_pixel(x, y).0;
            let a = u32::from(p[3]);
            image::Rgb([0, 1, 2].map(|i| ((u32::from(p[i]) * a + 255 * (255 - a)) / 255) as u8))
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&flat)
            .unwrap();
        out
    }

    /// The hash the pipeline stores for an upload (made from the thumbnail;
    /// a display rendition of thumbnail size saves the test some time).
    fn stored_hash(upload: &[u8]) -> u64 {
        let limits = super::super::Limits {
            display_edge: 400,
            thumb_edge: 400,
            ..super::super::Limits::default()
        };
        super::super::process(upload, &limits).unwrap().phash
    }

    #[test]
    fn real_pictures_copies_stay_within_the_duplicate_distance_and_others_do_not() {
        use image::ImageFormat::{Png, WebP};
        use image::imageops::FilterType;
        let limit = crate::config::Settings::default().media.duplicate_distance;
        let mut hashes = Vec::new();
        for name in PICTURES {
            let upload = std::fs::read(format!("{TESTDATA}/{name}")).unwrap();
            let hash = stored_hash(&upload);
            // Copies are made from at most 600 pixels (a resized copy
            // itself), which keeps the test quick.
            let img = upright(&upload);
            let img = if img.width().max(img.height()) > 600 {
                img.resize(600, 600, FilterType::Triangle)
            } else {
                img
            };
            let (w, h) = (img.width(), img.height());
            let half = img.resize((w / 2).max(8), (h / 2).max(8), FilterType::Triangle);
            let bigger = img.resize(w * 3 / 2, h * 3 / 2, FilterType::CatmullRom);
            let copies = [
                ("JPEG q40", jpeg(&img, 40)),
                ("JPEG q85", jpeg(&img, 85)),
                ("half size, JPEG q75", jpeg(&half, 75)),
                ("1.5x size, PNG", encoded(&bigger, Png)),
                ("half size, WebP", encoded(&half, WebP)),
            ];
            for (what, copy) in copies {
                let d = hamming(hash, stored_hash(&copy));
                assert!(d <= limit, "{name}, {what}: {d} bits from the upload");
            }
            hashes.push((name, hash));
        }
        for (i, (a, ha)) in hashes.iter().enumerate() {
            for (b, hb) in &hashes[i + 1..] {
                let d = hamming(*ha, *hb);
                assert!(d > limit, "{a} and {b} are only {d} bits apart");
            }
        }
    }

    #[test]
    fn the_construction_is_pinned() {
        // Stored hashes are only comparable with hashes made the same way.
        // If this changes (a new configuration, an image_hasher or `image`
        // upgrade), bump PHASH_VERSION so old rows are recomputed.
        let got = phash(&scene(1, 300, 200));
        assert_eq!(got, PINNED, "{got:#018x}: bump PHASH_VERSION");
    }

    #[test]
    fn tiny_and_transparent_images_hash_without_panicking() {
        let one = Raster {
            width: 1,
            height: 1,
            alpha: true,
            data: vec![0, 0, 0, 0],
        };
        let _ = phash(&one);
        let strip = scene(3, 1, 500);
        let _ = phash(&strip);
    }
}
