//! A throw-away PostgreSQL cluster on a loopback port, for tests and benchmarks of the
//! PostgreSQL store: `initdb` into a temporary directory, `pg_ctl start` on a free port of
//! 127.0.0.1 (socket in the same directory), trust authentication for the `postgres` role,
//! and everything removed on drop. Run as root, the server runs as the unprivileged `postgres`
//! user (PostgreSQL refuses to run as root), through `runuser`.
//!
//! The binaries come from `HALO_PG_BIN` when set, else the newest
//! `/usr/lib/postgresql/<major>/bin` (Debian's packages), else `PATH`. When none is found,
//! [`PgCluster::start`] says so ([`PgUnavailable`]) so a test can skip with a visible line.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::{fmt, fs};

/// Why no cluster could be started.
#[derive(Debug)]
pub struct PgUnavailable {
    reason: String,
}

impl PgUnavailable {
    fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for PgUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgreSQL unavailable: {}", self.reason)
    }
}

impl std::error::Error for PgUnavailable {}

/// A running throw-away cluster; stopped and deleted on drop.
#[derive(Debug)]
pub struct PgCluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// The user the server runs as when this process is root.
    run_as: Option<&'static str>,
}

/// Distinguishes clusters of one process.
static NEXT: AtomicU32 = AtomicU32::new(0);

impl PgCluster {
    /// Creates and starts a cluster (about a second).
    pub fn start() -> Result<Self, PgUnavailable> {
        let bin = find_bin().ok_or_else(|| {
            PgUnavailable::new(
                "no initdb found (HALO_PG_BIN, /usr/lib/postgresql/*/bin, PATH); \
                 install it with: apt-get install -y postgresql",
            )
        })?;
        let run_as = is_root().then_some("postgres");
        let dir = std::env::temp_dir().join(format!(
            "halo-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)
            .map_err(|e| PgUnavailable::new(format!("{}: {e}", dir.display())))?;
        let port = free_port()?;
        let cluster = Self {
            bin,
            dir,
            port,
            run_as,
        };
        if run_as.is_some() {
            let chown = Command::new("chown")
                .args(["postgres:", &cluster.dir.to_string_lossy()])
                .output();
            check("chown", chown)?;
        }
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        cluster.resume()?;
        Ok(cluster)
    }

    /// A connection string for the `postgres` database as the `postgres` role.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The directory of the cluster's programs (`psql`, `pg_ctl`, ...).
    pub fn bin_dir(&self) -> &Path {
        &self.bin
    }

    /// The loopback port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server (fast shutdown: connections are closed), keeping the data.
    pub fn pause(&self) -> Result<(), PgUnavailable> {
        self.run(
            "pg_ctl",
            &["-D", &self.data_dir(), "-m", "fast", "-w", "stop"],
        )
    }

    /// Starts the server again on the same port with the same data.
    pub fn resume(&self) -> Result<(), PgUnavailable> {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data_dir(),
                "-l",
                &log.to_string_lossy(),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
    }

    fn data_dir(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    /// Runs one of the cluster's programs, as the unprivileged user when root.
    fn run(&self, program: &str, args: &[&str]) -> Result<(), PgUnavailable> {
        let path = self.bin.join(program);
        let output = match self.run_as {
            Some(user) => Command::new("runuser")
                .args(["-u", user, "--"])
                .arg(&path)
                .args(args)
                .current_dir(&self.dir)
                .output(),
            None => Command::new(&path)
                .args(args)
                .current_dir(&self.dir)
                .output(),
        };
        check(program, output)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data_dir(), "-m", "immediate", "-w", "stop"],
        );
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn check(program: &str, output: std::io::Result<Output>) -> Result<(), PgUnavailable> {
    let output = output.map_err(|e| PgUnavailable::new(format!("{program}: {e}")))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    Err(PgUnavailable::new(format!(
        "{program} failed ({}): {}",
        output.status,
        last.trim()
    )))
}

fn free_port() -> Result<u16, PgUnavailable> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| PgUnavailable::new(format!("no free loopback port: {e}")))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// The directory holding `initdb` and `pg_ctl`.
fn find_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HALO_PG_BIN") {
        let dir = PathBuf::from(dir);
        return dir.join("initdb").is_file().then_some(dir);
    }
    let mut debian: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let major = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((major, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).find(|dir| Path::new(dir).join("initdb").is_file())
    })
}
