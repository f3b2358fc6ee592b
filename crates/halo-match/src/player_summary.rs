//! A player as people read them: profile, match counts, the matchmade record's headline
//! figures, the CSR per ranked playlist with names, and the status of every part.

use halo_models::{MatchCount, ServiceRecord, Xuid};
use serde::Serialize;

use crate::assets::AssetName;
use crate::error::Error;
use crate::part::{Lookup, Part, Parts};
use crate::player::Player;
use crate::summary::{Csr, percent, round2};

/// A player's summary.
#[derive(Debug, Clone, Serialize)]
pub struct PlayerSummary {
    /// Who.
    pub player: Identity,
    /// Matches played by kind; `null` when the count failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub matches: Lookup<MatchCounts>,
    /// The matchmade service record; `null` when it failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub service_record: Lookup<RecordSummary>,
    /// The CSR in each ranked playlist of the 25 most recent matches (empty when none was
    /// ranked; a playlist whose CSR failed is left out and listed in `errors`); `null` when
    /// the recent matches could not be fetched.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub ranked: Lookup<Vec<RankedCsr>>,
    /// Each part's status and the failures.
    #[serde(flatten)]
    pub parts: Parts,
}

/// A player the profile service knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// The XUID (a JSON number).
    #[serde(serialize_with = "crate::names::xuid_number")]
    pub xuid: Xuid,
    /// The gamertag.
    pub gamertag: String,
}

impl Identity {
    /// `gamertag (xuid N)`.
    pub fn label(&self) -> String {
        format!("{} (xuid {})", self.gamertag, self.xuid.0)
    }
}

/// Matches played by kind (`Stats_GetMatchCount`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MatchCounts {
    /// Every match.
    pub total: i64,
    /// Matchmade.
    pub matchmade: i64,
    /// Custom games.
    pub custom: i64,
    /// Local games.
    pub local: i64,
}

impl MatchCounts {
    /// The counts of the service's answer.
    pub fn new(count: &MatchCount) -> Self {
        Self {
            total: count.matches_played_count,
            matchmade: count.matchmade_matches_played_count,
            custom: count.custom_matches_played_count,
            local: count.local_matches_played_count,
        }
    }
}

/// The headline figures of a service record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordSummary {
    /// Matches completed.
    pub matches_completed: i64,
    /// Wins.
    pub wins: i64,
    /// Losses.
    pub losses: i64,
    /// Ties.
    pub ties: i64,
    /// Wins over matches completed, in percent (two decimals).
    pub win_rate: f64,
    /// Time played, in whole seconds.
    pub time_played_seconds: u64,
    /// Kills.
    pub kills: i64,
    /// Deaths.
    pub deaths: i64,
    /// Assists.
    pub assists: i64,
    /// Kills per death (two decimals; the kills when there were no deaths).
    pub kd_ratio: f64,
    /// The service's average KDA (two decimals).
    pub average_kda: f64,
    /// Accuracy in percent (two decimals).
    pub accuracy: f64,
    /// Headshot kills.
    pub headshot_kills: i64,
    /// Melee kills.
    pub melee_kills: i64,
    /// Grenade kills.
    pub grenade_kills: i64,
    /// Power weapon kills.
    pub power_weapon_kills: i64,
    /// Longest killing spree.
    pub max_killing_spree: i64,
    /// Damage dealt.
    pub damage_dealt: i64,
    /// Damage taken.
    pub damage_taken: i64,
}

impl RecordSummary {
    /// The summary of a service record.
    pub fn new(record: &ServiceRecord) -> Self {
        let core = &record.core_stats;
        Self {
            matches_completed: record.matches_completed,
            wins: record.wins,
            losses: record.losses,
            ties: record.ties,
            win_rate: percent(record.wins, record.matches_completed),
            time_played_seconds: record.time_played.whole_seconds(),
            kills: core.kills,
            deaths: core.deaths,
            assists: core.assists,
            kd_ratio: kd_ratio(core.kills, core.deaths),
            average_kda: round2(core.average_kda),
            accuracy: round2(core.accuracy),
            headshot_kills: core.headshot_kills,
            melee_kills: core.melee_kills,
            grenade_kills: core.grenade_kills,
            power_weapon_kills: core.power_weapon_kills,
            max_killing_spree: core.max_killing_spree,
            damage_dealt: core.damage_dealt,
            damage_taken: core.damage_taken,
        }
    }
}

/// A player's CSR in one ranked playlist, with the playlist's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedCsr {
    /// The playlist.
    pub playlist: AssetName,
    /// Now.
    pub current: Csr,
    /// Best this season.
    pub season_max: Csr,
    /// Best ever.
    pub all_time_max: Csr,
}

/// Kills per death with two decimals (the kills when there were no deaths).
#[allow(clippy::cast_precision_loss)]
fn kd_ratio(kills: i64, deaths: i64) -> f64 {
    if deaths <= 0 {
        return kills as f64;
    }
    round2(kills as f64 / deaths as f64)
}

impl Player {
    /// The player's summary. Fails only when the player cannot be found (the profile); the
    /// other parts are fetched at the same time and marked failed one by one.
    pub async fn summary(&self) -> Result<PlayerSummary, Error> {
        let (profile, record, count, csr) = tokio::join!(
            self.profile(),
            self.service_record(),
            self.match_count(),
            self.csr(),
        );
        let profile = profile?;
        let mut parts = Parts::default();
        parts.ok(Part::Profile);
        let record = lookup(
            &mut parts,
            Part::ServiceRecord,
            record.map(RecordSummary::new),
        );
        let matches = lookup(&mut parts, Part::MatchCount, count.map(MatchCounts::new));
        let ranked = match csr {
            Ok(list) => {
                parts.ok(Part::Csr);
                for (link, e) in &list.failed {
                    let detail = format!("playlist {}", link.asset_id);
                    parts.fail(Part::Csr, e.clone(), Some(detail));
                }
                let named = list.found.iter().map(|csr| async move {
                    let playlist = self.cache().playlist(&csr.playlist).await;
                    (csr, playlist)
                });
                let mut out = Vec::new();
                for (csr, playlist) in futures_util::future::join_all(named).await {
                    parts.record(Part::Playlist, &playlist);
                    let name = Lookup::of(playlist).map(|p| p.public_name.clone());
                    out.push(RankedCsr {
                        playlist: AssetName::new(&csr.playlist, name),
                        current: csr.current.clone(),
                        season_max: csr.season_max.clone(),
                        all_time_max: csr.all_time_max.clone(),
                    });
                }
                Lookup::Found(out)
            }
            Err(e) => {
                parts.fail(Part::Csr, e, None);
                Lookup::Failed
            }
        };
        Ok(PlayerSummary {
            player: Identity {
                xuid: profile.xuid,
                gamertag: profile.gamertag.clone(),
            },
            matches,
            service_record: record,
            ranked,
            parts,
        })
    }
}

fn lookup<T>(parts: &mut Parts, part: Part, result: Result<T, Error>) -> Lookup<T> {
    match result {
        Ok(value) => {
            parts.ok(part);
            Lookup::Found(value)
        }
        Err(e) => {
            parts.fail(part, e, None);
            Lookup::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_round() {
        assert_eq!(kd_ratio(42_197, 26_566), 1.59);
        assert_eq!(kd_ratio(3, 0), 3.0);
    }
}
