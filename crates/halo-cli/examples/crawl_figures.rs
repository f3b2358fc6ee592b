//! The crawl figure (a figures program, not a timed test; run by `cargo xtask bench-crawl`, or
//! `cargo run --release -p halo-cli --example crawl_figures -- --halo target/release/halo
//! [--workers 3] [--accounts 3] [--players 50] [--matches 20000] [--rate R] [--concurrency K]`):
//! `--workers` real `halo crawl` processes (the binary given by `--halo`) crawl a halo-testkit
//! world into a throw-away PostgreSQL cluster on a loopback port, and the program prints one
//! JSON object of what they did.
//!
//! - The world: `--players` players of its own, each with the same history length, chosen so
//!   that their histories hold `--matches` distinct matches (a party of the world shares its
//!   matches, so the length is fitted; `matches_expected` is the count reached). Every player
//!   is queued as a seed before the workers start (`--max-players` = `--players`: no discovery
//!   beyond them), straight into the queue, so seeding spends no request.
//! - The server limits each Spartan token to `--rate` requests per second (a token bucket of
//!   `rate` with a burst of `rate`). Workers are spread over `--accounts` accounts, each account
//!   with a token of its own and `--account acct-N --rate R`: workers of one account share its
//!   budget in PostgreSQL.
//! - Figures: wall time from the first worker's start to the last one's exit; useful responses
//!   (the server's answers other than 429/401/403) per second over it, and that as a fraction of
//!   `accounts x rate`; the server's 429s; the matches failed as the workers reported them; peak
//!   RSS of the largest worker (GNU time, when `/usr/bin/time` exists).
//! - Exactly once: the stored match ids equal the world's, and the matches the workers report
//!   stored add up to that count (a worker stores a match only while holding its lease, so a
//!   match stored twice would count twice).
#![allow(clippy::disallowed_methods)] // a figures program: wall-clock time of other processes

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use halo_client::{BaseUrl, Client, StaticTokens};
use halo_models::Xuid;
use halo_sync::Database;
use halo_sync::crawl::{CrawlOptions, Crawler};
use halo_sync::store::{SqlValue, query_all};
use halo_testkit::postgres::PgCluster;
use halo_testkit::{RateLimit, TestServer, WorldPlayer};

/// The first XUID of the figure's players.
const FIRST_XUID: u64 = 2_535_490_000_000_000;

/// The command line.
#[derive(Debug, Clone)]
struct Args {
    halo: PathBuf,
    workers: usize,
    accounts: usize,
    players: u64,
    matches: u64,
    rate: u32,
    concurrency: u32,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        halo: PathBuf::from("target/release/halo"),
        workers: 3,
        accounts: 3,
        players: 50,
        matches: 20_000,
        rate: 40,
        concurrency: 8,
    };
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{arg} needs a value"))?;
        let number = |v: &str| -> Result<u64, String> {
            match v.parse::<u64>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("{arg} {v}: expected a positive number")),
            }
        };
        match arg.as_str() {
            "--halo" => args.halo = PathBuf::from(value),
            "--workers" => args.workers = number(&value)? as usize,
            "--accounts" => args.accounts = number(&value)? as usize,
            "--players" => args.players = number(&value)?,
            "--matches" => args.matches = number(&value)?,
            "--rate" => args.rate = u32::try_from(number(&value)?).map_err(|e| e.to_string())?,
            "--concurrency" => {
                args.concurrency = u32::try_from(number(&value)?).map_err(|e| e.to_string())?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.accounts > args.workers {
        return Err("--accounts cannot exceed --workers".to_owned());
    }
    Ok(args)
}

fn main() {
    match parse().and_then(|args| run(&args)) {
        Ok(figures) => println!("{figures}"),
        Err(e) => {
            eprintln!("crawl_figures: {e}");
            std::process::exit(1);
        }
    }
}

/// The figure's players, each with `history` matches.
fn players(count: u64, history: u64) -> Vec<WorldPlayer> {
    (0..count)
        .map(|i| WorldPlayer::new(FIRST_XUID + i, format!("Crawler {i:03}"), history))
        .collect()
}

fn world(players: Vec<WorldPlayer>, rate: Option<u32>) -> halo_testkit::TestConfig {
    let builder = TestServer::builder()
        .players(players)
        .faults_from_env(false)
        .record_limit(0);
    match rate {
        Some(rate) => builder
            .rate_limit(RateLimit::new(f64::from(rate), rate))
            .build(),
        None => builder.build(),
    }
}

/// The distinct matches of the players' histories.
fn distinct(server: &TestServer, players: &[WorldPlayer]) -> HashSet<String> {
    let world = server.world();
    let mut ids = HashSet::new();
    for p in players {
        let len = world.history_len(p.xuid).unwrap_or(0);
        ids.extend((0..len).filter_map(|i| world.history_match_id(p.xuid, i)));
    }
    ids
}

/// The history length whose players' histories hold about `matches` distinct matches.
async fn fit(args: &Args) -> Result<u64, String> {
    let mut history = (args.matches * 3).div_ceil(args.players).max(1);
    let mut tried = HashSet::new();
    for _ in 0..12 {
        if !tried.insert(history) {
            break;
        }
        let server = world(players(args.players, history), None)
            .start()
            .await
            .map_err(|e| e.to_string())?;
        let found = distinct(&server, &players(args.players, history)).len() as u64;
        if found == args.matches || found == 0 {
            break;
        }
        let next = (history * args.matches).div_ceil(found).max(1);
        if next == history {
            break;
        }
        history = if found > args.matches && next < history {
            next
        } else if found < args.matches {
            next.max(history + 1)
        } else {
            next
        };
    }
    Ok(history)
}

fn run(args: &Args) -> Result<serde_json::Value, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let args = args.clone();
    runtime.block_on(async move {
        let history = fit(&args).await?;
        let crawled = players(args.players, history);
        let server = world(crawled.clone(), Some(args.rate))
            .start()
            .await
            .map_err(|e| e.to_string())?;
        let expected = distinct(&server, &crawled);
        let cluster = PgCluster::start().map_err(|e| e.to_string())?;
        let url = cluster.url();
        seed(&server, &url, &crawled).await?;
        let tokens: Vec<String> = (0..args.accounts)
            .map(|_| server.mint_spartan_token())
            .collect();
        let clearance = server.config().clearance_id.clone();
        let before = server.stats();
        let base = server.base_url();
        let job_args = args.clone();
        // The workers are other processes; this runtime's thread keeps serving them.
        let job = tokio::task::spawn_blocking(move || {
            crawl(&job_args, &base, &url, &tokens, &clearance).map(|r| (r, url))
        });
        let (workers, url) = job.await.map_err(|e| e.to_string())??;
        let after = server.stats();
        let refused = (after.rate_limited - before.rate_limited)
            + (after.unauthorized - before.unauthorized)
            + (after.forbidden - before.forbidden);
        let useful = after.requests - before.requests - refused;
        let db_check = tokio::task::spawn_blocking(move || stored_ids(&url))
            .await
            .map_err(|e| e.to_string())??;
        drop(cluster);
        let stored_by_workers: u64 = workers.reports.iter().map(|r| r.0).sum();
        let failed: u64 = workers.reports.iter().map(|r| r.1).sum();
        let exactly_once = db_check.ids == expected
            && stored_by_workers == expected.len() as u64
            && db_check.done == expected.len() as u64;
        let budget = f64::from(args.rate) * args.accounts as f64;
        let per_s = useful as f64 / workers.seconds;
        Ok(serde_json::json!({
            "workers": args.workers,
            "accounts": args.accounts,
            "rate": args.rate,
            "concurrency": args.concurrency,
            "players": args.players,
            "history": history,
            "matches_expected": expected.len(),
            "matches_stored": db_check.ids.len(),
            "stored_by_workers": stored_by_workers,
            "failed": failed,
            "exactly_once": exactly_once,
            "seconds": workers.seconds,
            "useful_responses": useful,
            "useful_per_s": per_s,
            "budget_per_s": budget,
            "fraction": per_s / budget,
            "http_429": after.rate_limited - before.rate_limited,
            "peak_rss_mb": workers.peak_rss_kib.map(|k| k as f64 / 1024.0),
        }))
    })
}

/// Creates the queue and queues every player at depth 0 (no request: straight into the queue).
async fn seed(server: &TestServer, url: &str, players: &[WorldPlayer]) -> Result<(), String> {
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .tokens(
            StaticTokens::new(
                halo_testkit::DEFAULT_SPARTAN_TOKEN,
                Some(halo_testkit::DEFAULT_CLEARANCE_ID),
            )
            .map_err(|e| e.to_string())?,
        )
        .build()
        .map_err(|e| e.to_string())?;
    let url = url.to_owned();
    let options = CrawlOptions {
        worker: "seeder".to_owned(),
        account: "seeder".to_owned(),
        rate: 1,
        max_players: players.len() as u64,
        concurrency: 1,
        lease: Duration::from_secs(60),
    };
    let xuids: Vec<Xuid> = players.iter().map(|p| Xuid(p.xuid)).collect();
    // The PostgreSQL client blocks: off the async thread.
    let crawler = tokio::task::spawn_blocking(move || {
        Crawler::new(client, Database::postgres(&url)?, options)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    crawler.seed(&xuids).await.map_err(|e| e.to_string())
}

/// What the worker processes did.
struct Workers {
    /// Each worker's (stored, failed).
    reports: Vec<(u64, u64)>,
    seconds: f64,
    peak_rss_kib: Option<u64>,
}

/// Kills the workers still running when the figure stops early.
struct Reaped(Vec<Child>);

impl Drop for Reaped {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs the worker processes to the end.
fn crawl(
    args: &Args,
    base: &str,
    url: &str,
    tokens: &[String],
    clearance: &str,
) -> Result<Workers, String> {
    let dir = std::env::temp_dir().join(format!("halo-crawl-figures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let time = Path::new("/usr/bin/time");
    let started = Instant::now();
    let mut children = Reaped(Vec::new());
    for w in 0..args.workers {
        let account = w % args.accounts;
        let mut command = if time.exists() {
            let mut c = Command::new(time);
            c.args(["-f", "%M", "-o"])
                .arg(dir.join(format!("rss-{w}")))
                .arg(&args.halo);
            c
        } else {
            Command::new(&args.halo)
        };
        command
            .args(["--json", "crawl", "--db", url, "--max-players"])
            .arg(args.players.to_string())
            .arg("--concurrency")
            .arg(args.concurrency.to_string())
            .arg("--account")
            .arg(format!("acct-{account}"))
            .arg("--rate")
            .arg(args.rate.to_string())
            .args(["--lease", "60"])
            .env("HALO_BASE_URL", base)
            .env("HALO_SPARTAN_TOKEN", &tokens[account])
            .env("HALO_CLEARANCE", clearance)
            .env("XDG_CONFIG_HOME", &dir)
            .env("HOME", &dir)
            .env_remove("HALO_OFFLINE")
            .env_remove("HALO_TESTKIT_FAULTS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        children.0.push(
            command
                .spawn()
                .map_err(|e| format!("{}: {e}", args.halo.display()))?,
        );
    }
    let mut reports = Vec::new();
    for child in std::mem::take(&mut children.0) {
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "a worker failed ({}): {stdout}{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let last = stdout.lines().last().unwrap_or_default();
        let report: serde_json::Value =
            serde_json::from_str(last).map_err(|e| format!("a worker's report {last:?}: {e}"))?;
        let field = |name: &str| report[name].as_u64().unwrap_or(0);
        reports.push((field("stored"), field("failed")));
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak_rss_kib = (0..args.workers)
        .filter_map(|w| std::fs::read_to_string(dir.join(format!("rss-{w}"))).ok())
        .filter_map(|text| text.lines().last()?.trim().parse::<u64>().ok())
        .max();
    // Best effort: a leftover temporary folder is no reason to lose the figures.
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Workers {
        reports,
        seconds,
        peak_rss_kib,
    })
}

/// The stored match ids and the queue's done count.
struct Stored {
    ids: HashSet<String>,
    done: u64,
}

fn stored_ids(url: &str) -> Result<Stored, String> {
    let mut db = Database::postgres(url).map_err(|e| e.to_string())?;
    let mut ids = HashSet::new();
    let mut done = 0;
    db.backend()
        .transaction(&mut |tx| {
            for row in query_all(tx, "SELECT match_id FROM matches", &[])? {
                if let Some(SqlValue::Text(id)) = row.into_iter().next() {
                    ids.insert(id);
                }
            }
            let rows = query_all(
                tx,
                "SELECT count(*) FROM crawl_matches WHERE state = 'done'",
                &[],
            )?;
            done = rows
                .first()
                .and_then(|r| r.first())
                .and_then(SqlValue::as_i64)
                .unwrap_or(0);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    Ok(Stored {
        ids,
        done: u64::try_from(done).unwrap_or(0),
    })
}
