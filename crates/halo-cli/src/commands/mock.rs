//! `halo mock serve`: the embedded halo-testkit server, standalone, until Ctrl-C.

use std::io::Write;

use clap::{Args, Subcommand};
use halo_testkit::TestServer;
use serde::Serialize;

use crate::config::BASE_URL_ENV;
use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output;
use crate::session::OFFLINE_HISTORY_MATCHES;

/// `halo mock` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum MockCommand {
    /// Run the test server (captured payloads on 127.0.0.1) until Ctrl-C; prints its base URL
    /// on the first line of standard output.
    Serve(ServeArgs),
}

/// Arguments of `halo mock serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short, default_value_t = 0)]
    pub(crate) port: u16,
    /// How many matches the test player's history holds.
    #[arg(long, value_name = "N", default_value_t = OFFLINE_HISTORY_MATCHES)]
    pub(crate) history: u64,
}

/// What `halo mock serve --json` prints first.
#[derive(Debug, Serialize)]
struct Started<'a> {
    /// The root URL of every host.
    base_url: &'a str,
}

/// Runs a `halo mock` subcommand.
pub(crate) async fn run(
    command: MockCommand,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        MockCommand::Serve(args) => serve(&args, global.json, out).await,
    }
}

async fn serve(args: &ServeArgs, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let server = TestServer::builder()
        .port(args.port)
        .history_matches(args.history)
        .build()
        .start()
        .await?;
    let url = server.base_url();
    if json {
        output::write_json(&Started { base_url: &url }, out)?;
    } else {
        writeln!(out, "{url}")?;
    }
    out.flush()?;
    eprintln!(
        "halo-testkit listening on {url} (Ctrl-C stops it); point the CLI at it with\n  \
         {BASE_URL_ENV}={url} halo player"
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::Other(format!("cannot wait for Ctrl-C: {e}")))?;
    drop(server);
    Ok(())
}
