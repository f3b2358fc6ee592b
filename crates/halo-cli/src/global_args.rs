//! The options every command takes (`--offline`, `--strict`, `--json`, `-v`), apart from the
//! grammar in `cli.rs` so that the commands can take them without importing the grammar that
//! imports them.

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args};

/// Options every command takes.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct GlobalArgs {
    /// Run against the embedded test server (captured payloads on 127.0.0.1), whatever
    /// credentials are configured. For the commands that call the service (match, history,
    /// player, sync, crawl, film events); the others refuse it.
    #[arg(long, global = true, env = "HALO_OFFLINE", action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub(crate) offline: bool,
    /// All or nothing: when any part (a name, a gamertag, CSR, a page of history) could not
    /// be fetched, print nothing and exit with status 3.
    #[arg(long, global = true)]
    pub(crate) strict: bool,
    /// Print JSON for programs instead of tables.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Trace what happens on standard error (-v: info, debug for the halo crates; -vv: more).
    /// `RUST_LOG` (`target=level,...`) takes precedence. Tokens are redacted.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub(crate) verbose: u8,
}
