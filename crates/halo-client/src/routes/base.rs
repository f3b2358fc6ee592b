//! Where hosts are reached: production `https://{host}`, or every host under one root.

use std::fmt;

/// The base URL configuration: one value for every host.
///
/// In production host `H` is `https://H`; with a root (the testkit, a proxy) it is `{root}/H`,
/// e.g. `http://127.0.0.1:8080/halostats.svc.halowaypoint.com`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct BaseUrl {
    root: Option<String>,
}

impl BaseUrl {
    /// Production: every host over HTTPS.
    pub fn production() -> Self {
        Self { root: None }
    }

    /// Every host under `root` (`http://127.0.0.1:PORT`); a trailing slash is ignored.
    pub fn with_root(root: impl Into<String>) -> Self {
        let root = root.into();
        Self {
            root: Some(root.trim_end_matches('/').to_owned()),
        }
    }

    /// The root, when one is set.
    pub fn root(&self) -> Option<&str> {
        self.root.as_deref()
    }

    /// The origin (scheme, authority and, with a root, the host prefix) of `host`.
    pub fn origin(&self, host: &str) -> String {
        let mut origin = String::with_capacity(self.origin_len(host));
        self.push_origin(&mut origin, host);
        origin
    }

    /// The length of [`BaseUrl::origin`].
    pub(crate) fn origin_len(&self, host: &str) -> usize {
        match &self.root {
            Some(root) => root.len() + 1 + host.len(),
            None => "https://".len() + host.len(),
        }
    }

    /// [`BaseUrl::origin`], appended to `out`.
    pub(crate) fn push_origin(&self, out: &mut String, host: &str) {
        match &self.root {
            Some(root) => {
                out.push_str(root);
                out.push('/');
            }
            None => out.push_str("https://"),
        }
        out.push_str(host);
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            Some(root) => write!(f, "BaseUrl({root}/{{host}})"),
            None => f.write_str("BaseUrl(https://{host})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            BaseUrl::production().origin("skill.svc.halowaypoint.com"),
            "https://skill.svc.halowaypoint.com"
        );
        assert_eq!(
            BaseUrl::with_root("http://127.0.0.1:9/").origin("skill.svc.halowaypoint.com"),
            "http://127.0.0.1:9/skill.svc.halowaypoint.com"
        );
    }
}
