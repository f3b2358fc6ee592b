//! Hand-written conveniences over the generated types: a match's human players and bots, a
//! team's score and outcome, a player's kills, personal-score names.

use crate::{
    CareerRewardTrack, CoreStats, MatchStats, Medal, Outcome, Player, PlayerId, PlayerType, Team,
    personal_score_name,
};

impl MatchStats {
    /// Players that are humans (`xuid(N)` ids).
    pub fn human_players(&self) -> impl Iterator<Item = &Player> {
        self.players.iter().filter(|p| p.is_human())
    }

    /// Players that are bots (`bid(..)` ids).
    pub fn bots(&self) -> impl Iterator<Item = &Player> {
        self.players.iter().filter(|p| p.is_bot())
    }

    /// The player with this id.
    pub fn player(&self, id: &PlayerId) -> Option<&Player> {
        self.players.iter().find(|p| p.player_id == *id)
    }

    /// The team with this id.
    pub fn team(&self, team_id: i64) -> Option<&Team> {
        self.teams.iter().find(|t| t.team_id == team_id)
    }

    /// The team whose outcome is a win, if any.
    pub fn winning_team(&self) -> Option<&Team> {
        self.teams.iter().find(|t| t.outcome == Outcome::Win)
    }

    /// The players who ended the match on `team_id`.
    pub fn team_players(&self, team_id: i64) -> impl Iterator<Item = &Player> {
        self.players
            .iter()
            .filter(move |p| p.last_team_id == team_id)
    }
}

impl Team {
    /// The team's score.
    pub fn score(&self) -> i64 {
        self.stats.core_stats.score
    }

    /// The team's outcome (win, loss, tie...).
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Whether the team won.
    pub fn won(&self) -> bool {
        self.outcome == Outcome::Win
    }
}

impl Player {
    /// Whether the player is a human (by type, or by an `xuid(N)` id).
    pub fn is_human(&self) -> bool {
        match self.player_type {
            PlayerType::Human => true,
            PlayerType::Bot => false,
            _ => self.player_id.is_human(),
        }
    }

    /// Whether the player is a bot (by type, or by a `bid(..)` id).
    pub fn is_bot(&self) -> bool {
        match self.player_type {
            PlayerType::Bot => true,
            PlayerType::Human => false,
            _ => self.player_id.is_bot(),
        }
    }

    /// Core stats per team the player played on (usually one).
    pub fn core_stats(&self) -> impl Iterator<Item = &CoreStats> {
        self.player_team_stats.iter().map(|s| &s.stats.core_stats)
    }

    /// Kills over every team the player played on.
    pub fn kills(&self) -> i64 {
        self.core_stats().map(|c| c.kills).sum()
    }

    /// Deaths over every team the player played on.
    pub fn deaths(&self) -> i64 {
        self.core_stats().map(|c| c.deaths).sum()
    }

    /// Assists over every team the player played on.
    pub fn assists(&self) -> i64 {
        self.core_stats().map(|c| c.assists).sum()
    }

    /// Score over every team the player played on.
    pub fn score(&self) -> i64 {
        self.core_stats().map(|c| c.score).sum()
    }
}

impl Medal {
    /// The personal-score name of this entry (when it is one of `PersonalScores`).
    pub fn personal_score_name(&self) -> Option<&'static str> {
        u64::try_from(self.name_id)
            .ok()
            .and_then(personal_score_name)
    }
}

impl CareerRewardTrack {
    /// How many career ranks the track has.
    pub fn rank_count(&self) -> usize {
        self.ranks.len()
    }
}
