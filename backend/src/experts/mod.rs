//! Verified experts: members apply with a bio, portfolio links and a field;
//! staff approve (the member becomes an expert with a badge) or reject with
//! a reason. Both decisions are audited.

pub mod routes;
pub mod service;
