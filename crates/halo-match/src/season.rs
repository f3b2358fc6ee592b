//! A match's ranked season: the CSR season path the stats carry, and the name of the season it
//! belongs to (the season calendar links each CSR season to the seasons that ran it, and each
//! season's metadata file has its name).

use halo_client::Client;
use halo_models::{SeasonCalendar, Timestamp};
use serde::Serialize;

use crate::assets::non_blank;
use crate::error::Error;
use crate::part::Lookup;

/// A match's season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    /// The CSR season path, as the stats carry it (`Csr/Seasons/CsrSeason9-1.json`).
    pub id: String,
    /// The season's name (`Lone Wolves`), when the season calendar links the path to a season
    /// with a name.
    pub name: Option<String>,
}

impl Season {
    /// A season with this path and name.
    pub fn new(id: &str, name: Option<String>) -> Self {
        Self {
            id: id.to_owned(),
            name,
        }
    }

    /// The name, else a label read from the path (`CSR season 9-1`), never the path itself.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| label_of(&self.id))
    }
}

/// A season in a summary: its path and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonName {
    /// The CSR season path (`Csr/Seasons/CsrSeason9-1.json`).
    pub id: String,
    /// The season's name; left out when the calendar has none, `null` when it failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub name: Lookup<String>,
}

impl SeasonName {
    /// The name, else a label read from the path (`CSR season 9-1`).
    pub fn label(&self) -> String {
        match self.name.found() {
            Some(name) => name.clone(),
            None => label_of(&self.id),
        }
    }
}

/// `CSR season 9-1` for `Csr/Seasons/CsrSeason9-1.json`; the file stem for other paths.
pub fn label_of(path: &str) -> String {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    match stem.strip_prefix("CsrSeason") {
        Some(number) if !number.is_empty() => format!("CSR season {number}"),
        _ => stem.to_owned(),
    }
}

/// The metadata file of the season that ran CSR season `id` at `at`: the calendar entry with
/// that CSR season whose dates hold `at`, else the last entry with it.
pub(crate) fn metadata_path(calendar: &SeasonCalendar, id: &str, at: &Timestamp) -> Option<String> {
    let entries: Vec<_> = calendar
        .seasons
        .iter()
        .filter(|s| s.csr_season_file_path.eq_ignore_ascii_case(id))
        .collect();
    let during = entries
        .iter()
        .find(|s| s.start_date.iso8601_date <= *at && *at < s.end_date.iso8601_date);
    during
        .or(entries.last())
        .and_then(|s| non_blank(&s.season_metadata))
}

/// The `Name` of a season's metadata file (`None`: the file or its name is missing).
pub(crate) async fn fetch_name(client: Client, path: String) -> Result<Option<String>, Error> {
    match client.cms().progression_file(&path).await {
        Ok(value) => Ok(value
            .pointer("/Name/value")
            .and_then(serde_json::Value::as_str)
            .and_then(non_blank)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(Error::from_api(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_show_the_path() {
        assert_eq!(label_of("Csr/Seasons/CsrSeason9-1.json"), "CSR season 9-1");
        assert_eq!(label_of("Csr/Seasons/CsrSeason1.json"), "CSR season 1");
        assert_eq!(label_of("Seasons/Other.json"), "Other");
        let season = Season::new("Csr/Seasons/CsrSeason2-3.json", Some("Lone Wolves".into()));
        assert_eq!(season.label(), "Lone Wolves");
    }

    #[test]
    fn the_calendar_entry_running_at_the_match_start() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../halo-models/captures/responses/GameCms_GetSeasonCalendar/default.json"
        );
        let bytes = std::fs::read(path).unwrap_or_default();
        let calendar: SeasonCalendar =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let at = |t: &str| t.parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}"));
        let id = "Csr/Seasons/CsrSeason2-3.json";
        assert_eq!(
            metadata_path(&calendar, id, &at("2022-06-01T00:00:00Z")).as_deref(),
            Some("Seasons/Season2.json")
        );
        assert_eq!(
            metadata_path(&calendar, id, &at("2022-12-01T00:00:00Z")).as_deref(),
            Some("Seasons/Season-Winter-Break-22.json")
        );
        // After its seasons: the last one that ran it.
        assert_eq!(
            metadata_path(&calendar, id, &at("2025-01-29T04:07:25Z")).as_deref(),
            Some("Seasons/Season-Winter-Break-22.json")
        );
        assert_eq!(
            metadata_path(
                &calendar,
                "Csr/Seasons/CsrSeason9-1.json",
                &at("2025-01-29T04:07:25Z")
            ),
            None
        );
    }
}
