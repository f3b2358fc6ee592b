//! A player's match history as CSV: one row per match with its time, map, mode, playlist and
//! the player's outcome. Maps, modes and playlists are looked up once for all rows.
//!
//! Usage: `cargo run -p halo-examples --example history_csv [COUNT] > history.csv` (offline:
//! an in-process halo-testkit answers every request).

use std::fmt::Write as _;

use halo_match::{Lookup, Player};
use halo_models::Xuid;
use halo_testkit::TestServer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 25,
    };
    let server = TestServer::start().await?;
    print!("{}", run(&server, Xuid(halo_examples::ME), count).await?);
    Ok(())
}

/// The CSV text (with a header line) of `player`'s latest `count` matches.
pub async fn run(
    server: &TestServer,
    player: Xuid,
    count: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    let client = halo_examples::client_of(server)?;
    let history = Player::new(&client, player).history(count).await?;
    let mut out = String::from("match_id,start_time,duration_seconds,map,mode,playlist,outcome\n");
    for game in &history.matches {
        // A brief is the history row's facts with names: no match stats are fetched.
        let brief = game.brief().await?;
        let h = &brief.header;
        let playlist = h
            .playlist
            .as_ref()
            .map(|p| name(&p.name))
            .unwrap_or_default();
        let outcome = brief.player.as_ref().map_or("", |r| r.outcome.as_str());
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            h.match_id,
            h.start_time,
            h.duration_seconds,
            field(&name(&h.map.name)),
            field(&name(&h.mode.name)),
            field(&playlist),
            outcome
        )?;
    }
    if let Some(error) = &history.error {
        // The history stopped early: say so rather than pass a short file off as complete.
        eprintln!("the history ended early: {error}");
    }
    Ok(out)
}

/// A looked-up name, or empty when there is none or it failed.
fn name(name: &Lookup<String>) -> String {
    name.found().cloned().unwrap_or_default()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
