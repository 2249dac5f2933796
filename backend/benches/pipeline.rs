//! The image pipeline against libvips on a 24-megapixel JPEG:
//! `cargo bench -p atelier-backend --bench pipeline`.
//!
//! Generates a photo-like 6000×4000 JPEG (quality 90), then times, N times
//! each (`PIPELINE_BENCH_RUNS`, default 7):
//! - ours: `pipeline::process` in this process, and as a child process (this
//!   binary re-run with `child`, writing its renditions to files) so start-up,
//!   reading and writing count as they do for vips;
//! - vips: two `vipsthumbnail` runs, `-s 1600` and `-s 400`, JPEG Q=82 and
//!   WebP Q=80 (the format we produce);
//!
//! once for the baseline JPEG and once for a progressive copy of it.
//!
//! Child processes run under `/usr/bin/time` for peak RSS and CPU time.
//! Prints figures; asserts nothing about them.

use std::error::Error;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use atelier::media::pipeline::{Limits, process};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const WIDTH: u32 = 6000;
const HEIGHT: u32 = 4000;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        return child(&args[2..]);
    }
    if let Err(e) = run() {
        eprintln!("\npipeline bench failed: {e}");
        std::process::exit(1);
    }
    Ok(())
}

/// One upload processed, renditions written next to the input.
fn child(args: &[String]) -> Result<()> {
    let [input, out_dir] = args else {
        return Err("usage: pipeline child <input> <output dir>".into());
    };
    let bytes = std::fs::read(input)?;
    let p = process(&bytes, &Limits::default()).map_err(|e| e.to_string())?;
    let out = Path::new(out_dir);
    std::fs::write(out.join("ours_display.webp"), &p.display.bytes)?;
    std::fs::write(out.join("ours_thumb.webp"), &p.thumbnail.bytes)?;
    Ok(())
}

fn run() -> Result<()> {
    let runs: usize = std::env::var("PIPELINE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7)
        .max(1);
    require(
        "vipsthumbnail",
        &["--version"],
        "vipsthumbnail is missing: install Debian's libvips-tools (apt-get install libvips-tools)",
    )?;
    require(
        "/usr/bin/time",
        &["-f", "%M", "true"],
        "/usr/bin/time is missing: install Debian's `time` package (apt-get install time)",
    )?;

    let dir = tempfile::tempdir()?;
    let baseline = dir.path().join("photo-24mp.jpg");
    let started = Instant::now();
    let jpeg = photo_jpeg(WIDTH, HEIGHT)?;
    std::fs::write(&baseline, &jpeg)?;
    // The same picture as a progressive JPEG (common for web exports); the
    // `image` crate cannot write one, libvips can.
    let progressive = dir.path().join("photo-24mp-progressive.jpg");
    let saved = Command::new("vips")
        .arg("jpegsave")
        .arg(&baseline)
        .arg(&progressive)
        .args(["--interlace", "--Q", "90"])
        .status()?;
    if !saved.success() {
        return Err("vips jpegsave --interlace failed".into());
    }
    println!(
        "input: {WIDTH}x{HEIGHT} photo-like JPEG q90: baseline {:.1} MB (image's JpegEncoder), \
         progressive {:.1} MB (vips), made in {:.1} s; {runs} runs each; {} CPUs; load average {}",
        jpeg.len() as f64 / 1e6,
        std::fs::metadata(&progressive)?.len() as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    );

    let mut tables = Vec::new();
    for (label, input) in [("baseline", &baseline), ("progressive", &progressive)] {
        tables.push((label, compare(label, input, dir.path(), runs)?));
    }

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for (label, c) in &tables {
        println!();
        println!(
            "{:<46} {:>12} {:>10} {:>11} {:>12}",
            format!("24 MP {label} JPEG -> 1600 + 400"),
            "median wall",
            "CPU time",
            "peak RSS",
            "ours / this"
        );
        println!(
            "{:<46} {:>9.0} ms {:>10} {:>11} {:>12}",
            "ours: pipeline::process, in process",
            ms(c.in_process),
            "",
            "",
            ""
        );
        for (name, m) in [
            ("ours: own process (read, process, write)", &c.ours),
            ("vipsthumbnail -s 1600, -s 400: JPEG Q=82", &c.vips_jpeg),
            ("vipsthumbnail -s 1600, -s 400: WebP Q=80", &c.vips_webp),
        ] {
            println!(
                "{name:<46} {:>9.0} ms {:>7.0} ms {:>8.1} MB {:>11.2}x",
                ms(m.wall),
                ms(m.cpu),
                m.peak_rss_kb as f64 / 1024.0,
                ms(c.ours.wall) / ms(m.wall),
            );
        }
    }
    println!(
        "\nours also computes: sha256, the metadata-stripped original, pHash, dominant colours"
    );
    Ok(())
}

struct Comparison {
    in_process: Duration,
    ours: Measured,
    vips_jpeg: Measured,
    vips_webp: Measured,
}

fn compare(label: &str, input: &Path, dir: &Path, runs: usize) -> Result<Comparison> {
    let jpeg = std::fs::read(input)?;
    let limits = Limits::default();
    let warm = process(&jpeg, &limits).map_err(|e| e.to_string())?;
    println!(
        "{label}: ours: display {}x{} {} {} B, thumbnail {}x{} {} B, phash {:016x}, colours {}",
        warm.display.width,
        warm.display.height,
        warm.display.content_type,
        warm.display.bytes.len(),
        warm.thumbnail.width,
        warm.thumbnail.height,
        warm.thumbnail.bytes.len(),
        warm.phash,
        warm.colours
            .iter()
            .map(|c| format!("{} {:.0}%", c.hex, c.share * 100.0))
            .collect::<Vec<_>>()
            .join(" "),
    );
    drop(warm);
    let mut in_process = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let p = process(&jpeg, &limits).map_err(|e| e.to_string())?;
        in_process.push(t.elapsed());
        std::hint::black_box(p);
    }

    // Ours as a process of its own, like vipsthumbnail.
    let me = std::env::current_exe()?;
    let me = me.to_string_lossy();
    let out = dir.to_string_lossy();
    let input_s = input.to_string_lossy();
    let ours = measure(runs, || vec![timed(&me, &["child", &input_s, &out])])?;

    let vips = |ext: &str, q: u8| {
        let d = dir.join(format!("vips_display.{ext}[Q={q}]"));
        let t = dir.join(format!("vips_thumb.{ext}[Q={q}]"));
        let (d, t) = (d.to_string_lossy(), t.to_string_lossy());
        measure(runs, || {
            vec![
                timed("vipsthumbnail", &[&input_s, "-s", "1600", "-o", &d]),
                timed("vipsthumbnail", &[&input_s, "-s", "400", "-o", &t]),
            ]
        })
    };
    let vips_jpeg = vips("jpg", 82)?;
    let vips_webp = vips("webp", 80)?;
    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    println!(
        "{label}: bytes: ours display.webp {} thumb.webp {} | vips display.jpg {} thumb.jpg {} | \
         vips display.webp {} thumb.webp {}",
        size("ours_display.webp"),
        size("ours_thumb.webp"),
        size("vips_display.jpg"),
        size("vips_thumb.jpg"),
        size("vips_display.webp"),
        size("vips_thumb.webp"),
    );
    Ok(Comparison {
        in_process: median(&mut in_process),
        ours,
        vips_jpeg,
        vips_webp,
    })
}

fn require(program: &str, args: &[&str], message: &str) -> Result<()> {
    match Command::new(program).args(args).output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err(message.into()),
    }
}

struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: u64,
}

struct Child {
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: u64,
}

/// Runs a program under `/usr/bin/time`, failing on a non-zero exit.
fn timed(program: &str, args: &[&str]) -> Result<Child> {
    let report = std::env::temp_dir().join(format!("pipeline-bench-time-{}", std::process::id()));
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&report)
        .args(["-f", "%M %U %S", program])
        .args(args)
        .output()?;
    let wall = started.elapsed();
    if !out.status.success() {
        return Err(format!(
            "{program} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let text = std::fs::read_to_string(&report)?;
    let _ = std::fs::remove_file(&report);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [rss, user, sys] = fields.as_slice() else {
        return Err(format!("unexpected /usr/bin/time output: {text:?}").into());
    };
    let cpu = user.parse::<f64>()? + sys.parse::<f64>()?;
    Ok(Child {
        wall,
        cpu: Duration::from_secs_f64(cpu),
        peak_rss_kb: rss.parse()?,
    })
}

/// Median wall and CPU time of `runs` rounds (each round's children run
/// one after the other and add up), and the highest peak RSS of any child.
fn measure(runs: usize, mut round: impl FnMut() -> Vec<Result<Child>>) -> Result<Measured> {
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    let mut peak = 0;
    for _ in 0..runs {
        let mut wall = Duration::ZERO;
        let mut cpu = Duration::ZERO;
        for child in round() {
            let child = child?;
            wall += child.wall;
            cpu += child.cpu;
            peak = peak.max(child.peak_rss_kb);
        }
        walls.push(wall);
        cpus.push(cpu);
    }
    Ok(Measured {
        wall: median(&mut walls),
        cpu: median(&mut cpus),
        peak_rss_kb: peak,
    })
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// A photo-like picture: sky and ground gradients, shaded discs and
/// blocks, fine texture and sensor-like noise, as a quality-90 JPEG.
fn photo_jpeg(w: u32, h: u32) -> Result<Vec<u8>> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    struct Shape {
        cx: f32,
        cy: f32,
        r: f32,
        round: bool,
        colour: [f32; 3],
    }
    let shapes: Vec<Shape> = (0..60)
        .map(|_| {
            let v = rnd();
            Shape {
                cx: (v % u64::from(w)) as f32,
                cy: ((v >> 16) % u64::from(h)) as f32,
                r: 40.0 + ((v >> 32) % 500) as f32,
                round: v >> 63 == 0,
                colour: [
                    ((v >> 40) & 0xFF) as f32,
                    ((v >> 48) & 0xFF) as f32,
                    ((v >> 56) & 0xFF) as f32,
                ],
            }
        })
        .collect();
    let horizon = h as f32 * 0.55;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    for (y, row) in pixels.chunks_exact_mut(w as usize * 3).enumerate() {
        let fy = y as f32;
        let active: Vec<&Shape> = shapes.iter().filter(|s| (fy - s.cy).abs() < s.r).collect();
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let fx = x as f32;
            let mut c = if fy < horizon {
                let t = fy / horizon;
                [70.0 + 120.0 * t, 130.0 + 80.0 * t, 230.0 - 30.0 * t]
            } else {
                let t = (fy - horizon) / (h as f32 - horizon);
                let grass = 12.0 * ((fx * 0.9).sin() * (fy * 1.3).cos());
                [
                    60.0 + 40.0 * t + grass,
                    110.0 - 30.0 * t + grass,
                    40.0 + grass * 0.5,
                ]
            };
            for s in &active {
                let (dx, dy) = (fx - s.cx, fy - s.cy);
                let inside = if s.round {
                    dx * dx + dy * dy < s.r * s.r
                } else {
                    dx.abs() < s.r * 0.8 && dy.abs() < s.r * 0.6
                };
                if inside {
                    let shade = 0.75 + 0.25 * (-(dx + dy) / (2.0 * s.r)).clamp(-1.0, 1.0);
                    c = s.colour.map(|v| v * shade);
                }
            }
            let noise = (rnd() % 13) as f32 - 6.0;
            for (out, v) in px.iter_mut().zip(c) {
                *out = (v + noise).clamp(0.0, 255.0) as u8;
            }
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode(
        &pixels,
        w,
        h,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}
