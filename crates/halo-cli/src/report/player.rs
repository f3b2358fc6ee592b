//! `halo player` as plain serializable values: profile, match counts, the matchmade service
//! record and the ranked CSR.

use halo_models::{MatchCount, PreMatchCsr, ServiceRecord, Tier};
use serde::Serialize;

use crate::lookup::Asset;
use crate::players::Identity;
use crate::report::matches::percent;

/// A player's profile and record.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProfileReport {
    /// Who.
    pub(crate) player: Identity,
    /// Matches played, when the count service answered.
    pub(crate) matches: Option<MatchCounts>,
    /// The matchmade service record.
    pub(crate) service_record: RecordSummary,
    /// CSR in the playlist of the player's latest ranked match, when there is one.
    pub(crate) csr: Option<RankedCsr>,
}

/// Matches played by kind (`Stats_GetMatchCount`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct MatchCounts {
    /// Every match.
    pub(crate) total: i64,
    /// Matchmade.
    pub(crate) matchmade: i64,
    /// Custom games.
    pub(crate) custom: i64,
    /// Local games.
    pub(crate) local: i64,
}

impl MatchCounts {
    /// The counts of the service's answer.
    pub(crate) fn new(count: &MatchCount) -> Self {
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
pub(crate) struct RecordSummary {
    /// Matches completed.
    pub(crate) matches_completed: i64,
    /// Wins.
    pub(crate) wins: i64,
    /// Losses.
    pub(crate) losses: i64,
    /// Ties.
    pub(crate) ties: i64,
    /// Wins over matches completed, in percent (two decimals).
    pub(crate) win_rate: f64,
    /// Time played, in whole seconds.
    pub(crate) time_played_seconds: u64,
    /// Kills.
    pub(crate) kills: i64,
    /// Deaths.
    pub(crate) deaths: i64,
    /// Assists.
    pub(crate) assists: i64,
    /// Kills per death (two decimals; the kills when there were no deaths).
    pub(crate) kd_ratio: f64,
    /// The service's average KDA (two decimals).
    pub(crate) average_kda: f64,
    /// Accuracy in percent (two decimals).
    pub(crate) accuracy: f64,
    /// Headshot kills.
    pub(crate) headshot_kills: i64,
    /// Melee kills.
    pub(crate) melee_kills: i64,
    /// Grenade kills.
    pub(crate) grenade_kills: i64,
    /// Power weapon kills.
    pub(crate) power_weapon_kills: i64,
    /// Longest killing spree.
    pub(crate) max_killing_spree: i64,
    /// Damage dealt.
    pub(crate) damage_dealt: i64,
    /// Damage taken.
    pub(crate) damage_taken: i64,
}

impl RecordSummary {
    /// The summary of a service record.
    pub(crate) fn new(record: &ServiceRecord) -> Self {
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
            kd_ratio: ratio(core.kills, core.deaths),
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

/// A player's CSR in one ranked playlist (`Skill_GetPlaylistCsr`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RankedCsr {
    /// The playlist.
    pub(crate) playlist: Asset,
    /// Now.
    pub(crate) current: Csr,
    /// Best this season.
    pub(crate) season_max: Csr,
    /// Best ever.
    pub(crate) all_time_max: Csr,
}

/// One CSR figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Csr {
    /// The CSR; `None` while the player is not ranked yet (the service sends -1).
    pub(crate) value: Option<i64>,
    /// `Onyx`, `Diamond III`...; `None` when not ranked.
    pub(crate) tier: Option<String>,
    /// Placement matches still to play.
    pub(crate) measurement_matches_remaining: i64,
    /// Placement matches in all.
    pub(crate) initial_measurement_matches: i64,
}

impl Csr {
    /// The figure of the service's answer.
    pub(crate) fn new(csr: &PreMatchCsr) -> Self {
        let ranked = csr.value >= 0 && csr.tier != Tier::Unranked;
        let tier = ranked.then(|| {
            let name = csr.tier.code();
            // Onyx has no sub-tiers; the others read `Diamond III`.
            match (&csr.tier, csr.sub_tier.name()) {
                (Tier::Onyx, _) | (_, None) => name.to_owned(),
                (_, Some(sub)) => format!("{name} {sub}"),
            }
        });
        Self {
            value: (csr.value >= 0).then_some(csr.value),
            tier,
            measurement_matches_remaining: csr.measurement_matches_remaining,
            initial_measurement_matches: csr.initial_measurement_matches,
        }
    }

    /// `1549 (Onyx)`, or `unranked (4 of 10 placement matches left)`.
    pub(crate) fn label(&self) -> String {
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

/// Kills per death with two decimals (the kills when there were no deaths).
#[allow(clippy::cast_precision_loss)]
fn ratio(kills: i64, deaths: i64) -> f64 {
    if deaths <= 0 {
        return kills as f64;
    }
    round2(kills as f64 / deaths as f64)
}

fn round2(value: f64) -> f64 {
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
        assert_eq!(ratio(42_197, 26_566), 1.59);
        assert_eq!(ratio(3, 0), 3.0);
        assert_eq!(round2(47.153_813), 47.15);
        assert_eq!(round2(f64::NAN), 0.0);
    }
}
