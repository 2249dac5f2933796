//! Voting: star ratings on entries during a challenge's voting phase, the
//! Bayesian ranking and staff's winner picks, co-creation polls with
//! single, approval and ranked-choice ballots, and integrity flags.

pub mod batch;
pub mod flags;
pub mod irv;
pub mod polls;
pub mod routes;
pub mod votes;
