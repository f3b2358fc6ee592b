//! The skill service.

use halo_models::{AssetId, MatchId, MatchSkill, PlaylistCsr, Xuid};

use crate::operations::skill;
use crate::{Call, Client};

/// Endpoints of the skill service; from [`Client::skill`].
#[derive(Clone, Copy, Debug)]
pub struct Skill<'a> {
    pub(crate) client: &'a Client,
}

/// At least one player (the service answers 400 without): a build error otherwise.
fn needs_players<T>(call: Call<T>, any: bool) -> Call<T> {
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
        // Players as `xuid(N)`: the service wants wrapped ids, or it answers 400 "Invalid
        // player ids list".
        let mut operation = skill::GetMatchResult::new(match_id);
        for xuid in players {
            operation = operation.players(xuid);
        }
        let any = !operation.players.is_empty();
        needs_players(self.client.op(operation), any)
    }

    /// `Skill_GetPlaylistCsr`: CSR of `players` in a ranked playlist, optionally for a season
    /// (the file stem of the season path, e.g. `CsrSeason5-1`).
    pub fn playlist_csr(
        &self,
        playlist: AssetId,
        players: impl IntoIterator<Item = Xuid>,
        season: Option<&str>,
    ) -> Call<PlaylistCsr> {
        let mut operation = skill::GetPlaylistCsr::new(playlist);
        for xuid in players {
            operation = operation.players(xuid);
        }
        if let Some(season) = season {
            let stem = season.rsplit('/').next().unwrap_or(season);
            operation = operation.season(stem.strip_suffix(".json").unwrap_or(stem));
        }
        let any = !operation.players.is_empty();
        needs_players(self.client.op(operation), any)
    }
}
