//! `export`: one file per table in each format, with the stored values and, in Parquet, the
//! column types pandas and polars need.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use halo_sync::Database;
use halo_sync::export::{self, Format};
use parquet::basic::{LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::RowAccessor;

const CTF: &str = "4b64348e-5897-4028-856d-44c7955c83e3";

#[tokio::test]
async fn every_format_writes_every_table_with_its_rows() {
    let server = server(30).await;
    let path = db_path("export");
    sync(&server, &path).await;
    let dir = path.with_extension("out");
    let _ = std::fs::remove_dir_all(&dir);
    let mut db = Database::sqlite_read_only(&path).unwrap();
    let matches = int(&path, "SELECT count(*) FROM matches");
    assert_eq!(matches, 30);

    let csv = export::export(&mut db, Format::Csv, &dir).unwrap();
    assert_eq!(csv.len(), 12);
    let text = std::fs::read_to_string(dir.join("matches.csv")).unwrap();
    assert_eq!(text.lines().count(), 31);
    let ctf = text.lines().find(|l| l.starts_with(CTF)).unwrap();
    assert!(
        ctf.starts_with(&format!(
            "{CTF},2025-01-24T03:51:46.942Z,2025-01-24T04:04:50.175Z,"
        )),
        "{ctf}"
    );

    let jsonl = export::export(&mut db, Format::Jsonl, &dir).unwrap();
    let teams = jsonl.iter().find(|e| e.table == "teams").unwrap();
    let text = std::fs::read_to_string(&teams.path).unwrap();
    assert_eq!(text.lines().count() as u64, teams.rows);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert!(
        first["match_id"].is_string() && first["kills"].is_i64(),
        "{first}"
    );

    let parquet = export::export(&mut db, Format::Parquet, &dir).unwrap();
    let file = parquet.iter().find(|e| e.table == "matches").unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&file.path).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 30);
    let schema = reader.metadata().file_metadata().schema_descr();
    let start = schema.column(1);
    assert_eq!(start.name(), "start_time");
    assert_eq!(start.physical_type(), PhysicalType::INT64);
    assert!(matches!(
        start.logical_type_ref(),
        Some(&LogicalType::Timestamp {
            is_adjusted_to_u_t_c: true,
            ..
        })
    ));
    assert_eq!(schema.column(3).physical_type(), PhysicalType::DOUBLE);
    assert_eq!(
        schema.column(0).logical_type_ref(),
        Some(&LogicalType::String)
    );
    let row = reader
        .get_row_iter(None)
        .unwrap()
        .map(Result::unwrap)
        .find(|r| r.get_string(0).unwrap() == CTF)
        .unwrap();
    // 2025-01-24T03:51:46.942Z in milliseconds since the epoch.
    assert_eq!(row.get_timestamp_millis(1).unwrap(), 1_737_690_706_942);
    assert_eq!(row.get_long(5).unwrap(), 3);
}
