//! The process's peak resident memory, in its own accounting (`VmHWM` in
//! `/proc/self/status`, on Linux), written on standard error as the program ends
//! when the environment variable [`VARIABLE`] is set: how the tests hold the
//! memory a run takes to the bounds the README states.

/// The environment variable that asks for the report.
pub const VARIABLE: &str = "DEBOILER_REPORT_PEAK";

/// Writes `deboiler: peak resident memory: N kB` on standard error if [`VARIABLE`]
/// is set (`unknown` where `/proc/self/status` cannot tell).
pub fn report() {
    if std::env::var_os(VARIABLE).is_none() {
        return;
    }
    match peak_kb() {
        Some(kb) => eprintln!("deboiler: peak resident memory: {kb} kB"),
        None => eprintln!("deboiler: peak resident memory: unknown"),
    }
}

/// The `VmHWM` line of `/proc/self/status`, in kB (of 1024 bytes).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_peak_where_proc_is() {
        if !std::path::Path::new("/proc/self/status").exists() {
            eprintln!("skipping: no /proc/self/status");
            return;
        }
        let before = super::peak_kb().unwrap();
        // A few megabytes touched raise the peak at least that much.
        let block = vec![1u8; 64 << 20];
        assert!(block.iter().map(|&b| b as u64).sum::<u64>() == 64 << 20);
        let after = super::peak_kb().unwrap();
        assert!(after >= before && after >= 64 << 10, "{before} {after}");
    }
}
