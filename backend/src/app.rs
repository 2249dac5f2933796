//! Builds the application: connects and migrates the database, opens the
//! object store, seeds demo data, and binds the HTTP server. Tests call
//! `Application::build` with port 0 and read the real port back.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use actix_web_prom::PrometheusMetricsBuilder;
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::demo::DemoLogin;
use crate::error::{json_error_handler, path_error_handler, query_error_handler};
use crate::state::AppState;

pub struct Application {
    server: Server,
    port: u16,
    host: String,
    /// Log-ins created by demo seeding on this start, if any.
    pub demo_logins: Vec<DemoLogin>,
    /// No admin account exists yet: `serve` says how to create one.
    pub needs_first_admin: bool,
}

impl Application {
    pub async fn build(mut settings: Settings) -> anyhow::Result<Application> {
        let db = crate::db::connect(&settings).await?;
        crate::db::migrate(&db).await?;
        let placed = crate::entries::shuffles::backfill(&db)
            .await
            .context("placing entries in the gallery shuffles")?;
        if placed > 0 {
            tracing::info!(placed, "entries placed in the gallery shuffles");
        }
        let posted = crate::revenue::sales::catch_up(&db, &settings.ledger)
            .await
            .context("posting paid and refunded orders to the ledger")?;
        if posted > 0 {
            tracing::info!(posted, "order events posted to the ledger");
        }
        let store = crate::storage::open(&settings).await?;
        let demo_logins = if settings.demo.seed {
            crate::demo::seed_if_empty(&db, store.as_ref(), &settings)
                .await
                .context("seeding demo data")?
        } else {
            Vec::new()
        };
        let needs_first_admin = !crate::users::service::admin_exists(&db)
            .await
            .context("looking for an admin account")?;
        let listener = TcpListener::bind((settings.http.host.as_str(), settings.http.port))
            .with_context(|| format!("binding {}:{}", settings.http.host, settings.http.port))?;
        let port = listener.local_addr()?.port();
        // Links in mail need the real port when 0 was asked for.
        settings.http.public_url = Some(settings.public_url(port));
        let host = settings.http.host.clone();
        let state = web::Data::new(AppState::new(settings, db, store)?);
        crate::search::sync::start(&state.db, &state.search, &state.settings)
            .await
            .context("building the template search index")?;
        let media = &state.settings.media;
        if media.sweep_interval_secs > 0 {
            crate::entries::sweeper::spawn(
                state.db.clone(),
                state.store.clone(),
                std::time::Duration::from_secs(media.sweep_interval_secs),
                std::time::Duration::from_secs(media.orphan_grace_secs),
            );
        }
        crate::media::rehash::spawn(
            state.db.clone(),
            state.store.clone(),
            state.media_permits.clone(),
        );
        let server = build_server(listener, state)?;
        Ok(Application {
            server,
            port,
            host,
            demo_logins,
            needs_first_admin,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        let host = match self.host.as_str() {
            "0.0.0.0" | "::" => "127.0.0.1",
            h => h,
        };
        format!("http://{host}:{}/", self.port)
    }

    /// Runs until SIGINT/SIGTERM, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn build_server(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let http = state.settings.http.clone();
    let headers_settings = http.clone();
    let prometheus = PrometheusMetricsBuilder::new("atelier")
        .endpoint("/metrics")
        .mask_unmatched_patterns("UNMATCHED")
        .build()
        .map_err(|e| anyhow::anyhow!("building metrics: {e}"))?;
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::i18n::localise_errors))
            .wrap(crate::security_headers::middleware(&headers_settings))
            .wrap(Compress::default())
            .wrap(prometheus.clone())
            .wrap(from_fn(crate::telemetry::request_id_header))
            .wrap(TracingLogger::default())
            .app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(http.json_limit_bytes)
                    .error_handler(json_error_handler),
            )
            .app_data(web::QueryConfig::default().error_handler(query_error_handler))
            .app_data(web::PathConfig::default().error_handler(path_error_handler))
            .configure(crate::routes::configure)
    })
    .listen(listener)?
    .shutdown_timeout(http.shutdown_timeout_secs);
    if http.workers > 0 {
        server = server.workers(http.workers);
    }
    Ok(server.run())
}
