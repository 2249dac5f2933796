//! Co-creation polls about a product: staff create them with options and a
//! counting method; once a poll opens its rules are locked. One ballot per
//! member per poll (unique index), replaceable until close when allowed.
//! Results: counts for single and approval polls, every instant-runoff round
//! for ranked ones. Staff can export the anonymised ballots as CSV, and a
//! recount of that file gives the published result.

use std::collections::{HashMap, HashSet};

use atelier_api::{
    BallotRequest, Eligibility, InviteResult, OptionCount, Poll, PollInput, PollMethod, PollOption,
    PollResults, PollState, RunoffRound,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use super::irv;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::entities::{ballot, poll, poll_invite, poll_option, user};
use crate::error::{ApiError, ApiResult};

fn invalid(code: &'static str, msg: impl Into<String>) -> ApiError {
    ApiError::validation(msg).code(code)
}

pub fn state_at(p: &poll::Model, now: DateTime<Utc>) -> PollState {
    if now < p.opens_at {
        PollState::Scheduled
    } else if now < p.closes_at {
        PollState::Open
    } else {
        PollState::Closed
    }
}

fn method(p: &poll::Model) -> PollMethod {
    PollMethod::parse(&p.method).unwrap_or(PollMethod::Single)
}

struct Checked {
    question: String,
    product: String,
    description: String,
    labels: Vec<String>,
    max_choices: i32,
}

fn check(input: &PollInput) -> ApiResult<Checked> {
    let question = input.question.trim().to_owned();
    if !(3..=200).contains(&question.chars().count()) {
        return Err(invalid(
            "invalid_question",
            "the question must be 3-200 characters",
        ));
    }
    let product = input.product.trim().to_owned();
    if !(1..=120).contains(&product.chars().count()) {
        return Err(invalid(
            "invalid_product",
            "the product must be 1-120 characters",
        ));
    }
    let description = input.description.trim().to_owned();
    if description.chars().count() > 2000 {
        return Err(invalid(
            "invalid_description",
            "the description must be at most 2000 characters",
        ));
    }
    let labels: Vec<String> = input
        .options
        .iter()
        .map(|o| o.label.trim().to_owned())
        .collect();
    if !(2..=20).contains(&labels.len()) {
        return Err(invalid("invalid_options", "a poll needs 2 to 20 options"));
    }
    if labels
        .iter()
        .any(|l| !(1..=120).contains(&l.chars().count()))
    {
        return Err(invalid(
            "invalid_options",
            "option labels must be 1-120 characters",
        ));
    }
    let distinct: HashSet<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    if distinct.len() != labels.len() {
        return Err(invalid("invalid_options", "option labels must differ"));
    }
    let n = i32::try_from(labels.len()).unwrap_or(i32::MAX);
    let max_choices = match input.method {
        PollMethod::Single => 1,
        PollMethod::Ranked => n,
        PollMethod::Approval => {
            let m = input.max_choices.unwrap_or(n);
            if !(1..=n).contains(&m) {
                return Err(invalid(
                    "invalid_max_choices",
                    format!("max_choices must be 1-{n}"),
                ));
            }
            m
        }
    };
    if input.closes_at <= input.opens_at {
        return Err(invalid(
            "invalid_poll_times",
            "a poll must close after it opens",
        ));
    }
    Ok(Checked {
        question,
        product,
        description,
        labels,
        max_choices,
    })
}

async fn options_of<C: ConnectionTrait>(
    db: &C,
    poll_id: i64,
) -> ApiResult<Vec<poll_option::Model>> {
    Ok(poll_option::Entity::find()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .order_by_asc(poll_option::Column::Position)
        .all(db)
        .await?)
}

async fn find<C: ConnectionTrait>(db: &C, id: i64) -> ApiResult<poll::Model> {
    poll::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("no such poll"))
}

async fn write_options<C: ConnectionTrait>(
    db: &C,
    poll_id: i64,
    labels: &[String],
) -> ApiResult<()> {
    poll_option::Entity::delete_many()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .exec(db)
        .await?;
    poll_option::Entity::insert_many(labels.iter().enumerate().map(|(i, l)| {
        poll_option::ActiveModel {
            poll_id: Set(poll_id),
            label: Set(l.clone()),
            image_key: Set(None),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            ..Default::default()
        }
    }))
    .exec(db)
    .await?;
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    input: PollInput,
) -> ApiResult<Poll> {
    staff.require_staff()?;
    let c = check(&input)?;
    let txn = crate::db::begin_write(db).await?;
    let p = poll::ActiveModel {
        question: Set(c.question),
        product: Set(c.product),
        description: Set(c.description),
        method: Set(input.method.as_str().to_owned()),
        max_choices: Set(c.max_choices),
        eligibility: Set(input.eligibility.as_str().to_owned()),
        allow_change: Set(input.allow_change),
        opens_at: Set(input.opens_at),
        closes_at: Set(input.closes_at),
        created_by: Set(staff.id()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_options(&txn, p.id, &c.labels).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.create",
        &format!("poll:{}", p.id),
        &p.question,
    )
    .await?;
    txn.commit().await?;
    view(db, &p, Some(staff)).await
}

/// Replaces a poll's definition; refused once the poll has opened.
pub async fn update(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    input: PollInput,
) -> ApiResult<Poll> {
    staff.require_staff()?;
    let c = check(&input)?;
    let txn = crate::db::begin_write(db).await?;
    let p = find(&txn, id).await?;
    if state_at(&p, Utc::now()) != PollState::Scheduled {
        return Err(ApiError::conflict(
            "poll_locked",
            "a poll's rules are locked once it opens",
        ));
    }
    let mut am: poll::ActiveModel = p.into();
    am.question = Set(c.question);
    am.product = Set(c.product);
    am.description = Set(c.description);
    am.method = Set(input.method.as_str().to_owned());
    am.max_choices = Set(c.max_choices);
    am.eligibility = Set(input.eligibility.as_str().to_owned());
    am.allow_change = Set(input.allow_change);
    am.opens_at = Set(input.opens_at);
    am.closes_at = Set(input.closes_at);
    let p = am.update(&txn).await?;
    write_options(&txn, p.id, &c.labels).await?;
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.update",
        &format!("poll:{}", p.id),
        "",
    )
    .await?;
    txn.commit().await?;
    view(db, &p, Some(staff)).await
}

pub async fn invite(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
    handles: &[String],
) -> ApiResult<InviteResult> {
    staff.require_staff()?;
    if handles.len() > 500 {
        return Err(invalid(
            "too_many_invites",
            "invite at most 500 members at a time",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let p = find(&txn, id).await?;
    let wanted: Vec<String> = handles
        .iter()
        .map(|h| h.trim().trim_start_matches('@').to_lowercase())
        .collect();
    let found: HashMap<String, i64> = user::Entity::find()
        .filter(user::Column::Handle.is_in(wanted.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.handle, u.id))
        .collect();
    let now = Utc::now();
    let rows: Vec<poll_invite::ActiveModel> = found
        .values()
        .map(|uid| poll_invite::ActiveModel {
            poll_id: Set(p.id),
            user_id: Set(*uid),
            created_at: Set(now),
        })
        .collect();
    if !rows.is_empty() {
        poll_invite::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([poll_invite::Column::PollId, poll_invite::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    let mut invited: Vec<String> = found.keys().cloned().collect();
    invited.sort();
    let unknown: Vec<String> = wanted
        .into_iter()
        .filter(|h| !found.contains_key(h))
        .collect();
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.invite",
        &format!("poll:{}", p.id),
        &invited.join(", "),
    )
    .await?;
    txn.commit().await?;
    Ok(InviteResult { invited, unknown })
}

async fn is_invited<C: ConnectionTrait>(db: &C, poll_id: i64, user_id: i64) -> ApiResult<bool> {
    Ok(poll_invite::Entity::find_by_id((poll_id, user_id))
        .one(db)
        .await?
        .is_some())
}

fn parse_choices(raw: &str) -> Vec<i64> {
    serde_json::from_str(raw).unwrap_or_default()
}

async fn refusal(
    db: &DatabaseConnection,
    state: &AppState,
    p: &poll::Model,
    voter: &CurrentUser,
) -> ApiResult<Option<ApiError>> {
    if voter.role.is_staff() {
        return Ok(Some(ApiError::forbidden(
            "staff run polls; they do not vote in them",
        )));
    }
    if state_at(p, Utc::now()) != PollState::Open {
        return Ok(Some(ApiError::conflict(
            "poll_not_open",
            "this poll is not open",
        )));
    }
    if p.eligibility == Eligibility::Invited.as_str() && !is_invited(db, p.id, voter.id()).await? {
        return Ok(Some(
            ApiError::forbidden("this poll is for invited members").code("not_invited"),
        ));
    }
    let min_age = Duration::hours(state.settings.voting.min_account_age_hours);
    if Utc::now() - voter.user.created_at < min_age {
        return Ok(Some(
            ApiError::forbidden("your account is too new to vote").code("account_too_new"),
        ));
    }
    Ok(crate::auth::verify::require_verified(&state.settings, &voter.user).err())
}

pub async fn view(
    db: &DatabaseConnection,
    p: &poll::Model,
    viewer: Option<&CurrentUser>,
) -> ApiResult<Poll> {
    let options = options_of(db, p.id).await?;
    let my_ballot = match viewer {
        Some(v) => ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(p.id))
            .filter(ballot::Column::VoterId.eq(v.id()))
            .one(db)
            .await?
            .map(|b| parse_choices(&b.choices)),
        None => None,
    };
    let open = state_at(p, Utc::now()) == PollState::Open;
    let can_vote = match viewer {
        Some(v) if open && !v.role.is_staff() => {
            (p.eligibility != Eligibility::Invited.as_str() || is_invited(db, p.id, v.id()).await?)
                && (my_ballot.is_none() || p.allow_change)
        }
        _ => false,
    };
    Ok(Poll {
        id: p.id,
        question: p.question.clone(),
        product: p.product.clone(),
        description: p.description.clone(),
        method: method(p),
        max_choices: p.max_choices,
        eligibility: Eligibility::parse(&p.eligibility).unwrap_or(Eligibility::AllMembers),
        allow_change: p.allow_change,
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        state: state_at(p, Utc::now()),
        options: options
            .into_iter()
            .map(|o| PollOption {
                id: o.id,
                label: o.label,
                image_url: o.image_key.map(|k| format!("/api/v1/media/{k}")),
            })
            .collect(),
        my_ballot,
        can_vote,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> ApiResult<Poll> {
    let p = find(db, id).await?;
    view(db, &p, viewer).await
}

pub async fn list(db: &DatabaseConnection, viewer: Option<&CurrentUser>) -> ApiResult<Vec<Poll>> {
    let polls = poll::Entity::find()
        .order_by_desc(poll::Column::OpensAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(polls.len());
    for p in &polls {
        out.push(view(db, p, viewer).await?);
    }
    Ok(out)
}

/// Checks a ballot against the poll's method; returns the choices to store.
fn validate_choices(
    p: &poll::Model,
    options: &[poll_option::Model],
    choices: &[i64],
) -> ApiResult<Vec<i64>> {
    let ids: HashSet<i64> = options.iter().map(|o| o.id).collect();
    let mut seen = HashSet::new();
    for c in choices {
        if !ids.contains(c) {
            return Err(invalid(
                "invalid_choice",
                format!("{c} is not an option of this poll"),
            ));
        }
        if !seen.insert(*c) {
            return Err(invalid("invalid_choice", "an option appears twice"));
        }
    }
    let n = choices.len();
    let ok = match method(p) {
        PollMethod::Single => n == 1,
        PollMethod::Approval => (1..=usize::try_from(p.max_choices).unwrap_or(1)).contains(&n),
        PollMethod::Ranked => n >= 1,
    };
    if !ok {
        return Err(invalid(
            "invalid_choice",
            match method(p) {
                PollMethod::Single => "choose exactly one option".to_owned(),
                PollMethod::Approval => format!("approve 1 to {} options", p.max_choices),
                PollMethod::Ranked => "rank at least one option".to_owned(),
            },
        ));
    }
    Ok(choices.to_vec())
}

/// Casts or replaces the voter's ballot. Sending the same ballot again is a
/// no-op; concurrent submissions leave exactly one row.
pub async fn cast(
    state: &AppState,
    voter: &CurrentUser,
    id: i64,
    req: BallotRequest,
    ip: &str,
) -> ApiResult<Poll> {
    let db = &state.db;
    state
        .vote_limiter
        .hit(&format!("vote:{}", voter.id()))
        .map_err(ApiError::too_many_requests)?;
    let p = find(db, id).await?;
    if let Some(e) = refusal(db, state, &p, voter).await? {
        return Err(e);
    }
    let options = options_of(db, p.id).await?;
    let choices = validate_choices(&p, &options, &req.choices)?;
    let encoded = serde_json::to_string(&choices).map_err(ApiError::internal)?;
    let now = Utc::now();
    let row = ballot::ActiveModel {
        poll_id: Set(p.id),
        voter_id: Set(voter.id()),
        choices: Set(encoded.clone()),
        ip: Set(ip.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    if p.allow_change {
        ballot::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([ballot::Column::PollId, ballot::Column::VoterId])
                    .update_columns([
                        ballot::Column::Choices,
                        ballot::Column::UpdatedAt,
                        ballot::Column::Ip,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    } else {
        let inserted = ballot::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([ballot::Column::PollId, ballot::Column::VoterId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        if inserted == 0 {
            // Already cast: the same ballot again is fine, another is not.
            let existing = ballot::Entity::find()
                .filter(ballot::Column::PollId.eq(p.id))
                .filter(ballot::Column::VoterId.eq(voter.id()))
                .one(db)
                .await?;
            if existing.is_some_and(|b| b.choices != encoded) {
                return Err(ApiError::conflict(
                    "ballot_final",
                    "this poll does not allow changing a ballot",
                ));
            }
        }
    }
    let is_new = now - voter.user.created_at < Duration::hours(24);
    super::flags::check_ballot(db, &state.settings.voting, p.id, is_new, ip).await?;
    view(db, &p, Some(voter)).await
}

/// All ballots of a poll in a stable anonymous order (by a hash of the row
/// id, so neither voters nor casting order can be read from it).
async fn anonymous_ballots<C: ConnectionTrait>(
    db: &C,
    p: &poll::Model,
) -> ApiResult<Vec<Vec<i64>>> {
    let mut rows: Vec<([u8; 32], Vec<i64>)> = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let mut h = Sha256::new();
            h.update(b"ballot");
            h.update(p.id.to_le_bytes());
            h.update(b.id.to_le_bytes());
            (h.finalize().into(), parse_choices(&b.choices))
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    Ok(rows.into_iter().map(|(_, c)| c).collect())
}

/// Counts ballots for `options` (listed order) by the poll's method.
pub fn count(
    poll_id: i64,
    m: PollMethod,
    options: &[(i64, String)],
    ballots: &[Vec<i64>],
) -> PollResults {
    let ids: Vec<i64> = options.iter().map(|(id, _)| *id).collect();
    let label = |id: i64| {
        options
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let to_counts = |pairs: &[(i64, u64)]| -> Vec<OptionCount> {
        pairs
            .iter()
            .map(|(id, v)| OptionCount {
                option_id: *id,
                label: label(*id),
                votes: *v,
            })
            .collect()
    };
    let (counts, rounds, winner, rules) = match m {
        PollMethod::Single | PollMethod::Approval => {
            let t = irv::tally(&ids, ballots);
            let w = irv::plurality_winner(&t);
            (
                to_counts(&t),
                Vec::new(),
                w,
                "Most votes wins; a tie goes to the option listed first.",
            )
        }
        PollMethod::Ranked => {
            let first: Vec<Vec<i64>> = ballots
                .iter()
                .map(|b| b.iter().take(1).copied().collect())
                .collect();
            let r = irv::instant_runoff(&ids, ballots);
            let rounds = r
                .rounds
                .iter()
                .enumerate()
                .map(|(i, round)| RunoffRound {
                    round: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    counts: to_counts(&round.counts),
                    exhausted: round.exhausted,
                    eliminated: round.eliminated,
                    tie_break: round.tie_break,
                })
                .collect();
            (
                to_counts(&irv::tally(&ids, &first)),
                rounds,
                r.winner,
                irv::RULES,
            )
        }
    };
    PollResults {
        poll_id,
        method: m,
        ballots: ballots.len() as u64,
        counts,
        rounds,
        winner,
        rules: rules.to_owned(),
    }
}

pub async fn results(db: &DatabaseConnection, id: i64, staff: bool) -> ApiResult<PollResults> {
    let p = find(db, id).await?;
    if !staff && state_at(&p, Utc::now()) != PollState::Closed {
        return Err(ApiError::conflict(
            "results_not_published",
            "results are published when the poll closes",
        ));
    }
    let options: Vec<(i64, String)> = options_of(db, p.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.label))
        .collect();
    let ballots = anonymous_ballots(db, &p).await?;
    Ok(count(p.id, method(&p), &options, &ballots))
}

/// CSV: a header naming the options (`option_<id>`), then one line per
/// ballot giving each option's rank (1 = first choice; for single and
/// approval polls 1 = chosen), empty when not chosen.
pub async fn export_csv(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    id: i64,
) -> ApiResult<String> {
    staff.require_staff()?;
    // The export is read and audited in one transaction: no export without its row.
    let txn = crate::db::begin_write(db).await?;
    let p = find(&txn, id).await?;
    let options = options_of(&txn, p.id).await?;
    let ballots = anonymous_ballots(&txn, &p).await?;
    let mut out = String::from("ballot");
    for o in &options {
        out.push_str(&format!(",option_{}", o.id));
    }
    out.push('\n');
    for (n, b) in ballots.iter().enumerate() {
        out.push_str(&(n + 1).to_string());
        for o in &options {
            out.push(',');
            if let Some(pos) = b.iter().position(|c| *c == o.id) {
                out.push_str(&(pos + 1).to_string());
            }
        }
        out.push('\n');
    }
    crate::audit::record(
        &txn,
        Some(staff.id()),
        "poll.export",
        &format!("poll:{}", p.id),
        "",
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// Reads an export back into ballots (used by the recount check).
pub fn parse_csv(csv: &str) -> Option<(Vec<i64>, Vec<Vec<i64>>)> {
    let mut lines = csv.lines();
    let header = lines.next()?;
    let options: Vec<i64> = header
        .split(',')
        .skip(1)
        .map(|h| h.strip_prefix("option_").and_then(|n| n.parse().ok()))
        .collect::<Option<_>>()?;
    let mut ballots = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let mut ranked: Vec<(usize, i64)> = Vec::new();
        for (i, cell) in line.split(',').skip(1).enumerate() {
            if !cell.is_empty() {
                ranked.push((cell.parse().ok()?, *options.get(i)?));
            }
        }
        ranked.sort();
        ballots.push(ranked.into_iter().map(|(_, o)| o).collect());
    }
    Some((options, ballots))
}

/// Staff set an option's image (the body is the image) before the poll opens.
pub async fn set_option_image(
    state: &AppState,
    staff: &CurrentUser,
    poll_id: i64,
    option_id: i64,
    image: bytes::Bytes,
) -> ApiResult<Poll> {
    staff.require_staff()?;
    let db = &state.db;
    let p = find(db, poll_id).await?;
    if state_at(&p, Utc::now()) != PollState::Scheduled {
        return Err(ApiError::conflict(
            "poll_locked",
            "a poll's rules are locked once it opens",
        ));
    }
    let opt = poll_option::Entity::find_by_id(option_id)
        .one(db)
        .await?
        .filter(|o| o.poll_id == p.id)
        .ok_or_else(|| ApiError::not_found("no such option"))?;
    let processed = crate::entries::service::process(state, image).await?;
    let key = crate::storage::references::poll_option_key(p.id, processed.display.ext);
    state
        .store
        .put(
            &key,
            processed.display.bytes.clone(),
            processed.display.content_type,
        )
        .await?;
    let old = opt.image_key.clone();
    let detail = format!("option {}: {key}", opt.id);
    let mut am: poll_option::ActiveModel = opt.into();
    am.image_key = Set(Some(key.clone()));
    let written = async {
        let txn = crate::db::begin_write(db).await?;
        am.update(&txn).await?;
        crate::audit::record(
            &txn,
            Some(staff.id()),
            "poll.option_image",
            &format!("poll:{}", p.id),
            &detail,
        )
        .await?;
        txn.commit().await
    };
    if let Err(e) = written.await {
        let _ = state.store.delete(&key).await;
        return Err(e.into());
    }
    if let Some(old) = old {
        let _ = state.store.delete(&old).await;
    }
    view(db, &p, Some(staff)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_export_recounts_to_the_same_result() {
        let options = vec![
            (10, "Cloud".to_owned()),
            (11, "Pearl".to_owned()),
            (12, "Dusk".to_owned()),
        ];
        let ballots = vec![
            vec![10, 11],
            vec![11],
            vec![12, 11],
            vec![10],
            vec![12, 10, 11],
        ];
        let published = count(1, PollMethod::Ranked, &options, &ballots);
        let mut csv = String::from("ballot,option_10,option_11,option_12\n");
        for (n, b) in ballots.iter().enumerate() {
            let cells: Vec<String> = [10, 11, 12]
                .iter()
                .map(|o| {
                    b.iter()
                        .position(|c| c == o)
                        .map(|p| (p + 1).to_string())
                        .unwrap_or_default()
                })
                .collect();
            csv.push_str(&format!("{},{}\n", n + 1, cells.join(",")));
        }
        let (opts, parsed) = parse_csv(&csv).unwrap();
        assert_eq!(parsed, ballots);
        let recount = count(
            1,
            PollMethod::Ranked,
            &opts.iter().map(|o| (*o, String::new())).collect::<Vec<_>>(),
            &parsed,
        );
        assert_eq!(recount.winner, published.winner);
        assert_eq!(recount.rounds.len(), published.rounds.len());
    }
}
