#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tokenizer::{Run, runs};
use super::*;

/// zh-TW template titles and words people type that stand inside them. The
/// module doc's comparison of segmenters was measured on this list.
pub(crate) const ZH_TITLES: &[(&str, &[&str])] = &[
    ("環保包裝設計模板", &["包裝", "環保", "模板"]),
    ("LINE貼圖九宮格", &["貼圖", "九宮格"]),
    ("筆記本封面網格", &["筆記本", "封面", "網格"]),
    ("中秋節禮盒包裝刀模", &["禮盒", "刀模", "中秋"]),
    ("春節紅包袋設計", &["紅包", "春節"]),
    ("咖啡店菜單海報", &["菜單", "海報", "咖啡"]),
    ("手搖飲杯身貼紙", &["貼紙", "杯身", "手搖飲"]),
    ("婚禮邀請卡雙面版型", &["邀請卡", "版型", "婚禮"]),
    ("社群貼文輪播模板", &["貼文", "輪播"]),
    ("復古電影海報排版", &["電影", "排版", "復古"]),
    ("水彩花卉明信片", &["明信片", "水彩", "花卉"]),
    ("可愛貓咪表情貼圖", &["貓咪", "表情", "貓"]),
    ("台灣茶葉禮盒外盒", &["茶葉", "外盒", "台灣"]),
    ("簡約商業簡報範本", &["簡報", "範本", "商業"]),
    ("手繪插畫風生日卡片", &["生日", "插畫", "卡片"]),
    ("夜市美食地圖傳單", &["傳單", "美食", "夜市"]),
    ("極簡名片設計", &["名片", "極簡"]),
    ("母親節感謝卡", &["感謝卡", "母親節"]),
    ("文青風書籤組合", &["書籤", "文青"]),
    ("品牌識別標誌提案", &["標誌", "品牌", "提案"]),
];

pub(crate) fn doc(id: i64, title: &str) -> TemplateDoc {
    TemplateDoc {
        id,
        title: title.into(),
        description: String::new(),
        tags: Vec::new(),
        creator_handle: "maker".into(),
        category: "other".into(),
    }
}

async fn index_of(docs: Vec<TemplateDoc>) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(docs).await.unwrap();
    index
}

#[test]
fn runs_split_cjk_from_latin_and_drop_punctuation() {
    assert_eq!(
        runs("LINE貼圖九宮格, v2!"),
        vec![
            Run::Word("LINE".into()),
            Run::Cjk("貼圖九宮格".chars().collect()),
            Run::Word("v2".into()),
        ]
    );
}

#[test]
fn the_tokenizer_emits_unigrams_and_bigrams_at_the_first_characters_position() {
    let mut analyzer = tokenizer::analyzer();
    let mut stream = analyzer.token_stream("Éco 包裝盒");
    let mut got = Vec::new();
    while let Some(t) = stream.next() {
        got.push((t.text.clone(), t.position));
    }
    let want: Vec<(String, usize)> = [
        ("eco", 0),
        ("包", 1),
        ("包裝", 1),
        ("裝", 2),
        ("裝盒", 2),
        ("盒", 3),
    ]
    .iter()
    .map(|(t, p)| (t.to_string(), *p))
    .collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_zh_tw_word_inside_a_title_finds_it() {
    let docs: Vec<TemplateDoc> = ZH_TITLES
        .iter()
        .enumerate()
        .map(|(i, (title, _))| doc(i as i64 + 1, title))
        .collect();
    let index = index_of(docs).await;
    let mut missed = Vec::new();
    for (i, (title, words)) in ZH_TITLES.iter().enumerate() {
        for word in *words {
            let found = index.search(word, 50).await.unwrap();
            if !found.contains(&(i as i64 + 1)) {
                missed.push(format!("{word} in {title}"));
            }
        }
    }
    assert!(missed.is_empty(), "not found: {missed:?}");
    // 包裝 stands in two titles, and only in those.
    let mut found = index.search("包裝", 50).await.unwrap();
    found.sort_unstable();
    assert_eq!(found, vec![1, 4]);
}

#[tokio::test]
async fn a_zh_tw_word_not_in_a_title_does_not_find_it() {
    let index = index_of(vec![doc(1, "環保包裝設計模板"), doc(2, "筆記本封面網格")]).await;
    assert_eq!(index.search("包裝", 10).await.unwrap(), vec![1]);
    // 包 and 記 are both indexed, but never side by side.
    assert!(index.search("海報", 10).await.unwrap().is_empty());
    assert!(index.search("包記", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn cjk_characters_typed_together_rank_above_the_same_characters_apart() {
    let index = index_of(vec![
        doc(1, "筆記 本日 封面"), // 筆記 and 本 apart: 記本 missing, no match
        doc(2, "記本筆記"),       // both bigrams, not in order
        doc(3, "筆記本封面網格"), // as typed
    ])
    .await;
    assert_eq!(index.search("筆記本", 10).await.unwrap(), vec![3, 2]);
}

#[tokio::test]
async fn mixed_latin_and_chinese_queries_match_both_parts() {
    let index = index_of(vec![doc(1, "LINE貼圖九宮格"), doc(2, "IG貼圖模板")]).await;
    assert_eq!(index.search("line 貼圖", 10).await.unwrap(), vec![1]);
    assert_eq!(index.search("LINE貼圖", 10).await.unwrap(), vec![1]);
    let mut both = index.search("貼圖", 10).await.unwrap();
    both.sort_unstable();
    assert_eq!(both, vec![1, 2]);
}

#[tokio::test]
async fn english_with_one_typo_finds_the_word() {
    let index = index_of(vec![
        doc(1, "Retro concert poster"),
        doc(2, "Eco packaging dieline"),
        doc(3, "Notebook cover grid"),
    ])
    .await;
    assert_eq!(index.search("postr", 10).await.unwrap(), vec![1]);
    assert_eq!(index.search("packagng", 10).await.unwrap(), vec![2]);
    assert_eq!(index.search("notebok cover", 10).await.unwrap(), vec![3]);
    // a transposition is one edit
    assert_eq!(index.search("gird", 10).await.unwrap(), vec![3]);
    assert_eq!(index.search("covre", 10).await.unwrap(), vec![3]);
    // two typos are too many
    assert!(index.search("pstr", 10).await.unwrap().is_empty());
    assert!(index.search("pakagng", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix_while_typing() {
    let index = index_of(vec![
        doc(1, "Eco packaging dieline"),
        doc(2, "Retro concert poster"),
    ])
    .await;
    assert_eq!(index.search("pack", 10).await.unwrap(), vec![1]);
    assert_eq!(index.search("eco pa", 10).await.unwrap(), vec![1]);
    // a word followed by a space is finished: no prefix
    assert!(index.search("pack ", 10).await.unwrap().is_empty());
    // only the last word is a prefix
    assert!(index.search("pack dieline", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn exact_matches_rank_above_fuzzy_ones_whatever_the_field() {
    // "posted" is one edit from "poster": everywhere in one, while the
    // other has "poster" once, in its description only.
    let mut fuzzy = doc(1, "Posted posted posted");
    fuzzy.tags = vec!["posted".into()];
    let mut exact = doc(2, "Concert flyer");
    exact.description = "A long description that mentions a poster once, \
        among many other words about layout, grids, margins and type."
        .into();
    let index = index_of(vec![fuzzy, exact]).await;
    assert_eq!(index.search("poster", 10).await.unwrap(), vec![2, 1]);
}

#[tokio::test]
async fn an_exact_word_ranks_above_a_longer_word_it_begins() {
    let index = index_of(vec![
        doc(1, "Packaging for tea"),
        doc(2, "Sticker pack for tea"),
    ])
    .await;
    assert_eq!(index.search("pack", 10).await.unwrap(), vec![2, 1]);
}

#[tokio::test]
async fn the_title_counts_more_than_the_description() {
    let mut in_description = doc(1, "Flyer");
    in_description.description = "Works as a poster too.".into();
    let in_title = doc(2, "Poster");
    let index = index_of(vec![in_description, in_title]).await;
    assert_eq!(index.search("poster", 10).await.unwrap(), vec![2, 1]);
}

#[tokio::test]
async fn tags_category_creator_and_description_text_are_searched() {
    let mut d = doc(7, "Untitled");
    d.tags = vec!["中秋".into(), "moon festival".into()];
    d.category = "packaging".into();
    d.creator_handle = "mei_lin".into();
    d.description = "A **gift box** dieline. [Guide](https://example.com/secretpath)".into();
    let index = index_of(vec![d, doc(8, "Other")]).await;
    for q in [
        "中秋",
        "festival",
        "packaging",
        "mei_lin",
        "gift box",
        "dieline",
    ] {
        assert_eq!(index.search(q, 10).await.unwrap(), vec![7], "query {q}");
    }
    // link targets are not text
    assert!(index.search("secretpath", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn upsert_replaces_and_remove_forgets() {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(doc(1, "Retro poster")).await.unwrap();
    assert_eq!(index.search("retro", 10).await.unwrap(), vec![1]);
    index.upsert(doc(1, "Modern flyer")).await.unwrap();
    assert!(index.search("retro", 10).await.unwrap().is_empty());
    assert_eq!(index.search("modern", 10).await.unwrap(), vec![1]);
    assert_eq!(index.num_docs(), 1);
    index.remove(1).await.unwrap();
    assert!(index.search("modern", 10).await.unwrap().is_empty());
    assert_eq!(index.num_docs(), 0);
    // removing what is not there is fine
    index.remove(42).await.unwrap();
}

#[tokio::test]
async fn rebuild_replaces_everything() {
    let index = index_of(vec![doc(1, "Retro poster"), doc(2, "Retro flyer")]).await;
    index.rebuild(vec![doc(3, "Retro card")]).await.unwrap();
    assert_eq!(index.search("retro", 10).await.unwrap(), vec![3]);
}

#[tokio::test]
async fn limit_and_empty_queries() {
    let docs = (1..=30).map(|i| doc(i, "Poster")).collect();
    let index = index_of(docs).await;
    assert_eq!(index.search("poster", 5).await.unwrap().len(), 5);
    assert_eq!(index.search("poster", 100).await.unwrap().len(), 30);
    assert!(index.search("poster", 0).await.unwrap().is_empty());
    assert!(index.search("", 10).await.unwrap().is_empty());
    assert!(index.search("  ,!? ", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn later_tiers_fill_the_page_after_earlier_ones() {
    // 3 exact, 3 fuzzy: with limit 4 the three exact come first.
    let mut docs: Vec<TemplateDoc> = (1..=3).map(|i| doc(i, "poster")).collect();
    docs.extend((4..=6).map(|i| doc(i, "posters")));
    let index = index_of(docs).await;
    let found = index.search("poster ", 4).await.unwrap();
    assert_eq!(found.len(), 4);
    let mut first: Vec<i64> = found[..3].to_vec();
    first.sort_unstable();
    assert_eq!(first, vec![1, 2, 3]);
    assert!(found[3] >= 4);
}

#[tokio::test]
async fn an_index_on_disk_keeps_its_documents_and_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let mark = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00.123456Z")
        .unwrap()
        .with_timezone(&Utc);
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(index.num_docs(), 0);
        assert_eq!(index.watermark(), None);
        index
            .apply(
                vec![Change::Upsert(doc(1, "環保包裝設計模板"), Some(mark))],
                Some(mark),
                true,
            )
            .await
            .unwrap();
        assert!(index.size_bytes() > 0);
        // A second writer on the same directory is refused while this one lives.
        assert!(SearchIndex::open(dir.path()).is_err());
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.search("包裝", 10).await.unwrap(), vec![1]);
    assert_eq!(index.watermark(), Some(mark));
    assert_eq!(
        index.indexed_versions(&[1, 2]).unwrap(),
        HashMap::from([(1, mark.timestamp_micros())])
    );
}

#[tokio::test]
async fn another_schema_versions_directory_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v0");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("meta.json"), "{}").unwrap();
    let keep = dir.path().join("notes");
    std::fs::create_dir_all(&keep).unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    assert!(!old.exists());
    assert!(keep.exists());
    assert_eq!(
        index.dir(),
        Some(dir.path().join(format!("v{SCHEMA_VERSION}")).as_path())
    );
}

#[tokio::test]
async fn an_unreadable_index_is_recreated_empty() {
    let dir = tempfile::tempdir().unwrap();
    let versioned = dir.path().join(format!("v{SCHEMA_VERSION}"));
    std::fs::create_dir_all(&versioned).unwrap();
    std::fs::write(versioned.join("meta.json"), "not json").unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.num_docs(), 0);
    index.upsert(doc(1, "Poster")).await.unwrap();
    assert_eq!(index.search("poster", 10).await.unwrap(), vec![1]);
}

#[test]
fn markdown_text_keeps_words_and_drops_link_targets() {
    let text = markdown_text("# Title\n\nSee [the guide](https://x.test/hidden) and `code`.");
    assert!(text.contains("Title"));
    assert!(text.contains("the guide"));
    assert!(text.contains("code"));
    assert!(!text.contains("hidden"));
}
