//! Bad input is a typed error with the JSON path and the line and column, never a panic, and a
//! huge body costs memory in proportion to its size.

#![allow(clippy::unwrap_used)]

use halo_models::{DecodeErrorKind, MatchStats, UnknownPaths, decode, decode_json};

fn slayer() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("captures/responses/Stats_GetMatchStats/slayer.json");
    std::fs::read(path).unwrap()
}

/// The peak resident memory of this process so far, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn bad_bodies_are_typed_errors_with_path_line_and_column() {
    // A raw control character inside a string (JSON requires it escaped).
    let raw: &[u8] = b"{\"MatchId\":\"adfde763-6996-4ffb-8cd5-55855454c5f0\",\n \"Players\":[{\"PlayerId\":\"xuid(1\x01)\"}]}";
    let control = decode("Stats_GetMatchStats", raw).unwrap_err();
    assert_eq!(control.kind(), DecodeErrorKind::Syntax);
    // Line 2, at the character (column 32; serde_json counts it from 31 on).
    assert_eq!(control.line(), 2);
    assert!((31..=32).contains(&control.column()), "{control}");

    // A body cut off in the middle.
    let body = slayer();
    let truncated = decode("Stats_GetMatchStats", &body[..body.len() / 3]).unwrap_err();
    assert_eq!(truncated.kind(), DecodeErrorKind::Truncated);
    assert!(truncated.line() > 1, "{truncated}");

    // A wrong type deep inside: the path names it.
    let mut value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    value["Players"][2]["PlayerTeamStats"][0]["Stats"]["CoreStats"]["Kills"] =
        serde_json::json!("many");
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let wrong = decode("Stats_GetMatchStats", &pretty).unwrap_err();
    assert_eq!(wrong.kind(), DecodeErrorKind::Data);
    assert_eq!(
        wrong.path(),
        "Players[2].PlayerTeamStats[0].Stats.CoreStats.Kills"
    );
    let line = String::from_utf8(pretty.clone())
        .unwrap()
        .lines()
        .position(|l| l.contains("\"many\""))
        .unwrap()
        + 1;
    assert_eq!(wrong.line(), line);

    // Arrays nested far deeper than any payload, in a field the model does not know.
    let mut deep = b"{\"New\":".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    deep.extend(std::iter::repeat_n(b']', 100_000));
    deep.push(b'}');
    let nested = decode_json::<MatchStats>(&deep).unwrap_err();
    assert_eq!(nested.kind(), DecodeErrorKind::Syntax);
    assert!(nested.to_string().contains("recursion limit"), "{nested}");
    assert_eq!(nested.line(), 1);
}

#[test]
fn a_100_mb_array_of_numbers_costs_a_small_multiple_of_its_size() {
    let count = 10_000_000;
    let mut numbers = Vec::with_capacity(count * 10 + 16);
    numbers.extend_from_slice(b"{\"New\":[");
    for i in 0..count {
        numbers.extend_from_slice(format!("{:09},", 100_000_000 + i % 900_000_000).as_bytes());
    }
    numbers.extend_from_slice(b"1]}");
    assert!(numbers.len() >= 100_000_000);
    let before = peak_rss().unwrap_or(0);

    // Where the model expects an object, it fails at once, with the position.
    let as_body = decode("Stats_GetMatchStats", &numbers[7..numbers.len() - 1]).unwrap_err();
    assert_eq!(as_body.kind(), DecodeErrorKind::Data);
    assert_eq!((as_body.path(), as_body.line()), (".", 1));

    // In a field the model does not know, it is kept (and re-encoded) whole.
    let stats: MatchStats = decode_json(&numbers).unwrap();
    assert_eq!(stats.unknown_paths(), ["New"]);
    let kept = stats.unknown_fields.iter().next().unwrap().1;
    assert_eq!(kept.as_array().unwrap().len(), count + 1);
    if let Some(after) = peak_rss() {
        let grew = after.saturating_sub(before);
        assert!(
            grew < 8 * numbers.len() as u64,
            "decoding {} bytes raised the peak by {grew} bytes",
            numbers.len()
        );
    }
}
