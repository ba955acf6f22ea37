//! The cleaning command: the inputs are cleaned on `--jobs` worker threads (see
//! [`crate::pool`] and [`crate::clean_job`]) and their results written here, on
//! the calling thread, in input order: to standard output, or each to its file in
//! `--out-dir`, with the messages and `--stats` lines in the same order.

use crate::args::{CleanArgs, Format, Input};
use crate::clean_job::{Job, Piece, Settings, Worker};
use crate::error::{Error, Status, eprint_quietly, warn};
use crate::input::StdinTurns;
use crate::output::Stats;
use crate::pool;
use deboiler::Cleaner;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

/// Cleans every input. A failed input is reported on standard error and the others
/// are still processed; standard output failing ends the command.
pub fn run(args: &CleanArgs) -> Result<Status, Error> {
    let mut builder = Cleaner::builder().keep(&args.keep);
    if let Some(t) = args.threshold {
        builder = builder.threshold(t);
    }
    let settings = Settings {
        cleaner: builder.build(),
        format: args.format,
        html: args.html,
        segment: args.segment_size,
        stdin_turns: StdinTurns::default(),
    };
    if let Some(dir) = &args.out_dir {
        fs::create_dir_all(dir).map_err(|e| Error::Fatal(format!("{}: {e}", dir.display())))?;
    }
    let mut writer = Writer {
        args,
        out: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        failed: false,
        written: HashMap::new(),
        inputs: InputFiles::of(&args.inputs),
        total: Stats::default(),
    };
    let mut stdin_turns = 0;
    let jobs = args.inputs.iter().map(|input| Job {
        input,
        name: input.display_name(),
        stdin_turn: (input == &Input::Stdin).then(|| {
            stdin_turns += 1;
            stdin_turns - 1
        }),
    });
    pool::run_in_order(
        jobs,
        args.jobs,
        |worker: &mut Worker, job, sink| worker.clean(&settings, job, sink),
        |i, pieces| writer.write_input(i, pieces),
    )?;
    if args.stats && args.inputs.len() > 1 {
        eprint_quietly(&format!("total: {}\n", writer.total));
    }
    writer.out.flush().map_err(Error::stdout)?;
    Ok(Status::from_failed(writer.failed))
}

/// Writes the inputs' results in order.
struct Writer<'a, W: Write> {
    args: &'a CleanArgs,
    /// Standard output.
    out: W,
    /// Whether an input failed.
    failed: bool,
    /// With `--out-dir`: the file names written so far, and for which input.
    written: HashMap<OsString, String>,
    /// The inputs' files, to never write over one.
    inputs: InputFiles,
    /// The sum of `--stats`.
    total: Stats,
}

impl<W: Write> Writer<'_, W> {
    /// Writes the result of input number `i`, whose pieces come from `pieces`.
    fn write_input(&mut self, i: usize, pieces: Receiver<Piece>) -> Result<(), Error> {
        let args = self.args;
        let input = &args.inputs[i];
        let name = input.display_name();
        let mut stats = Stats::default();
        let mut complete = true;
        match &args.out_dir {
            Some(dir) => {
                // The result's file is settled before anything is written.
                let (file_name, path) =
                    match output_target(dir, args.format, input, &self.inputs, &self.written) {
                        Ok(target) => target,
                        Err(message) => {
                            warn(format_args!("{name}: {message}"));
                            self.failed = true;
                            return Ok(());
                        }
                    };
                let mut file = None;
                for piece in pieces {
                    match piece {
                        Piece::Output(bytes, s) => {
                            stats.add(&s);
                            if let Err(e) = write_piece(&mut file, &path, &bytes) {
                                warn(format_args!("{}: {e}", path.display()));
                                self.failed = true;
                                return Ok(());
                            }
                        }
                        Piece::Failed(message) => {
                            warn(format_args!("{name}: {message}"));
                            complete = false;
                        }
                    }
                }
                if let Some(mut file) = file {
                    if let Err(e) = file.flush() {
                        warn(format_args!("{}: {e}", path.display()));
                        self.failed = true;
                        return Ok(());
                    }
                    self.written.insert(file_name, name.clone());
                }
            }
            None => {
                let mut first = true;
                for piece in pieces {
                    match piece {
                        Piece::Output(bytes, s) => {
                            if first && args.format == Format::Explain && args.inputs.len() > 1 {
                                let sep = if i > 0 { "\n" } else { "" };
                                writeln!(self.out, "{sep}==> {name} <==").map_err(Error::stdout)?;
                            }
                            first = false;
                            stats.add(&s);
                            self.out.write_all(&bytes).map_err(Error::stdout)?;
                        }
                        Piece::Failed(message) => {
                            // Keep the order of messages and output on a terminal.
                            self.out.flush().map_err(Error::stdout)?;
                            warn(format_args!("{name}: {message}"));
                            complete = false;
                        }
                    }
                }
                self.out.flush().map_err(Error::stdout)?;
            }
        }
        if !complete {
            self.failed = true;
        } else if args.stats {
            eprint_quietly(&format!("{name}: {stats}\n"));
            self.total.add(&stats);
        }
        Ok(())
    }
}

/// Writes `bytes` to the result file at `path`, creating it (new or truncated) at
/// its first piece.
fn write_piece(
    file: &mut Option<BufWriter<fs::File>>,
    path: &Path,
    bytes: &[u8],
) -> io::Result<()> {
    let w = match file {
        Some(w) => w,
        None => file.insert(BufWriter::with_capacity(64 * 1024, fs::File::create(path)?)),
    };
    w.write_all(bytes)
}

/// The file name and path of an input's result in `DIR` (`DIR/NAME.EXT`), or why it
/// cannot be written: the name was already written for another input in this run
/// (`written` maps names to inputs), or the path is one of the inputs (writing it
/// would destroy an input, this one or one still to be read).
fn output_target(
    dir: &Path,
    format: Format,
    input: &Input,
    inputs: &InputFiles,
    written: &HashMap<OsString, String>,
) -> Result<(OsString, PathBuf), String> {
    let mut file_name = input
        .output_stem()
        .ok_or("cannot name an output file after this path; skipped")?;
    file_name.push(".");
    file_name.push(format.extension());
    let path = dir.join(&file_name);
    if let Some(first) = written.get(&file_name) {
        return Err(format!(
            "{} was already written for {first}; skipped (inputs in --out-dir need \
             distinct names)",
            path.display()
        ));
    }
    if let Some(source) = inputs.find(&path) {
        let whose = match input {
            Input::Path(own) if own == source => "the input itself".to_string(),
            _ => format!("the input {}", source.display()),
        };
        return Err(format!(
            "{} is {whose}; skipped (choose another --out-dir)",
            path.display()
        ));
    }
    Ok((file_name, path))
}

/// The files named as inputs, looked up by identity (device and inode, so through
/// symbolic and hard links), so that checking a result's path costs one `stat`
/// whatever the number of inputs.
struct InputFiles(HashMap<FileId, PathBuf>);

impl InputFiles {
    /// The inputs that exist (the first path of each file).
    fn of(inputs: &[Input]) -> InputFiles {
        let mut files = HashMap::new();
        for input in inputs {
            if let Input::Path(p) = input
                && let Some(id) = file_id(p)
            {
                files.entry(id).or_insert_with(|| p.clone());
            }
        }
        InputFiles(files)
    }

    /// The input that is the same file as `path`, if any.
    fn find(&self, path: &Path) -> Option<&PathBuf> {
        file_id(path).and_then(|id| self.0.get(&id))
    }
}

/// What tells one file from another.
#[cfg(unix)]
type FileId = (u64, u64);

/// The device and inode of an existing file.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What tells one file from another.
#[cfg(not(unix))]
type FileId = PathBuf;

/// The canonical path of an existing file.
#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    fs::canonicalize(path).ok()
}
