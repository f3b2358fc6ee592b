//! The synthetic player's match history: N matches, newest first, paged 25 at a time.

use std::sync::OnceLock;

use http::StatusCode;
use serde_json::{Value, json};

use crate::respond::{self, Resp};
use crate::{captures, form, ids, time};

/// Most results one page holds (the service's own limit).
pub(crate) const MAX_PAGE: u64 = 25;
/// Spacing of synthetic matches older than the capture.
const SPACING_MILLIS: i64 = 20 * 60 * 1000;

fn captured() -> &'static [Value] {
    static RESULTS: OnceLock<Vec<Value>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        captures::default_case("Stats_GetMatchHistory")
            .and_then(|c| serde_json::from_slice::<Value>(c.bytes).ok())
            .and_then(|v| v.get("Results").and_then(Value::as_array).cloned())
            .unwrap_or_default()
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
    ids::guid(0x4A10_0000_0000_0000 ^ ordinal)
}

fn entry(index: u64, total: u64) -> Option<Value> {
    let captured = captured();
    let len = captured.len() as u64;
    if len == 0 {
        return None;
    }
    if index < len {
        return captured.get(usize::try_from(index).ok()?).cloned();
    }
    let template_index = usize::try_from(index % len).ok()?;
    let mut value = captured.get(template_index)?.clone();
    let oldest = captured.last()?;
    let oldest_start = oldest
        .pointer("/MatchInfo/StartTime")
        .and_then(Value::as_str)
        .and_then(time::parse_iso8601_millis)?;
    let start_of = |v: &Value, field: &str| {
        v.pointer(&format!("/MatchInfo/{field}"))
            .and_then(Value::as_str)
            .and_then(time::parse_iso8601_millis)
    };
    let length = match (start_of(&value, "StartTime"), start_of(&value, "EndTime")) {
        (Some(start), Some(end)) => end - start,
        _ => 10 * 60 * 1000,
    };
    let steps = i64::try_from(index - len + 1).unwrap_or(i64::MAX / SPACING_MILLIS);
    let start = oldest_start - steps.saturating_mul(SPACING_MILLIS);
    value["MatchId"] = json!(synthetic_match_id(index, total));
    if let Some(info) = value.get_mut("MatchInfo").and_then(Value::as_object_mut) {
        info.insert("StartTime".to_owned(), json!(time::iso8601_millis(start)));
        info.insert(
            "EndTime".to_owned(),
            json!(time::iso8601_millis(start + length)),
        );
    }
    Some(value)
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
    let results: Vec<Value> = (start.min(end)..end)
        .filter_map(|i| entry(i, total))
        .collect();
    respond::json_value(
        StatusCode::OK,
        &json!({
            "Start": start,
            "Count": count,
            "ResultCount": results.len(),
            "Results": results,
            "Links": {},
        }),
    )
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
