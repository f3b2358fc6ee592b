//! Unit tests of the provider's caching, expiry and single-flight logic on a paused clock,
//! against the in-process fake.

use std::sync::Arc;
use std::time::Duration;

use crate::fake::FakeServices;
use crate::store::{MemoryStore, StoredTokens};
use crate::{AuthConfig, Endpoints, ErrorKind, OAuthConfig, TokenProvider};

fn provider(fake: &FakeServices, store: &MemoryStore) -> TokenProvider {
    let config = AuthConfig::new(OAuthConfig::new("client", "http://localhost:0/cb"))
        .with_endpoints(Endpoints::with_root("http://fake"))
        .with_store(store.clone())
        .with_refresh_margin(Duration::from_secs(300));
    TokenProvider::with_transport(config, Arc::new(fake.clone())).unwrap()
}

fn signed_in_store() -> MemoryStore {
    MemoryStore::with_tokens(StoredTokens::from_refresh_token("refresh-0"))
}

#[tokio::test(start_paused = true)]
async fn whole_chain_from_a_refresh_token() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    let provider = provider(&fake, &store);
    assert!(provider.is_signed_in());
    let tokens = provider.halo_tokens().await.unwrap();
    assert_eq!(tokens.spartan.expose(), "spartan-1");
    assert_eq!(tokens.clearance.as_ref().unwrap().expose(), "clearance-1");
    assert_eq!(tokens.xuid, 2_669_321_029_139_235);
    for route in ["token", "user", "xsts", "spartan", "clearance"] {
        assert_eq!(fake.calls(route), 1, "{route}");
    }
    // The rotated refresh token was stored.
    let stored = store.snapshot().unwrap();
    assert_eq!(stored.refresh_token().unwrap().expose(), "refresh-1");
    // Cached: no more calls.
    provider.halo_tokens().await.unwrap();
    assert_eq!(fake.calls("spartan"), 1);
}

#[tokio::test(start_paused = true)]
async fn restart_within_lifetime_makes_no_calls() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    let first = provider(&fake, &store).halo_tokens().await.unwrap();
    tokio::time::advance(Duration::from_secs(3 * 3600)).await;
    let second = provider(&fake, &store);
    let tokens = second.halo_tokens().await.unwrap();
    assert_eq!(tokens, first);
    let header = second.xbl_header(crate::HALO_RELYING_PARTY).await.unwrap();
    assert_eq!(header.expose(), "XBL3.0 x=1234;xsts-token");
    assert_eq!(fake.calls("token"), 1);
    assert_eq!(fake.calls("spartan"), 1);
}

#[tokio::test(start_paused = true)]
async fn only_the_expired_part_is_refreshed() {
    let fake = FakeServices::new(Duration::from_secs(3600));
    let provider = provider(&fake, &signed_in_store());
    provider.halo_tokens().await.unwrap();
    // Past the Spartan token's refresh point (1 h - 5 min) but before the access token's
    // refresh point (also 1 h - 5 min, from the same start): advance just short of both first.
    tokio::time::advance(Duration::from_secs(3600 - 301)).await;
    provider.halo_tokens().await.unwrap();
    assert_eq!(fake.calls("spartan"), 1);
    tokio::time::advance(Duration::from_secs(2)).await;
    let tokens = provider.halo_tokens().await.unwrap();
    assert_eq!(tokens.spartan.expose(), "spartan-2");
    // The access token expired too (1 h), the user token and XSTS (days, hours) did not, so only
    // the Halo part was renewed: XSTS still valid means no OAuth refresh was needed.
    assert_eq!(fake.calls("spartan"), 2);
    assert_eq!(fake.calls("clearance"), 2);
    assert_eq!(fake.calls("xsts"), 1);
    assert_eq!(fake.calls("user"), 1);
    assert_eq!(fake.calls("token"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_callers_cause_one_refresh() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.halo_tokens().await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().spartan.expose(), "spartan-1");
    }
    for route in ["token", "user", "xsts", "spartan", "clearance"] {
        assert_eq!(fake.calls(route), 1, "{route}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refresh_of_a_rejected_token_is_single_flight() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    let first = provider.halo_tokens().await.unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (p, rejected) = (provider.clone(), first.clone());
            tokio::spawn(async move { p.refresh_rejected(&rejected).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().spartan.expose(), "spartan-2");
    }
    assert_eq!(fake.calls("spartan"), 2);
    // force_refresh renews the Halo XSTS token too, but not the OAuth or user token.
    assert_eq!(fake.calls("xsts"), 2);
    assert_eq!(fake.calls("token"), 1);
}

#[tokio::test(start_paused = true)]
async fn unauthorized_cached_token_refreshes_whole_chain_once() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    provider.halo_tokens().await.unwrap();
    fake.fail_next("spartan", 401, "");
    let tokens = provider.force_refresh().await.unwrap();
    assert_eq!(tokens.spartan.expose(), "spartan-3");
    assert_eq!(fake.calls("token"), 2);
    assert_eq!(fake.calls("user"), 2);
}

#[tokio::test(start_paused = true)]
async fn errors_surface_with_their_kind() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(
        &fake,
        &MemoryStore::with_tokens(StoredTokens::from_refresh_token("stale")),
    );
    let err = provider.halo_tokens().await.unwrap_err();
    assert!(err.is_sign_in_required());
    assert!(matches!(err.kind(), ErrorKind::InvalidGrant { .. }));

    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    fake.fail_next(
        "xsts",
        401,
        r#"{"Identity":"0","XErr":2148916238,"Message":""}"#,
    );
    let provider = provider_with(&fake);
    let err = provider.halo_tokens().await.unwrap_err();
    assert_eq!(err.into_kind(), ErrorKind::ChildAccount);

    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    fake.fail_next("clearance", 403, "");
    let err = provider_with(&fake).halo_tokens().await.unwrap_err();
    assert_eq!(err.into_kind(), ErrorKind::ClearanceForbidden);

    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    fake.fail_next("spartan", 200, r#"{"SpartanToken": 5}"#);
    let err = provider_with(&fake).halo_tokens().await.unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::Decode {
            step: crate::Step::SpartanToken,
            ..
        }
    ));

    let empty = TokenProvider::with_transport(
        AuthConfig::new(OAuthConfig::new("c", "http://localhost:0/")),
        Arc::new(FakeServices::new(Duration::from_secs(1))),
    )
    .unwrap();
    assert!(!empty.is_signed_in());
    assert_eq!(
        empty.halo_tokens().await.unwrap_err().into_kind(),
        ErrorKind::NotSignedIn
    );
}

fn provider_with(fake: &FakeServices) -> TokenProvider {
    provider(fake, &signed_in_store())
}

#[tokio::test]
async fn static_provider() {
    let provider = TokenProvider::from_static("spartan-static", "clearance-static");
    let tokens = provider.halo_tokens().await.unwrap();
    assert_eq!(tokens.spartan.expose(), "spartan-static");
    assert_eq!(tokens.clearance.unwrap().expose(), "clearance-static");
    assert!(provider.is_signed_in());
    assert_eq!(
        provider.force_refresh().await.unwrap_err().into_kind(),
        ErrorKind::CannotRefresh
    );
    assert!(provider.xbl_header("http://xboxlive.com").await.is_err());
    assert!(!format!("{provider:?}").contains("spartan-static"));
}

#[tokio::test(start_paused = true)]
async fn sign_out_forgets_everything() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    let provider = provider(&fake, &store);
    provider.halo_tokens().await.unwrap();
    provider.sign_out().await.unwrap();
    assert!(!provider.is_signed_in());
    assert!(store.snapshot().is_none());
    assert_eq!(
        provider.halo_tokens().await.unwrap_err().into_kind(),
        ErrorKind::NotSignedIn
    );
}

#[tokio::test(start_paused = true)]
async fn refresh_token_rotated_by_another_process_is_adopted() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    // Two processes sharing one store, both started with refresh-0.
    let a = provider(&fake, &store);
    let b = provider(&fake, &store);
    a.halo_tokens().await.unwrap();
    assert_eq!(
        store.snapshot().unwrap().refresh_token().unwrap().expose(),
        "refresh-1"
    );
    // B's refresh-0 was revoked by A's rotation: B adopts the stored tokens instead of failing.
    let tokens = b.halo_tokens().await.unwrap();
    assert_eq!(tokens.xuid, 2_669_321_029_139_235);
    assert_eq!(fake.calls("token"), 2);
    assert_eq!(
        b.stored_tokens().unwrap().refresh_token().unwrap().expose(),
        "refresh-1"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_waiting_on_a_failed_refresh_share_its_error() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    for _ in 0..200 {
        fake.fail_next("spartan", 503, "");
    }
    let provider = provider(&fake, &signed_in_store());
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.halo_tokens().await })
        })
        .collect();
    for task in tasks {
        let err = task.await.unwrap().unwrap_err();
        assert_eq!(
            err.into_kind(),
            ErrorKind::Status {
                step: crate::Step::SpartanToken,
                status: 503
            }
        );
    }
    // Tasks that had not yet started waiting when the attempt ended may make a new attempt, but
    // the waiters share the failure: far fewer attempts than callers.
    assert!(fake.calls("spartan") < 10, "{}", fake.calls("spartan"));
    // A later call tries again.
    let before = fake.calls("spartan");
    assert!(provider.halo_tokens().await.is_err());
    assert_eq!(fake.calls("spartan"), before + 1);
}

#[tokio::test(start_paused = true)]
async fn an_xsts_refusal_drops_the_cached_chain_and_retries_once() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    provider.halo_tokens().await.unwrap();
    assert_eq!((fake.calls("token"), fake.calls("user")), (1, 1));
    // The cached user token was revoked: XSTS for another relying party answers 401 once.
    fake.fail_next("xsts", 401, "");
    let token = provider
        .xsts_token(crate::XBOX_LIVE_RELYING_PARTY)
        .await
        .unwrap();
    assert_eq!(token.relying_party, crate::XBOX_LIVE_RELYING_PARTY);
    // The retry rebuilt the chain from the refresh token: a new access and user token.
    assert_eq!(fake.calls("token"), 2);
    assert_eq!(fake.calls("user"), 2);
    assert_eq!(fake.calls("xsts"), 3);
    // A second refusal right after is not retried again: it is the caller's error.
    fake.fail_next("xsts", 401, "");
    fake.fail_next("xsts", 401, "");
    let error = provider
        .xsts_token("https://other.example/")
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { .. }),
        "{error:?}"
    );
    assert_eq!(fake.calls("xsts"), 5);
}

#[tokio::test(start_paused = true)]
async fn an_outage_of_the_token_endpoint_is_not_taken_for_a_rotated_refresh_token() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    let a = provider(&fake, &store);
    let b = provider(&fake, &store);
    a.halo_tokens().await.unwrap();
    // The store now holds A's rotated refresh token, but B's refresh fails for another
    // reason (the sign-in service is down): that error is B's answer; B does not quietly
    // adopt the stored tokens.
    fake.fail_next("token", 503, "");
    let error = b.halo_tokens().await.unwrap_err();
    assert_eq!(
        error.into_kind(),
        ErrorKind::Status {
            step: crate::Step::Refresh,
            status: 503
        }
    );
    assert_eq!(fake.calls("token"), 2);
}

#[tokio::test(start_paused = true)]
async fn an_xsts_failure_other_than_a_refusal_is_not_retried() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    provider.halo_tokens().await.unwrap();
    let xsts = fake.calls("xsts");
    // The service is down: the cached user token is not to blame, so the chain is kept and
    // the error returned after one call.
    fake.fail_next("xsts", 503, "");
    let error = provider
        .xsts_token(crate::XBOX_LIVE_RELYING_PARTY)
        .await
        .unwrap_err();
    assert_eq!(
        error.into_kind(),
        ErrorKind::Status {
            step: crate::Step::Xsts,
            status: 503
        }
    );
    assert_eq!(fake.calls("xsts"), xsts + 1);
    assert_eq!((fake.calls("token"), fake.calls("user")), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn xsts_tokens_of_each_relying_party_are_cached_side_by_side() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let provider = provider(&fake, &signed_in_store());
    provider.halo_tokens().await.unwrap();
    let xsts = fake.calls("xsts");
    provider
        .xsts_token(crate::XBOX_LIVE_RELYING_PARTY)
        .await
        .unwrap();
    assert_eq!(fake.calls("xsts"), xsts + 1);
    // Fetching the Xbox Live token kept the Halo one: both answer from the cache.
    let halo = provider
        .xsts_token(crate::HALO_RELYING_PARTY)
        .await
        .unwrap();
    assert_eq!(halo.relying_party, crate::HALO_RELYING_PARTY);
    provider
        .xsts_token(crate::XBOX_LIVE_RELYING_PARTY)
        .await
        .unwrap();
    assert_eq!(fake.calls("xsts"), xsts + 1);
}

#[tokio::test(start_paused = true)]
async fn signing_out_before_any_refresh_works() {
    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let store = signed_in_store();
    let provider = provider(&fake, &store);
    provider.sign_out().await.unwrap();
    assert!(!provider.is_signed_in());
    assert!(store.snapshot().is_none());
    assert_eq!(fake.calls("token"), 0);
}

#[tokio::test]
async fn fixed_tokens_never_expire_and_debug_shows_no_secret() {
    let fixed = TokenProvider::from_static("spartan-x", "clearance-x");
    let tokens = fixed.halo_tokens().await.unwrap();
    assert_eq!(
        tokens.expires_at,
        std::time::UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX))
    );
    assert_eq!(tokens.xuid, 0);

    let fake = FakeServices::new(Duration::from_secs(4 * 3600));
    let chain = provider(&fake, &signed_in_store());
    let debug = format!("{chain:?}");
    assert!(debug.contains("AuthConfig"), "{debug}");
    assert!(debug.contains("refresh_margin: 300s"), "{debug}");
    assert!(!debug.contains("refresh-0"), "{debug}");
}
