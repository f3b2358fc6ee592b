//! Rows from decoded payloads: a match's stats (and skill result) become the rows of every
//! per-match table; asset and medal answers become names. Pure functions, no I/O, so a
//! rebuild from stored raw bodies gives the same rows as the sync that fetched them.

mod names;
mod skill;
mod stats;
mod values;

pub use names::{AssetKind, asset_rows, medal_name_rows};
pub use skill::csr_rows;
pub use stats::match_rows;

use crate::schema::Table;
use crate::store::Row;

/// The rows of one table.
#[derive(Debug, Clone)]
pub struct TableRows {
    /// The table.
    pub table: &'static Table,
    /// Its rows, each in the table's column order.
    pub rows: Vec<Row>,
}

impl TableRows {
    /// No rows yet for `table`.
    pub fn new(table: &'static Table) -> Self {
        Self {
            table,
            rows: Vec::new(),
        }
    }
}
