//! The cleaning command's result files, written safely: each `--out-dir` file is
//! written under a hidden temporary name in the same directory
//! (`.NAME.txt.tmp-PID`) and renamed to its final name once complete, so that a
//! file under its final name is always whole; and an interruption (Ctrl-C, that is
//! SIGINT, or SIGTERM or SIGHUP) removes the temporary files, says which inputs
//! were not finished and ends the program with [`INTERRUPTED_STATUS`].
//!
//! One lock guards the temporary files and the inputs' progress. Creating a
//! temporary file and renaming it happen under the lock, and the signal handler
//! keeps it until the program ends: so every temporary file that exists when the
//! handler runs is known to it, and none is renamed after it.

use crate::error::{eprint_quietly, warn};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The exit status of an interrupted run (128 + SIGINT, as a shell reports it).
pub const INTERRUPTED_STATUS: i32 = 130;

/// The most unfinished inputs named in the message of an interruption.
const NAMES_SHOWN: usize = 10;

/// What the signal handler needs to clean up and report.
struct State {
    /// The temporary files that exist now.
    temps: Vec<PathBuf>,
    /// Every input's name, in input order.
    names: Vec<String>,
    /// Which inputs are finished (their result written, or their failure reported).
    finished: Vec<bool>,
}

static STATE: Mutex<State> = Mutex::new(State {
    temps: Vec::new(),
    names: Vec::new(),
    finished: Vec::new(),
});

/// The state, also after a thread panicked while holding it (it stays consistent:
/// every change is a single push, removal or assignment).
fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Handles interruptions from now on, for a run over the inputs `names`. When the
/// handler cannot be installed the run goes on without it, with a warning.
pub fn install(names: Vec<String>) {
    {
        let mut state = state();
        state.finished = vec![false; names.len()];
        state.names = names;
    }
    if let Err(e) = ctrlc::set_handler(on_signal) {
        warn(format_args!(
            "cannot handle interruptions ({e}); an interrupted run may leave temporary files"
        ));
    }
}

/// Removes the temporary files, reports the unfinished inputs and exits. Runs on
/// the signal-handling thread; holds the lock until the end, so that no worker
/// creates or renames a file meanwhile.
fn on_signal() {
    let state = state();
    for temp in &state.temps {
        let _ = fs::remove_file(temp);
    }
    eprint_quietly(&interrupted_message(&state.names, &state.finished));
    std::process::exit(INTERRUPTED_STATUS);
}

/// `deboiler: interrupted; not finished: a.txt, b.txt` (at most [`NAMES_SHOWN`]
/// names, then how many more).
fn interrupted_message(names: &[String], finished: &[bool]) -> String {
    let unfinished: Vec<&str> = names
        .iter()
        .zip(finished)
        .filter(|&(_, &done)| !done)
        .map(|(name, _)| name.as_str())
        .collect();
    if unfinished.is_empty() {
        return "deboiler: interrupted\n".to_string();
    }
    let mut message = format!(
        "deboiler: interrupted; not finished: {}",
        unfinished[..unfinished.len().min(NAMES_SHOWN)].join(", ")
    );
    if unfinished.len() > NAMES_SHOWN {
        message.push_str(&format!(" and {} more", unfinished.len() - NAMES_SHOWN));
    }
    message.push('\n');
    message
}

/// Marks input number `i` finished.
pub fn finished(i: usize) {
    if let Some(done) = state().finished.get_mut(i) {
        *done = true;
    }
}

/// The temporary name of the result file `path`: `.NAME.tmp-PID` beside it
/// (hidden, and distinct from any other run's).
pub fn temp_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// A result file being written: created under its temporary name, renamed by
/// [`ResultFile::commit`], removed if dropped before.
pub struct ResultFile {
    /// The temporary path, while the file is there.
    temp: Option<PathBuf>,
    /// The final path.
    path: PathBuf,
}

impl ResultFile {
    /// Creates the temporary file of the result file `path` (new, or truncated),
    /// and its directory if missing.
    pub fn create(path: &Path) -> io::Result<(ResultFile, File)> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            fs::create_dir_all(parent)?;
        }
        let temp = temp_path(path);
        let mut state = state();
        let file = File::create(&temp)?;
        state.temps.push(temp.clone());
        let result = ResultFile {
            temp: Some(temp),
            path: path.to_path_buf(),
        };
        Ok((result, file))
    }

    /// Renames the temporary file to the final name (replacing a file there), and
    /// marks input number `input` finished. On failure, the temporary file is
    /// removed.
    pub fn commit(mut self, input: usize) -> io::Result<()> {
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let mut state = state();
        state.temps.retain(|t| t != &temp);
        let renamed = fs::rename(&temp, &self.path);
        if renamed.is_err() {
            let _ = fs::remove_file(&temp);
        } else if let Some(done) = state.finished.get_mut(input) {
            *done = true;
        }
        renamed
    }
}

impl Drop for ResultFile {
    /// Removes the temporary file of a result that was not committed.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let mut state = state();
            state.temps.retain(|t| t != &temp);
            let _ = fs::remove_file(&temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_hidden_beside_the_result() {
        let temp = temp_path(Path::new("out/a.txt"));
        assert_eq!(
            temp,
            Path::new(&format!("out/.a.txt.tmp-{}", std::process::id()))
        );
    }

    #[test]
    fn message_names_the_unfinished_inputs() {
        let names: Vec<String> = (0..14).map(|i| format!("f{i}")).collect();
        let mut finished = vec![false; 14];
        finished[0] = true;
        assert_eq!(
            interrupted_message(&names[..3], &finished[..3]),
            "deboiler: interrupted; not finished: f1, f2\n"
        );
        assert_eq!(
            interrupted_message(&names, &finished),
            "deboiler: interrupted; not finished: f1, f2, f3, f4, f5, f6, f7, f8, f9, f10 \
             and 3 more\n"
        );
        assert_eq!(
            interrupted_message(&names[..1], &finished[..1]),
            "deboiler: interrupted\n"
        );
    }

    #[test]
    fn an_uncommitted_file_is_removed_and_a_committed_one_renamed() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("deboiler-interrupt-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        let (result, mut file) = ResultFile::create(&path).unwrap();
        file.write_all(b"x").unwrap();
        drop(result);
        assert!(!temp_path(&path).exists() && !path.exists());
        let (result, mut file) = ResultFile::create(&path).unwrap();
        file.write_all(b"whole").unwrap();
        drop(file);
        result.commit(0).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        assert!(!temp_path(&path).exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
