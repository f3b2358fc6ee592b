//! Parquet with typed, nullable columns: integers as INT64, doubles as DOUBLE, text as UTF-8
//! strings, instants as TIMESTAMP(MILLIS, UTC), so pandas and polars read them as they are.
//! Rows are buffered per column up to [`ROW_GROUP`] rows, then written as a row group.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{TableWriter, io_error};
use crate::error::Error;
use crate::schema::{ColumnType, Table};
use crate::store::SqlValue;

/// Rows per row group.
pub const ROW_GROUP: usize = 65_536;

/// One column's buffered values and definition levels (0: NULL, 1: a value).
enum Buffer {
    Int(Vec<i64>, Vec<i16>),
    Real(Vec<f64>, Vec<i16>),
    Text(Vec<ByteArray>, Vec<i16>),
}

/// Writes one table as Parquet.
pub(super) struct ParquetWriter {
    writer: SerializedFileWriter<BufWriter<File>>,
    path: PathBuf,
    types: Vec<ColumnType>,
    buffers: Vec<Buffer>,
    rows: usize,
}

impl ParquetWriter {
    pub(super) fn new(out: BufWriter<File>, table: &Table, path: &Path) -> Result<Self, Error> {
        let fail = |e: parquet::errors::ParquetError| io_error(path, e);
        let mut fields = Vec::new();
        let mut types = Vec::new();
        for column in table.all_columns() {
            let (physical, logical) = match column.ty {
                ColumnType::Int => (PhysicalType::INT64, None),
                ColumnType::Real => (PhysicalType::DOUBLE, None),
                ColumnType::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                ColumnType::Blob => (PhysicalType::BYTE_ARRAY, None),
                ColumnType::Time => (
                    PhysicalType::INT64,
                    Some(LogicalType::Timestamp {
                        is_adjusted_to_u_t_c: true,
                        unit: TimeUnit::MILLIS,
                    }),
                ),
            };
            let field = Type::primitive_type_builder(column.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map_err(fail)?;
            fields.push(Arc::new(field));
            types.push(column.ty);
        }
        let schema = Type::group_type_builder(table.name)
            .with_fields(fields)
            .build()
            .map_err(fail)?;
        let properties = WriterProperties::builder().build();
        let writer =
            SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties)).map_err(fail)?;
        let buffers = types.iter().map(|ty| empty(*ty)).collect();
        Ok(Self {
            writer,
            path: path.to_owned(),
            types,
            buffers,
            rows: 0,
        })
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let fail = |e: parquet::errors::ParquetError| io_error(&path, e);
        let mut group = self.writer.next_row_group().map_err(fail)?;
        for buffer in &mut self.buffers {
            let Some(mut column) = group.next_column().map_err(fail)? else {
                break;
            };
            match buffer {
                Buffer::Int(values, defs) => {
                    column
                        .typed::<Int64Type>()
                        .write_batch(values, Some(defs), None)
                        .map_err(fail)?;
                    values.clear();
                    defs.clear();
                }
                Buffer::Real(values, defs) => {
                    column
                        .typed::<DoubleType>()
                        .write_batch(values, Some(defs), None)
                        .map_err(fail)?;
                    values.clear();
                    defs.clear();
                }
                Buffer::Text(values, defs) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(values, Some(defs), None)
                        .map_err(fail)?;
                    values.clear();
                    defs.clear();
                }
            }
            column.close().map_err(fail)?;
        }
        group.close().map_err(fail)?;
        self.rows = 0;
        Ok(())
    }
}

impl TableWriter for ParquetWriter {
    fn row(&mut self, row: &[SqlValue]) -> Result<(), Error> {
        for ((buffer, ty), value) in self.buffers.iter_mut().zip(&self.types).zip(row) {
            match buffer {
                Buffer::Int(values, defs) => {
                    let v = match (ty, value) {
                        (ColumnType::Time, SqlValue::Text(t)) => millis(t),
                        (_, SqlValue::Int(v)) => Some(*v),
                        _ => None,
                    };
                    push(values, defs, v);
                }
                Buffer::Real(values, defs) => {
                    let v = match value {
                        SqlValue::Real(v) => Some(*v),
                        #[allow(clippy::cast_precision_loss)]
                        SqlValue::Int(v) => Some(*v as f64),
                        _ => None,
                    };
                    push(values, defs, v);
                }
                Buffer::Text(values, defs) => {
                    let v = match value {
                        SqlValue::Text(t) => Some(ByteArray::from(t.as_bytes().to_vec())),
                        SqlValue::Blob(b) => Some(ByteArray::from(b.clone())),
                        _ => None,
                    };
                    push(values, defs, v);
                }
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.flush()?;
        let path = self.path.clone();
        self.writer.close().map_err(|e| io_error(&path, e))?;
        Ok(())
    }
}

/// An empty buffer for a column type.
fn empty(ty: ColumnType) -> Buffer {
    match ty {
        ColumnType::Int | ColumnType::Time => Buffer::Int(Vec::new(), Vec::new()),
        ColumnType::Real => Buffer::Real(Vec::new(), Vec::new()),
        ColumnType::Text | ColumnType::Blob => Buffer::Text(Vec::new(), Vec::new()),
    }
}

/// Buffers a value (only non-NULL values are written; the level says which).
fn push<T>(values: &mut Vec<T>, defs: &mut Vec<i16>, value: Option<T>) {
    match value {
        Some(v) => {
            values.push(v);
            defs.push(1);
        }
        None => defs.push(0),
    }
}

/// Milliseconds since the epoch of a stored instant.
fn millis(text: &str) -> Option<i64> {
    let t: halo_models::Timestamp = text.parse().ok()?;
    i64::try_from(t.unix_nanos().div_euclid(1_000_000)).ok()
}
