//! The latest match of a player: its map, mode and playlist by name, then each team's
//! scoreboard with gamertags, kills, deaths, assists and the CSR change.
//!
//! Usage: `cargo run -p halo-examples --example latest_match` (offline: an in-process
//! halo-testkit answers every request).

use std::fmt::Write as _;

use halo_match::{Lookup, Player};
use halo_models::Xuid;
use halo_testkit::TestServer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = TestServer::start().await?;
    print!("{}", run(&server, Xuid(halo_examples::ME)).await?);
    Ok(())
}

/// The summary of `player`'s latest match, as text.
pub async fn run(server: &TestServer, player: Xuid) -> Result<String, Box<dyn std::error::Error>> {
    let client = halo_examples::client_of(server)?;
    let history = Player::new(&client, player).history(1).await?;
    let Some(latest) = history.matches.first() else {
        return Ok(format!("{player} has no match\n"));
    };
    let summary = latest.summary().await?;
    let header = &summary.header;
    let mut out = String::new();
    writeln!(out, "match {} at {}", header.match_id, header.start_time)?;
    writeln!(
        out,
        "{} on {}, {}",
        header.mode.label(),
        header.map.label(),
        header
            .playlist
            .as_ref()
            .map_or("no playlist".to_owned(), |p| p.label())
    )?;
    for team in &summary.teams {
        writeln!(out, "{}: {} ({})", team.label(), team.score, team.outcome)?;
        for p in &team.players {
            let csr = match &p.csr {
                Lookup::Found(c) => format!(" CSR {} -> {}", c.before.label(), c.after.label()),
                Lookup::None => String::new(),
                Lookup::Failed => " CSR could not be fetched".to_owned(),
            };
            writeln!(
                out,
                "  {} {}/{}/{}{csr}",
                p.label(),
                p.kills,
                p.deaths,
                p.assists
            )?;
        }
    }
    for failure in &summary.parts.errors {
        writeln!(out, "{} failed: {}", failure.part, failure.error)?;
    }
    Ok(out)
}
