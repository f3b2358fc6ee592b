//! `halo film decode` end to end: the built binary on the captured sample chunk.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn films() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../halo-models/captures/films")
}

fn sample() -> PathBuf {
    films().join("37_highlight_events_sample.zlib")
}

fn halo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_halo"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn json_lists_the_six_sample_events() {
    let out = halo(&["film", "decode", sample().to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let summary: Vec<(&str, u64)> = events
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["time_ms"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("mode", 23_626),
            ("kill", 29_198),
            ("death", 50_970),
            ("kill", 69_873),
            ("medal", 69_873),
            ("mode", 69_875),
        ]
    );
    let medal = &events[4];
    assert_eq!(
        medal,
        &serde_json::json!({
            "xuid": 2_535_445_291_321_133u64,
            "gamertag": "aCurtis X89",
            "kind": "medal",
            "time_ms": 69_873,
            "type_hint": 100,
            "is_medal": true,
            "medal_code": 107,
            "medal_name": "Nade Shot",
        })
    );
    const FIELDS: [&str; 8] = [
        "xuid",
        "gamertag",
        "kind",
        "time_ms",
        "type_hint",
        "is_medal",
        "medal_code",
        "medal_name",
    ];
    // Exactly these fields, in this order, in every object.
    let text = stdout(&out);
    let mut at = 0;
    for _ in &events {
        for field in FIELDS {
            let key = format!("\"{field}\":");
            at += text[at..].find(&key).unwrap() + key.len();
        }
    }
    let mut sorted = FIELDS;
    sorted.sort_unstable();
    for e in &events {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, sorted);
        assert_eq!(e["xuid"], 2_535_445_291_321_133u64);
        assert_eq!(e["gamertag"], "aCurtis X89");
    }
    let death = &events[2];
    assert_eq!(death["type_hint"], 20);
    assert_eq!(death["medal_code"], serde_json::Value::Null);
    assert_eq!(death["medal_name"], serde_json::Value::Null);
}

#[test]
fn the_table_matches_the_golden_text() {
    let out = halo(&["film", "decode", sample().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/film_decode_sample.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &out.stdout).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        stdout(&out),
        want,
        "table changed; if intended, rerun with UPDATE_GOLDEN=1"
    );
    assert!(want.contains("01:09.873  aCurtis X89  2535445291321133  medal  Nade Shot"));
}

#[test]
fn an_explicit_version_wins_and_a_future_one_is_a_warning() {
    let out = halo(&[
        "film",
        "decode",
        sample().to_str().unwrap(),
        "--film-version",
        "50",
        "--json",
    ]);
    assert!(out.status.success());
    assert_eq!(
        stderr(&out),
        "warning: film major version 50 is newer than any tested; read with the default layout\n"
    );
    let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(events.len(), 6);
}

#[test]
fn a_version_40_chunk_uses_its_own_layout() {
    let file = films().join("40_fbf6b19e-2b1d-419e-8d64-756f33fda990.zlib");
    let out = halo(&["film", "decode", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(events.len(), 226);
    assert!(
        events
            .iter()
            .all(|e| !e["gamertag"].as_str().unwrap().is_empty())
    );
}

#[test]
fn errors_are_one_clear_line_and_a_failure_status() {
    let json = films().join("medal_codes.json");
    let out = halo(&["film", "decode", json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: cannot tell the film major version of "));
    assert!(stderr(&out).ends_with("pass --film-version <N>\n"));
    assert!(out.stdout.is_empty());

    let out = halo(&[
        "film",
        "decode",
        json.to_str().unwrap(),
        "--film-version",
        "37",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).ends_with("medal_codes.json: the chunk is not a valid zlib stream\n"));

    // A missing file is reported as missing, with or without a version in its name.
    let out = halo(&["film", "decode", "/nonexistent/37_x.zlib"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: /nonexistent/37_x.zlib does not exist\n"
    );
    let out = halo(&["film", "decode", "/nonexistent/chunk.bin"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: /nonexistent/chunk.bin does not exist\n"
    );
    // A directory is not a missing file.
    let out = halo(&["film", "decode", "/"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: cannot read /: "),
        "{}",
        stderr(&out)
    );
    // The old spelling of --film-version still works, hidden.
    let out = halo(&[
        "film",
        "decode",
        sample().to_str().unwrap(),
        "--version",
        "37",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = halo(&[
        "film",
        "decode",
        sample().to_str().unwrap(),
        "--film-version",
        "12",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("film major version 12 is not supported"));

    let out = halo(&[
        "film",
        "decode",
        sample().to_str().unwrap(),
        "--film-version",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn non_film_data_and_a_layout_that_does_not_fit_are_refused_unless_forced() {
    // Pseudo-random bytes in a valid zlib stream: no highlight events.
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, &noise).unwrap();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("37_noise.zlib");
    std::fs::write(&path, encoder.finish().unwrap()).unwrap();
    let out = halo(&["film", "decode", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("no highlight events in 20000 decompressed bytes"),
        "{}",
        stderr(&out)
    );
    let out = halo(&[
        "film",
        "decode",
        path.to_str().unwrap(),
        "--force",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "[]");
    assert!(stderr(&out).starts_with("warning: decoded although refused: no highlight events"));

    // A version 40 chunk read as an untested version (default layout): garbled gamertags.
    let v40 = films().join("40_fbf6b19e-2b1d-419e-8d64-756f33fda990.zlib");
    let out = halo(&[
        "film",
        "decode",
        v40.to_str().unwrap(),
        "--film-version",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains(
            "the records do not fit the layout of film version 1000: only 38 of 226 events \
             carry a plausible gamertag"
        ),
        "{}",
        stderr(&out)
    );
    let out = halo(&[
        "--json",
        "film",
        "decode",
        v40.to_str().unwrap(),
        "--film-version",
        "1000",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(events.as_array().unwrap().len(), 226);
    assert!(stderr(&out).contains("warning: decoded although refused: the records do not fit"));
    // Its own version decodes cleanly.
    let out = halo(&[
        "film",
        "decode",
        v40.to_str().unwrap(),
        "--film-version",
        "40",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}
