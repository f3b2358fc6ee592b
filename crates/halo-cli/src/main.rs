#![doc = include_str!("../README.md")]

mod cli;
mod clock;
mod commands;
mod config;
mod error;
mod global_args;
mod logging;
mod match_id;
mod offline_flag;
mod output;
mod players;
mod report;
mod safe_text;
mod session;
mod waits;

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// The exit status under `--strict` when some part could not be fetched.
const INCOMPLETE: u8 = 3;

fn main() -> ExitCode {
    let cli = offline_flag::parse();
    logging::init(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let result = runtime
        .block_on(commands::run(cli, &mut stdout))
        .and_then(|()| Ok(stdout.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`halo ... | head`): not an error worth reporting.
        Err(error::CliError::Io(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error::CliError::Json(e)) if e.io_error_kind() == Some(ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // One line, whatever the server or the file put into the message.
            let message = e.to_string();
            eprintln!("error: {}", safe_text::one_line_capped(&message, 1_000));
            match e {
                error::CliError::Incomplete { .. } => ExitCode::from(INCOMPLETE),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
