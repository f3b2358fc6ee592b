//! Every captured chunk decodes to exactly the reference decoder's events.
#![allow(clippy::unwrap_used)]

mod common;

use halo_film::{Decoder, EventKind, HighlightEvent, Layout};

fn same_event(got: &HighlightEvent, want: &serde_json::Value) -> bool {
    got.xuid == want["xuid"].as_u64().unwrap()
        && got.gamertag == want["gamertag"].as_str().unwrap()
        && u64::from(got.type_hint) == want["type_hint"].as_u64().unwrap()
        && got.is_medal == want["is_medal"].as_bool().unwrap()
        && got.kind.as_str() == want["event_type"].as_str().unwrap()
        && u64::from(got.time_ms) == want["time_ms"].as_u64().unwrap()
        && u64::from(got.medal_code) == want["medal_value"].as_u64().unwrap()
        && got.medal_name == want["medal_name"].as_str()
}

#[test]
fn every_chunk_matches_the_reference_events() {
    let chunks = common::chunks();
    assert_eq!(chunks.len(), 9);
    let mut decoder = Decoder::new();
    let mut total = 0;
    for (stem, version, bytes) in &chunks {
        let expected = common::expected(stem);
        assert_eq!(
            expected["film_major_version"].as_u64(),
            Some(u64::from(*version))
        );
        let want = expected["events"].as_array().unwrap();
        let got = decoder.decode(bytes, *version).unwrap();
        assert_eq!(got.events.len(), want.len(), "{stem}: event count");
        for (i, (g, w)) in got.events.iter().zip(want).enumerate() {
            assert!(same_event(g, w), "{stem}: event {i}: got {g:?}, want {w}");
        }
        // Every record lies at the distance the format documents for its version.
        assert_eq!(got.warnings, vec![], "{stem}");
        total += got.events.len();
    }
    assert_eq!(total, 2542);
}

#[test]
fn layouts_of_the_captured_versions() {
    for (stem, version, bytes) in common::chunks() {
        let got = halo_film::decode(&bytes, version).unwrap();
        let want = if version == 40 {
            Layout::GamertagAt12
        } else {
            Layout::Default
        };
        assert_eq!(got.layout, want, "{stem}");
        assert_eq!(got.version.get(), version);
    }
}

#[test]
fn the_six_event_sample() {
    let got = halo_film::decode(&common::sample(), 37).unwrap();
    let summary: Vec<(EventKind, u32)> = got.events.iter().map(|e| (e.kind, e.time_ms)).collect();
    assert_eq!(
        summary,
        vec![
            (EventKind::Mode, 23_626),
            (EventKind::Kill, 29_198),
            (EventKind::Death, 50_970),
            (EventKind::Kill, 69_873),
            (EventKind::Medal, 69_873),
            (EventKind::Mode, 69_875),
        ]
    );
    for e in &got.events {
        assert_eq!(e.xuid, 2_535_445_291_321_133);
        assert_eq!(e.gamertag, "aCurtis X89");
    }
    let medal = &got.events[4];
    assert_eq!(
        (medal.medal_code, medal.medal_name),
        (107, Some("Nade Shot"))
    );
    assert_eq!(medal.type_hint, 100);
    assert!(medal.is_medal);
    assert!(
        got.events
            .iter()
            .filter(|e| e.kind != EventKind::Medal)
            .all(|e| e.medal_name.is_none())
    );
    assert_eq!(got.of_kind(EventKind::Kill).count(), 2);
}

#[test]
fn a_future_version_is_read_with_the_default_layout_and_reported() {
    let got = halo_film::decode(&common::sample(), 50).unwrap();
    assert!(got.is_untested_version());
    assert_eq!(got.layout, Layout::Default);
    assert_eq!(got.events.len(), 6);
    assert_eq!(got.events[0].gamertag, "aCurtis X89");
    assert_eq!(
        got.warnings,
        vec![halo_film::Warning::UntestedVersion { version: 50 }]
    );
}

#[test]
fn a_version_older_than_30_is_rejected() {
    let err = halo_film::decode(&common::sample(), 29).unwrap_err();
    assert_eq!(
        err.kind(),
        &halo_film::ErrorKind::UnsupportedVersion { version: 29 }
    );
}

#[test]
fn the_medal_table_equals_the_captured_one() {
    let path = common::captures().join("films/medal_codes.json");
    let table: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(table.len(), 155);
    for (code, name) in &table {
        let code: u8 = code.parse().unwrap();
        assert_eq!(halo_film::medal_name(code), name.as_str(), "code {code}");
    }
    let known = (0..=u8::MAX)
        .filter(|&c| halo_film::medal_name(c).is_some())
        .count();
    assert_eq!(known, 155);
}
