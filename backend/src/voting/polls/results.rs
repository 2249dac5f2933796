//! Counting ballots (plurality, approval, instant runoff), the results
//! view and the CSV export that recounts to the same result.

use super::irv;
use super::{OPTION_TEXT, find, method, options_of, parse_choices, state_at};
use crate::auth::CurrentUser;
use crate::content_i18n::{Loaded, Locale};
use crate::entities::{ballot, poll};
use crate::error::{ApiError, ApiResult};
use atelier_api::{OptionCount, PollMethod, PollResults, PollState, RunoffRound, TieBreak};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

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
    let seed = irv::draw_seed(poll_id, ballots);
    let mut tied_options = Vec::new();
    let mut tie_break = None;
    let (counts, rounds, winner, rules) = match m {
        PollMethod::Single | PollMethod::Approval => {
            let t = irv::tally(&ids, ballots);
            let (w, top) = irv::plurality_winner(&t, &seed);
            if top.len() > 1 {
                tied_options = top;
                tie_break = Some(TieBreak::Draw);
            }
            (to_counts(&t), Vec::new(), w, PLURALITY_RULES)
        }
        PollMethod::Ranked => {
            let first: Vec<Vec<i64>> = ballots
                .iter()
                .map(|b| b.iter().take(1).copied().collect())
                .collect();
            let r = irv::instant_runoff(&ids, ballots, &seed);
            // The win came out of a tie when, in the last round that
            // eliminated anyone, every continuing option was tied.
            if let Some(decisive) = r.rounds.iter().rev().find(|x| x.eliminated.is_some())
                && decisive.tie_break
                && decisive.tied.len() == decisive.counts.len()
                && r.winner.is_some()
            {
                tied_options = decisive.tied.clone();
                tie_break = decisive.rule;
            }
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
                    tied: round.tied.clone(),
                    tie_break_rule: round.rule,
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
        tied: !tied_options.is_empty(),
        tied_options,
        tie_break,
        draw_seed: seed,
        rules: rules.to_owned(),
    }
}

/// How single and approval polls are counted and their ties broken.
pub const PLURALITY_RULES: &str = "Most votes wins. Options sharing the most votes are a tie, shown as one; it is broken by a reproducible draw: each tied option's number is the SHA-256 of the published seed, a colon and its id, and the lowest number wins.";

/// The results, with the option labels in `locale`.
pub async fn results(
    db: &DatabaseConnection,
    id: i64,
    staff: bool,
    locale: Locale,
) -> ApiResult<PollResults> {
    let p = find(db, id).await?;
    if !staff && state_at(&p, Utc::now()) != PollState::Closed {
        return Err(ApiError::conflict(
            "results_not_published",
            "results are published when the poll closes",
        ));
    }
    let rows = options_of(db, p.id).await?;
    let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
    let texts = Loaded::load(db, OPTION_TEXT.kind, &ids, Some(locale)).await?;
    let options: Vec<(i64, String)> = rows
        .iter()
        .map(|o| {
            let label = texts.resolve(o.id, &p.base_locale, locale, "label", &o.label);
            (o.id, label.to_owned())
        })
        .collect();
    let ballots = anonymous_ballots(db, &p).await?;
    Ok(count(p.id, method(&p), &options, &ballots))
}

/// A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a
/// line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The fields of one CSV line (quoted fields may hold commas and doubled
/// quotes; a line break inside a field is not expected here).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

/// The header cell of an option: `option_<id> (<label>)`, CSV-escaped.
pub fn option_header(id: i64, label: &str) -> String {
    // One line per header: a label's line breaks become spaces.
    let label: String = label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    csv_field(&format!("option_{id} ({label})"))
}

/// CSV: a header naming the options (`option_<id> (<label>)`, the label in
/// the poll's base language), then one line per ballot giving each option's
/// rank (1 = first choice; for single and approval polls 1 = chosen), empty
/// when not chosen.
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
        out.push(',');
        out.push_str(&option_header(o.id, &o.label));
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
    let options: Vec<i64> = csv_fields(header)
        .iter()
        .skip(1)
        .map(|h| {
            let rest = h.strip_prefix("option_")?;
            let digits = rest.split(' ').next()?;
            digits.parse().ok()
        })
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
        let mut csv = format!(
            "ballot,{},{},{}\n",
            option_header(10, "Cloud"),
            option_header(11, "Pearl, \"the\" one"),
            option_header(12, "Dusk")
        );
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
        assert_eq!(recount.draw_seed, published.draw_seed);
    }

    #[test]
    fn header_cells_carry_labels_and_are_escaped() {
        assert_eq!(option_header(12, "Mango Mist"), "option_12 (Mango Mist)");
        assert_eq!(
            option_header(3, "Say \"hi\", ok"),
            "\"option_3 (Say \"\"hi\"\", ok)\""
        );
        assert_eq!(option_header(4, "a\nb"), "option_4 (a b)");
        let line = format!(
            "ballot,{},{}",
            option_header(3, "x, \"y\""),
            option_header(4, "z")
        );
        assert_eq!(
            csv_fields(&line),
            ["ballot", "option_3 (x, \"y\")", "option_4 (z)"]
        );
    }

    #[test]
    fn a_single_choice_tie_is_declared_and_drawn() {
        let options = vec![
            (1, "A".to_owned()),
            (2, "B".to_owned()),
            (3, "C".to_owned()),
        ];
        let ballots = vec![vec![1], vec![2], vec![1], vec![2], vec![3]];
        let r = count(9, PollMethod::Single, &options, &ballots);
        assert!(r.tied);
        assert_eq!(r.tied_options, [1, 2]);
        assert_eq!(r.tie_break, Some(TieBreak::Draw));
        assert_eq!(r.draw_seed, irv::draw_seed(9, &ballots));
        assert_eq!(
            r.winner,
            irv::draw_order(&r.draw_seed, &[1, 2]).first().copied()
        );
        let clear = count(9, PollMethod::Single, &options, &ballots[..4 - 1]);
        assert!(!clear.tied);
        assert_eq!(clear.tie_break, None);
        assert_eq!(clear.winner, Some(1));
    }
}
