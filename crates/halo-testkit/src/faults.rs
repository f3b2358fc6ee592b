//! Fault plans: rules that make matching requests fail in chosen ways, reproducibly.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::{glob, ids};

/// A list of fault rules and the seed of their random choices. The first rule that matches a
/// request and fires decides its fault; see `faults.example.json` for the file format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultPlan {
    /// Seed of the `probability` selectors (same seed, same faults).
    #[serde(default)]
    pub seed: u64,
    /// Rules, tried in order.
    #[serde(default)]
    pub rules: Vec<FaultRule>,
}

impl FaultPlan {
    /// An empty plan.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a rule.
    #[must_use]
    pub fn rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Parses a plan from JSON text.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::FaultPlan,
                format!("invalid fault plan: {e}"),
                Some(Box::new(e)),
            )
        })
    }

    /// Reads a plan from a JSON file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorKind::FaultPlan,
                format!("cannot read fault plan {}: {e}", path.display()),
                Some(Box::new(e)),
            )
        })?;
        Self::from_json(&text)
    }

    /// Appends the rules of another plan (keeping this plan's seed).
    pub(crate) fn extend(&mut self, other: Self) {
        self.rules.extend(other.rules);
    }
}

/// Which requests a rule looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultTarget {
    /// Requests routed to this endpoint id, e.g. `Stats_GetMatchStats`.
    Endpoint(String),
    /// Requests whose `{host}{path}` or `{path}` matches this glob (`*` one segment, `**` any).
    Path(String),
    /// Every request.
    Any,
}

/// Which of the matching requests a rule acts on (counting per rule, from 1).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum FaultSelector {
    /// Every matching request.
    Always,
    /// The first K matching requests.
    First(u64),
    /// Every Nth matching request (the Nth, 2Nth, ...).
    EveryNth(u64),
    /// Each matching request with probability p, drawn from the plan's seed.
    Probability(f64),
}

/// What happens to a request a rule acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum FaultAction {
    /// Answer with this status, an optional `Retry-After` (seconds) and an optional body.
    Status {
        /// HTTP status code.
        status: u16,
        /// `Retry-After` in seconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
        /// Response body (sent as JSON content type).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    /// Wait this many milliseconds, then answer normally.
    Delay {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Reset the connection before any response byte.
    ResetBeforeHeaders,
    /// Send the status line and headers, then reset the connection.
    ResetAfterHeaders,
    /// Announce the full `Content-Length`, send only this many body bytes, then break.
    Truncate {
        /// Body bytes sent before the connection breaks.
        bytes: u64,
    },
    /// Answer 200 with a body that is not valid JSON.
    MalformedJson,
    /// Answer 404 to the first `calls` requests for each match id (a match that just ended),
    /// then normally.
    NotFoundThenSuccess {
        /// Number of 404 answers per match id.
        calls: u64,
    },
}

/// One fault rule: a target, a selector and an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawRule", into = "RawRule")]
pub struct FaultRule {
    /// Requests the rule looks at.
    pub target: FaultTarget,
    /// Which of them it acts on.
    pub selector: FaultSelector,
    /// What it does.
    pub action: FaultAction,
}

impl FaultRule {
    /// A rule acting on every request routed to `endpoint_id`.
    pub fn endpoint(endpoint_id: impl Into<String>, action: FaultAction) -> Self {
        Self {
            target: FaultTarget::Endpoint(endpoint_id.into()),
            selector: FaultSelector::Always,
            action,
        }
    }

    /// A rule acting on every request whose path matches `glob`.
    pub fn path(glob: impl Into<String>, action: FaultAction) -> Self {
        Self {
            target: FaultTarget::Path(glob.into()),
            selector: FaultSelector::Always,
            action,
        }
    }

    /// A rule acting on every request.
    pub fn any(action: FaultAction) -> Self {
        Self {
            target: FaultTarget::Any,
            selector: FaultSelector::Always,
            action,
        }
    }

    /// Acts on the first `k` matching requests only.
    #[must_use]
    pub fn first(mut self, k: u64) -> Self {
        self.selector = FaultSelector::First(k);
        self
    }

    /// Acts on every `n`th matching request only.
    #[must_use]
    pub fn every_nth(mut self, n: u64) -> Self {
        self.selector = FaultSelector::EveryNth(n);
        self
    }

    /// Acts on each matching request with probability `p`.
    #[must_use]
    pub fn probability(mut self, p: f64) -> Self {
        self.selector = FaultSelector::Probability(p);
        self
    }

    fn targets(&self, endpoint: Option<&str>, host: &str, path: &str) -> bool {
        match &self.target {
            FaultTarget::Endpoint(id) => endpoint == Some(id.as_str()),
            FaultTarget::Path(pattern) => {
                glob::matches(pattern, path) || glob::matches(pattern, &format!("{host}{path}"))
            }
            FaultTarget::Any => true,
        }
    }
}

/// The file form of a rule: a flat object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    every: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    probability: Option<f64>,
    action: FaultAction,
}

impl TryFrom<RawRule> for FaultRule {
    type Error = String;

    fn try_from(raw: RawRule) -> Result<Self, String> {
        let target = match (raw.endpoint, raw.path) {
            (Some(_), Some(_)) => {
                return Err("a rule takes `endpoint` or `path`, not both".to_owned());
            }
            (Some(id), None) => FaultTarget::Endpoint(id),
            (None, Some(glob)) => FaultTarget::Path(glob),
            (None, None) => FaultTarget::Any,
        };
        let selector = match (raw.first, raw.every, raw.probability) {
            (None, None, None) => FaultSelector::Always,
            (Some(k), None, None) => FaultSelector::First(k),
            (None, Some(0), None) => return Err("`every` must be at least 1".to_owned()),
            (None, Some(n), None) => FaultSelector::EveryNth(n),
            (None, None, Some(p)) if (0.0..=1.0).contains(&p) => FaultSelector::Probability(p),
            (None, None, Some(_)) => return Err("`probability` must be within 0..=1".to_owned()),
            _ => {
                return Err(
                    "a rule takes at most one of `first`, `every`, `probability`".to_owned(),
                );
            }
        };
        Ok(Self {
            target,
            selector,
            action: raw.action,
        })
    }
}

impl From<FaultRule> for RawRule {
    fn from(rule: FaultRule) -> Self {
        let (endpoint, path) = match rule.target {
            FaultTarget::Endpoint(id) => (Some(id), None),
            FaultTarget::Path(glob) => (None, Some(glob)),
            FaultTarget::Any => (None, None),
        };
        let (first, every, probability) = match rule.selector {
            FaultSelector::Always => (None, None, None),
            FaultSelector::First(k) => (Some(k), None, None),
            FaultSelector::EveryNth(n) => (None, Some(n), None),
            FaultSelector::Probability(p) => (None, None, Some(p)),
        };
        Self {
            endpoint,
            path,
            first,
            every,
            probability,
            action: rule.action,
        }
    }
}

/// Per-rule counters of a running plan.
#[derive(Debug, Default)]
pub(crate) struct FaultState {
    seen: Vec<u64>,
    per_match: HashMap<(usize, String), u64>,
}

impl FaultState {
    /// The action for a request, if a rule fires. `match_id` is the request's match id, if any.
    pub(crate) fn decide(
        &mut self,
        plan: &FaultPlan,
        endpoint: Option<&str>,
        host: &str,
        path: &str,
        match_id: Option<&str>,
    ) -> Option<FaultAction> {
        if self.seen.len() < plan.rules.len() {
            self.seen.resize(plan.rules.len(), 0);
        }
        for (index, rule) in plan.rules.iter().enumerate() {
            if !rule.targets(endpoint, host, path) {
                continue;
            }
            self.seen[index] += 1;
            let n = self.seen[index];
            if let FaultAction::NotFoundThenSuccess { calls } = rule.action {
                let key = (index, match_id.unwrap_or(path).to_ascii_lowercase());
                let count = self.per_match.entry(key).or_insert(0);
                *count += 1;
                if *count <= calls && selected(rule.selector, plan.seed, index, n) {
                    return Some(rule.action.clone());
                }
                continue;
            }
            if selected(rule.selector, plan.seed, index, n) {
                return Some(rule.action.clone());
            }
        }
        None
    }
}

fn selected(selector: FaultSelector, seed: u64, index: usize, n: u64) -> bool {
    match selector {
        FaultSelector::Always => true,
        FaultSelector::First(k) => n <= k,
        FaultSelector::EveryNth(every) => every > 0 && n % every == 0,
        FaultSelector::Probability(p) => {
            let draw = ids::mix(seed ^ ids::mix(index as u64) ^ ids::mix(n.wrapping_mul(0x9E37)));
            #[allow(clippy::cast_precision_loss)]
            let unit = (draw >> 11) as f64 / (1u64 << 53) as f64;
            unit < p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_example_file() {
        let plan = FaultPlan::from_json(include_str!("../faults.example.json")).unwrap();
        assert_eq!(plan.seed, 42);
        assert!(plan.rules.len() >= 7);
        assert_eq!(
            plan.rules[0].target,
            FaultTarget::Endpoint("Stats_GetMatchStats".to_owned())
        );
        assert_eq!(
            plan.rules[0].action,
            FaultAction::NotFoundThenSuccess { calls: 2 }
        );
    }

    #[test]
    fn rejects_contradictory_rules() {
        let bad = r#"{"rules":[{"first":1,"every":2,"action":{"kind":"malformed_json"}}]}"#;
        assert!(FaultPlan::from_json(bad).is_err());
        let bad = r#"{"rules":[{"action":{"kind":"explode"}}]}"#;
        assert!(FaultPlan::from_json(bad).is_err());
    }

    #[test]
    fn selectors_count_per_rule() {
        let plan = FaultPlan::new()
            .rule(FaultRule::path("/a/*", FaultAction::MalformedJson).first(2))
            .rule(FaultRule::endpoint("E", FaultAction::ResetBeforeHeaders).every_nth(3));
        let mut state = FaultState::default();
        let a: Vec<bool> = (0..4)
            .map(|_| state.decide(&plan, None, "h", "/a/x", None).is_some())
            .collect();
        assert_eq!(a, [true, true, false, false]);
        let e: Vec<bool> = (0..6)
            .map(|_| state.decide(&plan, Some("E"), "h", "/e", None).is_some())
            .collect();
        assert_eq!(e, [false, false, true, false, false, true]);
    }

    #[test]
    fn probability_is_seeded() {
        let plan = FaultPlan::new()
            .seed(7)
            .rule(FaultRule::any(FaultAction::MalformedJson).probability(0.3));
        let run = || {
            let mut state = FaultState::default();
            (0..200)
                .filter(|_| state.decide(&plan, None, "h", "/", None).is_some())
                .count()
        };
        let hits = run();
        assert_eq!(hits, run());
        assert!((30..=90).contains(&hits), "{hits}");
    }

    #[test]
    fn not_found_counts_per_match() {
        let plan = FaultPlan::new().rule(FaultRule::endpoint(
            "S",
            FaultAction::NotFoundThenSuccess { calls: 1 },
        ));
        let mut state = FaultState::default();
        assert!(
            state
                .decide(&plan, Some("S"), "h", "/m/1", Some("1"))
                .is_some()
        );
        assert!(
            state
                .decide(&plan, Some("S"), "h", "/m/1", Some("1"))
                .is_none()
        );
        assert!(
            state
                .decide(&plan, Some("S"), "h", "/m/2", Some("2"))
                .is_some()
        );
    }
}
