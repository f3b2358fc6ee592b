//! `halo completion SHELL`: the shell's completion script for `halo`, generated from the
//! command-line grammar itself, so it always knows every command and flag.

use std::io::Write;

use clap::{Args, ValueEnum};
use clap_complete::Shell;

use crate::error::CliError;

/// The shells `halo completion` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompletionShell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
}

impl CompletionShell {
    fn shell(self) -> Shell {
        match self {
            Self::Bash => Shell::Bash,
            Self::Zsh => Shell::Zsh,
            Self::Fish => Shell::Fish,
            Self::Powershell => Shell::PowerShell,
        }
    }
}

/// `halo completion`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: CompletionShell,
}

/// Writes the completion script of `args.shell` for the command-line grammar `command` (the
/// `halo` command itself) to `out`.
pub(crate) fn run(
    args: &CompletionArgs,
    mut command: clap::Command,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell.shell(), &mut command, "halo", &mut script);
    out.write_all(&script)?;
    Ok(())
}
