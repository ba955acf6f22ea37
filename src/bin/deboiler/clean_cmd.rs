//! The cleaning command: the inputs are cleaned on `--jobs` worker threads (see
//! [`crate::pool`] and [`crate::clean_job`]) and their results written here, on
//! the calling thread, in input order: to standard output, or each to its file in
//! `--out-dir`, with the messages and `--stats` lines in the same order.

use crate::args::{CleanArgs, Format, Input};
use crate::clean_job::{Destination, Job, Piece, Settings, Worker};
use crate::error::{Error, Status, eprint_quietly, warn};
use crate::input::StdinTurns;
use crate::interrupt::{self, ResultFile};
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
    interrupt::install(args.inputs.iter().map(Input::display_name).collect());
    let inputs = InputFiles::of(&args.inputs);
    let targets = targets(args, &inputs);
    let mut writer = Writer {
        args,
        out: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        failed: false,
        written: HashMap::new(),
        inputs,
        total: Stats::default(),
    };
    let mut stdin_turns = 0;
    let jobs = args.inputs.iter().zip(&targets).enumerate();
    let jobs = jobs.map(|(index, (input, target))| Job {
        index,
        input,
        name: input.display_name(),
        stdin_turn: (input == &Input::Stdin).then(|| {
            stdin_turns += 1;
            stdin_turns - 1
        }),
        destination: match target {
            Target::Stdout | Target::Shared(_) => Ok(Destination::Writer),
            Target::Own(_, path) => Ok(Destination::File(path.clone())),
            Target::Refused(message) => Err(message.clone()),
        },
    });
    pool::run_in_order(
        jobs,
        args.jobs,
        |worker: &mut Worker, job, sink| worker.clean(&settings, job, sink),
        |i, pieces| {
            writer.write_input(i, &targets[i], pieces)?;
            interrupt::finished(i);
            Ok(())
        },
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
    fn write_input(
        &mut self,
        i: usize,
        target: &Target,
        pieces: Receiver<Piece>,
    ) -> Result<(), Error> {
        let args = self.args;
        let input = &args.inputs[i];
        let name = input.display_name();
        let mut stats = Stats::default();
        let mut complete = true;
        match target {
            Target::Refused(message) => {
                // The job sends the message back, and nothing else.
                for piece in pieces {
                    if let Piece::Failed(m) = piece {
                        debug_assert_eq!(&m, message);
                    }
                }
                warn(format_args!("{message}"));
                self.failed = true;
                return Ok(());
            }
            Target::Own(file_name, _) => {
                // The worker wrote the file; only counts and the outcome come here.
                for piece in pieces {
                    match piece {
                        Piece::Output(_, s) => stats.add(&s),
                        Piece::Failed(message) => {
                            warn(format_args!("{message}"));
                            complete = false;
                        }
                        Piece::Written(s) => {
                            stats.add(&s);
                            self.written.insert(file_name.clone(), name.clone());
                        }
                    }
                }
            }
            Target::Shared(dir) => {
                // Settled now: an earlier input may have written this name.
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
                            warn(format_args!("{message}"));
                            complete = false;
                        }
                        Piece::Written(_) => {}
                    }
                }
                if let Some((result, mut file)) = file {
                    let committed = file
                        .flush()
                        .and_then(|()| file.into_inner().map_err(|e| e.into_error()))
                        .and_then(|f| {
                            drop(f);
                            result.commit(i)
                        });
                    if let Err(e) = committed {
                        warn(format_args!("{}: {e}", path.display()));
                        self.failed = true;
                        return Ok(());
                    }
                    self.written.insert(file_name, name.clone());
                }
            }
            Target::Stdout => {
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
                            warn(format_args!("{message}"));
                            complete = false;
                        }
                        Piece::Written(_) => {}
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

/// Where an input's result goes, settled before any input is read.
enum Target {
    /// Standard output.
    Stdout,
    /// Its own file in `--out-dir` (name and path), which no earlier input claims:
    /// the worker writes it.
    Own(OsString, PathBuf),
    /// A file in this `--out-dir` whose name an earlier input claims too: the writer
    /// settles it in its turn, since it depends on whether the earlier one was
    /// written.
    Shared(PathBuf),
    /// Nowhere: the message (naming the input) says why.
    Refused(String),
}

/// Every input's target, in order. Which file names are claimed and which paths
/// are inputs does not change while the command runs, so this is settled first.
fn targets(args: &CleanArgs, inputs: &InputFiles) -> Vec<Target> {
    let Some(dir) = &args.out_dir else {
        return args.inputs.iter().map(|_| Target::Stdout).collect();
    };
    let mut claimed = std::collections::HashSet::new();
    let none = HashMap::new();
    args.inputs
        .iter()
        .map(
            |input| match output_target(dir, args.format, input, inputs, &none) {
                Err(message) => Target::Refused(format!("{}: {message}", input.display_name())),
                Ok((file_name, path)) => {
                    if claimed.insert(file_name.clone()) {
                        Target::Own(file_name, path)
                    } else {
                        Target::Shared(dir.clone())
                    }
                }
            },
        )
        .collect()
}

/// Writes `bytes` to the result file at `path`, creating it (under its temporary
/// name, see [`ResultFile`]) at its first piece.
fn write_piece(
    file: &mut Option<(ResultFile, BufWriter<fs::File>)>,
    path: &Path,
    bytes: &[u8],
) -> io::Result<()> {
    let w = match file {
        Some((_, w)) => w,
        None => {
            let (result, f) = ResultFile::create(path)?;
            &mut file
                .insert((result, BufWriter::with_capacity(64 * 1024, f)))
                .1
        }
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
