//! The skill service.

use halo_models::{AssetId, MatchId, MatchSkill, PlaylistCsr, Xuid};

use crate::{Call, Client};

/// Endpoints of the skill service; from [`Client::skill`].
#[derive(Clone, Copy, Debug)]
pub struct Skill<'a> {
    pub(crate) client: &'a Client,
}

fn with_players<T>(mut call: Call<T>, players: impl IntoIterator<Item = Xuid>) -> Call<T> {
    let mut any = false;
    for xuid in players {
        // The service wants wrapped ids, or it answers 400 "Invalid player ids list".
        call = call.query("players", xuid.wrapped());
        any = true;
    }
    if any {
        call
    } else {
        call.map_request(|r| r.invalid("at least one player is needed"))
    }
}

impl Skill<'_> {
    /// `Skill_GetMatchResult`: CSR and skill of `players` in a match (404-retried by its policy
    /// while the match is fresh).
    pub fn match_result(
        &self,
        match_id: MatchId,
        players: impl IntoIterator<Item = Xuid>,
    ) -> Call<MatchSkill> {
        let call = self
            .client
            .typed(static_route!(SKILL_GET_MATCH_RESULT))
            .static_path_param("matchId", match_id.to_string());
        with_players(call, players)
    }

    /// `Skill_GetPlaylistCsr`: CSR of `players` in a ranked playlist, optionally for a season
    /// (the file stem of the season path, e.g. `CsrSeason5-1`).
    pub fn playlist_csr(
        &self,
        playlist: AssetId,
        players: impl IntoIterator<Item = Xuid>,
        season: Option<&str>,
    ) -> Call<PlaylistCsr> {
        let mut call = self
            .client
            .typed(static_route!(SKILL_GET_PLAYLIST_CSR))
            .static_path_param("playlistId", playlist.to_string());
        call = with_players(call, players);
        match season {
            Some(season) => {
                let stem = season.rsplit('/').next().unwrap_or(season);
                let stem = stem.strip_suffix(".json").unwrap_or(stem);
                call.query("season", stem)
            }
            None => call,
        }
    }
}
