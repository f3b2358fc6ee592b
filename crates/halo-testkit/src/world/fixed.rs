//! The captured matches, as facts: the seven match-stats captures (served as captured), the
//! history capture's other rows (the signed-in player's real result, map, mode and playlist;
//! the rest of the lobby made up), and the matches of the captured films (their real players and
//! the kills, deaths and medals the film shows; the rest made up).

use serde_json::Value;

use super::facts::{self, Facts, Line, Numbers, Outcome, Seat, Team, Who};
use super::rng::Rng;
use crate::captures::{self, FILM_EVENTS, FILMS};
use crate::{DEFAULT_XUID, ids, time};

/// The match the sample film (`37_highlight_events_sample`) was captured from: its only
/// player's 2 kills, 1 death and Nade Shot are that custom game's.
pub(crate) const SAMPLE_FILM_MATCH: &str = "01ee3491-1ca1-4822-b23e-63e836104f32";

/// XUIDs of the signed-in player's usual squad (together in most captured films).
pub(crate) const SQUAD: [u64; 3] = [DEFAULT_XUID, 2_535_469_531_821_339, 2_535_412_760_927_018];

/// A captured film chunk and the match it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Film {
    pub(crate) match_id: String,
    pub(crate) version: u64,
    pub(crate) bytes: &'static [u8],
}

/// Everything the world takes from the captures.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    /// `MatchInfo` values: the history rows first, then the stats captures'.
    pub(crate) settings: Vec<Value>,
    /// Settings synthetic matches are played with (the matchmade history rows).
    pub(crate) matchmade: Vec<usize>,
    /// The captured matches.
    pub(crate) fixed: Vec<Facts>,
    /// Whether a fixed match keeps its captured `MatchInfo` times.
    pub(crate) films: Vec<Film>,
    /// Real players: XUID and gamertag where a capture holds it.
    pub(crate) players: Vec<(u64, Option<String>)>,
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn num(value: &Value, pointer: &str) -> u64 {
    value
        .pointer(pointer)
        .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64)))
        .unwrap_or(0)
}

/// Start and length of a `MatchInfo`, in milliseconds.
fn times(info: &Value) -> (i64, i64) {
    let start = text(info, "/StartTime")
        .and_then(time::parse_iso8601_millis)
        .unwrap_or(0);
    let end = text(info, "/EndTime")
        .and_then(time::parse_iso8601_millis)
        .unwrap_or(start);
    (start, end - start)
}

/// Milliseconds of an ISO-8601 duration such as `PT9M9.421S`.
pub(crate) fn duration_ms(text: &str) -> i64 {
    let Some(rest) = text.strip_prefix("PT") else {
        return 0;
    };
    let (mut total, mut number) = (0.0_f64, String::new());
    for c in rest.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let n: f64 = number.parse().unwrap_or(0.0);
        number.clear();
        total += match c {
            'H' => n * 3_600_000.0,
            'M' => n * 60_000.0,
            'S' => n * 1000.0,
            _ => 0.0,
        };
    }
    total.round() as i64
}

fn core_numbers(core: &Value) -> Numbers {
    let n = |name: &str| num(core, &format!("/{name}"));
    Numbers {
        score: n("Score"),
        personal_score: n("PersonalScore"),
        kills: n("Kills"),
        deaths: n("Deaths"),
        assists: n("Assists"),
        shots_fired: n("ShotsFired"),
        shots_hit: n("ShotsHit"),
        damage_dealt: n("DamageDealt"),
        damage_taken: n("DamageTaken"),
        headshot_kills: n("HeadshotKills"),
        power_weapon_kills: n("PowerWeaponKills"),
        grenade_kills: n("GrenadeKills"),
        melee_kills: n("MeleeKills"),
        max_killing_spree: n("MaxKillingSpree"),
        suicides: n("Suicides"),
        betrayals: n("Betrayals"),
        callout_assists: n("CalloutAssists"),
        medals: core
            .get("Medals")
            .and_then(Value::as_array)
            .map(|m| {
                m.iter()
                    .map(|m| (num(m, "/NameId"), num(m, "/Count")))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The facts of a captured stats body.
fn of_stats(bytes: &'static [u8], value: &Value, setting: usize) -> Option<Facts> {
    let id = text(value, "/MatchId")?.to_ascii_lowercase();
    let (start_ms, duration_ms_) = times(value.get("MatchInfo")?);
    let lines = value
        .get("Players")?
        .as_array()?
        .iter()
        .filter_map(|p| {
            let player = text(p, "/PlayerId")?;
            let who = match player
                .strip_prefix("xuid(")
                .and_then(|r| r.strip_suffix(')'))
            {
                Some(x) => Who::Xuid(x.parse().ok()?),
                None => Who::Bot(player.to_owned()),
            };
            Some(Line {
                who,
                team: num(p, "/LastTeamId"),
                outcome: Outcome::from_code(num(p, "/Outcome")),
                rank: num(p, "/Rank"),
                time_played_ms: text(p, "/ParticipationInfo/TimePlayed").map_or(0, duration_ms),
                numbers: core_numbers(p.pointer("/PlayerTeamStats/0/Stats/CoreStats")?),
            })
        })
        .collect();
    let teams = value
        .get("Teams")?
        .as_array()?
        .iter()
        .map(|t| Team {
            id: num(t, "/TeamId"),
            outcome: Outcome::from_code(num(t, "/Outcome")),
            rank: num(t, "/Rank"),
            numbers: t
                .pointer("/Stats/CoreStats")
                .map(core_numbers)
                .unwrap_or_default(),
        })
        .collect();
    Some(Facts {
        id,
        setting,
        start_ms,
        duration_ms: duration_ms_,
        lines,
        teams,
        captured: Some(bytes),
    })
}

/// Guest number of seat `slot` of fixed match `fixed`.
pub(crate) fn fixed_guest(fixed: usize, slot: u64) -> u64 {
    fixed as u64 * 8 + slot
}

/// The facts of a history row whose stats were not captured: the row's player as the row
/// says, seven guests around them.
fn of_row(seed: u64, row: &Value, setting: usize, index: usize) -> Option<Facts> {
    let id = text(row, "/MatchId")?.to_ascii_lowercase();
    let (start_ms, duration) = times(row.get("MatchInfo")?);
    let team = num(row, "/LastTeamId");
    let other = 1 - team.min(1);
    let mut seats = vec![Seat {
        who: Who::Xuid(DEFAULT_XUID),
        team,
        fixed: None,
    }];
    for slot in 1..8_u64 {
        seats.push(Seat {
            who: Who::Xuid(super::roster::guest_xuid(fixed_guest(index, slot))),
            team: if slot < 4 { team } else { other },
            fixed: None,
        });
    }
    let winner = match Outcome::from_code(num(row, "/Outcome")) {
        Outcome::Win => Some(team),
        Outcome::Loss => Some(other),
        _ => None,
    };
    let mut rng = Rng::new(&[seed, 0xF1, ids::hash_str(&id)]);
    let (mut lines, teams) = facts::play(&mut rng, &seats, winner, duration);
    let wanted = num(row, "/Rank");
    let mine = lines[0].rank;
    if let Some(other) = lines.iter().position(|l| l.rank == wanted) {
        lines[other].rank = mine;
        lines[0].rank = wanted;
    }
    Some(Facts {
        id,
        setting,
        start_ms,
        duration_ms: duration,
        lines,
        teams,
        captured: None,
    })
}

/// One player of a film: XUID, gamertag, kills, deaths and medals by NameId.
type FilmPlayer = (u64, String, u64, u64, Vec<(u64, u64)>);
/// The players of a film.
type FilmCounts = Vec<FilmPlayer>;

fn film_counts(events: &Value, medal_ids: &[(String, u64)]) -> FilmCounts {
    let mut out: FilmCounts = Vec::new();
    for event in events
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let xuid = num(event, "/xuid");
        let at = match out.iter().position(|p| p.0 == xuid) {
            Some(at) => at,
            None => {
                let tag = text(event, "/gamertag").unwrap_or_default().to_owned();
                out.push((xuid, tag, 0, 0, Vec::new()));
                out.len() - 1
            }
        };
        let entry = &mut out[at];
        match text(event, "/event_type") {
            Some("kill") => entry.2 += 1,
            Some("death") => entry.3 += 1,
            Some("medal") => {
                let name = text(event, "/medal_name").unwrap_or_default();
                let id = medal_ids
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(0, |(_, id)| *id);
                match entry.4.iter_mut().find(|(m, _)| *m == id) {
                    Some(m) => m.1 += 1,
                    None => entry.4.push((id, 1)),
                }
            }
            _ => {}
        }
    }
    out
}

fn medal_ids() -> Vec<(String, u64)> {
    captures::default_case("GameCms_GetMedalMetadata")
        .and_then(|c| serde_json::from_slice::<Value>(c.bytes).ok())
        .and_then(|v| v.get("medals").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|m| Some((text(m, "/name/value")?.to_owned(), num(m, "/nameId"))))
        .collect()
}

/// The facts of a film's match: the film's players, two teams (the squad first), each
/// player's kills, deaths and medals as the film counts them.
fn of_film(
    seed: u64,
    id: &str,
    counts: &FilmCounts,
    setting: usize,
    start_ms: i64,
    duration: i64,
) -> Facts {
    let mut players: Vec<&FilmPlayer> = counts.iter().collect();
    players.sort_by_key(|p| (!SQUAD.contains(&p.0), p.0));
    let half = players.len().div_ceil(2);
    let seats: Vec<Seat> = players
        .iter()
        .enumerate()
        .map(|(i, p)| Seat {
            who: Who::Xuid(p.0),
            team: u64::from(i >= half),
            fixed: Some((p.2, p.3, p.4.clone())),
        })
        .collect();
    let kills = |team: u64| {
        seats
            .iter()
            .filter(|s| s.team == team)
            .filter_map(|s| s.fixed.as_ref().map(|f| f.0))
            .sum::<u64>()
    };
    let winner = match kills(0).cmp(&kills(1)) {
        std::cmp::Ordering::Greater => Some(0),
        std::cmp::Ordering::Less => Some(1),
        std::cmp::Ordering::Equal => None,
    };
    let mut rng = Rng::new(&[seed, 0xF11A, ids::hash_str(id)]);
    let (lines, teams) = facts::play(&mut rng, &seats, winner, duration);
    Facts {
        id: id.to_owned(),
        setting,
        start_ms,
        duration_ms: duration,
        lines,
        teams,
        captured: None,
    }
}

/// Reads the captures.
pub(crate) fn load(seed: u64) -> Captured {
    let mut out = Captured::default();
    let rows: Vec<Value> = captures::default_case("Stats_GetMatchHistory")
        .and_then(|c| serde_json::from_slice::<Value>(c.bytes).ok())
        .and_then(|v| v.get("Results").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    for row in &rows {
        out.settings
            .push(row.get("MatchInfo").cloned().unwrap_or(Value::Null));
        if num(row, "/MatchInfo/LifecycleMode") == 3
            && row
                .pointer("/MatchInfo/Playlist")
                .is_some_and(Value::is_object)
        {
            out.matchmade.push(out.settings.len() - 1);
        }
    }
    let known = |xuid: u64, tag: Option<&str>, out: &mut Captured| match out
        .players
        .iter_mut()
        .find(|p| p.0 == xuid)
    {
        Some(p) => {
            if p.1.is_none() {
                p.1 = tag.map(str::to_owned);
            }
        }
        None => out.players.push((xuid, tag.map(str::to_owned))),
    };
    known(DEFAULT_XUID, Some(crate::DEFAULT_GAMERTAG), &mut out);
    for capture in captures::cases("Stats_GetMatchStats") {
        let Ok(value) = serde_json::from_slice::<Value>(capture.bytes) else {
            continue;
        };
        out.settings
            .push(value.get("MatchInfo").cloned().unwrap_or(Value::Null));
        if let Some(facts) = of_stats(capture.bytes, &value, out.settings.len() - 1) {
            for xuid in facts.humans().collect::<Vec<_>>() {
                known(xuid, None, &mut out);
            }
            out.fixed.push(facts);
        }
    }
    for (index, row) in rows.iter().enumerate() {
        let id = text(row, "/MatchId").unwrap_or_default();
        if out.fixed.iter().any(|f| f.id.eq_ignore_ascii_case(id)) {
            continue;
        }
        if let Some(facts) = of_row(seed, row, index, out.fixed.len()) {
            out.fixed.push(facts);
        }
    }
    let oldest = out.fixed.iter().map(|f| f.start_ms).min().unwrap_or(0);
    let medal_ids = medal_ids();
    let mut film_index = 0_i64;
    for (name, bytes) in FILMS {
        let Some(stem) = name.strip_suffix(".zlib") else {
            continue;
        };
        let Some((version, rest)) = stem.split_once('_') else {
            continue;
        };
        let Ok(version) = version.parse::<u64>() else {
            continue;
        };
        let match_id = if ids::is_guid(rest) {
            rest.to_ascii_lowercase()
        } else if rest == "highlight_events_sample" {
            SAMPLE_FILM_MATCH.to_owned()
        } else {
            continue;
        };
        out.films.push(Film {
            match_id: match_id.clone(),
            version,
            bytes,
        });
        if out.fixed.iter().any(|f| f.id == match_id) {
            continue;
        }
        let events_name = format!("{stem}.events.json");
        let Some(events) = FILM_EVENTS
            .iter()
            .find(|(n, _)| *n == events_name)
            .and_then(|(_, b)| serde_json::from_slice::<Value>(b).ok())
        else {
            continue;
        };
        let counts = film_counts(&events, &medal_ids);
        for p in &counts {
            known(p.0, Some(&p.1), &mut out);
        }
        let last_event = events
            .get("events")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|e| num(e, "/time_ms"))
            .max()
            .unwrap_or(0);
        film_index += 1;
        let mut rng = Rng::new(&[seed, 0xF17, ids::hash_str(&match_id)]);
        let setting = out.matchmade[(rng.next() % out.matchmade.len().max(1) as u64) as usize
            % out.matchmade.len().max(1)];
        let start = oldest - film_index * 86_400_000 - rng.range(0, 3_600_000) as i64;
        let duration = last_event as i64 + 20_000;
        out.fixed
            .push(of_film(seed, &match_id, &counts, setting, start, duration));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read() {
        assert_eq!(duration_ms("PT9M9.421S"), 549_421);
        assert_eq!(duration_ms("PT1H0M2S"), 3_602_000);
        assert_eq!(duration_ms("P1D"), 0);
    }

    #[test]
    fn the_captures_are_loaded() {
        let c = load(1);
        // 11 stats captures, 21 history rows without stats, 8 films with their own match.
        assert_eq!(c.fixed.len(), 11 + 21 + 8);
        assert_eq!(c.films.len(), 9);
        let slayer = c
            .fixed
            .iter()
            .find(|f| f.id == "b4be1c44-5782-42b3-8cf8-0d76dd87230c")
            .unwrap();
        assert_eq!(slayer.line_of(DEFAULT_XUID).unwrap().numbers.kills, 18);
        let tags: Vec<&str> = c.players.iter().filter_map(|p| p.1.as_deref()).collect();
        assert!(tags.contains(&"TwiningIsland83"), "{tags:?}");
    }
}
