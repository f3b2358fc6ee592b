//! CSR: each player's walk through their ranked matches (a win moves it up, a loss down, a tie
//! not at all), and the skill service's answers read from it.
//!
//! A walk is computed once per player, oldest match first, from a start value of the player's
//! own (seeded). The signed-in player's walk is pinned to the skill capture (1530 before and
//! 1532 after the slayer match): newer matches walk forward from it, older ones backward. Both
//! directions pull towards 1500, so a history of 100,000 matches stays in range.

use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};

use super::derived::Walk;
use super::facts::{Line, Outcome};
use super::{Someone, World};
use crate::lock::lock;
use crate::{DEFAULT_XUID, captures, ids};

/// The match and CSR the skill capture holds (the signed-in player in the slayer match).
const PINNED: (u64, &str, i64, i64) = (
    DEFAULT_XUID,
    "b4be1c44-5782-42b3-8cf8-0d76dd87230c",
    1530,
    1532,
);

/// Points a result moves a CSR of `at` forward in time.
fn forward(at: i64, outcome: Outcome) -> i64 {
    match outcome {
        Outcome::Win => (10 + (1500 - at) / 50).max(1),
        Outcome::Loss => -(10 + (at - 1500) / 50).max(1),
        Outcome::Tie | Outcome::Left => 0,
    }
}

/// Points a result moved a CSR that ended at `after`, walking backward in time.
fn backward(after: i64, outcome: Outcome) -> i64 {
    match outcome {
        Outcome::Win => (10 + (after - 1500) / 50).max(1),
        Outcome::Loss => -(10 + (1500 - after) / 50).max(1),
        Outcome::Tie | Outcome::Left => 0,
    }
}

impl Walk {
    /// The walk of member `m`.
    pub(crate) fn of(world: &World, m: usize) -> Self {
        let member = &world.roster.members[m];
        let n = world.newer + member.history_len();
        let who = Someone::Member(m);
        let results: Vec<Option<Outcome>> = (0..n)
            .map(|i| {
                let key = world.key_at(who, super::View::All, i)?;
                let (outcome, ranked) = world.brief(key, member.xuid)?;
                ranked.then_some(outcome)
            })
            .collect();
        let len = results.len();
        let mut csr = vec![(0, 0); len];
        let pinned = (member.xuid == PINNED.0)
            .then(|| world.key(PINNED.1))
            .flatten()
            .and_then(|key| world.index_of(who, key));
        match pinned {
            Some(at) => {
                let at = at as usize;
                csr[at] = (PINNED.2, PINNED.3);
                let mut now = PINNED.3;
                for i in (0..at).rev() {
                    let delta = results[i].map_or(0, |o| forward(now, o));
                    csr[i] = (now, now + delta);
                    now += delta;
                }
                let mut now = PINNED.2;
                for i in at + 1..len {
                    let delta = results[i].map_or(0, |o| backward(now, o));
                    csr[i] = (now - delta, now);
                    now -= delta;
                }
            }
            None => {
                let mut now = 1150 + (ids::mix(world.seed ^ member.xuid) % 500) as i64;
                for i in (0..len).rev() {
                    let delta = results[i].map_or(0, |o| forward(now, o));
                    csr[i] = (now, now + delta);
                    now += delta;
                }
            }
        }
        let ranked = results.iter().map(Option::is_some).collect();
        Self { csr, ranked }
    }
}

/// A CSR value in the skill service's shape.
fn csr_json(value: Option<i64>) -> Value {
    let Some(value) = value else {
        return json!({
            "Value": -1, "MeasurementMatchesRemaining": 0, "Tier": "", "TierStart": 0,
            "SubTier": 0, "NextTier": "", "NextTierStart": 0, "NextSubTier": 0,
            "InitialMeasurementMatches": 0,
        });
    };
    const TIERS: [&str; 6] = ["Bronze", "Silver", "Gold", "Platinum", "Diamond", "Onyx"];
    let value = value.max(0);
    let tier = usize::try_from(value / 300).unwrap_or(5).min(5);
    let (tier_start, sub) = if tier == 5 {
        (1500, 0)
    } else {
        let base = tier as i64 * 300;
        let sub = (value - base) / 50;
        (base + sub * 50, sub)
    };
    let (next_tier, next_start, next_sub) = match (tier, sub) {
        (5, _) => (TIERS[5], 1500, 0),
        (t, 5) => (TIERS[t + 1], (t as i64 + 1) * 300, 0),
        (t, s) => (TIERS[t], tier_start + 50, s + 1),
    };
    json!({
        "Value": value, "MeasurementMatchesRemaining": 0, "Tier": TIERS[tier],
        "TierStart": tier_start, "SubTier": sub, "NextTier": next_tier,
        "NextTierStart": next_start, "NextSubTier": next_sub, "InitialMeasurementMatches": 10,
    })
}

fn template(endpoint: &str) -> Option<&'static Value> {
    static MATCH_RESULT: OnceLock<Option<Value>> = OnceLock::new();
    static PLAYLIST_CSR: OnceLock<Option<Value>> = OnceLock::new();
    let cell = if endpoint == "Skill_GetMatchResult" {
        &MATCH_RESULT
    } else {
        &PLAYLIST_CSR
    };
    cell.get_or_init(|| {
        let value: Value = serde_json::from_slice(captures::default_case(endpoint)?.bytes).ok()?;
        value.pointer("/Value/0").cloned()
    })
    .as_ref()
}

/// The skill result of one player in a match: CSR before and after where ranked.
pub(crate) fn match_result(line: &Line, csr: Option<(i64, i64)>) -> Option<Value> {
    let mut result = template("Skill_GetMatchResult")?.clone();
    let Who::Xuid(xuid) = line.who else {
        return None;
    };
    result["Id"] = json!(format!("xuid({xuid})"));
    let inner = result.get_mut("Result")?;
    inner["TeamId"] = json!(line.team);
    if let Some(recap) = inner.get_mut("RankRecap") {
        recap["PreMatchCsr"] = csr_json(csr.map(|c| c.0));
        recap["PostMatchCsr"] = csr_json(csr.map(|c| c.1));
    }
    if let Some(kills) = inner.pointer_mut("/StatPerformances/Kills/Count") {
        *kills = json!(line.numbers.kills);
    }
    if let Some(deaths) = inner.pointer_mut("/StatPerformances/Deaths/Count") {
        *deaths = json!(line.numbers.deaths);
    }
    Some(result)
}

use super::facts::Who;

/// A player's CSR in a ranked playlist: now, the season's best and the best ever.
pub(crate) fn playlist_csr(xuid: u64, walk: Option<&Walk>) -> Option<Value> {
    let mut result = template("Skill_GetPlaylistCsr")?.clone();
    result["Id"] = json!(format!("xuid({xuid})"));
    let posts: Vec<i64> = walk
        .map(|w| {
            w.csr
                .iter()
                .zip(&w.ranked)
                .filter(|(_, r)| **r)
                .map(|(c, _)| c.1)
                .collect()
        })
        .unwrap_or_default();
    let current = posts.first().copied();
    let best = posts.iter().copied().max();
    let inner = result.get_mut("Result")?;
    inner["Current"] = csr_json(current);
    inner["SeasonMax"] = csr_json(best);
    inner["AllTimeMax"] = csr_json(best);
    Some(result)
}

impl World {
    /// The CSR walk of member `m`, computed once.
    pub(super) fn walk(&self, m: usize) -> Arc<Walk> {
        if let Some(walk) = lock(&self.csr).get(&m) {
            return Arc::clone(walk);
        }
        let walk = Arc::new(Walk::of(self, m));
        lock(&self.csr).insert(m, Arc::clone(&walk));
        walk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winners_go_up_and_losers_down_in_both_directions() {
        for at in [0, 700, 1500, 2100, 3000] {
            assert!(forward(at, Outcome::Win) > 0);
            assert!(forward(at, Outcome::Loss) < 0);
            assert!(backward(at, Outcome::Win) > 0);
            assert!(backward(at, Outcome::Loss) < 0);
        }
    }

    #[test]
    fn tiers() {
        assert_eq!(csr_json(Some(1532))["Tier"], "Onyx");
        assert_eq!(csr_json(Some(1320))["Tier"], "Diamond");
        assert_eq!(csr_json(Some(1320))["SubTier"], 2);
        assert_eq!(csr_json(Some(1260))["SubTier"], 1);
        assert_eq!(csr_json(None)["Value"], -1);
    }
}
