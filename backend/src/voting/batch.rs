//! Group commit for votes and ballots.
//!
//! A vote (`PUT /entries/{id}/vote`) or a ballot (`PUT /polls/{id}/ballot`)
//! is checked per request (phase, own entry, account age, verification, rate
//! limit, choices) and then handed to one background writer. The writer takes
//! the oldest queued write, keeps collecting until that one has waited
//! `voting.batch_window_ms` or `voting.batch_max` writes are in hand, and
//! writes them all in one transaction: one multi-row insert-or-update per
//! table. Only after the commit does any request of the batch get its answer;
//! when the transaction fails, every request of the batch gets the error
//! (503 `database_unavailable` when the connection was lost, else 500), so no
//! write is acknowledged that is not in the database. One commit, one WAL
//! flush on PostgreSQL, then carries dozens of votes instead of one.
//!
//! Durability is the database's: PostgreSQL's commit waits for the WAL flush
//! (`synchronous_commit` on, its default); SQLite in WAL mode with
//! `synchronous = NORMAL` keeps a committed vote through a crash of the
//! process, not through a power cut of the machine.
//!
//! Writes are applied in the order they were queued. Two writes of the same
//! (entry, voter) or (poll, voter) in one batch collapse into the later one,
//! or, for a poll whose ballots are final, into the first one, and each
//! request is answered as if they had run one after the other. There is one
//! writer, so batches never race each other.
//!
//! Inside the transaction the writer reads again the entries it writes votes
//! for: an entry withdrawn or a challenge whose voting closed since the
//! request was checked is refused there (`not_found`, `voting_not_open`).
//! That is what lets a vote use a recently looked-up entry ([`EntryCache`]).
//!
//! After the commit the integrity flags are checked once per challenge (or
//! poll) and address in the batch instead of once per vote; then the
//! requests are answered. A failing flag check is logged: it does not turn a
//! committed vote into an error (the next vote checks again).

mod ballots;
mod cache;

pub use cache::{EntryCache, EntryLookup};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use atelier_api::{EntryStatus, Phase};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};
use tokio::sync::{mpsc, oneshot};

use crate::challenges::service as challenges;
use crate::config::VotingSettings;
use crate::entities::{challenge, submission, vote};
use crate::error::{ApiError, ApiResult, DATABASE_RETRY_AFTER_SECS, is_connection_fault};

/// The largest batch, whatever `voting.batch_max` says: it bounds the bound
/// parameters of one statement (SQLite allows 32,766).
const MAX_BATCH: usize = 1000;
/// The longest window, whatever `voting.batch_window_ms` says.
const MAX_WINDOW_MS: u64 = 10_000;
/// Rows per insert statement.
const ROWS_PER_STATEMENT: usize = 250;

/// A vote, checked, for the writer.
#[derive(Debug, Clone)]
pub struct VoteWrite {
    pub submission_id: i64,
    pub voter_id: i64,
    pub score: i16,
    pub ip: String,
    /// The account is under 24 hours old (for the burst flag).
    pub voter_is_new: bool,
}

/// A ballot, checked, for the writer.
#[derive(Debug, Clone)]
pub struct BallotWrite {
    pub poll_id: i64,
    pub voter_id: i64,
    /// The choices as stored (a JSON array of option ids).
    pub choices: String,
    pub ip: String,
    /// The poll lets a voter change their ballot: insert-or-update. When
    /// false, the first ballot stays and a different one is `ballot_final`.
    pub replace: bool,
    pub voter_is_new: bool,
}

#[derive(Debug, Clone)]
pub enum Write {
    Vote(VoteWrite),
    Ballot(BallotWrite),
}

struct Job {
    write: Write,
    queued: Instant,
    reply: oneshot::Sender<ApiResult<()>>,
}

/// The handle requests write through, and the entry lookups votes reuse.
pub struct VoteWriter {
    queue: mpsc::Sender<Job>,
    pub entries: EntryCache,
}

impl VoteWriter {
    /// Starts the writer task on the current tokio runtime. It stops when
    /// the last handle is dropped, after writing what was queued.
    pub fn start(db: DatabaseConnection, cfg: &VotingSettings) -> VoteWriter {
        let max = cfg.batch_max.clamp(1, MAX_BATCH);
        let window = Duration::from_millis(cfg.batch_window_ms.min(MAX_WINDOW_MS));
        let (queue, rx) = mpsc::channel(4 * max);
        tokio::spawn(run(db, cfg.clone(), rx, window, max));
        VoteWriter {
            queue,
            entries: EntryCache::new(Duration::from_millis(cfg.lookup_cache_ms)),
        }
    }

    /// Queues a checked write and waits until its batch committed (`Ok`) or
    /// failed, or the write itself was refused in the transaction.
    pub async fn write(&self, write: Write) -> ApiResult<()> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            write,
            queued: Instant::now(),
            reply,
        };
        self.queue.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> ApiError {
    ApiError::internal(anyhow::anyhow!("the vote writer has stopped"))
}

/// The writer: one batch after another, in queue order.
async fn run(
    db: DatabaseConnection,
    cfg: VotingSettings,
    mut rx: mpsc::Receiver<Job>,
    window: Duration,
    max: usize,
) {
    while let Some(first) = rx.recv().await {
        let deadline = tokio::time::Instant::from_std(first.queued + window);
        let mut jobs = vec![first];
        // What is already queued is taken even when the window is over
        // (the timeout polls the queue before looking at the clock).
        while jobs.len() < max {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(job)) => jobs.push(job),
                Ok(None) | Err(_) => break,
            }
        }
        let written = write_batch(&db, &jobs).await;
        // Flag checks and answers run beside the next batch's write.
        tokio::spawn(finish(db.clone(), cfg.clone(), jobs, written));
    }
}

/// Checks the flags of a committed batch, then answers its requests; or
/// answers every request with the batch's error.
async fn finish(
    db: DatabaseConnection,
    cfg: VotingSettings,
    jobs: Vec<Job>,
    written: Result<Written, DbErr>,
) {
    match written {
        Ok(w) => {
            for check in &w.flags {
                if let Err(e) = check.run(&db, &cfg).await {
                    tracing::warn!(error = %e, "checking integrity flags after a batch of votes");
                }
            }
            for (job, outcome) in jobs.into_iter().zip(w.outcomes) {
                // A client that went away no longer waits: nothing to do.
                let _ = job.reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, writes = jobs.len(), "a batch of votes and ballots failed; none was acknowledged");
            for job in jobs {
                let _ = job.reply.send(Err(batch_error(&e)));
            }
        }
    }
}

/// The answer for every request of a batch whose transaction failed: the
/// same mapping as any database error (`From<DbErr> for ApiError`).
fn batch_error(e: &DbErr) -> ApiError {
    if is_connection_fault(e) {
        let mut err = ApiError::unavailable("database_unavailable", "the database is unreachable");
        err.retry_after = Some(DATABASE_RETRY_AFTER_SECS);
        err
    } else {
        ApiError::internal(anyhow::anyhow!("writing a batch of votes and ballots: {e}"))
    }
}

/// What a committed batch answers, request by request, and which flags to check.
struct Written {
    outcomes: Vec<ApiResult<()>>,
    flags: Vec<FlagCheck>,
}

/// One integrity check after a batch: per challenge or poll and address.
#[derive(Debug, PartialEq, Eq)]
enum FlagCheck {
    Vote {
        scope: String,
        challenge_id: i64,
        ip: String,
        voter_is_new: bool,
    },
    Ballot {
        poll_id: i64,
        ip: String,
        voter_is_new: bool,
    },
}

impl FlagCheck {
    async fn run(&self, db: &DatabaseConnection, cfg: &VotingSettings) -> ApiResult<()> {
        match self {
            FlagCheck::Vote {
                scope,
                challenge_id,
                ip,
                voter_is_new,
            } => super::flags::check_vote(db, cfg, scope, *challenge_id, *voter_is_new, ip).await,
            FlagCheck::Ballot {
                poll_id,
                ip,
                voter_is_new,
            } => super::flags::check_ballot(db, cfg, *poll_id, *voter_is_new, ip).await,
        }
    }
}

/// For each key of writes applied in order, the index of the write that
/// stands afterwards: the last one (insert-or-update) or, with `keep_first`,
/// the first one (insert unless present). Sorted by key, the order rows are
/// written (and locked) in.
fn standing<K: Ord>(
    writes: impl IntoIterator<Item = (usize, K)>,
    keep_first: bool,
) -> Vec<(K, usize)> {
    let mut by_key = BTreeMap::new();
    for (i, key) in writes {
        if keep_first {
            by_key.entry(key).or_insert(i);
        } else {
            by_key.insert(key, i);
        }
    }
    by_key.into_iter().collect()
}

/// Where an entry stands for voting, read inside the batch's transaction.
enum EntryState {
    Open { challenge_id: i64, scope: String },
    Gone,
    Closed,
}

async fn entry_states<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
    now: DateTime<Utc>,
) -> Result<HashMap<i64, EntryState>, DbErr> {
    let subs: Vec<(i64, i64, String)> = submission::Entity::find()
        .select_only()
        .column(submission::Column::Id)
        .column(submission::Column::ChallengeId)
        .column(submission::Column::Status)
        .filter(submission::Column::Id.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let challenge_ids: HashSet<i64> = subs.iter().map(|s| s.1).collect();
    let chals: HashMap<i64, challenge::Model> = challenge::Entity::find()
        .filter(challenge::Column::Id.is_in(challenge_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut states: HashMap<i64, EntryState> =
        ids.into_iter().map(|id| (id, EntryState::Gone)).collect();
    for (id, challenge_id, status) in subs {
        let Some(c) = chals.get(&challenge_id) else {
            continue;
        };
        let state = if status != EntryStatus::Visible.as_str() || !challenges::is_public(c) {
            EntryState::Gone
        } else if challenges::phase(c, now) != Phase::Voting {
            EntryState::Closed
        } else {
            EntryState::Open {
                challenge_id,
                scope: format!("challenge:{}", c.slug),
            }
        };
        states.insert(id, state);
    }
    Ok(states)
}

pub fn entry_not_found() -> ApiError {
    ApiError::not_found("no such entry")
}

pub fn voting_not_open() -> ApiError {
    ApiError::conflict(
        "voting_not_open",
        "this challenge is not in its voting phase",
    )
}

/// Writes one batch in one transaction; `Err` when it did not commit.
async fn write_batch(db: &DatabaseConnection, jobs: &[Job]) -> Result<Written, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let mut outcomes: Vec<ApiResult<()>> = jobs.iter().map(|_| Ok(())).collect();
    let mut flags = Vec::new();

    let votes: Vec<(usize, &VoteWrite)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, j)| match &j.write {
            Write::Vote(v) => Some((i, v)),
            Write::Ballot(_) => None,
        })
        .collect();
    if !votes.is_empty() {
        let mut ids: Vec<i64> = votes.iter().map(|(_, v)| v.submission_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let states = entry_states(&txn, ids, now).await?;
        let mut open = Vec::new();
        let mut flag_groups: BTreeMap<(i64, String), (String, bool)> = BTreeMap::new();
        for (i, v) in &votes {
            match states.get(&v.submission_id) {
                Some(EntryState::Open {
                    challenge_id,
                    scope,
                }) => {
                    open.push((*i, (v.submission_id, v.voter_id), *challenge_id));
                    let g = flag_groups
                        .entry((*challenge_id, v.ip.clone()))
                        .or_insert_with(|| (scope.clone(), false));
                    g.1 |= v.voter_is_new;
                }
                Some(EntryState::Closed) => outcomes[*i] = Err(voting_not_open()),
                Some(EntryState::Gone) | None => outcomes[*i] = Err(entry_not_found()),
            }
        }
        let challenge_of: HashMap<usize, i64> = open.iter().map(|(i, _, c)| (*i, *c)).collect();
        let rows: Vec<vote::ActiveModel> = standing(open.iter().map(|(i, k, _)| (*i, *k)), false)
            .into_iter()
            .filter_map(|(_, i)| {
                let Write::Vote(v) = &jobs[i].write else {
                    return None;
                };
                Some(vote::ActiveModel {
                    challenge_id: Set(*challenge_of.get(&i)?),
                    submission_id: Set(v.submission_id),
                    voter_id: Set(v.voter_id),
                    score: Set(v.score),
                    ip: Set(v.ip.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                })
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            vote::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::columns([vote::Column::SubmissionId, vote::Column::VoterId])
                        .update_columns([
                            vote::Column::Score,
                            vote::Column::UpdatedAt,
                            vote::Column::Ip,
                        ])
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
        }
        flags.extend(
            flag_groups
                .into_iter()
                .map(
                    |((challenge_id, ip), (scope, voter_is_new))| FlagCheck::Vote {
                        scope,
                        challenge_id,
                        ip,
                        voter_is_new,
                    },
                ),
        );
    }

    let ballots: Vec<(usize, &BallotWrite)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, j)| match &j.write {
            Write::Ballot(b) => Some((i, b)),
            Write::Vote(_) => None,
        })
        .collect();
    if !ballots.is_empty() {
        ballots::write_ballots(&txn, jobs, &ballots, now, &mut outcomes).await?;
        let mut flag_groups: BTreeMap<(i64, String), bool> = BTreeMap::new();
        for (i, b) in &ballots {
            if outcomes[*i].is_ok() {
                *flag_groups.entry((b.poll_id, b.ip.clone())).or_default() |= b.voter_is_new;
            }
        }
        flags.extend(
            flag_groups
                .into_iter()
                .map(|((poll_id, ip), voter_is_new)| FlagCheck::Ballot {
                    poll_id,
                    ip,
                    voter_is_new,
                }),
        );
    }

    txn.commit().await?;
    Ok(Written { outcomes, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_write_of_a_key_stands() {
        let writes = [
            (0, (7, 1)),
            (1, (7, 2)),
            (2, (7, 1)),
            (3, (3, 9)),
            (4, (7, 1)),
        ];
        assert_eq!(
            standing(writes, false),
            vec![((3, 9), 3), ((7, 1), 4), ((7, 2), 1)]
        );
    }

    #[test]
    fn a_final_ballot_keeps_the_first_write() {
        let writes = [(0, (1, 5)), (1, (1, 6)), (2, (1, 5)), (5, (1, 5))];
        assert_eq!(standing(writes, true), vec![((1, 5), 0), ((1, 6), 1)]);
    }

    #[test]
    fn nothing_written_nothing_standing() {
        assert!(standing(Vec::<(usize, i64)>::new(), false).is_empty());
    }

    #[test]
    fn a_failed_batch_answers_503_for_a_lost_connection_and_500_otherwise() {
        let lost = batch_error(&DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout));
        assert_eq!(
            (lost.status.as_u16(), lost.code),
            (503, "database_unavailable")
        );
        assert_eq!(lost.retry_after, Some(DATABASE_RETRY_AFTER_SECS));
        let other = batch_error(&DbErr::Custom("constraint".into()));
        assert_eq!((other.status.as_u16(), other.code), (500, "internal"));
    }
}
