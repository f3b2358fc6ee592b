//! A match's film highlights: its kills, deaths and medals in time order, decoded from the
//! film's highlight-events chunk and checked against the match's stats.
//!
//! Usage: `cargo run -p halo-examples --example film_highlights [MATCH_ID]` (offline: an
//! in-process halo-testkit answers every request, its films are captured ones).

use std::fmt::Write as _;

use halo_match::Match;
use halo_models::MatchId;
use halo_testkit::TestServer;

/// A match of the offline world with a captured film (version 37).
pub const FILM_MATCH: &str = "adfde763-6996-4ffb-8cd5-55855454c5f0";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id: MatchId = std::env::args()
        .nth(1)
        .unwrap_or_else(|| FILM_MATCH.to_owned())
        .parse()?;
    let server = TestServer::start().await?;
    print!("{}", run(&server, id).await?);
    Ok(())
}

/// One line per highlight event, then the check against the stats.
pub async fn run(server: &TestServer, id: MatchId) -> Result<String, Box<dyn std::error::Error>> {
    let client = halo_examples::client_of(server)?;
    let game = Match::new(&client, id);
    let mut out = String::new();
    let Some(film) = game.highlights().await? else {
        writeln!(out, "match {id} has no film")?;
        return Ok(out);
    };
    writeln!(
        out,
        "match {id}: film version {}, {} highlight events",
        film.version,
        film.highlights.events.len()
    )?;
    for event in &film.highlights.events {
        let seconds = event.time_ms / 1000;
        write!(
            out,
            "{:>2}:{:02} {:<6} {}",
            seconds / 60,
            seconds % 60,
            event.kind.as_str(),
            event.gamertag
        )?;
        match event.medal_name {
            Some(medal) => writeln!(out, " ({medal})")?,
            None => writeln!(out)?,
        }
    }
    for warning in &film.highlights.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    match &film.check {
        Ok(check) if check.is_consistent() => writeln!(
            out,
            "consistent with the stats: {} players checked",
            check.players_checked
        )?,
        Ok(check) => writeln!(
            out,
            "differs from the stats: {} mismatches, {} players not in the match",
            check.mismatches.len(),
            check.strangers.len()
        )?,
        Err(e) => writeln!(out, "not checked against the stats: {e}")?,
    }
    Ok(out)
}
