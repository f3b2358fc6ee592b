//! `halo export [--db FILE] --format csv|jsonl|parquet [--out DIR]`: one file per table of the
//! match database (halo-sync), read-only.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use halo_sync::Database;
use halo_sync::export::{self, Format};

use crate::commands::sync::DEFAULT_DB;
use crate::error::CliError;
use crate::safe_text::one_line;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Typed Apache Parquet (pandas and polars read it as is).
    Parquet,
}

/// Arguments of `halo export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The database `halo sync` wrote: a SQLite file or a `postgres://` connection string.
    #[arg(long, value_name = "FILE|URL", default_value = DEFAULT_DB)]
    pub(crate) db: String,
    /// The file format.
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormat,
    /// The folder for the files (created when missing).
    #[arg(long, value_name = "DIR", default_value = "halo-export")]
    pub(crate) out: PathBuf,
}

/// Runs `halo export`.
pub(crate) async fn run(args: &ExportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Parquet => Format::Parquet,
    };
    let (db, dir) = (args.db.clone(), args.out.clone());
    let exported = tokio::task::spawn_blocking(move || {
        let mut db = Database::open_location_for_reading(&db)?;
        export::export(&mut db, format, &dir)
    })
    .await
    .map_err(|e| CliError::Other(format!("the export stopped: {e}")))??;
    for file in &exported {
        writeln!(
            out,
            "{:<18} {:>9} rows  {}",
            file.table,
            file.rows,
            one_line(&file.path.display().to_string())
        )?;
    }
    Ok(())
}
