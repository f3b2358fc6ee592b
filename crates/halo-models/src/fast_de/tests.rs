//! The fast reader against serde_json: same values, same verdicts.

use serde_json::Value;

use super::from_str;

/// Both readers' verdicts on `text`: the fast one may refuse what serde_json accepts (the
/// caller then falls back), but never accept what serde_json refuses, or read it differently.
fn agrees(text: &str) {
    let reference = serde_json::from_str::<Value>(text);
    match (from_str::<Value>(text), reference) {
        (Ok(fast), Ok(reference)) => assert_eq!(fast, reference, "{text:?}"),
        (Ok(fast), Err(error)) => panic!("accepted {text:?} as {fast:?}; serde_json: {error}"),
        (Err(_), _) => {}
    }
}

fn accepts(text: &str) -> Value {
    let value = from_str::<Value>(text).unwrap_or_else(|_| panic!("refused {text:?}"));
    assert_eq!(
        value,
        serde_json::from_str::<Value>(text).unwrap(),
        "{text:?}"
    );
    value
}

fn captures() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
    let mut out = Vec::new();
    for endpoint in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(endpoint.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

#[test]
fn reads_every_capture_as_serde_json_does() {
    let all = captures();
    assert!(all.len() > 50, "only {} captures", all.len());
    for (path, text) in &all {
        let fast = from_str::<Value>(text).unwrap_or_else(|_| panic!("{}", path.display()));
        let reference: Value = serde_json::from_str(text).unwrap();
        assert_eq!(fast, reference, "{}", path.display());
    }
}

#[test]
fn every_capture_decodes_typed_without_falling_back() {
    let before = crate::error::FALLBACKS.with(std::cell::Cell::get);
    let mut decoded = 0;
    for (path, text) in captures() {
        let endpoint = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap()
            .to_owned();
        let typed = crate::decode(&endpoint, text.as_bytes());
        if let Ok(typed) = typed {
            // Lossless through the fast reader too.
            let back = serde_json::to_value(&typed).unwrap();
            let reference: Value = serde_json::from_str(&text).unwrap();
            assert!(
                crate::lossless::equivalent(&reference, &back),
                "{}",
                path.display()
            );
            decoded += 1;
        }
    }
    assert!(decoded > 50, "only {decoded} typed decodes");
    assert_eq!(crate::error::FALLBACKS.with(std::cell::Cell::get), before);
}

#[test]
fn scalars_read_as_serde_json_reads_them() {
    for text in [
        "0",
        "-0",
        "7",
        "-7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1.5",
        "-0.0",
        "1e3",
        "1E-3",
        "2.5e+2",
        "0.1",
        "123456789.123456789e-5",
        "true",
        "false",
        "null",
        r#""""#,
        r#""plain""#,
        r#""caf\u00e9 \ud83d\ude00 \" \\ \/ \b \f \n \r \t""#,
        "\"Abate Duplo \u{53cc}\u{8fde}\u{51fb}\"",
    ] {
        accepts(text);
    }
    assert_eq!(accepts("-0"), serde_json::json!(-0.0));
    assert!(accepts("-7").is_i64());
    assert!(accepts("7").is_u64());
    assert!(accepts("18446744073709551616").is_f64());
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        " ",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "tru",
        "nul",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\":1,}",
        "{,}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{1:2}",
        "{\"a\":1 \"b\":2}",
        "\"abc",
        "\"a\u{1}b\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "[1]]",
        "{} {}",
        "[",
        "{",
        "\"\\",
    ] {
        assert!(from_str::<Value>(text).is_err(), "accepted {text:?}");
        agrees(text);
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(from_str::<Value>(&deep).is_err());
    assert!(serde_json::from_str::<Value>(&deep).is_err());
}

/// Keys are read as text only: a key read as a number (or anything else) is refused, and
/// `decode_json` hands it to serde_json, which reads the number inside the string.
#[test]
fn keys_read_as_anything_but_text_fall_back_to_serde_json() {
    use std::collections::BTreeMap;
    let text = r#"{"2535405290989773": 731, "7": 25}"#;
    assert!(from_str::<BTreeMap<u64, u32>>(text).is_err());
    assert!(from_str::<BTreeMap<bool, u32>>(r#"{"true": 1}"#).is_err());
    let by_text: BTreeMap<String, u32> = from_str(text).unwrap();
    assert_eq!(by_text["2535405290989773"], 731);
    let by_number: BTreeMap<u64, u32> = crate::decode_json(text.as_bytes()).unwrap();
    assert_eq!(by_number[&2535405290989773], 731);
    assert_eq!(by_number[&7], 25);
}

#[test]
fn whitespace_and_indentation_anywhere() {
    accepts(" {\n        \"a\" :\t[ 1 ,\r\n 2 ] ,\n\n                \"b\": { } } \n ");
    accepts("[\n\t\t\"x\",\n                                         \"y\"\n]");
}

#[test]
fn mutated_captures_get_the_same_verdict() {
    let all = captures();
    let sources: Vec<&String> = all
        .iter()
        .filter(|(_, text)| text.len() < 8_000)
        .map(|(_, text)| text)
        .collect();
    assert!(!sources.is_empty());
    let replacements = [
        " ", "\t", "\n", "1", "\"", "\\", ",", "}", "]", "{", "[", ":", "-", "e", ".", "0", "\\u",
        "\u{1}", "é", "null",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    for round in 0..4000 {
        let source = sources[round % sources.len()];
        let mut text = source.clone();
        for _ in 0..=next(3) {
            let mut at = next(text.len().max(1));
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let piece = replacements[next(replacements.len())];
            match next(3) {
                0 => {
                    let end = (at + 1..=text.len())
                        .find(|&e| text.is_char_boundary(e))
                        .unwrap_or(text.len());
                    text.replace_range(at..end, "");
                }
                1 => text.insert_str(at, piece),
                _ => {
                    let end = (at + 1..=text.len())
                        .find(|&e| text.is_char_boundary(e))
                        .unwrap_or(text.len());
                    text.replace_range(at..end, piece);
                }
            }
        }
        agrees(&text);
    }
}

#[test]
fn floats_have_serde_json_bits() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    let mut own_path = 0;
    for _ in 0..50_000 {
        let mut text = String::new();
        if next(2) == 0 {
            text.push('-');
        }
        let whole = next(10_000_000_000);
        text.push_str(&whole.to_string());
        if next(4) != 0 {
            let width = 1 + next(12) as usize;
            text.push_str(&format!(".{:0width$}", next(10u64.pow(width as u32))));
        }
        if next(3) == 0 {
            text.push_str(["e", "E", "e-", "e+"][next(4) as usize]);
            text.push_str(&next(40).to_string());
        }
        let fast: f64 = from_str(&text).unwrap_or_else(|_| panic!("refused {text}"));
        let reference: f64 = serde_json::from_str(&text).unwrap();
        assert_eq!(fast.to_bits(), reference.to_bits(), "{text}");
        // The reader's own float path, not serde_json behind it, must give those bits.
        if let Some(own) = super::scan::float(text.as_bytes()) {
            assert_eq!(own.to_bits(), reference.to_bits(), "{text}");
            own_path += 1;
        }
    }
    assert!(
        own_path > 20_000,
        "only {own_path} numbers took the reader's float path"
    );
    assert_eq!(super::scan::float(b"-2.5e3"), Some(-2500.0));
    assert_eq!(super::scan::float(b"12345678901234567890.5"), None);
    assert_eq!(super::scan::float(b"1e23"), None);
}

/// A random JSON value: nested objects and arrays, escapes, non-ASCII text, numbers of every
/// shape.
fn random_value(next: &mut impl FnMut(u64) -> u64, depth: u32) -> Value {
    let pick = if depth > 4 { next(5) } else { next(7) };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(next(2) == 0),
        2 => {
            let n = next(u64::MAX);
            match next(4) {
                0 => serde_json::json!(n),
                1 => serde_json::json!(-((n >> 2) as i64)),
                2 => serde_json::json!((n >> 11) as f64 / (1u64 << next(60)) as f64),
                _ => serde_json::json!(next(1000)),
            }
        }
        3 | 4 => {
            let pieces = [
                "a",
                "Doble muerte",
                "\u{53cc}\u{8fde}",
                "\"",
                "\\",
                "\n",
                "\u{1}",
                "\u{1F600}",
                "/",
                "\t",
                " ",
            ];
            let text: String = (0..next(6))
                .map(|_| pieces[next(pieces.len() as u64) as usize])
                .collect();
            Value::String(text)
        }
        5 => Value::Array(
            (0..next(5))
                .map(|_| random_value(next, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..next(5))
                .map(|i| {
                    (
                        format!("k{i}\u{e9}{}", next(3)),
                        random_value(next, depth + 1),
                    )
                })
                .collect(),
        ),
    }
}

#[test]
fn random_documents_read_as_serde_json_reads_them() {
    let mut seed: u64 = 0xdead_beef_cafe_f00d;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound.max(1)
    };
    for round in 0..3000 {
        let value = random_value(&mut next, 0);
        let text = if round % 2 == 0 {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        accepts(&text);
    }
}
