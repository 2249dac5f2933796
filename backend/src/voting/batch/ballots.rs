//! Ballots in a batch: replaceable ones upserted, final ones inserted unless
//! present and compared with what is stored.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set};

use super::{BallotWrite, Job, ROWS_PER_STATEMENT, Write, standing};
use crate::entities::ballot;
use crate::error::{ApiError, ApiResult};

fn ballot_final() -> ApiError {
    ApiError::conflict("ballot_final", "this poll does not allow changing a ballot")
}

fn ballot_row(b: &BallotWrite, now: DateTime<Utc>) -> ballot::ActiveModel {
    ballot::ActiveModel {
        poll_id: Set(b.poll_id),
        voter_id: Set(b.voter_id),
        choices: Set(b.choices.clone()),
        ip: Set(b.ip.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Replaceable ballots: insert-or-update, the last one standing. Final
/// ballots: insert unless present, then each request compares its choices
/// with the stored ballot (the same again is fine, another is `ballot_final`).
pub(super) async fn write_ballots<C: ConnectionTrait>(
    txn: &C,
    jobs: &[Job],
    ballots: &[(usize, &BallotWrite)],
    now: DateTime<Utc>,
    outcomes: &mut [ApiResult<()>],
) -> Result<(), DbErr> {
    let ballot_at = |i: usize| match &jobs[i].write {
        Write::Ballot(b) => Some(b),
        Write::Vote(_) => None,
    };
    let key = |b: &BallotWrite| (b.poll_id, b.voter_id);
    for replace in [true, false] {
        let group = ballots.iter().filter(|(_, b)| b.replace == replace);
        let rows: Vec<ballot::ActiveModel> = standing(group.map(|(i, b)| (*i, key(b))), !replace)
            .into_iter()
            .filter_map(|(_, i)| ballot_at(i).map(|b| ballot_row(b, now)))
            .collect();
        let mut on_conflict =
            OnConflict::columns([ballot::Column::PollId, ballot::Column::VoterId]);
        let on_conflict = if replace {
            on_conflict
                .update_columns([
                    ballot::Column::Choices,
                    ballot::Column::UpdatedAt,
                    ballot::Column::Ip,
                ])
                .to_owned()
        } else {
            on_conflict.do_nothing().to_owned()
        };
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            ballot::Entity::insert_many(chunk.to_vec())
                .on_conflict(on_conflict.clone())
                .exec_without_returning(txn)
                .await?;
        }
    }
    let finals: Vec<(usize, &BallotWrite)> = ballots
        .iter()
        .filter(|(_, b)| !b.replace)
        .map(|(i, b)| (*i, *b))
        .collect();
    if finals.is_empty() {
        return Ok(());
    }
    let polls: HashSet<i64> = finals.iter().map(|(_, b)| b.poll_id).collect();
    let voters: HashSet<i64> = finals.iter().map(|(_, b)| b.voter_id).collect();
    let stored: HashMap<(i64, i64), String> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::PollId)
        .column(ballot::Column::VoterId)
        .column(ballot::Column::Choices)
        .filter(ballot::Column::PollId.is_in(polls))
        .filter(ballot::Column::VoterId.is_in(voters))
        .into_tuple::<(i64, i64, String)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(p, v, c)| ((p, v), c))
        .collect();
    for (i, b) in finals {
        if stored.get(&key(b)) != Some(&b.choices) {
            outcomes[i] = Err(ballot_final());
        }
    }
    Ok(())
}
