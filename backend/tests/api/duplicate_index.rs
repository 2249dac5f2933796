//! The near-duplicate lookup by multi-index hashing: it finds a hash at the
//! full distance with its differing bits spread over the bands, ignores
//! ones beyond it, and both databases answer the band query through the
//! band's expression index rather than by reading every row.

use atelier::entities::{media, submission};
use atelier::entries::duplicates::{band_query, nearest_duplicate};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set, Statement, TransactionTrait};

use crate::both_databases;
use crate::helpers::{Db, png_bytes, spawn};

both_databases!(
    a_hash_at_the_full_distance_is_found_among_many,
    the_band_query_reads_the_expression_index,
);

fn signed(h: u64) -> i64 {
    i64::from_ne_bytes(h.to_ne_bytes())
}

async fn a_hash_at_the_full_distance_is_found_among_many(db: Db) {
    let app = spawn(db).await;
    app.open_challenge("lanterns", 1).await;
    let mei = app.as_member("mei").await;
    let first = app
        .new_entry(&mei, "lanterns", "First", png_bytes(120, 90))
        .await;
    let s = submission::Entity::find_by_id(first.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let m = media::Entity::find_by_id(s.media_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    // 400 more entries with pseudo-random hashes (xorshift), one of them
    // the planted original.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let planted: u64 = 0xF0F0_1234_ABCD_0F0F;
    let mut planted_id = 0;
    for i in 0..400 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let hash = if i == 200 { planted } else { x };
        let mut mm: media::ActiveModel = m.clone().into();
        mm.id = sea_orm::NotSet;
        mm.phash = Set(signed(hash));
        let mm = mm.insert(&app.db).await.unwrap();
        let mut ss: submission::ActiveModel = s.clone().into();
        ss.id = sea_orm::NotSet;
        ss.media_id = Set(mm.id);
        ss.slot = Set(None);
        let ss = ss.insert(&app.db).await.unwrap();
        if i == 200 {
            planted_id = ss.id;
        }
    }

    // Six bits differ: two in band 0, two in band 1, one each in bands 2
    // and 3, so only bands 2 and 3 are within the per-band radius of 1.
    let near = planted ^ (0b11 << 60) ^ (0b11 << 40) ^ (1 << 20) ^ 1;
    assert_eq!(
        nearest_duplicate(&app.db, near, 6).await.unwrap(),
        Some((planted_id, 6))
    );
    // Seven bits: beyond the distance, nothing.
    let far = near ^ (1 << 30);
    assert_eq!(nearest_duplicate(&app.db, far, 6).await.unwrap(), None);
    // The same hash: distance 0.
    assert_eq!(
        nearest_duplicate(&app.db, planted, 6).await.unwrap(),
        Some((planted_id, 0))
    );
}

async fn the_band_query_reads_the_expression_index(db: Db) {
    let app = spawn(db).await;
    let sql = band_query(0, &[1, 2, 3]);
    let backend = app.db.get_database_backend();
    let plan: String = match db {
        Db::Sqlite => {
            let rows = app
                .db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("EXPLAIN QUERY PLAN {sql}"),
                ))
                .await
                .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String>("", "detail").unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        }
        Db::Postgres => {
            // An empty table is cheaper to scan; the question is whether the
            // index can serve the expression at all.
            let txn = app.db.begin().await.unwrap();
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .unwrap();
            let rows = txn
                .query_all_raw(Statement::from_string(backend, format!("EXPLAIN {sql}")))
                .await
                .unwrap();
            let plan = rows
                .iter()
                .map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap())
                .collect::<Vec<_>>()
                .join("\n");
            txn.rollback().await.unwrap();
            plan
        }
    };
    assert!(plan.contains("idx_media_phash_b0"), "{plan}");
}
