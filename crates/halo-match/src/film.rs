//! A match's film: the manifest's highlight-events chunk, decoded by halo-film, and checked
//! against the match stats (halo-film's `check`, plus the players the events name who are not
//! in the match).

use std::collections::{BTreeMap, BTreeSet};

use halo_client::Client;
use halo_film::{Highlights, Mismatch, PlayerStats};
use halo_models::{FilmManifest, MatchStats};

use crate::error::Error;

/// The chunk type of the highlight-events chunk (the film's last chunk).
const HIGHLIGHT_CHUNK_TYPE: i64 = 3;

/// A film's highlight events and their check against the match stats.
#[derive(Debug, Clone)]
pub struct FilmEvents {
    /// The film major version the chunk was decoded with.
    pub version: u32,
    /// The chunk's URL path (`{prefix}{file}`), for messages.
    pub chunk: String,
    /// The decoded events and the decoder's warnings.
    pub highlights: Highlights,
    /// The check against the match stats; an error when the stats could not be had.
    pub check: Result<FilmCheck, Error>,
}

/// How the events agree with the match stats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilmCheck {
    /// How many human players of the stats were compared.
    pub players_checked: usize,
    /// The players whose kills, deaths or medals differ (halo-film's `check`).
    pub mismatches: Vec<Mismatch>,
    /// Players the events name who are not in the match stats, by XUID, with the gamertag the
    /// film gives them.
    pub strangers: BTreeMap<u64, String>,
}

impl FilmCheck {
    /// Whether the events agree with the stats: no mismatch and no stranger.
    pub fn is_consistent(&self) -> bool {
        self.mismatches.is_empty() && self.strangers.is_empty()
    }

    /// Compares `highlights` with `stats`.
    pub fn new(highlights: &Highlights, stats: &MatchStats) -> Self {
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        let players: Vec<PlayerStats> = stats
            .human_players()
            .filter_map(|p| {
                let xuid = p.player_id.xuid()?;
                let medals = p
                    .core_stats()
                    .flat_map(|c| &c.medals)
                    .map(|m| m.count)
                    .sum::<i64>();
                Some(PlayerStats::new(
                    xuid.0,
                    count(p.kills()),
                    count(p.deaths()),
                    count(medals),
                ))
            })
            .collect();
        let known: BTreeSet<u64> = players.iter().map(|p| p.xuid).collect();
        let mut strangers = BTreeMap::new();
        for event in &highlights.events {
            if !known.contains(&event.xuid) {
                strangers
                    .entry(event.xuid)
                    .or_insert_with(|| event.gamertag.clone());
            }
        }
        Self {
            players_checked: players.len(),
            mismatches: halo_film::check(
                &highlights.events,
                &players,
                &stats.match_info.game_variant_category.to_string(),
            ),
            strangers,
        }
    }
}

/// Fetches and decodes the highlight-events chunk of `manifest` (`force`: past a refusal, see
/// [`halo_film::Decoder::force`]).
pub(crate) async fn decode(
    client: &Client,
    manifest: &FilmManifest,
    force: bool,
) -> Result<(u32, String, Highlights), Error> {
    let data = &manifest.custom_data;
    let chunk = data
        .chunks
        .iter()
        .filter(|c| c.chunk_type.code() == HIGHLIGHT_CHUNK_TYPE)
        .max_by_key(|c| c.index)
        .ok_or_else(|| {
            Error::film_manifest("it lists no highlight-events chunk (type 3)".to_owned())
        })?;
    let version = u32::try_from(data.film_major_version).map_err(|_| {
        Error::film_manifest(format!(
            "invalid film major version {}",
            data.film_major_version
        ))
    })?;
    let path = format!(
        "{}{}",
        manifest.blob_storage_path_prefix, chunk.file_relative_path
    );
    let bytes = client
        .ugc()
        .film_chunk(
            &manifest.blob_storage_path_prefix,
            &chunk.file_relative_path,
        )
        .send()
        .await
        .map_err(Error::from_api)?;
    let highlights = halo_film::Decoder::new()
        .force(force)
        .decode(&bytes, version)
        .map_err(Error::from_film)?;
    Ok((version, path, highlights))
}
