//! The binary's error type, exit statuses and messages on standard error.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// How a command ended when it ran to completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything went well: exit 0.
    Success,
    /// Some input could not be read, was skipped or could not be written; the
    /// others were processed: exit 1.
    SomeFailed,
}

impl Status {
    /// `SomeFailed` when `failed`, else `Success`.
    pub fn from_failed(failed: bool) -> Status {
        if failed {
            Status::SomeFailed
        } else {
            Status::Success
        }
    }
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Error {
    /// A bad command line: the message, then the usage line; exit 2.
    Usage {
        /// What is wrong.
        message: String,
        /// The usage line of the command concerned, and where to find help.
        usage: &'static str,
    },
    /// Nothing more can be done (the message names what failed): exit 1.
    Fatal(String),
    /// Standard output was closed by the reader (`deboiler … | head`): exit 0 quietly.
    BrokenPipe,
}

impl Error {
    /// A usage error.
    pub fn usage(message: impl fmt::Display, usage: &'static str) -> Error {
        Error::Usage {
            message: message.to_string(),
            usage,
        }
    }

    /// The error of writing to standard output: a broken pipe ends the program
    /// quietly, anything else is fatal.
    pub fn stdout(e: io::Error) -> Error {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Fatal(format!("writing to standard output: {e}"))
        }
    }

    /// Reports the error on standard error and gives the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Error::Usage { message, usage } => {
                eprint_quietly(&format!("deboiler: {message}\n{usage}\n"));
                ExitCode::from(2)
            }
            Error::Fatal(message) => {
                warn(format_args!("{message}"));
                ExitCode::from(1)
            }
            Error::BrokenPipe => ExitCode::SUCCESS,
        }
    }
}

/// Writes `text` to standard error in one piece, ignoring failures: there is no
/// better place left to report them. A progress bar is cleared meanwhile.
pub fn eprint_quietly(text: &str) {
    crate::progress::suspend(|| {
        let _ = io::stderr().lock().write_all(text.as_bytes());
    });
}

/// Prints `deboiler: MESSAGE` on standard error.
pub fn warn(message: fmt::Arguments<'_>) {
    eprint_quietly(&format!("deboiler: {message}\n"));
}
