//! The offline world: a deterministic, seeded set of players and matches that holds together.
//!
//! - **Roster**: the captures' real players (the signed-in player aCurtis X89 and everyone the
//!   match-stats captures and films show, with their real XUIDs and, where a capture holds it,
//!   gamertags), [`DEFAULT_SYNTHETIC_PLAYERS`](crate::DEFAULT_SYNTHETIC_PLAYERS) synthetic players, and any
//!   [`WorldPlayer`]s the configuration adds. Guests fill the other seats of synthetic matches.
//! - **Histories**: each player's history is their captured matches (newest first, the custom
//!   games they played among them) then their party's synthetic matches,
//!   [`DEFAULT_HISTORY_MATCHES`] in all unless configured. `type=all` lists both kinds, `type=matchmaking` the matchmade ones, `type=custom` the custom
//!   games. A synthetic match is generated from (seed, party, index) when asked for, so a
//!   history of 100,000 matches costs nothing until it is read.
//! - **One set of facts per match**: its stats, each member's history row, the skill results,
//!   the service records it counts in and its film are all read from the same facts.
//! - Unknown XUIDs, gamertags and match ids answer as the service does (404, or an empty page).

mod derived;
mod discovery;
mod facts;
mod fixed;
mod keys;
mod names;
mod players;
mod record;
mod render;
mod rng;
mod roster;
pub(crate) mod serve;
mod skill;
mod view;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use derived::{Totals, Walk};
use facts::{Facts, Seat, Who};
use fixed::Captured;
use keys::Key;
use rng::Rng;
use roster::Roster;
use view::View;

use crate::config::{DEFAULT_HISTORY_MATCHES, TestConfig, WorldPlayer};
use crate::{DEFAULT_XUID, ids};

/// Minutes between a party's synthetic matches (each start moves back up to 10 minutes more).
const SPACING_MS: i64 = 25 * 60 * 1000;

/// A player as the world knows them: listed, or a guest of one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Someone {
    Member(usize),
    Guest { number: u64, key: Key },
}

/// The world a server plays. See the module documentation.
#[derive(Debug)]
pub struct World {
    seed: u64,
    /// Synthetic matches every party played after the captures (newest in the histories).
    newer: u64,
    roster: Roster,
    captured: Captured,
    fixed_by_id: HashMap<String, usize>,
    /// Synthetic matches older than the captures start before this instant (Unix ms).
    anchor_ms: i64,
    /// Synthetic matches newer than the captures start after this instant (Unix ms).
    newest_ms: i64,
    csr: Mutex<HashMap<usize, Arc<Walk>>>,
    records: Mutex<HashMap<usize, Arc<Totals>>>,
}

impl World {
    /// Builds the world of `seed` with the captures' players, `synthetic` synthetic players and
    /// `players` (a known XUID takes the given gamertag and length). The signed-in player
    /// (`me`) is listed too; `me_matches` is their history length when they are not in `players`.
    /// Every player also played `newer` synthetic matches after the captured ones.
    pub(crate) fn new(
        seed: u64,
        newer: u64,
        synthetic: usize,
        players: &[WorldPlayer],
        me: (u64, &str),
        me_matches: u64,
    ) -> Self {
        let captured = fixed::load(seed);
        let mut roster = Roster::default();
        let mut real: Vec<(u64, Option<String>)> = captured.players.clone();
        real.sort_by_key(|(x, _)| {
            (
                fixed::SQUAD
                    .iter()
                    .position(|s| s == x)
                    .unwrap_or(usize::MAX),
                *x,
            )
        });
        for (xuid, tag) in &real {
            let tag = tag
                .clone()
                .unwrap_or_else(|| names::roster_gamertag(ids::mix(*xuid)));
            let wanted = if *xuid == DEFAULT_XUID {
                me_matches
            } else {
                DEFAULT_HISTORY_MATCHES
            };
            roster.upsert(*xuid, &tag, wanted);
        }
        let mut made = 0;
        let mut i = 0_u64;
        while made < synthetic {
            i += 1;
            let h = ids::mix(seed ^ 0x5917 ^ i);
            let xuid = 2_535_480_000_000_000 + h % 1_000_000_000;
            let tag = names::roster_gamertag(h >> 20);
            if roster.by_xuid(xuid).is_none() && roster.by_gamertag(&tag).is_none() {
                roster.upsert(xuid, &tag, DEFAULT_HISTORY_MATCHES);
                made += 1;
            }
        }
        if roster.by_xuid(me.0).is_none() || me.0 != DEFAULT_XUID {
            roster.upsert(me.0, me.1, me_matches);
        }
        for p in players {
            roster.upsert(p.xuid, &p.gamertag, p.matches);
        }
        let mut fixed_by_id = HashMap::new();
        let mut played: Vec<Vec<(usize, bool)>> = vec![Vec::new(); roster.members.len()];
        for (index, facts) in captured.fixed.iter().enumerate() {
            fixed_by_id.insert(facts.id.clone(), index);
            let matchmade = render::is_matchmade(&captured.settings[facts.setting]);
            for xuid in facts.humans() {
                if let Some(m) = roster.by_xuid(xuid) {
                    played[m].push((index, matchmade));
                }
            }
        }
        for (member, fixed) in roster.members.iter_mut().zip(&mut played) {
            fixed.sort_by_key(|&(f, _)| std::cmp::Reverse(captured.fixed[f].start_ms));
            member.keep_fixed(fixed);
        }
        roster.form_parties();
        let anchor_ms = captured.fixed.iter().map(|f| f.start_ms).min().unwrap_or(0) - 3_600_000;
        let newest_ms = captured
            .fixed
            .iter()
            .map(|f| f.start_ms + f.duration_ms)
            .max()
            .unwrap_or(0);
        Self {
            seed,
            newer,
            newest_ms,
            roster,
            captured,
            fixed_by_id,
            anchor_ms,
            csr: Mutex::new(HashMap::new()),
            records: Mutex::new(HashMap::new()),
        }
    }

    /// The world's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The listed players (not the guests), in roster order, with their history lengths.
    pub fn players(&self) -> Vec<WorldPlayer> {
        self.roster
            .members
            .iter()
            .map(|m| WorldPlayer::new(m.xuid, m.gamertag.clone(), self.newer + m.history_len()))
            .collect()
    }

    /// The world `config` describes (the one a server started with it serves).
    pub(crate) fn of(config: &TestConfig) -> Self {
        Self::new(
            config.seed,
            config.newer_matches,
            config.synthetic_players,
            &config.players,
            (config.user.xuid, &config.user.gamertag),
            config.history_matches.unwrap_or(DEFAULT_HISTORY_MATCHES),
        )
    }

    /// The listed players of the default world (the one [`TestServer::start`] serves), each
    /// with a history of `matches` matches: given to [`TestConfig::players`], a world whose
    /// every listed player has that history.
    ///
    /// [`TestServer::start`]: crate::TestServer::start
    pub fn default_players(matches: u64) -> Vec<WorldPlayer> {
        Self::of(&TestConfig::default())
            .players()
            .into_iter()
            .map(|p| WorldPlayer { matches, ..p })
            .collect()
    }

    /// The gamertag of a XUID (listed players and guests).
    pub fn gamertag(&self, xuid: u64) -> Option<String> {
        match self.someone(xuid)? {
            Someone::Member(m) => Some(self.roster.members[m].gamertag.clone()),
            Someone::Guest { number, .. } => Some(roster::guest_gamertag(number)),
        }
    }

    /// People whose gamertag contains `text` (case-insensitive): the listed players, those
    /// whose gamertag starts with it first, then by gamertag; a guest only when `text` is their
    /// whole gamertag. At most `max`.
    pub fn search_gamertags(&self, text: &str, max: usize) -> Vec<(u64, String)> {
        let wanted = text.to_lowercase();
        let mut found: Vec<(bool, String, u64)> = self
            .roster
            .members
            .iter()
            .filter_map(|m| {
                let tag = m.gamertag.to_lowercase();
                let at = tag.find(&wanted)?;
                Some((at != 0, m.gamertag.clone(), m.xuid))
            })
            .collect();
        if found.is_empty() {
            let guest = self.xuid(text).and_then(|x| Some((x, self.gamertag(x)?)));
            found.extend(guest.map(|(xuid, tag)| (false, tag, xuid)));
        }
        found.sort_by_key(|(later, tag, _)| (*later, tag.to_lowercase()));
        found
            .into_iter()
            .take(max)
            .map(|(_, tag, xuid)| (xuid, tag))
            .collect()
    }

    /// The XUID of a gamertag (case-insensitive; listed players and guests).
    pub fn xuid(&self, gamertag: &str) -> Option<u64> {
        if let Some(m) = self.roster.by_gamertag(gamertag) {
            return Some(self.roster.members[m].xuid);
        }
        let number = names::guest_number(gamertag)?;
        let xuid = roster::guest_xuid(number);
        self.someone(xuid).map(|_| xuid)
    }

    /// Matches in a player's whole (`type=all`) history, matchmade and custom (`None`: no
    /// such player).
    pub fn history_len(&self, xuid: u64) -> Option<u64> {
        Some(self.view_len(self.someone(xuid)?, View::All))
    }

    /// The ids of the custom games in a player's history, newest first.
    pub fn custom_games(&self, xuid: u64) -> Vec<String> {
        let Some(who) = self.someone(xuid) else {
            return Vec::new();
        };
        (0..self.view_len(who, View::Custom))
            .filter_map(|i| self.key_at(who, View::Custom, i))
            .map(|key| self.match_id(key))
            .collect()
    }

    /// Whether a match of the world was matchmade (`None`: no such match); custom games are
    /// not.
    pub fn is_matchmade(&self, match_id: &str) -> Option<bool> {
        Some(self.key_matchmade(self.key(match_id)?))
    }

    /// The id of the match at `index` (0 = newest) of a player's whole history.
    pub fn history_match_id(&self, xuid: u64, index: u64) -> Option<String> {
        let key = self.key_at(self.someone(xuid)?, View::All, index)?;
        Some(self.match_id(key))
    }

    /// Where a match is in a player's whole history (0 = newest), if it is there.
    pub fn history_index(&self, xuid: u64, match_id: &str) -> Option<u64> {
        self.index_of(self.someone(xuid)?, self.key(match_id)?)
    }

    /// Matches of someone's history in a view.
    fn view_len(&self, who: Someone, view: View) -> u64 {
        match who {
            Someone::Member(m) => {
                let member = &self.roster.members[m];
                match view {
                    View::All => self.newer + member.history_len(),
                    View::Matchmade => self.newer + member.matchmade_len(),
                    View::Custom => member.fixed_custom.len() as u64,
                    View::Local => 0,
                }
            }
            Someone::Guest { key, .. } => u64::from(view.holds(self.key_matchmade(key))),
        }
    }

    /// Whether the match of a key was matchmade.
    fn key_matchmade(&self, key: Key) -> bool {
        match key {
            Key::Fixed(f) => {
                render::is_matchmade(&self.captured.settings[self.captured.fixed[f].setting])
            }
            Key::Party { .. } | Key::Newer { .. } => true,
        }
    }

    /// Whether a match id names one of the captured matches (its stats are a capture, its
    /// history rows or film come from one).
    pub fn is_captured(&self, match_id: &str) -> bool {
        matches!(self.key(match_id), Some(Key::Fixed(_)))
    }

    /// The players of a match: XUID (or bot id), gamertag where human, team id.
    pub fn match_roster(&self, match_id: &str) -> Option<Vec<(String, Option<String>, u64)>> {
        let facts = self.facts(self.key(match_id)?);
        Some(
            facts
                .lines
                .iter()
                .map(|l| match &l.who {
                    Who::Xuid(x) => (format!("xuid({x})"), self.gamertag(*x), l.team),
                    Who::Bot(b) => (b.clone(), None, l.team),
                })
                .collect(),
        )
    }

    /// Whether a match has a film.
    pub fn has_film(&self, match_id: &str) -> bool {
        self.film(match_id).is_some()
    }

    /// The ids of the matches that have a film.
    pub fn film_matches(&self) -> Vec<String> {
        self.captured
            .films
            .iter()
            .filter(|f| self.key(&f.match_id).is_some())
            .map(|f| f.match_id.clone())
            .collect()
    }

    fn film(&self, match_id: &str) -> Option<&fixed::Film> {
        let id = match_id.to_ascii_lowercase();
        self.captured
            .films
            .iter()
            .find(|f| f.match_id == id)
            .filter(|_| self.key(&id).is_some())
    }

    fn someone(&self, xuid: u64) -> Option<Someone> {
        if let Some(m) = self.roster.by_xuid(xuid) {
            return Some(Someone::Member(m));
        }
        let number = roster::guest_of_xuid(xuid)?;
        let fixed_span = self.captured.fixed.len() as u64 * 8;
        let parties = self.roster.parties.len().max(1) as u64;
        let key = if number >= roster::NEWER_GUESTS {
            let rest = (number - roster::NEWER_GUESTS) / 8;
            let n = rest / parties;
            if n >= self.newer {
                return None;
            }
            Key::Newer {
                party: (rest % parties) as usize,
                n,
            }
        } else if number < fixed_span {
            Key::Fixed((number / 8) as usize)
        } else {
            let rest = (number - fixed_span) / 8;
            let parties = self.roster.parties.len() as u64;
            let party = (rest % parties.max(1)) as usize;
            let k = rest / parties.max(1);
            if k >= self.party_len(party) {
                return None;
            }
            Key::Party { party, k }
        };
        let facts = self.facts(key);
        facts.line_of(xuid).map(|_| Someone::Guest { number, key })
    }

    /// Synthetic matches of a party.
    fn party_len(&self, party: usize) -> u64 {
        self.roster
            .parties
            .get(party)
            .into_iter()
            .flatten()
            .map(|&m| self.roster.members[m].generated())
            .max()
            .unwrap_or(0)
    }

    /// The match at `index` (0 = newest) of someone's history in a view.
    fn key_at(&self, who: Someone, view: View, index: u64) -> Option<Key> {
        if index >= self.view_len(who, view) {
            return None;
        }
        let member = match who {
            Someone::Guest { key, .. } => return Some(key),
            Someone::Member(m) => &self.roster.members[m],
        };
        let fixed = match view {
            View::Custom => {
                return member
                    .fixed_custom
                    .get(index as usize)
                    .map(|&f| Key::Fixed(f));
            }
            View::Local => return None,
            View::All => &member.fixed,
            View::Matchmade => &member.fixed_matchmade,
        };
        if index < self.newer {
            return Some(Key::Newer {
                party: member.party,
                n: self.newer - 1 - index,
            });
        }
        let index = index - self.newer;
        match fixed.get(index as usize) {
            Some(&f) => Some(Key::Fixed(f)),
            None => Some(Key::Party {
                party: member.party,
                k: index - fixed.len() as u64,
            }),
        }
    }

    fn index_of(&self, who: Someone, key: Key) -> Option<u64> {
        match who {
            Someone::Guest { key: own, .. } => (own == key).then_some(0),
            Someone::Member(m) => {
                let member = &self.roster.members[m];
                let newer = self.newer;
                match key {
                    Key::Newer { party, n } => {
                        (party == member.party && n < newer).then_some(newer - 1 - n)
                    }
                    Key::Fixed(f) => member
                        .fixed
                        .iter()
                        .position(|&x| x == f)
                        .map(|p| newer + p as u64),
                    Key::Party { party, k } => (party == member.party && k < member.generated())
                        .then_some(newer + member.fixed.len() as u64 + k),
                }
            }
        }
    }

    fn key(&self, match_id: &str) -> Option<Key> {
        let id = match_id.to_ascii_lowercase();
        if let Some(&f) = self.fixed_by_id.get(&id) {
            return Some(Key::Fixed(f));
        }
        if let Some((party, n)) = keys::parse_party_match_id(self.seed ^ keys::NEWER, &id) {
            return (party < self.roster.parties.len() && n < self.newer)
                .then_some(Key::Newer { party, n });
        }
        let (party, k) = keys::parse_party_match_id(self.seed, &id)?;
        (party < self.roster.parties.len() && k < self.party_len(party))
            .then_some(Key::Party { party, k })
    }

    fn match_id(&self, key: Key) -> String {
        match key {
            Key::Fixed(f) => self.captured.fixed[f].id.clone(),
            Key::Party { party, k } => keys::party_match_id(self.seed, party, k),
            Key::Newer { party, n } => keys::party_match_id(self.seed ^ keys::NEWER, party, n),
        }
    }

    /// The first draws of a synthetic match: its setting, the party's team, the winner, when
    /// and how long; the rest of the stream plays the match.
    fn party_head(&self, key: Key) -> (Rng, Head) {
        let (party, k, newer) = match key {
            Key::Party { party, k } => (party, k, false),
            Key::Newer { party, n } => (party, n, true),
            Key::Fixed(_) => (0, 0, false),
        };
        let salt = if newer { keys::NEWER } else { 0xBA77 };
        let mut rng = Rng::new(&[self.seed, salt, party as u64, k]);
        let matchmade = &self.captured.matchmade;
        let setting = matchmade[(rng.next() % matchmade.len().max(1) as u64) as usize];
        let side = rng.next() % 2;
        let roll = rng.next() % 100;
        let winner = match roll {
            0..48 => Some(side),
            48..97 => Some(1 - side),
            _ => None,
        };
        let duration_ms = rng.range(360_000, 900_000) as i64;
        let steps = i64::try_from(k + 1).unwrap_or(i64::MAX / SPACING_MS);
        let jitter = rng.range(0, 600_000) as i64;
        let start_ms = if newer {
            self.newest_ms + steps.saturating_mul(SPACING_MS) + jitter
        } else {
            self.anchor_ms - steps.saturating_mul(SPACING_MS) - jitter
        };
        let head = Head {
            setting,
            side,
            winner,
            start_ms,
            duration_ms,
        };
        (rng, head)
    }

    /// The facts of a match.
    fn facts(&self, key: Key) -> Facts {
        match key {
            Key::Fixed(f) => self.captured.fixed[f].clone(),
            Key::Party { party, k } | Key::Newer { party, n: k } => {
                let newer = matches!(key, Key::Newer { .. });
                let (mut rng, head) = self.party_head(key);
                let members: Vec<u64> = self.roster.parties[party]
                    .iter()
                    .map(|&m| &self.roster.members[m])
                    .filter(|m| newer || m.generated() > k)
                    .map(|m| m.xuid)
                    .collect();
                let fixed_span = if newer {
                    roster::NEWER_GUESTS
                } else {
                    self.captured.fixed.len() as u64 * 8
                };
                let parties = self.roster.parties.len() as u64;
                let seats: Vec<Seat> = (0..8_u64)
                    .map(|slot| {
                        let who = match members.get(slot as usize) {
                            Some(&x) if slot < 4 => Who::Xuid(x),
                            _ => Who::Xuid(roster::guest_xuid(
                                fixed_span + (k * parties + party as u64) * 8 + slot,
                            )),
                        };
                        Seat {
                            who,
                            team: if slot < 4 { head.side } else { 1 - head.side },
                            fixed: None,
                        }
                    })
                    .collect();
                let (lines, teams) = facts::play(&mut rng, &seats, head.winner, head.duration_ms);
                Facts {
                    id: self.match_id(key),
                    setting: head.setting,
                    start_ms: head.start_ms,
                    duration_ms: head.duration_ms,
                    lines,
                    teams,
                    captured: None,
                }
            }
        }
    }

    /// The outcome of a player in a match and whether it was ranked, without playing it.
    fn brief(&self, key: Key, xuid: u64) -> Option<(facts::Outcome, bool)> {
        match key {
            Key::Fixed(f) => {
                let facts = &self.captured.fixed[f];
                let line = facts.line_of(xuid)?;
                Some((
                    line.outcome,
                    render::is_ranked(&self.captured.settings[facts.setting]),
                ))
            }
            Key::Party { .. } | Key::Newer { .. } => {
                let (_, head) = self.party_head(key);
                let outcome = match head.winner {
                    None => facts::Outcome::Tie,
                    Some(w) if w == head.side => facts::Outcome::Win,
                    Some(_) => facts::Outcome::Loss,
                };
                Some((
                    outcome,
                    render::is_ranked(&self.captured.settings[head.setting]),
                ))
            }
        }
    }
}

/// The first draws of a synthetic match.
#[derive(Debug, Clone, Copy)]
struct Head {
    setting: usize,
    side: u64,
    winner: Option<u64>,
    start_ms: i64,
    duration_ms: i64,
}
