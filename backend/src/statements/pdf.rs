//! Statement and tax summary PDFs, written with krilla in one font: the
//! Traditional Chinese face of Noto Sans CJK (`ledger.statement_font`),
//! which also covers Latin text. krilla embeds only the glyphs a document
//! uses, so a one-page statement stays tens of kilobytes although the font
//! file is about 20 MB.
//!
//! A document is a [`Report`]: a header (brand, title, whose and which
//! period), a summary of labelled amounts, and a table of dated lines that
//! continues on as many A4 pages as it needs, each page with the column
//! heads again and a footer with the time it was generated and the page
//! number.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use atelier_api::{EarningSource, Residency, Statement, TaxSummary, TransferKind};
use chrono::{DateTime, Utc};
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::money::display;
use super::period::{local_date, local_minute};
use crate::error::ApiError;

/// The face picked from a font collection.
pub const FAMILY: &str = "Noto Sans CJK TC";
const BRAND: &str = "Atelier";

/// The font, read once per process.
pub struct StatementFont {
    path: PathBuf,
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl StatementFont {
    /// The face used within the file (0 unless it is a collection).
    pub fn index(&self) -> u32 {
        self.index
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot read the statement font {}: {source}", path.display())]
    FontFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a font statements can be printed in", .0.display())]
    BadFont(PathBuf),
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

impl From<PdfError> for ApiError {
    fn from(e: PdfError) -> Self {
        match e {
            PdfError::FontFile { .. } | PdfError::BadFont(_) => {
                let message = "statement PDFs cannot be made right now (the server's statement font is missing)";
                tracing::error!(error = %e, "statement font unavailable; set ledger.statement_font or install fonts-noto-cjk");
                ApiError::unavailable("statement_pdf_unavailable", message)
            }
            PdfError::Write(_) => ApiError::internal(anyhow::anyhow!(e)),
        }
    }
}

static FONT: OnceLock<Arc<StatementFont>> = OnceLock::new();

/// The font at `path`, read and parsed once (a different path, as tests
/// may configure, is read each time).
pub fn font(path: &Path) -> Result<Arc<StatementFont>, PdfError> {
    if let Some(f) = FONT.get().filter(|f| f.path == path) {
        return Ok(f.clone());
    }
    let data = std::fs::read(path).map_err(|source| PdfError::FontFile {
        path: path.to_owned(),
        source,
    })?;
    let index = face_index(&data).ok_or_else(|| PdfError::BadFont(path.to_owned()))?;
    let data = Arc::new(data);
    let font =
        Font::new(data.clone().into(), index).ok_or_else(|| PdfError::BadFont(path.to_owned()))?;
    let loaded = Arc::new(StatementFont {
        path: path.to_owned(),
        data,
        index,
        font,
    });
    // When two requests load it at once, the first one stored is kept.
    let _ = FONT.set(loaded.clone());
    Ok(loaded)
}

/// Which face of `data` to print with: in a collection the one whose family
/// (name IDs 1 or 16) is [`FAMILY`], else the first; a single font is face 0.
/// None when `data` is not a font.
pub fn face_index(data: &[u8]) -> Option<u32> {
    let Some(count) = ttf_parser::fonts_in_collection(data) else {
        return ttf_parser::Face::parse(data, 0).ok().map(|_| 0);
    };
    let found = (0..count).find(|&i| family_names(data, i).iter().any(|n| n == FAMILY));
    if found.is_none() {
        tracing::warn!(
            "the statement font collection has no {FAMILY:?} face; using its first face"
        );
    }
    found.or_else(|| (0..count).find(|&i| ttf_parser::Face::parse(data, i).is_ok()))
}

/// The family names face `index` of `data` declares.
pub fn family_names(data: &[u8], index: u32) -> Vec<String> {
    let Ok(face) = ttf_parser::Face::parse(data, index) else {
        return Vec::new();
    };
    face.names()
        .into_iter()
        .filter(|n| {
            n.name_id == ttf_parser::name_id::FAMILY
                || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
        })
        .filter_map(|n| n.to_string())
        .collect()
}

/// What a PDF shows.
#[derive(Debug, Clone)]
pub struct Report {
    /// The document's title (its metadata).
    pub doc_title: String,
    pub title: String,
    pub subtitle: Vec<String>,
    /// Labelled amounts.
    pub summary: Vec<(String, String)>,
    pub table_title: String,
    pub columns: [String; 3],
    /// First column, description, amount (right-aligned).
    pub rows: Vec<[String; 3]>,
    /// Shown instead of rows when there are none.
    pub empty: String,
    pub generated_at: DateTime<Utc>,
}

fn source_label(s: EarningSource) -> &'static str {
    match s {
        EarningSource::Templates => "模板 Templates",
        EarningSource::Royalties => "權利金 Royalties",
        EarningSource::Prizes => "獎金 Prizes",
        EarningSource::Workshops => "工作坊 Workshops",
        EarningSource::Reposts => "轉載 Reposts",
    }
}

fn kind_label(k: TransferKind) -> &'static str {
    match k {
        TransferKind::TemplateSale => "模板銷售 Template sale",
        TransferKind::TemplateRefund => "模板退款 Template refund",
        TransferKind::Royalty => "權利金 Royalty",
        TransferKind::RoyaltyReversal => "權利金更正 Royalty correction",
        TransferKind::Prize => "獎金 Prize",
        TransferKind::Workshop => "工作坊 Workshop",
        TransferKind::WorkshopRefund => "工作坊退款 Workshop refund",
        TransferKind::Repost => "轉載 Repost",
        TransferKind::Payout => "撥款保留 Payout hold",
        TransferKind::PayoutPosted => "撥款 Payout",
        TransferKind::PayoutVoided => "撥款取消 Payout voided",
        TransferKind::Reversal => "沖銷 Reversal",
    }
}

/// A creator's monthly statement.
pub fn statement_report(st: &Statement) -> Report {
    let m = |a: &atelier_api::Money| display(a.amount_minor, &a.currency);
    let mut summary = vec![(
        "期初餘額 Opening balance".to_owned(),
        m(&st.opening_balance),
    )];
    for e in &st.earnings {
        summary.push((
            format!("收益 Earnings: {}", source_label(e.source)),
            m(&e.amount),
        ));
    }
    summary.extend([
        ("收益合計 Total earnings".to_owned(), m(&st.total_earnings)),
        ("撥款（稅前）Payouts (gross)".to_owned(), m(&st.payouts)),
        ("代扣稅款 Tax withheld".to_owned(), m(&st.withholding)),
        (
            "期末餘額 Closing balance".to_owned(),
            m(&st.closing_balance),
        ),
    ]);
    Report {
        doc_title: format!("{BRAND} statement {} @{}", st.month, st.handle),
        title: "月結單 Monthly statement".to_owned(),
        subtitle: vec![
            format!("{} (@{})", st.display_name, st.handle),
            format!("期間 Period: {} (Asia/Taipei)", st.month),
            format!("幣別 Currency: {}", st.currency),
        ],
        summary,
        table_title: "明細 Lines".to_owned(),
        columns: [
            "日期 Date".to_owned(),
            "說明 Description".to_owned(),
            "金額 Amount".to_owned(),
        ],
        rows: st
            .lines
            .iter()
            .map(|l| {
                let description = if l.description.trim().is_empty() {
                    kind_label(l.kind).to_owned()
                } else {
                    l.description.clone()
                };
                [local_date(l.occurred_at), description, m(&l.amount)]
            })
            .collect(),
        empty: "本月沒有交易 No transactions this month".to_owned(),
        generated_at: st.generated_at,
    }
}

/// A creator's yearly tax summary.
pub fn tax_report(t: &TaxSummary, generated_at: DateTime<Utc>) -> Report {
    let m = |a: &atelier_api::Money| display(a.amount_minor, &a.currency);
    let residency = match t.residency {
        Some(Residency::Tw) => "居住者 Resident of Taiwan",
        Some(Residency::Foreign) => "非居住者 Non-resident",
        None => "未設定 Not set",
    };
    let mut summary: Vec<(String, String)> = t
        .earnings
        .iter()
        .map(|e| {
            (
                format!("收益 Earnings: {}", source_label(e.source)),
                m(&e.amount),
            )
        })
        .collect();
    summary.extend([
        ("收益合計 Total earnings".to_owned(), m(&t.total_earnings)),
        (
            "撥款（稅前）Payouts (gross)".to_owned(),
            m(&t.gross_payouts),
        ),
        ("代扣稅款 Tax withheld".to_owned(), m(&t.withholding)),
        ("實撥金額 Payouts (net)".to_owned(), m(&t.net_payouts)),
    ]);
    Report {
        doc_title: format!("{BRAND} tax summary {} @{}", t.year, t.handle),
        title: "年度所得摘要 Annual tax summary".to_owned(),
        subtitle: vec![
            format!("{} (@{})", t.display_name, t.handle),
            format!("年度 Year: {} (Asia/Taipei)", t.year),
            format!("稅務身分 Residency: {residency}"),
            format!("幣別 Currency: {}", t.currency),
        ],
        summary,
        table_title: "各月收益 Earnings by month".to_owned(),
        columns: [
            "月份 Month".to_owned(),
            String::new(),
            "收益 Earnings".to_owned(),
        ],
        rows: t
            .months
            .iter()
            .map(|mo| [mo.month.clone(), String::new(), m(&mo.total)])
            .collect(),
        empty: String::new(),
        generated_at,
    }
}

// A4 in points, and the page's furniture.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TOP: f32 = 62.0;
const BOTTOM: f32 = PAGE_H - 70.0;
const FOOTER_Y: f32 = PAGE_H - 36.0;
const ROW: f32 = 16.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;
const DESC_X: f32 = MARGIN + 78.0;
const AMOUNT_W: f32 = 110.0;

/// Where the rows of the first page and of later pages start.
fn first_rows_y(r: &Report) -> f32 {
    let mut y = TOP + 24.0 + 16.0 * r.subtitle.len() as f32;
    y += 24.0 + ROW * r.summary.len() as f32;
    y + 28.0 + 20.0
}

// Both follow what `render` draws: the first page's header, summary, table
// title and column heads; a later page's brand line, table title and heads.

fn later_rows_y() -> f32 {
    TOP + 28.0 + 20.0 + ROW
}

/// Rows that fit from `start` down to the bottom margin.
fn capacity(start: f32) -> usize {
    if start > BOTTOM {
        0
    } else {
        ((BOTTOM - start) / ROW) as usize + 1
    }
}

/// The rows of each page: as many as fit on the first, then on each later
/// page (at least one page, even without rows).
pub fn paginate(r: &Report) -> Vec<std::ops::Range<usize>> {
    let first = capacity(first_rows_y(r)).min(r.rows.len());
    let later = capacity(later_rows_y()).max(1);
    let mut pages = Vec::with_capacity(1 + r.rows.len().saturating_sub(first) / later);
    pages.push(0..first);
    let mut at = first;
    while at < r.rows.len() {
        let end = (at + later).min(r.rows.len());
        pages.push(at..end);
        at = end;
    }
    pages
}

/// Writes `r` as a PDF in `font`.
pub fn render(font: &StatementFont, r: &Report) -> Result<Vec<u8>, PdfError> {
    let face = ttf_parser::Face::parse(&font.data, font.index)
        .map_err(|_| PdfError::BadFont(font.path.clone()))?;
    let pen = Pen {
        face,
        font: font.font.clone(),
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(r.doc_title.clone())
            .creator(BRAND.to_owned())
            .language("zh-TW".to_owned()),
    );
    let pages = paginate(r);
    let total = pages.len();
    for (n, rows) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError::Write("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut s = page.surface();
        let mut y = TOP;
        pen.text(&mut s, MARGIN, y, 18.0, BRAND);
        if n == 0 {
            y += 24.0;
            pen.text(&mut s, MARGIN, y, 14.0, &r.title);
            for line in &r.subtitle {
                y += 16.0;
                pen.text(
                    &mut s,
                    MARGIN,
                    y,
                    BODY,
                    &pen.fit(line, BODY, PAGE_W - 2.0 * MARGIN),
                );
            }
            y += 24.0;
            for (label, value) in &r.summary {
                pen.text(&mut s, MARGIN, y, BODY, label);
                pen.right(&mut s, PAGE_W - MARGIN, y, BODY, value);
                y += ROW;
            }
            y += 28.0 - ROW;
            pen.text(&mut s, MARGIN, y, 12.0, &r.table_title);
        } else {
            pen.right(
                &mut s,
                PAGE_W - MARGIN,
                y,
                BODY,
                &format!("{}（續 continued）", r.title),
            );
            y += 28.0;
            pen.text(&mut s, MARGIN, y, 12.0, &r.table_title);
        }
        y += 20.0;
        pen.text(&mut s, MARGIN, y, BODY, &r.columns[0]);
        pen.text(&mut s, DESC_X, y, BODY, &r.columns[1]);
        pen.right(&mut s, PAGE_W - MARGIN, y, BODY, &r.columns[2]);
        rule(&mut s, y + 5.0);
        if r.rows.is_empty() && n == 0 && !r.empty.is_empty() {
            pen.text(&mut s, MARGIN, y + ROW, BODY, &r.empty);
        }
        let desc_width = PAGE_W - MARGIN - AMOUNT_W - DESC_X;
        for row in &r.rows[rows] {
            y += ROW;
            pen.text(&mut s, MARGIN, y, BODY, &row[0]);
            pen.text(&mut s, DESC_X, y, BODY, &pen.fit(&row[1], BODY, desc_width));
            pen.right(&mut s, PAGE_W - MARGIN, y, BODY, &row[2]);
        }
        s.set_fill(Some(Fill {
            paint: luma::Color::new(90).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        pen.text(
            &mut s,
            MARGIN,
            FOOTER_Y,
            SMALL,
            &format!(
                "{BRAND} · 產生時間 Generated {} (Asia/Taipei)",
                local_minute(r.generated_at)
            ),
        );
        pen.right(
            &mut s,
            PAGE_W - MARGIN,
            FOOTER_Y,
            SMALL,
            &format!("第 {} / {total} 頁 Page {} of {total}", n + 1, n + 1),
        );
        s.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// A thin rule across the page at `y`.
fn rule(s: &mut Surface<'_>, y: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(MARGIN, y);
    pb.line_to(PAGE_W - MARGIN, y);
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            width: 0.5,
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
        s.set_fill(Some(Fill::default()));
    }
}

/// Draws and measures text in the font.
struct Pen<'a> {
    face: ttf_parser::Face<'a>,
    font: Font,
}

impl Pen<'_> {
    fn text(&self, s: &mut Surface<'_>, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        s.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Text ending at `right`.
    fn right(&self, s: &mut Surface<'_>, right: f32, y: f32, size: f32, text: &str) {
        let x = right - self.width(text, size);
        self.text(s, x, y, size, text);
    }

    /// The advance width of `text` (no kerning: close enough to align).
    fn width(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(upem / 2.0, f32::from)
            })
            .sum();
        units * size / upem
    }

    /// `text`, cut with an ellipsis to fit `max` points.
    fn fit(&self, text: &str, size: f32, max: f32) -> String {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        if self.width(&text, size) <= max {
            return text;
        }
        let budget = max - self.width("…", size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), size);
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }
}

/// Renders off the async threads (subsetting a CJK font takes a moment).
pub async fn render_blocking(font_path: PathBuf, report: Report) -> Result<Vec<u8>, ApiError> {
    actix_web::web::block(move || {
        let f = font(&font_path)?;
        render(&f, &report)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rows: usize) -> Report {
        Report {
            doc_title: "t".into(),
            title: "月結單".into(),
            subtitle: vec!["a".into(), "b".into(), "c".into()],
            summary: vec![("x".into(), "1".into()); 9],
            table_title: "明細".into(),
            columns: ["d".into(), "e".into(), "f".into()],
            rows: vec![["2026-11-01".into(), "x".into(), "NT$1.00".into()]; rows],
            empty: String::new(),
            generated_at: Utc::now(),
        }
    }

    #[test]
    fn the_traditional_chinese_face_is_picked_by_its_name() {
        let path = crate::config::LedgerSettings::default().statement_font;
        let data = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; install Debian's fonts-noto-cjk (scripts/test.sh does)",
                path.display()
            )
        });
        let index = face_index(&data).unwrap();
        assert!(
            family_names(&data, index).iter().any(|n| n == FAMILY),
            "face {index}: {:?}",
            family_names(&data, index)
        );
        // The collection holds other faces (JP, KR, SC, ...): not face 0 by luck.
        let count = ttf_parser::fonts_in_collection(&data).unwrap();
        assert!(count > 1);
        let loaded = font(&path).unwrap();
        assert_eq!(loaded.index(), index);
    }

    #[test]
    fn odd_text_renders_without_failing() {
        let path = crate::config::LedgerSettings::default().statement_font;
        let f = font(&path).unwrap();
        let mut r = report(3);
        r.rows[0][1] = "🎉 emoji, مرحبا, \u{0}\u{7}tabs\tand\nnewlines".into();
        r.rows[1][1] = "很長的模板名稱".repeat(40);
        r.rows[2][1] = String::new();
        r.subtitle.push("\u{202e}reversed".into());
        let bytes = render(&f, &r).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        // The long description is cut to its column with an ellipsis.
        let pen = Pen {
            face: ttf_parser::Face::parse(&f.data, f.index).unwrap(),
            font: f.font.clone(),
        };
        let cut = pen.fit(&r.rows[1][1], BODY, 300.0);
        assert!(
            cut.ends_with('…') && pen.width(&cut, BODY) <= 300.0,
            "{cut}"
        );
        assert_eq!(pen.fit("short", BODY, 300.0), "short");
    }

    #[test]
    fn long_tables_continue_on_later_pages() {
        let empty = paginate(&report(0));
        assert_eq!(empty.len(), 1);
        assert!(empty[0].is_empty());
        let first = capacity(first_rows_y(&report(0)));
        let later = capacity(later_rows_y());
        assert!(first > 10 && later > first, "{first} {later}");
        let pages = paginate(&report(first + later + 1));
        assert_eq!(
            pages,
            vec![
                0..first,
                first..first + later,
                first + later..first + later + 1
            ]
        );
    }
}
