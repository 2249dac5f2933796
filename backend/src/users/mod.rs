//! Accounts: parsing of user input into domain values, creating users,
//! profiles and role changes.

pub mod domain;
pub mod finance;
pub mod routes;
pub mod service;
