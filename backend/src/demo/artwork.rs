//! Generated artwork for demo entries: two-colour abstract pictures,
//! deterministic per seed, so every start shows the same gallery.

/// (challenge, author, title, tags, two gradient colours)
pub(super) const ARTWORKS: &[(&str, &str, &str, &str, [u32; 2])] = &[
    (
        "lunar-new-year-lanterns",
        "yuting",
        "Lantern Rabbit",
        "lantern,rabbit",
        [0x7a0c0c, 0xe8a33d],
    ),
    (
        "lunar-new-year-lanterns",
        "hao",
        "Golden Horse Lantern",
        "lantern,gold",
        [0x4a0d0d, 0xf2c14e],
    ),
    (
        "taipei-dusk-palette",
        "mei",
        "Elephant Mountain at Dusk",
        "city,mountain",
        [0x2b2d42, 0xef8354],
    ),
    (
        "taipei-dusk-palette",
        "sora",
        "Tamsui Sunset",
        "river,sunset",
        [0x8d99ae, 0xf4d35e],
    ),
    (
        "taipei-dusk-palette",
        "kai",
        "Night Market Glow",
        "night-market",
        [0x2b2d42, 0xf4d35e],
    ),
    (
        "taipei-dusk-palette",
        "yuting",
        "Rooftop Cats",
        "cats,city",
        [0x8d99ae, 0xef8354],
    ),
    (
        "bubble-tea-packaging",
        "kai",
        "Pearl Sleeve",
        "pearl,minimal",
        [0x6b4226, 0xf5e6ca],
    ),
    (
        "bubble-tea-packaging",
        "mei",
        "Brown Sugar Tiger",
        "tiger,bold",
        [0x3e2412, 0xd9a066],
    ),
    (
        "bubble-tea-packaging",
        "hao",
        "Taro Cloud",
        "taro,pastel",
        [0x8e7cc3, 0xf3e5f5],
    ),
    (
        "bubble-tea-packaging",
        "sora",
        "Matcha Stripes",
        "matcha,stripes",
        [0x4f7942, 0xe8f5e9],
    ),
];

fn rgb(c: u32) -> [f32; 3] {
    [
        ((c >> 16) & 0xff) as f32,
        ((c >> 8) & 0xff) as f32,
        (c & 0xff) as f32,
    ]
}

/// An 800x600 picture: a vertical gradient with glowing discs ("lanterns"),
/// deterministic for a seed.
pub(super) fn artwork(seed: u64, colours: [u32; 2]) -> anyhow::Result<Vec<u8>> {
    let (w, h) = (800u32, 600u32);
    let (top, bottom) = (rgb(colours[0]), rgb(colours[1]));
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f32 / (1u64 << 31) as f32
    };
    let discs: Vec<(f32, f32, f32)> = (0..7)
        .map(|_| (next() * w as f32, next() * h as f32, 30.0 + next() * 70.0))
        .collect();
    let mut img = image::RgbImage::from_fn(w, h, |_, y| {
        let t = y as f32 / h as f32;
        image::Rgb([0, 1, 2].map(|i| (top[i] * (1.0 - t) + bottom[i] * t) as u8))
    });
    // Each disc only touches its own bounding box.
    for (cx, cy, r) in &discs {
        let reach = r * 1.6;
        let x0 = (cx - reach).max(0.0) as u32;
        let x1 = ((cx + reach) as u32).min(w - 1);
        let y0 = (cy - reach).max(0.0) as u32;
        let y1 = ((cy + reach) as u32).min(h - 1);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                let glow = (1.0 - d / reach).clamp(0.0, 1.0) * 0.8;
                let px = img.get_pixel_mut(x, y);
                for (c, b) in px.0.iter_mut().zip(bottom) {
                    let v = f32::from(*c) * (1.0 - glow) + b.max(220.0) * glow;
                    *c = v.clamp(0.0, 255.0) as u8;
                }
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)?;
    Ok(out)
}
