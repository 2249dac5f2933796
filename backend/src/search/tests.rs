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
async fn full_width_latin_and_accents_match_their_ascii_forms() {
    let index = index_of(vec![doc(1, "LINE貼圖九宮格"), doc(2, "Café menu")]).await;
    assert_eq!(index.search("ＬＩＮＥ貼圖", 10).await.unwrap(), vec![1]);
    assert_eq!(index.search("cafe", 10).await.unwrap(), vec![2]);
    assert_eq!(index.search("CAFÉ", 10).await.unwrap(), vec![2]);
}

#[tokio::test]
async fn a_long_query_is_cut_to_its_start() {
    let index = index_of(vec![doc(1, "Retro poster")]).await;
    // words past the limit are not required
    let tail = format!("retro poster {}", "unmatched ".repeat(20));
    assert_eq!(index.search(&tail, 10).await.unwrap(), Vec::<i64>::new());
    let cut = format!(
        "retro poster{}unmatched",
        " ".repeat(query::MAX_QUERY_CHARS)
    );
    assert_eq!(index.search(&cut, 10).await.unwrap(), vec![1]);
    let within = format!("{}retro", " ".repeat(query::MAX_QUERY_CHARS - 5));
    assert_eq!(index.search(&within, 10).await.unwrap(), vec![1]);
    let beyond = format!("{}retro", " ".repeat(query::MAX_QUERY_CHARS));
    assert!(index.search(&beyond, 10).await.unwrap().is_empty());
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

mod with_database {
    use super::*;
    use crate::entities::{template, template_tag, user};
    use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

    struct Db {
        conn: DatabaseConnection,
        _dir: tempfile::TempDir,
    }

    async fn database() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let settings = crate::config::Settings {
            data_dir: dir.path().to_path_buf(),
            ..Default::default()
        };
        let conn = crate::db::connect(&settings).await.unwrap();
        crate::db::migrate(&conn).await.unwrap();
        Db { conn, _dir: dir }
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 123_456_000).unwrap()
    }

    async fn creator(db: &DatabaseConnection, handle: &str) -> i64 {
        user::ActiveModel {
            email: Set(format!("{handle}@example.test")),
            handle: Set(handle.into()),
            display_name: Set(handle.into()),
            password_hash: Set("x".into()),
            role: Set("expert".into()),
            bio: Set(String::new()),
            created_at: Set(at(0)),
            updated_at: Set(at(0)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn template(
        db: &DatabaseConnection,
        creator_id: i64,
        title: &str,
        status: &str,
        updated: DateTime<Utc>,
    ) -> i64 {
        template::ActiveModel {
            creator_id: Set(creator_id),
            title: Set(title.into()),
            description_md: Set(String::new()),
            category: Set("social_post".into()),
            canvas_width: Set(1080),
            canvas_height: Set(1080),
            canvas_unit: Set("px".into()),
            licence: Set("free_personal".into()),
            price_minor: Set(0),
            currency: Set("TWD".into()),
            status: Set(status.into()),
            popularity: Set(0.0),
            colours: Set("[]".into()),
            created_at: Set(updated),
            updated_at: Set(updated),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn update(
        db: &DatabaseConnection,
        id: i64,
        title: &str,
        status: &str,
        updated: DateTime<Utc>,
    ) {
        let row = template::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut row: template::ActiveModel = row.into();
        row.title = Set(title.into());
        row.status = Set(status.into());
        row.updated_at = Set(updated);
        row.update(db).await.unwrap();
    }

    #[tokio::test]
    async fn rebuild_indexes_published_templates_with_tags_and_handles() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let published = template(c, mei, "環保包裝設計模板", "published", at(1)).await;
        template_tag::ActiveModel {
            template_id: Set(published),
            tag: Set("moon festival".into()),
        }
        .insert(c)
        .await
        .unwrap();
        let draft = template(c, mei, "環保包裝草稿", "draft", at(2)).await;
        let index = SearchIndex::in_memory().unwrap();
        assert_eq!(rebuild_from_db(c, &index).await.unwrap(), 1);
        assert_eq!(index.search("包裝", 10).await.unwrap(), vec![published]);
        assert_eq!(index.search("festival", 10).await.unwrap(), vec![published]);
        assert_eq!(index.search("mei", 10).await.unwrap(), vec![published]);
        assert_eq!(
            index.search("social post", 10).await.unwrap(),
            vec![published]
        );
        assert!(!index.search("草稿", 10).await.unwrap().contains(&draft));
        // the newest change of any row, draft included
        assert_eq!(index.watermark(), Some(at(2)));
    }

    #[tokio::test]
    async fn a_template_no_longer_published_is_not_found_after_catch_up() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let id = template(c, mei, "Retro concert poster", "published", at(1)).await;
        let index = SearchIndex::in_memory().unwrap();
        rebuild_from_db(c, &index).await.unwrap();
        assert_eq!(index.search("poster", 10).await.unwrap(), vec![id]);

        update(c, id, "Retro concert poster", "unlisted", at(5)).await;
        let mark = catch_up(c, &index, at(1)).await.unwrap();
        assert_eq!(mark, at(5));
        assert!(index.search("poster", 10).await.unwrap().is_empty());

        // listed again, under a new title
        update(c, id, "Retro gig flyer", "published", at(9)).await;
        assert_eq!(catch_up(c, &index, mark).await.unwrap(), at(9));
        assert_eq!(index.search("flyer", 10).await.unwrap(), vec![id]);
        assert!(index.search("poster", 10).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn catch_up_looks_back_for_changes_stamped_before_the_watermark() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let index = SearchIndex::in_memory().unwrap();
        template(c, mei, "Poster", "published", at(100)).await;
        let mark = catch_up(c, &index, at(0)).await.unwrap();
        assert_eq!(mark, at(100));
        // A transaction that stamped its row 30 s before the mark but
        // committed after the catch-up read.
        let late = template(c, mei, "Late sticker sheet", "published", at(70)).await;
        assert_eq!(catch_up(c, &index, mark).await.unwrap(), at(100));
        assert_eq!(index.search("sticker", 10).await.unwrap(), vec![late]);
        // Beyond the overlap it is the reconciliation's job.
        let older = template(c, mei, "Old notebook grid", "published", at(10)).await;
        catch_up(c, &index, mark).await.unwrap();
        assert!(index.search("notebook", 10).await.unwrap().is_empty());
        assert_eq!(sync::reconcile(c, &index).await.unwrap(), (0, 1));
        assert_eq!(index.search("notebook", 10).await.unwrap(), vec![older]);
    }

    #[tokio::test]
    async fn reconcile_removes_templates_deleted_elsewhere() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let gone = template(c, mei, "Poster to delete", "published", at(1)).await;
        let kept = template(c, mei, "Poster to keep", "published", at(2)).await;
        let index = SearchIndex::in_memory().unwrap();
        rebuild_from_db(c, &index).await.unwrap();
        template::Entity::delete_by_id(gone).exec(c).await.unwrap();
        // nothing newer to see by updated_at
        catch_up(c, &index, at(2)).await.unwrap();
        assert_eq!(index.num_docs(), 2);
        assert_eq!(sync::reconcile(c, &index).await.unwrap(), (1, 0));
        assert_eq!(index.search("poster", 10).await.unwrap(), vec![kept]);
    }

    #[tokio::test]
    async fn refresh_follows_one_template() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let id = template(c, mei, "Draft poster", "draft", at(1)).await;
        let index = SearchIndex::in_memory().unwrap();
        sync::refresh(c, &index, id).await.unwrap();
        assert_eq!(index.num_docs(), 0);
        update(c, id, "Published poster", "published", at(2)).await;
        sync::refresh(c, &index, id).await.unwrap();
        assert_eq!(index.search("published", 10).await.unwrap(), vec![id]);
        assert_eq!(
            index.indexed_versions(&[id]).unwrap(),
            HashMap::from([(id, at(2).timestamp_micros())])
        );
        update(c, id, "Published poster", "unlisted", at(3)).await;
        sync::refresh(c, &index, id).await.unwrap();
        assert_eq!(index.num_docs(), 0);
        template::Entity::delete_by_id(id).exec(c).await.unwrap();
        sync::refresh(c, &index, id).await.unwrap();
    }

    #[tokio::test]
    async fn start_builds_a_new_index_and_catches_up_an_existing_one() {
        let db = database().await;
        let c = &db.conn;
        let dir = tempfile::tempdir().unwrap();
        let mut settings = crate::config::Settings::default();
        settings.search.dir = Some(dir.path().to_path_buf());
        settings.search.catch_up_interval_secs = 0;
        let mei = creator(c, "mei").await;
        let first = template(c, mei, "Packaging dieline", "published", at(1)).await;
        {
            let index = sync::open(&settings).unwrap();
            sync::start(c, &index, &settings).await.unwrap();
            assert_eq!(index.search("dieline", 10).await.unwrap(), vec![first]);
        }
        // While the node is down: one new, one unpublished.
        let second = template(c, mei, "Sticker dieline", "published", at(5)).await;
        update(c, first, "Packaging dieline", "unlisted", at(6)).await;
        let index = sync::open(&settings).unwrap();
        assert_eq!(index.watermark(), Some(at(1)));
        sync::start(c, &index, &settings).await.unwrap();
        assert_eq!(index.search("dieline", 10).await.unwrap(), vec![second]);
        assert_eq!(index.watermark(), Some(at(6)));
    }

    #[tokio::test]
    async fn the_periodic_task_brings_changes_within_its_interval() {
        let db = database().await;
        let c = &db.conn;
        let mei = creator(c, "mei").await;
        let index = SearchIndex::in_memory().unwrap();
        rebuild_from_db(c, &index).await.unwrap();
        sync::spawn(
            c.clone(),
            index.clone(),
            std::time::Duration::from_millis(50),
        );
        let id = template(c, mei, "Notebook cover grid", "published", Utc::now()).await;
        let mut found = Vec::new();
        for _ in 0..100 {
            found = index.search("notebook", 10).await.unwrap();
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(found, vec![id]);
        // a deletion shows as a count mismatch and is reconciled
        template::Entity::delete_by_id(id).exec(c).await.unwrap();
        for _ in 0..100 {
            if index.num_docs() == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(index.num_docs(), 0);
    }

    #[test]
    fn a_second_server_on_the_same_directory_keeps_its_index_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = crate::config::Settings::default();
        settings.search.dir = Some(dir.path().to_path_buf());
        let first = sync::open_for_server(&settings).unwrap();
        assert!(first.dir().is_some());
        let err = sync::open(&settings).err().unwrap();
        assert!(err.downcast_ref::<InUse>().is_some(), "{err:#}");
        let second = sync::open_for_server(&settings).unwrap();
        assert_eq!(second.dir(), None);
    }

    #[test]
    fn the_index_lives_under_the_data_dir_with_files_and_in_memory_with_s3() {
        let mut s = crate::config::Settings::default();
        assert_eq!(
            sync::index_dir(&s),
            Some(std::path::PathBuf::from("data/search/templates"))
        );
        s.storage.kind = crate::config::StorageKind::S3;
        assert_eq!(sync::index_dir(&s), None);
        s.search.dir = Some("/srv/search".into());
        assert_eq!(sync::index_dir(&s), Some("/srv/search".into()));
    }
}
