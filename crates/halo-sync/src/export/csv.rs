//! CSV: a header line of column names, then one line per row (RFC 4180 quoting; NULL is an
//! empty field; doubles in Rust's shortest round-trip form).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{TableWriter, io_error};
use crate::error::Error;
use crate::schema::Table;
use crate::store::SqlValue;

/// Writes one table as CSV.
pub(super) struct CsvWriter {
    out: BufWriter<File>,
    path: PathBuf,
    line: String,
}

impl CsvWriter {
    /// Writes the header.
    pub(super) fn new(mut out: BufWriter<File>, table: &Table, path: &Path) -> Result<Self, Error> {
        let header: Vec<&str> = table.all_columns().map(|c| c.name).collect();
        writeln!(out, "{}", header.join(",")).map_err(|e| io_error(path, e))?;
        Ok(Self {
            out,
            path: path.to_owned(),
            line: String::new(),
        })
    }
}

impl TableWriter for CsvWriter {
    fn row(&mut self, row: &[SqlValue]) -> Result<(), Error> {
        self.line.clear();
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            field(&mut self.line, value);
        }
        self.line.push('\n');
        self.out
            .write_all(self.line.as_bytes())
            .map_err(|e| io_error(&self.path, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.out.flush().map_err(|e| io_error(&self.path, e))
    }
}

/// One field.
fn field(line: &mut String, value: &SqlValue) {
    use std::fmt::Write as _;
    match value {
        SqlValue::Null => {}
        SqlValue::Int(v) => {
            let _ = write!(line, "{v}");
        }
        SqlValue::Real(v) => {
            let _ = write!(line, "{v}");
        }
        SqlValue::Text(v) => quoted(line, v),
        SqlValue::Blob(v) => {
            for byte in v {
                let _ = write!(line, "{byte:02x}");
            }
        }
    }
}

/// Text, quoted when it holds a comma, a quote, a line break or edge spaces.
fn quoted(line: &mut String, text: &str) {
    let needs = text.is_empty()
        || text.contains([',', '"', '\n', '\r'])
        || text.starts_with(' ')
        || text.ends_with(' ');
    if needs {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut line = String::new();
        for value in [
            SqlValue::from("Arena: \"Slayer\", Ranked"),
            SqlValue::Null,
            SqlValue::from(""),
            SqlValue::Int(-3),
            SqlValue::Real(9.6),
            SqlValue::from("Onyx"),
        ] {
            field(&mut line, &value);
            line.push(',');
        }
        assert_eq!(line, "\"Arena: \"\"Slayer\"\", Ranked\",,\"\",-3,9.6,Onyx,");
    }
}
