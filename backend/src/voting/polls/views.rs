//! Polls as a viewer sees them, in the request's language, built for a
//! whole list at once: options, the viewer's ballots and invitations and the
//! translations each take one query, however many polls there are.

use std::collections::{HashMap, HashSet};

use atelier_api::{Eligibility, Poll, PollOption, PollState};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::text::{OPTION_TEXT, TEXT};
use super::{method, parse_choices, state_at};
use crate::auth::CurrentUser;
use crate::content_i18n::{Loaded, Locale};
use crate::entities::{ballot, poll, poll_invite, poll_option};
use crate::error::ApiResult;

/// Ids per `IN (...)`.
const CHUNK: usize = 500;

async fn options_of_all<C: ConnectionTrait>(
    db: &C,
    poll_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<poll_option::Model>>> {
    let mut by_poll: HashMap<i64, Vec<poll_option::Model>> = HashMap::new();
    for chunk in poll_ids.chunks(CHUNK) {
        let rows = poll_option::Entity::find()
            .filter(poll_option::Column::PollId.is_in(chunk.iter().copied()))
            .order_by_asc(poll_option::Column::PollId)
            .order_by_asc(poll_option::Column::Position)
            .all(db)
            .await?;
        for o in rows {
            by_poll.entry(o.poll_id).or_default().push(o);
        }
    }
    Ok(by_poll)
}

/// The viewer's ballots (poll -> choices) and invitations among `poll_ids`.
async fn viewer_state<C: ConnectionTrait>(
    db: &C,
    poll_ids: &[i64],
    viewer: i64,
) -> ApiResult<(HashMap<i64, Vec<i64>>, HashSet<i64>)> {
    let mut ballots = HashMap::new();
    let mut invited = HashSet::new();
    for chunk in poll_ids.chunks(CHUNK) {
        for b in ballot::Entity::find()
            .filter(ballot::Column::VoterId.eq(viewer))
            .filter(ballot::Column::PollId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            ballots.insert(b.poll_id, parse_choices(&b.choices));
        }
        for i in poll_invite::Entity::find()
            .filter(poll_invite::Column::UserId.eq(viewer))
            .filter(poll_invite::Column::PollId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            invited.insert(i.poll_id);
        }
    }
    Ok((ballots, invited))
}

/// `polls` (in that order) as `viewer` sees them, in `locale`; staff also
/// get every text in every language.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    polls: &[poll::Model],
    viewer: Option<&CurrentUser>,
    locale: Locale,
) -> ApiResult<Vec<Poll>> {
    let ids: Vec<i64> = polls.iter().map(|p| p.id).collect();
    let staff = viewer.is_some_and(|v| v.role.is_staff());
    let mut options = options_of_all(db, &ids).await?;
    let (mut ballots, invited) = match viewer {
        Some(v) => viewer_state(db, &ids, v.id()).await?,
        None => Default::default(),
    };
    let option_ids: Vec<i64> = options.values().flatten().map(|o| o.id).collect();
    let wanted = (!staff).then_some(locale);
    let poll_texts = Loaded::load(db, TEXT.kind, &ids, wanted).await?;
    let option_texts = Loaded::load(db, OPTION_TEXT.kind, &option_ids, wanted).await?;
    let now = Utc::now();
    let mut out = Vec::with_capacity(polls.len());
    for p in polls {
        let base = p.base_locale.as_str();
        let my_ballot = ballots.remove(&p.id);
        let open = state_at(p, now) == PollState::Open;
        let can_vote = viewer.is_some()
            && open
            && !staff
            && (p.eligibility != Eligibility::Invited.as_str() || invited.contains(&p.id))
            && (my_ballot.is_none() || p.allow_change);
        let text = |field: &str, value: &str| {
            poll_texts
                .resolve(p.id, base, locale, field, value)
                .to_owned()
        };
        let options = options
            .remove(&p.id)
            .unwrap_or_default()
            .into_iter()
            .map(|o| PollOption {
                id: o.id,
                label: option_texts
                    .resolve(o.id, base, locale, "label", &o.label)
                    .to_owned(),
                image_url: o.image_key.map(|k| format!("/api/v1/media/{k}")),
                texts: staff.then(|| option_texts.texts(o.id, base, &[("label", &o.label)])),
            })
            .collect();
        out.push(Poll {
            id: p.id,
            question: text("question", &p.question),
            product: text("product", &p.product),
            description: text("description", &p.description),
            method: method(p),
            max_choices: p.max_choices,
            eligibility: Eligibility::parse(&p.eligibility).unwrap_or(Eligibility::AllMembers),
            allow_change: p.allow_change,
            opens_at: p.opens_at,
            closes_at: p.closes_at,
            state: state_at(p, now),
            options,
            my_ballot,
            can_vote,
            base_locale: p.base_locale.clone(),
            texts: staff.then(|| {
                poll_texts.texts(
                    p.id,
                    base,
                    &[
                        ("question", &p.question),
                        ("product", &p.product),
                        ("description", &p.description),
                    ],
                )
            }),
        });
    }
    Ok(out)
}
