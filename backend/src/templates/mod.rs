//! The template marketplace: templates, their previews and private source
//! files, review, the catalogue, uses in entries and the creator dashboard.
//! Orders and licences are in `crate::orders`.

pub mod access;
pub mod popularity;
