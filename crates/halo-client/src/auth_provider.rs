//! halo-auth's [`TokenProvider`] as a [`TokenSource`] (feature `auth`): the provider caches
//! and refreshes before expiry by itself; a 401 makes the auth layer ask for a refresh of the
//! refused token, which the provider performs only while that token is still its current one
//! (`refresh_rejected`), so clients sharing one provider refresh once per refused token.

use std::time::SystemTime;

use halo_auth::{HaloTokens, TokenProvider};

use crate::Error;
use crate::token::{TokenFuture, TokenSource, Tokens, XboxLiveAuth, XboxLiveFuture};

fn convert(result: Result<HaloTokens, halo_auth::Error>) -> Result<Tokens, Error> {
    let tokens = result
        .map_err(|error| Error::auth("halo-auth could not provide tokens").with_source(error))?;
    Tokens::new(
        tokens.spartan.expose(),
        tokens.clearance.as_ref().map(halo_auth::Secret::expose),
    )
}

impl TokenSource for TokenProvider {
    fn tokens(&self) -> TokenFuture<'_> {
        Box::pin(async move { convert(self.halo_tokens().await) })
    }

    fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a> {
        Box::pin(async move {
            // `refresh_rejected` compares only the Spartan token.
            let spartan = rejected
                .spartan_header()
                .to_str()
                .map_err(|_| Error::auth("the refused Spartan token is not valid header text"))?;
            let rejected = HaloTokens::new(spartan, None, 0, SystemTime::UNIX_EPOCH);
            convert(self.refresh_rejected(&rejected).await)
        })
    }

    fn has_xbox_live(&self) -> bool {
        // A signed-in provider derives XSTS tokens for any relying party; static Halo tokens
        // (`TokenProvider::from_static`) have no Xbox Live chain.
        self.is_signed_in()
    }

    fn xbox_live(&self) -> XboxLiveFuture<'_> {
        Box::pin(async move {
            let header = self
                .xbl_header(XboxLiveAuth::RELYING_PARTY)
                .await
                .map_err(|error| {
                    Error::auth("halo-auth could not provide an Xbox Live token").with_source(error)
                })?;
            XboxLiveAuth::new(header.expose())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn static_provider_tokens_become_headers() {
        let provider = TokenProvider::from_static("v4=spartan-secret", "flight-7");
        let tokens = TokenSource::tokens(&provider).await.unwrap();
        assert_eq!(
            tokens.spartan_header().to_str().unwrap(),
            "v4=spartan-secret"
        );
        assert_eq!(
            tokens.clearance_header().unwrap().to_str().unwrap(),
            "flight-7"
        );
        let error = TokenSource::refresh(&provider, &tokens).await.unwrap_err();
        assert!(matches!(error.kind(), crate::ErrorKind::Auth { .. }));
        assert!(!format!("{error:?}").contains("spartan-secret"));
    }
}
