//! The current CSR of a list of players in each ranked playlist they played lately, with the
//! season's and all time's best.
//!
//! Usage: `cargo run -p halo-examples --example season_csr [XUID...]` (offline: an in-process
//! halo-testkit answers every request; with no XUID, the offline world's signed-in player).

use std::fmt::Write as _;

use halo_match::{Lookup, Player};
use halo_models::Xuid;
use halo_testkit::TestServer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut players = Vec::new();
    for arg in std::env::args().skip(1) {
        players.push(Xuid(arg.parse()?));
    }
    if players.is_empty() {
        players.push(Xuid(halo_examples::ME));
    }
    let server = TestServer::start().await?;
    print!("{}", run(&server, &players).await?);
    Ok(())
}

/// One line per player and ranked playlist; a player whose CSR cannot be had says why.
pub async fn run(
    server: &TestServer,
    players: &[Xuid],
) -> Result<String, Box<dyn std::error::Error>> {
    let client = halo_examples::client_of(server)?;
    let mut out = String::new();
    for &xuid in players {
        // profile, service record, match count and CSR are fetched at the same time.
        let summary = match Player::new(&client, xuid).summary().await {
            Ok(summary) => summary,
            Err(e) => {
                writeln!(out, "{xuid}: not found ({e})")?;
                continue;
            }
        };
        let name = summary.player.label();
        match &summary.ranked {
            Lookup::Found(ranked) if ranked.is_empty() => {
                writeln!(out, "{name}: no ranked match lately")?;
            }
            Lookup::Found(ranked) => {
                for p in ranked {
                    writeln!(
                        out,
                        "{name}: {} CSR {} (season best {}, all-time best {})",
                        p.playlist.label(),
                        p.current.label(),
                        p.season_max.label(),
                        p.all_time_max.label()
                    )?;
                }
            }
            Lookup::None => writeln!(out, "{name}: no ranked match lately")?,
            Lookup::Failed => writeln!(out, "{name}: CSR could not be fetched")?,
        }
        for failure in &summary.parts.errors {
            writeln!(out, "{name}: {} failed: {}", failure.part, failure.error)?;
        }
    }
    Ok(out)
}
