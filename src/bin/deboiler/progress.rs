//! The progress bar on standard error: shown only when standard error is a
//! terminal and `--quiet` is not given, never on standard output. It counts the
//! bytes of the inputs read (as stored: compressed bytes for compressed files),
//! the inputs and records written, the rate, and the time left when every input's
//! size is known (files, not standard input).
//!
//! Messages on standard error go through [`suspend`], which clears the bar while
//! they are written, so that the two never mix.

use crate::args::Input;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

/// The bar being shown, for [`suspend`].
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `f` (which writes to standard error) with the bar, if any, cleared.
pub fn suspend<T>(f: impl FnOnce() -> T) -> T {
    let bar = SHOWN.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// The progress of one run of the cleaning command.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Every input's size (when shown).
    sizes: Vec<Option<u64>>,
    /// Inputs finished.
    inputs_done: u64,
    /// Inputs in all.
    inputs: usize,
    /// Records written.
    records: u64,
    /// Bytes of the finished inputs.
    bytes_done: u64,
}

impl Progress {
    /// A progress bar for `inputs`, when standard error is a terminal and `quiet`
    /// is not set; else nothing is shown (and nothing measured).
    pub fn new(inputs: &[Input], quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::with(Vec::new(), None);
        }
        let sizes = inputs
            .iter()
            .map(|input| match input {
                Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                Input::Stdin => None,
            })
            .collect();
        Progress::with(sizes, Some(ProgressDrawTarget::stderr()))
    }

    /// A progress bar drawn to `target`, if any.
    fn with(sizes: Vec<Option<u64>>, target: Option<ProgressDrawTarget>) -> Progress {
        let inputs = sizes.len();
        let bar = target.map(|target| {
            let total: Option<u64> = sizes.iter().copied().sum();
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::with_draw_target(Some(total), target),
                    "{bar:30} {bytes}/{total_bytes}, {binary_bytes_per_sec}, {eta} left; {msg}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, target),
                    "{spinner} {bytes}, {binary_bytes_per_sec}; {msg}",
                ),
            };
            bar.set_style(
                ProgressStyle::with_template(template).expect("a valid progress template"),
            );
            *SHOWN.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
            bar
        });
        let mut progress = Progress {
            bar,
            sizes,
            inputs_done: 0,
            inputs: 0,
            records: 0,
            bytes_done: 0,
        };
        progress.inputs = inputs;
        progress.show_message();
        progress
    }

    /// Sets the message: inputs and records done.
    fn show_message(&mut self) {
        if let Some(bar) = &self.bar {
            let records = if self.records > 0 {
                format!(", {} records", self.records)
            } else {
                String::new()
            };
            bar.set_message(format!(
                "{}/{} inputs{records}",
                self.inputs_done, self.inputs
            ));
        }
    }

    /// Record batches of the input being written: `records` more records written,
    /// and `read` bytes of that input read so far.
    pub fn records(&mut self, records: usize, read: u64) {
        self.records += records as u64;
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes_done + read);
        }
        self.show_message();
    }

    /// Input number `i` is finished.
    pub fn input_done(&mut self, i: usize) {
        self.inputs_done += 1;
        self.bytes_done += self.sizes.get(i).copied().flatten().unwrap_or(0);
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes_done);
        }
        self.show_message();
    }

    /// Removes the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
            *SHOWN.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_inputs_and_records() {
        let target = ProgressDrawTarget::hidden();
        let mut p = Progress::with(vec![Some(100), Some(50)], Some(target));
        p.records(10, 40);
        let bar = p.bar.clone().unwrap();
        assert_eq!((bar.position(), bar.length()), (40, Some(150)));
        assert_eq!(bar.message(), "0/2 inputs, 10 records");
        p.input_done(0);
        p.input_done(1);
        assert_eq!(bar.position(), 150);
        assert_eq!(bar.message(), "2/2 inputs, 10 records");
        p.finish();
        assert!(SHOWN.lock().unwrap().is_none());
        let unknown = Progress::with(vec![Some(1), None], Some(ProgressDrawTarget::hidden()));
        assert_eq!(unknown.bar.as_ref().unwrap().length(), None);
        unknown.finish();
        assert!(Progress::new(&[Input::Stdin], true).bar.is_none());
    }
}
