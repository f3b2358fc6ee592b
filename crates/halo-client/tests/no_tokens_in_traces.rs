//! Tokens never reach a trace: the call and attempt spans carry the endpoint, attempt, status
//! and duration, at TRACE level, through a 401 and a refresh, and errors never print them.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::fake::{Answer, Fake};
use halo_client::{RateLimit, Route, StaticTokens};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn spans_name_the_call_and_never_the_tokens() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = Fake::script(vec![
        Answer::status(503, "busy"),
        Answer::status(401, ""),
        Answer::ok("{}"),
    ]);
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        tokens = StaticTokens::new("v4=TOPSECRET-SPARTAN", Some("SECRET-CLEARANCE")).unwrap()
    );
    let error = client
        .request(Route::by_id("Skill_GetMatchResult").unwrap())
        .path_param("matchId", "m1")
        .send()
        .await
        .unwrap_err();
    let debug = format!("{error:?} {error}");
    assert!(!debug.contains("TOPSECRET"), "{debug}");

    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("halo.call"), "{text}");
    assert!(text.contains("halo.attempt"), "{text}");
    assert!(
        text.contains("endpoint=\"Skill_GetMatchResult\"")
            || text.contains("endpoint=Skill_GetMatchResult"),
        "{text}"
    );
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("status=503"), "{text}");
    assert!(!text.contains("TOPSECRET"), "{text}");
    assert!(!text.contains("SECRET-CLEARANCE"), "{text}");
    // The fake saw the tokens, marked sensitive.
    let seen = fake.seen();
    assert!(seen[0].headers["x-343-authorization-spartan"].is_sensitive());
    assert!(seen[0].headers["343-clearance"].is_sensitive());
    assert!(!format!("{:?}", seen[0].headers).contains("TOPSECRET"));
}
