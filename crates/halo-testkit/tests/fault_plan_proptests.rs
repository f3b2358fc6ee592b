//! Property tests of the fault-plan parser (`HALO_TESTKIT_FAULTS` files): no text makes it
//! panic, every plan written out parses back to itself, and edited plan files either parse or
//! give a typed fault-plan error.
#![allow(clippy::unwrap_used)]

use halo_testkit::{ErrorKind, FaultAction, FaultPlan, FaultRule};
use proptest::prelude::*;

fn action() -> impl Strategy<Value = FaultAction> {
    prop_oneof![
        (
            100u16..600,
            prop::option::of(any::<u64>()),
            prop::option::of(".{0,12}")
        )
            .prop_map(|(status, retry_after, body)| FaultAction::Status {
                status,
                retry_after,
                body
            }),
        any::<u64>().prop_map(|ms| FaultAction::Delay { ms }),
        Just(FaultAction::ResetBeforeHeaders),
        Just(FaultAction::ResetAfterHeaders),
        any::<u64>().prop_map(|bytes| FaultAction::Truncate { bytes }),
        Just(FaultAction::MalformedJson),
        any::<u64>().prop_map(|calls| FaultAction::NotFoundThenSuccess { calls }),
    ]
}

fn rule() -> impl Strategy<Value = FaultRule> {
    let target = prop_oneof![
        "[A-Z][a-z]{1,8}_[A-Za-z]{1,12}".prop_map(|id| (Some(id), None)),
        "[/*a-z.]{1,20}".prop_map(|glob| (None, Some(glob))),
        Just((None, None)),
    ];
    // Probabilities as k/1024: exact in binary and in short decimal text.
    let selector = prop_oneof![
        Just(0u8).prop_map(|_| (0u8, 0u64)),
        any::<u64>().prop_map(|k| (1, k)),
        (1u64..).prop_map(|n| (2, n)),
        (0u64..=1024).prop_map(|k| (3, k)),
    ];
    (target, selector, action()).prop_map(|((endpoint, path), (which, n), action)| {
        let rule = match (endpoint, path) {
            (Some(id), _) => FaultRule::endpoint(id, action),
            (None, Some(glob)) => FaultRule::path(glob, action),
            (None, None) => FaultRule::any(action),
        };
        #[allow(clippy::cast_precision_loss)]
        match which {
            1 => rule.first(n),
            2 => rule.every_nth(n),
            3 => rule.probability(n as f64 / 1024.0),
            _ => rule,
        }
    })
}

fn plan() -> impl Strategy<Value = FaultPlan> {
    (any::<u64>(), prop::collection::vec(rule(), 0..6)).prop_map(|(seed, rules)| {
        rules
            .into_iter()
            .fold(FaultPlan::new().seed(seed), FaultPlan::rule)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_or_is_a_fault_plan_error(text in ".{0,200}") {
        if let Err(e) = FaultPlan::from_json(&text) {
            prop_assert!(matches!(e.kind(), ErrorKind::FaultPlan));
        }
    }

    #[test]
    fn a_written_plan_parses_back_to_itself(plan in plan()) {
        let text = serde_json::to_string(&plan).unwrap();
        prop_assert_eq!(FaultPlan::from_json(&text).unwrap(), plan);
    }

    #[test]
    fn an_edited_plan_file_parses_or_is_a_fault_plan_error(
        plan in plan(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b"{}[],:\"0123456789-.aekptyx ".to_vec())),
            1..4,
        ),
    ) {
        let mut bytes = serde_json::to_vec_pretty(&plan).unwrap();
        for (at, byte) in &edits {
            let i = at.index(bytes.len());
            bytes[i] = *byte;
        }
        let text = String::from_utf8_lossy(&bytes);
        match FaultPlan::from_json(&text) {
            Ok(parsed) => prop_assert!(parsed.rules.len() <= plan.rules.len() + 1),
            Err(e) => prop_assert!(matches!(e.kind(), ErrorKind::FaultPlan), "{e}"),
        }
    }
}

#[test]
fn the_example_file_round_trips() {
    let text = include_str!("../faults.example.json");
    let plan = FaultPlan::from_json(text).unwrap();
    assert_eq!(plan.seed, 42);
    let again = FaultPlan::from_json(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert_eq!(again, plan);
}
