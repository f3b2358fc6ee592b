//! Parts and their status: what was fetched, what the service does not have, what failed.
//!
//! The rule every summary follows: a value the service does not have is left out
//! ([`Lookup::None`], skipped in JSON), a value that could not be fetched is
//! [`Lookup::Failed`] (`null` in JSON) and its part has an entry in `errors`. So in JSON a
//! `null` always has an error beside it, and a script can tell "failed" from "none".

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Error;

/// One part of a match or a player, fetched at most once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Part {
    /// The match stats (`Stats_GetMatchStats`).
    Stats,
    /// The skill (CSR) results of a matchmade match (`Skill_GetMatchResult`).
    Skill,
    /// The map (`HIUGC_Discovery_GetMap`).
    Map,
    /// The mode: the game variant (`HIUGC_Discovery_GetUgcGameVariant`).
    Mode,
    /// The playlist (`HIUGC_Discovery_GetPlaylist`).
    Playlist,
    /// The map-mode pair (`HIUGC_Discovery_GetMapModePair`).
    MapModePair,
    /// The season's name (`GameCms_GetSeasonCalendar` and the season's metadata file).
    Season,
    /// The players' gamertags (`Profile_GetUsers`, `Profile_GetUser`).
    Gamertags,
    /// The medals' names (`GameCms_GetMedalMetadata`).
    MedalNames,
    /// The film manifest (`HIUGC_Discovery_SpectateByMatchId`).
    Film,
    /// The film's highlight events and their check against the stats.
    Highlights,
    /// A player's profile (`Profile_GetUser`).
    Profile,
    /// A player's matchmade service record (`Stats_GetPlayerServiceRecord`).
    ServiceRecord,
    /// A player's match counts (`Stats_GetMatchCount`).
    MatchCount,
    /// A player's CSR in ranked playlists (`Skill_GetPlaylistCsr`).
    Csr,
    /// A player's match history (`Stats_GetMatchHistory`).
    History,
}

impl Part {
    /// The part's name in JSON and messages (`map_mode_pair`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stats => "stats",
            Self::Skill => "skill",
            Self::Map => "map",
            Self::Mode => "mode",
            Self::Playlist => "playlist",
            Self::MapModePair => "map_mode_pair",
            Self::Season => "season",
            Self::Gamertags => "gamertags",
            Self::MedalNames => "medal_names",
            Self::Film => "film",
            Self::Highlights => "highlights",
            Self::Profile => "profile",
            Self::ServiceRecord => "service_record",
            Self::MatchCount => "match_count",
            Self::Csr => "csr",
            Self::History => "history",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What became of a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    /// Fetched.
    Ok,
    /// The service has none (a custom game has no skill results, a match may have no film).
    None,
    /// It could not be fetched; the summary's `errors` say why.
    Failed,
}

/// A value that was looked up: found, not there, or not fetched because of a failure.
///
/// In JSON: the value, left out (`None`), or `null` (`Failed`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Lookup<T> {
    /// The service gave it.
    Found(T),
    /// The service has none.
    #[default]
    None,
    /// The lookup failed (see the summary's `errors`).
    Failed,
}

impl<T> Lookup<T> {
    /// The value, when found.
    pub fn found(&self) -> Option<&T> {
        match self {
            Self::Found(v) => Some(v),
            Self::None | Self::Failed => None,
        }
    }

    /// Whether the service has none (what JSON leaves out).
    pub fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }

    /// Whether the lookup failed.
    pub fn is_failed(&self) -> bool {
        matches!(self, Self::Failed)
    }

    /// The lookup of a part's value: found, none, or failed.
    pub(crate) fn of<E>(result: Result<Option<T>, E>) -> Self {
        match result {
            Ok(Some(v)) => Self::Found(v),
            Ok(None) => Self::None,
            Err(_) => Self::Failed,
        }
    }

    /// Maps the found value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Lookup<U> {
        match self {
            Self::Found(v) => Lookup::Found(f(v)),
            Self::None => Lookup::None,
            Self::Failed => Lookup::Failed,
        }
    }
}

impl<T: Serialize> Serialize for Lookup<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Found(v) => v.serialize(serializer),
            // Fields holding a lookup are skipped when `None` (`skip_serializing_if`); a bare
            // one (in a list) is written as null like a failure would be, which never happens
            // in this crate's summaries.
            Self::None | Self::Failed => serializer.serialize_none(),
        }
    }
}

/// A part that could not be fetched, and why.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Which part.
    pub part: Part,
    /// Why.
    pub error: Error,
    /// What it concerns, when not the whole part (`3 of 8 players`).
    pub detail: Option<String>,
}

impl Serialize for Failure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.detail.is_some() { 4 } else { 3 };
        let mut s = serializer.serialize_struct("Failure", fields)?;
        s.serialize_field("part", &self.part)?;
        s.serialize_field("kind", &self.error.short())?;
        s.serialize_field("message", &self.error.to_string())?;
        if let Some(detail) = &self.detail {
            s.serialize_field("detail", detail)?;
        }
        s.end()
    }
}

/// The status of each part a summary was built from, and the failures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Parts {
    /// Each part's status.
    #[serde(rename = "parts")]
    pub status: BTreeMap<Part, PartStatus>,
    /// Why the failed parts failed (empty when none did).
    pub errors: Vec<Failure>,
}

impl Parts {
    /// Records the outcome of a part.
    pub(crate) fn record<T>(&mut self, part: Part, result: &Result<Option<T>, Error>) {
        match result {
            Ok(Some(_)) => self.set(part, PartStatus::Ok),
            Ok(None) => self.set(part, PartStatus::None),
            Err(error) => self.fail(part, error.clone(), None),
        }
    }

    /// Marks a part fetched (unless an earlier fetch of it failed: a part asked for several
    /// times, such as the playlists of a player's CSR, reads failed when any fetch failed).
    pub(crate) fn ok(&mut self, part: Part) {
        self.set(part, PartStatus::Ok);
    }

    fn set(&mut self, part: Part, status: PartStatus) {
        let entry = self.status.entry(part).or_insert(status);
        if *entry != PartStatus::Failed {
            *entry = status;
        }
    }

    /// Marks a part failed (the first failure of a part is kept as its status; each is listed).
    pub(crate) fn fail(&mut self, part: Part, error: Error, detail: Option<String>) {
        self.status.insert(part, PartStatus::Failed);
        self.errors.push(Failure {
            part,
            error,
            detail,
        });
    }

    /// Whether any part failed.
    pub fn any_failed(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        #[serde(skip_serializing_if = "Lookup::is_none")]
        name: Lookup<String>,
    }

    #[test]
    fn found_none_and_failed_read_differently_in_json() {
        let json = |name| serde_json::to_string(&Row { name }).unwrap_or_default();
        assert_eq!(
            json(Lookup::Found("Live Fire".into())),
            r#"{"name":"Live Fire"}"#
        );
        assert_eq!(json(Lookup::None), "{}");
        assert_eq!(json(Lookup::Failed), r#"{"name":null}"#);
        assert_eq!(Lookup::of::<()>(Ok(Some(3))), Lookup::Found(3));
        assert_eq!(Lookup::<i32>::of::<()>(Ok(None)), Lookup::None);
        assert_eq!(Lookup::<i32>::of(Err(())), Lookup::Failed);
    }

    #[test]
    fn parts_serialize_status_and_errors() {
        let mut parts = Parts::default();
        parts.ok(Part::Stats);
        parts.record::<()>(Part::Skill, &Ok(None));
        parts.fail(
            Part::Map,
            Error::wrong_answer("map a".into(), "map b".into()),
            None,
        );
        let value = serde_json::to_value(&parts).unwrap_or_default();
        assert_eq!(
            value,
            serde_json::json!({
                "parts": {"stats": "ok", "skill": "none", "map": "failed"},
                "errors": [{
                    "part": "map",
                    "kind": "the service answered for another map",
                    "message": "asked for map a, the service answered for map b; the answer is not used",
                }],
            })
        );
        assert!(parts.any_failed());
    }
}
