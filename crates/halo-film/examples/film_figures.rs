//! Prints how long decoding each highlight-events chunk of a folder takes, for
//! `scripts/bench-film.sh` to set beside SPNKr's figures.
//!
//! Usage: `film_figures DIR [--json]`. The film major version is the number that starts each
//! file name (`37_<matchId>.zlib`). Each chunk is decoded repeatedly for about 0.3 s after a
//! warm-up, and the median time of one decode is reported.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // a figures program: it times real work with std::time::Instant

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .map_or(".", String::as_str),
    );
    let json = args.iter().any(|a| a == "--json");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zlib"))
        .collect();
    files.sort();
    let mut decoder = halo_film::Decoder::new();
    let mut rows = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let version: u32 = name.split('_').next().unwrap().parse().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let events = decoder.decode(&bytes, version).unwrap().events.len();
        let mut times = Vec::new();
        let budget = Instant::now();
        while budget.elapsed() < Duration::from_millis(300) || times.len() < 20 {
            let t = Instant::now();
            let n = decoder
                .decode(std::hint::black_box(&bytes), version)
                .unwrap()
                .events
                .len();
            times.push(t.elapsed());
            assert_eq!(n, events);
        }
        times.sort();
        let ms = times[times.len() / 2].as_secs_f64() * 1000.0;
        rows.push((name, events, ms));
    }
    if json {
        let items: Vec<String> = rows
            .iter()
            .map(|(f, e, ms)| format!("{{\"file\": \"{f}\", \"events\": {e}, \"ms\": {ms:.4}}}"))
            .collect();
        println!("[{}]", items.join(", "));
    } else {
        for (f, e, ms) in rows {
            println!("{f:52} {e:5} events {ms:9.3} ms");
        }
    }
}
