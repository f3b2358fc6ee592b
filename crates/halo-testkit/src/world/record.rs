//! Service records: the sum of a player's matchmade matches, in the captured record's shape.

use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};

use super::derived::Totals;
use super::facts::Outcome;
use super::render;
use super::{Someone, World};
use crate::captures;
use crate::lock::lock;

impl Totals {
    /// The totals of member `m`.
    pub(crate) fn of(world: &World, m: usize) -> Self {
        let member = &world.roster.members[m];
        let len = world.newer + member.history_len();
        Self::over(world, Someone::Member(m), member.xuid, len)
    }

    /// The totals over the first `len` matches of someone's history.
    pub(crate) fn over(world: &World, who: Someone, xuid: u64, len: u64) -> Self {
        let mut totals = Self::default();
        for i in 0..len {
            let Some(key) = world.key_at(who, super::View::All, i) else {
                continue;
            };
            let facts = world.facts(key);
            if !render::is_matchmade(&world.captured.settings[facts.setting]) {
                totals.custom += 1;
                continue;
            }
            let Some(line) = facts.line_of(xuid) else {
                continue;
            };
            totals.matches += 1;
            match line.outcome {
                Outcome::Win => totals.wins += 1,
                Outcome::Loss => totals.losses += 1,
                Outcome::Tie => totals.ties += 1,
                Outcome::Left => {}
            }
            totals.time_played_ms += line.time_played_ms;
            totals.kda_sum += line.numbers.kda();
            totals.numbers.add(&line.numbers);
        }
        totals
    }
}

fn template() -> Option<&'static Value> {
    static RECORD: OnceLock<Option<Value>> = OnceLock::new();
    RECORD
        .get_or_init(|| {
            serde_json::from_slice(
                captures::case("Stats_GetPlayerServiceRecord", "matchmade")?.bytes,
            )
            .ok()
        })
        .as_ref()
}

/// Zeroes every number of a value (the mode-specific parts the world does not count).
fn zero(value: &mut Value) {
    match value {
        Value::Number(_) => *value = json!(0),
        Value::String(s) if s.starts_with("PT") => *s = "PT0S".to_owned(),
        Value::Array(items) => items.clear(),
        Value::Object(map) => map.values_mut().for_each(zero),
        _ => {}
    }
}

/// The matchmade service record of these totals.
pub(crate) fn service_record(totals: &Totals) -> Option<Value> {
    let mut record = template()?.clone();
    let n = &totals.numbers;
    record["MatchesCompleted"] = json!(totals.matches);
    record["Wins"] = json!(totals.wins);
    record["Losses"] = json!(totals.losses);
    record["Ties"] = json!(totals.ties);
    record["TimePlayed"] = json!(render::iso_duration_ms(totals.time_played_ms));
    if let Some(map) = record.as_object_mut() {
        for (name, value) in map.iter_mut() {
            if name.ends_with("Stats") && name != "CoreStats" && name != "PvpStats" {
                zero(value);
            }
        }
    }
    if let Some(core) = record.get_mut("CoreStats") {
        let had: Vec<String> = core
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        render::set_core(core, n);
        if let Some(core) = core.as_object_mut() {
            core.retain(|k, _| had.contains(k));
            let average = if totals.matches == 0 {
                0.0
            } else {
                totals.kda_sum / totals.matches as f64
            };
            core.insert("AverageKDA".to_owned(), json!(average));
            core.insert("RoundsWon".to_owned(), json!(totals.wins));
            core.insert("RoundsLost".to_owned(), json!(totals.losses));
            core.insert("RoundsTied".to_owned(), json!(totals.ties));
            for uncounted in ["VehicleDestroys", "DriverAssists", "Hijacks", "EmpAssists"] {
                core.insert(uncounted.to_owned(), json!(0));
            }
            if n.shots_fired > 0 {
                core.insert(
                    "Accuracy".to_owned(),
                    json!(n.shots_hit as f64 * 100.0 / n.shots_fired as f64),
                );
            }
        }
    }
    if let Some(pvp) = record.get_mut("PvpStats") {
        *pvp = json!({"Kills": n.kills, "Deaths": n.deaths, "Assists": n.assists, "KDA": n.kda()});
    }
    Some(record)
}

impl World {
    /// The record totals of member `m`, computed once.
    pub(super) fn totals(&self, m: usize) -> Arc<Totals> {
        if let Some(totals) = lock(&self.records).get(&m) {
            return Arc::clone(totals);
        }
        let totals = Arc::new(Totals::of(self, m));
        lock(&self.records).insert(m, Arc::clone(&totals));
        totals
    }
}
