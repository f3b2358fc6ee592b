//! Theater films: the spectate manifest for any match id and the captured highlight-events
//! chunk it points at on `blobs-infiniteugc`.
//!
//! The manifest's `BlobStoragePathPrefix` is
//! `https://blobs-infiniteugc.svc.halowaypoint.com/ugcstorage/film/{assetId}/{matchId}/`, so the
//! blob route knows which match a chunk belongs to. Only the last chunk (type 3, highlight
//! events) has a capture; the others answer the documented `no_capture` 404.

use http::StatusCode;
use serde_json::{Value, json};

use crate::captures::{self, FILMS};
use crate::ids;
use crate::respond::{self, Resp};

/// Host of the film blobs.
pub(crate) const BLOB_HOST: &str = "blobs-infiniteugc.svc.halowaypoint.com";

/// One captured film chunk.
#[derive(Debug, Clone, Copy)]
struct Film {
    version: u64,
    bytes: &'static [u8],
}

/// Films named `<version>_<matchId>.zlib`, with their match id.
fn films() -> impl Iterator<Item = (&'static str, Film)> {
    FILMS.iter().filter_map(|(name, bytes)| {
        let stem = name.strip_suffix(".zlib")?;
        let (version, match_id) = stem.split_once('_')?;
        let version = version.parse().ok()?;
        ids::is_guid(match_id).then_some((match_id, Film { version, bytes }))
    })
}

/// The film of a match id: its own capture, else one chosen by the id's hash.
fn film_for(match_id: &str) -> Option<Film> {
    if let Some((_, film)) = films().find(|(id, _)| id.eq_ignore_ascii_case(match_id)) {
        return Some(film);
    }
    let all: Vec<Film> = films().map(|(_, film)| film).collect();
    let index = usize::try_from(ids::hash_str(match_id) % (all.len().max(1) as u64)).ok()?;
    all.get(index).copied()
}

fn manifest_template() -> Option<Value> {
    let capture = captures::default_case("HIUGC_Discovery_SpectateByMatchId")?;
    serde_json::from_slice(capture.bytes).ok()
}

/// `GET /hi/films/matches/{matchId}/spectate`.
pub(crate) fn manifest(match_id: &str) -> Resp {
    let (Some(mut manifest), Some(film)) = (manifest_template(), film_for(match_id)) else {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "no film capture is embedded",
        );
    };
    let match_id = match_id.to_ascii_lowercase();
    let asset_id = manifest["AssetId"].as_str().unwrap_or_default().to_owned();
    manifest["BlobStoragePathPrefix"] = json!(format!(
        "https://{BLOB_HOST}/ugcstorage/film/{asset_id}/{match_id}/"
    ));
    if let Some(data) = manifest
        .get_mut("CustomData")
        .and_then(Value::as_object_mut)
    {
        data.insert("MatchId".to_owned(), json!(match_id));
        data.insert("FilmMajorVersion".to_owned(), json!(film.version));
        if let Some(last) = data
            .get_mut("Chunks")
            .and_then(Value::as_array_mut)
            .and_then(|c| c.last_mut())
        {
            last["ChunkSize"] = json!(film.bytes.len());
        }
    }
    respond::json_value(StatusCode::OK, &manifest)
}

/// `GET blobs-infiniteugc/ugcstorage/film/{assetId}/{matchId}/filmChunk{N}`.
pub(crate) fn chunk(blob_path: &str) -> Resp {
    let parts: Vec<&str> = blob_path.split('/').filter(|s| !s.is_empty()).collect();
    let (match_id, index) = match parts.as_slice() {
        ["ugcstorage", "film", _, match_id, file] => (*match_id, file.strip_prefix("filmChunk")),
        _ => ("", None),
    };
    let Some(index) = index.and_then(|i| i.parse::<usize>().ok()) else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    let chunks = manifest_template()
        .and_then(|m| {
            m.pointer("/CustomData/Chunks")
                .and_then(Value::as_array)
                .map(Vec::len)
        })
        .unwrap_or(0);
    if !ids::is_guid(match_id) || index >= chunks {
        return respond::empty(StatusCode::NOT_FOUND);
    }
    if index + 1 < chunks {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "halo-testkit only has the highlight-events chunk (the last one) of a film",
        );
    }
    match film_for(match_id) {
        Some(film) => respond::with_body(StatusCode::OK, "application/octet-stream", film.bytes),
        None => respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "no film capture is embedded",
        ),
    }
}
