//! URL tests for every operation: each built with example values in every parameter gives the
//! URL recorded in `urls.golden` (one line per route and method: id, method, URL), reviewed by
//! hand. Regenerate the file with `HALO_BLESS=1 cargo test -p halo-client operations`.

use std::collections::BTreeSet;

use crate::routes::{BaseUrl, Route, Scheme};

const GOLDEN: &str = include_str!("urls.golden");

fn lines() -> String {
    let base = BaseUrl::production();
    let mut out = String::new();
    for (id, request) in super::generated::examples() {
        let url = request
            .url(&base)
            .unwrap_or_else(|error| panic!("{id}: {error}"));
        out.push_str(&format!("{id} {} {url}\n", request.route().method));
    }
    out
}

#[test]
fn every_operation_builds_the_url_on_record() {
    let actual = lines();
    if std::env::var_os("HALO_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/operations/urls.golden");
        std::fs::write(path, &actual).unwrap();
        return;
    }
    for (expected, got) in GOLDEN.lines().zip(actual.lines()) {
        assert_eq!(
            got, expected,
            "run HALO_BLESS=1 cargo test -p halo-client operations and review the diff"
        );
    }
    assert_eq!(GOLDEN.lines().count(), actual.lines().count());
}

#[test]
fn one_operation_per_https_route_and_none_for_message_queues() {
    let examples = super::generated::examples();
    let ids: BTreeSet<&str> = examples.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), examples.len(), "an id has two operations");
    for route in Route::all() {
        match route.scheme {
            Scheme::Https => assert!(ids.contains(route.id), "{} has no operation", route.id),
            Scheme::MessageQueue => {
                assert!(!ids.contains(route.id), "{} is a topic", route.id);
            }
        }
    }
    for (id, request) in &examples {
        assert_eq!(request.route().id, *id);
        assert!(
            request.problems().is_empty(),
            "{id}: {:?}",
            request.problems()
        );
    }
    // Both catalogs, every method: 212 HTTPS routes.
    assert_eq!(examples.len(), 212);
}

#[test]
fn message_queue_routes_are_not_offered_as_https_calls() {
    let route = Route::by_id("Messaging_MessagingSubscribe").unwrap();
    assert_eq!(route.scheme, Scheme::MessageQueue);
    let error = crate::ApiRequest::new(route)
        .path_param("player", "xuid(1)")
        .url(&BaseUrl::production())
        .unwrap_err();
    assert!(error.to_string().contains("message-queue topic"), "{error}");
}
