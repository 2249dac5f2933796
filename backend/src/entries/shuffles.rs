//! The voting gallery's order, precomputed: each entry gets a position in
//! each of [`COUNT`] shuffles of its challenge (`gallery_shuffles`), and a
//! viewer reads the shuffle their seed picks, in position order, by keyset.
//! A page costs O(page), not O(entries): nothing is hashed or sorted per
//! request.
//!
//! Fairness: a position is the first 8 bytes of SHA-256(challenge, shuffle,
//! entry), so within a shuffle the order of any set of entries is a
//! uniformly random permutation, whoever joined first; each entry is
//! equally likely to be on top of a shuffle, and a viewer always gets the
//! same shuffle (stable per viewer). Positions depend on nothing but the
//! ids, so an entry placed late lands anywhere in every shuffle, and rows
//! can be written again at any time with the same values.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryResult};
use sha2::{Digest, Sha256};

use crate::entities::{gallery_shuffle, submission, submission_tag};

/// How many shuffles each challenge keeps. Viewers are spread over them by
/// a hash of their seed; more shuffles mean more different tops of the
/// gallery at the cost of one row per entry per shuffle.
pub const COUNT: i16 = 32;

/// An entry's position in shuffle `shuffle` of its challenge.
pub fn position(challenge_id: i64, shuffle: i16, submission_id: i64) -> i64 {
    let mut h = Sha256::new();
    h.update(b"atelier-gallery-shuffle-v1");
    h.update(challenge_id.to_le_bytes());
    h.update(shuffle.to_le_bytes());
    h.update(submission_id.to_le_bytes());
    let d = h.finalize();
    let mut k = [0u8; 8];
    k.copy_from_slice(&d[..8]);
    i64::from_be_bytes(k)
}

/// The shuffle a viewer's seed picks.
pub fn shuffle_for(seed: &str) -> i16 {
    let d = Sha256::digest(seed.as_bytes());
    let n = u16::from_be_bytes([d[0], d[1]]);
    // COUNT is positive and small, so the remainder fits an i16.
    i16::try_from(n % COUNT.unsigned_abs()).unwrap_or(0)
}

/// Writes an entry's rows in every shuffle (inside the submit transaction).
pub async fn place<C: ConnectionTrait>(
    db: &C,
    challenge_id: i64,
    submission_id: i64,
) -> Result<(), DbErr> {
    let rows = (0..COUNT).map(|shuffle| gallery_shuffle::ActiveModel {
        challenge_id: sea_orm::Set(challenge_id),
        shuffle: sea_orm::Set(shuffle),
        position: sea_orm::Set(position(challenge_id, shuffle, submission_id)),
        submission_id: sea_orm::Set(submission_id),
    });
    gallery_shuffle::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Places every entry that has no rows yet (entries made before the table
/// existed); run at start-up. Returns how many were placed.
pub async fn backfill(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let missing = Query::select()
        .column((submission::Entity, submission::Column::Id))
        .column((submission::Entity, submission::Column::ChallengeId))
        .from(submission::Entity)
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(gallery_shuffle::Entity)
                    .and_where(
                        Expr::col((
                            gallery_shuffle::Entity,
                            gallery_shuffle::Column::SubmissionId,
                        ))
                        .equals((submission::Entity, submission::Column::Id)),
                    )
                    .to_owned(),
            )
            .not(),
        )
        .to_owned();
    let rows = db.query_all(&missing).await?;
    let mut placed = 0;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let challenge_id: i64 = row.try_get("", "challenge_id")?;
        let txn = crate::db::begin_write(db)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        place(&txn, challenge_id, id).await?;
        txn.commit().await?;
        placed += 1;
    }
    Ok(placed)
}

/// Where a page ends: the last card's position and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub position: i64,
    pub id: i64,
}

impl Cursor {
    pub fn encode(self) -> String {
        format!("s{}.{}", self.position, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (p, id) = s.strip_prefix('s')?.split_once('.')?;
        Some(Cursor {
            position: p.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

fn col(c: gallery_shuffle::Column) -> Expr {
    Expr::col((gallery_shuffle::Entity, c))
}

/// The visible entries of one shuffle (with the tag), in position order.
fn listing(challenge_id: i64, shuffle: i16, tag: Option<&str>) -> SelectStatement {
    let mut q = Query::select()
        .column((
            gallery_shuffle::Entity,
            gallery_shuffle::Column::SubmissionId,
        ))
        .column((gallery_shuffle::Entity, gallery_shuffle::Column::Position))
        .from(gallery_shuffle::Entity)
        .inner_join(
            submission::Entity,
            Expr::col((submission::Entity, submission::Column::Id)).equals((
                gallery_shuffle::Entity,
                gallery_shuffle::Column::SubmissionId,
            )),
        )
        .and_where(col(gallery_shuffle::Column::ChallengeId).eq(challenge_id))
        .and_where(col(gallery_shuffle::Column::Shuffle).eq(shuffle))
        .and_where(
            Expr::col((submission::Entity, submission::Column::Status))
                .eq(atelier_api::EntryStatus::Visible.as_str()),
        )
        .to_owned();
    if let Some(tag) = tag {
        q.and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(submission_tag::Entity)
                .and_where(
                    Expr::col((submission_tag::Entity, submission_tag::Column::SubmissionId))
                        .equals((
                            gallery_shuffle::Entity,
                            gallery_shuffle::Column::SubmissionId,
                        )),
                )
                .and_where(Expr::col((submission_tag::Entity, submission_tag::Column::Tag)).eq(tag))
                .to_owned(),
        ));
    }
    q
}

/// After `c` in position order; the `>=` keeps the index range usable.
fn after(q: &mut SelectStatement, c: Cursor) {
    q.and_where(col(gallery_shuffle::Column::Position).gte(c.position))
        .and_where(
            col(gallery_shuffle::Column::Position)
                .eq(c.position)
                .and(col(gallery_shuffle::Column::SubmissionId).lte(c.id))
                .not(),
        );
}

/// Before `c` in position order.
fn before(q: &mut SelectStatement, c: Cursor) {
    q.and_where(col(gallery_shuffle::Column::Position).lte(c.position))
        .and_where(
            col(gallery_shuffle::Column::Position)
                .eq(c.position)
                .and(col(gallery_shuffle::Column::SubmissionId).gte(c.id))
                .not(),
        );
}

fn cursor_of(row: &QueryResult) -> Result<Cursor, DbErr> {
    Ok(Cursor {
        id: row.try_get("", "submission_id")?,
        position: row.try_get("", "position")?,
    })
}

fn ordered(q: &mut SelectStatement, dir: Order) {
    q.order_by(
        (gallery_shuffle::Entity, gallery_shuffle::Column::Position),
        dir.clone(),
    )
    .order_by(
        (
            gallery_shuffle::Entity,
            gallery_shuffle::Column::SubmissionId,
        ),
        dir,
    );
}

/// One page of a shuffle after `from`, and where the next page starts when
/// more follow.
pub async fn page(
    db: &DatabaseConnection,
    challenge_id: i64,
    shuffle: i16,
    tag: Option<&str>,
    from: Option<Cursor>,
    limit: u64,
) -> Result<(Vec<i64>, Option<Cursor>), DbErr> {
    let mut q = listing(challenge_id, shuffle, tag);
    if let Some(c) = from {
        after(&mut q, c);
    }
    ordered(&mut q, Order::Asc);
    q.limit(limit + 1);
    let rows = db.query_all(&q).await?;
    let mut cursors = rows.iter().map(cursor_of).collect::<Result<Vec<_>, _>>()?;
    let more = cursors.len() as u64 > limit;
    cursors.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = if more { cursors.last().copied() } else { None };
    Ok((cursors.into_iter().map(|c| c.id).collect(), next))
}

/// An entry's neighbours in a shuffle: previous, next, its 1-based place
/// and the number of entries; None when it is not listed there.
pub struct Around {
    pub previous: Option<i64>,
    pub next: Option<i64>,
    pub place: u64,
    pub total: u64,
}

async fn count(db: &DatabaseConnection, mut q: SelectStatement) -> Result<u64, DbErr> {
    let counted = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(
            {
                q.clear_order_by();
                q
            },
            Alias::new("listed"),
        )
        .to_owned();
    let n: i64 = match db.query_one(&counted).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn around(
    db: &DatabaseConnection,
    challenge_id: i64,
    shuffle: i16,
    tag: Option<&str>,
    entry_id: i64,
) -> Result<Option<Around>, DbErr> {
    let mut me = listing(challenge_id, shuffle, tag);
    me.and_where(col(gallery_shuffle::Column::SubmissionId).eq(entry_id));
    let Some(row) = db.query_one(&me).await? else {
        return Ok(None);
    };
    let at = cursor_of(&row)?;
    let neighbour = |dir: Order| {
        let mut q = listing(challenge_id, shuffle, tag);
        match dir {
            Order::Asc => after(&mut q, at),
            _ => before(&mut q, at),
        }
        ordered(&mut q, dir);
        q.limit(1);
        q
    };
    let previous = db
        .query_one(&neighbour(Order::Desc))
        .await?
        .map(|r| cursor_of(&r).map(|c| c.id))
        .transpose()?;
    let next = db
        .query_one(&neighbour(Order::Asc))
        .await?
        .map(|r| cursor_of(&r).map(|c| c.id))
        .transpose()?;
    let mut earlier = listing(challenge_id, shuffle, tag);
    before(&mut earlier, at);
    let place = count(db, earlier).await? + 1;
    let total = count(db, listing(challenge_id, shuffle, tag)).await?;
    Ok(Some(Around {
        previous,
        next,
        place,
        total,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of `n` entries (ids base..base+n) is on top of a shuffle.
    fn top(challenge_id: i64, shuffle: i16, base: i64, n: i64) -> i64 {
        (base..base + n)
            .min_by_key(|id| (position(challenge_id, shuffle, *id), *id))
            .map_or(0, |id| id - base)
    }

    /// Chi-square statistic of `counts` against a uniform expectation.
    fn chi_square(counts: &[u64]) -> f64 {
        let total: u64 = counts.iter().sum();
        let expected = total as f64 / counts.len() as f64;
        counts
            .iter()
            .map(|c| (*c as f64 - expected).powi(2) / expected)
            .sum()
    }

    #[test]
    fn each_entry_is_equally_likely_to_be_on_top() {
        // 12 entries per challenge, ids in submission order; 2,000 challenges
        // x every shuffle = 64,000 tops. Under uniformity the statistic is
        // chi-square with 11 degrees of freedom: above 31.26 with probability
        // 0.001. The first-submitted entry gets no advantage.
        let n = 12;
        let mut counts = vec![0u64; 12];
        for challenge in 1..=2_000i64 {
            let base = challenge * 1_000;
            for shuffle in 0..COUNT {
                counts[usize::try_from(top(challenge, shuffle, base, n)).unwrap()] += 1;
            }
        }
        let stat = chi_square(&counts);
        assert!(stat < 31.26, "chi-square {stat:.1}, counts {counts:?}");
    }

    #[test]
    fn the_last_entry_lands_anywhere_in_the_order() {
        // Where the newest of 20 entries ends up, over many challenges and
        // shuffles: uniform over the 20 places (19 d.f., p = 0.001 at 43.82).
        let mut counts = vec![0u64; 20];
        for challenge in 1..=1_000i64 {
            for shuffle in 0..COUNT {
                let mut ids: Vec<i64> = (0..20).collect();
                ids.sort_by_cached_key(|id| position(challenge, shuffle, *id));
                let place = ids.iter().position(|id| *id == 19).unwrap();
                counts[place] += 1;
            }
        }
        let stat = chi_square(&counts);
        assert!(stat < 43.82, "chi-square {stat:.1}, counts {counts:?}");
    }

    #[test]
    fn viewers_spread_evenly_and_stay_in_their_shuffle() {
        let mut counts = vec![0u64; usize::try_from(COUNT).unwrap()];
        for viewer in 0..32_000 {
            let seed = format!("user:{viewer}");
            let s = shuffle_for(&seed);
            assert_eq!(s, shuffle_for(&seed));
            counts[usize::try_from(s).unwrap()] += 1;
        }
        // 31 d.f.: p = 0.001 at 61.10.
        let stat = chi_square(&counts);
        assert!(stat < 61.10, "chi-square {stat:.1}, counts {counts:?}");
    }

    #[test]
    fn shuffles_differ_from_each_other_and_from_id_order() {
        let ids: Vec<i64> = (1..=30).collect();
        let order = |s: i16| {
            let mut v = ids.clone();
            v.sort_by_key(|id| position(7, s, *id));
            v
        };
        assert_ne!(order(0), order(1));
        assert_ne!(order(0), ids);
    }

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            position: -42,
            id: 9,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("s12"), None);
        assert_eq!(Cursor::decode("n12.3"), None);
        assert_eq!(Cursor::decode("sx.3"), None);
    }
}
