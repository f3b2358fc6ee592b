//! `halo sync --rebuild`: every materialized table dropped, recreated with this program's
//! schema and filled again from the stored raw bodies, without the network.

use halo_models::MatchStats;

use crate::db::{Database, MEDALS_ENDPOINT, SKILL_ENDPOINT, STATS_ENDPOINT, asset_key};
use crate::engine::prepare;
use crate::error::{Error, ErrorKind};
use crate::materialize::{self, AssetKind};
use crate::progress::Progress;
use crate::raw;

/// Raw keys read per batch (memory stays flat however many matches there are).
const BATCH: usize = 500;

/// How a rebuild went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RebuildReport {
    /// Matches materialized again.
    pub matches: u64,
    /// Assets named again.
    pub assets: u64,
    /// Medal names.
    pub medal_names: u64,
    /// Matches whose stored bodies cannot be read: (match id, reason), recorded as failures.
    pub failed: Vec<(String, String)>,
}

/// Rebuilds every materialized table from the raw bodies.
pub fn rebuild(db: &mut Database, progress: &dyn Progress) -> Result<RebuildReport, Error> {
    db.reset_materialized()?;
    let mut report = RebuildReport::default();
    let mut after = String::new();
    loop {
        let keys = db.raw_keys(STATS_ENDPOINT, &after, BATCH)?;
        let Some(last) = keys.last() else {
            break;
        };
        after.clone_from(last);
        for key in keys {
            match rebuild_match(db, &key)? {
                Ok(()) => {
                    report.matches += 1;
                    if let Ok(id) = key.parse() {
                        progress.stored(&id);
                    }
                }
                Err(reason) => {
                    db.record_failure(&key, "decode", &reason, &[])?;
                    report.failed.push((key, reason));
                }
            }
        }
    }
    for kind in AssetKind::ALL {
        let prefix = format!("{}:", kind.as_str());
        let mut after = prefix.clone();
        loop {
            let keys = db.raw_keys(kind.endpoint(), &after, BATCH)?;
            let Some(last) = keys.last() else {
                break;
            };
            after.clone_from(last);
            for key in keys {
                let mut parts = key.splitn(3, ':');
                let (Some(_), Some(asset), Some(version)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                let Some(blob) = db.raw(&key, kind.endpoint())? else {
                    continue;
                };
                let body = raw::decompress(&blob)?;
                if let Ok(rows) = materialize::asset_rows(kind, asset, version, &body) {
                    debug_assert_eq!(asset_key(kind, asset, version), key);
                    db.store_asset_rows(&rows)?;
                    report.assets += 1;
                }
            }
        }
    }
    if let Some(blob) = db.raw(MEDALS_ENDPOINT, MEDALS_ENDPOINT)? {
        let body = raw::decompress(&blob)?;
        let rows = materialize::medal_name_rows(&body)?;
        report.medal_names = rows.rows.len() as u64;
        db.store_asset_rows(&rows)?;
    }
    Ok(report)
}

/// One match again from its bodies: `Err(reason)` when they cannot be read.
fn rebuild_match(db: &mut Database, key: &str) -> Result<Result<(), String>, Error> {
    let Some(stats_blob) = db.raw(key, STATS_ENDPOINT)? else {
        return Ok(Err("no stored stats".to_owned()));
    };
    let skill_blob = db.raw(key, SKILL_ENDPOINT)?;
    let stats_body = match raw::decompress(&stats_blob) {
        Ok(body) => body,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let skill_body = match skill_blob.map(|b| raw::decompress(&b)).transpose() {
        Ok(body) => body,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let stats = match halo_models::decode_json::<MatchStats>(&stats_body) {
        Ok(stats) => stats,
        Err(e) => return Ok(Err(format!("match stats: {e}"))),
    };
    match prepare(&stats, &stats_body, skill_body) {
        Ok((rows, _)) => match db.store_match(key, &rows, &[]) {
            Ok(()) => Ok(Ok(())),
            Err(e) if matches!(e.kind(), ErrorKind::Database { .. }) => Ok(Err(e.to_string())),
            Err(e) => Err(e),
        },
        Err((reason, _)) => Ok(Err(reason)),
    }
}
