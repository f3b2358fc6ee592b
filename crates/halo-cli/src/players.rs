//! The PLAYER argument of `halo history` and `halo player`: a gamertag or an XUID (bare
//! 16 digits or `xuid(N)`), resolved through the profile service; none means the signed-in
//! player (`/users/me`).

use halo_client::{Client, PlayerRef};
use serde::Serialize;

use crate::error::CliError;

/// A player the profile service knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Identity {
    /// The XUID.
    pub(crate) xuid: u64,
    /// The gamertag.
    pub(crate) gamertag: String,
}

impl Identity {
    /// `gamertag (xuid N)`.
    pub(crate) fn label(&self) -> String {
        format!("{} (xuid {})", self.gamertag, self.xuid)
    }
}

/// Parses a PLAYER argument, with a clear message.
pub(crate) fn parse(text: &str) -> Result<PlayerRef, CliError> {
    text.parse::<PlayerRef>().map_err(|e| {
        CliError::Invalid(format!(
            "{e} (a player is a gamertag, a 16-digit XUID or xuid(N))"
        ))
    })
}

/// The player named by `arg`, or the signed-in player when there is none.
pub(crate) async fn resolve(client: &Client, arg: Option<&str>) -> Result<Identity, CliError> {
    let profile = client.profile();
    let (user, asked) = match arg {
        None => (profile.me().await, "the signed-in player".to_owned()),
        Some(text) => {
            let player = parse(text)?;
            let asked = match &player {
                PlayerRef::Xuid(xuid) => format!("xuid {xuid}"),
                PlayerRef::Gamertag(gamertag) => format!("gamertag `{gamertag}`"),
            };
            (profile.user(player).await, asked)
        }
    };
    let user = user.map_err(|e| {
        if e.is_not_found() {
            CliError::Other(format!("no player with {asked}"))
        } else {
            CliError::Api(e)
        }
    })?;
    Ok(Identity {
        xuid: user.xuid.0,
        gamertag: user.gamertag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn players_parse_or_explain() {
        assert_eq!(
            parse("2535445291321133").unwrap(),
            PlayerRef::from(2_535_445_291_321_133)
        );
        assert_eq!(
            parse("aCurtis X89").unwrap(),
            PlayerRef::Gamertag("aCurtis X89".to_owned())
        );
        let e = parse("a/b").unwrap_err().to_string();
        assert_eq!(
            e,
            "`a/b` is not a valid gamertag (a player is a gamertag, a 16-digit XUID or xuid(N))"
        );
    }
}
