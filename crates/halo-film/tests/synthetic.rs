//! Records built bit by bit at arbitrary offsets: every field, both layouts, and the warnings.
#![allow(clippy::unwrap_used)]

use halo_film::{EventKind, Layout, Warning};

/// Writes the `len` low bits of `value` at bit offset `bit`, most significant first.
fn put(buf: &mut [u8], bit: usize, value: u64, len: usize) {
    for k in 0..len {
        let b = bit + k;
        let mask = 0x80u8 >> (b % 8);
        if (value >> (len - 1 - k)) & 1 == 1 {
            buf[b / 8] |= mask;
        } else {
            buf[b / 8] &= !mask;
        }
    }
}

struct Record<'a> {
    xuid: u64,
    gamertag: &'a str,
    hint: u8,
    time_ms: u32,
    medal_flag: u8,
    medal_code: u8,
}

/// Writes an event starting at bit `start` whose tail marker is `distance` bits later.
fn write(buf: &mut [u8], start: usize, distance: usize, layout: Layout, r: &Record<'_>) {
    put(buf, start, r.xuid.swap_bytes(), 64);
    put(buf, start + 64, 0x2DC0, 16);
    let q = start + distance;
    let mut w = [0u8; 60];
    let at = layout.gamertag_offset();
    for (i, unit) in r.gamertag.encode_utf16().enumerate() {
        w[at + 2 * i..at + 2 * i + 2].copy_from_slice(&unit.to_le_bytes());
    }
    w[47] = r.hint;
    w[48..52].copy_from_slice(&r.time_ms.to_be_bytes());
    w[55] = r.medal_flag;
    w[59] = r.medal_code;
    for (i, byte) in w.iter().enumerate() {
        put(buf, q - 480 + 8 * i, u64::from(*byte), 8);
    }
    put(buf, q, 0x0000_2EE0, 32);
}

#[test]
fn fields_and_warnings_of_built_records() {
    let mut buf = vec![0u8; 6000];
    let records = [
        Record {
            xuid: 2_535_445_291_321_133,
            gamertag: "Spartan 117",
            hint: 220,
            time_ms: 754_321,
            medal_flag: 1,
            medal_code: 107,
        },
        Record {
            xuid: 2_533_274_912_097_531,
            gamertag: "X",
            hint: 33,
            time_ms: 1,
            medal_flag: 0,
            medal_code: 9,
        },
        Record {
            xuid: 2_999_999_999_999_999,
            gamertag: "Sixteen Chars!!!",
            hint: 100,
            time_ms: u32::MAX,
            medal_flag: 1,
            medal_code: 14,
        },
    ];
    // Version 37: records 11,086 bits long; the third one is 3 bits longer than usual.
    write(&mut buf, 5, 11_086, Layout::Default, &records[0]);
    write(&mut buf, 11_200, 11_086, Layout::Default, &records[1]);
    write(&mut buf, 23_001, 11_089, Layout::Default, &records[2]);
    let got = halo_film::decode_decompressed(&buf, 37).unwrap();
    assert_eq!(got.events.len(), 3);
    let e = &got.events[0];
    assert_eq!(e.xuid, 2_535_445_291_321_133);
    assert_eq!(e.gamertag, "Spartan 117");
    assert_eq!(
        (e.kind, e.time_ms, e.medal_name),
        (EventKind::Medal, 754_321, Some("Nade Shot"))
    );
    let e = &got.events[1];
    assert_eq!(e.kind, EventKind::Unknown(33));
    assert_eq!(
        (e.gamertag.as_str(), e.time_ms, e.medal_name),
        ("X", 1, None)
    );
    let e = &got.events[2];
    assert_eq!(e.gamertag, "Sixteen Chars!!!");
    assert_eq!(
        (e.kind, e.time_ms, e.medal_code, e.medal_name),
        (EventKind::Medal, u32::MAX, 14, None)
    );
    assert_eq!(
        got.warnings,
        vec![
            Warning::UnknownEventKind {
                index: 1,
                type_hint: 33
            },
            Warning::UnknownMedalCode { index: 2, code: 14 },
            Warning::UnusualRecordLength {
                index: 2,
                bits: 11_089,
                usual: 11_086
            },
        ]
    );
}

#[test]
fn versions_39_and_40_read_the_gamertag_12_bytes_later() {
    let mut buf = vec![0u8; 2000];
    let record = Record {
        xuid: 2_535_445_291_321_133,
        gamertag: "aCurtis X89",
        hint: 20,
        time_ms: 50_970,
        medal_flag: 0,
        medal_code: 1,
    };
    write(&mut buf, 77, 12_526, Layout::GamertagAt12, &record);
    for version in [39, 40] {
        let got = halo_film::decode_decompressed(&buf, version).unwrap();
        assert_eq!(got.warnings, vec![]);
        let e = &got.events[0];
        assert_eq!(
            (e.gamertag.as_str(), e.kind, e.time_ms),
            ("aCurtis X89", EventKind::Death, 50_970)
        );
    }
    // Read with the default layout, the gamertag starts 12 bytes too early: 6 NULs then the
    // first 10 characters (trimmed at the start only).
    let got = halo_film::decode_decompressed(&buf, 41).unwrap();
    assert_eq!(got.events[0].gamertag, "aCurtis X8");
}

#[test]
fn a_tail_beyond_20000_bits_is_an_error() {
    let mut buf = vec![0u8; 3000];
    let record = Record {
        xuid: 2_535_445_291_321_133,
        gamertag: "far",
        hint: 50,
        time_ms: 5,
        medal_flag: 0,
        medal_code: 0,
    };
    // The marker must end within 20,000 bits of the start: 19,968 + 32 does, 19,969 + 32 not.
    write(&mut buf, 3, 19_968, Layout::Default, &record);
    assert_eq!(
        halo_film::decode_decompressed(&buf, 37)
            .unwrap()
            .events
            .len(),
        1
    );
    let mut buf = vec![0u8; 3000];
    write(&mut buf, 3, 19_969, Layout::Default, &record);
    let err = halo_film::decode_decompressed(&buf, 37).unwrap_err();
    assert_eq!(
        err.kind(),
        &halo_film::ErrorKind::MissingTail { start_bit: 3 }
    );
}
