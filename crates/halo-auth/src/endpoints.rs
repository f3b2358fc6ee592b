//! [`Endpoints`]: where each auth host lives (production, or everything under one test root).

/// The OAuth2 host.
pub const LOGIN_HOST: &str = "login.live.com";
/// The Xbox user token host.
pub const USER_HOST: &str = "user.auth.xboxlive.com";
/// The XSTS host.
pub const XSTS_HOST: &str = "xsts.auth.xboxlive.com";
/// The Halo settings host (Spartan token, clearance).
pub const SETTINGS_HOST: &str = "settings.svc.halowaypoint.com";

/// The base URL of every host the chain talks to.
///
/// In production host `H` is `https://H`; with [`Endpoints::with_root`] it is `{root}/H`, so one
/// loopback server (halo-testkit) can play every service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    root: Option<String>,
}

impl Endpoints {
    /// The real services.
    pub fn production() -> Self {
        Self { root: None }
    }

    /// Every host `H` reached as `{root}/H` (e.g. `http://127.0.0.1:PORT/login.live.com`).
    pub fn with_root(root: impl Into<String>) -> Self {
        let root = root.into().trim_end_matches('/').to_owned();
        Self { root: Some(root) }
    }

    /// The root URL, when one is set.
    pub fn root(&self) -> Option<&str> {
        self.root.as_deref()
    }

    /// The base URL of `host`, without a trailing slash.
    pub fn base(&self, host: &str) -> String {
        match &self.root {
            Some(root) => format!("{root}/{host}"),
            None => format!("https://{host}"),
        }
    }

    /// The URL of `path` (starting with `/`) on `host`.
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("{}{path}", self.base(host))
    }
}

impl Default for Endpoints {
    fn default() -> Self {
        Self::production()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_and_root_urls() {
        let prod = Endpoints::production();
        assert_eq!(
            prod.url(LOGIN_HOST, "/oauth20_token.srf"),
            "https://login.live.com/oauth20_token.srf"
        );
        let test = Endpoints::with_root("http://127.0.0.1:4000/");
        assert_eq!(
            test.url(XSTS_HOST, "/xsts/authorize"),
            "http://127.0.0.1:4000/xsts.auth.xboxlive.com/xsts/authorize"
        );
        assert_eq!(test.root(), Some("http://127.0.0.1:4000"));
    }
}
