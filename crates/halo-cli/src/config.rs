//! Where credentials come from: environment variables and the stored login under the
//! configuration directory (`$XDG_CONFIG_HOME/halo` or `~/.config/halo`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// A static Spartan token (copied from a browser session).
pub(crate) const SPARTAN_TOKEN_ENV: &str = "HALO_SPARTAN_TOKEN";
/// The clearance (flight configuration id) sent with a static Spartan token.
pub(crate) const CLEARANCE_ENV: &str = "HALO_CLEARANCE";
/// A root URL under which every host is reached (`http://127.0.0.1:PORT`).
pub(crate) const BASE_URL_ENV: &str = "HALO_BASE_URL";
/// The Azure app's client secret (confidential clients only; never stored).
pub(crate) const CLIENT_SECRET_ENV: &str = "HALO_CLIENT_SECRET";

/// A non-empty environment variable.
pub(crate) fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The configuration directory: `$XDG_CONFIG_HOME/halo`, else `$HOME/.config/halo`.
pub(crate) fn config_dir() -> Option<PathBuf> {
    if let Some(xdg) = env("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(xdg).join("halo"));
    }
    env("HOME").map(|home| PathBuf::from(home).join(".config").join("halo"))
}

/// The token file of the stored login (refresh token and cached tokens, mode 0600).
pub(crate) fn tokens_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("tokens.json"))
}

/// The file that remembers which app the stored login belongs to (no secrets).
pub(crate) fn login_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("login.json"))
}

/// Which Azure app a stored login was made with: needed to refresh it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct LoginSettings {
    /// The Azure app's client id.
    pub(crate) client_id: String,
    /// The redirect URI registered with the app.
    pub(crate) redirect_uri: String,
}

impl LoginSettings {
    /// The stored settings, if a login was made (`None` when there is no file).
    pub(crate) fn load() -> Result<Option<Self>, CliError> {
        let Some(path) = login_path() else {
            return Ok(None);
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(CliError::Read { path, source }),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            CliError::Other(format!(
                "{} is not a valid login file ({e}); run `halo auth logout` and log in again",
                path.display()
            ))
        })
    }
}

impl LoginSettings {
    /// Writes the settings file (creating the configuration directory).
    pub(crate) fn save(&self) -> Result<(), CliError> {
        let path = login_path().ok_or_else(no_home)?;
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
            std::fs::write(&path, text)
        };
        write().map_err(|e| CliError::Other(format!("cannot write {}: {e}", path.display())))
    }

    /// Deletes the settings file, if there is one.
    pub(crate) fn remove() -> Result<(), CliError> {
        let Some(path) = login_path() else {
            return Ok(());
        };
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(CliError::Other(format!(
                "cannot delete {}: {e}",
                path.display()
            ))),
        }
    }
}

/// The error when neither `XDG_CONFIG_HOME` nor `HOME` is set.
pub(crate) fn no_home() -> CliError {
    CliError::Other("cannot find a configuration directory: set XDG_CONFIG_HOME or HOME".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_settings_round_trip() {
        let settings = LoginSettings {
            client_id: "abc".to_owned(),
            redirect_uri: "http://localhost:8400/callback".to_owned(),
        };
        let text = serde_json::to_string(&settings).unwrap();
        assert_eq!(
            text,
            r#"{"client_id":"abc","redirect_uri":"http://localhost:8400/callback"}"#
        );
        assert_eq!(
            serde_json::from_str::<LoginSettings>(&text).unwrap(),
            settings
        );
    }
}
