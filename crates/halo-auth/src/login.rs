//! The first login: the authorization URL, then the code, caught on a loopback listener or
//! taken from what the user pastes.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::error::{Error, ErrorKind};
use crate::secret::Secret;

/// An authorization code with the redirect URI it was issued for (the exchange must repeat it).
#[derive(Debug, Clone)]
pub struct AuthorizationCode {
    pub(crate) code: Secret,
    pub(crate) redirect_uri: String,
}

impl AuthorizationCode {
    /// A code obtained some other way, with the redirect URI used in the authorization request.
    pub fn new(code: impl Into<Secret>, redirect_uri: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            redirect_uri: redirect_uri.into(),
        }
    }

    /// The redirect URI.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }
}

/// A first login in progress: show [`PendingLogin::authorization_url`] to the user, then get the
/// code with [`PendingLogin::wait_for_code`] (loopback redirect URIs) or
/// [`PendingLogin::code_from_input`] (anything pasted), and pass it to
/// [`TokenProvider::complete_login`](crate::TokenProvider::complete_login).
#[derive(Debug)]
pub struct PendingLogin {
    url: String,
    state: String,
    redirect_uri: String,
    redirect_path: String,
    listener: Option<TcpListener>,
}

/// The parts of a loopback redirect URI.
pub(crate) struct Loopback {
    pub(crate) port: u16,
    pub(crate) path: String,
}

/// `Some` when `redirect_uri` is `http://localhost[:PORT]/...` or `http://127.0.0.1[:PORT]/...`.
pub(crate) fn loopback(redirect_uri: &str) -> Option<Loopback> {
    let uri: http::Uri = redirect_uri.parse().ok()?;
    if uri.scheme_str() != Some("http") {
        return None;
    }
    if !matches!(uri.host(), Some("localhost" | "127.0.0.1")) {
        return None;
    }
    Some(Loopback {
        port: uri.port_u16().unwrap_or(80),
        path: uri.path().to_owned(),
    })
}

/// A random `state` value (CSRF protection).
pub(crate) fn random_state() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| {
        Error::new(ErrorKind::InvalidConfig {
            reason: "the operating system's random number generator failed",
        })
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What a redirect carried.
enum RedirectOutcome {
    Code(Secret),
    Denied(String),
}

fn parse_query(query: &str, expected_state: &str) -> Result<RedirectOutcome, Error> {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "code" => code = Some(Secret::new(v.into_owned())),
            "state" => state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(error) = error {
        let error = crate::wire::oauth_error_kind(crate::error::Step::CodeExchange, &error);
        let code = match error {
            ErrorKind::OAuth { error, .. } => error,
            ErrorKind::InvalidClient { .. } => "invalid_client".to_owned(),
            _ => "invalid_grant".to_owned(),
        };
        return Ok(RedirectOutcome::Denied(code));
    }
    if state.is_some_and(|s| s != expected_state) {
        return Err(Error::new(ErrorKind::Redirect {
            reason: "its state does not match this login (an old or forged redirect)",
        }));
    }
    match code {
        Some(code) if !code.is_empty() => Ok(RedirectOutcome::Code(code)),
        _ => Err(Error::new(ErrorKind::Redirect {
            reason: "it carries no `code` parameter",
        })),
    }
}

impl PendingLogin {
    /// Prepares a login: for a loopback redirect URI the listener is bound now (port 0 picks a
    /// free port and the redirect URI is rewritten to it).
    pub(crate) async fn start(
        redirect_uri: &str,
        make_url: impl FnOnce(&str, &str) -> String,
    ) -> Result<Self, Error> {
        let state = random_state()?;
        let (listener, redirect_uri, redirect_path) = match loopback(redirect_uri) {
            Some(lb) => {
                let listener = TcpListener::bind(("127.0.0.1", lb.port)).await.map_err(|e| {
                    Error::with_source(
                        ErrorKind::Redirect {
                            reason: "the loopback listener could not bind the redirect URI's port",
                        },
                        e,
                    )
                })?;
                let uri = if lb.port == 0 {
                    let port = listener
                        .local_addr()
                        .map_err(|e| {
                            Error::with_source(
                                ErrorKind::Redirect {
                                    reason: "the loopback listener has no address",
                                },
                                e,
                            )
                        })?
                        .port();
                    redirect_uri.replacen(":0", &format!(":{port}"), 1)
                } else {
                    redirect_uri.to_owned()
                };
                (Some(listener), uri, lb.path)
            }
            None => (None, redirect_uri.to_owned(), String::new()),
        };
        let url = make_url(&redirect_uri, &state);
        Ok(Self {
            url,
            state,
            redirect_uri,
            redirect_path,
            listener,
        })
    }

    /// The URL the user opens in a browser.
    pub fn authorization_url(&self) -> &str {
        &self.url
    }

    /// The redirect URI sent in the authorization request (with the real port when the
    /// configured one was 0).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// True when a loopback listener waits for the redirect ([`PendingLogin::wait_for_code`]).
    pub fn has_listener(&self) -> bool {
        self.listener.is_some()
    }

    /// Takes the code from what the user pasted: the whole redirect URL (its `state` is checked)
    /// or the bare code.
    pub fn code_from_input(&self, input: &str) -> Result<AuthorizationCode, Error> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Error::new(ErrorKind::Redirect {
                reason: "the input is empty",
            }));
        }
        let outcome = match input.split_once('?') {
            Some((_, query)) => {
                let query = query.split('#').next().unwrap_or_default();
                parse_query(query, &self.state)?
            }
            None if input.contains("code=") => parse_query(input, &self.state)?,
            None if input.contains(char::is_whitespace) || input.contains('/') => {
                return Err(Error::new(ErrorKind::Redirect {
                    reason: "the input is neither a redirect URL nor a code",
                }));
            }
            None => RedirectOutcome::Code(Secret::new(input)),
        };
        self.finish(outcome)
    }

    fn finish(&self, outcome: RedirectOutcome) -> Result<AuthorizationCode, Error> {
        match outcome {
            RedirectOutcome::Code(code) => Ok(AuthorizationCode {
                code,
                redirect_uri: self.redirect_uri.clone(),
            }),
            RedirectOutcome::Denied(error) => {
                Err(Error::new(ErrorKind::AuthorizationDenied { error }))
            }
        }
    }

    /// Waits (at most `timeout`) for the browser to be redirected to the loopback listener, and
    /// answers it with a short page. Requests to other paths (a favicon) get a 404 and are ignored.
    pub async fn wait_for_code(self, timeout: Duration) -> Result<AuthorizationCode, Error> {
        let Some(listener) = &self.listener else {
            return Err(Error::new(ErrorKind::InvalidConfig {
                reason: "the redirect URI is not a loopback URL; use code_from_input with what the user pastes",
            }));
        };
        let outcome = tokio::time::timeout(timeout, async {
            loop {
                let (stream, _) = listener.accept().await.map_err(|e| {
                    Error::with_source(
                        ErrorKind::Redirect {
                            reason: "the loopback listener failed",
                        },
                        e,
                    )
                })?;
                if let Some(outcome) = self.serve(stream).await {
                    return outcome;
                }
            }
        })
        .await
        .map_err(|_| {
            Error::new(ErrorKind::Redirect {
                reason: "no redirect arrived before the timeout",
            })
        })??;
        tracing::debug!("received the sign-in redirect on the loopback listener");
        self.finish(outcome)
    }

    /// Serves one connection; `None` when it was not the redirect.
    async fn serve(&self, mut stream: TcpStream) -> Option<Result<RedirectOutcome, Error>> {
        let mut head = Vec::with_capacity(1024);
        let mut buf = [0u8; 1024];
        // A browser may open a connection it never uses (preconnect): give up on it quickly.
        let read_head = async {
            while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
        };
        if tokio::time::timeout(Duration::from_secs(3), read_head)
            .await
            .is_err()
        {
            return None;
        }
        let head = String::from_utf8_lossy(&head);
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .unwrap_or_default();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let expected = if self.redirect_path.is_empty() {
            "/"
        } else {
            &self.redirect_path
        };
        if path != expected {
            respond(&mut stream, "404 Not Found", "Not found.").await;
            return None;
        }
        let outcome = parse_query(query, &self.state);
        let (status, text) = match &outcome {
            Ok(RedirectOutcome::Code(_)) => (
                "200 OK",
                "Signed in. You can close this window and return to the application.",
            ),
            Ok(RedirectOutcome::Denied(_)) => (
                "200 OK",
                "Sign-in was refused. Return to the application for details.",
            ),
            Err(_) => (
                "400 Bad Request",
                "This redirect could not be used. Return to the application for details.",
            ),
        };
        respond(&mut stream, status, text).await;
        Some(outcome)
    }
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><html><head><title>halo-auth</title></head><body><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pending(redirect: &str) -> PendingLogin {
        PendingLogin::start(redirect, |r, s| format!("auth?redirect_uri={r}&state={s}"))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn pasted_url_or_bare_code() {
        let login = pending("https://login.live.com/oauth20_desktop.srf").await;
        assert!(!login.has_listener());
        let state = login.state.clone();
        let code = login
            .code_from_input(&format!(
                "https://login.live.com/oauth20_desktop.srf?code=M.C1_abc&state={state}"
            ))
            .unwrap();
        assert_eq!(code.code.expose(), "M.C1_abc");
        assert_eq!(
            code.redirect_uri(),
            "https://login.live.com/oauth20_desktop.srf"
        );
        let code = login.code_from_input("  M.C1_bare \n").unwrap();
        assert_eq!(code.code.expose(), "M.C1_bare");
        let err = login
            .code_from_input("https://x/cb?code=abc&state=wrong")
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Redirect { .. }));
        assert!(!err.to_string().contains("abc"));
        let err = login
            .code_from_input("https://x/cb?error=access_denied&error_description=no")
            .unwrap_err();
        assert_eq!(
            err.into_kind(),
            ErrorKind::AuthorizationDenied {
                error: "access_denied".into()
            }
        );
        assert!(login.code_from_input("https://x/cb?foo=1").is_err());
        assert!(login.code_from_input("two words").is_err());
    }

    #[tokio::test]
    async fn loopback_listener_catches_the_redirect() {
        let login = pending("http://localhost:0/callback").await;
        assert!(login.has_listener());
        let redirect = login.redirect_uri().to_owned();
        assert!(!redirect.contains(":0/"));
        assert!(login.authorization_url().contains(&redirect));
        let port: u16 = redirect
            .trim_start_matches("http://localhost:")
            .trim_end_matches("/callback")
            .parse()
            .unwrap();
        let state = login.state.clone();
        let browser = tokio::spawn(async move {
            // An idle preconnected socket first: it must not block the real redirect for long.
            let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            let mut favicon = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            favicon
                .write_all(b"GET /favicon.ico HTTP/1.1\r\nhost: localhost\r\n\r\n")
                .await
                .unwrap();
            let mut answer = String::new();
            favicon.read_to_string(&mut answer).await.unwrap();
            assert!(answer.starts_with("HTTP/1.1 404"));
            let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            let req = format!(
                "GET /callback?code=M.C1_loop&state={state} HTTP/1.1\r\nhost: localhost\r\n\r\n"
            );
            s.write_all(req.as_bytes()).await.unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).await.unwrap();
            answer
        });
        let code = login.wait_for_code(Duration::from_secs(10)).await.unwrap();
        assert_eq!(code.code.expose(), "M.C1_loop");
        assert_eq!(code.redirect_uri(), redirect);
        let answer = browser.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK"));
        assert!(answer.contains("Signed in"));
    }

    #[tokio::test(start_paused = true)]
    async fn loopback_times_out() {
        let login = pending("http://127.0.0.1:0/").await;
        let err = login
            .wait_for_code(Duration::from_secs(300))
            .await
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Redirect { .. }));
    }

    #[test]
    fn recognizes_loopback_uris() {
        assert_eq!(loopback("http://localhost:8080/cb").unwrap().port, 8080);
        assert_eq!(loopback("http://127.0.0.1/").unwrap().path, "/");
        assert!(loopback("https://localhost:8080/cb").is_none());
        assert!(loopback("https://login.live.com/oauth20_desktop.srf").is_none());
    }
}
