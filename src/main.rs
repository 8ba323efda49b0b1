//! `traffpunkt`: the Träffpunkt server and its operator commands.

use std::path::PathBuf;

use anyhow::Context as _;
use api::clock::Clock;
use api::config::Config;
use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: see BENCHMARKS.md (Q1, Q3).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Träffpunkt: the event and conference backend for networks of organisations.
///
/// Without a command, `serve` runs. Configuration comes from flags or
/// environment variables (and a `.env` file in the working directory).
#[derive(Debug, Parser)]
#[command(name = "traffpunkt", version, about, long_about)]
struct Cli {
    #[command(flatten)]
    config: Config,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the GraphQL API (the default). Applies pending migrations first.
    Serve,
    /// Send queued mail until SIGTERM or ctrl-c: a mail worker of its own, for
    /// deployments that run `serve` with `TRAFFPUNKT_WORKER=false`. Any
    /// number of workers may share one PostgreSQL database.
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        #[command(subcommand)]
        set: SeedSet,
    },
    /// Platform administrators, for bootstrapping.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Print the GraphQL schema (SDL), or write it to a file.
    ExportSchema {
        /// Write to this file instead of standard output (e.g. schema.graphql).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum AdminAction {
    /// Make a person a platform administrator (created if new). Running it
    /// again changes nothing.
    Create {
        /// Their email address.
        #[arg(long)]
        email: String,
        /// Their name (used when the person is new).
        #[arg(long)]
        name: String,
    },
    /// Print a fresh read-write API token for an administrator, for scripts:
    /// `Authorization: Bearer <token>`. Each run makes a new token.
    Token {
        /// The administrator's email address.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum SeedSet {
    /// The four scenarios of SCENARIOS.md: Göteborgsregionen and its networks,
    /// AllAgeHub's conference, Helsingborg's hybrid group, the Norwegian
    /// project. Running it twice changes nothing.
    Demo,
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// A service error as a message for the operator.
fn explain(err: api::service::Error) -> anyhow::Error {
    match err {
        api::service::Error::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field.join("."), e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        api::service::Error::NotFound(what) => anyhow::anyhow!("no such {what}"),
        other => anyhow::anyhow!(other),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env is fine; a broken one is worth saying.
    if let Err(err) = dotenvy::dotenv()
        && !err.not_found()
    {
        eprintln!("warning: cannot read .env: {err}");
    }
    let cli = Cli::parse();
    api::telemetry::init(cli.config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            api::app::serve(cli.config, Clock::system(), shutdown_signal(), |_, _| {}).await
        }
        Command::Worker => api::app::work(cli.config, Clock::system(), shutdown_signal()).await,
        Command::Migrate => {
            let (db, _, _) = api::db::connect(&cli.config).await?;
            api::db::migrate(&db).await.context("migrating")?;
            println!("migrations applied");
            Ok(())
        }
        Command::Seed { set: SeedSet::Demo } => {
            let (db, _, _) = api::db::connect(&cli.config).await?;
            api::db::migrate(&db).await.context("migrating")?;
            let cx = api::service::Context::system(db, Clock::system())
                .with_public_url(&cli.config.public_url());
            let summary = seed::demo(&cx).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Admin { action } => {
            let (db, _, _) = api::db::connect(&cli.config).await?;
            api::db::migrate(&db).await.context("migrating")?;
            let cx = api::service::Context::system(db, Clock::system())
                .with_public_url(&cli.config.public_url());
            match action {
                AdminAction::Create { email, name } => {
                    let person = api::service::auth::ensure_admin(&cx, &email, &name)
                        .await
                        .map_err(explain)?;
                    println!(
                        "{} <{}> is a platform administrator",
                        person.name, person.email
                    );
                }
                AdminAction::Token { email } => {
                    let token = api::service::auth::admin_token(&cx, &email)
                        .await
                        .map_err(explain)?;
                    println!("{}", token.token);
                }
            }
            Ok(())
        }
        Command::ExportSchema { output } => {
            let sdl = api::graphql::sdl();
            match output {
                Some(path) => std::fs::write(&path, sdl)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{sdl}"),
            }
            Ok(())
        }
    }
}
