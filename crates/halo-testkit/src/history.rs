//! The synthetic player's match history: N matches, newest first, paged 25 at a time.

use std::sync::OnceLock;

use http::StatusCode;
use serde_json::{Value, json};

use crate::respond::{self, Resp};
use crate::template::{Occurrences, Template};
use crate::{captures, form, ids, time};

/// Most results one page holds (the service's own limit).
pub(crate) const MAX_PAGE: u64 = 25;
/// Spacing of synthetic matches older than the capture.
const SPACING_MILLIS: i64 = 20 * 60 * 1000;

/// One captured history entry, ready to be re-rendered with another id and times.
#[derive(Debug)]
struct Entry {
    template: Template,
    id: String,
    start: String,
    end: String,
    start_millis: i64,
    length_millis: i64,
}

fn captured() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let results = captures::default_case("Stats_GetMatchHistory")
            .and_then(|c| serde_json::from_slice::<Value>(c.bytes).ok())
            .and_then(|v| v.get("Results").and_then(Value::as_array).cloned())
            .unwrap_or_default();
        results.iter().filter_map(prepare).collect()
    })
}

fn prepare(value: &Value) -> Option<Entry> {
    let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str);
    let (id, start, end) = (
        text("/MatchId")?,
        text("/MatchInfo/StartTime")?,
        text("/MatchInfo/EndTime")?,
    );
    let start_millis = time::parse_iso8601_millis(start)?;
    let length_millis = time::parse_iso8601_millis(end)? - start_millis;
    let needles = [
        (id, Occurrences::All),
        (start, Occurrences::First),
        (end, Occurrences::First),
    ];
    let template = Template::new(serde_json::to_vec(value).ok()?, &needles);
    Some(Entry {
        template,
        id: id.to_owned(),
        start: start.to_owned(),
        end: end.to_owned(),
        start_millis,
        length_millis,
    })
}

/// Matches in the default history (what the capture holds).
pub(crate) fn captured_len() -> u64 {
    captured().len() as u64
}

/// The synthetic id of the match at `index` (0 = newest) of a history of `total` matches; ids
/// derive from the match's ordinal counted from the oldest.
pub(crate) fn synthetic_match_id(index: u64, total: u64) -> String {
    let ordinal = total.saturating_sub(index + 1);
    let check = ids::mix(0x4A10_0000_0000_0000 ^ ordinal);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        check >> 32,
        (check >> 16) & 0xFFFF,
        (check >> 4) & 0x0FFF,
        check & 0x0FFF,
        ordinal & 0xFFFF_FFFF_FFFF
    )
}

/// The index (0 = newest) in a history of `total` matches of a synthetic match id, if it is one.
pub(crate) fn synthetic_index(match_id: &str, total: u64) -> Option<u64> {
    let ordinal = u64::from_str_radix(match_id.get(24..36)?, 16).ok()?;
    if ordinal >= total {
        return None;
    }
    let index = total - 1 - ordinal;
    (index >= captured_len() && synthetic_match_id(index, total).eq_ignore_ascii_case(match_id))
        .then_some(index)
}

/// The entry at `index` (0 = newest): (match id, start, end, JSON bytes).
fn entry(index: u64, total: u64) -> Option<(String, String, String, Vec<u8>)> {
    let captured = captured();
    let len = captured.len() as u64;
    let oldest = captured.last()?;
    if index < len {
        let entry = captured.get(usize::try_from(index).ok()?)?;
        let body = entry.template.original().to_vec();
        return Some((
            entry.id.clone(),
            entry.start.clone(),
            entry.end.clone(),
            body,
        ));
    }
    let template = captured.get(usize::try_from(index % len).ok()?)?;
    let steps = i64::try_from(index - len + 1).unwrap_or(i64::MAX / SPACING_MILLIS);
    let start = oldest.start_millis - steps.saturating_mul(SPACING_MILLIS);
    let id = synthetic_match_id(index, total);
    let (start, end) = (
        time::iso8601_millis(start),
        time::iso8601_millis(start + template.length_millis),
    );
    let body = template.template.render(&[&id, &start, &end]);
    Some((id, start, end, body))
}

/// `(StartTime, EndTime)` of the history entry at `index`.
pub(crate) fn entry_times(index: u64, total: u64) -> Option<(String, String)> {
    entry(index, total).map(|(_, start, end, _)| (start, end))
}

/// `GET /hi/players/{player}/matches?start=&count=&type=`.
pub(crate) fn page(total: u64, query: Option<&str>) -> Resp {
    let params = form::parse(query.unwrap_or(""));
    let parse = |name: &str, default: u64| match form::get(&params, name) {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok(),
    };
    let (Some(start), Some(count)) = (parse("start", 0), parse("count", MAX_PAGE)) else {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "start and count must be integers",
        );
    };
    let count = count.clamp(1, MAX_PAGE);
    let kind = form::get(&params, "type")
        .unwrap_or("all")
        .to_ascii_lowercase();
    let total = match kind.as_str() {
        "all" | "matchmaking" => total,
        "custom" | "local" => 0,
        _ => {
            return respond::testkit_error(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                "type must be all, matchmaking, custom or local",
            );
        }
    };
    let end = start.saturating_add(count).min(total);
    let results: Vec<Vec<u8>> = (start.min(end)..end)
        .filter_map(|i| entry(i, total).map(|e| e.3))
        .collect();
    let mut body = format!(
        "{{\"Start\":{start},\"Count\":{count},\"ResultCount\":{},\"Results\":[",
        results.len()
    )
    .into_bytes();
    for (i, result) in results.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(result);
    }
    body.extend_from_slice(b"],\"Links\":{}}");
    respond::json(StatusCode::OK, body)
}

/// `GET /hi/players/{player}/matches/count` for a configured history length.
pub(crate) fn count(total: u64) -> Resp {
    respond::json_value(
        StatusCode::OK,
        &json!({
            "CustomMatchesPlayedCount": 0,
            "MatchesPlayedCount": total,
            "MatchmadeMatchesPlayedCount": total,
            "LocalMatchesPlayedCount": 0,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_ids_are_guids_and_round_trip() {
        let id = synthetic_match_id(1_000, 100_000);
        assert!(ids::is_guid(&id), "{id}");
        assert_eq!(id, synthetic_match_id(1_000, 100_000));
        assert_eq!(synthetic_index(&id, 100_000), Some(1_000));
        assert_eq!(
            synthetic_index(&id, 100_001),
            Some(1_001),
            "ids stay put as the history grows"
        );
        assert_eq!(
            synthetic_index("b4be1c44-5782-42b3-8cf8-0d76dd87230c", 100_000),
            None
        );
    }
}
