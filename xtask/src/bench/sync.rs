//! The sync figure: the release `halo` binary syncs one offline player's history (the path
//! users run: `halo --offline sync`, its embedded halo-testkit serving the matches, rate limit
//! off) into a new SQLite file, under GNU time for the wall time and the peak RSS. Server and
//! client are one process, so the memory figure includes the server.

use std::path::Path;
use std::process::Command;

use super::report::Sync;

/// The offline player synced.
const PLAYER: &str = "aCurtis X89";
/// Matches fetched at once.
const CONCURRENCY: &str = "8";

/// Syncs `matches` matches and measures it.
///
/// # Errors
/// GNU time missing, the sync failing, or storing another number of matches than asked.
pub fn measure(halo: &Path, matches: u32) -> Result<Sync, String> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Err("the sync figure needs GNU time (/usr/bin/time)".to_owned());
    }
    let dir = std::env::temp_dir().join(format!("halo-bench-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run(time, halo, matches, &dir);
    // Best effort: a leftover temporary folder is no reason to lose the figures.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(time: &Path, halo: &Path, matches: u32, dir: &Path) -> Result<Sync, String> {
    let db = dir.join("sync.sqlite");
    let times = dir.join("time");
    let output = Command::new(time)
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&times)
        .arg(halo)
        .args([
            "--offline",
            "sync",
            PLAYER,
            "--concurrency",
            CONCURRENCY,
            "--db",
        ])
        .arg(&db)
        .env("HALO_OFFLINE_HISTORY", matches.to_string())
        .output()
        .map_err(|e| format!("{}: {e}", time.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "halo --offline sync failed ({}): {stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stored = stored_matches(&stdout)
        .ok_or_else(|| format!("halo --offline sync: no summary line in {stdout:?}"))?;
    if stored != u64::from(matches) {
        return Err(format!(
            "halo --offline sync stored {stored} of {matches} matches: {stdout}"
        ));
    }
    let text = std::fs::read_to_string(&times).map_err(|e| format!("{}: {e}", times.display()))?;
    let (seconds, kib) = parse_time(&text).ok_or_else(|| format!("GNU time printed {text:?}"))?;
    let size = std::fs::metadata(&db).map_or(0, |m| m.len());
    Ok(Sync {
        matches: stored,
        seconds,
        peak_rss_mb: kib as f64 / 1024.0,
        database_mb: size as f64 / 1024.0 / 1024.0,
    })
}

/// The `N new` count of the sync's summary line (`... (xuid X): N new, M already stored, ...`).
fn stored_matches(stdout: &str) -> Option<u64> {
    stdout.lines().find_map(|line| {
        let (before, _) = line.split_once(" new, ")?;
        before.rsplit(' ').next()?.parse().ok()
    })
}

/// GNU time's `%e %M` line (the last line: a failing command's status comes first).
fn parse_time(text: &str) -> Option<(f64, u64)> {
    let mut fields = text.lines().last()?.split_whitespace();
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary_and_gnu_time() {
        let out = "aCurtis X89 (xuid 2533274965035069): 1000 new, 0 already stored, 0 failed\n";
        assert_eq!(stored_matches(out), Some(1000));
        assert_eq!(stored_matches("nothing here\n"), None);
        assert_eq!(parse_time("12.34 81234\n"), Some((12.34, 81234)));
        assert_eq!(parse_time("garbage\n"), None);
    }
}
