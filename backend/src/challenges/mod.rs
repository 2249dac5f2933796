//! Design challenges: briefs, themes, phase times and the phase derived from
//! the clock.

pub mod admin;
pub mod markdown;
pub mod phase;
pub mod routes;
pub mod service;
pub mod text;
