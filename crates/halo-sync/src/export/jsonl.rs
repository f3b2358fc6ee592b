//! JSON lines: one object per row, keys in column order, NULL as `null`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{TableWriter, io_error};
use crate::error::Error;
use crate::schema::Table;
use crate::store::SqlValue;

/// Writes one table as JSON lines.
pub(super) struct JsonlWriter {
    out: BufWriter<File>,
    path: PathBuf,
    names: Vec<&'static str>,
}

impl JsonlWriter {
    pub(super) fn new(out: BufWriter<File>, table: &Table, path: &Path) -> Self {
        Self {
            out,
            path: path.to_owned(),
            names: table.all_columns().map(|c| c.name).collect(),
        }
    }
}

impl TableWriter for JsonlWriter {
    fn row(&mut self, row: &[SqlValue]) -> Result<(), Error> {
        let mut line = Vec::with_capacity(64 * row.len());
        line.push(b'{');
        for (i, (name, value)) in self.names.iter().zip(row).enumerate() {
            if i > 0 {
                line.push(b',');
            }
            let value = match value {
                SqlValue::Null => Value::Null,
                SqlValue::Int(v) => Value::from(*v),
                SqlValue::Real(v) => Value::from(*v),
                SqlValue::Text(v) => Value::from(v.as_str()),
                SqlValue::Blob(v) => Value::from(hex(v)),
            };
            serde_json::to_writer(&mut line, name).map_err(|e| io_error(&self.path, e))?;
            line.push(b':');
            serde_json::to_writer(&mut line, &value).map_err(|e| io_error(&self.path, e))?;
        }
        line.extend_from_slice(b"}\n");
        self.out
            .write_all(&line)
            .map_err(|e| io_error(&self.path, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.out.flush().map_err(|e| io_error(&self.path, e))
    }
}

/// Bytes as lower-case hex.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
