//! The captured responses embedded at build time (see `build.rs`) and how a case is picked.

include!(concat!(env!("OUT_DIR"), "/captures.rs"));

/// One embedded capture file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Capture {
    /// File name without extension, e.g. `slayer`.
    pub(crate) case: &'static str,
    /// Whether this is a PNG image rather than JSON.
    pub(crate) is_png: bool,
    /// Raw bytes.
    pub(crate) bytes: &'static [u8],
}

/// Capture folders whose name differs from the catalog id that serves them.
const ALIASES: &[(&str, &str)] = &[
    ("Lobby_LobbyPresence", "Lobby_Presence"),
    ("Lobby_GetPresence", "Lobby_Presence"),
    (
        "Xbl_GetProfileSettingsForSpeechAccessibility",
        "XboxLive_GetProfileSettings",
    ),
    (
        "HIUGC_GetLatestAssetVersion",
        "HIUGC_GetLatestAssetVersionFilm",
    ),
];

/// The capture folder for an endpoint id.
pub(crate) fn folder(endpoint: &str) -> &str {
    ALIASES
        .iter()
        .find(|(id, _)| *id == endpoint)
        .map_or(endpoint, |(_, dir)| dir)
}

/// Every capture of an endpoint, sorted by case name.
pub(crate) fn cases(endpoint: &str) -> Vec<Capture> {
    let dir = folder(endpoint);
    let start = CAPTURES.partition_point(|(e, _, _)| *e < dir);
    CAPTURES[start..]
        .iter()
        .take_while(|(e, _, _)| *e == dir)
        .map(|(_, name, bytes)| {
            let (case, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            Capture {
                case,
                is_png: ext.eq_ignore_ascii_case("png"),
                bytes,
            }
        })
        .collect()
}

/// Whether an endpoint has at least one capture.
pub(crate) fn has_capture(endpoint: &str) -> bool {
    !cases(endpoint).is_empty()
}

/// One named case of an endpoint.
pub(crate) fn case(endpoint: &str, case: &str) -> Option<Capture> {
    cases(endpoint).into_iter().find(|c| c.case == case)
}

/// The case served by default: `default`, else the first newer (non-`2022`) case, else `2022`.
pub(crate) fn default_case(endpoint: &str) -> Option<Capture> {
    let all = cases(endpoint);
    all.iter()
        .find(|c| c.case == "default")
        .or_else(|| all.iter().find(|c| c.case != "2022"))
        .or_else(|| all.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cases_by_endpoint() {
        let stats: Vec<_> = cases("Stats_GetMatchStats")
            .iter()
            .map(|c| c.case)
            .collect();
        assert_eq!(
            stats,
            [
                "ctf",
                "elimination",
                "extraction",
                "infection",
                "oddball",
                "oddball_custom_with_bot",
                "pve",
                "slayer",
                "stockpile",
                "vip",
                "zones"
            ]
        );
        assert_eq!(
            default_case("Stats_GetMatchHistory").map(|c| c.case),
            Some("default")
        );
        assert_eq!(
            default_case("Economy_GetRewardTrack").map(|c| c.case),
            Some("careerrank")
        );
        assert!(default_case("GameCms_GetImage").is_some_and(|c| c.is_png));
        assert!(has_capture("Lobby_LobbyPresence"));
        assert!(!has_capture("Economy_GetEventsStore"));
    }
}
