//! The figures of one sitting, as `--json` prints them.

use serde::Serialize;

use super::machine::Machine;

/// Every figure of one sitting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Whether the runs were shortened (`--quick`): not figures to record.
    pub quick: bool,
    /// The machine and its load.
    pub machine: Machine,
    /// How long each figure ran.
    pub settings: Settings,
    /// Decode throughput per file of `spnkr_decode.py`, in its order.
    pub decode: Vec<DecodeRow>,
    /// Typed decode (`halo_models::decode`): total bytes over total time, MB/s.
    pub decode_overall_mb_per_s: f64,
    /// The same into `serde_json::Value`.
    pub decode_value_overall_mb_per_s: f64,
    /// The same with `serde::de::IgnoredAny` (validation only).
    pub decode_ignored_any_overall_mb_per_s: f64,
    /// A typed halo-client call over a transport answering with the preloaded body, MB/s of
    /// payload: request building, the tower stack and the decode.
    pub decode_client_mb_per_s: f64,
    /// The typed call's MB/s over the bare typed decode's, both timed by `decode_call_figures`
    /// in interleaved slices per file (the same machine conditions for both).
    pub decode_client_fraction: f64,
    /// Highlight events per film chunk of `captures/films/`.
    pub film: Vec<FilmRow>,
    /// Requests per second through a typed call's full stack over a bare hyper-util client's,
    /// median of the rounds' ratios.
    pub client_overhead_ratio: f64,
    /// The same for the tower stack alone (null when not measured).
    pub client_layers_ratio: Option<f64>,
    /// A bare hyper-util client's requests per second (median of the rounds).
    pub bare_req_per_s: f64,
    /// A typed call's requests per second (median of the rounds).
    pub stack_req_per_s: f64,
    /// Useful responses per second under a server limit R, as a fraction of R.
    pub rate_limited_fraction: f64,
    /// The run under a server limit.
    pub rate_limited: RateLimited,
    /// `halo --offline sync` of one player's history.
    pub sync: Sync,
    /// SPNKr's figures from the same sitting (null without `--spnkr`).
    pub spnkr: Option<Spnkr>,
}

/// Run lengths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Seconds per (file, decoder) pair.
    pub decode_seconds: f64,
    /// Seconds of repeated decodes per film chunk.
    pub film_seconds: f64,
    /// Rounds of the overhead figure.
    pub rounds: u32,
    /// Seconds per side per round.
    pub overhead_seconds: f64,
    /// Seconds under the server limit.
    pub limited_seconds: f64,
}

/// One payload's decode figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecodeRow {
    /// The path as `spnkr_decode.py` prints it (`Endpoint/case.json`).
    pub file: String,
    /// Its size.
    pub bytes: u64,
    /// Typed decode, MB/s.
    pub mb_per_s: f64,
    /// Into `serde_json::Value`, MB/s.
    pub value_mb_per_s: f64,
    /// `IgnoredAny`, MB/s.
    pub ignored_any_mb_per_s: f64,
    /// A typed call over a preloaded transport, MB/s of payload.
    pub client_mb_per_s: f64,
    /// SPNKr's MB/s (with `--spnkr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spnkr_mb_per_s: Option<f64>,
    /// Typed over SPNKr (with `--spnkr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_spnkr: Option<f64>,
}

/// One film chunk's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilmRow {
    /// The chunk's file name.
    pub file: String,
    /// Highlight events read.
    pub events: u64,
    /// Median milliseconds of one decode (inflate included).
    pub ms: f64,
    /// Median milliseconds of the zlib inflate alone.
    pub inflate_ms: f64,
    /// SPNKr's milliseconds for one read (with `--spnkr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spnkr_ms: Option<f64>,
    /// Events SPNKr read (with `--spnkr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spnkr_events: Option<u64>,
    /// SPNKr's time over ours (with `--spnkr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_spnkr: Option<f64>,
}

/// The run under a server rate limit, adaptive limiter, no tuning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateLimited {
    /// The server's limit R, requests per second.
    pub rate: f64,
    /// Useful responses per second.
    pub useful_per_s: f64,
    /// Errors the callers saw.
    pub errors: u64,
    /// 429s the server sent.
    pub rate_limited_429s: u64,
}

/// The offline sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sync {
    /// Matches stored.
    pub matches: u64,
    /// Wall time.
    pub seconds: f64,
    /// Peak resident memory of the process (client and embedded server), MB.
    pub peak_rss_mb: f64,
    /// The database file's size, MB.
    pub database_mb: f64,
}

/// SPNKr's overall figures and the ratios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spnkr {
    /// The interpreter.
    pub python: String,
    /// SPNKr's decode, total bytes over total time, MB/s.
    pub decode_overall_mb_per_s: f64,
    /// Typed decode over SPNKr's.
    pub decode_ratio: f64,
    /// A typed call over SPNKr's decode.
    pub decode_client_ratio: f64,
    /// SPNKr's time over ours per film chunk: the median.
    pub film_ratio_median: f64,
    /// The smallest.
    pub film_ratio_min: f64,
    /// The largest.
    pub film_ratio_max: f64,
}

impl Report {
    /// Sets SPNKr's per-row figures and the overall ratios beside ours.
    pub fn add_spnkr(
        &mut self,
        python: String,
        decode: &[(String, f64)],
        decode_overall: f64,
        film: &[(String, u64, f64)],
    ) {
        for row in &mut self.decode {
            if let Some((_, mb)) = decode.iter().find(|(f, _)| *f == row.file) {
                row.spnkr_mb_per_s = Some(*mb);
                row.vs_spnkr = Some(row.mb_per_s / mb);
            }
        }
        let mut ratios = Vec::new();
        for row in &mut self.film {
            if let Some((_, events, ms)) = film.iter().find(|(f, _, _)| *f == row.file) {
                row.spnkr_ms = Some(*ms);
                row.spnkr_events = Some(*events);
                let ratio = ms / row.ms;
                row.vs_spnkr = Some(ratio);
                ratios.push(ratio);
            }
        }
        ratios.sort_by(f64::total_cmp);
        self.spnkr = Some(Spnkr {
            python,
            decode_overall_mb_per_s: decode_overall,
            decode_ratio: self.decode_overall_mb_per_s / decode_overall,
            decode_client_ratio: self.decode_client_mb_per_s / decode_overall,
            film_ratio_median: median(&ratios),
            film_ratio_min: ratios.first().copied().unwrap_or(f64::NAN),
            film_ratio_max: ratios.last().copied().unwrap_or(f64::NAN),
        });
    }
}

/// The median of sorted values (NaN when empty).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    /// A report with made-up figures (the shape is what is tested, not the values).
    pub(crate) fn sample() -> Report {
        Report {
            quick: true,
            machine: Machine {
                nproc: 2,
                cpu: "AMD EPYC 7B13".to_owned(),
                memory_gib: 7.8,
                load_average_start: [1.0, 2.0, 3.0],
                load_average_end: [1.5, 2.0, 3.0],
            },
            settings: Settings {
                decode_seconds: 0.2,
                film_seconds: 0.05,
                rounds: 6,
                overhead_seconds: 0.2,
                limited_seconds: 5.0,
            },
            decode: vec![DecodeRow {
                file: "Stats_GetMatchStats/slayer.json".to_owned(),
                bytes: 40_000,
                mb_per_s: 600.0,
                value_mb_per_s: 250.0,
                ignored_any_mb_per_s: 900.0,
                client_mb_per_s: 580.0,
                spnkr_mb_per_s: None,
                vs_spnkr: None,
            }],
            decode_overall_mb_per_s: 600.0,
            decode_value_overall_mb_per_s: 250.0,
            decode_ignored_any_overall_mb_per_s: 900.0,
            decode_client_mb_per_s: 580.0,
            decode_client_fraction: 0.95,
            film: vec![
                FilmRow {
                    file: "37_a.zlib".to_owned(),
                    events: 40,
                    ms: 0.2,
                    inflate_ms: 0.1,
                    spnkr_ms: None,
                    spnkr_events: None,
                    vs_spnkr: None,
                },
                FilmRow {
                    file: "40_b.zlib".to_owned(),
                    events: 60,
                    ms: 0.5,
                    inflate_ms: 0.2,
                    spnkr_ms: None,
                    spnkr_events: None,
                    vs_spnkr: None,
                },
            ],
            client_overhead_ratio: 0.9,
            client_layers_ratio: None,
            bare_req_per_s: 20_000.0,
            stack_req_per_s: 18_000.0,
            rate_limited_fraction: 0.97,
            rate_limited: RateLimited {
                rate: 20.0,
                useful_per_s: 19.4,
                errors: 0,
                rate_limited_429s: 1,
            },
            sync: Sync {
                matches: 1_000,
                seconds: 12.5,
                peak_rss_mb: 80.0,
                database_mb: 30.0,
            },
            spnkr: None,
        }
    }

    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn json_has_the_issue_s_fields() {
        let json = serde_json::to_value(sample()).unwrap();
        for field in [
            "decode_overall_mb_per_s",
            "decode_client_mb_per_s",
            "decode_client_fraction",
            "client_overhead_ratio",
            "rate_limited_fraction",
        ] {
            assert!(json[field].is_f64(), "{field}: {}", json[field]);
        }
        let decode = &json["decode"][0];
        assert_eq!(decode["file"], "Stats_GetMatchStats/slayer.json");
        assert!(decode["bytes"].is_u64());
        assert!(decode["mb_per_s"].is_f64() && decode["value_mb_per_s"].is_f64());
        assert_eq!(
            keys(decode),
            [
                "bytes",
                "client_mb_per_s",
                "file",
                "ignored_any_mb_per_s",
                "mb_per_s",
                "value_mb_per_s"
            ]
        );
        let film = &json["film"][1];
        assert_eq!(keys(film), ["events", "file", "inflate_ms", "ms"]);
        assert!(film["events"].is_u64() && film["ms"].is_f64() && film["inflate_ms"].is_f64());
        assert_eq!(
            keys(&json["sync"]),
            ["database_mb", "matches", "peak_rss_mb", "seconds"]
        );
        assert!(json["sync"]["matches"].is_u64() && json["sync"]["peak_rss_mb"].is_f64());
        assert!(json["spnkr"].is_null());
        assert!(json["client_layers_ratio"].is_null());
        assert_eq!(json["machine"]["nproc"], 2);
        assert_eq!(
            json["machine"]["load_average_start"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn spnkr_adds_its_figures_and_each_ratio() {
        let mut report = sample();
        report.add_spnkr(
            "/venv/bin/python".to_owned(),
            &[("Stats_GetMatchStats/slayer.json".to_owned(), 150.0)],
            150.0,
            &[
                ("37_a.zlib".to_owned(), 40, 100.0),
                ("40_b.zlib".to_owned(), 60, 300.0),
            ],
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["decode"][0]["spnkr_mb_per_s"], 150.0);
        assert_eq!(json["decode"][0]["vs_spnkr"], 4.0);
        assert_eq!(json["film"][0]["vs_spnkr"], 500.0);
        assert_eq!(json["film"][1]["spnkr_events"], 60);
        let spnkr = &json["spnkr"];
        assert_eq!(spnkr["decode_ratio"], 4.0);
        assert_eq!(spnkr["film_ratio_min"], 500.0);
        assert_eq!(spnkr["film_ratio_max"], 600.0);
        assert_eq!(spnkr["film_ratio_median"], 550.0);
        assert!(spnkr["decode_client_ratio"].is_f64());
    }
}
