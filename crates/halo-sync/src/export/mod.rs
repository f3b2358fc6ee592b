//! `halo export`: one file per table (every table but the raw bodies), rows in primary-key
//! order, as CSV, JSON lines or typed Parquet. Rows stream from the database to the file, so
//! memory stays flat (Parquet holds one row group of up to 65,536 rows). Each
//! file is written beside its final name and renamed when complete.

mod csv;
mod jsonl;
mod parquet;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::db::Database;
use crate::error::{Error, ErrorKind};
use crate::schema::{RAW_RESPONSES, TABLES, Table};
use crate::store::SqlValue;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line (RFC 4180 quoting; NULL is an empty field).
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet with typed columns (integers, doubles, UTF-8 strings, UTC timestamps).
    Parquet,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Parquet => "parquet",
        }
    }
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The table.
    pub table: &'static str,
    /// Rows written.
    pub rows: u64,
    /// The file.
    pub path: PathBuf,
}

/// Writes the rows of one table.
trait TableWriter {
    /// Writes a row (values in the table's column order).
    fn row(&mut self, row: &[SqlValue]) -> Result<(), Error>;
    /// Finishes the file.
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

/// The tables an export writes (all but the raw bodies).
pub fn tables() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(|t| t.name != RAW_RESPONSES.name)
}

/// Exports every table of `db` into `dir` (created when missing).
pub fn export(db: &mut Database, format: Format, dir: &Path) -> Result<Vec<Exported>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let mut exported = Vec::new();
    for table in tables() {
        let path = dir.join(format!("{}.{}", table.name, format.extension()));
        let partial = dir.join(format!(".{}.{}.partial", table.name, format.extension()));
        let file = File::create(&partial).map_err(|e| io_error(&partial, e))?;
        let out = BufWriter::new(file);
        let mut writer: Box<dyn TableWriter> = match format {
            Format::Csv => Box::new(csv::CsvWriter::new(out, table, &partial)?),
            Format::Jsonl => Box::new(jsonl::JsonlWriter::new(out, table, &partial)),
            Format::Parquet => Box::new(parquet::ParquetWriter::new(out, table, &partial)?),
        };
        let mut rows = 0_u64;
        let mut failure = None;
        let sql = table.select_sql();
        db.backend().transaction(&mut |tx| {
            tx.query(&sql, &[], &mut |row| match writer.row(&row) {
                Ok(()) => {
                    rows += 1;
                    true
                }
                Err(e) => {
                    failure = Some(e);
                    false
                }
            })
        })?;
        if let Some(e) = failure {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        writer.finish()?;
        std::fs::rename(&partial, &path).map_err(|e| io_error(&path, e))?;
        exported.push(Exported {
            table: table.name,
            rows,
            path,
        });
    }
    Ok(exported)
}

/// A write failure naming the file.
fn io_error(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::new(ErrorKind::Io {
        path: path.display().to_string(),
    })
    .with_source(e)
}
