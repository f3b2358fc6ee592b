//! The world's players: the captures' real players (their XUIDs and gamertags), any players the
//! configuration adds, and the guests who fill the lobbies of synthetic matches.
//!
//! Players are grouped in parties of up to [`PARTY_SIZE`], in roster order; a party's members
//! play its synthetic matches together, on one team. Guests are not listed: a guest's XUID and
//! gamertag encode the match and slot it played (its whole history is that one match).

use std::collections::HashMap;

use super::names;

/// Largest party.
pub(crate) const PARTY_SIZE: usize = 3;
/// First guest XUID (guests take `GUEST_BASE + n`; real XUIDs sit at 2533... and 2535...).
pub(crate) const GUEST_BASE: u64 = 2_600_000_000_000_000;
/// Guest numbers stay below this.
pub(crate) const GUEST_SPAN: u64 = 1 << 40;
/// Guests of the matches played after the captures are numbered from here.
pub(crate) const NEWER_GUESTS: u64 = 1 << 39;

/// One listed player.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) xuid: u64,
    pub(crate) gamertag: String,
    /// Configured history length, custom games included (shorter than the player's captured
    /// matches, the oldest of them drop out of this player's history, and only of theirs).
    pub(crate) wanted: u64,
    pub(crate) party: usize,
    /// Fixed (captured) matches in the player's history, newest first, custom games included.
    pub(crate) fixed: Vec<usize>,
    /// The matchmade ones of `fixed`, newest first.
    pub(crate) fixed_matchmade: Vec<usize>,
    /// The custom games of `fixed`, newest first.
    pub(crate) fixed_custom: Vec<usize>,
}

impl Member {
    /// Matches in the whole (`type=all`) history: matchmade and custom.
    pub(crate) fn history_len(&self) -> u64 {
        self.wanted
    }

    /// Matchmade matches in the history.
    pub(crate) fn matchmade_len(&self) -> u64 {
        self.fixed_matchmade.len() as u64 + self.generated()
    }

    /// Synthetic matches in the history (after the fixed ones; all matchmade).
    pub(crate) fn generated(&self) -> u64 {
        self.wanted.saturating_sub(self.fixed.len() as u64)
    }

    /// Places the player's captured matches (newest first, each with whether it was
    /// matchmade): the newest `wanted` of them.
    pub(crate) fn keep_fixed(&mut self, fixed: &[(usize, bool)]) {
        let kept = &fixed[..fixed
            .len()
            .min(usize::try_from(self.wanted).unwrap_or(usize::MAX))];
        self.fixed = kept.iter().map(|f| f.0).collect();
        self.fixed_matchmade = kept.iter().filter(|f| f.1).map(|f| f.0).collect();
        self.fixed_custom = kept.iter().filter(|f| !f.1).map(|f| f.0).collect();
    }
}

/// The listed players and their indexes.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    pub(crate) members: Vec<Member>,
    by_xuid: HashMap<u64, usize>,
    by_gamertag: HashMap<String, usize>,
    /// Member indexes of each party.
    pub(crate) parties: Vec<Vec<usize>>,
}

impl Roster {
    /// Adds or updates a player (a known XUID keeps its place and takes the new values).
    pub(crate) fn upsert(&mut self, xuid: u64, gamertag: &str, wanted: u64) -> usize {
        if let Some(&at) = self.by_xuid.get(&xuid) {
            let old = std::mem::replace(&mut self.members[at].gamertag, gamertag.to_owned());
            self.by_gamertag.remove(&old.to_lowercase());
            self.by_gamertag.insert(gamertag.to_lowercase(), at);
            self.members[at].wanted = wanted;
            return at;
        }
        let at = self.members.len();
        self.members.push(Member {
            xuid,
            gamertag: gamertag.to_owned(),
            wanted,
            party: 0,
            fixed: Vec::new(),
            fixed_matchmade: Vec::new(),
            fixed_custom: Vec::new(),
        });
        self.by_xuid.insert(xuid, at);
        self.by_gamertag.insert(gamertag.to_lowercase(), at);
        at
    }

    /// Groups the members into parties, in roster order.
    pub(crate) fn form_parties(&mut self) {
        self.parties = (0..self.members.len())
            .collect::<Vec<_>>()
            .chunks(PARTY_SIZE)
            .map(<[usize]>::to_vec)
            .collect();
        for (party, members) in self.parties.iter().enumerate() {
            for &m in members {
                self.members[m].party = party;
            }
        }
    }

    /// The member with this XUID.
    pub(crate) fn by_xuid(&self, xuid: u64) -> Option<usize> {
        self.by_xuid.get(&xuid).copied()
    }

    /// The member with this gamertag (case-insensitive).
    pub(crate) fn by_gamertag(&self, gamertag: &str) -> Option<usize> {
        self.by_gamertag.get(&gamertag.to_lowercase()).copied()
    }
}

/// The XUID of guest number `n`.
pub(crate) fn guest_xuid(n: u64) -> u64 {
    GUEST_BASE + n
}

/// The guest number of a XUID in the guest range.
pub(crate) fn guest_of_xuid(xuid: u64) -> Option<u64> {
    xuid.checked_sub(GUEST_BASE).filter(|n| *n < GUEST_SPAN)
}

/// The gamertag of guest number `n`.
pub(crate) fn guest_gamertag(n: u64) -> String {
    names::guest_gamertag(n)
}
