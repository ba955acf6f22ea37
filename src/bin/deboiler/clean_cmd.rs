//! The cleaning command: directories walked ([`crate::walk`]), the inputs cleaned on
//! `--jobs` worker threads (see [`crate::pool`] and [`crate::clean_job`]), record
//! files read here a batch at a time ([`crate::feed`]), and the results written
//! here, on the calling thread, in input order ([`crate::writer`]): to standard
//! output, or each to its file in `--out-dir`, with the messages and `--stats`
//! lines in the same order.

use crate::args::{CleanArgs, Format, Input, InputFormat};
use crate::clean_job::{Destination, Settings, Worker};
use crate::compress::Encoder;
use crate::error::{Error, Status, eprint_quietly, warn};
use crate::feed::{Feed, Meta, Plan};
use crate::input::StdinTurns;
use crate::interrupt;
use crate::output::Stats;
use crate::pool;
use crate::progress::Progress;
use crate::records::{self, Kind, clean::Fields};
use crate::segments::LONG_LINE_FACTOR;
use crate::walk;
use crate::writer::Writer;
use deboiler::Cleaner;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Cleans every input. A failed input is reported on standard error and the others
/// are still processed; standard output failing ends the command.
pub fn run(args: &CleanArgs) -> Result<Status, Error> {
    let walked = walk::walk(&args.inputs);
    for message in &walked.errors {
        warn(format_args!("{message}"));
    }
    let args = &CleanArgs {
        inputs: walked.inputs,
        ..args.clone()
    };
    let subdirs = walked.subdirs;
    // The kind of every line is named where it is shown: in every format but the
    // kept text, and in the counts of --stats.
    let mut builder = Cleaner::builder()
        .keep(&args.keep)
        .kinds(args.format != Format::Text || args.stats);
    if let Some(t) = args.threshold {
        builder = builder.threshold(t);
    }
    let settings = Settings {
        cleaner: builder.build(),
        format: args.format,
        html: args.html,
        segment: args.segment_size,
        stdin_turns: StdinTurns::default(),
        input_format: args.input_format,
        fields: Fields {
            text: args.text_field.clone(),
            out: args.out_field.clone(),
            format: args.format_field.clone(),
        },
        compress: args.compress,
    };
    if let Some(dir) = &args.out_dir {
        fs::create_dir_all(dir).map_err(|e| Error::Fatal(format!("{}: {e}", dir.display())))?;
    }
    interrupt::install(args.inputs.iter().map(Input::display_name).collect());
    let kinds: Vec<Option<Kind>> = args.inputs.iter().map(|i| record_kind(args, i)).collect();
    let inputs = InputFiles::of(&args.inputs);
    let targets = targets(args, &subdirs, &kinds, &inputs);
    let stdout = Encoder::new(
        BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        args.compress,
    )
    .map_err(Error::stdout)?;
    let mut writer = Writer {
        args,
        out: stdout,
        failed: !walked.errors.is_empty(),
        written: HashMap::new(),
        inputs,
        subdirs: &subdirs,
        total: Stats::default(),
        progress: Progress::new(&args.inputs, args.quiet),
        records: None,
    };
    let plans = args
        .inputs
        .iter()
        .zip(&targets)
        .zip(&kinds)
        .map(|((input, target), &kind)| Plan {
            input,
            kind,
            destination: match target {
                Target::Stdout | Target::Shared(_) => Ok(Destination::Writer),
                // A record file's is written by the writer.
                Target::Own(_, _) if kind.is_some() => Ok(Destination::Writer),
                Target::Own(_, path) => Ok(Destination::File(path.clone())),
                Target::Refused(message) => Err(message.clone()),
            },
        })
        .collect();
    let queue = RefCell::new(VecDeque::new());
    let limit = args.segment_size.saturating_mul(LONG_LINE_FACTOR);
    pool::run_in_order(
        Feed::new(plans, limit, &queue),
        args.jobs,
        |worker: &mut Worker, work, sink| worker.run(&settings, work, sink),
        |_, pieces| {
            let meta = queue.borrow_mut().pop_front().expect("announced work");
            match meta {
                Meta::Page(i) => {
                    writer.write_input(i, &targets[i], pieces)?;
                    interrupt::finished(i);
                }
                Meta::Batch {
                    input,
                    records,
                    read,
                } => writer.write_batch(input, &targets[input], pieces, (records, read))?,
                Meta::End(i) => writer.end_records(i, &targets[i], pieces)?,
            }
            Ok(())
        },
    )?;
    writer.progress.finish();
    if args.stats && args.inputs.len() > 1 {
        eprint_quietly(&format!("total: {}\n", writer.total));
    }
    let mut out = writer.out.finish().map_err(Error::stdout)?;
    out.flush().map_err(Error::stdout)?;
    Ok(Status::from_failed(writer.failed))
}

/// The record format of `input` when it is read as a record file here (by
/// `--input-format`, or by its name): `None` for a page (or a record file found by
/// its content, which its worker reads).
fn record_kind(args: &CleanArgs, input: &Input) -> Option<Kind> {
    match (args.input_format, input) {
        (Some(InputFormat::Warc), _) => Some(Kind::Warc),
        (Some(InputFormat::Jsonl), _) => Some(Kind::Jsonl),
        (Some(InputFormat::Page), _) | (None, Input::Stdin) => None,
        (None, Input::Path(p)) => records::kind_by_name(p),
    }
}

/// Where an input's result goes, settled before any input is read.
pub enum Target {
    /// Standard output.
    Stdout,
    /// Its own file in `--out-dir` (path relative to it, and path), which no
    /// earlier input claims: the worker writes it (the writer, for a record file).
    Own(PathBuf, PathBuf),
    /// A file in this `--out-dir` whose name an earlier input claims too: the writer
    /// settles it in its turn, since it depends on whether the earlier one was
    /// written.
    Shared(PathBuf),
    /// Nowhere: the message (naming the input) says why.
    Refused(String),
}

/// Every input's target, in order. Which file names are claimed and which paths
/// are inputs does not change while the command runs, so this is settled first.
fn targets(
    args: &CleanArgs,
    subdirs: &[PathBuf],
    kinds: &[Option<Kind>],
    inputs: &InputFiles,
) -> Vec<Target> {
    let Some(dir) = &args.out_dir else {
        return args.inputs.iter().map(|_| Target::Stdout).collect();
    };
    let mut claimed = std::collections::HashSet::new();
    let none = HashMap::new();
    let targets = args.inputs.iter().zip(subdirs).zip(kinds);
    targets
        .map(|((input, subdir), kind)| {
            match output_target(dir, args, input, subdir, inputs, &none) {
                Err(message) => Target::Refused(format!("{}: {message}", input.display_name())),
                // A record file's target is settled by the writer.
                Ok((rel, _)) if kind.is_some() && !claimed.insert(rel.clone()) => {
                    Target::Shared(dir.clone())
                }
                Ok((rel, path)) => {
                    if kind.is_some() || claimed.insert(rel.clone()) {
                        Target::Own(rel, path)
                    } else {
                        Target::Shared(dir.clone())
                    }
                }
            }
        })
        .collect()
}

/// The path (relative to `DIR`, and whole) of an input's result in `DIR`
/// (`DIR/SUBDIR/NAME.EXT`, `SUBDIR` the input's directory relative to the directory
/// it was found in), or why it cannot be written: the name was already written for
/// another input in this run (`written` maps relative paths to inputs), or the path
/// is one of the inputs (writing it would destroy an input, this one or one still
/// to be read).
pub fn output_target(
    dir: &Path,
    args: &CleanArgs,
    input: &Input,
    subdir: &Path,
    inputs: &InputFiles,
    written: &HashMap<PathBuf, String>,
) -> Result<(PathBuf, PathBuf), String> {
    let mut file_name = input
        .output_stem()
        .ok_or("cannot name an output file after this path; skipped")?;
    file_name.push(".");
    file_name.push(args.format.extension());
    file_name.push(args.compress.suffix());
    let rel = subdir.join(&file_name);
    let path = dir.join(&rel);
    if let Some(first) = written.get(&rel) {
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
    Ok((rel, path))
}

/// The files named as inputs, looked up by identity (device and inode, so through
/// symbolic and hard links), so that checking a result's path costs one `stat`
/// whatever the number of inputs.
pub struct InputFiles(HashMap<FileId, PathBuf>);

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
