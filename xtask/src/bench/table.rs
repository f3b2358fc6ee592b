//! The readable table of a sitting (without `--json`).

use std::fmt::Write;

use super::report::Report;

/// Renders every figure of `report` as text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_all(&mut out, report);
    out
}

fn write_all(out: &mut String, r: &Report) -> std::fmt::Result {
    let m = &r.machine;
    writeln!(
        out,
        "machine: {} processors, {}, {:.1} GiB; load average {:.2} {:.2} {:.2} at the start, {:.2} {:.2} {:.2} at the end{}",
        m.nproc,
        m.cpu,
        m.memory_gib,
        m.load_average_start[0],
        m.load_average_start[1],
        m.load_average_start[2],
        m.load_average_end[0],
        m.load_average_end[1],
        m.load_average_end[2],
        if r.quick {
            " (--quick: short runs, not figures to record)"
        } else {
            ""
        }
    )?;
    let spnkr = r.spnkr.is_some();
    writeln!(
        out,
        "\ndecode, MB/s ({} s per file and decoder)",
        r.settings.decode_seconds
    )?;
    write!(
        out,
        "{:46} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "file", "bytes", "typed", "call", "Value", "Ignored"
    )?;
    if spnkr {
        write!(out, " {:>8} {:>11}", "SPNKr", "typed/SPNKr")?;
    }
    writeln!(out)?;
    for row in &r.decode {
        write!(
            out,
            "{:46} {:>8} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            row.file,
            row.bytes,
            row.mb_per_s,
            row.client_mb_per_s,
            row.value_mb_per_s,
            row.ignored_any_mb_per_s
        )?;
        if let (Some(s), Some(ratio)) = (row.spnkr_mb_per_s, row.vs_spnkr) {
            write!(out, " {s:>8.1} {ratio:>10.2}x")?;
        }
        writeln!(out)?;
    }
    write!(
        out,
        "overall: typed {:.1} | typed call {:.1} ({:.3} of the bare decode, interleaved) | serde_json::Value {:.1} | IgnoredAny {:.1} | typed/Value {:.2}x",
        r.decode_overall_mb_per_s,
        r.decode_client_mb_per_s,
        r.decode_client_fraction,
        r.decode_value_overall_mb_per_s,
        r.decode_ignored_any_overall_mb_per_s,
        r.decode_overall_mb_per_s / r.decode_value_overall_mb_per_s
    )?;
    if let Some(s) = &r.spnkr {
        write!(
            out,
            " | SPNKr {:.1} | typed/SPNKr {:.2}x | call/SPNKr {:.2}x",
            s.decode_overall_mb_per_s, s.decode_ratio, s.decode_client_ratio
        )?;
    }
    writeln!(out)?;

    writeln!(out, "\nfilm highlight events, median ms per chunk")?;
    write!(
        out,
        "{:52} {:>6} {:>9} {:>10}",
        "chunk", "events", "ms", "inflate ms"
    )?;
    if spnkr {
        write!(out, " {:>10} {:>8}", "SPNKr ms", "ratio")?;
    }
    writeln!(out)?;
    for row in &r.film {
        write!(
            out,
            "{:52} {:>6} {:>9.3} {:>10.3}",
            row.file, row.events, row.ms, row.inflate_ms
        )?;
        if let (Some(s), Some(ratio)) = (row.spnkr_ms, row.vs_spnkr) {
            write!(out, " {s:>10.1} {ratio:>7.0}x")?;
            if row.spnkr_events != Some(row.events) {
                write!(
                    out,
                    " (SPNKr read {} events)",
                    row.spnkr_events.unwrap_or(0)
                )?;
            }
        }
        writeln!(out)?;
    }
    if let Some(s) = &r.spnkr {
        writeln!(
            out,
            "SPNKr time / ours: min {:.0}x, median {:.0}x, max {:.0}x",
            s.film_ratio_min, s.film_ratio_median, s.film_ratio_max
        )?;
    }

    writeln!(
        out,
        "\nclient ({} rounds of {} s per side, new clients each round, median of the rounds' ratios)",
        r.settings.rounds, r.settings.overhead_seconds
    )?;
    writeln!(
        out,
        "  typed call / bare hyper-util: {:.3} ({:.0} vs {:.0} req/s)",
        r.client_overhead_ratio, r.stack_req_per_s, r.bare_req_per_s
    )?;
    if let Some(layers) = r.client_layers_ratio {
        writeln!(out, "  tower stack alone / bare:     {layers:.3}")?;
    }
    let l = &r.rate_limited;
    writeln!(
        out,
        "  under a server limit of {} req/s for {} s: {:.2} useful/s, {:.3} of R, {} errors, {} 429s",
        l.rate,
        r.settings.limited_seconds,
        l.useful_per_s,
        r.rate_limited_fraction,
        l.errors,
        l.rate_limited_429s
    )?;

    let s = &r.sync;
    writeln!(
        out,
        "\nhalo --offline sync: {} matches in {:.1} s ({:.1} matches/s), peak RSS {:.1} MB, database {:.1} MB",
        s.matches,
        s.seconds,
        s.matches as f64 / s.seconds,
        s.peak_rss_mb,
        s.database_mb
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_is_printed() {
        let text = render(&crate::bench::report::tests::sample());
        assert!(text.contains("Stats_GetMatchStats/slayer.json"));
        assert!(text.contains("typed call / bare hyper-util: 0.900"));
        assert!(text.contains("1000 matches in 12.5 s (80.0 matches/s)"));
        assert!(text.contains("--quick"));
    }
}
