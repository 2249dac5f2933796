//! Atelier's backend: a brand's community runs design challenges, submits
//! work, votes and co-creates products.

pub mod app;
pub mod audit;
pub mod auth;
pub mod challenges;
pub mod client_ip;
pub mod config;
pub mod content_i18n;
pub mod db;
pub mod demo;
pub mod entities;
pub mod entries;
pub mod error;
pub mod experts;
pub mod health;
pub mod i18n;
pub mod ledger;
pub mod mail;
pub mod media;
pub mod openapi;
pub mod orders;
pub mod payments;
pub mod payouts;
pub mod revenue;
pub mod routes;
pub mod search;
pub mod security_headers;
pub mod site;
pub mod spa;
pub mod state;
pub mod statements;
pub mod storage;
pub mod telemetry;
pub mod templates;
pub mod users;
pub mod voting;
