//! A challenge's phase comes from the clock and its four times; no scheduler
//! flips it. Staff may override it (the override wins until cleared).

use atelier_api::Phase;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseTimes {
    pub submissions_open_at: DateTime<Utc>,
    pub voting_open_at: DateTime<Utc>,
    pub voting_close_at: DateTime<Utc>,
    pub results_at: DateTime<Utc>,
}

impl PhaseTimes {
    /// The times must follow each other: submissions, voting, close, results.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.submissions_open_at < self.voting_open_at
            && self.voting_open_at < self.voting_close_at
            && self.voting_close_at <= self.results_at
        {
            Ok(())
        } else {
            Err(
                "phase times must be in order: submissions open < voting open < voting close <= results",
            )
        }
    }

    pub fn phase_at(&self, now: DateTime<Utc>, overridden: Option<Phase>) -> Phase {
        if let Some(p) = overridden {
            return p;
        }
        if now < self.submissions_open_at {
            Phase::Upcoming
        } else if now < self.voting_open_at {
            Phase::Submissions
        } else if now < self.voting_close_at {
            Phase::Voting
        } else if now < self.results_at {
            Phase::Closed
        } else {
            Phase::Results
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn times() -> (DateTime<Utc>, PhaseTimes) {
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        (
            t0,
            PhaseTimes {
                submissions_open_at: t0,
                voting_open_at: t0 + Duration::days(7),
                voting_close_at: t0 + Duration::days(10),
                results_at: t0 + Duration::days(11),
            },
        )
    }

    #[test]
    fn each_boundary_starts_the_next_phase() {
        let (t0, t) = times();
        let s = Duration::seconds(1);
        assert_eq!(t.phase_at(t0 - s, None), Phase::Upcoming);
        assert_eq!(t.phase_at(t0, None), Phase::Submissions);
        assert_eq!(t.phase_at(t.voting_open_at - s, None), Phase::Submissions);
        assert_eq!(t.phase_at(t.voting_open_at, None), Phase::Voting);
        assert_eq!(t.phase_at(t.voting_close_at, None), Phase::Closed);
        assert_eq!(t.phase_at(t.results_at, None), Phase::Results);
    }

    #[test]
    fn an_override_wins_over_the_clock() {
        let (t0, t) = times();
        assert_eq!(t.phase_at(t0, Some(Phase::Voting)), Phase::Voting);
    }

    #[test]
    fn out_of_order_times_are_refused() {
        let (_, mut t) = times();
        assert!(t.validate().is_ok());
        t.voting_open_at = t.submissions_open_at;
        assert!(t.validate().is_err());
    }
}
