//! `cargo xtask codegen [--check]`: runs every generator and writes (or checks) its files.
//!
//! A generator is a function from the repository root to an [`Output`]: the directory it owns
//! and the files (name + contents) that directory must hold. Add a generator by adding one line
//! to [`GENERATORS`].

pub mod catalog;
pub mod infer;
pub mod json;
pub mod models;
pub mod names;
pub mod operations;
pub mod overrides;
pub mod routes;
pub mod schema;
pub mod testkit;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One generated file, named relative to its generator's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside [`Output::dir`].
    pub name: String,
    /// Contents before rustfmt.
    pub contents: String,
}

/// What a generator produces: the whole contents of the directory it owns.
#[derive(Debug, Clone)]
pub struct Output {
    /// The directory, relative to the repository root; files in it that are not listed are stale.
    pub dir: PathBuf,
    /// The files.
    pub files: Vec<GeneratedFile>,
}

/// A generator: repository root in, owned directory contents out.
pub type Generator = fn(&Path) -> Result<Output, String>;

/// Every generator, run in this order.
pub const GENERATORS: &[(&str, Generator)] = &[
    ("models", models::generate),
    ("routes", routes::generate),
    ("operations", operations::generate),
    ("testkit", testkit::generate),
];

/// A difference between what is on disk and what the generators produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The file, relative to the repository root.
    pub path: PathBuf,
    /// What regenerating does to it.
    pub change: &'static str,
}

/// Runs every generator, formats the output with rustfmt, and compares it with the files on
/// disk. With `write`, updates the disk. Returns the files that differed.
pub fn run(root: &Path, write: bool) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    for (name, generator) in GENERATORS {
        let output = generator(root).map_err(|e| format!("generator {name}: {e}"))?;
        let dir = root.join(&output.dir);
        let mut expected = Vec::new();
        for file in &output.files {
            let formatted = rustfmt(root, &file.contents)
                .map_err(|e| format!("generator {name}: rustfmt on {}: {e}", file.name))?;
            expected.push((dir.join(&file.name), formatted));
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                if !expected.iter().any(|(p, _)| *p == path) {
                    drift.push(Drift {
                        path: relative(root, &path),
                        change: "delete",
                    });
                    if write {
                        std::fs::remove_file(&path)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                    }
                }
            }
        }
        for (path, contents) in expected {
            let current = std::fs::read_to_string(&path).ok();
            if current.as_deref() != Some(contents.as_str()) {
                let change = if current.is_some() {
                    "update"
                } else {
                    "create"
                };
                drift.push(Drift {
                    path: relative(root, &path),
                    change,
                });
                if write {
                    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    std::fs::write(&path, contents)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                }
            }
        }
    }
    Ok(drift)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Formats Rust source with the repository's `rustfmt.toml`.
fn rustfmt(root: &Path, source: &str) -> Result<String, String> {
    use std::io::Write as _;
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_owned());
    let mut child = Command::new(rustfmt)
        .arg("--edition")
        .arg("2024")
        .arg("--config-path")
        .arg(root.join("rustfmt.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "rustfmt writer panicked".to_owned())?
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// The repository root (the parent of the `xtask` directory).
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or(manifest.clone(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_code_is_fresh() {
        let drift = run(&repo_root(), false).unwrap();
        assert!(
            drift.is_empty(),
            "generated code is stale ({drift:?}); run: cargo xtask codegen"
        );
    }
}
