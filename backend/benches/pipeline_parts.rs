//! The pipeline's perceptual hash, dominant colours and metadata stripping:
//! the crates the server uses (image_hasher; palette + kmeans_colors;
//! img-parts) side by side with the hand-written code they replaced, on the
//! same inputs: `cargo bench -p atelier-backend --bench pipeline_parts`.
//!
//! The former code lives only in `benches/baseline/`, as this baseline.
//! Prints the median time per call (`PARTS_BENCH_RUNS`, default 31 runs)
//! and, for the hash, how far apart re-encoded or resized copies and
//! different images land under each (the duplicate threshold,
//! `media.duplicate_distance`, is 6 bits by default). Asserts nothing.

mod baseline;

use std::error::Error;
use std::io::Cursor;
use std::time::{Duration, Instant};

use atelier::media::pipeline::stages::{self, Pixels};
use atelier::media::pipeline::{DominantColour, hamming, palette_match};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, RgbImage};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/images");
/// The thumbnail edge the pipeline hashes and clusters.
const THUMB_EDGE: u32 = 400;
const DUPLICATE_DISTANCE: u32 = 6;

/// Different pictures from the shared test images (none a copy of another).
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

fn main() {
    if let Err(e) = run() {
        eprintln!("\npipeline_parts bench failed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let runs: usize = std::env::var("PARTS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(31)
        .max(1);
    println!(
        "{runs} runs per figure (median); {} CPUs; load average {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let pictures: Vec<(String, DynamicImage)> = PICTURES
        .iter()
        .map(|name| {
            let bytes = std::fs::read(format!("{TESTDATA}/{name}"))?;
            Ok((name.to_string(), image::load_from_memory(&bytes)?))
        })
        .collect::<Result<_>>()?;

    hash_quality(&pictures)?;
    let photo = DynamicImage::ImageRgb8(photo(1200, 800));
    let mut thumbs: Vec<(String, Pixels)> = vec![("photo-like 1200x800".into(), thumb(&photo))];
    thumbs.extend(pictures.iter().map(|(n, img)| (n.clone(), thumb(img))));
    hash_and_colour_times(&thumbs, runs);
    strip_times(runs)?;
    Ok(())
}

/// The pipeline's thumbnail: long edge 400, Lanczos3, never upscaled.
fn thumb(img: &DynamicImage) -> Pixels {
    let img = if img.width().max(img.height()) > THUMB_EDGE {
        img.resize(THUMB_EDGE, THUMB_EDGE, FilterType::Lanczos3)
    } else {
        img.clone()
    };
    Pixels::new(img)
}

fn old_phash(p: &Pixels) -> u64 {
    baseline::phash::phash(&baseline::Pixels {
        width: p.width(),
        height: p.height(),
        alpha: p.alpha(),
        data: p.data(),
    })
}

fn old_colours(p: &Pixels) -> Vec<DominantColour> {
    let px = baseline::Pixels {
        width: p.width(),
        height: p.height(),
        alpha: p.alpha(),
        data: p.data(),
    };
    baseline::colour::dominant_colours(&px, 5)
}

fn encoded(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format)?;
    Ok(out)
}

/// A JPEG copy, transparent parts flattened onto white as a viewer shows them.
fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let rgba = img.to_rgba8();
    let flat = RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u32::from(p[3]);
        image::Rgb([0, 1, 2].map(|i| ((u32::from(p[i]) * a + 255 * (255 - a)) / 255) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(&flat)?;
    Ok(out)
}

/// Copies an uploader might make of a picture: re-encoded, resized, both.
fn copies(img: &DynamicImage) -> Result<Vec<(&'static str, DynamicImage)>> {
    let (w, h) = (img.width(), img.height());
    let half = img.resize((w / 2).max(8), (h / 2).max(8), FilterType::Triangle);
    let bigger = img.resize(w * 3 / 2, h * 3 / 2, FilterType::CatmullRom);
    let back = |bytes: Vec<u8>| image::load_from_memory(&bytes);
    Ok(vec![
        ("JPEG q40", back(jpeg(img, 40)?)?),
        ("JPEG q85", back(jpeg(img, 85)?)?),
        ("half size, JPEG q75", back(jpeg(&half, 75)?)?),
        ("1.5x size, PNG", back(encoded(&bigger, ImageFormat::Png)?)?),
        ("half size, WebP", back(encoded(&half, ImageFormat::WebP)?)?),
    ])
}

/// Distances of near-copies (should stay ≤ 6) and of different pictures
/// (should stay > 6), under the former hash and the crate's.
fn hash_quality(pictures: &[(String, DynamicImage)]) -> Result<()> {
    println!("\nperceptual hash: distances in bits (duplicate at <= {DUPLICATE_DISTANCE})");
    println!(
        "{:<54} {:>14} {:>14}",
        "near-copies of each picture (worst copy)", "hand-written", "image_hasher"
    );
    let mut worst = (0, 0);
    let mut hashes = Vec::new();
    for (name, img) in pictures {
        let original = thumb(img);
        let (o_old, o_new) = (old_phash(&original), stages::phash(&original));
        hashes.push((o_old, o_new));
        let mut far = (0, 0);
        for (_, copy) in copies(img)? {
            let c = thumb(&copy);
            far.0 = far.0.max(hamming(o_old, old_phash(&c)));
            far.1 = far.1.max(hamming(o_new, stages::phash(&c)));
        }
        println!("  {name:<52} {:>14} {:>14}", far.0, far.1);
        worst = (worst.0.max(far.0), worst.1.max(far.1));
    }
    let mut closest = (u32::MAX, u32::MAX);
    let mut sum = (0u32, 0u32);
    let mut pairs = 0;
    for (i, a) in hashes.iter().enumerate() {
        for b in &hashes[i + 1..] {
            let d = (hamming(a.0, b.0), hamming(a.1, b.1));
            closest = (closest.0.min(d.0), closest.1.min(d.1));
            sum = (sum.0 + d.0, sum.1 + d.1);
            pairs += 1;
        }
    }
    println!("{:<56} {:>14} {:>14}", "worst near-copy", worst.0, worst.1);
    println!(
        "{:<56} {:>14} {:>14}",
        format!("closest of {pairs} pairs of different pictures"),
        closest.0,
        closest.1
    );
    println!(
        "{:<56} {:>14.1} {:>14.1}",
        "mean distance between different pictures",
        f64::from(sum.0) / f64::from(pairs.max(1)),
        f64::from(sum.1) / f64::from(pairs.max(1)),
    );
    Ok(())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Median time of `f` over `runs` calls (after one warm-up call).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn colours_text(c: &[DominantColour]) -> String {
    c.iter()
        .map(|c| format!("{} {:.0}%", c.hex, c.share * 100.0))
        .collect::<Vec<_>>()
        .join(" ")
}

fn hash_and_colour_times(thumbs: &[(String, Pixels)], runs: usize) {
    println!(
        "\n{:<54} {:>11} {:>11} {:>11} {:>11}",
        "thumbnail (long edge <= 400)", "hash old", "hash crate", "colour old", "colour crate"
    );
    let mut totals = [Duration::ZERO; 4];
    for (name, p) in thumbs {
        let t = [
            time(runs, || old_phash(p)),
            time(runs, || stages::phash(p)),
            time(runs, || old_colours(p)),
            time(runs, || stages::dominant_colours(p)),
        ];
        for (total, t) in totals.iter_mut().zip(t) {
            *total += t;
        }
        println!(
            "  {:<52} {:>11} {:>11} {:>11} {:>11}",
            format!("{name} ({}x{})", p.width(), p.height()),
            us(t[0]),
            us(t[1]),
            us(t[2]),
            us(t[3])
        );
    }
    println!(
        "{:<54} {:>11} {:>11} {:>11} {:>11}",
        "sum",
        us(totals[0]),
        us(totals[1]),
        us(totals[2]),
        us(totals[3])
    );

    println!("\ndominant colours, hand-written | crates (same pixels):");
    let palette = vec![
        "#c0392b".to_owned(),
        "#2c3e50".to_owned(),
        "#f1c40f".to_owned(),
        "#ecf0f1".to_owned(),
    ];
    for (name, p) in thumbs {
        let (old, new) = (old_colours(p), stages::dominant_colours(p));
        println!("  {name}");
        println!(
            "    old   {:<64} palette score {}",
            colours_text(&old),
            baseline::colour::palette_match(&old, &palette).score
        );
        println!(
            "    crate {:<64} palette score {}",
            colours_text(&new),
            palette_match(&new, &palette).score
        );
    }
    let colours: Vec<DominantColour> = thumbs
        .iter()
        .flat_map(|(_, p)| stages::dominant_colours(p))
        .collect();
    println!(
        "palette_match of {} colours against 4: old {}, crate {}",
        colours.len(),
        us(time(runs, || baseline::colour::palette_match(
            &colours, &palette
        ))),
        us(time(runs, || palette_match(&colours, &palette))),
    );
}

/// An EXIF APP1 payload with an orientation, a camera make and GPS.
fn exif_app1(orientation: u16) -> Vec<u8> {
    let mut t = b"Exif\0\0MM\x00\x2a\x00\x00\x00\x08".to_vec();
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&[0x01, 0x0F, 0, 2, 0, 0, 0, 4]);
    t.extend_from_slice(b"Cam\0");
    t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t.extend_from_slice(&[0x55; 2048]); // maker notes, GPS and the like
    t
}

fn with_jpeg_segments(jpeg: &[u8], segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&jpeg[2..]);
    out.extend_from_slice(b"trailing data after EOI");
    out
}

fn with_png_text(png: &[u8]) -> Vec<u8> {
    let mut chunk = 9u32.to_be_bytes().to_vec();
    chunk.extend_from_slice(b"tEXtAuthor\0me");
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    // Right after IHDR (8-byte signature + 25-byte IHDR chunk).
    let mut out = png[..33].to_vec();
    out.extend(chunk);
    out.extend_from_slice(&png[33..]);
    out
}

fn strip_times(runs: usize) -> Result<()> {
    let big = DynamicImage::ImageRgb8(photo(4000, 3000));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(&[b' '; 4096]);
    let jpeg_upload = with_jpeg_segments(
        &jpeg(&big, 90)?,
        &[
            (0xE1, exif_app1(6)),
            (0xE1, xmp),
            (0xFE, b"a comment".to_vec()),
        ],
    );
    let mid = big.resize(2000, 1500, FilterType::Triangle);
    let png_upload = with_png_text(&encoded(&mid, ImageFormat::Png)?);
    let rgb = mid.to_rgb8();
    let webp_upload = webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
        .encode(80.0)
        .to_vec();
    let xmp_webp = std::fs::read(format!("{TESTDATA}/webp__lossless_images__simple_xmp.webp"))?;
    let inputs: [(&str, &[u8], ImageFormat, Orientation); 4] = [
        (
            "JPEG 4000x3000 q90 + EXIF/XMP/COM, orientation 6",
            &jpeg_upload,
            ImageFormat::Jpeg,
            Orientation::Rotate90,
        ),
        (
            "PNG 2000x1500 + tEXt",
            &png_upload,
            ImageFormat::Png,
            Orientation::NoTransforms,
        ),
        (
            "WebP lossy 2000x1500",
            &webp_upload,
            ImageFormat::WebP,
            Orientation::NoTransforms,
        ),
        (
            "WebP lossless + XMP (test image)",
            &xmp_webp,
            ImageFormat::WebP,
            Orientation::NoTransforms,
        ),
    ];
    println!(
        "\n{:<54} {:>10} {:>11} {:>11} {:>10} {:>11}",
        "metadata stripping", "bytes", "old", "img-parts", "same bytes", "same pixels"
    );
    for (name, data, format, orientation) in inputs {
        let old = baseline::strip::strip(format, data, orientation)?;
        let new = stages::strip(data, orientation).map_err(|e| e.message)?;
        let t_old = time(runs, || baseline::strip::strip(format, data, orientation));
        let t_new = time(runs, || stages::strip(data, orientation));
        let pixels = |b: &[u8]| image::load_from_memory(b).map(|i| i.into_bytes());
        let yes = |same: bool| if same { "yes" } else { "no" };
        println!(
            "  {name:<52} {:>10} {:>11} {:>11} {:>10} {:>11}",
            data.len(),
            us(t_old),
            us(t_new),
            yes(old == new.as_ref()),
            yes(pixels(&old)? == pixels(&new)? && pixels(&new)? == pixels(data)?),
        );
    }
    println!(
        "bytes differ where img-parts writes EXIF after JFIF (the former code wrote it \
         before, when the upload had APPn ahead of JFIF) and where it drops a VP8X \
         header that nothing needs any more; GIF: hand-written only (img-parts does \
         not read GIF)"
    );
    Ok(())
}

/// A photo-like picture: sky and ground gradients, shaded discs and
/// sensor-like noise.
fn photo(w: u32, h: u32) -> RgbImage {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let discs: Vec<(f32, f32, f32, [f32; 3])> = (0..24)
        .map(|_| {
            let v = rnd();
            (
                (v % u64::from(w)) as f32,
                ((v >> 16) % u64::from(h)) as f32,
                (w as f32 / 40.0) + ((v >> 32) % u64::from(w / 6)) as f32,
                [
                    ((v >> 40) & 0xFF) as f32,
                    ((v >> 48) & 0xFF) as f32,
                    ((v >> 56) & 0xFF) as f32,
                ],
            )
        })
        .collect();
    let horizon = h as f32 * 0.55;
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let mut c = if fy < horizon {
            let t = fy / horizon;
            [70.0 + 120.0 * t, 130.0 + 80.0 * t, 230.0 - 30.0 * t]
        } else {
            let t = (fy - horizon) / (h as f32 - horizon);
            [60.0 + 40.0 * t, 110.0 - 30.0 * t, 40.0]
        };
        for (cx, cy, r, colour) in &discs {
            let (dx, dy) = (fx - cx, fy - cy);
            if dx * dx + dy * dy < r * r {
                let shade = 0.75 + 0.25 * (-(dx + dy) / (2.0 * r)).clamp(-1.0, 1.0);
                c = colour.map(|v| v * shade);
            }
        }
        let noise = (rnd() % 13) as f32 - 6.0;
        image::Rgb(c.map(|v| (v + noise).clamp(0.0, 255.0) as u8))
    })
}
