//! The command line of `cargo xtask bench` and the run lengths it selects.

use std::path::PathBuf;

/// What one sitting measures and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Print one JSON object instead of the readable table.
    pub json: bool,
    /// The Python interpreter with SPNKr installed, to measure it in the same sitting.
    pub spnkr: Option<PathBuf>,
    /// The folder holding `spnkr_decode.py` and `spnkr_film.py` (default: the first
    /// `shared/bench` beside an ancestor of the repository).
    pub spnkr_dir: Option<PathBuf>,
    /// Short runs (for checking the command, not for figures).
    pub quick: bool,
    /// Seconds per (file, decoder) pair of the decode figures.
    pub decode_seconds: f64,
    /// Seconds of repeated decodes per film chunk.
    pub film_seconds: f64,
    /// Rounds of the client overhead figure.
    pub rounds: u32,
    /// Seconds per side per round of the client overhead figure.
    pub overhead_seconds: f64,
    /// Seconds of the run under a server rate limit.
    pub limited_seconds: f64,
    /// Matches in the offline sync.
    pub matches: u32,
}

impl Options {
    /// Full-length runs: the figures recorded in `docs/BENCHMARKS.md`.
    pub fn full() -> Self {
        Self {
            json: false,
            spnkr: None,
            spnkr_dir: None,
            quick: false,
            decode_seconds: 1.0,
            film_seconds: 0.3,
            rounds: 40,
            overhead_seconds: 0.3,
            limited_seconds: 30.0,
            matches: 10_000,
        }
    }

    /// Short runs of every figure (about a minute plus the build).
    pub fn quick() -> Self {
        Self {
            quick: true,
            decode_seconds: 0.2,
            film_seconds: 0.05,
            rounds: 6,
            overhead_seconds: 0.2,
            limited_seconds: 5.0,
            matches: 1_000,
            ..Self::full()
        }
    }

    /// Parses the arguments after `bench`.
    ///
    /// # Errors
    /// An unknown flag or a flag without its value, as a usage message.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = if quick { Self::quick() } else { Self::full() };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| {
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
            };
            match arg.as_str() {
                "--json" => options.json = true,
                "--quick" => {}
                "--spnkr" => options.spnkr = Some(PathBuf::from(value("--spnkr")?)),
                "--spnkr-dir" => options.spnkr_dir = Some(PathBuf::from(value("--spnkr-dir")?)),
                "--seconds" => options.decode_seconds = number(&value("--seconds")?)?,
                "--matches" => options.matches = number(&value("--matches")?)?,
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

/// Parses a positive number.
fn number<T: std::str::FromStr + PartialOrd + Default>(text: &str) -> Result<T, String> {
    match text.parse::<T>() {
        Ok(n) if n > T::default() => Ok(n),
        _ => Err(format!("{text}: expected a positive number\n{USAGE}")),
    }
}

/// The usage line.
pub const USAGE: &str = "usage: cargo xtask bench [--json] [--quick] [--seconds S] [--matches N] [--spnkr PYTHON [--spnkr-dir DIR]]";

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn quick_shortens_every_run_and_flags_combine() {
        let o =
            Options::parse(&args(&["--json", "--quick", "--spnkr", "/venv/bin/python"])).unwrap();
        assert!(o.json && o.quick);
        assert_eq!(o.spnkr, Some(PathBuf::from("/venv/bin/python")));
        assert_eq!(o.matches, 1_000);
        assert_eq!(Options::parse(&[]).unwrap(), Options::full());
        assert_eq!(Options::full().matches, 10_000);
    }

    #[test]
    fn overrides_and_bad_arguments() {
        let o = Options::parse(&args(&["--seconds", "0.5", "--matches", "2500"])).unwrap();
        assert_eq!((o.decode_seconds, o.matches), (0.5, 2500));
        assert!(Options::parse(&args(&["--seconds"])).is_err());
        assert!(Options::parse(&args(&["--seconds", "-1"])).is_err());
        assert!(Options::parse(&args(&["--matches", "ten"])).is_err());
        assert!(Options::parse(&args(&["--fast"])).is_err());
    }
}
