//! Where the auth layer gets its tokens: the [`TokenSource`] trait, the [`Tokens`] it yields,
//! and [`StaticTokens`] for tokens the user already has.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::HeaderValue;

use crate::Error;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Tokens, Error>> + Send + 'a>>;

/// The future of [`TokenSource::xbox_live`].
pub type XboxLiveFuture<'a> =
    Pin<Box<dyn Future<Output = Result<XboxLiveAuth, Error>> + Send + 'a>>;

/// The `Authorization` header of Xbox Live requests, `XBL3.0 x=<uhs>;<token>`, from an XSTS
/// token for the relying party `http://xboxlive.com`. `Debug` never shows it; the header value
/// is marked sensitive.
#[derive(Clone, PartialEq, Eq)]
pub struct XboxLiveAuth {
    header: HeaderValue,
}

impl XboxLiveAuth {
    /// The relying party whose XSTS token Xbox Live APIs take.
    pub const RELYING_PARTY: &'static str = "http://xboxlive.com";

    /// From the header's text (`XBL3.0 x=<uhs>;<token>`); an auth error when it has another
    /// form or cannot be a header.
    pub fn new(header: &str) -> Result<Self, Error> {
        let header = header.trim();
        let well_formed = header
            .strip_prefix("XBL3.0 x=")
            .and_then(|rest| rest.split_once(';'))
            .is_some_and(|(uhs, token)| !uhs.is_empty() && !token.is_empty());
        if !well_formed {
            return Err(Error::auth(
                "an Xbox Live authorization must read `XBL3.0 x=<user hash>;<XSTS token>`",
            ));
        }
        Ok(Self {
            header: sensitive(header, "Xbox Live authorization")?,
        })
    }

    /// The `Authorization` header value.
    pub fn header(&self) -> &HeaderValue {
        &self.header
    }
}

impl fmt::Debug for XboxLiveAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("XboxLiveAuth(<redacted>)")
    }
}

/// The headers of an authenticated Halo request: the Spartan token and, when known, the
/// clearance (flight configuration id). `Debug` never shows them; the header values are marked
/// sensitive.
///
/// Cheap to clone: one reference count for both values (the auth layer takes a copy on every
/// request, from every core).
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    headers: Arc<TokenHeaders>,
}

#[derive(PartialEq, Eq)]
struct TokenHeaders {
    spartan: HeaderValue,
    clearance: Option<HeaderValue>,
}

impl Tokens {
    /// Tokens from their text. Fails (auth error) when a value cannot be an HTTP header.
    pub fn new(spartan: &str, clearance: Option<&str>) -> Result<Self, Error> {
        let headers = TokenHeaders {
            spartan: sensitive(spartan, "Spartan token")?,
            clearance: clearance
                .map(|value| sensitive(value, "clearance"))
                .transpose()?,
        };
        Ok(Self {
            headers: Arc::new(headers),
        })
    }

    /// The `x-343-authorization-spartan` header value.
    pub fn spartan_header(&self) -> &HeaderValue {
        &self.headers.spartan
    }

    /// The `343-clearance` header value, when a clearance is known.
    pub fn clearance_header(&self) -> Option<&HeaderValue> {
        self.headers.clearance.as_ref()
    }
}

fn sensitive(value: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value.trim()).map_err(|_| {
        Error::auth(format!(
            "the {what} contains characters not allowed in a header"
        ))
    })?;
    if header.is_empty() {
        return Err(Error::auth(format!("the {what} is empty")));
    }
    header.set_sensitive(true);
    Ok(header)
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("spartan", &"<redacted>")
            .field(
                "clearance",
                &self.headers.clearance.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A source of Halo tokens for the auth layer.
///
/// `tokens` is called before every attempt, so it should be cheap (a cache) and refresh
/// shortly before expiry by itself. `refresh` is given the tokens the server refused; the auth
/// layer calls it once per refused token per client (single-flight), and a source shared by
/// several clients should refresh only while `rejected` is still its current token, so that
/// one refused token causes one refresh however many clients saw it refused (halo-auth's
/// `TokenProvider` does: `refresh_rejected`).
pub trait TokenSource: Send + Sync + 'static {
    /// The current tokens.
    fn tokens(&self) -> TokenFuture<'_>;
    /// New tokens, because the server refused `rejected`. When the source's current tokens
    /// already differ from `rejected` (someone else refreshed meanwhile), return those.
    fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a>;
    /// The current tokens when they are at hand without waiting (a cache hit); `None` (the
    /// default) makes the auth layer await [`TokenSource::tokens`].
    fn cached(&self) -> Option<Tokens> {
        None
    }

    /// Whether the source can give an Xbox Live authorization at all ([`Client::resolve`]
    /// asks Xbox Live only then). Default `false`.
    ///
    /// [`Client::resolve`]: crate::Client::resolve
    fn has_xbox_live(&self) -> bool {
        false
    }

    /// The Xbox Live authorization (an XSTS token for [`XboxLiveAuth::RELYING_PARTY`]), sent
    /// by the auth layer on Xbox Live routes. The default is an auth error saying the source
    /// has none (halo-auth's `TokenProvider` has one; [`StaticTokens::with_xbox_live`] too).
    fn xbox_live(&self) -> XboxLiveFuture<'_> {
        Box::pin(async {
            Err(Error::auth(
                "this token source has no Xbox Live token (sign in with halo-auth, or give \
                 StaticTokens an XBL3.0 authorization)",
            ))
        })
    }
}

/// A cheap-to-clone, shared [`TokenSource`]; any source converts into it.
#[derive(Clone)]
pub struct SharedTokenSource(pub(crate) Arc<dyn TokenSource>);

impl SharedTokenSource {
    /// Share `source`.
    pub fn new(source: impl TokenSource) -> Self {
        Self(Arc::new(source))
    }
}

impl<T: TokenSource> From<T> for SharedTokenSource {
    fn from(source: T) -> Self {
        Self::new(source)
    }
}

impl fmt::Debug for SharedTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedTokenSource(..)")
    }
}

/// Tokens the user already has (copied from a browser session, say). They cannot be
/// refreshed: a 401 surfaces as an auth error.
#[derive(Clone, Debug)]
pub struct StaticTokens {
    tokens: Tokens,
    xbox_live: Option<XboxLiveAuth>,
}

impl StaticTokens {
    /// Static tokens from a Spartan token and an optional clearance.
    pub fn new(spartan: &str, clearance: Option<&str>) -> Result<Self, Error> {
        Ok(Self {
            tokens: Tokens::new(spartan, clearance)?,
            xbox_live: None,
        })
    }

    /// With an Xbox Live authorization (`XBL3.0 x=<uhs>;<token>`) for the Xbox Live routes.
    pub fn with_xbox_live(mut self, header: &str) -> Result<Self, Error> {
        self.xbox_live = Some(XboxLiveAuth::new(header)?);
        Ok(self)
    }
}

impl TokenSource for StaticTokens {
    fn tokens(&self) -> TokenFuture<'_> {
        let tokens = self.tokens.clone();
        Box::pin(async move { Ok(tokens) })
    }

    fn cached(&self) -> Option<Tokens> {
        Some(self.tokens.clone())
    }

    fn refresh<'a>(&'a self, _rejected: &'a Tokens) -> TokenFuture<'a> {
        Box::pin(async {
            Err(Error::auth(
                "the server refused the static Spartan token and static tokens cannot be refreshed",
            ))
        })
    }

    fn has_xbox_live(&self) -> bool {
        self.xbox_live.is_some()
    }

    fn xbox_live(&self) -> XboxLiveFuture<'_> {
        let auth = self.xbox_live.clone();
        Box::pin(async move {
            auth.ok_or_else(|| {
                Error::auth(
                    "these static tokens have no Xbox Live authorization \
                     (StaticTokens::with_xbox_live)",
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted_and_sensitive() {
        let tokens = Tokens::new("v4=secret-spartan", Some("clearance-id")).unwrap();
        let debug = format!("{tokens:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(!debug.contains("clearance-id"), "{debug}");
        assert!(tokens.spartan_header().is_sensitive());
        assert_eq!(
            tokens.spartan_header().to_str().unwrap(),
            "v4=secret-spartan"
        );
        assert!(Tokens::new("bad\nvalue", None).is_err());
        let xbl = XboxLiveAuth::new("XBL3.0 x=123;secret-xsts").unwrap();
        assert!(xbl.header().is_sensitive());
        assert!(!format!("{xbl:?}").contains("secret"));
        assert!(XboxLiveAuth::new("Bearer abc").is_err());
        assert!(XboxLiveAuth::new("XBL3.0 x=;token").is_err());
        assert!(Tokens::new(" ", None).is_err());
    }
}
