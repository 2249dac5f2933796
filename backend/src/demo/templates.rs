//! Demo templates for the marketplace: an approved creator (Sora, a member)
//! and two experts publish templates in English and Traditional Chinese,
//! each with a small SVG source (text-free, as sources must be) whose
//! rasterisation is its preview, through the real cleaner, pipeline and
//! store. One template waits in review and one is a draft; the lantern
//! challenge offers one, and a lantern entry was made with it.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::{
    challenge, challenge_template, submission, template, template_file, template_preview,
    template_tag, template_use, template_view, user,
};
use crate::media::pipeline;
use crate::storage::Store;
use crate::templates::{files, popularity, previews, svg};

/// What the demo's drawing of a template looks like.
#[derive(Clone, Copy)]
enum Drawing {
    Dieline,
    StickerGrid,
    NotebookGrid,
    Lanterns,
    Square,
    Slides,
}

struct DemoTemplate {
    creator: &'static str,
    title: &'static str,
    description: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
    /// (width, height, unit, dpi)
    canvas: (i32, i32, &'static str, Option<i32>),
    licence: &'static str,
    price_minor: i64,
    status: &'static str,
    drawing: Drawing,
    colours: [&'static str; 3],
    /// Days since it was published; uses it had (for popularity).
    age_days: i64,
    uses: u32,
}

const TEMPLATES: &[DemoTemplate] = &[
    DemoTemplate {
        creator: "kai",
        title: "環保包裝設計模板",
        description: "可直接印刷的**環保紙盒刀模**，含出血與摺線，適合手搖飲與烘焙品牌。\n\nA print-ready eco carton dieline with bleed and fold lines.",
        category: "packaging",
        tags: &["包裝", "環保", "eco", "dieline"],
        canvas: (210, 297, "mm", Some(300)),
        licence: "paid_single_use",
        price_minor: 45_000,
        status: "published",
        drawing: Drawing::Dieline,
        colours: ["#f5efe0", "#4f7942", "#6b4226"],
        age_days: 20,
        uses: 3,
    },
    DemoTemplate {
        creator: "sora",
        title: "LINE 貼圖九宮格 sticker sheet",
        description: "Nine 370×320 px frames laid out for a LINE sticker set.\n\n九宮格 LINE 貼圖排版，每格 370×320 像素。",
        category: "sticker",
        tags: &["line", "貼圖", "sticker"],
        canvas: (1110, 960, "px", None),
        licence: "free_personal",
        price_minor: 0,
        status: "published",
        drawing: Drawing::StickerGrid,
        colours: ["#fff8e1", "#ff8fab", "#f4d35e"],
        age_days: 9,
        uses: 2,
    },
    DemoTemplate {
        creator: "sora",
        title: "Notebook cover grid 筆記本封面網格",
        description: "A free A5 notebook cover on a 5 mm grid, for members to design on.\n\nA5 筆記本封面，5 公釐方格，免費使用。",
        category: "other",
        tags: &["notebook", "grid", "筆記本"],
        canvas: (148, 210, "mm", Some(300)),
        licence: "free_commercial",
        price_minor: 0,
        status: "published",
        drawing: Drawing::NotebookGrid,
        colours: ["#ffffff", "#8d99ae", "#2b2d42"],
        age_days: 30,
        uses: 1,
    },
    DemoTemplate {
        creator: "mei",
        title: "Lantern Festival poster 元宵節海報",
        description: "A poster layout with lantern shapes for the **Lantern Festival**.\n\n元宵節海報版型，附花燈圖形。",
        category: "poster",
        tags: &["poster", "lantern", "元宵"],
        canvas: (420, 594, "mm", Some(300)),
        licence: "paid_multi_use",
        price_minor: 15_000,
        status: "published",
        drawing: Drawing::Lanterns,
        colours: ["#7a0c0c", "#e8a33d", "#f2c14e"],
        age_days: 4,
        uses: 0,
    },
    DemoTemplate {
        creator: "kai",
        title: "Bubble tea social post 手搖飲社群貼文",
        description: "A square post for a new drink, with room for the photo and the price tag.",
        category: "social_post",
        tags: &["instagram", "bubble-tea", "手搖飲"],
        canvas: (1080, 1080, "px", None),
        licence: "free_personal",
        price_minor: 0,
        status: "published",
        drawing: Drawing::Square,
        colours: ["#f3e5f5", "#8e7cc3", "#6b4226"],
        age_days: 14,
        uses: 0,
    },
    DemoTemplate {
        creator: "mei",
        title: "品牌提案簡報模板 Pitch deck",
        description: "十頁品牌提案簡報，16:9，可用於商品與印刷周邊。\n\nA ten-slide 16:9 brand pitch deck; the extended licence covers merchandise.",
        category: "presentation",
        tags: &["presentation", "簡報", "pitch"],
        canvas: (1920, 1080, "px", None),
        licence: "extended",
        price_minor: 120_000,
        status: "published",
        drawing: Drawing::Slides,
        colours: ["#1a237e", "#ffffff", "#ef8354"],
        age_days: 45,
        uses: 0,
    },
    DemoTemplate {
        creator: "sora",
        title: "中秋禮盒包裝 Mid-Autumn gift box",
        description: "A mooncake gift box dieline, waiting for the staff's review.",
        category: "packaging",
        tags: &["中秋", "mooncake", "包裝"],
        canvas: (300, 300, "mm", Some(300)),
        licence: "paid_single_use",
        price_minor: 30_000,
        status: "in_review",
        drawing: Drawing::Dieline,
        colours: ["#4a0d0d", "#f2c14e", "#ffffff"],
        age_days: 1,
        uses: 0,
    },
    DemoTemplate {
        creator: "mei",
        title: "New Year greeting card 賀年卡",
        description: "A folded greeting card, still a draft.",
        category: "card",
        tags: &["card", "賀年"],
        canvas: (148, 105, "mm", Some(300)),
        licence: "free_personal",
        price_minor: 0,
        status: "draft",
        drawing: Drawing::Square,
        colours: ["#c8102e", "#f4d35e", "#ffffff"],
        age_days: 0,
        uses: 0,
    },
];

/// The template's source: a text-free SVG of its layout.
fn drawing_svg(d: Drawing, [bg, a, b]: [&str; 3]) -> String {
    let (w, h, body) = match d {
        Drawing::Dieline => (
            400,
            300,
            format!(
                r#"<rect x="100" y="40" width="200" height="220" fill="none" stroke="{a}" stroke-width="4"/>
<rect x="40" y="40" width="60" height="220" fill="{a}" opacity="0.35"/>
<rect x="300" y="40" width="60" height="220" fill="{a}" opacity="0.35"/>
<path d="M100 40 L130 10 L270 10 L300 40" fill="none" stroke="{b}" stroke-width="3" stroke-dasharray="8 6"/>
<circle cx="200" cy="150" r="40" fill="{b}"/>"#
            ),
        ),
        Drawing::StickerGrid => {
            let mut cells = String::new();
            for r in 0..3 {
                for c in 0..3 {
                    let fill = if (r + c) % 2 == 0 { a } else { b };
                    cells.push_str(&format!(
                        r#"<rect x="{}" y="{}" width="110" height="90" rx="18" fill="{fill}"/>"#,
                        10 + c * 120,
                        10 + r * 100
                    ));
                }
            }
            (370, 310, cells)
        }
        Drawing::NotebookGrid => {
            let mut lines = format!(
                r#"<rect x="20" y="20" width="256" height="380" fill="none" stroke="{b}" stroke-width="4"/>"#
            );
            for i in 1..20 {
                lines.push_str(&format!(
                    r#"<line x1="20" y1="{y}" x2="276" y2="{y}" stroke="{a}" stroke-width="1"/>"#,
                    y = 20 + i * 19
                ));
            }
            for i in 1..13 {
                lines.push_str(&format!(
                    r#"<line x1="{x}" y1="20" x2="{x}" y2="400" stroke="{a}" stroke-width="1"/>"#,
                    x = 20 + i * 20
                ));
            }
            (296, 420, lines)
        }
        Drawing::Lanterns => {
            let mut lanterns = String::new();
            for (i, (x, y)) in [(80, 120), (210, 90), (340, 140), (150, 280), (290, 300)]
                .into_iter()
                .enumerate()
            {
                let fill = if i % 2 == 0 { a } else { b };
                lanterns.push_str(&format!(
                    r#"<line x1="{x}" y1="0" x2="{x}" y2="{top}" stroke="{b}" stroke-width="2"/><ellipse cx="{x}" cy="{y}" rx="45" ry="55" fill="{fill}"/>"#,
                    top = y - 55
                ));
            }
            (420, 594, lanterns)
        }
        Drawing::Square => (
            400,
            400,
            format!(
                r#"<rect x="40" y="40" width="320" height="240" rx="16" fill="{a}"/>
<circle cx="320" cy="320" r="50" fill="{b}"/>
<rect x="40" y="310" width="180" height="20" fill="{b}"/>"#
            ),
        ),
        Drawing::Slides => (
            480,
            270,
            format!(
                r#"<rect x="0" y="0" width="480" height="60" fill="{a}"/>
<rect x="40" y="100" width="180" height="120" fill="{b}"/>
<rect x="260" y="100" width="180" height="16" fill="{a}"/>
<rect x="260" y="140" width="140" height="16" fill="{a}" opacity="0.6"/>"#
            ),
        ),
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="{bg}"/>{body}</svg>"#
    )
}

fn err(e: crate::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Seeds the demo templates; called once, after the demo's users,
/// challenges and entries exist.
pub async fn seed(db: &DatabaseConnection, store: &dyn Store) -> anyhow::Result<()> {
    let users: std::collections::HashMap<String, i64> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.handle, u.id))
        .collect();
    let uid = |h: &str| {
        users
            .get(h)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo user {h} missing"))
    };
    let now = Utc::now();
    // Sora is a member whom the staff approved as a creator.
    let sora = user::Entity::find_by_id(uid("sora")?)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo user sora missing"))?;
    let mut am: user::ActiveModel = sora.into();
    am.creator_approved_at = Set(Some(now - Duration::days(60)));
    am.update(db).await?;

    let mut poster = None;
    for (i, d) in TEMPLATES.iter().enumerate() {
        let at = now - Duration::days(d.age_days) - Duration::minutes(i as i64);
        let t = template::ActiveModel {
            creator_id: Set(uid(d.creator)?),
            title: Set(d.title.into()),
            description_md: Set(d.description.into()),
            category: Set(d.category.into()),
            canvas_width: Set(d.canvas.0),
            canvas_height: Set(d.canvas.1),
            canvas_unit: Set(d.canvas.2.into()),
            canvas_dpi: Set(d.canvas.3),
            licence: Set(d.licence.into()),
            price_minor: Set(d.price_minor),
            currency: Set(atelier_api::DEFAULT_CURRENCY.into()),
            editor_url: Set(None),
            status: Set(d.status.into()),
            review_reason: Set(None),
            popularity: Set(popularity::FLOOR),
            colours: Set("[]".into()),
            created_at: Set(at),
            updated_at: Set(at),
            submitted_at: Set((d.status != "draft").then_some(at)),
            published_at: Set((d.status == "published").then_some(at)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for tag in d.tags {
            template_tag::ActiveModel {
                template_id: Set(t.id),
                tag: Set((*tag).into()),
            }
            .insert(db)
            .await?;
        }
        add_source_and_preview(db, store, &t, d).await?;
        for k in 0..d.uses {
            // Uses spread over the past weeks weigh on popularity as real ones do.
            let when = now - Duration::days(i64::from(k) * 5 + 1);
            popularity::bump(db, t.id, popularity::USE_WEIGHT, when).await?;
        }
        if d.status == "published" {
            for back in 0..7 {
                let day = crate::templates::stats::day_of(now - Duration::days(back));
                template_view::ActiveModel {
                    template_id: Set(t.id),
                    day: Set(day.format("%Y-%m-%d").to_string()),
                    views: Set(3 + (i as i64 * 7 + back * 5) % 17),
                }
                .insert(db)
                .await?;
            }
        }
        if d.category == "poster" {
            poster = Some(t.id);
        }
    }

    // The lantern challenge offers the poster, and a lantern entry used it.
    let Some(poster) = poster else {
        return Ok(());
    };
    if let Some(ch) = challenge::Entity::find()
        .filter(challenge::Column::Slug.eq("lunar-new-year-lanterns"))
        .one(db)
        .await?
    {
        challenge_template::ActiveModel {
            challenge_id: Set(ch.id),
            template_id: Set(poster),
            position: Set(0),
        }
        .insert(db)
        .await?;
        if let Some(entry) = submission::Entity::find()
            .filter(submission::Column::ChallengeId.eq(ch.id))
            .filter(submission::Column::Title.eq("Lantern Rabbit"))
            .one(db)
            .await?
        {
            template_use::ActiveModel {
                template_id: Set(poster),
                user_id: Set(entry.author_id),
                submission_id: Set(entry.id),
                created_at: Set(entry.created_at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            popularity::bump(db, poster, popularity::USE_WEIGHT, entry.created_at).await?;
        }
    }
    Ok(())
}

/// The SVG source (cleaned, stored privately) and its rasterisation as the
/// first preview (through the image pipeline).
async fn add_source_and_preview(
    db: &DatabaseConnection,
    store: &dyn Store,
    t: &template::Model,
    d: &DemoTemplate,
) -> anyhow::Result<()> {
    let source = drawing_svg(d.drawing, d.colours);
    let (clean, p) = tokio::task::spawn_blocking(move || {
        let clean = svg::clean(source.as_bytes()).map_err(err)?;
        // Smaller than an uploaded SVG's preview: the demo seeds quickly.
        let png = svg::rasterise(&clean.tree, 800).map_err(err)?;
        let p = pipeline::process(&png, &pipeline::Limits::default()).map_err(err)?;
        Ok::<_, anyhow::Error>((clean.bytes, p))
    })
    .await??;
    let format = atelier_api::SourceFormat::Svg;
    let key = crate::storage::references::source_key(files::ext(format));
    let len = i64::try_from(clean.len())?;
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&clean))
    };
    store
        .put(&key, clean.into(), files::content_type(format))
        .await?;
    template_file::ActiveModel {
        template_id: Set(t.id),
        file_name: Set(files::display_name(Some(t.title.as_str()), format)),
        format: Set(format.as_str().into()),
        content_type: Set(files::content_type(format).into()),
        bytes: Set(len),
        sha256: Set(sha256),
        file_key: Set(key),
        created_at: Set(t.created_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let keys = crate::entries::submit::put_processed(store, &p)
        .await
        .map_err(err)?;
    let m = crate::entries::submit::media_row(t.creator_id, &p, &keys)
        .map_err(err)?
        .insert(db)
        .await?;
    template_preview::ActiveModel {
        template_id: Set(t.id),
        media_id: Set(m.id),
        position: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    previews::refresh_colours(db, t.id).await.map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_drawing_is_a_clean_svg_with_a_preview() {
        for d in TEMPLATES {
            let source = drawing_svg(d.drawing, d.colours);
            let clean =
                svg::clean(source.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", d.title));
            let png =
                svg::rasterise(&clean.tree, 800).unwrap_or_else(|e| panic!("{}: {e}", d.title));
            assert!(png.starts_with(b"\x89PNG"), "{}", d.title);
        }
        assert!(TEMPLATES.iter().any(|d| d.title == "環保包裝設計模板"));
        assert_eq!(
            TEMPLATES.iter().filter(|d| d.status == "published").count(),
            6
        );
    }
}
