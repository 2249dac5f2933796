//! Database connection for both backends. SQLite (the embedded default) gets
//! WAL mode and a busy timeout so concurrent requests wait instead of failing.

use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::config::Settings;

pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url();
    let sqlite = url.starts_with("sqlite:");
    if sqlite && settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating data directory {}", settings.data_dir.display()))?;
    }
    let mut opts = ConnectOptions::new(url);
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if sqlite {
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        opts.max_connections(20);
    }
    let db = Database::connect(opts)
        .await
        .context("connecting to the database")?;
    Ok(db)
}

/// Runs all pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None)
        .await
        .context("running database migrations")
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "postgres",
        sea_orm::DatabaseBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

/// Runs an idempotent read and, when it fails because the connection was
/// lost or refused (`database_unavailable`, e.g. the server restarted under
/// it), runs it once more. The pool tests a connection before handing it
/// out, so the second try runs on a live connection or a new one; if the
/// database is still down the client gets the 503 with `Retry-After`.
/// Only for reads: a write might have committed before the connection died.
pub async fn read<T, E, F, Fut>(mut f: F) -> crate::error::ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: Into<crate::error::ApiError>,
{
    match f().await.map_err(Into::into) {
        Err(e) if e.code == "database_unavailable" => {
            tracing::warn!(error = %e, "database connection lost; retrying the read once");
            f().await.map_err(Into::into)
        }
        done => done,
    }
}

/// Begins a transaction that writes. On SQLite it is `BEGIN IMMEDIATE`: a
/// deferred transaction that reads first and then writes fails at once with
/// SQLITE_BUSY_SNAPSHOT (extended code 517, which the busy timeout does not
/// retry) when another connection committed in between; taking the write lock
/// up front makes concurrent writers queue on the busy timeout instead.
/// PostgreSQL ignores the mode.
pub async fn begin_write<C: sea_orm::TransactionTrait>(
    db: &C,
) -> Result<C::Transaction, sea_orm::DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
