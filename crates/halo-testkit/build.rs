//! Embeds the captured payloads of `halo-models/captures` into the testkit, so the server and its
//! binary answer from them wherever they run.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let captures = manifest.join("../halo-models/captures");
    let responses = captures.join("responses");
    let films = captures.join("films");
    println!("cargo:rerun-if-changed={}", responses.display());
    println!("cargo:rerun-if-changed={}", films.display());

    let mut entries: Vec<(String, String, PathBuf)> = Vec::new();
    if let Ok(dirs) = fs::read_dir(&responses) {
        for dir in dirs.flatten() {
            let endpoint = dir.file_name().to_string_lossy().into_owned();
            println!("cargo:rerun-if-changed={}", dir.path().display());
            let Ok(files) = fs::read_dir(dir.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                let name = file.file_name().to_string_lossy().into_owned();
                if path.is_file() && !name.starts_with('.') {
                    entries.push((endpoint.clone(), name, path));
                }
            }
        }
    }
    entries.sort();

    let mut out = String::new();
    out.push_str("/// Every captured response: (endpoint id, file name, bytes), sorted.\n");
    out.push_str("pub(crate) static CAPTURES: &[(&str, &str, &[u8])] = &[\n");
    for (endpoint, name, path) in &entries {
        let _ = writeln!(
            out,
            "    ({endpoint:?}, {name:?}, include_bytes!({:?})),",
            canonical(path)
        );
    }
    out.push_str("];\n");
    let mut film_files: Vec<(String, PathBuf)> = fs::read_dir(&films)
        .map(|dir| {
            dir.flatten()
                .filter(|f| f.path().extension().is_some_and(|e| e == "zlib"))
                .map(|f| (f.file_name().to_string_lossy().into_owned(), f.path()))
                .collect()
        })
        .unwrap_or_default();
    film_files.sort();
    out.push_str("/// Captured highlight-events film chunks: (file name, bytes), sorted.\n");
    out.push_str("pub(crate) static FILMS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &film_files {
        let _ = writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            canonical(path)
        );
    }
    out.push_str("];\n");
    // The events a reference decoder read from each film chunk: the world takes the rosters
    // and counts of the films' matches from them (the testkit depends on no workspace crate,
    // so it does not decode films itself).
    let expected = films.join("expected");
    println!("cargo:rerun-if-changed={}", expected.display());
    let mut event_files: Vec<(String, PathBuf)> = fs::read_dir(&expected)
        .map(|dir| {
            dir.flatten()
                .filter(|f| f.file_name().to_string_lossy().ends_with(".events.json"))
                .map(|f| (f.file_name().to_string_lossy().into_owned(), f.path()))
                .collect()
        })
        .unwrap_or_default();
    event_files.sort();
    out.push_str(
        "/// Decoded highlight events of each film chunk: (file name, JSON bytes), sorted.\n",
    );
    out.push_str("pub(crate) static FILM_EVENTS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &event_files {
        let _ = writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            canonical(path)
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(err) = fs::write(out_dir.join("captures.rs"), out) {
        println!("cargo:warning=cannot write captures.rs: {err}");
    }
}

fn canonical(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}
