//! The machine a sitting ran on (Linux `/proc`; elsewhere the fields read "unknown" or 0).

use serde::Serialize;

/// Processors, CPU model, memory and load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Machine {
    /// Processors available to this process (`nproc`).
    pub nproc: usize,
    /// The CPU model name from `/proc/cpuinfo`.
    pub cpu: String,
    /// Total memory in GiB from `/proc/meminfo`.
    pub memory_gib: f64,
    /// The 1, 5 and 15 minute load averages when the sitting started.
    pub load_average_start: [f64; 3],
    /// The same when it ended.
    pub load_average_end: [f64; 3],
}

impl Machine {
    /// Reads the machine now (the end load average is filled by [`Machine::finish`]).
    pub fn read() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let load = load_average();
        Self {
            nproc: std::thread::available_parallelism().map_or(0, usize::from),
            cpu: cpu_model(&cpuinfo).unwrap_or_else(|| "unknown".to_owned()),
            memory_gib: memory_kib(&meminfo).map_or(0.0, |kib| kib as f64 / 1024.0 / 1024.0),
            load_average_start: load,
            load_average_end: load,
        }
    }

    /// Records the load average at the end of the sitting.
    pub fn finish(&mut self) {
        self.load_average_end = load_average();
    }
}

/// The first `model name` of `/proc/cpuinfo`.
fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
}

/// `MemTotal` of `/proc/meminfo` in KiB.
fn memory_kib(meminfo: &str) -> Option<u64> {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// The three load averages of `/proc/loadavg` (zeros where unreadable).
fn load_average() -> [f64; 3] {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut fields = text.split_whitespace().map(|f| f.parse().unwrap_or(0.0));
    [(); 3].map(|()| fields.next().unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cpu_model_and_memory() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n";
        assert_eq!(cpu_model(cpuinfo).as_deref(), Some("AMD EPYC 7B13"));
        assert_eq!(
            memory_kib("MemTotal:        8131484 kB\nMemFree: 1 kB\n"),
            Some(8_131_484)
        );
        assert_eq!(cpu_model(""), None);
    }
}
