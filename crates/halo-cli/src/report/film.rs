//! `halo film events` as plain serializable values: the events (as `film decode` prints
//! them), the check against the match stats, and the failures.

use halo_film::{EventKind, HighlightEvent, Mismatch};
use halo_match::{Failure, FilmCheck, FilmEvents, Lookup, Part};
use halo_models::MatchId;
use serde::Serialize;

/// One event as `--json` prints it (`film decode` and `film events` alike).
#[derive(Debug, Serialize)]
pub(crate) struct EventJson<'a> {
    xuid: u64,
    gamertag: &'a str,
    kind: &'static str,
    time_ms: u32,
    type_hint: u8,
    is_medal: bool,
    medal_code: Option<u8>,
    medal_name: Option<&'static str>,
}

impl<'a> From<&'a HighlightEvent> for EventJson<'a> {
    fn from(e: &'a HighlightEvent) -> Self {
        let medal = e.kind == EventKind::Medal;
        Self {
            xuid: e.xuid,
            gamertag: &e.gamertag,
            kind: e.kind.as_str(),
            time_ms: e.time_ms,
            type_hint: e.type_hint,
            is_medal: e.is_medal,
            medal_code: medal.then_some(e.medal_code),
            medal_name: if medal { e.medal_name } else { None },
        }
    }
}

/// A match's highlight events and their check.
#[derive(Debug, Serialize)]
pub(crate) struct FilmReport<'a> {
    /// The match.
    pub(crate) match_id: MatchId,
    /// The film major version the chunk was decoded with.
    pub(crate) film_major_version: u32,
    /// The events, in film order.
    pub(crate) events: Vec<EventJson<'a>>,
    /// The check against the match stats; `null` when the stats could not be fetched.
    pub(crate) check: Lookup<CheckReport>,
    /// Why the check could not be made; left out when it was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) errors: Vec<Failure>,
}

impl<'a> FilmReport<'a> {
    /// The report of `events`.
    pub(crate) fn new(match_id: MatchId, events: &'a FilmEvents) -> Self {
        let (check, errors) = match &events.check {
            Ok(check) => (Lookup::Found(CheckReport::new(check)), Vec::new()),
            Err(error) => (
                Lookup::Failed,
                vec![Failure {
                    part: Part::Stats,
                    error: error.clone(),
                    detail: None,
                }],
            ),
        };
        Self {
            match_id,
            film_major_version: events.version,
            events: events
                .highlights
                .events
                .iter()
                .map(EventJson::from)
                .collect(),
            check,
            errors,
        }
    }
}

/// How the events agree with the match stats.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckReport {
    /// No mismatch and no stranger.
    pub(crate) consistent: bool,
    /// How many human players of the stats were compared.
    pub(crate) players_checked: usize,
    /// Players whose kills, deaths or medals in the events differ from the stats.
    pub(crate) mismatches: Vec<MismatchReport>,
    /// Players the events name who are not in the match.
    pub(crate) strangers: Vec<Stranger>,
}

/// One player whose counts differ.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MismatchReport {
    /// The XUID.
    pub(crate) xuid: u64,
    /// Kills, deaths, medals in the stats.
    pub(crate) expected: Counts,
    /// Kills, deaths, medals in the events.
    pub(crate) found: Counts,
}

/// Kills, deaths and medals.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Counts {
    /// Kills.
    pub(crate) kills: u32,
    /// Deaths.
    pub(crate) deaths: u32,
    /// Medals.
    pub(crate) medals: u32,
}

/// A player the events name who is not in the match.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stranger {
    /// The XUID.
    pub(crate) xuid: u64,
    /// The gamertag the film gives them.
    pub(crate) gamertag: String,
}

impl CheckReport {
    /// The report of a check.
    pub(crate) fn new(check: &FilmCheck) -> Self {
        let counts = |c: halo_film::EventCounts| Counts {
            kills: c.kills,
            deaths: c.deaths,
            medals: c.medals,
        };
        Self {
            consistent: check.is_consistent(),
            players_checked: check.players_checked,
            mismatches: check
                .mismatches
                .iter()
                .map(|m: &Mismatch| MismatchReport {
                    xuid: m.xuid,
                    expected: counts(m.expected),
                    found: counts(m.found),
                })
                .collect(),
            strangers: check
                .strangers
                .iter()
                .map(|(xuid, gamertag)| Stranger {
                    xuid: *xuid,
                    gamertag: gamertag.clone(),
                })
                .collect(),
        }
    }
}
