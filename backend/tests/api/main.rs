//! Integration tests: each spawns the real application on a random port with
//! its own fresh database, once on SQLite and once on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod mail_helpers;

mod accounts;
mod auth;
mod challenge_admin;
mod challenges;
mod email;
mod entries;
mod health;
mod s3;
mod spa;
mod voting;
