//! Atelier's schema, one dated migration per change. Runs at start-up and by
//! `atelier migrate`, on SQLite and PostgreSQL alike.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_foundation;
mod m20261121_000002_entries;
mod m20261121_000003_votes;
mod m20261121_000004_voting;
mod m20261127_000001_refresh_grace;
mod m20261127_000002_rate_limits;
mod m20261127_000003_email_verification;
mod m20261128_000001_phash_version;
mod m20261128_000002_content_translations;
mod m20261128_100001_entry_status_reason;
mod m20261129_000001_templates;
mod m20261129_200001_order_ledger;
mod m20261129_300001_gallery_shuffles;
mod m20261129_300002_phash_bands;
mod m20261130_000001_ledger;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_foundation::Migration),
            Box::new(m20261121_000002_entries::Migration),
            Box::new(m20261121_000003_votes::Migration),
            Box::new(m20261121_000004_voting::Migration),
            Box::new(m20261127_000001_refresh_grace::Migration),
            Box::new(m20261127_000002_rate_limits::Migration),
            Box::new(m20261127_000003_email_verification::Migration),
            Box::new(m20261128_000001_phash_version::Migration),
            Box::new(m20261128_000002_content_translations::Migration),
            Box::new(m20261128_100001_entry_status_reason::Migration),
            Box::new(m20261129_000001_templates::Migration),
            Box::new(m20261129_200001_order_ledger::Migration),
            Box::new(m20261129_300001_gallery_shuffles::Migration),
            Box::new(m20261129_300002_phash_bands::Migration),
            Box::new(m20261130_000001_ledger::Migration),
        ]
    }
}
