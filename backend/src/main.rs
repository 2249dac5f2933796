//! `atelier serve | migrate | sweep | rehash | reindex | admin create-user | payouts run`.

use std::path::PathBuf;
use std::process::ExitCode;

use atelier::app::Application;
use atelier::config::Settings;
use atelier_api::Role;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "atelier",
    version,
    about = "Atelier: design challenges with your community"
)]
struct Cli {
    /// Configuration file (default: ./atelier.toml when it exists).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates first).
    Serve {
        /// Seed demo users, challenges and entries into an empty database.
        /// The demo accounts share a published password: never on a real deployment.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Remove stored objects no row refers to (older than the grace period).
    Sweep,
    /// Recompute perceptual hashes of an earlier version from their thumbnails.
    Rehash,
    /// Rebuild the template search index from the database.
    Reindex,
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Creator payouts.
    Payouts {
        #[command(subcommand)]
        command: PayoutsCommand,
    },
}

#[derive(Subcommand)]
enum PayoutsCommand {
    /// Make the payouts of a month that has ended (Asia/Taipei); a repeat
    /// for the same month makes nothing new.
    Run {
        /// The month, YYYY-MM.
        #[arg(long)]
        period: String,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a user, typically the first admin.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        handle: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Read from ATELIER_ADMIN_PASSWORD when not given.
        #[arg(long, env = "ATELIER_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "member", value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?} (member, expert, staff, admin)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    atelier::telemetry::init(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => {
            settings.demo.seed |= demo;
            serve(settings).await
        }
        Command::Migrate => {
            let db = atelier::db::connect(&settings).await?;
            atelier::db::migrate(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Sweep => {
            let n = atelier::entries::sweeper::run_once(&settings).await?;
            println!("removed {n} orphan objects");
            Ok(())
        }
        Command::Rehash => {
            let r = atelier::media::rehash::run_once(&settings).await?;
            println!(
                "recomputed {} perceptual hashes; {} could not be",
                r.updated, r.failed
            );
            Ok(())
        }
        Command::Reindex => {
            let db = atelier::db::connect(&settings).await?;
            atelier::db::migrate(&db).await?;
            let index = atelier::search::sync::open(&settings)?;
            let n = atelier::search::rebuild_from_db(&db, &index).await?;
            match index.dir() {
                Some(dir) => println!("indexed {n} templates into {}", dir.display()),
                None => println!(
                    "indexed {n} templates in memory only: without search.dir (S3 storage), \
                     each server builds its own index when it starts"
                ),
            }
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    email,
                    handle,
                    display_name,
                    password,
                    role,
                },
        } => {
            let db = atelier::db::connect(&settings).await?;
            atelier::db::migrate(&db).await?;
            let user = atelier::users::service::create_from_cli(
                &db,
                &email,
                &handle,
                display_name.as_deref().unwrap_or(&handle),
                &password,
                role,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            println!(
                "created {} (@{}) as {}",
                user.email,
                user.handle,
                role.as_str()
            );
            Ok(())
        }
        Command::Payouts {
            command: PayoutsCommand::Run { period },
        } => {
            let db = atelier::db::connect(&settings).await?;
            atelier::db::migrate(&db).await?;
            let result = atelier::payouts::run(&db, &settings, period.trim(), None)
                .await
                .map_err(|e| anyhow::anyhow!("{} ({})", e.message, e.code))?;
            println!("{}", payout_summary(&result, &settings.ledger.currency));
            Ok(())
        }
    }
}

/// What `atelier payouts run` prints: the run, its totals and who was skipped.
fn payout_summary(r: &atelier_api::PayoutRunResult, currency: &str) -> String {
    use atelier::payouts::settings::major;
    let total = |f: fn(&atelier_api::Payout) -> i64| r.payouts.iter().map(f).sum::<i64>();
    let (gross, tax, net) = (
        total(|p| p.gross.amount_minor),
        total(|p| p.tax.amount_minor),
        total(|p| p.net.amount_minor),
    );
    let mut out = if r.created {
        format!(
            "payout run {} for {}: {} payouts created",
            r.run_id,
            r.period,
            r.payouts.len()
        )
    } else {
        format!(
            "the payout run for {} exists already (run {}): {} payouts, nothing new created",
            r.period,
            r.run_id,
            r.payouts.len()
        )
    };
    out.push_str(&format!(
        "\ntotal gross {} {currency}, tax withheld {}, net {}",
        major(gross, currency),
        major(tax, currency),
        major(net, currency)
    ));
    out.push_str(&format!("\nskipped {}", r.skipped.len()));
    for s in &r.skipped {
        out.push_str(&format!(
            "\n  @{} ({}): {} {} available",
            s.handle,
            s.reason,
            major(s.available.amount_minor, &s.available.currency),
            s.available.currency
        ));
    }
    out
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    let url = app.url();
    if !app.demo_logins.is_empty() {
        println!(
            "Demo data seeded. Log in with password {:?} as:",
            atelier::demo::DEMO_PASSWORD
        );
        for login in &app.demo_logins {
            println!("  {:<28} {}", login.email, login.role.as_str());
        }
    }
    if app.needs_first_admin && app.demo_logins.is_empty() {
        println!(
            "No admin account exists yet. Create the first one with:\n  \
             ATELIER_ADMIN_PASSWORD='<a long password>' atelier admin create-user \
             --email you@example.com --handle you --role admin"
        );
    }
    println!("Atelier is running at {url}");
    tracing::info!(%url, "listening");
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}
