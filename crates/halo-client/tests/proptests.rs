//! Property tests of what halo-client parses from users and servers: `PlayerRef` (a gamertag,
//! a 16-digit XUID, `xuid(N)`) and `Retry-After` (seconds or an HTTP date against `Date`).
//! No input panics; a parsed player's `Display` parses back to it; seconds and dates give the
//! delay they say.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, SystemTime};

use halo_client::PlayerRef;
use halo_client::layers::parse_retry_after;
use halo_models::Xuid;
use http::header::{DATE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;

/// Text a user might type for a player, and anything else.
fn player_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ ]{0,2}[A-Za-z0-9 #]{0,20}[ ]{0,2}",
        "(xuid|XUID)\\([0-9a-z]{0,22}\\)",
        "[0-9]{14,18}",
        any::<u64>().prop_map(|x| format!("xuid({x})")),
    ]
}

fn headers(retry_after: &[u8], date: Option<&[u8]>) -> Option<HeaderMap> {
    let mut map = HeaderMap::new();
    map.insert(RETRY_AFTER, HeaderValue::from_bytes(retry_after).ok()?);
    if let Some(date) = date {
        map.insert(DATE, HeaderValue::from_bytes(date).ok()?);
    }
    Some(map)
}

/// A time between 1970 and 9999 in whole seconds (what an HTTP date can say).
fn http_time() -> impl Strategy<Value = SystemTime> {
    (0u64..253_402_300_799).prop_map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_parsed_player_displays_as_text_that_parses_to_it(text in player_text()) {
        if let Ok(player) = text.parse::<PlayerRef>() {
            let shown = player.to_string();
            prop_assert_eq!(shown.parse::<PlayerRef>(), Ok(player.clone()), "{:?}", shown);
            prop_assert!(!player.path_segment().is_empty());
            match &player {
                PlayerRef::Xuid(xuid) => prop_assert!(xuid.0 > 0),
                PlayerRef::Gamertag(tag) => {
                    prop_assert_eq!(tag.as_str(), text.trim());
                    prop_assert!(tag.chars().count() <= PlayerRef::MAX_GAMERTAG_CHARS);
                }
            }
        }
    }

    #[test]
    fn every_xuid_survives_display_and_parse(x in 1u64..) {
        let player = PlayerRef::from(Xuid(x));
        prop_assert_eq!(player.to_string(), format!("xuid({x})"));
        prop_assert_eq!(player.to_string().parse::<PlayerRef>(), Ok(player));
    }

    #[test]
    fn any_retry_after_and_date_bytes_never_panic(
        value in prop::collection::vec(any::<u8>(), 0..40),
        date in prop::option::of(prop::collection::vec(any::<u8>(), 0..40)),
    ) {
        if let Some(map) = headers(&value, date.as_deref()) {
            let _ = parse_retry_after(&map);
        }
    }

    #[test]
    fn seconds_give_that_delay(seconds in any::<u64>(), pad in "[ \t]{0,2}") {
        let map = headers(format!("{pad}{seconds}{pad}").as_bytes(), None).unwrap();
        prop_assert_eq!(parse_retry_after(&map), Some(Duration::from_secs(seconds)));
        let negative = headers(format!("-{}", seconds.max(1)).as_bytes(), None).unwrap();
        prop_assert_eq!(parse_retry_after(&negative), None);
    }

    #[test]
    fn a_date_gives_its_distance_from_the_date_header(now in http_time(), target in http_time()) {
        let map = headers(
            httpdate::fmt_http_date(target).as_bytes(),
            Some(httpdate::fmt_http_date(now).as_bytes()),
        )
        .unwrap();
        let expected = target.duration_since(now).unwrap_or(Duration::ZERO);
        prop_assert_eq!(parse_retry_after(&map), Some(expected));
        // Without a `Date` header a date cannot be measured: ignored.
        let alone = headers(httpdate::fmt_http_date(target).as_bytes(), None).unwrap();
        prop_assert_eq!(parse_retry_after(&alone), None);
    }
}
