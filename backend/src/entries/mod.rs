//! Challenge entries: uploads through the image pipeline into the store,
//! galleries (winners first once results are out), placements, editing
//! and withdrawing, near-duplicate review and disqualification, and the
//! sweeper that removes objects no row points at.

pub mod disqualify;
pub mod duplicates;
pub mod edit;
pub mod gallery;
pub mod palette;
pub mod placement;
pub mod ranking;
pub mod read;
pub mod routes;
pub mod shuffles;
pub mod submit;
pub mod sweeper;
