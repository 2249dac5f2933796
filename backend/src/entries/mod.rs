//! Challenge entries: uploads through the image pipeline into the store,
//! galleries, editing and withdrawing, near-duplicate review, and the
//! sweeper that removes objects no row points at.

pub mod gallery;
pub mod ranking;
pub mod routes;
pub mod service;
pub mod sweeper;
