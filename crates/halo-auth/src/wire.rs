//! Checking statuses and decoding bodies: every step's response goes through here, and each
//! failure becomes a distinct [`ErrorKind`]. Error bodies are read for their codes only; no body
//! text is ever copied into an error (it could echo a token).

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, Step};
use crate::http::HttpResponse;

/// Decodes a JSON body, mapping failures to [`ErrorKind::Decode`] with only the position (a
/// serde message can quote the offending value, which may be a token).
pub(crate) fn decode<T: DeserializeOwned>(step: Step, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| {
        Error::new(ErrorKind::Decode {
            step,
            line: e.line(),
            column: e.column(),
        })
    })
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
}

/// An OAuth2 error code is short and plain; anything else is not repeated.
fn sanitize_code(code: &str) -> String {
    if !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.')
    {
        code.to_owned()
    } else {
        "unrecognized error code".to_owned()
    }
}

/// Checks an answer of the OAuth2 token endpoint.
pub(crate) fn check_oauth(step: Step, response: &HttpResponse) -> Result<(), Error> {
    if is_success(response.status) {
        return Ok(());
    }
    match serde_json::from_slice::<OAuthErrorBody>(&response.body) {
        Ok(body) => Err(Error::new(oauth_error_kind(step, &body.error))),
        Err(_) => Err(Error::new(ErrorKind::Status {
            step,
            status: response.status,
        })),
    }
}

/// Maps an OAuth2 error code (from the token endpoint or a redirect) to a kind.
pub(crate) fn oauth_error_kind(step: Step, code: &str) -> ErrorKind {
    match code {
        "invalid_grant" => ErrorKind::InvalidGrant { step },
        "invalid_client" | "unauthorized_client" => ErrorKind::InvalidClient { step },
        other => ErrorKind::OAuth {
            step,
            error: sanitize_code(other),
        },
    }
}

#[derive(Deserialize)]
struct XboxErrorBody {
    #[serde(rename = "XErr")]
    xerr: u64,
}

/// Maps an Xbox Live `XErr` code to a kind.
pub(crate) fn xerr_kind(step: Step, xerr: u64) -> ErrorKind {
    match xerr {
        2_148_916_227 => ErrorKind::AccountBanned,
        2_148_916_229 => ErrorKind::ParentalRestriction,
        2_148_916_233 => ErrorKind::NoXboxProfile,
        2_148_916_234 => ErrorKind::TermsNotAccepted,
        2_148_916_235 => ErrorKind::RegionNotAuthorized,
        2_148_916_236 | 2_148_916_237 => ErrorKind::AgeVerificationRequired,
        2_148_916_238 => ErrorKind::ChildAccount,
        xerr => ErrorKind::Xbox { step, xerr },
    }
}

/// Checks an answer of the Xbox user token or XSTS service.
pub(crate) fn check_xbox(step: Step, response: &HttpResponse) -> Result<(), Error> {
    if is_success(response.status) {
        return Ok(());
    }
    if let Ok(body) = serde_json::from_slice::<XboxErrorBody>(&response.body) {
        return Err(Error::new(xerr_kind(step, body.xerr)));
    }
    Err(Error::new(match response.status {
        401 => ErrorKind::Unauthorized { step },
        status => ErrorKind::Status { step, status },
    }))
}

/// Checks an answer of the Halo settings service (Spartan token, clearance).
pub(crate) fn check_halo(step: Step, response: &HttpResponse) -> Result<(), Error> {
    if is_success(response.status) {
        return Ok(());
    }
    Err(Error::new(match (step, response.status) {
        (_, 401) => ErrorKind::Unauthorized { step },
        (Step::Clearance, 403) => ErrorKind::ClearanceForbidden,
        (_, status) => ErrorKind::Status { step, status },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn oauth_errors_map_to_kinds() {
        let r = response(
            400,
            r#"{"error":"invalid_grant","error_description":"The token was issued on ..."}"#,
        );
        assert_eq!(
            check_oauth(Step::Refresh, &r).unwrap_err().into_kind(),
            ErrorKind::InvalidGrant {
                step: Step::Refresh
            }
        );
        let r = response(401, r#"{"error":"invalid_client"}"#);
        assert_eq!(
            check_oauth(Step::CodeExchange, &r).unwrap_err().into_kind(),
            ErrorKind::InvalidClient {
                step: Step::CodeExchange
            }
        );
        let r = response(400, r#"{"error":"secret value with spaces"}"#);
        let kind = check_oauth(Step::Refresh, &r).unwrap_err().into_kind();
        assert_eq!(
            kind,
            ErrorKind::OAuth {
                step: Step::Refresh,
                error: "unrecognized error code".to_owned()
            }
        );
        let r = response(502, "<html>bad gateway</html>");
        assert_eq!(
            check_oauth(Step::Refresh, &r).unwrap_err().into_kind(),
            ErrorKind::Status {
                step: Step::Refresh,
                status: 502
            }
        );
    }

    #[test]
    fn xerr_codes_map_to_kinds() {
        let r = response(
            401,
            r#"{"Identity":"0","XErr":2148916233,"Message":"","Redirect":"https://start.ui.xboxlive.com/CreateAccount"}"#,
        );
        assert_eq!(
            check_xbox(Step::Xsts, &r).unwrap_err().into_kind(),
            ErrorKind::NoXboxProfile
        );
        for (code, kind) in [
            (2_148_916_238_u64, ErrorKind::ChildAccount),
            (2_148_916_227, ErrorKind::AccountBanned),
            (2_148_916_235, ErrorKind::RegionNotAuthorized),
            (2_148_916_234, ErrorKind::TermsNotAccepted),
            (2_148_916_236, ErrorKind::AgeVerificationRequired),
            (2_148_916_229, ErrorKind::ParentalRestriction),
            (
                2_148_916_299,
                ErrorKind::Xbox {
                    step: Step::Xsts,
                    xerr: 2_148_916_299,
                },
            ),
        ] {
            let r = response(401, &format!(r#"{{"Identity":"0","XErr":{code}}}"#));
            assert_eq!(check_xbox(Step::Xsts, &r).unwrap_err().into_kind(), kind);
        }
        let r = response(401, "");
        assert_eq!(
            check_xbox(Step::UserToken, &r).unwrap_err().into_kind(),
            ErrorKind::Unauthorized {
                step: Step::UserToken
            }
        );
    }

    #[test]
    fn halo_statuses_map_to_kinds() {
        assert_eq!(
            check_halo(Step::Clearance, &response(403, ""))
                .unwrap_err()
                .into_kind(),
            ErrorKind::ClearanceForbidden
        );
        assert_eq!(
            check_halo(Step::SpartanToken, &response(401, ""))
                .unwrap_err()
                .into_kind(),
            ErrorKind::Unauthorized {
                step: Step::SpartanToken
            }
        );
        assert!(check_halo(Step::SpartanToken, &response(200, "{}")).is_ok());
    }

    #[test]
    fn decode_errors_keep_no_text() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            n: u64,
        }
        let err = decode::<T>(Step::Xsts, br#"{"n":"token-abc"}"#).unwrap_err();
        assert!(!err.to_string().contains("token-abc"));
        assert!(matches!(err.kind(), ErrorKind::Decode { line: 1, .. }));
    }
}
