//! The rule of the quality gates (`tests/quality.rs`, `tests/quality_html.rs`): each
//! figure is held to a pinned minimum, the figure measured when it was last pinned,
//! rounded down to three decimals.
//!
//! - At or above its minimum, a figure passes.
//! - Below it by no more than [`MARGIN`], it passes with a `WARNING` on standard
//!   error naming the figure and its minimum. The classifier is deterministic, but
//!   floating-point results differ slightly between platforms and compilers, and the
//!   margin absorbs that; on the platform where the minimum was pinned such a figure
//!   is a real, small regression: fix it, or re-pin the minimum in the commit that
//!   causes it and say so in its message.
//! - Below it by more than [`MARGIN`], the gate fails.
//!
//! When a figure rises, raise its minimum in the same commit.

/// How far below its minimum a figure may fall and still pass (with a warning).
pub const MARGIN: f64 = 0.005;

/// Writes `message` to standard error directly: libtest captures `eprintln!` of a
/// passing test, and a skip or a warning must be seen.
pub fn loud(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Figures checked against their minimums; [`Gate::finish`] fails on any that fell
/// more than [`MARGIN`] below.
#[derive(Default)]
pub struct Gate {
    failures: Vec<String>,
}

impl Gate {
    /// Prints `what`'s figure `got` beside its minimum `min`, warns when it is under
    /// the minimum within the margin, and records a failure when it is further down.
    pub fn check(&mut self, what: &str, got: f64, min: f64) {
        println!("{what}: {got:.5} (minimum {min:.3})");
        if got + MARGIN < min {
            self.failures.push(format!(
                "{what}: {got:.5} fell more than {MARGIN} below its minimum {min:.3}"
            ));
        } else if got < min {
            loud(&format!(
                "WARNING quality gate: {what} is {got:.5}, under its minimum {min:.3} \
                 (within the margin {MARGIN}): fix the regression or re-pin the minimum"
            ));
        }
    }

    /// Fails, listing every figure that fell more than the margin below its minimum.
    pub fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "quality gate:\n{}",
            self.failures.join("\n")
        );
    }
}
