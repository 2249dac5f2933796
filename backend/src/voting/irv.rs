//! Counting ballots: plurality, approval and instant runoff.
//!
//! Instant runoff: each round, every ballot counts for its highest-ranked
//! option still in the race; ballots with none left are exhausted. An option
//! with more than half of the round's non-exhausted ballots wins. Otherwise
//! the option with the fewest votes is eliminated. A tie for fewest is broken
//! by the earlier rounds (fewest votes in the latest round where they differ),
//! then by the original order of options: the later-listed one goes. When
//! every remaining option is tied the same rule picks who goes, so the count
//! always ends with one winner unless no ballot ranks anything.

use std::collections::{BTreeMap, HashSet};

/// A round: votes per continuing option, exhausted ballots, who goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub counts: Vec<(i64, u64)>,
    pub exhausted: u64,
    pub eliminated: Option<i64>,
    pub tie_break: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runoff {
    pub rounds: Vec<Round>,
    pub winner: Option<i64>,
}

pub const RULES: &str = "Each round every ballot counts for its highest-ranked option still in the race; an option with more than half of the round's non-exhausted ballots wins, otherwise the option with the fewest votes is eliminated. Ties for fewest are broken by the latest earlier round in which the tied options differed, then by listing order (the later-listed option is eliminated).";

/// `options` in their listed order; `ballots` as option ids in preference
/// order (ids not in `options` and repeats are ignored).
pub fn instant_runoff(options: &[i64], ballots: &[Vec<i64>]) -> Runoff {
    let mut continuing: Vec<i64> = options.to_vec();
    let mut rounds: Vec<Round> = Vec::new();
    let position = |id: i64| options.iter().position(|o| *o == id).unwrap_or(usize::MAX);
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
            rounds.push(Round {
                counts: ordered,
                exhausted,
                eliminated: None,
                tie_break: false,
            });
            return Runoff {
                rounds,
                winner: None,
            };
        }
        if let Some((w, _)) = ordered.iter().find(|(_, v)| 2 * v > active) {
            let winner = *w;
            rounds.push(Round {
                counts: ordered,
                exhausted,
                eliminated: None,
                tie_break: false,
            });
            return Runoff {
                rounds,
                winner: Some(winner),
            };
        }
        if continuing.len() == 1 {
            let winner = continuing[0];
            rounds.push(Round {
                counts: ordered,
                exhausted,
                eliminated: None,
                tie_break: false,
            });
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
        let out = tied
            .into_iter()
            .max_by_key(|o| position(*o))
            .unwrap_or(continuing[continuing.len() - 1]);
        continuing.retain(|o| *o != out);
        rounds.push(Round {
            counts: ordered,
            exhausted,
            eliminated: Some(out),
            tie_break,
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

/// The plurality winner; a tie goes to the earlier-listed option.
pub fn plurality_winner(counts: &[(i64, u64)]) -> Option<i64> {
    let best = counts.iter().map(|(_, v)| *v).max()?;
    if best == 0 {
        return None;
    }
    counts.iter().find(|(_, v)| *v == best).map(|(o, _)| *o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(v: &[i64]) -> Vec<i64> {
        v.to_vec()
    }

    #[test]
    fn a_majority_of_first_preferences_wins_in_round_one() {
        let r = instant_runoff(&[1, 2, 3], &[b(&[1, 2]), b(&[1]), b(&[2, 1])]);
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
        let r = instant_runoff(&[1, 2, 3], &ballots);
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
        let r = instant_runoff(&[1, 2, 3], &ballots);
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
        let r = instant_runoff(&[1, 2, 3, 4], &ballots);
        assert_eq!(r.rounds[0].eliminated, Some(4));
        assert!(!r.rounds[0].tie_break);
        assert_eq!(r.rounds[1].counts, vec![(1, 3), (2, 3), (3, 2)]);
        assert_eq!(r.rounds[1].eliminated, Some(3));
        // Round 3: A 4, B 4: a tie; round 2 had them equal too, round 1 had
        // A 3 > B 2, so B (fewer earlier) is eliminated and A wins.
        assert_eq!(r.rounds[2].counts, vec![(1, 4), (2, 4)]);
        assert!(r.rounds[2].tie_break);
        assert_eq!(r.rounds[2].eliminated, Some(2));
        assert_eq!(r.winner, Some(1));
    }

    #[test]
    fn a_complete_tie_goes_by_listing_order() {
        let r = instant_runoff(&[7, 8], &[b(&[7]), b(&[8])]);
        assert_eq!(r.rounds[0].eliminated, Some(8));
        assert!(r.rounds[0].tie_break);
        assert_eq!(r.winner, Some(7));
    }

    #[test]
    fn no_ballots_no_winner() {
        let r = instant_runoff(&[1, 2], &[]);
        assert_eq!(r.winner, None);
        let r = instant_runoff(&[1, 2], &[b(&[9])]);
        assert_eq!(r.winner, None);
        assert_eq!(r.rounds[0].exhausted, 1);
    }

    #[test]
    fn approval_counts_every_approved_option() {
        let counts = tally(&[1, 2, 3], &[b(&[1, 2]), b(&[2]), b(&[2, 3])]);
        assert_eq!(counts, vec![(1, 1), (2, 3), (3, 1)]);
        assert_eq!(plurality_winner(&counts), Some(2));
        assert_eq!(plurality_winner(&[(1, 2), (2, 2)]), Some(1));
        assert_eq!(plurality_winner(&[(1, 0)]), None);
    }
}
