//! Match stats and match skill for any match id: the capture of that id, else a capture chosen
//! by the id's hash with the captured id replaced (byte templates, no JSON parsing per request).

use std::sync::OnceLock;

use http::StatusCode;
use serde_json::Value;

use crate::captures::{self, Capture};
use crate::respond::{self, Resp};
use crate::template::{Occurrences, Template};
use crate::{ids, skill};

/// Endpoints answered for any match id.
pub(crate) const ANY_MATCH: &[&str] = &["Stats_GetMatchStats", "Skill_GetMatchResult"];

/// One capture, ready to be re-rendered for another match.
#[derive(Debug)]
struct Prepared {
    capture: Capture,
    match_id: Option<String>,
    template: Template,
}

fn prepared_stats() -> &'static [Prepared] {
    static STATS: OnceLock<Vec<Prepared>> = OnceLock::new();
    STATS.get_or_init(|| {
        captures::cases("Stats_GetMatchStats")
            .into_iter()
            .map(prepare)
            .collect()
    })
}

fn prepare(capture: Capture) -> Prepared {
    let value: Value = serde_json::from_slice(capture.bytes).unwrap_or(Value::Null);
    let text = |pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let match_id = Some(text("/MatchId")).filter(|id| ids::is_guid(id));
    let needles = [
        (match_id.clone().unwrap_or_default(), Occurrences::All),
        (text("/MatchInfo/StartTime"), Occurrences::First),
        (text("/MatchInfo/EndTime"), Occurrences::First),
    ];
    let needles: Vec<(&str, Occurrences)> = needles.iter().map(|(n, o)| (n.as_str(), *o)).collect();
    Prepared {
        capture,
        match_id,
        template: Template::new(capture.bytes.to_vec(), &needles),
    }
}

/// Answers `Stats_GetMatchStats` or `Skill_GetMatchResult` for `match_id`; `times` overrides
/// `MatchInfo.StartTime` and `EndTime` (for synthetic history matches).
pub(crate) fn answer(
    endpoint: &str,
    match_id: &str,
    query: Option<&str>,
    times: Option<(String, String)>,
) -> Resp {
    if !ids::is_guid(match_id) {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_match_id",
            "the match id is not a GUID",
        );
    }
    if endpoint == "Skill_GetMatchResult" {
        // The capture holds no match id; the answer is per asked player.
        return skill::per_player(endpoint, query);
    }
    let cases = prepared_stats();
    if cases.is_empty() {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            &format!("halo-testkit has no captured response for endpoint {endpoint}"),
        );
    }
    let exact = cases.iter().find(|c| {
        c.match_id
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case(match_id))
    });
    let chosen = match exact {
        Some(exact) if times.is_none() => {
            return respond::json(StatusCode::OK, exact.capture.bytes);
        }
        Some(exact) => exact,
        None => {
            let index = usize::try_from(ids::hash_str(match_id) % cases.len() as u64).unwrap_or(0);
            &cases[index]
        }
    };
    let id = match_id.to_ascii_lowercase();
    let body = match &times {
        Some((start, end)) => chosen.template.render(&[&id, start, end]),
        None => chosen.template.render(&[&id]),
    };
    respond::json(StatusCode::OK, body)
}
