//! The PLAYER argument of `halo history` and `halo player`: a gamertag or an XUID (bare
//! 16 digits or `xuid(N)`); none means the signed-in player (`/users/me`).

use halo_client::{Client, PlayerRef};
use halo_match::{Identity, Player};

use crate::error::CliError;
use crate::session::Session;

/// Parses a PLAYER argument, with a clear message.
pub(crate) fn parse(text: &str) -> Result<PlayerRef, CliError> {
    text.parse::<PlayerRef>().map_err(|e| {
        CliError::Invalid(format!(
            "{e} (a player is a gamertag, a 16-digit XUID or xuid(N))"
        ))
    })
}

/// The player named by `arg`, or the signed-in player when there is none. A gamertag is
/// resolved to its XUID first (`Client::resolve`: Xbox Live's profile when signed in, else the
/// Halo profile; cached per client); a gamertag nobody has is an error naming it.
pub(crate) async fn player(client: &Client, arg: Option<&str>) -> Result<Player, CliError> {
    let Some(text) = arg else {
        return Ok(Player::me(client));
    };
    let xuid = client.resolve(&parse(text)?).await.map_err(|e| {
        if e.is_not_found() {
            CliError::Other(e.to_string())
        } else {
            CliError::Api(e)
        }
    })?;
    Ok(Player::new(client, xuid))
}

/// Opens the session and names the player of a PLAYER argument (checked first, so a malformed
/// one is a usage error even before the session opens or credentials are looked for).
pub(crate) async fn open(arg: Option<&str>, offline: bool) -> Result<(Session, Player), CliError> {
    if let Some(text) = arg {
        parse(text)?;
    }
    let session = Session::open(offline).await?;
    let player = player(&session.client, arg).await?;
    Ok((session, player))
}

/// Who the player is (the profile service's answer); a player it does not know is an error.
pub(crate) async fn identity(player: &Player) -> Result<Identity, CliError> {
    let user = player.profile().await.map_err(|e| {
        if e.is_not_found() {
            CliError::Other(e.to_string())
        } else {
            CliError::Match(e)
        }
    })?;
    Ok(Identity {
        xuid: user.xuid,
        gamertag: user.gamertag.clone(),
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
