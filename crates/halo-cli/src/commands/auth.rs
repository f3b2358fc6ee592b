//! `halo auth login | status | logout`: the stored login (an Azure app's OAuth2 sign-in with a
//! loopback redirect, tokens kept in the configuration directory).

use std::io::{BufRead, Write};
use std::time::Duration;

use clap::{Args, Subcommand};
use halo_auth::TokenProvider;
use serde::Serialize;

use crate::config::{self, LoginSettings};
use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output;
use crate::session;

/// The Azure app's client id when `--client-id` is not given.
pub(crate) const CLIENT_ID_ENV: &str = "HALO_CLIENT_ID";
/// The redirect URI when `--redirect-uri` is not given (register it with the app).
pub(crate) const DEFAULT_REDIRECT_URI: &str = "http://localhost:8400/callback";

/// `halo auth` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthCommand {
    /// Sign in with a Microsoft account through your Azure app; the tokens are stored in the
    /// configuration directory.
    Login(LoginArgs),
    /// Which credentials commands use, and for whom.
    Status,
    /// Forget the stored login.
    Logout,
}

/// Arguments of `halo auth login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// The Azure app's client id.
    #[arg(long, env = CLIENT_ID_ENV)]
    pub(crate) client_id: Option<String>,
    /// The redirect URI registered with the app. A `http://localhost:PORT/...` URI is caught on
    /// 127.0.0.1 (port 0 picks a free one); for any other, paste the URL the browser lands on.
    #[arg(long, default_value = DEFAULT_REDIRECT_URI)]
    pub(crate) redirect_uri: String,
    /// How long to wait for the browser, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub(crate) timeout: u64,
    /// Sign in with a device code instead (SSH sessions, machines without a browser): enter
    /// the code shown at the address shown, on any device; the app must allow public client
    /// flows.
    #[arg(long)]
    pub(crate) device: bool,
}

/// Runs a `halo auth` subcommand.
pub(crate) async fn run(
    command: AuthCommand,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        AuthCommand::Login(args) => login(&args, out).await,
        AuthCommand::Status => status(global.json, out).await,
        AuthCommand::Logout => logout(out).await,
    }
}

async fn login(args: &LoginArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let client_id = args
        .client_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            CliError::Invalid(format!(
                "no Azure client id: pass --client-id or set {CLIENT_ID_ENV} (register an app \
                 in the Azure portal with the redirect URI {DEFAULT_REDIRECT_URI})"
            ))
        })?;
    let settings = LoginSettings {
        client_id: client_id.to_owned(),
        redirect_uri: args.redirect_uri.trim().to_owned(),
    };
    let dir = config::config_dir().ok_or_else(config::no_home)?;
    std::fs::create_dir_all(&dir).map_err(|source| CliError::Read {
        path: dir.clone(),
        source,
    })?;
    let root = config::env(config::BASE_URL_ENV);
    let provider = session::login_provider(&settings, root.as_deref())?;
    if args.device {
        let login = provider.start_device_login().await?;
        eprintln!(
            "On any device, open {} and enter the code {} (valid {} minutes).",
            crate::safe_text::one_line(login.verification_uri()),
            crate::safe_text::one_line(login.user_code()),
            login.lifetime().as_secs() / 60
        );
        eprintln!("Waiting for the sign-in ...");
        provider.complete_device_login(&login).await?;
    } else {
        browser_login(&provider, args).await?;
    }
    settings.save()?;
    let identity = provider.xbox_identity().await?;
    provider.halo_tokens().await?;
    writeln!(
        out,
        "Signed in as {} (xuid {}).",
        identity.gamertag, identity.xuid
    )?;
    Ok(())
}

/// The first login in a browser: the authorization URL, then the redirect (caught on a
/// loopback listener, or pasted).
async fn browser_login(provider: &TokenProvider, args: &LoginArgs) -> Result<(), CliError> {
    let pending = provider.start_login().await?;
    eprintln!(
        "Open this URL in a browser and sign in:\n{}",
        pending.authorization_url()
    );
    let code = if pending.has_listener() {
        eprintln!("Waiting for the redirect to {} ...", pending.redirect_uri());
        pending
            .wait_for_code(Duration::from_secs(args.timeout))
            .await?
    } else {
        eprintln!("Then paste the URL the browser was sent to (or the code) and press Enter:");
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Other(format!("cannot read the pasted code: {e}")))?;
        pending.code_from_input(&line)?
    };
    provider.complete_login(code).await?;
    Ok(())
}

/// What `halo auth status` reports.
#[derive(Debug, Serialize)]
struct Status {
    /// `static_token`, `login`, `test_server` (`HALO_BASE_URL` without credentials) or
    /// `offline`.
    credentials: &'static str,
    /// The root URL every host is reached under, when not production.
    base_url: Option<String>,
    /// The signed-in player's XUID, when known.
    xuid: Option<u64>,
    /// The signed-in player's gamertag, when known.
    gamertag: Option<String>,
    /// Seconds until the Halo tokens expire, when known.
    expires_in_seconds: Option<u64>,
    /// The stored login's client id.
    client_id: Option<String>,
}

async fn status(json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let root = config::env(config::BASE_URL_ENV);
    let mut status = Status {
        credentials: "offline",
        base_url: root.clone(),
        xuid: None,
        gamertag: None,
        expires_in_seconds: None,
        client_id: None,
    };
    if config::env(config::SPARTAN_TOKEN_ENV).is_some() {
        status.credentials = "static_token";
    } else if let Some(provider) = session::stored_login(root.as_deref())? {
        status.credentials = "login";
        status.client_id = LoginSettings::load()?.map(|s| s.client_id);
        fill_identity(&provider, &mut status).await?;
    } else if root.is_some() {
        status.credentials = "test_server";
    }
    if json {
        return output::write_json(&status, out);
    }
    let place = status
        .base_url
        .as_deref()
        .map_or_else(String::new, |url| format!(" against {url}"));
    match status.credentials {
        "static_token" => writeln!(
            out,
            "Using the static Spartan token of {}{place}.",
            config::SPARTAN_TOKEN_ENV
        )?,
        "login" => {
            writeln!(
                out,
                "Signed in as {} (xuid {}){place}.",
                status.gamertag.as_deref().unwrap_or("?"),
                status
                    .xuid
                    .map_or_else(|| "?".to_owned(), |x| x.to_string())
            )?;
            if let Some(seconds) = status.expires_in_seconds {
                writeln!(out, "Halo tokens valid for {} more minutes.", seconds / 60)?;
            }
        }
        "test_server" => writeln!(
            out,
            "Not signed in: commands use the test server's default token{place}."
        )?,
        _ => writeln!(
            out,
            "Not signed in: API commands need `halo auth login` (or HALO_SPARTAN_TOKEN), \
             or `--offline` for the embedded test server's captured data."
        )?,
    }
    Ok(())
}

async fn fill_identity(provider: &TokenProvider, status: &mut Status) -> Result<(), CliError> {
    let identity = provider.xbox_identity().await?;
    let tokens = provider.halo_tokens().await?;
    status.xuid = Some(identity.xuid);
    status.gamertag = Some(identity.gamertag);
    status.expires_in_seconds = tokens
        .expires_at
        .duration_since(crate::clock::wall_now())
        .ok()
        .map(|d| d.as_secs());
    Ok(())
}

async fn logout(out: &mut dyn Write) -> Result<(), CliError> {
    let Some(settings) = LoginSettings::load()? else {
        writeln!(out, "Not signed in.")?;
        return Ok(());
    };
    let root = config::env(config::BASE_URL_ENV);
    let provider = session::login_provider(&settings, root.as_deref())?;
    provider.sign_out().await?;
    LoginSettings::remove()?;
    writeln!(out, "Signed out; the stored tokens are deleted.")?;
    Ok(())
}
