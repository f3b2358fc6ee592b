//! `halo completion SHELL` writes a completion script that knows the commands and flags.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

fn halo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_halo"))
        .args(args)
        .env_remove("HALO_OFFLINE")
        .output()
        .unwrap()
}

#[test]
fn each_shell_gets_its_script() {
    for (shell, marker) in [
        ("bash", "complete -F _halo"),
        ("zsh", "#compdef halo"),
        ("fish", "complete -c halo"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = halo(&["completion", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        // The commands and a command's own flag are in it.
        for word in ["sync", "export", "film", "film-version", "strict"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
        assert!(out.stderr.is_empty(), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = halo(&["completion", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("invalid value 'tcsh'"), "{stderr}");
    assert!(stderr.contains("bash, zsh, fish, powershell"), "{stderr}");
    assert!(out.stdout.is_empty());
}
