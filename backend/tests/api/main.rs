//! Integration tests: each spawns the real application on a random port with
//! its own fresh database, once on SQLite and once on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod mail_helpers;

mod abuse_login;
mod abuse_uploads;
mod accounts;
mod audit;
mod audit_log;
mod auth;
mod authz;
mod challenge_admin;
mod challenges;
mod content_locale;
mod content_locale_lists;
mod content_locale_polls;
mod db_faults;
mod duplicate_index;
mod email;
mod entries_gallery;
mod entries_review;
mod entries_storage;
mod entries_submit;
mod expert_state;
mod first_start;
mod forms;
mod health;
mod i18n;
mod orders;
mod orders_concurrency;
mod orders_support;
mod payments_stripe;
mod poll_ties;
mod polls;
mod rehash;
mod results_visibility;
mod s3;
mod security_headers;
mod sessions;
mod spa;
mod sweeper;
mod uploads;
mod vote_flags;
mod voting;
