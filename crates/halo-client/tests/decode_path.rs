//! The decode a typed call runs is halo-models' fast reader on the transport's own bytes: the
//! body reaches it without a copy, and the answer is what `halo_models::decode` gives for the
//! same bytes. So the client adds no decode work of its own; what a call costs beyond the
//! decode is the request (see docs/BENCHMARKS.md, "typed call").

use bytes::Bytes;
use halo_models::{AnyResponse, MatchId};

#[path = "../examples/common/preloaded.rs"]
mod preloaded;
use preloaded::client_answering;

/// The slayer match of the reference decode benchmark.
fn slayer() -> Bytes {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../halo-models/captures/responses/Stats_GetMatchStats/slayer.json"
    );
    Bytes::from(std::fs::read(path).expect("the slayer capture"))
}

fn match_id() -> MatchId {
    "b4be1c44-5782-42b3-8cf8-0d76dd87230c"
        .parse()
        .expect("a match id")
}

#[tokio::test]
async fn the_body_reaches_the_decoder_without_a_copy() {
    let body = slayer();
    let client = client_answering(body.clone()).expect("a client");
    let response = client
        .stats()
        .match_stats(match_id())
        .send_raw()
        .await
        .expect("the response");
    assert_eq!(response.body().len(), body.len());
    assert_eq!(
        response.body().as_ptr(),
        body.as_ptr(),
        "the collected body is the transport's buffer, not a copy"
    );
}

#[tokio::test]
async fn a_typed_call_answers_what_the_fast_reader_decodes() {
    let body = slayer();
    let client = client_answering(body.clone()).expect("a client");

    let typed = client.stats().match_stats(match_id()).await.expect("typed");
    assert_eq!(
        typed.match_id.to_string(),
        "b4be1c44-5782-42b3-8cf8-0d76dd87230c"
    );
    let first = typed.human_players().next().expect("a player");
    assert_eq!(first.player_id.to_string(), "xuid(2535445291321133)");
    assert_eq!(first.kills(), 18);

    let bare = halo_models::decode("Stats_GetMatchStats", &body).expect("bare decode");
    let any = client
        .stats()
        .match_stats(match_id())
        .any()
        .await
        .expect("any");
    assert_eq!(any, bare);
    match bare {
        AnyResponse::StatsGetMatchStats(stats) => assert_eq!(*stats, typed),
        other => panic!("not match stats: {other:?}"),
    }
}
