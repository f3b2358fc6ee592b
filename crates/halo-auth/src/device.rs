//! Device-code sign-in (RFC 8628, the Microsoft identity platform's device authorization
//! grant) for SSH sessions and machines without a browser: [`DeviceLogin`] says which code to
//! enter where; the token endpoint is then polled every `interval` until the user approves
//! (`authorization_pending` waits, `slow_down` adds 5 seconds to the interval for good), the
//! user declines (`authorization_declined` / `access_denied`: [`ErrorKind::AuthorizationDenied`])
//! or the code expires (`expired_token`, or its lifetime passed:
//! [`ErrorKind::DeviceCodeExpired`]). Every wait goes through tokio time.

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::endpoints::{Endpoints, LOGIN_HOST};
use crate::error::{Error, ErrorKind, Step};
use crate::http::{HttpRequest, Transport};
use crate::oauth::{OAuthConfig, decode_token_body};
use crate::secret::Secret;
use crate::tokens::OAuthTokens;
use crate::wire;

/// The grant type of the token requests.
const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The interval when the service gives none (RFC 8628, 3.2).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// What `slow_down` adds to the interval (RFC 8628, 3.5).
const SLOW_DOWN: Duration = Duration::from_secs(5);

/// A started device sign-in: show [`user_code`](Self::user_code) and
/// [`verification_uri`](Self::verification_uri) to the user, then
/// `TokenProvider::complete_device_login`.
#[derive(Debug, Clone)]
pub struct DeviceLogin {
    user_code: String,
    verification_uri: String,
    interval: Duration,
    lifetime: Duration,
    started: tokio::time::Instant,
    device_code: Secret,
}

impl DeviceLogin {
    /// The code the user enters.
    pub fn user_code(&self) -> &str {
        &self.user_code
    }

    /// Where the user enters it.
    pub fn verification_uri(&self) -> &str {
        &self.verification_uri
    }

    /// How long to wait between polls (as the service asked).
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// How long the code is valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }
}

#[derive(Deserialize)]
struct DeviceBody {
    device_code: String,
    user_code: String,
    verification_uri: String,
    expires_in: u64,
    #[serde(default)]
    interval: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

/// Asks for a device code (`POST login.live.com/oauth20_connect.srf`).
pub(crate) async fn start(
    transport: &dyn Transport,
    config: &OAuthConfig,
    endpoints: &Endpoints,
) -> Result<DeviceLogin, Error> {
    let step = Step::DeviceCode;
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", config.client_id())
        .append_pair("scope", config.scope())
        .append_pair("response_type", "device_code")
        .finish();
    let request = HttpRequest::post_form(endpoints.url(LOGIN_HOST, "/oauth20_connect.srf"), form);
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    wire::check_oauth(step, &response)?;
    let body: DeviceBody = wire::decode(step, &response.body)?;
    Ok(DeviceLogin {
        user_code: body.user_code,
        verification_uri: body.verification_uri,
        interval: body.interval.map_or(DEFAULT_INTERVAL, Duration::from_secs),
        lifetime: Duration::from_secs(body.expires_in),
        started: tokio::time::Instant::now(),
        device_code: Secret::new(body.device_code),
    })
}

/// Polls the token endpoint until the user approves, declines, or the code expires.
pub(crate) async fn poll(
    transport: &dyn Transport,
    config: &OAuthConfig,
    endpoints: &Endpoints,
    login: &DeviceLogin,
    now: impl Fn() -> SystemTime,
) -> Result<OAuthTokens, Error> {
    let step = Step::DeviceCode;
    let deadline = login.started + login.lifetime;
    let mut interval = login.interval;
    loop {
        if tokio::time::Instant::now() + interval >= deadline {
            return Err(Error::new(ErrorKind::DeviceCodeExpired));
        }
        tokio::time::sleep(interval).await;
        let request = config.token_request(
            endpoints,
            &[
                ("grant_type", GRANT),
                ("device_code", login.device_code.expose()),
            ],
        );
        let response = transport
            .send(request)
            .await
            .map_err(|e| e.into_error(step))?;
        if (200..300).contains(&response.status) {
            return decode_token_body(step, &response.body, now());
        }
        let code = serde_json::from_slice::<ErrorBody>(&response.body).map(|b| b.error);
        match code.as_deref() {
            Ok("authorization_pending") => {}
            Ok("slow_down") => interval += SLOW_DOWN,
            Ok("expired_token") => return Err(Error::new(ErrorKind::DeviceCodeExpired)),
            Ok(code @ ("authorization_declined" | "access_denied")) => {
                return Err(Error::new(ErrorKind::AuthorizationDenied {
                    error: code.to_owned(),
                }));
            }
            _ => {
                wire::check_oauth(step, &response)?;
                return Err(Error::new(ErrorKind::Status {
                    step,
                    status: response.status,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use bytes::Bytes;

    use super::*;
    use crate::clock::Clock;
    use crate::http::{HttpResponse, SendFuture};

    /// Answers from a script and records when each request came (on the paused clock).
    #[derive(Clone, Default)]
    struct Script {
        answers: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
        at: Arc<Mutex<Vec<(Duration, String)>>>,
        origin: Arc<Mutex<Option<tokio::time::Instant>>>,
    }

    impl Script {
        fn new(answers: &[(u16, &'static str)]) -> Self {
            let script = Self::default();
            script
                .answers
                .lock()
                .unwrap()
                .extend(answers.iter().copied());
            *script.origin.lock().unwrap() = Some(tokio::time::Instant::now());
            script
        }

        fn requests(&self) -> Vec<(Duration, String)> {
            self.at.lock().unwrap().clone()
        }
    }

    impl Transport for Script {
        fn send(&self, request: HttpRequest) -> SendFuture<'_> {
            let origin = self.origin.lock().unwrap().unwrap();
            let body = request
                .body
                .map(|(_, b)| String::from_utf8(b).unwrap())
                .unwrap_or_default();
            self.at.lock().unwrap().push((origin.elapsed(), body));
            let (status, body) = self.answers.lock().unwrap().pop_front().unwrap();
            Box::pin(async move {
                Ok(HttpResponse {
                    status,
                    body: Bytes::from_static(body.as_bytes()),
                })
            })
        }
    }

    const DEVICE: &str = r#"{"device_code":"dev-secret","user_code":"ABCD-EFGH","verification_uri":"https://www.microsoft.com/link","expires_in":60,"interval":2}"#;
    const PENDING: (u16, &str) = (400, r#"{"error":"authorization_pending"}"#);
    const SLOW: (u16, &str) = (400, r#"{"error":"slow_down"}"#);
    const TOKENS: (u16, &str) = (
        200,
        r#"{"access_token":"at","refresh_token":"rt","expires_in":3600}"#,
    );

    fn config() -> OAuthConfig {
        OAuthConfig::new("client", "http://localhost:0/")
    }

    async fn started(script: &Script) -> DeviceLogin {
        start(script, &config(), &Endpoints::production())
            .await
            .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn pending_then_slow_down_then_tokens() {
        let script = Script::new(&[(200, DEVICE), PENDING, SLOW, PENDING, TOKENS]);
        let login = started(&script).await;
        assert_eq!(login.user_code(), "ABCD-EFGH");
        assert_eq!(login.verification_uri(), "https://www.microsoft.com/link");
        assert_eq!(login.interval(), Duration::from_secs(2));
        assert!(!format!("{login:?}").contains("dev-secret"));
        let tokens = poll(&script, &config(), &Endpoints::production(), &login, || {
            Clock::new().now()
        })
        .await
        .unwrap();
        assert_eq!(tokens.access_token.expose(), "at");
        assert_eq!(
            tokens.refresh_token.as_ref().map(Secret::expose),
            Some("rt")
        );
        let at: Vec<u64> = script.requests().iter().map(|(t, _)| t.as_secs()).collect();
        // The start, then polls 2 s apart until slow_down makes it 7 s.
        assert_eq!(at, [0, 2, 4, 11, 18]);
        let poll_body = &script.requests()[1].1;
        assert!(
            poll_body.starts_with(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dev-secret"
            ),
            "{poll_body}"
        );
        assert!(script.requests()[0].1.contains("response_type=device_code"));
    }

    #[tokio::test(start_paused = true)]
    async fn the_code_expires() {
        // The service says so.
        let script = Script::new(&[
            (200, DEVICE),
            PENDING,
            (400, r#"{"error":"expired_token"}"#),
        ]);
        let login = started(&script).await;
        let error = poll(&script, &config(), &Endpoints::production(), &login, || {
            Clock::new().now()
        })
        .await
        .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::DeviceCodeExpired),
            "{error:?}"
        );
        // Its lifetime (60 s) passes while the user does nothing: 29 polls 2 s apart, then no
        // poll that would end after it.
        let mut answers = vec![(200, DEVICE)];
        answers.extend(std::iter::repeat_n(PENDING, 29));
        let script = Script::new(&answers);
        let login = started(&script).await;
        let error = poll(&script, &config(), &Endpoints::production(), &login, || {
            Clock::new().now()
        })
        .await
        .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::DeviceCodeExpired),
            "{error:?}"
        );
        assert_eq!(script.requests().len(), 30);
        assert_eq!(script.requests().last().unwrap().0.as_secs(), 58);
    }

    #[tokio::test(start_paused = true)]
    async fn the_user_declines() {
        let script = Script::new(&[
            (200, DEVICE),
            (400, r#"{"error":"authorization_declined"}"#),
        ]);
        let login = started(&script).await;
        let error = poll(&script, &config(), &Endpoints::production(), &login, || {
            Clock::new().now()
        })
        .await
        .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::AuthorizationDenied { error } if error == "authorization_declined"),
            "{error:?}"
        );
        let script = Script::new(&[(200, DEVICE), (400, r#"{"error":"invalid_grant"}"#)]);
        let login = started(&script).await;
        let error = poll(&script, &config(), &Endpoints::production(), &login, || {
            Clock::new().now()
        })
        .await
        .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidGrant { .. }),
            "{error:?}"
        );
    }
}
