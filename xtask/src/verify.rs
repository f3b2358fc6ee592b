//! `cargo xtask verify-captures [PATH...]`: runs the `verify_captures` example of halo-models
//! (so xtask itself never depends on generated code and can always regenerate it).

use std::path::Path;
use std::process::{Command, ExitCode};

/// Builds and runs the checker over `paths` (default: the project's captures).
pub fn run(root: &Path, paths: &[String]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root).args([
        "run",
        "--quiet",
        "--package",
        "halo-models",
        "--example",
        "verify_captures",
        "--",
    ]);
    if paths.is_empty() {
        cmd.arg(root.join("crates/halo-models/captures"));
    } else {
        let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
        cmd.args(paths.iter().map(|p| cwd.join(p)));
    }
    match cmd.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
