//! Counting ballots: plurality, approval and instant runoff.
//!
//! Instant runoff: each round, every ballot counts for its highest-ranked
//! option still in the race; ballots with none left are exhausted. An option
//! with more than half of the round's non-exhausted ballots wins. Otherwise
//! the option with the fewest votes is eliminated. A tie for fewest is broken
//! by the earlier rounds (fewest votes in the latest round where they differ),
//! then by a reproducible draw (see [`draw_order`]): voters saw the options
//! shuffled, so listing order decides nothing. When every remaining option
//! is tied the same rule picks who goes, so the count always ends with one
//! winner unless no ballot ranks anything.

use atelier_api::TieBreak;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

/// The seed of a poll's draws: the hex SHA-256 of
/// `"atelier-poll-draw:{poll_id}\n"` followed by every ballot as its option
/// ids in order joined by commas, one per line (each ending in `\n`), the
/// lines sorted. Anyone holding the ballot export can recompute it, and
/// nobody knows it before the last ballot is in.
pub fn draw_seed(poll_id: i64, ballots: &[Vec<i64>]) -> String {
    let mut lines: Vec<String> = ballots
        .iter()
        .map(|b| b.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
        .collect();
    lines.sort();
    let mut h = Sha256::new();
    h.update(format!("atelier-poll-draw:{poll_id}\n"));
    for l in &lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// An option's number in the draw: hex SHA-256 of `"{seed}:{option_id}"`.
pub fn draw_number(seed: &str, option: i64) -> String {
    hex::encode(Sha256::digest(format!("{seed}:{option}")))
}

/// `tied` in draw order: lowest number first (the draw's winner), highest
/// last (the one a draw eliminates).
pub fn draw_order(seed: &str, tied: &[i64]) -> Vec<i64> {
    let mut keyed: Vec<(String, i64)> = tied.iter().map(|o| (draw_number(seed, *o), *o)).collect();
    keyed.sort();
    keyed.into_iter().map(|(_, o)| o).collect()
}

/// A round: votes per continuing option, exhausted ballots, who goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub counts: Vec<(i64, u64)>,
    pub exhausted: u64,
    pub eliminated: Option<i64>,
    pub tie_break: bool,
    /// The options tied for last (empty without a tie).
    pub tied: Vec<i64>,
    /// What broke that tie.
    pub rule: Option<TieBreak>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runoff {
    pub rounds: Vec<Round>,
    pub winner: Option<i64>,
}

pub const RULES: &str = "Each round every ballot counts for its highest-ranked option still in the race; an option with more than half of the round's non-exhausted ballots wins, otherwise the option with the fewest votes is eliminated. A tie for fewest is broken by the latest earlier round in which the tied options differed (the one with fewer votes then is eliminated), then by a reproducible draw: each tied option's number is the SHA-256 of the published seed, a colon and its id; the highest number is eliminated.";

/// `options` in their listed order; `ballots` as option ids in preference
/// order (ids not in `options` and repeats are ignored); `seed` for draws.
pub fn instant_runoff(options: &[i64], ballots: &[Vec<i64>], seed: &str) -> Runoff {
    let mut continuing: Vec<i64> = options.to_vec();
    let mut rounds: Vec<Round> = Vec::new();
    let done = |counts, exhausted| Round {
        counts,
        exhausted,
        eliminated: None,
        tie_break: false,
        tied: Vec::new(),
        rule: None,
    };
    loop {
        let live: HashSet<i64> = continuing.iter().copied().collect();
        let mut counts: BTreeMap<i64, u64> = continuing.iter().map(|o| (*o, 0)).collect();
        let mut exhausted = 0u64;
        for b in ballots {
            match b.iter().find(|c| live.contains(c)) {
                Some(c) => *counts.entry(*c).or_default() += 1,
                None => exhausted += 1,
            }
        }
        let active: u64 = counts.values().sum();
        let ordered: Vec<(i64, u64)> = continuing.iter().map(|o| (*o, counts[o])).collect();
        if active == 0 {
            rounds.push(done(ordered, exhausted));
            return Runoff {
                rounds,
                winner: None,
            };
        }
        if let Some((w, _)) = ordered.iter().find(|(_, v)| 2 * v > active) {
            let winner = *w;
            rounds.push(done(ordered, exhausted));
            return Runoff {
                rounds,
                winner: Some(winner),
            };
        }
        if continuing.len() == 1 {
            let winner = continuing[0];
            rounds.push(done(ordered, exhausted));
            return Runoff {
                rounds,
                winner: Some(winner),
            };
        }
        let fewest = ordered.iter().map(|(_, v)| *v).min().unwrap_or(0);
        let mut tied: Vec<i64> = ordered
            .iter()
            .filter(|(_, v)| *v == fewest)
            .map(|(o, _)| *o)
            .collect();
        let tie_break = tied.len() > 1;
        let all_tied = if tie_break { tied.clone() } else { Vec::new() };
        // Look back through earlier rounds, latest first.
        for earlier in rounds.iter().rev() {
            if tied.len() <= 1 {
                break;
            }
            let votes = |o: i64| {
                earlier
                    .counts
                    .iter()
                    .find(|(id, _)| *id == o)
                    .map_or(0, |(_, v)| *v)
            };
            let min = tied.iter().map(|o| votes(*o)).min().unwrap_or(0);
            tied.retain(|o| votes(*o) == min);
        }
        let rule = match tied.len() {
            _ if !tie_break => None,
            1 => Some(TieBreak::EarlierRounds),
            _ => Some(TieBreak::Draw),
        };
        let out = match draw_order(seed, &tied).last() {
            Some(o) => *o,
            None => continuing[continuing.len() - 1],
        };
        continuing.retain(|o| *o != out);
        rounds.push(Round {
            counts: ordered,
            exhausted,
            eliminated: Some(out),
            tie_break,
            tied: all_tied,
            rule,
        });
    }
}

/// Single choice and approval: one vote per chosen option.
pub fn tally(options: &[i64], ballots: &[Vec<i64>]) -> Vec<(i64, u64)> {
    options
        .iter()
        .map(|o| (*o, ballots.iter().filter(|b| b.contains(o)).count() as u64))
        .collect()
}

/// The plurality result: the winner and the options sharing the most
/// votes (more than one: a tie, which the draw with `seed` breaks).
pub fn plurality_winner(counts: &[(i64, u64)], seed: &str) -> (Option<i64>, Vec<i64>) {
    let Some(best) = counts.iter().map(|(_, v)| *v).max().filter(|b| *b > 0) else {
        return (None, Vec::new());
    };
    let top: Vec<i64> = counts
        .iter()
        .filter(|(_, v)| *v == best)
        .map(|(o, _)| *o)
        .collect();
    let winner = draw_order(seed, &top).first().copied();
    (winner, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(v: &[i64]) -> Vec<i64> {
        v.to_vec()
    }

    #[test]
    fn a_majority_of_first_preferences_wins_in_round_one() {
        let r = instant_runoff(&[1, 2, 3], &[b(&[1, 2]), b(&[1]), b(&[2, 1])], "seed");
        assert_eq!(r.winner, Some(1));
        assert_eq!(r.rounds.len(), 1);
        assert_eq!(r.rounds[0].counts, vec![(1, 2), (2, 1), (3, 0)]);
    }

    #[test]
    fn transfers_decide_the_textbook_case() {
        // 1: 8 first preferences, 2: 7, 3: 5 whose voters prefer 2 next.
        let mut ballots = Vec::new();
        ballots.extend(std::iter::repeat_n(b(&[1, 2]), 8));
        ballots.extend(std::iter::repeat_n(b(&[2, 1]), 7));
        ballots.extend(std::iter::repeat_n(b(&[3, 2]), 5));
        let r = instant_runoff(&[1, 2, 3], &ballots, "seed");
        assert_eq!(r.rounds[0].eliminated, Some(3));
        assert_eq!(r.rounds[1].counts, vec![(1, 8), (2, 12)]);
        assert_eq!(r.winner, Some(2));
    }

    #[test]
    fn exhausted_ballots_leave_the_majority_threshold() {
        // 4 for A, 3 for B, 2 for C only (no further preference).
        let mut ballots = Vec::new();
        ballots.extend(std::iter::repeat_n(b(&[1]), 4));
        ballots.extend(std::iter::repeat_n(b(&[2]), 3));
        ballots.extend(std::iter::repeat_n(b(&[3]), 2));
        let r = instant_runoff(&[1, 2, 3], &ballots, "seed");
        assert_eq!(r.rounds[0].eliminated, Some(3));
        // Round 2: 4 vs 3 with 2 exhausted: 4 > 7/2, A wins.
        assert_eq!(r.rounds[1].exhausted, 2);
        assert_eq!(r.rounds[1].counts, vec![(1, 4), (2, 3)]);
        assert_eq!(r.winner, Some(1));
    }

    #[test]
    fn a_tie_for_last_looks_back_then_goes_by_listing_order() {
        // Round 1: A 3, B 2, C 2, D 1 -> D out, its voter prefers B.
        // Round 2: A 3, B 3, C 2 -> C out (no tie). C's voters prefer A/B split.
        let ballots = vec![
            b(&[1]),
            b(&[1]),
            b(&[1]),
            b(&[2]),
            b(&[2]),
            b(&[3, 1]),
            b(&[3, 2]),
            b(&[4, 2]),
        ];
        let r = instant_runoff(&[1, 2, 3, 4], &ballots, "seed");
        assert_eq!(r.rounds[0].eliminated, Some(4));
        assert!(!r.rounds[0].tie_break);
        assert_eq!(r.rounds[1].counts, vec![(1, 3), (2, 3), (3, 2)]);
        assert_eq!(r.rounds[1].eliminated, Some(3));
        // Round 3: A 4, B 4: a tie; round 2 had them equal too, round 1 had
        // A 3 > B 2, so B (fewer earlier) is eliminated and A wins.
        assert_eq!(r.rounds[2].counts, vec![(1, 4), (2, 4)]);
        assert!(r.rounds[2].tie_break);
        assert_eq!(r.rounds[2].rule, Some(TieBreak::EarlierRounds));
        assert_eq!(r.rounds[2].tied, [1, 2]);
        assert_eq!(r.rounds[2].eliminated, Some(2));
        assert_eq!(r.winner, Some(1));
    }

    #[test]
    fn a_complete_tie_goes_by_the_seeded_draw_not_listing_order() {
        // Whichever way the options are listed, the draw picks the same one.
        let seed = draw_seed(1, &[b(&[7]), b(&[8])]);
        let out = *draw_order(&seed, &[7, 8]).last().unwrap();
        for listed in [[7, 8], [8, 7]] {
            let r = instant_runoff(&listed, &[b(&[7]), b(&[8])], &seed);
            assert_eq!(r.rounds[0].eliminated, Some(out));
            assert!(r.rounds[0].tie_break);
            assert_eq!(r.rounds[0].rule, Some(TieBreak::Draw));
            let mut tied = r.rounds[0].tied.clone();
            tied.sort();
            assert_eq!(tied, [7, 8]);
            assert_eq!(r.winner, Some(if out == 7 { 8 } else { 7 }));
        }
    }

    #[test]
    fn the_draw_is_reproducible_and_depends_on_the_seed() {
        assert_eq!(draw_order("abc", &[1, 2, 3]), draw_order("abc", &[3, 1, 2]));
        // The seed is the same whatever order the ballots come in.
        let ballots = [b(&[1, 2]), b(&[2]), b(&[3, 1])];
        let mut reversed = ballots.to_vec();
        reversed.reverse();
        assert_eq!(draw_seed(4, &ballots), draw_seed(4, &reversed));
        assert_ne!(draw_seed(4, &ballots), draw_seed(5, &ballots));
        assert_eq!(draw_seed(4, &ballots).len(), 64);
        // The documented construction.
        assert_eq!(draw_number("s", 12), hex::encode(Sha256::digest(b"s:12")));
        // Over many seeds, each of two options wins some draws.
        let firsts: HashSet<i64> = (0..32)
            .map(|n| draw_order(&n.to_string(), &[1, 2])[0])
            .collect();
        assert_eq!(firsts.len(), 2);
    }

    #[test]
    fn no_ballots_no_winner() {
        let r = instant_runoff(&[1, 2], &[], "seed");
        assert_eq!(r.winner, None);
        let r = instant_runoff(&[1, 2], &[b(&[9])], "seed");
        assert_eq!(r.winner, None);
        assert_eq!(r.rounds[0].exhausted, 1);
    }

    #[test]
    fn approval_counts_every_approved_option() {
        let counts = tally(&[1, 2, 3], &[b(&[1, 2]), b(&[2]), b(&[2, 3])]);
        assert_eq!(counts, vec![(1, 1), (2, 3), (3, 1)]);
        assert_eq!(plurality_winner(&counts, "s"), (Some(2), vec![2]));
        let (w, tied) = plurality_winner(&[(1, 2), (2, 2), (3, 1)], "s");
        assert_eq!(tied, [1, 2]);
        assert_eq!(w, draw_order("s", &[1, 2]).first().copied());
        assert_eq!(plurality_winner(&[(1, 0)], "s"), (None, vec![]));
    }
}
