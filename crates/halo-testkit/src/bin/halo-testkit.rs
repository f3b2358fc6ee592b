//! `halo-testkit`: runs the test server standalone until Ctrl-C.
//!
//! Usage: `halo-testkit [--port PORT] [--faults FILE] [--history N] [--spartan-lifetime SECS]
//! [--rate-limit PER_SECOND[:BURST]] [--gzip]`
//! (`HALO_TESTKIT_FAULTS=FILE` also loads a fault plan). Prints the base URL on the first line.

use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::time::Duration;

use halo_testkit::{FaultPlan, RateLimit, TestConfig};

const USAGE: &str =
    "usage: halo-testkit [--port PORT] [--faults FILE] [--history N] [--spartan-lifetime SECS]";

struct Args {
    port: u16,
    faults: Option<String>,
    history: Option<u64>,
    spartan_lifetime: Option<u64>,
    rate_limit: Option<RateLimit>,
    gzip: bool,
}

fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    let (rate, burst) = text.split_once(':').unwrap_or((text, "1"));
    let rate: f64 = rate.parse().map_err(|e| format!("--rate-limit: {e}"))?;
    let burst: u32 = burst
        .parse()
        .map_err(|e| format!("--rate-limit burst: {e}"))?;
    if !(rate > 0.0 && rate.is_finite()) || burst == 0 {
        return Err("--rate-limit wants a positive rate and burst".to_owned());
    }
    Ok(RateLimit::new(rate, burst))
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        faults: None,
        history: None,
        spartan_lifetime: None,
        rate_limit: None,
        gzip: false,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(flag) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--port" => {
                args.port = value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--faults" => args.faults = Some(value("--faults")?),
            "--history" => {
                args.history = Some(
                    value("--history")?
                        .parse()
                        .map_err(|e| format!("--history: {e}"))?,
                )
            }
            "--spartan-lifetime" => {
                args.spartan_lifetime = Some(
                    value("--spartan-lifetime")?
                        .parse()
                        .map_err(|e| format!("--spartan-lifetime: {e}"))?,
                );
            }
            "--rate-limit" => args.rate_limit = Some(parse_rate_limit(&value("--rate-limit")?)?),
            "--gzip" => args.gzip = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("halo-testkit: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("halo-testkit: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let faults = match &args.faults {
        Some(path) => FaultPlan::from_file(path)?,
        None => FaultPlan::default(),
    };
    let mut config = TestConfig::builder().faults(faults).build();
    config.history_matches = args.history;
    config.rate_limit = args.rate_limit;
    config.gzip = args.gzip;
    if let Some(secs) = args.spartan_lifetime {
        config.spartan_token_lifetime = Duration::from_secs(secs);
    }
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)).await?;
    println!("http://{}", listener.local_addr()?);
    halo_testkit::serve(config, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
