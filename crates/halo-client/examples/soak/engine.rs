//! The reliability soak, shared by `examples/soak/main.rs` (a run of any length that prints
//! the counts) and `tests/soak.rs` (a short run with a fixed seed in the test suite).
//!
//! N callers (32 by default) run typed calls through the whole client (retry, rate limit,
//! timeout, auth, headers, body, hyper over loopback) against halo-testkit with a seeded random
//! fault plan on every endpoint called (429 with `Retry-After`, 503, resets before and after
//! the headers, delays past the attempt timeout, truncated and malformed bodies) and Spartan
//! tokens that expire every few seconds, renewed by halo-auth's `TokenProvider` through the
//! testkit's own auth chain (which has no faults, so every token request is a refresh the
//! client asked for). Public APIs only.
//!
//! The run passes when every call either answered the captures' real values or failed with a
//! typed error after its retry policy; no caller panicked; the run ended before its deadline;
//! the testkit issued exactly one Spartan token per expiry (every token it issued was used, no
//! two were issued closer than the renewal interval allows, and no more than the run's length
//! allows); and the resident memory at the end of the steady phase is within a bound of its
//! start.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use halo_client::layers::{WaitHook, WaitReason};
use halo_client::token::TokenFuture;
use halo_client::{
    BaseUrl, Client, Error, ErrorKind, PolicyOverride, RateLimit, Route, TokenSource, Tokens,
};
use halo_models::{MatchId, Xuid};
use halo_testkit::{DEFAULT_GAMERTAG, DEFAULT_XUID, FaultAction, FaultPlan, FaultRule, TestServer};
use tokio::time::Instant;

/// The captured slayer match: team 0 scored 31, team 1 50, eight human players.
const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";
/// Matchmade matches in the signed-in user's offline history (the testkit adds the five
/// captured custom games to the match count).
const HISTORY: u64 = 60;
/// The endpoints the callers call, each with its own fault rules.
const ENDPOINTS: [&str; 4] = [
    "Stats_GetMatchStats",
    "Stats_GetMatchCount",
    "Stats_GetPlayerServiceRecord",
    "Profile_GetUser",
];
/// Each attempt's timeout (the catalog's are 2.5-10 s); the delay fault waits longer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(500);
/// The delay fault: past the attempt timeout.
const DELAY_PAST_TIMEOUT_MS: u64 = 700;
/// Each call's deadline, waits and retries included.
const CALL_DEADLINE: Duration = Duration::from_secs(20);
/// How much longer than its length a run may take before it counts as a hang.
const HANG_MARGIN: Duration = Duration::from_secs(45);

/// What to run.
#[derive(Clone, Copy, Debug)]
pub struct SoakConfig {
    /// How long the callers keep calling.
    pub duration: Duration,
    /// Concurrent callers.
    pub callers: usize,
    /// Seed of the fault plan and of the callers' choice of endpoint.
    pub seed: u64,
    /// Lifetime of each Spartan token the testkit issues.
    pub token_lifetime: Duration,
    /// How long before expiry the provider renews a token.
    pub refresh_margin: Duration,
    /// Share of the run before the steady phase starts (its RSS is the baseline).
    pub warm_up: Duration,
    /// Largest RSS growth over the steady phase, in KiB.
    pub rss_growth_limit_kib: u64,
}

impl SoakConfig {
    /// 32 callers for `duration`, tokens living 3 s renewed 1 s before expiry, the first
    /// quarter of the run (at most 10 s) as warm-up, at most 8 MiB of growth.
    pub fn new(duration: Duration, seed: u64) -> Self {
        Self {
            duration,
            callers: 32,
            seed,
            token_lifetime: Duration::from_secs(3),
            refresh_margin: Duration::from_secs(1),
            warm_up: (duration / 4).min(Duration::from_secs(10)),
            rss_growth_limit_kib: 8 * 1024,
        }
    }
}

/// The seeded fault plan: on each endpoint called, each fault with its own probability.
pub fn fault_plan(seed: u64) -> FaultPlan {
    let status = |status, retry_after| FaultAction::Status {
        status,
        retry_after,
        body: None,
    };
    let faults = [
        // 429 pauses every clone for Retry-After: rare, or the run is mostly waiting.
        (status(429, Some(1)), 0.001),
        (status(503, None), 0.03),
        (FaultAction::ResetBeforeHeaders, 0.02),
        (FaultAction::ResetAfterHeaders, 0.02),
        (
            FaultAction::Delay {
                ms: DELAY_PAST_TIMEOUT_MS,
            },
            0.01,
        ),
        (FaultAction::Truncate { bytes: 20 }, 0.02),
        (FaultAction::MalformedJson, 0.01),
    ];
    let mut plan = FaultPlan::new().seed(seed);
    for endpoint in ENDPOINTS {
        for (action, probability) in &faults {
            plan =
                plan.rule(FaultRule::endpoint(endpoint, action.clone()).probability(*probability));
        }
    }
    plan
}

/// Everything a run counted.
#[derive(Debug, Default)]
pub struct Report {
    /// Calls made.
    pub calls: u64,
    /// Calls that answered the captures' values.
    pub successes: u64,
    /// Typed errors by kind (`retries exhausted: connect (reset)`, `decode`, ...).
    pub errors: BTreeMap<String, u64>,
    /// Calls whose outcome is a failure of the soak: wrong data, an unexpected error kind, a
    /// call past its deadline (at most 20 kept, with `unexpected_count` the total).
    pub unexpected: Vec<String>,
    /// How many outcomes were failures of the soak.
    pub unexpected_count: u64,
    /// Callers that panicked.
    pub panics: u64,
    /// Whether the run passed its overall deadline.
    pub hung: bool,
    /// How long the callers ran.
    pub elapsed: Duration,
    /// The longest call.
    pub longest_call: Duration,
    /// Waits for a server's `Retry-After` (a 429 pauses every caller).
    pub retry_after_waits: u64,
    /// Waits of the retry policy before another attempt.
    pub backoff_waits: u64,
    /// Requests the testkit received and faults it applied.
    pub requests: u64,
    /// Faults the testkit applied.
    pub faults_applied: u64,
    /// Requests the testkit refused with 401 (an expired or unknown token).
    pub unauthorized: u64,
    /// Spartan tokens the testkit issued (the first one and every refresh).
    pub spartan_tokens: u64,
    /// Distinct Spartan tokens the client was given.
    pub tokens_seen: usize,
    /// The shortest time between two tokens' first use.
    pub shortest_token_gap: Option<Duration>,
    /// Refresh-token grants, Xbox user and XSTS tokens the testkit issued.
    pub refresh_grants: u64,
    /// Xbox user tokens issued.
    pub user_tokens: u64,
    /// XSTS tokens issued.
    pub xsts_tokens: u64,
    /// Resident memory at the start of the steady phase, in KiB.
    pub rss_start_kib: Option<u64>,
    /// Resident memory at its end, in KiB.
    pub rss_end_kib: Option<u64>,
}

impl Report {
    /// Typed errors in all.
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Refreshes: tokens issued after the first.
    pub fn refreshes(&self) -> u64 {
        self.spartan_tokens.saturating_sub(1)
    }

    /// Why the run fails, one line each; empty when it passes.
    pub fn failures(&self, config: &SoakConfig) -> Vec<String> {
        let mut failures = Vec::new();
        if self.hung {
            failures.push(format!(
                "the run did not end within {:?} of its length",
                HANG_MARGIN
            ));
        }
        if self.panics > 0 {
            failures.push(format!("{} callers panicked", self.panics));
        }
        if self.unexpected_count > 0 {
            failures.push(format!(
                "{} calls ended unexpectedly: {}",
                self.unexpected_count,
                self.unexpected.join("; ")
            ));
        }
        if self.calls != self.successes + self.error_count() + self.unexpected_count {
            failures.push("calls do not add up to successes and errors".to_owned());
        }
        if self.successes == 0 || self.error_count() == 0 || self.faults_applied == 0 {
            failures.push("the run exercised no success, no error or no fault".to_owned());
        }
        // One refresh per expiry: every token issued was used (no two callers refreshed at
        // once), no token was replaced before it was due, and no more tokens than the run's
        // length allows. The auth chain has no faults, so nothing else asks for tokens.
        if self.tokens_seen as u64 != self.spartan_tokens {
            failures.push(format!(
                "the testkit issued {} Spartan tokens, the client used {}",
                self.spartan_tokens, self.tokens_seen
            ));
        }
        let renewal = config.token_lifetime.saturating_sub(config.refresh_margin);
        // The provider reads the expiry in whole seconds: a token may be due up to 1 s early.
        let earliest = renewal.saturating_sub(Duration::from_secs(1));
        if let Some(gap) = self.shortest_token_gap
            && gap < earliest
        {
            failures.push(format!(
                "two tokens were first used {gap:?} apart (renewal every {renewal:?})"
            ));
        }
        let most = self.elapsed.as_secs_f64() / earliest.as_secs_f64().max(0.001) + 2.0;
        #[allow(clippy::cast_precision_loss)]
        if self.spartan_tokens as f64 > most {
            failures.push(format!(
                "{} Spartan tokens in {:?}: more than one per expiry",
                self.spartan_tokens, self.elapsed
            ));
        }
        let least = self.elapsed.as_secs_f64() / config.token_lifetime.as_secs_f64() - 1.0;
        #[allow(clippy::cast_precision_loss)]
        if (self.refreshes() as f64) < least.floor() {
            failures.push(format!(
                "{} refreshes in {:?}: tokens expired without a refresh",
                self.refreshes(),
                self.elapsed
            ));
        }
        if self.refresh_grants != 1 || self.user_tokens != 1 {
            failures.push(format!(
                "the long-lived tokens were renewed: {} refresh grants, {} user tokens",
                self.refresh_grants, self.user_tokens
            ));
        }
        match (self.rss_start_kib, self.rss_end_kib) {
            (Some(start), Some(end)) if end > start + config.rss_growth_limit_kib => {
                failures.push(format!(
                    "resident memory grew from {start} KiB to {end} KiB over the steady phase \
                     (limit {} KiB)",
                    config.rss_growth_limit_kib
                ));
            }
            _ => {}
        }
        failures
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kib = |v: Option<u64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v} KiB"));
        writeln!(f, "elapsed          {:.1} s", self.elapsed.as_secs_f64())?;
        writeln!(f, "calls            {}", self.calls)?;
        writeln!(f, "successes        {}", self.successes)?;
        writeln!(f, "typed errors     {}", self.error_count())?;
        for (kind, count) in &self.errors {
            writeln!(f, "  {kind:<48} {count}")?;
        }
        writeln!(f, "unexpected       {}", self.unexpected_count)?;
        writeln!(f, "panics           {}", self.panics)?;
        writeln!(
            f,
            "longest call     {:.2} s",
            self.longest_call.as_secs_f64()
        )?;
        writeln!(
            f,
            "waits            {} for Retry-After, {} before a retry",
            self.retry_after_waits, self.backoff_waits
        )?;
        writeln!(
            f,
            "testkit          {} requests, {} faults applied, {} refused 401",
            self.requests, self.faults_applied, self.unauthorized
        )?;
        writeln!(
            f,
            "refreshes        {} ({} Spartan tokens issued, {} used; shortest gap {})",
            self.refreshes(),
            self.spartan_tokens,
            self.tokens_seen,
            self.shortest_token_gap
                .map_or_else(|| "n/a".to_owned(), |g| format!("{:.2} s", g.as_secs_f64()))
        )?;
        writeln!(
            f,
            "long-lived       {} refresh grants, {} user tokens, {} XSTS tokens",
            self.refresh_grants, self.user_tokens, self.xsts_tokens
        )?;
        write!(
            f,
            "RSS              {} at the steady phase's start, {} at its end",
            kib(self.rss_start_kib),
            kib(self.rss_end_kib)
        )
    }
}

/// Runs the soak: a testkit, a provider signed in through its auth chain, the callers.
pub async fn run(config: SoakConfig) -> Result<Report, String> {
    let lifetime = config.token_lifetime;
    let server = TestServer::builder()
        .spartan_token_lifetime(lifetime)
        .history_matches(HISTORY)
        .faults(fault_plan(config.seed))
        .faults_from_env(false)
        .record_limit(0)
        .build()
        .start()
        .await
        .map_err(|e| format!("testkit: {e}"))?;
    let provider = halo_auth::TokenProvider::new(
        halo_auth::AuthConfig::new(
            halo_auth::OAuthConfig::new(
                halo_testkit::DEFAULT_CLIENT_ID,
                halo_testkit::DEFAULT_REDIRECT_URI,
            )
            .with_client_secret(halo_testkit::DEFAULT_CLIENT_SECRET),
        )
        .with_endpoints(halo_auth::Endpoints::with_root(server.base_url()))
        .with_refresh_margin(config.refresh_margin)
        .with_store(halo_auth::MemoryStore::with_tokens(
            halo_auth::StoredTokens::from_refresh_token(server.mint_refresh_token()),
        )),
    )
    .map_err(|e| format!("provider: {e}"))?;
    let counted = Counted::new(provider);
    let seen = Arc::clone(&counted.seen);
    let waits = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    let counted_waits = Arc::clone(&waits);
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .on_wait(WaitHook::new(move |wait| {
            let slot = match wait.reason {
                WaitReason::RetryAfter => 0,
                _ => 1,
            };
            counted_waits[slot].fetch_add(1, Ordering::Relaxed);
        }))
        .rate_limit(RateLimit::Off)
        .retry(
            PolicyOverride::new()
                .delay_scale(0.01)
                .timeout(ATTEMPT_TIMEOUT),
        )
        .deadline(CALL_DEADLINE)
        .tokens(counted)
        .build()
        .map_err(|e| format!("client: {e}"))?;

    let tally = Arc::new(Mutex::new(Report::default()));
    let started = Instant::now();
    let stop = started + config.duration;
    let mut callers = Vec::with_capacity(config.callers);
    for index in 0..config.callers {
        let client = client.clone();
        let tally = Arc::clone(&tally);
        let seed = config.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        callers.push(tokio::spawn(caller(client, seed, stop, tally)));
    }
    // The steady phase starts after the warm-up (connections open, tokens cached, pools and
    // allocator arenas grown) and ends when the callers stop.
    tokio::time::sleep(config.warm_up).await;
    let rss_start = rss_kib();
    let joined = tokio::time::timeout(config.duration + HANG_MARGIN, async {
        let mut panics = 0;
        for handle in callers {
            if let Err(error) = handle.await
                && error.is_panic()
            {
                panics += 1;
            }
        }
        panics
    })
    .await;
    let rss_end = rss_kib();
    let elapsed = started.elapsed();

    let mut report = std::mem::take(&mut *tally.lock().unwrap_or_else(PoisonError::into_inner));
    match joined {
        Ok(panics) => report.panics = panics,
        Err(_) => report.hung = true,
    }
    report.elapsed = elapsed.min(config.duration + HANG_MARGIN);
    report.retry_after_waits = waits[0].load(Ordering::Relaxed);
    report.backoff_waits = waits[1].load(Ordering::Relaxed);
    report.rss_start_kib = rss_start;
    report.rss_end_kib = rss_end;
    let stats = server.stats();
    report.requests = stats.requests;
    report.faults_applied = stats.faults_applied;
    report.unauthorized = stats.unauthorized;
    report.spartan_tokens = stats.spartan_tokens;
    report.refresh_grants = stats.refresh_grants;
    report.user_tokens = stats.user_tokens;
    report.xsts_tokens = stats.xsts_tokens;
    let seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
    report.tokens_seen = seen.first_use.len();
    report.shortest_token_gap = seen
        .first_use
        .windows(2)
        .map(|pair| pair[1].duration_since(pair[0]))
        .min();
    Ok(report)
}

/// One caller: typed calls, chosen by a seeded generator, until `stop`.
async fn caller(client: Client, mut seed: u64, stop: Instant, tally: Arc<Mutex<Report>>) {
    let slayer: Option<MatchId> = SLAYER.parse().ok();
    let xuid = Xuid(DEFAULT_XUID);
    while Instant::now() < stop {
        let started = Instant::now();
        let pick = next(&mut seed) % ENDPOINTS.len() as u64;
        let endpoint = ENDPOINTS[usize::try_from(pick).unwrap_or(0)];
        let outcome: Result<Result<(), String>, Error> = match (pick, slayer) {
            (0, Some(id)) => client.stats().match_stats(id).await.map(|stats| {
                let scores: Vec<(i64, i64)> =
                    stats.teams.iter().map(|t| (t.team_id, t.score())).collect();
                expect(
                    scores == [(0, 31), (1, 50)] && stats.human_players().count() == 8,
                    || format!("slayer match: scores {scores:?}"),
                )
            }),
            (1, _) => client.stats().match_count(xuid).await.map(|count| {
                expect(
                    count.matchmade_matches_played_count == HISTORY as i64
                        && count.matches_played_count == HISTORY as i64 + 5,
                    || {
                        format!(
                            "match count: {} matchmade of {}",
                            count.matchmade_matches_played_count, count.matches_played_count
                        )
                    },
                )
            }),
            (2, _) => client.stats().service_record(xuid).await.map(|record| {
                expect(record.matches_completed == HISTORY as i64, || {
                    format!("service record: {} matches", record.matches_completed)
                })
            }),
            _ => client.profile().user(xuid).await.map(|user| {
                expect(
                    user.gamertag == DEFAULT_GAMERTAG && user.xuid == xuid,
                    || format!("profile: {:?} {:?}", user.gamertag, user.xuid),
                )
            }),
        };
        let took = started.elapsed();
        let mut report = tally.lock().unwrap_or_else(PoisonError::into_inner);
        report.calls += 1;
        report.longest_call = report.longest_call.max(took);
        let verdict = match outcome {
            Ok(Ok(())) => {
                report.successes += 1;
                continue;
            }
            Ok(Err(wrong)) => Err(wrong),
            Err(error) => classify(&error, endpoint),
        };
        let verdict = if took > CALL_DEADLINE + Duration::from_secs(2) {
            Err(format!(
                "{endpoint}: a call took {took:?}, past its deadline"
            ))
        } else {
            verdict
        };
        match verdict {
            Ok(kind) => *report.errors.entry(kind).or_insert(0) += 1,
            Err(why) => {
                report.unexpected_count += 1;
                if report.unexpected.len() < 20 {
                    report.unexpected.push(why);
                }
            }
        }
    }
}

fn expect(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

/// The error's kind as counted, or why it is not an outcome the fault plan can cause after
/// the endpoint's retry policy.
fn classify(error: &Error, endpoint: &str) -> Result<String, String> {
    let max_attempts = Route::by_id(endpoint).map_or(1, |route| route.retry.max_retries + 1);
    match error.kind() {
        // Malformed JSON in a 200: decoded once, never retried.
        ErrorKind::Decode { .. } => Ok("decode (malformed body, not retried)".to_owned()),
        ErrorKind::RetriesExhausted { attempts, .. } => {
            let last = fault_kind(error.last_attempt())
                .ok_or_else(|| format!("{endpoint}: retries exhausted after {error}"))?;
            // 429s with Retry-After are waited out without spending a retry; connection
            // failures get at most 2 retries.
            if *attempts < 2 || *attempts > max_attempts + 4 {
                return Err(format!(
                    "{endpoint}: {attempts} attempts, policy allows {max_attempts}: {error}"
                ));
            }
            Ok(format!("retries exhausted: {last}"))
        }
        ErrorKind::DeadlineExceeded { .. } => Ok("deadline exceeded".to_owned()),
        ErrorKind::RateLimited { .. } => Ok("rate limited".to_owned()),
        // The first attempt's fault returned as is: the retry budget was spent.
        _ => fault_kind(error)
            .map(|kind| format!("{kind} (not retried)"))
            .ok_or_else(|| format!("{endpoint}: {error}")),
    }
}

/// The name of an attempt's error when it is one a fault of the plan causes.
fn fault_kind(error: &Error) -> Option<String> {
    match error.kind() {
        ErrorKind::Status { status, .. } if matches!(status.as_u16(), 429 | 503) => {
            Some(format!("status {}", status.as_u16()))
        }
        ErrorKind::Connect { reason, .. } => Some(format!("connect ({reason})")),
        ErrorKind::Timeout { .. } => Some("timeout".to_owned()),
        ErrorKind::Body { .. } => Some("body (truncated)".to_owned()),
        _ => None,
    }
}

/// xorshift64*: the callers' endpoint choice, reproducible from the seed.
fn next(state: &mut u64) -> u64 {
    let mut x = *state | 1;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 8
}

/// Resident memory from `/proc/self/status` (`VmRSS`), in KiB; `None` elsewhere.
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Spartan tokens in the order the client first used them.
#[derive(Default)]
struct Seen {
    known: HashSet<Vec<u8>>,
    first_use: Vec<Instant>,
}

/// halo-auth's provider, noting each Spartan token it hands out.
struct Counted {
    provider: halo_auth::TokenProvider,
    seen: Arc<Mutex<Seen>>,
}

impl Counted {
    fn new(provider: halo_auth::TokenProvider) -> Self {
        Self {
            provider,
            seen: Arc::default(),
        }
    }

    fn note(&self, tokens: &Tokens) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen
            .known
            .insert(tokens.spartan_header().as_bytes().to_vec())
        {
            seen.first_use.push(Instant::now());
        }
    }
}

impl TokenSource for Counted {
    fn tokens(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let tokens = TokenSource::tokens(&self.provider).await?;
            self.note(&tokens);
            Ok(tokens)
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a> {
        Box::pin(async move {
            let tokens = TokenSource::refresh(&self.provider, rejected).await?;
            self.note(&tokens);
            Ok(tokens)
        })
    }
}
