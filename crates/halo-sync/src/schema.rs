//! The one definition of the database's tables and columns. The DDL of each dialect, the
//! inserts and the exports are all generated from it, so they cannot disagree.
//!
//! Version history (see [`migrations`]): 1, the first schema.

use crate::store::Dialect;

/// The schema version this program writes. A database with a higher version is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A 64-bit integer (booleans are 0/1).
    Int,
    /// A double.
    Real,
    /// Text (ids, names).
    Text,
    /// A UTC instant, stored as ISO-8601 text of one fixed width (`2025-01-24T03:51:46.942Z`),
    /// so text order is time order; Parquet exports it as a timestamp.
    Time,
    /// Bytes.
    Blob,
}

/// A column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// What it holds (docs/database.md repeats it).
    pub doc: &'static str,
}

/// A table.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Its name.
    pub name: &'static str,
    /// What a row is.
    pub doc: &'static str,
    /// Its own columns, in order.
    pub columns: &'static [Column],
    /// Whether the core stat columns ([`CORE_STATS`]) follow its own columns.
    pub core_stats: bool,
    /// The primary key's columns.
    pub key: &'static [&'static str],
    /// Whether its rows are materialized from the raw bodies (dropped and rebuilt by
    /// `--rebuild`); the others hold the raw bodies and the sync's own bookkeeping.
    pub materialized: bool,
}

/// A core stat: a column and the key of its value in the payload's `CoreStats` object.
#[derive(Debug, Clone, Copy)]
pub struct StatColumn {
    /// The column.
    pub column: Column,
    /// The payload key (`Kills`).
    pub key: &'static str,
    /// Whether the payload holds an ISO-8601 duration, stored in seconds.
    pub duration: bool,
}

const fn c(name: &'static str, ty: ColumnType, doc: &'static str) -> Column {
    Column { name, ty, doc }
}

const fn stat(name: &'static str, key: &'static str, ty: ColumnType) -> StatColumn {
    StatColumn {
        column: Column { name, ty, doc: key },
        key,
        duration: false,
    }
}

const fn seconds(name: &'static str, key: &'static str) -> StatColumn {
    StatColumn {
        column: Column {
            name,
            ty: Real,
            doc: key,
        },
        key,
        duration: true,
    }
}

use ColumnType::{Blob, Int, Real, Text, Time};

/// The core stats of a team or of a player on a team (payload `CoreStats`); `NULL` where a
/// payload lacks one.
pub const CORE_STATS: &[StatColumn] = &[
    stat("score", "Score", Int),
    stat("personal_score", "PersonalScore", Int),
    stat("rounds_won", "RoundsWon", Int),
    stat("rounds_lost", "RoundsLost", Int),
    stat("rounds_tied", "RoundsTied", Int),
    stat("kills", "Kills", Int),
    stat("deaths", "Deaths", Int),
    stat("assists", "Assists", Int),
    stat("kda", "KDA", Real),
    stat("suicides", "Suicides", Int),
    stat("betrayals", "Betrayals", Int),
    seconds("average_life_s", "AverageLifeDuration"),
    stat("grenade_kills", "GrenadeKills", Int),
    stat("headshot_kills", "HeadshotKills", Int),
    stat("melee_kills", "MeleeKills", Int),
    stat("power_weapon_kills", "PowerWeaponKills", Int),
    stat("shots_fired", "ShotsFired", Int),
    stat("shots_hit", "ShotsHit", Int),
    stat("accuracy", "Accuracy", Real),
    stat("damage_dealt", "DamageDealt", Int),
    stat("damage_taken", "DamageTaken", Int),
    stat("callout_assists", "CalloutAssists", Int),
    stat("vehicle_destroys", "VehicleDestroys", Int),
    stat("driver_assists", "DriverAssists", Int),
    stat("hijacks", "Hijacks", Int),
    stat("emp_assists", "EmpAssists", Int),
    stat("max_killing_spree", "MaxKillingSpree", Int),
    stat("spawns", "Spawns", Int),
    stat("objectives_completed", "ObjectivesCompleted", Int),
];

/// `matches`.
pub const MATCHES: Table = Table {
    name: "matches",
    doc: "one row per match",
    columns: &[
        c("match_id", Text, "the match id (GUID)"),
        c("start_time", Time, "start, ISO-8601 UTC"),
        c("end_time", Time, "end, ISO-8601 UTC"),
        c("duration_s", Real, "length in seconds"),
        c("playable_duration_s", Real, "playable length in seconds"),
        c("lifecycle_mode", Int, "1 custom, 3 matchmade, 7 custom LAN"),
        c(
            "game_variant_category",
            Int,
            "the mode's category code (ENUMS.md)",
        ),
        c("level_id", Text, "the level (engine map) id"),
        c(
            "map_asset_id",
            Text,
            "the map variant (assets.kind = 'map')",
        ),
        c("map_version_id", Text, "its version"),
        c(
            "mode_asset_id",
            Text,
            "the game variant (assets.kind = 'mode')",
        ),
        c("mode_version_id", Text, "its version"),
        c(
            "playlist_asset_id",
            Text,
            "the playlist (assets.kind = 'playlist'); NULL: none",
        ),
        c("playlist_version_id", Text, "its version"),
        c(
            "map_mode_pair_asset_id",
            Text,
            "the playlist's map-mode pair; NULL: none",
        ),
        c("map_mode_pair_version_id", Text, "its version"),
        c(
            "playlist_experience",
            Int,
            "the playlist experience code; NULL: none",
        ),
        c(
            "season_id",
            Text,
            "the CSR season path (Csr/Seasons/CsrSeason9-1.json)",
        ),
        c(
            "clearance_id",
            Text,
            "the clearance (build flight) the match ran under",
        ),
        c("teams_enabled", Int, "1 when the mode has teams"),
        c("team_scoring_enabled", Int, "1 when teams score"),
        c("gameplay_interaction", Int, "1 PvP, 2 PvE"),
        c("players", Int, "how many players (bots included)"),
        c("humans", Int, "how many human players"),
    ],
    core_stats: false,
    key: &["match_id"],
    materialized: true,
};

/// `teams`.
pub const TEAMS: Table = Table {
    name: "teams",
    doc: "one row per team of a match, with the team's core stats",
    columns: &[
        c("match_id", Text, "the match"),
        c("team_id", Int, "0 Eagle, 1 Cobra, ..."),
        c("outcome", Int, "1 tie, 2 win, 3 loss, 4 left"),
        c("rank", Int, "placement (1 first)"),
    ],
    core_stats: true,
    key: &["match_id", "team_id"],
    materialized: true,
};

/// `players`.
pub const PLAYERS: Table = Table {
    name: "players",
    doc: "one row per player (human or bot) of a match",
    columns: &[
        c("match_id", Text, "the match"),
        c("player_id", Text, "xuid(N) for a human, bid(...) for a bot"),
        c("xuid", Int, "the XUID of a human; NULL for a bot"),
        c("is_bot", Int, "1 for a bot"),
        c("bot_difficulty", Int, "a bot's difficulty code"),
        c("last_team_id", Int, "the team the player ended on"),
        c("outcome", Int, "1 tie, 2 win, 3 loss, 4 left"),
        c("rank", Int, "placement (1 first)"),
        c(
            "first_joined_time",
            Time,
            "when the player joined, ISO-8601",
        ),
        c("present_at_beginning", Int, "1 when present at the start"),
        c("joined_in_progress", Int, "1 when joined late"),
        c("left_in_progress", Int, "1 when left early"),
        c("present_at_completion", Int, "1 when present at the end"),
        c("time_played_s", Real, "seconds played"),
    ],
    core_stats: false,
    key: &["match_id", "player_id"],
    materialized: true,
};

/// `player_stats`.
pub const PLAYER_STATS: Table = Table {
    name: "player_stats",
    doc: "a player's core stats on one team of a match (one row per team the player played on)",
    columns: &[
        c("match_id", Text, "the match"),
        c("player_id", Text, "the player (players.player_id)"),
        c("team_id", Int, "the team"),
    ],
    core_stats: true,
    key: &["match_id", "player_id", "team_id"],
    materialized: true,
};

/// `player_mode_stats`.
pub const PLAYER_MODE_STATS: Table = Table {
    name: "player_mode_stats",
    doc: "a player's per-mode stats (CTF, oddball, zones, elimination, stockpile, ...), one row \
          per stat; durations in seconds",
    columns: &[
        c("match_id", Text, "the match"),
        c("player_id", Text, "the player"),
        c("team_id", Int, "the team"),
        c(
            "mode",
            Text,
            "the payload's block (CaptureTheFlagStats, OddballStats, ...)",
        ),
        c("stat", Text, "the stat's payload key (FlagCaptures, ...)"),
        c("value", Real, "its value (seconds for durations)"),
    ],
    core_stats: false,
    key: &["match_id", "player_id", "team_id", "mode", "stat"],
    materialized: true,
};

/// `medals`.
pub const MEDALS: Table = Table {
    name: "medals",
    doc: "medals a player earned in a match (names in medal_names)",
    columns: &[
        c("match_id", Text, "the match"),
        c("player_id", Text, "the player"),
        c("team_id", Int, "the team"),
        c("medal_id", Int, "the medal's NameId"),
        c("count", Int, "how many times"),
        c("personal_score", Int, "personal score it awarded"),
    ],
    core_stats: false,
    key: &["match_id", "player_id", "team_id", "medal_id"],
    materialized: true,
};

/// `personal_scores`.
pub const PERSONAL_SCORES: Table = Table {
    name: "personal_scores",
    doc: "what a player's personal score was made of (kills, assists, captures ...)",
    columns: &[
        c("match_id", Text, "the match"),
        c("player_id", Text, "the player"),
        c("team_id", Int, "the team"),
        c("score_id", Int, "the personal score's NameId"),
        c("count", Int, "how many times"),
        c("personal_score", Int, "points awarded"),
    ],
    core_stats: false,
    key: &["match_id", "player_id", "team_id", "score_id"],
    materialized: true,
};

/// `csr_changes`.
pub const CSR_CHANGES: Table = Table {
    name: "csr_changes",
    doc: "the skill service's result for each human of a matchmade match: CSR before and \
          after, MMR, expected kills and deaths",
    columns: &[
        c("match_id", Text, "the match"),
        c("xuid", Int, "the player"),
        c(
            "result_code",
            Int,
            "0: a result; other codes: none for this player",
        ),
        c("team_id", Int, "the team"),
        c("team_mmr", Real, "the team's MMR"),
        c("pre_csr", Int, "CSR before the match (-1: unranked)"),
        c("pre_tier", Text, "tier before (Bronze ... Onyx)"),
        c("pre_sub_tier", Int, "sub-tier before (0-based)"),
        c("post_csr", Int, "CSR after the match"),
        c("post_tier", Text, "tier after"),
        c("post_sub_tier", Int, "sub-tier after"),
        c(
            "matches_remaining",
            Int,
            "placement matches still to play after it",
        ),
        c("expected_kills", Real, "kills the service expected"),
        c("expected_deaths", Real, "deaths the service expected"),
    ],
    core_stats: false,
    key: &["match_id", "xuid"],
    materialized: true,
};

/// `assets`.
pub const ASSETS: Table = Table {
    name: "assets",
    doc: "names of the maps, modes and playlists that matches refer to",
    columns: &[
        c("kind", Text, "map, mode or playlist"),
        c("asset_id", Text, "the asset id"),
        c("version_id", Text, "the version id"),
        c("name", Text, "the name players see"),
        c("description", Text, "its description"),
    ],
    core_stats: false,
    key: &["kind", "asset_id", "version_id"],
    materialized: true,
};

/// `medal_names`.
pub const MEDAL_NAMES: Table = Table {
    name: "medal_names",
    doc: "medal names by NameId",
    columns: &[
        c("medal_id", Int, "the NameId"),
        c("name", Text, "the name"),
    ],
    core_stats: false,
    key: &["medal_id"],
    materialized: true,
};

/// `raw_responses`.
pub const RAW_RESPONSES: Table = Table {
    name: "raw_responses",
    doc: "every response body a sync used, deflate-compressed, so the other tables can be \
          rebuilt without the network (`halo sync --rebuild`)",
    columns: &[
        c(
            "key",
            Text,
            "the match id, or kind:asset:version for an asset",
        ),
        c(
            "endpoint",
            Text,
            "the endpoint id (Stats_GetMatchStats, ...)",
        ),
        c("fetched_at", Time, "when, ISO-8601 UTC"),
        c("body", Blob, "the body, deflate-compressed"),
    ],
    core_stats: false,
    key: &["key", "endpoint"],
    materialized: false,
};

/// `sync_failures`.
pub const SYNC_FAILURES: Table = Table {
    name: "sync_failures",
    doc: "matches that could not be fetched or read, with the reason; the next sync tries \
          them again and removes the row once stored",
    columns: &[
        c("match_id", Text, "the match"),
        c("stage", Text, "stats, skill or decode"),
        c("reason", Text, "why"),
        c("attempts", Int, "how many syncs tried it"),
        c("last_attempt", Time, "when, ISO-8601 UTC"),
    ],
    core_stats: false,
    key: &["match_id"],
    materialized: false,
};

/// `synced_players`.
pub const SYNCED_PLAYERS: Table = Table {
    name: "synced_players",
    doc: "the players synced into this database",
    columns: &[
        c("xuid", Int, "the player"),
        c("gamertag", Text, "the gamertag at the last sync"),
        c(
            "last_sync",
            Time,
            "when the last complete sync ended, ISO-8601 UTC",
        ),
        c("matches", Int, "matches in the history at the last sync"),
    ],
    core_stats: false,
    key: &["xuid"],
    materialized: false,
};

/// Every table, in creation order.
pub const TABLES: &[Table] = &[
    MATCHES,
    TEAMS,
    PLAYERS,
    PLAYER_STATS,
    PLAYER_MODE_STATS,
    MEDALS,
    PERSONAL_SCORES,
    CSR_CHANGES,
    ASSETS,
    MEDAL_NAMES,
    RAW_RESPONSES,
    SYNC_FAILURES,
    SYNCED_PLAYERS,
];

/// Secondary indexes: (name, table, columns).
pub const INDEXES: &[(&str, &str, &str)] = &[
    ("players_by_xuid", "players", "xuid"),
    ("matches_by_start", "matches", "start_time"),
];

/// The key/value table holding the schema version.
pub const META_TABLE: &str = "halo_meta";

impl Table {
    /// Every column, core stats included, in order.
    pub fn all_columns(&self) -> impl Iterator<Item = Column> + '_ {
        let stats: &[StatColumn] = if self.core_stats { CORE_STATS } else { &[] };
        self.columns
            .iter()
            .copied()
            .chain(stats.iter().map(|s| s.column))
    }

    /// How many columns.
    pub fn width(&self) -> usize {
        self.columns.len() + if self.core_stats { CORE_STATS.len() } else { 0 }
    }

    /// `CREATE TABLE IF NOT EXISTS` in `dialect`.
    pub fn create_sql(&self, dialect: Dialect) -> String {
        let mut sql = format!("CREATE TABLE IF NOT EXISTS {} (", self.name);
        for (i, column) in self.all_columns().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(column.name);
            sql.push(' ');
            sql.push_str(type_name(column.ty, dialect));
            if self.key.contains(&column.name) {
                sql.push_str(" NOT NULL");
            }
        }
        sql.push_str(", PRIMARY KEY (");
        sql.push_str(&self.key.join(", "));
        sql.push_str("))");
        sql
    }

    /// An upsert of one row (every column, `$1`... in column order).
    pub fn upsert_sql(&self) -> String {
        let names: Vec<&str> = self.all_columns().map(|c| c.name).collect();
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let updates: Vec<String> = names
            .iter()
            .filter(|n| !self.key.contains(n))
            .map(|n| format!("{n} = excluded.{n}"))
            .collect();
        let action = if updates.is_empty() {
            "NOTHING".to_owned()
        } else {
            format!("UPDATE SET {}", updates.join(", "))
        };
        format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO {action}",
            self.name,
            names.join(", "),
            placeholders.join(", "),
            self.key.join(", "),
        )
    }

    /// Every row, ordered by the primary key.
    pub fn select_sql(&self) -> String {
        let names: Vec<&str> = self.all_columns().map(|c| c.name).collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            names.join(", "),
            self.name,
            self.key.join(", ")
        )
    }
}

/// The name of a type in `dialect`.
fn type_name(ty: ColumnType, dialect: Dialect) -> &'static str {
    match (dialect, ty) {
        (Dialect::Sqlite, Int) => "INTEGER",
        (Dialect::Sqlite, Real) => "REAL",
        (Dialect::Sqlite, Blob) => "BLOB",
        (Dialect::Postgres, Int) => "BIGINT",
        (Dialect::Postgres, Real) => "DOUBLE PRECISION",
        (Dialect::Postgres, Blob) => "BYTEA",
        (_, Text | Time) => "TEXT",
    }
}

/// The statements that bring a database of schema version `from` to version `to` (`from` 0:
/// an empty database).
pub fn migrations(from: i64, dialect: Dialect) -> Vec<String> {
    let mut steps = Vec::new();
    if from < 1 {
        steps.push(format!(
            "CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT NOT NULL PRIMARY KEY, value TEXT)"
        ));
        steps.extend(TABLES.iter().map(|t| t.create_sql(dialect)));
        steps.extend(
            INDEXES
                .iter()
                .map(|(name, table, columns)| index_sql(name, table, columns)),
        );
    }
    steps
}

/// `CREATE INDEX IF NOT EXISTS`.
fn index_sql(name: &str, table: &str, columns: &str) -> String {
    format!("CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
}

/// The tables as Markdown (docs/database.md holds this text; a test keeps it current).
pub fn markdown() -> String {
    let mut out = String::new();
    for table in TABLES {
        let mut doc = table.doc.chars();
        let first = doc.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
        out.push_str(&format!("### `{}`\n\n{first}{}.", table.name, doc.as_str()));
        out.push_str(&format!(" Key: ({}).", table.key.join(", ")));
        if !table.materialized {
            out.push_str(" Not rebuilt by `--rebuild`.");
        }
        out.push_str("\n\n| column | type | what |\n|---|---|---|\n");
        for column in table.columns {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                column.name,
                type_label(column.ty),
                column.doc
            ));
        }
        if table.core_stats {
            let names: Vec<String> = CORE_STATS
                .iter()
                .map(|s| format!("`{}`", s.column.name))
                .collect();
            out.push_str(&format!(
                "| {} | integer (`kda`, `accuracy`: real; `average_life_s`: seconds) | the core \
                 stats ([core stats](#core-stats)) |\n",
                names.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}

/// A column type in the docs.
fn type_label(ty: ColumnType) -> &'static str {
    match ty {
        Int => "integer",
        Real => "real",
        Text => "text",
        Time => "time (ISO-8601 UTC text)",
        Blob => "bytes",
    }
}

/// The table named `name`.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_columns_and_names_are_unique() {
        for table in TABLES {
            let names: Vec<&str> = table.all_columns().map(|c| c.name).collect();
            for key in table.key {
                assert!(names.contains(key), "{}.{key}", table.name);
            }
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", table.name);
            assert_eq!(table.width(), names.len());
        }
    }

    #[test]
    fn docs_database_md_describes_this_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/database.md");
        let docs = std::fs::read_to_string(path).unwrap_or_default();
        let tables = markdown();
        assert!(
            docs.contains(&tables),
            "docs/database.md is out of date; its tables section should read:\n{tables}"
        );
        assert!(docs.contains(&format!("Schema version {SCHEMA_VERSION}.")));
    }

    #[test]
    fn ddl_follows_the_dialect() {
        let sqlite = MEDALS.create_sql(Dialect::Sqlite);
        assert_eq!(
            sqlite,
            "CREATE TABLE IF NOT EXISTS medals (match_id TEXT NOT NULL, player_id TEXT NOT NULL, \
             team_id INTEGER NOT NULL, medal_id INTEGER NOT NULL, count INTEGER, \
             personal_score INTEGER, PRIMARY KEY (match_id, player_id, team_id, medal_id))"
        );
        assert!(
            RAW_RESPONSES
                .create_sql(Dialect::Postgres)
                .contains("body BYTEA")
        );
        assert_eq!(
            MEDAL_NAMES.upsert_sql(),
            "INSERT INTO medal_names (medal_id, name) VALUES ($1, $2) ON CONFLICT (medal_id) \
             DO UPDATE SET name = excluded.name"
        );
    }
}
