//! `halo match` as plain serializable values: the `--json` output is these values, and the
//! tables are drawn from them.

use std::collections::BTreeMap;

use halo_models::{MatchSkill, MatchStats, Player, Xuid};
use serde::Serialize;

use crate::lookup::Asset;

/// One match, as `halo match` shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MatchReport {
    /// The match id.
    pub(crate) match_id: String,
    /// When it started (ISO 8601, as sent).
    pub(crate) start_time: String,
    /// When it ended.
    pub(crate) end_time: String,
    /// How long it lasted, in whole seconds.
    pub(crate) duration_seconds: u64,
    /// The game variant category (`MULTIPLAYER_SLAYER`...).
    pub(crate) category: String,
    /// The map.
    pub(crate) map: Asset,
    /// The mode (UGC game variant).
    pub(crate) mode: Asset,
    /// The playlist (none for custom games).
    pub(crate) playlist: Option<Asset>,
    /// The ranked season, when there is one.
    pub(crate) season: Option<String>,
    /// Whether skill (CSR) data was available.
    pub(crate) skill_available: bool,
    /// The teams, best rank first, each with its players.
    pub(crate) teams: Vec<TeamReport>,
    /// Players on no listed team (free-for-all).
    pub(crate) other_players: Vec<PlayerReport>,
}

/// A team's result and players.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TeamReport {
    /// The team id (0, 1, ...).
    pub(crate) team_id: i64,
    /// The team score.
    pub(crate) score: i64,
    /// `win`, `loss`, `tie`...
    pub(crate) outcome: String,
    /// The team's rank.
    pub(crate) rank: i64,
    /// The players who ended the match on this team, best first.
    pub(crate) players: Vec<PlayerReport>,
}

/// One player's line of the scoreboard.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlayerReport {
    /// `xuid(N)` or `bid(..)`.
    pub(crate) player_id: String,
    /// The XUID of a human.
    pub(crate) xuid: Option<u64>,
    /// The gamertag, when the profile service gave it.
    pub(crate) gamertag: Option<String>,
    /// Whether the player is a bot.
    pub(crate) bot: bool,
    /// Rank in the match.
    pub(crate) rank: i64,
    /// `win`, `loss`...
    pub(crate) outcome: String,
    /// Kills.
    pub(crate) kills: i64,
    /// Deaths.
    pub(crate) deaths: i64,
    /// Assists.
    pub(crate) assists: i64,
    /// Accuracy in percent (shots hit over shots fired).
    pub(crate) accuracy: f64,
    /// The player's game score.
    pub(crate) score: i64,
    /// The personal score (points).
    pub(crate) personal_score: i64,
    /// CSR before and after, when the skill service knew it.
    pub(crate) csr: Option<CsrChange>,
    /// Medals earned, most first.
    pub(crate) medals: Vec<MedalCount>,
}

impl PlayerReport {
    /// The gamertag, else the player id.
    pub(crate) fn label(&self) -> String {
        match (&self.gamertag, self.bot) {
            (Some(gamertag), _) => gamertag.clone(),
            (None, true) => format!("bot {}", self.player_id),
            (None, false) => self
                .xuid
                .map_or_else(|| self.player_id.clone(), |x| x.to_string()),
        }
    }
}

/// A CSR change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct CsrChange {
    /// CSR before the match.
    pub(crate) pre: i64,
    /// CSR after the match.
    pub(crate) post: i64,
    /// `post - pre`.
    pub(crate) change: i64,
}

/// A medal and how often it was earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MedalCount {
    /// The medal's `NameId`.
    pub(crate) name_id: i64,
    /// Its name, when the medal metadata had it.
    pub(crate) name: Option<String>,
    /// How many.
    pub(crate) count: i64,
}

/// Everything looked up around the match stats.
#[derive(Debug, Default)]
pub(crate) struct MatchExtras {
    /// Gamertags by XUID.
    pub(crate) gamertags: BTreeMap<Xuid, String>,
    /// Medal names by `NameId`.
    pub(crate) medal_names: BTreeMap<i64, String>,
    /// Skill results, when available.
    pub(crate) skill: Option<MatchSkill>,
    /// Named assets: map, mode, playlist.
    pub(crate) assets: Option<(Asset, Asset, Option<Asset>)>,
}

impl MatchReport {
    /// Builds the report of `stats` with what was looked up.
    pub(crate) fn new(stats: &MatchStats, extras: MatchExtras) -> Self {
        let info = &stats.match_info;
        let csr = csr_by_xuid(extras.skill.as_ref());
        let player = |p: &Player| player_report(p, &extras, &csr);
        let mut teams: Vec<TeamReport> = stats
            .teams
            .iter()
            .map(|team| {
                let mut players: Vec<PlayerReport> =
                    stats.team_players(team.team_id).map(player).collect();
                sort_players(&mut players);
                TeamReport {
                    team_id: team.team_id,
                    score: team.score(),
                    outcome: team.outcome().to_string().to_ascii_lowercase(),
                    rank: team.rank,
                    players,
                }
            })
            .collect();
        teams.sort_by_key(|t| (t.rank, t.team_id));
        let mut other_players: Vec<PlayerReport> = stats
            .players
            .iter()
            .filter(|p| stats.team(p.last_team_id).is_none())
            .map(player)
            .collect();
        sort_players(&mut other_players);
        let (map, mode, playlist) = extras.assets.clone().unwrap_or_else(|| {
            (
                Asset::of(&info.map_variant),
                Asset::of(&info.ugc_game_variant),
                info.playlist.as_ref().map(Asset::of),
            )
        });
        Self {
            match_id: stats.match_id.to_string(),
            start_time: info.start_time.to_string(),
            end_time: info.end_time.to_string(),
            duration_seconds: info.duration.whole_seconds(),
            category: info.game_variant_category.to_string(),
            map,
            mode,
            playlist,
            season: info.season_id.clone(),
            skill_available: !csr.is_empty(),
            teams,
            other_players,
        }
    }
}

fn sort_players(players: &mut [PlayerReport]) {
    players.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(b.personal_score.cmp(&a.personal_score))
            .then(a.player_id.cmp(&b.player_id))
    });
}

/// CSR changes of the players the skill service answered for.
fn csr_by_xuid(skill: Option<&MatchSkill>) -> BTreeMap<Xuid, CsrChange> {
    let mut out = BTreeMap::new();
    for entry in skill.map(|s| s.value.as_slice()).unwrap_or_default() {
        let Some(xuid) = entry.id.xuid() else {
            continue;
        };
        if entry.result_code.code() != 0 {
            continue;
        }
        let recap = &entry.result.rank_recap;
        let (pre, post) = (recap.pre_match_csr.value, recap.post_match_csr.value);
        out.insert(
            xuid,
            CsrChange {
                pre,
                post,
                change: post.saturating_sub(pre),
            },
        );
    }
    out
}

fn player_report(
    player: &Player,
    extras: &MatchExtras,
    csr: &BTreeMap<Xuid, CsrChange>,
) -> PlayerReport {
    let xuid = player.player_id.xuid();
    let (mut fired, mut hit, mut personal) = (0_i64, 0_i64, 0_i64);
    let mut medals: BTreeMap<i64, i64> = BTreeMap::new();
    let mut service_accuracy = None;
    for (i, core) in player.core_stats().enumerate() {
        // One team (the usual case): the service's own figure; several: shots over shots.
        service_accuracy = (i == 0).then_some(core.accuracy);
        fired = fired.saturating_add(core.shots_fired);
        hit = hit.saturating_add(core.shots_hit);
        personal = personal.saturating_add(core.personal_score);
        for medal in &core.medals {
            let count = medals.entry(medal.name_id).or_default();
            *count = count.saturating_add(medal.count);
        }
    }
    let mut medals: Vec<MedalCount> = medals
        .into_iter()
        .map(|(name_id, count)| MedalCount {
            name_id,
            name: extras.medal_names.get(&name_id).cloned(),
            count,
        })
        .collect();
    medals.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    PlayerReport {
        player_id: player.player_id.to_string(),
        xuid: xuid.map(|x| x.0),
        gamertag: xuid.and_then(|x| extras.gamertags.get(&x).cloned()),
        bot: player.is_bot(),
        rank: player.rank,
        outcome: player.outcome.to_string().to_ascii_lowercase(),
        kills: player.kills(),
        deaths: player.deaths(),
        assists: player.assists(),
        accuracy: service_accuracy.unwrap_or_else(|| percent(hit, fired)),
        score: player.score(),
        personal_score: personal,
        csr: xuid.and_then(|x| csr.get(&x).copied()),
        medals,
    }
}

/// `part / whole` in percent, rounded to two decimals (0 when `whole` is 0).
pub(crate) fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let ratio = part as f64 / whole as f64 * 100.0;
    (ratio * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds() {
        assert_eq!(percent(135, 221), 61.09);
        assert_eq!(percent(1, 0), 0.0);
        assert_eq!(percent(0, 5), 0.0);
    }
}
