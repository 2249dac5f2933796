//! The ranking of a challenge's entries by a Bayesian average of their votes.
//!
//! score = (C x m + sum of votes) / (C + n), where n is the entry's vote
//! count, m the mean of all votes in the challenge (the prior), and C = 5 the
//! weight of the prior in votes. An entry with one 5-star vote is pulled
//! towards the challenge mean, so it does not outrank a hundred 4.8s. Ties go
//! to more votes, then the earlier entry. Votes staff discounted behind an
//! integrity flag are left out.

use std::collections::HashMap;

use atelier_api::EntryStatus;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use crate::entities::{submission, submission_tag, vote, vote_discount};
use crate::error::ApiResult;

pub const PRIOR_WEIGHT: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub id: i64,
    pub votes: i64,
    pub mean: f64,
    pub score: f64,
}

#[derive(Debug, FromQueryResult)]
struct Tally {
    submission_id: i64,
    n: i64,
    total: i64,
}

/// Orders entries; `tallies` are (id, vote count, vote sum) for every entry.
pub fn rank(tallies: &[(i64, i64, i64)]) -> Vec<Standing> {
    let (all_n, all_sum) = tallies
        .iter()
        .fold((0i64, 0i64), |(n, s), (_, vn, vs)| (n + vn, s + vs));
    // With no votes at all the prior is the middle of the scale.
    let prior = if all_n > 0 {
        all_sum as f64 / all_n as f64
    } else {
        3.0
    };
    let mut out: Vec<Standing> = tallies
        .iter()
        .map(|&(id, n, sum)| Standing {
            id,
            votes: n,
            mean: if n > 0 { sum as f64 / n as f64 } else { 0.0 },
            score: (PRIOR_WEIGHT * prior + sum as f64) / (PRIOR_WEIGHT + n as f64),
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.votes.cmp(&a.votes))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Visible entries of a challenge with their standings, best first.
pub async fn standings<C: ConnectionTrait>(
    db: &C,
    challenge_id: i64,
    tag: Option<&str>,
) -> ApiResult<Vec<Standing>> {
    let mut q = submission::Entity::find()
        .filter(submission::Column::ChallengeId.eq(challenge_id))
        .filter(submission::Column::Status.eq(EntryStatus::Visible.as_str()));
    if let Some(tag) = tag {
        q = q.filter(
            submission::Column::Id.in_subquery(
                Query::select()
                    .column(submission_tag::Column::SubmissionId)
                    .from(submission_tag::Entity)
                    .and_where(submission_tag::Column::Tag.eq(tag.trim().to_lowercase()))
                    .to_owned(),
            ),
        );
    }
    let ids: Vec<i64> = q
        .select_only()
        .column(submission::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let tallies: HashMap<i64, (i64, i64)> = vote::Entity::find()
        .select_only()
        .column(vote::Column::SubmissionId)
        .column_as(vote::Column::Id.count(), "n")
        // SUM of a smallint is a bigint on PostgreSQL and an integer on SQLite.
        .column_as(vote::Column::Score.sum(), "total")
        .filter(vote::Column::ChallengeId.eq(challenge_id))
        // Votes staff discounted behind an integrity flag do not count.
        .filter(
            vote::Column::Id.not_in_subquery(
                Query::select()
                    .column(vote_discount::Column::VoteId)
                    .from(vote_discount::Entity)
                    .to_owned(),
            ),
        )
        .group_by(vote::Column::SubmissionId)
        .into_model::<Tally>()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.submission_id, (t.n, t.total)))
        .collect();
    let rows: Vec<(i64, i64, i64)> = ids
        .iter()
        .map(|id| {
            let (n, s) = tallies.get(id).copied().unwrap_or((0, 0));
            (*id, n, s)
        })
        .collect();
    Ok(rank(&rows))
}

pub async fn ranked_ids<C: ConnectionTrait>(
    db: &C,
    challenge_id: i64,
    tag: Option<&str>,
) -> ApiResult<Vec<i64>> {
    Ok(standings(db, challenge_id, tag)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_five_star_vote_does_not_beat_a_hundred_high_votes() {
        // Entry 1: a hundred votes averaging 4.8; entry 2: a single 5.
        let ranked = rank(&[(1, 100, 480), (2, 1, 5), (3, 10, 30)]);
        assert_eq!(ranked[0].id, 1);
        assert_eq!(ranked[1].id, 2);
        assert!((ranked[0].mean - 4.8).abs() < 1e-9);
    }

    #[test]
    fn ties_go_to_more_votes_then_the_earlier_entry() {
        let ranked = rank(&[(5, 0, 0), (4, 0, 0)]);
        assert_eq!(ranked.iter().map(|s| s.id).collect::<Vec<_>>(), vec![4, 5]);
        let prior_only = rank(&[(1, 2, 8), (2, 4, 16)]);
        // Same mean (4.0) and prior 4.0: equal scores, more votes first.
        assert_eq!(prior_only[0].id, 2);
    }
}
