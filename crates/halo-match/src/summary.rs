//! A match as people read it: the header (when, where, what, with names), the scoreboard
//! (teams as the game names them, players with gamertags, figures, medals by name and CSR),
//! and the status of every part it was built from.

use std::collections::BTreeMap;

use halo_models::{MatchId, MatchSkill, MatchStats, Player, PlayerId, Timestamp, Xuid};
use serde::Serialize;

use crate::assets::{AssetName, non_blank};
use crate::cache::MedalNames;
use crate::error::Error;
use crate::facts::Facts;
use crate::gamertags::Gamertags;
use crate::matches::Match;
use crate::names::{team_name, tier_name};
use crate::part::{Failure, Lookup, Part, Parts};
use crate::season::SeasonName;

/// When, how and where a match was played, with names.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// The match id.
    pub match_id: MatchId,
    /// When it started (ISO 8601, as sent).
    pub start_time: Timestamp,
    /// When it ended.
    pub end_time: Timestamp,
    /// How long it lasted, in whole seconds.
    pub duration_seconds: u64,
    /// `MATCHMADE`, `CUSTOM`, `CUSTOM_LAN`.
    pub lifecycle: String,
    /// The game variant category (`MULTIPLAYER_SLAYER`).
    pub category: String,
    /// The map.
    pub map: AssetName,
    /// The mode (game variant): its name is the variant's (`Arena:Slayer`).
    pub mode: AssetName,
    /// The playlist; left out for a custom game.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playlist: Option<AssetName>,
    /// The map-mode pair (`Arena:Slayer on Live Fire`); left out for a custom game, and in
    /// history lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_mode_pair: Option<AssetName>,
    /// The CSR season the match was played in; left out when it has none (custom games).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season: Option<SeasonName>,
}

/// A match in a list (a history): its header, the listed player's result when the match came
/// from a history row, and the failures of the parts it was built from.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    /// When, how, where.
    #[serde(flatten)]
    pub header: Header,
    /// The history player's result; left out when the match was not built from a history row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub player: Option<RowResult>,
    /// Why parts failed; left out when none did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Failure>,
}

/// A history player's result in a match, as the row says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowResult {
    /// `win`, `loss`, `tie`, `did_not_finish`...
    pub outcome: String,
    /// The player's rank in the match.
    pub rank: i64,
    /// The team the player ended on.
    pub team_id: i64,
    /// That team's name (`Cobra`); left out when the game has none for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<&'static str>,
    /// Whether the player was there at the end.
    pub present_at_end: bool,
}

/// A match's scoreboard with names, and the status of every part.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// When, how, where.
    #[serde(flatten)]
    pub header: Header,
    /// The teams, best rank first, each with its players.
    pub teams: Vec<TeamLine>,
    /// Players on no listed team (free-for-all); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unteamed_players: Vec<PlayerLine>,
    /// Each part's status and the failures.
    #[serde(flatten)]
    pub parts: Parts,
}

/// A team's result and players.
#[derive(Debug, Clone, Serialize)]
pub struct TeamLine {
    /// The team id (0, 1...).
    pub team_id: i64,
    /// The name the game gives the team (`Eagle`, `Cobra`); left out when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    /// The team score.
    pub score: i64,
    /// `win`, `loss`, `tie`...
    pub outcome: String,
    /// The team's rank.
    pub rank: i64,
    /// The players who ended the match on this team, best first.
    pub players: Vec<PlayerLine>,
}

impl TeamLine {
    /// The team's name, else `Team N`.
    pub fn label(&self) -> String {
        self.name
            .map_or_else(|| format!("Team {}", self.team_id), str::to_owned)
    }
}

/// One player's line of the scoreboard.
#[derive(Debug, Clone, Serialize)]
pub struct PlayerLine {
    /// `xuid(N)` or `bid(..)`.
    pub player_id: PlayerId,
    /// The XUID of a human (a JSON number); left out for bots.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::names::xuid_number_opt"
    )]
    pub xuid: Option<Xuid>,
    /// Whether the player is a bot.
    pub bot: bool,
    /// The gamertag (a bot's name for bots); left out when there is none, `null` when the
    /// lookup failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub gamertag: Lookup<String>,
    /// The team the player ended on.
    pub team_id: i64,
    /// That team's name; left out when the game has none for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<&'static str>,
    /// Rank in the match.
    pub rank: i64,
    /// `win`, `loss`...
    pub outcome: String,
    /// Kills.
    pub kills: i64,
    /// Deaths.
    pub deaths: i64,
    /// Assists.
    pub assists: i64,
    /// KDA (kills + assists / 3 - deaths), as the service computes it.
    pub kda: f64,
    /// Accuracy in percent (shots hit over shots fired).
    pub accuracy: f64,
    /// Damage dealt.
    pub damage_dealt: i64,
    /// Damage taken.
    pub damage_taken: i64,
    /// The player's game score.
    pub score: i64,
    /// The personal score (points).
    pub personal_score: i64,
    /// Medals earned, most first.
    pub medals: Vec<MedalLine>,
    /// CSR before and after a ranked match; left out when the playlist is not ranked (no CSR
    /// and no placement matches in the skill answer) or the service has none for the player,
    /// `null` when the skill lookup failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub csr: Lookup<CsrChange>,
}

impl PlayerLine {
    /// The gamertag, else `bot bid(..)` for a bot, else the XUID.
    pub fn label(&self) -> String {
        match (self.gamertag.found(), self.xuid) {
            (Some(gamertag), _) => gamertag.clone(),
            (None, Some(xuid)) => xuid.0.to_string(),
            (None, None) if self.bot => format!("bot {}", self.player_id),
            (None, None) => self.player_id.to_string(),
        }
    }
}

/// A medal and how often it was earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MedalLine {
    /// The medal's `NameId`.
    pub name_id: i64,
    /// Its name; left out when the medal metadata has none, `null` when it failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub name: Lookup<String>,
    /// How many.
    pub count: i64,
}

/// A CSR change in a ranked match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsrChange {
    /// CSR before the match.
    pub before: Csr,
    /// CSR after the match.
    pub after: Csr,
    /// `after - before` (0 while either is unranked).
    pub change: i64,
}

/// One CSR figure with its tier's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Csr {
    /// The CSR; left out while the player is not ranked (placement matches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// `Diamond III`, `Onyx`; left out while not ranked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Placement matches still to play.
    pub measurement_matches_remaining: i64,
    /// Placement matches in all.
    pub initial_measurement_matches: i64,
}

impl Csr {
    /// The figure of the service's answer.
    pub fn new(csr: &halo_models::PreMatchCsr) -> Self {
        Self {
            value: (csr.value >= 0).then_some(csr.value),
            tier: tier_name(csr),
            measurement_matches_remaining: csr.measurement_matches_remaining,
            initial_measurement_matches: csr.initial_measurement_matches,
        }
    }

    /// `1549 (Onyx)`, or `unranked (4 of 10 placement matches left)`.
    pub fn label(&self) -> String {
        match (self.value, &self.tier) {
            (Some(value), Some(tier)) => format!("{value} ({tier})"),
            (Some(value), None) => value.to_string(),
            (None, _) if self.measurement_matches_remaining > 0 => format!(
                "unranked ({} of {} placement matches left)",
                self.measurement_matches_remaining, self.initial_measurement_matches
            ),
            (None, _) => "unranked".to_owned(),
        }
    }
}

impl Match {
    /// The header, with the names looked up at the same time, and the status of each.
    async fn header(&self, with_pair: bool) -> Result<(Header, Parts), Error> {
        let facts = self.facts().await?;
        let pair = async {
            if with_pair {
                Some(self.map_mode_pair().await)
            } else {
                None
            }
        };
        let (map, mode, playlist, pair, season) = tokio::join!(
            self.map(),
            self.mode(),
            self.playlist(),
            pair,
            self.season()
        );
        let mut parts = Parts::default();
        parts.record(Part::Map, &map);
        parts.record(Part::Mode, &mode);
        parts.record(Part::Playlist, &playlist);
        if let Some(pair) = &pair {
            parts.record(Part::MapModePair, pair);
        }
        parts.record(Part::Season, &season);
        let map = AssetName::new(&facts.map, Lookup::of(map).map(|m| m.public_name.clone()));
        let map = name_or_none(map);
        let mode = name_or_none(AssetName::new(
            &facts.mode,
            Lookup::of(mode).map(|m| m.public_name.clone()),
        ));
        let playlist = facts.playlist.as_ref().map(|link| {
            name_or_none(AssetName::new(
                link,
                Lookup::of(playlist).map(|p| p.public_name.clone()),
            ))
        });
        let map_mode_pair = match (&facts.map_mode_pair, pair) {
            (Some(link), Some(pair)) => Some(name_or_none(AssetName::new(
                link,
                Lookup::of(pair).map(|p| p.public_name.clone()),
            ))),
            _ => None,
        };
        let season = facts.season_id.as_ref().map(|id| SeasonName {
            id: id.clone(),
            name: match season {
                Ok(Some(season)) => season.name.map_or(Lookup::None, Lookup::Found),
                Ok(None) => Lookup::None,
                Err(_) => Lookup::Failed,
            },
        });
        Ok((
            header_of(
                self.id(),
                &facts,
                map,
                mode,
                playlist,
                map_mode_pair,
                season,
            ),
            parts,
        ))
    }

    /// The match in a list: its header with names and, for a match built from a history row,
    /// the player's result. Fails only when the facts cannot be had (the stats, for a match
    /// not built from a row); a failed name is marked in the header and listed in `errors`.
    pub async fn brief(&self) -> Result<Brief, Error> {
        let (header, parts) = self.header(false).await?;
        let player = self.history_row().map(|row| RowResult {
            outcome: lower(&row.outcome.to_string()),
            rank: row.rank,
            team_id: row.last_team_id,
            team: team_name(row.last_team_id),
            present_at_end: row.present_at_end_of_match,
        });
        Ok(Brief {
            header,
            player,
            errors: parts.errors,
        })
    }

    /// The scoreboard with names. Every part is fetched at the same time (the stats first
    /// when the match was not built from a history row, since the others need its facts).
    /// Fails only when the stats cannot be had; any other part that fails is marked where its
    /// values would be and listed in `errors`.
    pub async fn summary(&self) -> Result<Summary, Error> {
        let (stats, header, skill, gamertags, medal_names) = tokio::join!(
            self.stats(),
            self.header(true),
            self.skill(),
            self.gamertags(),
            self.medal_names(),
        );
        let stats = stats?;
        let (header, mut parts) = header?;
        parts.ok(Part::Stats);
        parts.record(Part::Skill, &skill);
        let medal_names = match medal_names {
            Ok(names) => {
                parts.ok(Part::MedalNames);
                Ok(names)
            }
            Err(e) => {
                parts.fail(Part::MedalNames, e.clone(), None);
                Err(e)
            }
        };
        let gamertags = match gamertags {
            Ok(g) => {
                match g.error() {
                    Some(e) => parts.fail(
                        Part::Gamertags,
                        e.clone(),
                        Some(format!(
                            "{} of {} players",
                            g.failed().len(),
                            stats.human_players().count()
                        )),
                    ),
                    None => parts.ok(Part::Gamertags),
                }
                Ok(g)
            }
            Err(e) => {
                parts.fail(Part::Gamertags, e.clone(), None);
                Err(e)
            }
        };
        let csr = csr_by_player(skill.as_ref().ok().copied().flatten(), &mut parts);
        let lookups = Lookups {
            gamertags: gamertags.as_ref().ok().copied(),
            medal_names: medal_names.as_deref().ok(),
            skill_failed: skill.is_err(),
            csr: &csr,
        };
        let (teams, unteamed_players) = scoreboard(stats, &lookups);
        Ok(Summary {
            header,
            teams,
            unteamed_players,
            parts,
        })
    }
}

/// An asset whose name is blank reads as having none.
fn name_or_none(mut asset: AssetName) -> AssetName {
    if let Lookup::Found(name) = &asset.name {
        asset.name = non_blank(name).map_or(Lookup::None, Lookup::Found);
    }
    asset
}

fn header_of(
    match_id: MatchId,
    facts: &Facts,
    map: AssetName,
    mode: AssetName,
    playlist: Option<AssetName>,
    map_mode_pair: Option<AssetName>,
    season: Option<SeasonName>,
) -> Header {
    Header {
        match_id,
        start_time: facts.start_time,
        end_time: facts.end_time,
        duration_seconds: facts.duration.whole_seconds(),
        lifecycle: facts.lifecycle.to_string(),
        category: facts.category.to_string(),
        map,
        mode,
        playlist,
        map_mode_pair,
        season,
    }
}

/// What the scoreboard's lines are filled from.
struct Lookups<'a> {
    gamertags: Option<&'a Gamertags>,
    medal_names: Option<&'a MedalNames>,
    skill_failed: bool,
    csr: &'a BTreeMap<Xuid, Result<CsrChange, ()>>,
}

/// Whether a CSR figure belongs to a ranked playlist: a CSR, or placement matches. (Payloads
/// carry no ranked flag; unranked playlists answer -1 with no placement matches.)
pub(crate) fn is_ranked(csr: &halo_models::PreMatchCsr) -> bool {
    csr.value >= 0 || csr.initial_measurement_matches > 0 || csr.measurement_matches_remaining > 0
}

/// The CSR changes the skill service answered, per player (`Err` for a player it answered
/// with a failure code; those are listed as one failure of the skill part).
fn csr_by_player(
    skill: Option<&MatchSkill>,
    parts: &mut Parts,
) -> BTreeMap<Xuid, Result<CsrChange, ()>> {
    let mut out = BTreeMap::new();
    let mut refused = Vec::new();
    for entry in skill.map(|s| s.value.as_slice()).unwrap_or_default() {
        let Some(xuid) = entry.id.xuid() else {
            continue;
        };
        match entry.result_code.code() {
            0 => {
                let recap = &entry.result.rank_recap;
                if !is_ranked(&recap.pre_match_csr) && !is_ranked(&recap.post_match_csr) {
                    // An unranked playlist: the skill service has no CSR to show.
                    continue;
                }
                let (before, after) = (
                    Csr::new(&recap.pre_match_csr),
                    Csr::new(&recap.post_match_csr),
                );
                let change = match (before.value, after.value) {
                    (Some(b), Some(a)) => a.saturating_sub(b),
                    _ => 0,
                };
                out.insert(
                    xuid,
                    Ok(CsrChange {
                        before,
                        after,
                        change,
                    }),
                );
            }
            // NOT_FOUND: the service has no skill for that player.
            1 => {}
            _ => {
                refused.push(format!("{} for xuid({})", entry.result_code, xuid.0));
                out.insert(xuid, Err(()));
            }
        }
    }
    if let Some(first) = refused.first() {
        let detail = format!("{} of {} players", refused.len(), out.len());
        parts.fail(
            Part::Skill,
            Error::service(format!("the skill service answered {first}")),
            Some(detail),
        );
    }
    out
}

/// The teams (best rank first) and the players on no listed team.
fn scoreboard(stats: &MatchStats, lookups: &Lookups<'_>) -> (Vec<TeamLine>, Vec<PlayerLine>) {
    let mut teams: Vec<TeamLine> = stats
        .teams
        .iter()
        .map(|team| {
            let mut players: Vec<PlayerLine> = stats
                .team_players(team.team_id)
                .map(|p| player_line(p, lookups))
                .collect();
            sort_players(&mut players);
            TeamLine {
                team_id: team.team_id,
                name: team_name(team.team_id),
                score: team.score(),
                outcome: lower(&team.outcome().to_string()),
                rank: team.rank,
                players,
            }
        })
        .collect();
    teams.sort_by_key(|t| (t.rank, t.team_id));
    let mut unteamed: Vec<PlayerLine> = stats
        .players
        .iter()
        .filter(|p| stats.team(p.last_team_id).is_none())
        .map(|p| player_line(p, lookups))
        .collect();
    sort_players(&mut unteamed);
    (teams, unteamed)
}

fn sort_players(players: &mut [PlayerLine]) {
    players.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(b.personal_score.cmp(&a.personal_score))
            .then(a.player_id.cmp(&b.player_id))
    });
}

fn player_line(player: &Player, lookups: &Lookups<'_>) -> PlayerLine {
    let xuid = player.player_id.xuid();
    let (mut fired, mut hit, mut personal) = (0_i64, 0_i64, 0_i64);
    let (mut dealt, mut taken) = (0_i64, 0_i64);
    let mut medals: BTreeMap<i64, i64> = BTreeMap::new();
    let (mut service_accuracy, mut service_kda) = (None, None);
    for (i, core) in player.core_stats().enumerate() {
        // One team (the usual case): the service's own figures; several: computed.
        service_accuracy = (i == 0).then_some(core.accuracy);
        service_kda = (i == 0).then_some(core.kda);
        fired = fired.saturating_add(core.shots_fired);
        hit = hit.saturating_add(core.shots_hit);
        personal = personal.saturating_add(core.personal_score);
        dealt = dealt.saturating_add(core.damage_dealt);
        taken = taken.saturating_add(core.damage_taken);
        for medal in &core.medals {
            let count = medals.entry(medal.name_id).or_default();
            *count = count.saturating_add(medal.count);
        }
    }
    let mut medals: Vec<MedalLine> = medals
        .into_iter()
        .map(|(name_id, count)| MedalLine {
            name_id,
            name: match lookups.medal_names {
                Some(names) => names
                    .get(&name_id)
                    .cloned()
                    .map_or(Lookup::None, Lookup::Found),
                None => Lookup::Failed,
            },
            count,
        })
        .collect();
    medals.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name.found().cmp(&b.name.found()))
            .then(a.name_id.cmp(&b.name_id))
    });
    let (kills, deaths, assists) = (player.kills(), player.deaths(), player.assists());
    let gamertag = match lookups.gamertags {
        Some(g) => g.get(&player.player_id).map(str::to_owned),
        None => Lookup::Failed,
    };
    let csr = match xuid {
        None => Lookup::None,
        Some(_) if lookups.skill_failed => Lookup::Failed,
        Some(xuid) => match lookups.csr.get(&xuid) {
            Some(Ok(change)) => Lookup::Found(change.clone()),
            Some(Err(())) => Lookup::Failed,
            None => Lookup::None,
        },
    };
    PlayerLine {
        player_id: player.player_id.clone(),
        xuid,
        bot: player.is_bot(),
        gamertag,
        team_id: player.last_team_id,
        team: team_name(player.last_team_id),
        rank: player.rank,
        outcome: lower(&player.outcome.to_string()),
        kills,
        deaths,
        assists,
        kda: service_kda.unwrap_or_else(|| kda(kills, deaths, assists)),
        accuracy: service_accuracy.unwrap_or_else(|| percent(hit, fired)),
        damage_dealt: dealt,
        damage_taken: taken,
        score: player.score(),
        personal_score: personal,
        medals,
        csr,
    }
}

fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// `part / whole` in percent, rounded to two decimals (0 when `whole` is 0).
#[allow(clippy::cast_precision_loss)]
pub(crate) fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return 0.0;
    }
    round2(part as f64 / whole as f64 * 100.0)
}

/// KDA as the service computes it: kills + assists / 3 - deaths, two decimals.
#[allow(clippy::cast_precision_loss)]
fn kda(kills: i64, deaths: i64, assists: i64) -> f64 {
    round2(kills as f64 + assists as f64 / 3.0 - deaths as f64)
}

/// Two decimals; 0 for a value that is not finite.
pub(crate) fn round2(value: f64) -> f64 {
    if value.is_finite() {
        (value * 100.0).round() / 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_round() {
        assert_eq!(percent(135, 221), 61.09);
        assert_eq!(percent(1, 0), 0.0);
        assert_eq!(kda(18, 8, 5), 11.67);
        assert_eq!(round2(f64::NAN), 0.0);
    }

    #[test]
    fn csr_labels() {
        let csr = Csr {
            value: None,
            tier: None,
            measurement_matches_remaining: 4,
            initial_measurement_matches: 10,
        };
        assert_eq!(csr.label(), "unranked (4 of 10 placement matches left)");
        let csr = Csr {
            value: Some(1549),
            tier: Some("Onyx".into()),
            measurement_matches_remaining: 0,
            initial_measurement_matches: 10,
        };
        assert_eq!(csr.label(), "1549 (Onyx)");
    }
}
