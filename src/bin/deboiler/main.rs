//! `deboiler`: the command-line front end of the library.
//!
//! ```text
//! deboiler [OPTIONS] [FILE]...     clean files (or standard input)
//! deboiler eval [OPTIONS] DIR...   measure against labelled dumps
//! deboiler train [OPTIONS] DIR...  fit the model on labelled dumps
//! ```
//!
//! The library does the work; this binary parses the command line ([`args`]), walks
//! directories ([`walk`]), opens inputs ([`input`]) and reads them in bounded
//! segments ([`segments`]) or, for WARC and JSONL files, record by record
//! ([`records`], fed to the workers by [`feed`]), cleans them on worker threads in
//! input order ([`pool`], [`clean_job`]), writes results ([`output`], [`writer`],
//! compressed by [`compress`]) with a progress bar ([`progress`]) and runs each
//! command ([`clean_cmd`], [`eval_cmd`], [`train_cmd`]); [`error`] holds the error
//! type and the messages on standard error.
//!
//! Exit status: 0 on success, 1 when an input failed (the others are still
//! processed), 2 on a usage error, 130 when the cleaning command is interrupted
//! (Ctrl-C, SIGTERM or SIGHUP; see [`interrupt`]). A closed standard output (`deboiler … | head`)
//! ends the program quietly with 0.

mod args;
mod clean_cmd;
mod clean_job;
mod compress;
mod error;
mod eval_cmd;
mod feed;
mod input;
mod interrupt;
mod kinds_cmd;
mod output;
mod peak;
mod pool;
mod progress;
mod records;
mod segments;
mod train_cmd;
mod utf16;
mod walk;
mod writer;

use args::Command;
use error::{Error, Status};
use std::io::Write;
use std::process::ExitCode;

/// Parses the command line, runs the command and turns its outcome into the exit
/// status.
fn main() -> ExitCode {
    let code = match args::parse(std::env::args_os().skip(1).collect()).and_then(run) {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::SomeFailed) => ExitCode::from(1),
        Err(e) => e.report(),
    };
    peak::report();
    code
}

/// Runs one command.
fn run(command: Command) -> Result<Status, Error> {
    match command {
        Command::Help(text) => print(&text),
        Command::Version => print(&format!("deboiler {}\n", env!("CARGO_PKG_VERSION"))),
        Command::Clean(args) => clean_cmd::run(&args),
        Command::Eval(args) => eval_cmd::run(&args),
        Command::Train(args) => train_cmd::run(&args),
    }
}

/// Prints `text` on standard output.
fn print(text: &str) -> Result<Status, Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::stdout)?;
    Ok(Status::Success)
}
