//! Xbox Live: the user token and XSTS tokens for any relying party.

use serde::Deserialize;
use serde_json::json;

use crate::endpoints::{Endpoints, USER_HOST, XSTS_HOST};
use crate::error::{Error, ErrorKind, Step};
use crate::http::{HttpRequest, Transport};
use crate::secret::Secret;
use crate::time::parse_iso8601;
use crate::tokens::{UserToken, XstsToken};
use crate::wire;

/// The relying party of Xbox Live APIs; its XSTS token carries the XUID and gamertag.
pub const XBOX_LIVE_RELYING_PARTY: &str = "http://xboxlive.com";
/// The relying party of Halo Infinite; its XSTS token is exchanged for a Spartan token.
pub const HALO_RELYING_PARTY: &str = "https://prod.xsts.halowaypoint.com/";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct XboxTokenBody {
    not_after: String,
    token: String,
    display_claims: DisplayClaims,
}

#[derive(Deserialize)]
struct DisplayClaims {
    xui: Vec<Xui>,
}

#[derive(Deserialize)]
struct Xui {
    uhs: String,
    #[serde(default)]
    xid: Option<String>,
    #[serde(default)]
    gtg: Option<String>,
}

fn malformed(step: Step) -> Error {
    Error::new(ErrorKind::Decode {
        step,
        line: 0,
        column: 0,
    })
}

fn decode_xbox(step: Step, body: &[u8]) -> Result<(Secret, Xui, std::time::SystemTime), Error> {
    let body: XboxTokenBody = wire::decode(step, body)?;
    let expires_at = parse_iso8601(&body.not_after).ok_or_else(|| malformed(step))?;
    let xui = body
        .display_claims
        .xui
        .into_iter()
        .next()
        .ok_or_else(|| malformed(step))?;
    Ok((Secret::new(body.token), xui, expires_at))
}

/// Decodes the user token answer.
pub(crate) fn decode_user_token(body: &[u8]) -> Result<UserToken, Error> {
    let (token, xui, expires_at) = decode_xbox(Step::UserToken, body)?;
    Ok(UserToken {
        token,
        user_hash: xui.uhs,
        expires_at,
    })
}

/// Decodes an XSTS answer for `relying_party`.
pub(crate) fn decode_xsts(relying_party: &str, body: &[u8]) -> Result<XstsToken, Error> {
    let (token, xui, expires_at) = decode_xbox(Step::Xsts, body)?;
    let xuid = match xui.xid.as_deref() {
        None | Some("") => None,
        Some(xid) => Some(xid.parse::<u64>().map_err(|_| malformed(Step::Xsts))?),
    };
    Ok(XstsToken {
        relying_party: relying_party.to_owned(),
        token,
        user_hash: xui.uhs,
        xuid,
        gamertag: xui.gtg.filter(|g| !g.is_empty()),
        expires_at,
    })
}

/// Gets an Xbox user token for an OAuth2 access token.
pub(crate) async fn user_token(
    transport: &dyn Transport,
    endpoints: &Endpoints,
    access_token: &Secret,
) -> Result<UserToken, Error> {
    let step = Step::UserToken;
    let body = json!({
        "RelyingParty": "http://auth.xboxlive.com",
        "TokenType": "JWT",
        "Properties": {
            "AuthMethod": "RPS",
            "SiteName": "user.auth.xboxlive.com",
            "RpsTicket": format!("d={}", access_token.expose()),
        }
    });
    let request = HttpRequest::post_json(endpoints.url(USER_HOST, "/user/authenticate"), &body)
        .header("x-xbl-contract-version", "1", false);
    tracing::debug!(step = %step, url = request.loggable_url(), "requesting Xbox user token");
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    tracing::trace!(step = %step, status = response.status, "user token service answered");
    wire::check_xbox(step, &response)?;
    decode_user_token(&response.body)
}

/// Gets an XSTS token for `relying_party`.
pub(crate) async fn xsts_token(
    transport: &dyn Transport,
    endpoints: &Endpoints,
    user_token: &Secret,
    relying_party: &str,
) -> Result<XstsToken, Error> {
    let step = Step::Xsts;
    let body = json!({
        "RelyingParty": relying_party,
        "TokenType": "JWT",
        "Properties": {
            "UserTokens": [user_token.expose()],
            "SandboxId": "RETAIL",
        }
    });
    let request = HttpRequest::post_json(endpoints.url(XSTS_HOST, "/xsts/authorize"), &body)
        .header("x-xbl-contract-version", "1", false);
    tracing::debug!(step = %step, relying_party, "requesting XSTS token");
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    tracing::trace!(step = %step, status = response.status, "XSTS service answered");
    wire::check_xbox(step, &response)?;
    decode_xsts(relying_party, &response.body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn capture(rel: &str) -> Vec<u8> {
        let path = format!(
            "{}/../halo-models/captures/responses/{rel}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).unwrap()
    }

    #[test]
    fn decodes_captured_user_token() {
        let token = decode_user_token(&capture("Auth_XboxUserToken/default.json")).unwrap();
        assert_eq!(token.token.expose(), "abcdefg");
        assert_eq!(token.user_hash, "abcdefg");
        assert_eq!(
            Some(token.expires_at),
            parse_iso8601("2999-10-24T03:04:29.6037497Z")
        );
        assert!(token.expires_at > UNIX_EPOCH);
    }

    #[test]
    fn decodes_captured_xsts_tokens() {
        for (file, rp) in [
            ("Auth_XstsToken/xboxlive.json", XBOX_LIVE_RELYING_PARTY),
            ("Auth_XstsToken/halo.json", HALO_RELYING_PARTY),
        ] {
            let token = decode_xsts(rp, &capture(file)).unwrap();
            assert_eq!(token.relying_party, rp);
            assert_eq!(token.token.expose(), "123456789");
            assert_eq!(token.xuid, Some(2_669_321_029_139_235));
            assert_eq!(token.gamertag.as_deref(), Some("e"));
            assert_eq!(token.user_hash, "abcdefg");
            assert_eq!(
                token.authorization_header().expose(),
                "XBL3.0 x=abcdefg;123456789"
            );
            assert_eq!(
                Some(token.expires_at),
                parse_iso8601("2999-10-10T19:06:35.5251155Z")
            );
        }
    }

    #[test]
    fn malformed_claims_are_decode_errors() {
        let no_xui =
            br#"{"NotAfter":"2999-10-10T19:06:35Z","Token":"t","DisplayClaims":{"xui":[]}}"#;
        assert!(matches!(
            decode_xsts("rp", no_xui).unwrap_err().kind(),
            ErrorKind::Decode {
                step: Step::Xsts,
                ..
            }
        ));
        let bad_xid = br#"{"NotAfter":"2999-10-10T19:06:35Z","Token":"t","DisplayClaims":{"xui":[{"uhs":"u","xid":"x1"}]}}"#;
        assert!(decode_xsts("rp", bad_xid).is_err());
        let bad_time = br#"{"NotAfter":"soon","Token":"t","DisplayClaims":{"xui":[{"uhs":"u"}]}}"#;
        assert!(decode_user_token(bad_time).is_err());
    }
}
