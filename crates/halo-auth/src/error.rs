//! The crate's one error type: [`Error`] with an [`ErrorKind`] that says what went wrong and what
//! to do about it. No message ever contains a token, a code or a secret.

use std::error::Error as StdError;
use std::fmt;

/// The step of the token chain that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// Exchanging the authorization code at the OAuth2 token endpoint.
    CodeExchange,
    /// Refreshing the OAuth2 access token with the refresh token.
    Refresh,
    /// Getting the Xbox user token.
    UserToken,
    /// Getting an XSTS token for a relying party.
    Xsts,
    /// Getting the Halo Spartan token.
    SpartanToken,
    /// Getting the Halo clearance (flight configuration id).
    Clearance,
    /// The device-code sign-in (asking for a code, then polling for tokens).
    DeviceCode,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CodeExchange => "authorization code exchange",
            Self::Refresh => "OAuth2 token refresh",
            Self::UserToken => "Xbox user token request",
            Self::Xsts => "XSTS token request",
            Self::SpartanToken => "Spartan token request",
            Self::Clearance => "clearance request",
            Self::DeviceCode => "device-code sign-in",
        })
    }
}

/// What went wrong, ordered roughly by how far the chain got.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The configuration is unusable (for example a redirect URI that is not a URL).
    InvalidConfig {
        /// What is wrong.
        reason: &'static str,
    },
    /// No refresh token is known: run the first login.
    NotSignedIn,
    /// The redirect (caught on the loopback listener or pasted by the user) carried no usable code.
    Redirect {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The user (or the service) refused the authorization request.
    AuthorizationDenied {
        /// The OAuth2 error code from the redirect, such as `access_denied`.
        error: String,
    },
    /// The device code of a device sign-in expired before the user entered it.
    DeviceCodeExpired,
    /// No connection, or the connection broke.
    Connect {
        /// The step.
        step: Step,
    },
    /// The server did not answer in time.
    Timeout {
        /// The step.
        step: Step,
    },
    /// The refresh token or authorization code is expired, revoked or already used
    /// (OAuth2 `invalid_grant`).
    InvalidGrant {
        /// The step.
        step: Step,
    },
    /// The client id or client secret is wrong (OAuth2 `invalid_client`).
    InvalidClient {
        /// The step.
        step: Step,
    },
    /// Another OAuth2 error code.
    OAuth {
        /// The step.
        step: Step,
        /// The OAuth2 error code (for example `invalid_scope`).
        error: String,
    },
    /// XErr 2148916233: the Microsoft account has no Xbox profile.
    NoXboxProfile,
    /// XErr 2148916238: a child account that must be added to a family by an adult.
    ChildAccount,
    /// XErr 2148916227: the account is banned from Xbox Live.
    AccountBanned,
    /// XErr 2148916235: Xbox Live is not available in the account's country or region.
    RegionNotAuthorized,
    /// XErr 2148916234: the account has not accepted the Xbox terms of use.
    TermsNotAccepted,
    /// XErr 2148916236 or 2148916237: the account needs age verification (or hit its play limit).
    AgeVerificationRequired,
    /// XErr 2148916229: a guardian has not allowed this account to play online.
    ParentalRestriction,
    /// Another XErr code from the Xbox Live authorization service.
    Xbox {
        /// The step.
        step: Step,
        /// The `XErr` code.
        xerr: u64,
    },
    /// The service refused the token the request carried (HTTP 401).
    Unauthorized {
        /// The step.
        step: Step,
    },
    /// The clearance request was refused with HTTP 403.
    ClearanceForbidden,
    /// Any other unexpected HTTP status.
    Status {
        /// The step.
        step: Step,
        /// The HTTP status code.
        status: u16,
    },
    /// The response body was not what the step expects.
    Decode {
        /// The step.
        step: Step,
        /// The JSON line of the error (1-based; 0 when the JSON was well-formed but a value in it
        /// was not, such as an unreadable date or an empty claims list).
        line: usize,
        /// The JSON column of the error.
        column: usize,
    },
    /// The provider holds fixed tokens and cannot get new ones.
    CannotRefresh,
    /// Reading or writing the token store failed.
    Store {
        /// What failed.
        reason: &'static str,
    },
    /// The token store file could not be decrypted: wrong key, or the file was altered.
    StoreKey,
}

/// The error of every fallible operation in this crate.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// The chain step that failed, when the error comes from one.
    pub fn step(&self) -> Option<Step> {
        match &self.kind {
            ErrorKind::Connect { step }
            | ErrorKind::Timeout { step }
            | ErrorKind::InvalidGrant { step }
            | ErrorKind::InvalidClient { step }
            | ErrorKind::OAuth { step, .. }
            | ErrorKind::Xbox { step, .. }
            | ErrorKind::Unauthorized { step }
            | ErrorKind::Status { step, .. }
            | ErrorKind::Decode { step, .. } => Some(*step),
            ErrorKind::NoXboxProfile
            | ErrorKind::ChildAccount
            | ErrorKind::AccountBanned
            | ErrorKind::RegionNotAuthorized
            | ErrorKind::TermsNotAccepted
            | ErrorKind::AgeVerificationRequired
            | ErrorKind::ParentalRestriction => Some(Step::Xsts),
            ErrorKind::ClearanceForbidden => Some(Step::Clearance),
            _ => None,
        }
    }

    /// True when the user must run the first login again (no refresh token, or it is no longer
    /// accepted).
    pub fn is_sign_in_required(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NotSignedIn | ErrorKind::InvalidGrant { .. }
        )
    }

    /// True when the account itself cannot use Xbox Live (no profile, child, banned, region, terms,
    /// age or guardian restrictions); retrying will not help.
    pub fn is_account_problem(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NoXboxProfile
                | ErrorKind::ChildAccount
                | ErrorKind::AccountBanned
                | ErrorKind::RegionNotAuthorized
                | ErrorKind::TermsNotAccepted
                | ErrorKind::AgeVerificationRequired
                | ErrorKind::ParentalRestriction
        )
    }

    /// The text of the deepest error in the source chain, if there is one.
    fn root_cause(&self) -> Option<String> {
        let mut cause: &(dyn StdError + 'static) = self.source.as_deref()?;
        while let Some(next) = cause.source() {
            cause = next;
        }
        Some(cause.to_string()).filter(|text| !text.trim().is_empty())
    }

    /// True when the service was not reached or did not answer usefully: no connection, a
    /// timeout, a 5xx or 429. The credentials may be fine; signing in again would not help.
    pub fn is_unreachable(&self) -> bool {
        self.is_transient()
    }

    /// True when a service refused the credentials themselves: no login stored, an expired or
    /// revoked refresh token, a wrong client id or secret, a token refused with 401, a refused
    /// clearance, or a denied authorization. Signing in again (or fixing the app registration)
    /// is what helps.
    pub fn is_credentials_refused(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NotSignedIn
                | ErrorKind::InvalidGrant { .. }
                | ErrorKind::InvalidClient { .. }
                | ErrorKind::Unauthorized { .. }
                | ErrorKind::ClearanceForbidden
                | ErrorKind::AuthorizationDenied { .. }
        )
    }

    /// True for connection failures and timeouts, which a later retry may fix.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Connect { .. } | ErrorKind::Timeout { .. } => true,
            ErrorKind::Status { status, .. } => status >= 500 || status == 429,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidConfig { reason } => write!(f, "invalid auth configuration: {reason}"),
            ErrorKind::NotSignedIn => f.write_str(
                "not signed in: no refresh token is stored; run the first login (authorization URL, then the redirect)",
            ),
            ErrorKind::Redirect { reason } => write!(
                f,
                "the sign-in redirect could not be used: {reason}; open the authorization URL again and paste the whole redirect URL"
            ),
            ErrorKind::DeviceCodeExpired => f.write_str(
                "the device code expired before it was entered; start the sign-in again",
            ),
            ErrorKind::AuthorizationDenied { error } => write!(
                f,
                "sign-in was refused ({error}); open the authorization URL again and accept the requested permissions"
            ),
            ErrorKind::Connect { step } => {
                write!(f, "{step}: could not connect or the connection broke")?;
                // The deepest cause says which (`Connection refused`, a DNS failure, TLS).
                if let Some(cause) = self.root_cause() {
                    let text: String = cause
                        .chars()
                        .take(200)
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .collect();
                    write!(f, " ({})", text.trim())?;
                }
                f.write_str("; check the network and retry")
            }
            ErrorKind::Timeout { step } => {
                write!(f, "{step}: the server did not answer in time; retry later")
            }
            ErrorKind::InvalidGrant { step } => write!(
                f,
                "{step}: the refresh token or authorization code is expired, revoked or already used (invalid_grant); sign in again"
            ),
            ErrorKind::InvalidClient { step } => write!(
                f,
                "{step}: the client id or client secret was rejected (invalid_client); check the Azure app registration's id and secret (a secret may have expired)"
            ),
            ErrorKind::OAuth { step, error } => write!(
                f,
                "{step}: the OAuth2 service answered `{error}`; check the app registration (scopes, redirect URI)"
            ),
            ErrorKind::NoXboxProfile => f.write_str(
                "this Microsoft account has no Xbox profile (XErr 2148916233); sign in once at xbox.com to create one, then retry",
            ),
            ErrorKind::ChildAccount => f.write_str(
                "this is a child account (XErr 2148916238); an adult must add it to a Microsoft family before it can use Xbox Live",
            ),
            ErrorKind::AccountBanned => f.write_str(
                "this account is banned from Xbox Live (XErr 2148916227); see the enforcement page of the Xbox account",
            ),
            ErrorKind::RegionNotAuthorized => f.write_str(
                "Xbox Live is not available in this account's country or region (XErr 2148916235); use an account from a supported region",
            ),
            ErrorKind::TermsNotAccepted => f.write_str(
                "this account has not accepted the Xbox terms of use (XErr 2148916234); sign in at xbox.com and accept them",
            ),
            ErrorKind::AgeVerificationRequired => f.write_str(
                "this account needs age verification or reached its play-time limit (XErr 2148916236/2148916237); complete the verification at xbox.com",
            ),
            ErrorKind::ParentalRestriction => f.write_str(
                "a guardian has not allowed this account to play online (XErr 2148916229); change the family settings",
            ),
            ErrorKind::Xbox { step, xerr } => write!(
                f,
                "{step}: Xbox Live refused the account (XErr {xerr}); sign in at xbox.com to see why"
            ),
            ErrorKind::Unauthorized { step } => write!(
                f,
                "{step}: the service rejected the token (HTTP 401), even after renewing the chain from the refresh token; sign in again if it persists"
            ),
            ErrorKind::ClearanceForbidden => f.write_str(
                "clearance request refused (HTTP 403): the clearance is stale or the build string is no longer accepted; refresh the tokens or configure a current build string",
            ),
            ErrorKind::Status { step, status } => {
                write!(f, "{step}: unexpected HTTP status {status}")
            }
            ErrorKind::Decode { step, line, column } => write!(
                f,
                "{step}: malformed response body (line {line}, column {column}); the service may have changed, please report it"
            ),
            ErrorKind::CannotRefresh => f.write_str(
                "these are fixed tokens that cannot be refreshed; copy new Spartan and clearance tokens, or configure the sign-in chain",
            ),
            ErrorKind::Store { reason } => write!(f, "token store: {reason}"),
            ErrorKind::StoreKey => f.write_str(
                "token store could not be decrypted: wrong key or the file was altered; supply the right key or delete the file and sign in again",
            ),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}
