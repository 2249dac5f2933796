//! Challenge entries: uploads through the image pipeline into the store,
//! galleries, editing and withdrawing, near-duplicate review, and the
//! sweeper that removes objects no row points at.

pub mod duplicates;
pub mod edit;
pub mod gallery;
pub mod palette;
pub mod ranking;
pub mod read;
pub mod routes;
pub mod submit;
pub mod sweeper;
