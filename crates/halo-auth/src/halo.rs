//! Halo Infinite: the Spartan token and the clearance.

use std::time::SystemTime;

use serde::Deserialize;
use serde_json::json;

use crate::endpoints::{Endpoints, SETTINGS_HOST};
use crate::error::{Error, ErrorKind, Step};
use crate::http::{HttpRequest, Transport};
use crate::secret::Secret;
use crate::time::parse_iso8601;
use crate::wire;

/// The build string SPNKr sends with clearance requests; override it with
/// [`AuthConfig::with_clearance_build`](crate::AuthConfig::with_clearance_build) when the service
/// stops accepting it.
pub const DEFAULT_CLEARANCE_BUILD: &str = "222249.22.06.08.1730-0";

/// Which clearance to fetch after the Spartan token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ClearanceMode {
    /// The signed-in player's clearance (`.../players/xuid({xuid})/active`).
    #[default]
    Player,
    /// The audience-wide clearance (`.../audiences/RETAIL/active`).
    Audience,
    /// No clearance.
    Disabled,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SpartanBody {
    expires_utc: ExpiresUtc,
    spartan_token: String,
}

#[derive(Deserialize)]
struct ExpiresUtc {
    #[serde(rename = "ISO8601Date")]
    iso8601_date: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClearanceBody {
    flight_configuration_id: String,
}

/// Decodes a Spartan token answer.
pub(crate) fn decode_spartan(body: &[u8]) -> Result<(Secret, SystemTime), Error> {
    let step = Step::SpartanToken;
    let body: SpartanBody = wire::decode(step, body)?;
    let expires_at =
        parse_iso8601(&body.expires_utc.iso8601_date).ok_or(Error::new(ErrorKind::Decode {
            step,
            line: 0,
            column: 0,
        }))?;
    Ok((Secret::new(body.spartan_token), expires_at))
}

/// Decodes a clearance answer.
pub(crate) fn decode_clearance(body: &[u8]) -> Result<Secret, Error> {
    let body: ClearanceBody = wire::decode(Step::Clearance, body)?;
    Ok(Secret::new(body.flight_configuration_id))
}

/// Exchanges a Halo XSTS token for a Spartan token.
pub(crate) async fn spartan_token(
    transport: &dyn Transport,
    endpoints: &Endpoints,
    halo_xsts: &Secret,
) -> Result<(Secret, SystemTime), Error> {
    let step = Step::SpartanToken;
    let body = json!({
        "Audience": "urn:343:s3:services",
        "MinVersion": "4",
        "Proof": [{ "Token": halo_xsts.expose(), "TokenType": "Xbox_XSTSv3" }],
    });
    let request = HttpRequest::post_json(endpoints.url(SETTINGS_HOST, "/spartan-token"), &body);
    tracing::debug!(step = %step, url = request.loggable_url(), "requesting Spartan token");
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    tracing::trace!(step = %step, status = response.status, "Spartan token service answered");
    wire::check_halo(step, &response)?;
    decode_spartan(&response.body)
}

/// The clearance URL for `mode` (None when disabled).
pub(crate) fn clearance_url(
    endpoints: &Endpoints,
    mode: ClearanceMode,
    xuid: u64,
    build: &str,
) -> Option<String> {
    const BASE: &str = "/oban/flight-configurations/titles/hi/audiences/RETAIL";
    let path = match mode {
        ClearanceMode::Player => format!("{BASE}/players/xuid({xuid})/active"),
        ClearanceMode::Audience => format!("{BASE}/active"),
        ClearanceMode::Disabled => return None,
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("sandbox", "UNUSED")
        .append_pair("build", build)
        .finish();
    Some(format!("{}?{query}", endpoints.url(SETTINGS_HOST, &path)))
}

/// Fetches the clearance with a Spartan token.
pub(crate) async fn clearance(
    transport: &dyn Transport,
    url: String,
    spartan: &Secret,
) -> Result<Secret, Error> {
    let step = Step::Clearance;
    let request =
        HttpRequest::get(url).header("x-343-authorization-spartan", spartan.expose(), true);
    tracing::debug!(step = %step, url = request.loggable_url(), "requesting clearance");
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    tracing::trace!(step = %step, status = response.status, "clearance service answered");
    wire::check_halo(step, &response)?;
    decode_clearance(&response.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(rel: &str) -> Vec<u8> {
        let path = format!(
            "{}/../halo-models/captures/responses/{rel}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).unwrap()
    }

    #[test]
    fn decodes_captured_spartan_token() {
        let (token, expires) = decode_spartan(&capture("Auth_SpartanToken/default.json")).unwrap();
        assert_eq!(token.expose(), "abcdef");
        assert_eq!(Some(expires), parse_iso8601("2999-01-27T05:03:47Z"));
    }

    #[test]
    fn decodes_captured_clearance() {
        let clearance = decode_clearance(&capture("Settings_GetClearance/default.json")).unwrap();
        assert_eq!(clearance.expose(), "xyz");
    }

    #[test]
    fn clearance_urls() {
        let e = Endpoints::with_root("http://127.0.0.1:9");
        assert_eq!(
            clearance_url(&e, ClearanceMode::Player, 2_669_321_029_139_235, "1.2-0").unwrap(),
            "http://127.0.0.1:9/settings.svc.halowaypoint.com/oban/flight-configurations/titles/hi\
             /audiences/RETAIL/players/xuid(2669321029139235)/active?sandbox=UNUSED&build=1.2-0"
        );
        assert_eq!(
            clearance_url(&e, ClearanceMode::Audience, 1, DEFAULT_CLEARANCE_BUILD).unwrap(),
            "http://127.0.0.1:9/settings.svc.halowaypoint.com/oban/flight-configurations/titles/hi\
             /audiences/RETAIL/active?sandbox=UNUSED&build=222249.22.06.08.1730-0"
        );
        assert_eq!(clearance_url(&e, ClearanceMode::Disabled, 1, "b"), None);
    }
}
