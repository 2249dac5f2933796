//! Template search at scale: the tantivy index (`atelier::search`) beside a
//! plain SQL `LIKE '%q%'` over the same rows, in the same run.
//!
//! Seeds BENCH_TEMPLATES (default 100,000) synthetic templates, en and
//! zh-TW titles and descriptions from word lists with a fixed seed, into a
//! SQLite database built by the migrations (the real `templates` table),
//! builds the on-disk index from it with `rebuild_from_db`, then runs about
//! 200 queries: zh-TW words, English words, English words with one typo,
//! and four-letter prefixes as typed. For each it knows the expected
//! matches (title or description holding the word; for a typo, the word
//! meant; for a prefix, a word starting with it) and prints p50/p99 and
//! recall for both, with the index's size and build time.
//!
//! cargo bench -p atelier-backend --bench search
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use atelier::entities::{template, template_tag, user};
use atelier::search::SearchIndex;
use chrono::Utc;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set, Statement, TransactionTrait};

const ZH_WORDS: &[&str] = &[
    "環保",
    "包裝",
    "設計",
    "模板",
    "貼圖",
    "九宮格",
    "筆記本",
    "封面",
    "網格",
    "禮盒",
    "刀模",
    "中秋",
    "紅包",
    "春節",
    "菜單",
    "海報",
    "咖啡",
    "貼紙",
    "邀請卡",
    "版型",
    "婚禮",
    "貼文",
    "輪播",
    "電影",
    "排版",
    "復古",
    "明信片",
    "水彩",
    "花卉",
    "貓咪",
    "表情",
    "茶葉",
    "台灣",
    "簡報",
    "範本",
    "商業",
    "生日",
    "插畫",
    "卡片",
    "傳單",
    "美食",
    "夜市",
    "名片",
    "極簡",
    "感謝卡",
    "母親節",
    "書籤",
    "文青",
    "標誌",
    "品牌",
    "提案",
    "手繪",
    "可愛",
    "簡約",
    "節慶",
    "城市",
    "夏日",
    "甜點",
    "手作",
    "桌曆",
    "月曆",
    "標籤",
    "瓶身",
    "外盒",
    "展覽",
    "門票",
    "活動",
    "招牌",
    "燈籠",
    "元宵",
];
const ZH_FILLERS: &[&str] = &[
    "的", "風", "款", "系列", "風格", "組合", "主題", "專用", "雙面", "橫式",
];
const EN_WORDS: &[&str] = &[
    "poster",
    "packaging",
    "dieline",
    "notebook",
    "cover",
    "grid",
    "sticker",
    "sheet",
    "card",
    "invitation",
    "wedding",
    "menu",
    "coffee",
    "flyer",
    "brochure",
    "banner",
    "social",
    "story",
    "carousel",
    "presentation",
    "slide",
    "business",
    "logo",
    "brand",
    "label",
    "bottle",
    "gift",
    "festival",
    "lantern",
    "moon",
    "summer",
    "spring",
    "autumn",
    "winter",
    "retro",
    "vintage",
    "minimal",
    "modern",
    "floral",
    "watercolor",
    "cute",
    "kitten",
    "city",
    "night",
    "market",
    "food",
    "birthday",
    "mother",
    "thanks",
    "bookmark",
    "calendar",
    "planner",
    "journal",
    "recipe",
    "ticket",
    "exhibition",
    "signage",
    "typography",
    "illustration",
    "postcard",
    "template",
    "layout",
    "pattern",
    "mockup",
    "bakery",
    "dessert",
    "concert",
    "travel",
    "holiday",
    "greeting",
];
const EN_FILLERS: &[&str] = &[
    "the", "for", "and", "with", "a", "your", "of", "in", "on", "to",
];
const TAGS: &[&str] = &[
    "中秋",
    "春節",
    "母親節",
    "環保",
    "可愛",
    "復古",
    "極簡",
    "holiday",
    "summer",
    "retro",
    "minimal",
    "cute",
    "food",
    "travel",
    "wedding",
    "brand",
    "LINE",
    "IG",
    "print",
    "A4",
];
const CATEGORIES: &[&str] = &[
    "poster",
    "social_post",
    "packaging",
    "sticker",
    "card",
    "presentation",
    "other",
];

struct Synthetic {
    title: String,
    description: String,
    tags: Vec<String>,
    category: &'static str,
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

fn zh_phrase(rng: &mut StdRng, words: std::ops::RangeInclusive<usize>) -> String {
    let words = rng.gen_range(words);
    let mut s = String::new();
    for _ in 0..words {
        s.push_str(pick(rng, ZH_WORDS));
        if rng.gen_bool(0.2) {
            s.push_str(pick(rng, ZH_FILLERS));
        }
    }
    s
}

fn en_phrase(rng: &mut StdRng, words: std::ops::RangeInclusive<usize>, capitalise: bool) -> String {
    let words = rng.gen_range(words);
    let mut parts = Vec::with_capacity(words);
    for i in 0..words {
        let w = if i > 0 && rng.gen_bool(0.25) {
            pick(rng, EN_FILLERS)
        } else {
            pick(rng, EN_WORDS)
        };
        if capitalise {
            let mut c = w.chars();
            parts.push(match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            });
        } else {
            parts.push(w.to_owned());
        }
    }
    parts.join(" ")
}

fn synthetic(rng: &mut StdRng) -> Synthetic {
    let kind = rng.gen_range(0..10);
    let (title, description) = match kind {
        // zh-TW
        0..=4 => {
            let title = zh_phrase(rng, 2..=4);
            let sentences: Vec<String> = (0..rng.gen_range(2..=4))
                .map(|_| zh_phrase(rng, 3..=6))
                .collect();
            (title, sentences.join("，") + "。")
        }
        // English
        5..=7 => {
            let title = en_phrase(rng, 2..=4, true);
            let description = format!(
                "{}. {}.",
                en_phrase(rng, 6..=12, false),
                en_phrase(rng, 6..=12, false)
            );
            (title, description)
        }
        // both
        _ => {
            let title = format!("{} {}", en_phrase(rng, 1..=2, true), zh_phrase(rng, 1..=3));
            let description = format!(
                "{}。{}.",
                zh_phrase(rng, 3..=5),
                en_phrase(rng, 5..=10, false)
            );
            (title, description)
        }
    };
    let mut tags: Vec<String> = (0..rng.gen_range(0..=3))
        .map(|_| pick(rng, TAGS).to_owned())
        .collect();
    tags.sort();
    tags.dedup();
    Synthetic {
        title,
        description,
        tags,
        category: pick(rng, CATEGORIES),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Zh,
    English,
    Typo,
    Prefix,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Zh => "zh-TW word",
            Kind::English => "English word",
            Kind::Typo => "English, one typo",
            Kind::Prefix => "prefix (4 letters)",
        }
    }
}

struct Query {
    kind: Kind,
    text: String,
    expected: HashSet<i64>,
}

/// One edit away from `word` and not a word of the vocabulary itself.
fn typo(rng: &mut StdRng, word: &str, vocabulary: &HashSet<&str>) -> String {
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    loop {
        let mut chars: Vec<char> = word.chars().collect();
        let i = rng.gen_range(1..chars.len() - 1);
        match rng.gen_range(0..4) {
            0 => {
                chars.remove(i);
            }
            1 => chars[i] = *letters.choose(rng).unwrap(),
            2 => chars.swap(i, i + 1),
            _ => chars.insert(i, *letters.choose(rng).unwrap()),
        }
        let t: String = chars.into_iter().collect();
        if t != word && !vocabulary.contains(t.as_str()) {
            return t;
        }
    }
}

fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

fn queries(rng: &mut StdRng, docs: &[(i64, Synthetic)]) -> Vec<Query> {
    // English words of title + description, for the expected matches.
    let mut by_word: HashMap<String, HashSet<i64>> = HashMap::new();
    for (id, d) in docs {
        for w in words_of(&d.title).chain(words_of(&d.description)) {
            by_word.entry(w).or_default().insert(*id);
        }
    }
    let vocabulary: HashSet<&str> = EN_WORDS.iter().chain(EN_FILLERS).copied().collect();
    let mut out = Vec::new();
    let mut zh: Vec<&str> = ZH_WORDS.to_vec();
    zh.shuffle(rng);
    for w in zh.into_iter().take(60) {
        let expected = docs
            .iter()
            .filter(|(_, d)| d.title.contains(w) || d.description.contains(w))
            .map(|(id, _)| *id)
            .collect();
        out.push(Query {
            kind: Kind::Zh,
            text: w.to_owned(),
            expected,
        });
    }
    let mut en: Vec<&str> = EN_WORDS.to_vec();
    en.shuffle(rng);
    for w in en.iter().take(50) {
        out.push(Query {
            kind: Kind::English,
            text: (*w).to_owned(),
            expected: by_word.get(*w).cloned().unwrap_or_default(),
        });
    }
    let long: Vec<&str> = en.iter().copied().filter(|w| w.len() >= 5).collect();
    for w in long.iter().take(50) {
        out.push(Query {
            kind: Kind::Typo,
            text: typo(rng, w, &vocabulary),
            expected: by_word.get(*w).cloned().unwrap_or_default(),
        });
    }
    let longer: Vec<&str> = en.iter().copied().filter(|w| w.len() >= 6).collect();
    for w in longer.iter().take(40) {
        let prefix = &w[..4];
        let expected = by_word
            .iter()
            .filter(|(word, _)| word.starts_with(prefix))
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        out.push(Query {
            kind: Kind::Prefix,
            text: prefix.to_owned(),
            expected,
        });
    }
    out
}

async fn seed(db: &DatabaseConnection, docs: &[Synthetic]) -> Vec<i64> {
    let now = Utc::now();
    let creators: Vec<user::ActiveModel> = (0..200)
        .map(|i| user::ActiveModel {
            email: Set(format!("maker{i}@bench.test")),
            handle: Set(format!("maker{i}")),
            display_name: Set(format!("Maker {i}")),
            password_hash: Set("x".into()),
            role: Set("expert".into()),
            bio: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    user::Entity::insert_many(creators)
        .exec_without_returning(db)
        .await
        .unwrap();
    let creator_ids: Vec<i64> = user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    let txn = db.begin().await.unwrap();
    for (chunk_no, chunk) in docs.chunks(500).enumerate() {
        let rows: Vec<template::ActiveModel> = chunk
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let n = chunk_no * 500 + i;
                template::ActiveModel {
                    creator_id: Set(creator_ids[n % creator_ids.len()]),
                    title: Set(d.title.clone()),
                    description_md: Set(d.description.clone()),
                    category: Set(d.category.into()),
                    canvas_width: Set(1080),
                    canvas_height: Set(1080),
                    canvas_unit: Set("px".into()),
                    licence: Set("free_personal".into()),
                    price_minor: Set(0),
                    currency: Set("TWD".into()),
                    status: Set("published".into()),
                    popularity: Set(0.0),
                    colours: Set("[]".into()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    published_at: Set(Some(now)),
                    ..Default::default()
                }
            })
            .collect();
        template::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    let ids: Vec<i64> = template::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    let txn = db.begin().await.unwrap();
    let tags: Vec<template_tag::ActiveModel> = ids
        .iter()
        .zip(docs)
        .flat_map(|(id, d)| {
            d.tags.iter().map(|t| template_tag::ActiveModel {
                template_id: Set(*id),
                tag: Set(t.clone()),
            })
        })
        .collect();
    for chunk in tags.chunks(2000) {
        template_tag::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    ids
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[derive(Default)]
struct Figures {
    times: Vec<Duration>,
    by_kind: HashMap<Kind, Vec<Duration>>,
    recall: HashMap<Kind, (f64, usize)>,
    hits: usize,
}

impl Figures {
    fn add(&mut self, q: &Query, took: Duration, found: Option<&[i64]>) {
        self.times.push(took);
        self.by_kind.entry(q.kind).or_default().push(took);
        if let Some(found) = found {
            self.hits += found.len();
            let got = found.iter().filter(|id| q.expected.contains(id)).count();
            let r = if q.expected.is_empty() {
                1.0
            } else {
                got as f64 / q.expected.len() as f64
            };
            let e = self.recall.entry(q.kind).or_default();
            e.0 += r;
            e.1 += 1;
        }
    }

    fn p(&mut self, p: f64) -> String {
        self.times.sort();
        ms(percentile(&self.times, p))
    }

    fn p_of(&mut self, kind: Kind) -> String {
        let times = self.by_kind.entry(kind).or_default();
        times.sort();
        format!(
            "{} / {}",
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99))
        )
    }

    fn recall(&self, kind: Kind) -> String {
        self.recall.get(&kind).map_or("-".into(), |(sum, n)| {
            format!("{:.1}%", 100.0 * sum / *n as f64)
        })
    }
}

async fn like(db: &DatabaseConnection, q: &str, limit: Option<usize>) -> Vec<i64> {
    let pattern = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let sql = format!(
        "SELECT id FROM templates WHERE status = 'published' AND \
         (title LIKE ?1 ESCAPE '\\' OR description_md LIKE ?1 ESCAPE '\\'){}",
        limit.map_or(String::new(), |n| format!(" LIMIT {n}"))
    );
    db.query_all_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [pattern.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0).unwrap())
    .collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("BENCH_TEMPLATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    const PAGE: usize = 48;
    println!(
        "{n} templates; {} CPUs; load average {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let run = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let settings = atelier::config::Settings {
        data_dir: dir.path().join("data"),
        ..Default::default()
    };
    let db = atelier::db::connect(&settings).await.unwrap();
    atelier::db::migrate(&db).await.unwrap();

    let mut rng = StdRng::seed_from_u64(12);
    let docs: Vec<Synthetic> = (0..n).map(|_| synthetic(&mut rng)).collect();
    let started = Instant::now();
    let ids = seed(&db, &docs).await;
    println!(
        "seeded the database in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let docs: Vec<(i64, Synthetic)> = ids.into_iter().zip(docs).collect();
    let queries = queries(&mut rng, &docs);
    println!(
        "{} queries: {} zh-TW words, {} English words, {} with one typo, {} prefixes",
        queries.len(),
        queries.iter().filter(|q| q.kind == Kind::Zh).count(),
        queries.iter().filter(|q| q.kind == Kind::English).count(),
        queries.iter().filter(|q| q.kind == Kind::Typo).count(),
        queries.iter().filter(|q| q.kind == Kind::Prefix).count(),
    );

    let index_dir = dir.path().join("index");
    let index = SearchIndex::open(&index_dir).unwrap();
    let started = Instant::now();
    let indexed = atelier::search::rebuild_from_db(&db, &index).await.unwrap();
    let build = started.elapsed();
    let size_after_build = index.size_bytes();
    assert_eq!(indexed, n);

    // Warm up both (page cache, tantivy's term dictionaries), unmeasured.
    for q in queries.iter().take(20) {
        index.search(&q.text, PAGE).await.unwrap();
        like(&db, &q.text, Some(PAGE)).await;
    }
    let mut index_page = Figures::default();
    let mut index_all = Figures::default();
    let mut like_page = Figures::default();
    let mut like_all = Figures::default();
    for q in &queries {
        let t = Instant::now();
        index.search(&q.text, PAGE).await.unwrap();
        index_page.add(q, t.elapsed(), None);
        let t = Instant::now();
        let found = index.search(&q.text, n).await.unwrap();
        index_all.add(q, t.elapsed(), Some(&found));
        let t = Instant::now();
        like(&db, &q.text, Some(PAGE)).await;
        like_page.add(q, t.elapsed(), None);
        let t = Instant::now();
        let found = like(&db, &q.text, None).await;
        like_all.add(q, t.elapsed(), Some(&found));
    }
    // Merges run in the background after the build's commit.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let db_bytes: u64 = std::fs::read_dir(&settings.data_dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let expected: usize = queries.iter().map(|q| q.expected.len()).sum();

    println!();
    println!("| | tantivy index | SQL LIKE '%q%' (SQLite) |");
    println!("|---|---|---|");
    println!(
        "| p50 / p99, first {PAGE} | {} / {} | {} / {} |",
        index_page.p(0.5),
        index_page.p(0.99),
        like_page.p(0.5),
        like_page.p(0.99)
    );
    println!(
        "| p50 / p99, every match | {} / {} | {} / {} |",
        index_all.p(0.5),
        index_all.p(0.99),
        like_all.p(0.5),
        like_all.p(0.99)
    );
    for kind in [Kind::Zh, Kind::English, Kind::Typo, Kind::Prefix] {
        println!(
            "| p50 / p99, first {PAGE}, {} | {} | {} |",
            kind.label(),
            index_page.p_of(kind),
            like_page.p_of(kind)
        );
    }
    for kind in [Kind::Zh, Kind::English, Kind::Typo, Kind::Prefix] {
        println!(
            "| recall, {} | {} | {} |",
            kind.label(),
            index_all.recall(kind),
            like_all.recall(kind)
        );
    }
    println!(
        "| ids returned (expected {expected}) | {} | {} |",
        index_all.hits, like_all.hits
    );
    println!(
        "| size on disk | {} after the build, {} after merging | {} (the whole SQLite database) |",
        mib(size_after_build),
        mib(index.size_bytes()),
        mib(db_bytes)
    );
    println!(
        "| build | {:.1} s (rebuild_from_db: read, index, commit) | none |",
        build.as_secs_f64()
    );
    println!("\nwhole run: {:.0} s", run.elapsed().as_secs_f64());
}
