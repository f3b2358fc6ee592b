//! What happened in one match, as numbers: who played on which team, each player's line and
//! each team's result. Every answer about a match (its stats, each member's history row, skill,
//! service records, its film) is read from these facts, so they agree.

use super::rng::Rng;

/// A player of a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Who {
    /// A human, by XUID.
    Xuid(u64),
    /// A bot, by its `bid(...)` id.
    Bot(String),
}

/// A result as the stats service codes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Tie = 1,
    Win = 2,
    Loss = 3,
    Left = 4,
}

impl Outcome {
    /// From the service's code.
    pub(crate) fn from_code(code: u64) -> Self {
        match code {
            1 => Self::Tie,
            2 => Self::Win,
            3 => Self::Loss,
            _ => Self::Left,
        }
    }
}

/// The counted part of a player's (or team's) stats.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Numbers {
    pub(crate) score: u64,
    pub(crate) personal_score: u64,
    pub(crate) kills: u64,
    pub(crate) deaths: u64,
    pub(crate) assists: u64,
    pub(crate) shots_fired: u64,
    pub(crate) shots_hit: u64,
    pub(crate) damage_dealt: u64,
    pub(crate) damage_taken: u64,
    pub(crate) headshot_kills: u64,
    pub(crate) power_weapon_kills: u64,
    pub(crate) grenade_kills: u64,
    pub(crate) melee_kills: u64,
    pub(crate) max_killing_spree: u64,
    pub(crate) suicides: u64,
    pub(crate) betrayals: u64,
    pub(crate) callout_assists: u64,
    /// `(NameId, count)`.
    pub(crate) medals: Vec<(u64, u64)>,
}

impl Numbers {
    /// KDA as the service computes it (kills + assists / 3 - deaths), two decimals truncated.
    pub(crate) fn kda(&self) -> f64 {
        let raw = self.kills as f64 + self.assists as f64 / 3.0 - self.deaths as f64;
        (raw * 100.0).trunc() / 100.0
    }

    /// Accuracy in percent, two decimals.
    pub(crate) fn accuracy(&self) -> f64 {
        if self.shots_fired == 0 {
            return 0.0;
        }
        (self.shots_hit as f64 * 10_000.0 / self.shots_fired as f64).round() / 100.0
    }

    /// Adds another line's numbers (sums; the killing spree is the longest).
    pub(crate) fn add(&mut self, other: &Self) {
        self.score += other.score;
        self.personal_score += other.personal_score;
        self.kills += other.kills;
        self.deaths += other.deaths;
        self.assists += other.assists;
        self.shots_fired += other.shots_fired;
        self.shots_hit += other.shots_hit;
        self.damage_dealt += other.damage_dealt;
        self.damage_taken += other.damage_taken;
        self.headshot_kills += other.headshot_kills;
        self.power_weapon_kills += other.power_weapon_kills;
        self.grenade_kills += other.grenade_kills;
        self.melee_kills += other.melee_kills;
        self.max_killing_spree = self.max_killing_spree.max(other.max_killing_spree);
        self.suicides += other.suicides;
        self.betrayals += other.betrayals;
        self.callout_assists += other.callout_assists;
        for &(id, count) in &other.medals {
            match self.medals.iter_mut().find(|(m, _)| *m == id) {
                Some(entry) => entry.1 += count,
                None => self.medals.push((id, count)),
            }
        }
    }
}

/// One player's part of a match.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) who: Who,
    pub(crate) team: u64,
    pub(crate) outcome: Outcome,
    pub(crate) rank: u64,
    pub(crate) time_played_ms: i64,
    pub(crate) numbers: Numbers,
}

/// One team's result.
#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub(crate) id: u64,
    pub(crate) outcome: Outcome,
    pub(crate) rank: u64,
    pub(crate) numbers: Numbers,
}

/// Everything about one match.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// The match id, lower case.
    pub(crate) id: String,
    /// Index of the captured `MatchInfo` this match was played with (map, mode, playlist).
    pub(crate) setting: usize,
    pub(crate) start_ms: i64,
    pub(crate) duration_ms: i64,
    pub(crate) lines: Vec<Line>,
    pub(crate) teams: Vec<Team>,
    /// The captured stats body, served as it is.
    pub(crate) captured: Option<&'static [u8]>,
}

impl Facts {
    /// The line of a human player.
    pub(crate) fn line_of(&self, xuid: u64) -> Option<&Line> {
        self.lines.iter().find(|l| l.who == Who::Xuid(xuid))
    }

    /// The XUIDs of the human players, in line order.
    pub(crate) fn humans(&self) -> impl Iterator<Item = u64> + '_ {
        self.lines.iter().filter_map(|l| match l.who {
            Who::Xuid(x) => Some(x),
            Who::Bot(_) => None,
        })
    }
}

/// A player to place in a synthetic lobby, with counts a film already fixes.
#[derive(Debug, Clone)]
pub(crate) struct Seat {
    pub(crate) who: Who,
    pub(crate) team: u64,
    /// Kills, deaths and medals that must come out as they are.
    pub(crate) fixed: Option<Fixed>,
}

/// `(kills, deaths, medals by NameId)` a film fixes.
pub(crate) type Fixed = (u64, u64, Vec<(u64, u64)>);

/// Medals handed out in synthetic matches (NameIds of the medal metadata capture).
const MEDALS: [u64; 10] = [
    622_331_684,   // Double Kill
    1_512_363_953, // Perfect
    2_852_571_933, // Rifleman
    1_169_571_763, // Shot Caller
    2_123_530_881, // Reversal
    3_334_154_676, // Guardian Angel
    4_229_934_157, // Snipe
    548_533_137,   // Back Smack
    1_284_032_216, // Killjoy
    3_091_261_182, // Killing Spree
];

/// Splits `total` over `n` shares with random weights.
fn split(rng: &mut Rng, total: u64, n: usize) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    let weights: Vec<u64> = (0..n).map(|_| rng.range(2, 9)).collect();
    let sum: u64 = weights.iter().sum();
    let mut shares: Vec<u64> = weights.iter().map(|w| total * w / sum).collect();
    let mut left = total - shares.iter().sum::<u64>();
    let mut at = 0;
    while left > 0 {
        shares[at % n] += 1;
        left -= 1;
        at += 1;
    }
    shares
}

/// Plays a synthetic match: `winner` is the winning team id (`None`: a tie). Kills of a team
/// are its score and the other team's deaths, unless a seat's counts are fixed (a film's).
pub(crate) fn play(
    rng: &mut Rng,
    seats: &[Seat],
    winner: Option<u64>,
    duration_ms: i64,
) -> (Vec<Line>, Vec<Team>) {
    let team_seats = |team: u64| seats.iter().filter(move |s| s.team == team).count();
    let (loser_score, winner_score) = match winner {
        Some(_) => (rng.range(18, 46), 50),
        None => {
            let s = rng.range(24, 45);
            (s, s)
        }
    };
    let score_of = |team: u64| match winner {
        Some(w) if w == team => winner_score,
        _ => loser_score,
    };
    let kills: [Vec<u64>; 2] = [
        split(rng, score_of(0), team_seats(0)),
        split(rng, score_of(1), team_seats(1)),
    ];
    let deaths: [Vec<u64>; 2] = [
        split(rng, score_of(1), team_seats(0)),
        split(rng, score_of(0), team_seats(1)),
    ];
    let mut taken = [0_usize; 2];
    let mut lines: Vec<Line> = Vec::with_capacity(seats.len());
    for seat in seats {
        let team = usize::from(seat.team == 1);
        let at = taken[team];
        taken[team] += 1;
        let (k, d, medals) = match &seat.fixed {
            Some((k, d, m)) => (*k, *d, Some(m.clone())),
            None => (kills[team][at], deaths[team][at], None),
        };
        let assists = k * rng.range(2, 6) / 10 + rng.range(0, 3);
        let fired = 120 + rng.range(0, 250) + k * 6;
        let hit = fired * rng.range(38, 62) / 100;
        let medals = medals.unwrap_or_else(|| {
            let count = k / 3 + rng.range(0, 1);
            let mut medals: Vec<(u64, u64)> = Vec::new();
            for _ in 0..count {
                let id = MEDALS[(rng.next() % MEDALS.len() as u64) as usize];
                match medals.iter_mut().find(|(m, _)| *m == id) {
                    Some(entry) => entry.1 += 1,
                    None => medals.push((id, 1)),
                }
            }
            medals
        });
        let numbers = Numbers {
            score: k,
            personal_score: k * 100 + assists * 50,
            kills: k,
            deaths: d,
            assists,
            shots_fired: fired,
            shots_hit: hit,
            damage_dealt: k * 210 + assists * 60 + rng.range(0, 400),
            damage_taken: d * 210 + rng.range(0, 400),
            headshot_kills: k * rng.range(4, 8) / 10,
            power_weapon_kills: rng.range(0, k / 3),
            grenade_kills: rng.range(0, k / 6),
            melee_kills: rng.range(0, k / 5),
            max_killing_spree: k.min(rng.range(1, 6)),
            suicides: 0,
            betrayals: 0,
            callout_assists: rng.range(0, 3),
            medals,
        };
        lines.push(Line {
            who: seat.who.clone(),
            team: seat.team,
            outcome: Outcome::Tie,
            rank: 0,
            time_played_ms: duration_ms,
            numbers,
        });
    }
    let teams = settle(&mut lines, winner);
    (lines, teams)
}

/// Team totals, outcomes and ranks from the lines (for a `winner` team or a tie), and each
/// player's outcome and rank (by personal score).
pub(crate) fn settle(lines: &mut [Line], winner: Option<u64>) -> Vec<Team> {
    let mut teams: Vec<Team> = [0, 1]
        .into_iter()
        .map(|id| {
            let mut numbers = Numbers::default();
            for line in lines.iter().filter(|l| l.team == id) {
                numbers.add(&line.numbers);
            }
            numbers.max_killing_spree = lines
                .iter()
                .filter(|l| l.team == id)
                .map(|l| l.numbers.max_killing_spree)
                .max()
                .unwrap_or(0);
            let (outcome, rank) = match winner {
                None => (Outcome::Tie, 1),
                Some(w) if w == id => (Outcome::Win, 1),
                Some(_) => (Outcome::Loss, 2),
            };
            Team {
                id,
                outcome,
                rank,
                numbers,
            }
        })
        .collect();
    teams.retain(|t| lines.iter().any(|l| l.team == t.id));
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(lines[i].numbers.personal_score));
    for (rank, &i) in order.iter().enumerate() {
        lines[i].rank = rank as u64 + 1;
    }
    for line in lines.iter_mut() {
        line.outcome = teams
            .iter()
            .find(|t| t.id == line.team)
            .map_or(Outcome::Left, |t| t.outcome);
    }
    teams
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats() -> Vec<Seat> {
        (0..8)
            .map(|i| Seat {
                who: Who::Xuid(100 + i),
                team: i / 4,
                fixed: None,
            })
            .collect()
    }

    #[test]
    fn kills_are_scores_and_the_other_teams_deaths() {
        for seed in 0..200 {
            let mut rng = Rng::new(&[seed]);
            let winner = [Some(0), Some(1), None][(seed % 3) as usize];
            let (lines, teams) = play(&mut rng, &seats(), winner, 600_000);
            assert_eq!(teams.len(), 2);
            let kills = |t: u64| {
                lines
                    .iter()
                    .filter(|l| l.team == t)
                    .map(|l| l.numbers.kills)
                    .sum::<u64>()
            };
            let deaths = |t: u64| {
                lines
                    .iter()
                    .filter(|l| l.team == t)
                    .map(|l| l.numbers.deaths)
                    .sum::<u64>()
            };
            assert_eq!(kills(0), deaths(1));
            assert_eq!(kills(1), deaths(0));
            assert_eq!(teams[0].numbers.kills, kills(0));
            match winner {
                Some(w) => {
                    assert!(teams[w as usize].numbers.score > teams[1 - w as usize].numbers.score);
                    assert_eq!(teams[w as usize].numbers.score, 50);
                }
                None => assert_eq!(teams[0].numbers.score, teams[1].numbers.score),
            }
            let mut ranks: Vec<u64> = lines.iter().map(|l| l.rank).collect();
            ranks.sort_unstable();
            assert_eq!(ranks, (1..=8).collect::<Vec<_>>());
        }
    }

    #[test]
    fn kda_truncates_like_the_service() {
        let n = Numbers {
            kills: 18,
            deaths: 8,
            assists: 5,
            ..Numbers::default()
        };
        assert_eq!(n.kda(), 11.66);
        let n = Numbers {
            kills: 9,
            deaths: 11,
            assists: 2,
            ..Numbers::default()
        };
        assert_eq!(n.kda(), -1.33);
    }
}
