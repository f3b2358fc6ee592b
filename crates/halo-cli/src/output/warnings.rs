//! Parts that could not be fetched, told on standard error: one line per kind of failure
//! (a part and a short cause), however many matches or players it hit. Under `--strict` they
//! end the command with exit status 3 before anything is printed.

use std::collections::BTreeMap;

use halo_match::{Failure, Part};

use crate::error::CliError;
use crate::safe_text;

/// What a table shows in place of a value that could not be fetched.
pub(crate) const MARKER: &str = "?";

/// The failures of a command, grouped by kind.
#[derive(Debug)]
pub(crate) struct Warnings {
    /// `matches`, `players`...: what the failures are counted in.
    units: &'static str,
    /// How many of `units` the command showed.
    total: usize,
    /// Whether the output is a table (the warning says what marks a failed value).
    table: bool,
    kinds: BTreeMap<(Part, String), Kind>,
}

#[derive(Debug)]
struct Kind {
    /// How many of `units` the kind hit.
    hits: usize,
    /// The first failure's detail (`3 of 8 players`), when it had one.
    detail: Option<String>,
}

impl Warnings {
    /// No failures yet, of a command that shows `total` of `units` (`25`, `matches`).
    pub(crate) fn new(units: &'static str, total: usize, table: bool) -> Self {
        Self {
            units,
            total,
            table,
            kinds: BTreeMap::new(),
        }
    }

    /// Adds the failures of one of the command's `units`.
    pub(crate) fn add(&mut self, failures: &[Failure]) {
        let mut seen = std::collections::BTreeSet::new();
        for failure in failures {
            let key = (failure.part, failure.error.short());
            let kind = self.kinds.entry(key.clone()).or_insert(Kind {
                hits: 0,
                detail: failure.detail.clone(),
            });
            if seen.insert(key) {
                kind.hits += 1;
            }
        }
    }

    /// How many kinds of failure.
    pub(crate) fn kinds(&self) -> usize {
        self.kinds.len()
    }

    /// The warning lines, one per kind.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|((part, short), kind)| {
                let short = safe_text::one_line_capped(short, 300);
                if *part == Part::History {
                    // The list itself ended early: what came through is shown.
                    let detail = kind.detail.as_deref().unwrap_or("it ended early");
                    return format!(
                        "warning: the match history could not be fetched whole ({detail}): \
                         {short}; showing what came through"
                    );
                }
                let scope = match (&kind.detail, self.total) {
                    (Some(detail), 0 | 1) => format!(" for {detail}"),
                    (None, 0 | 1) => String::new(),
                    _ => format!(" for {} of {} {}", kind.hits, self.total, self.units),
                };
                let marked = if self.table {
                    format!("; marked {MARKER}")
                } else {
                    "; null in the JSON, see \"errors\"".to_owned()
                };
                format!(
                    "warning: {} could not be fetched{scope}: {short}{marked}",
                    what(*part)
                )
            })
            .collect()
    }

    /// Prints the warnings on standard error.
    pub(crate) fn print(&self) {
        for line in self.lines() {
            eprintln!("{line}");
        }
    }

    /// Under `--strict`, with failures: prints them and ends the command (exit status 3)
    /// before anything is written.
    pub(crate) fn check_strict(&self, strict: bool) -> Result<(), CliError> {
        if strict && !self.kinds.is_empty() {
            self.print();
            return Err(CliError::Incomplete {
                kinds: self.kinds(),
            });
        }
        Ok(())
    }
}

/// What a part holds, for people.
fn what(part: Part) -> &'static str {
    match part {
        Part::Stats => "match stats",
        Part::Skill => "CSR (skill results)",
        Part::Map => "map names",
        Part::Mode => "mode names",
        Part::Playlist => "playlist names",
        Part::MapModePair => "map-mode pair names",
        Part::Season => "season names",
        Part::Gamertags => "gamertags",
        Part::MedalNames => "medal names",
        Part::Film => "the film manifest",
        Part::Highlights => "highlight events",
        Part::Profile => "the profile",
        Part::ServiceRecord => "the service record",
        Part::MatchCount => "match counts",
        Part::Csr => "the ranked CSR",
        Part::History => "the match history",
        _ => "a part",
    }
}
