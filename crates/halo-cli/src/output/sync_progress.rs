//! Progress of `halo sync` on standard error: an indicatif bar (matches done of total, rate,
//! ETA) on a terminal, a plain line every few hundred matches otherwise; and the summary on
//! standard output (new, already stored, failed and why).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use halo_models::MatchId;
use halo_sync::{NamesReport, Progress, SyncReport};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::CliError;
use crate::safe_text::one_line_capped;

/// A plain progress line every this many matches.
const LINE_EVERY: u64 = 500;

/// How many failed name lookups the summary lists.
const NAMES_SHOWN: usize = 3;

/// How many distinct failure reasons the summary lists.
const REASONS_SHOWN: usize = 10;

/// The sync's progress display.
pub(crate) struct SyncProgress {
    bar: Option<ProgressBar>,
    done: AtomicU64,
    total: Mutex<Option<u64>>,
}

impl SyncProgress {
    /// A bar on a terminal, plain lines otherwise.
    pub(crate) fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} matches, {per_sec}, ETA {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Self {
            bar,
            done: AtomicU64::new(0),
            total: Mutex::new(None),
        }
    }

    /// Clears the bar after a player.
    pub(crate) fn finish_player(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn step(&self, n: u64) {
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        match &self.bar {
            Some(bar) => bar.inc(n),
            None => {
                let after = before + n;
                if after / LINE_EVERY > before / LINE_EVERY {
                    let total = self.total.lock().ok().and_then(|t| *t);
                    match total {
                        Some(total) => eprintln!("sync: {after} of {total} matches"),
                        None => eprintln!("sync: {after} matches"),
                    }
                }
            }
        }
    }
}

impl Progress for SyncProgress {
    fn player(&self, gamertag: &str, xuid: u64, total: Option<u64>) {
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut t) = self.total.lock() {
            *t = total;
        }
        let name = one_line_capped(gamertag, 40);
        match &self.bar {
            Some(bar) => {
                bar.reset();
                bar.set_length(total.unwrap_or(0));
                bar.set_message(name.into_owned());
            }
            None => match total {
                Some(total) => eprintln!("sync: {name} (xuid {xuid}): {total} matches"),
                None => eprintln!("sync: {name} (xuid {xuid})"),
            },
        }
    }

    fn already(&self, n: u64) {
        self.step(n);
    }

    fn stored(&self, _match_id: &MatchId) {
        self.step(1);
    }

    fn failed(&self, match_id: &MatchId, stage: &str, reason: &str) {
        self.step(1);
        let line = format!(
            "sync: match {match_id} failed ({stage}): {}",
            one_line_capped(reason, 200)
        );
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

/// The summary of one player's sync.
pub(crate) fn write_summary(report: &SyncReport, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(
        out,
        "{} (xuid {}): {} new, {} already stored, {} failed{}",
        one_line_capped(&report.gamertag, 40),
        report.xuid,
        report.new,
        report.already,
        report.failed.len(),
        if report.stopped_early {
            " (the older matches were stored by an earlier complete sync)"
        } else {
            ""
        }
    )?;
    let reasons = report.failure_reasons();
    for (reason, n) in reasons.iter().take(REASONS_SHOWN) {
        writeln!(out, "  {n} x {}", one_line_capped(reason, 300))?;
    }
    if reasons.len() > REASONS_SHOWN {
        writeln!(
            out,
            "  ... and {} other reasons",
            reasons.len() - REASONS_SHOWN
        )?;
    }
    if !report.failed.is_empty() {
        writeln!(
            out,
            "  Failed matches are recorded (table sync_failures) and tried again by the next \
             sync."
        )?;
    }
    if let Some(error) = &report.history_error {
        writeln!(
            out,
            "  The history stopped early: {} (run the sync again for the rest)",
            one_line_capped(error, 300)
        )?;
    }
    Ok(())
}

/// The summary of the names lookup.
pub(crate) fn write_names(report: &NamesReport, out: &mut dyn Write) -> Result<(), CliError> {
    if report.looked_up > 0 {
        writeln!(
            out,
            "Names: {} of {} maps, modes and playlists named, {} unknown to the service, {} \
             failed",
            report.named,
            report.looked_up,
            report.missing,
            report.failed.len()
        )?;
        for (asset, reason) in report.failed.iter().take(NAMES_SHOWN) {
            writeln!(out, "  {asset}: {}", one_line_capped(reason, 300))?;
        }
        if report.failed.len() > NAMES_SHOWN {
            writeln!(
                out,
                "  ... and {} more (names that failed are looked up again by the next sync)",
                report.failed.len() - NAMES_SHOWN
            )?;
        }
    }
    if let Some(error) = &report.medals_error {
        writeln!(
            out,
            "Medal names could not be fetched: {} (tried again next sync)",
            one_line_capped(error, 300)
        )?;
    }
    Ok(())
}

/// How halo-client words a 403 in an error's text.
const FORBIDDEN: &str = "403 Forbidden";

/// What to do when any failure of the sync was a 403 (said once, after the summaries): the
/// service refused the clearance, missing (`missing_clearance`: a static Spartan token without
/// `HALO_CLEARANCE`) or stale.
pub(crate) fn write_forbidden_hint(
    reports: &[SyncReport],
    names: &NamesReport,
    missing_clearance: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let forbidden = |reason: &str| reason.contains(FORBIDDEN);
    let any = reports
        .iter()
        .any(|r| r.failed.iter().any(|(_, _, reason)| forbidden(reason)))
        || names.failed.iter().any(|(_, reason)| forbidden(reason))
        || names.medals_error.as_deref().is_some_and(forbidden);
    if !any {
        return Ok(());
    }
    let what = if missing_clearance {
        "HALO_CLEARANCE is not set: set it beside HALO_SPARTAN_TOKEN (skill results and other \
         services want the clearance), or sign in with `halo auth login`, which fetches it"
    } else {
        "the clearance may be stale: set HALO_CLEARANCE again or run `halo auth login` again"
    };
    writeln!(
        out,
        "The service answered {FORBIDDEN}: {what}; then sync again (what failed is tried \
         again)."
    )?;
    Ok(())
}
