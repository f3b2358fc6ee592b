//! The throw-away PostgreSQL cluster: it starts on a loopback port, answers queries, keeps its
//! data across a pause, and is gone after drop. Skips with a visible line where PostgreSQL is
//! not installed (`.ci/run` installs it).
#![allow(clippy::unwrap_used)]

use std::process::Command;

use halo_testkit::postgres::PgCluster;

fn psql(cluster: &PgCluster, sql: &str) -> Result<String, String> {
    let out = Command::new(cluster.bin_dir().join("psql"))
        .args([&cluster.url(), "-X", "-tAc", sql])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap().trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn a_cluster_answers_survives_a_pause_and_is_removed() {
    let cluster = match PgCluster::start() {
        Ok(cluster) => cluster,
        Err(why) => {
            println!("SKIPPED: {why}");
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
    assert!(cluster.url().starts_with("postgres://postgres@127.0.0.1:"));
    assert_eq!(psql(&cluster, "select 6 * 7").unwrap(), "42");
    psql(
        &cluster,
        "create table kills (n int); insert into kills values (31), (50)",
    )
    .unwrap();
    cluster.pause().unwrap();
    assert!(psql(&cluster, "select 1").is_err());
    cluster.resume().unwrap();
    assert_eq!(psql(&cluster, "select sum(n) from kills").unwrap(), "81");
    let port = cluster.port();
    drop(cluster);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}
