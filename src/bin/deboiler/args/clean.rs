//! The cleaning command's arguments: `deboiler [OPTIONS] [FILE]...`.

use super::help::{USAGE_CLEAN, help_clean};
use super::{
    CleanArgs, Command, Compress, Format, Input, InputFormat, labels, parse_threshold, usage_err,
};
use crate::error::Error;
use crate::segments::{DEFAULT_SEGMENT, MAX_SEGMENT, MIN_SEGMENT, parse_size, size_name};
use deboiler::Label;
use lexopt::prelude::*;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// The cleaning command's options as typed: `None` (or empty) where not given.
#[derive(Default)]
struct Typed {
    /// The FILEs, `-` as [`Input::Stdin`].
    inputs: Vec<Input>,
    /// `--format`.
    format: Option<Format>,
    /// `--explain`.
    explain: bool,
    /// The labels of every `--keep`, each once, in the order first named.
    keep: Vec<Label>,
    /// `--threshold`.
    threshold: Option<f32>,
    /// `--out-dir`.
    out_dir: Option<PathBuf>,
    /// `--stats`.
    stats: bool,
    /// `--html`.
    html: bool,
    /// `--jobs`.
    jobs: Option<usize>,
    /// `--segment-size`, in bytes.
    segment_size: Option<usize>,
    /// `--input-format`.
    input_format: Option<InputFormat>,
    /// `--text-field`.
    text_field: Option<String>,
    /// `--out-field`.
    out_field: Option<String>,
    /// `--format-field`.
    format_field: Option<String>,
    /// `--compress`.
    compress: Option<Compress>,
    /// `--quiet`.
    quiet: bool,
}

/// Parses the cleaning command's arguments.
pub(super) fn parse(args: &[OsString]) -> Result<Command, Error> {
    let err = usage_err(USAGE_CLEAN);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut t = Typed::default();
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_clean())),
            Short('V') | Long("version") => return Ok(Command::Version),
            Short('f') | Long("format") => t.format = Some(format(&p.value().map_err(&err)?)?),
            Long("explain") => t.explain = true,
            Short('k') | Long("keep") => add_labels(&mut t.keep, &p.value().map_err(&err)?)?,
            Short('t') | Long("threshold") => {
                t.threshold = Some(parse_threshold(&p.value().map_err(&err)?, USAGE_CLEAN)?);
            }
            Short('o') | Long("out-dir") => {
                t.out_dir = Some(PathBuf::from(p.value().map_err(&err)?));
            }
            Long("stats") => t.stats = true,
            Long("html") => t.html = true,
            Short('j') | Long("jobs") => t.jobs = Some(jobs(&p.value().map_err(&err)?)?),
            Long("segment-size") => {
                t.segment_size = Some(segment_size(&p.value().map_err(&err)?)?);
            }
            Long("input-format") => {
                t.input_format = Some(input_format(&p.value().map_err(&err)?)?);
            }
            Long("text-field") => {
                t.text_field = Some(field("--text-field", p.value().map_err(&err)?)?)
            }
            Long("out-field") => {
                t.out_field = Some(field("--out-field", p.value().map_err(&err)?)?)
            }
            Long("format-field") => {
                t.format_field = Some(field("--format-field", p.value().map_err(&err)?)?);
            }
            Long("compress") => t.compress = Some(compress(&p.value().map_err(&err)?)?),
            Short('q') | Long("quiet") => t.quiet = true,
            Value(v) if v == "-" => t.inputs.push(Input::Stdin),
            Value(v) => t.inputs.push(Input::Path(PathBuf::from(v))),
            _ => return Err(err(arg.unexpected())),
        }
    }
    t.resolve().map(Command::Clean)
}

impl Typed {
    /// The settings: defaults where nothing was typed (standard input, text, content,
    /// the cores available, [`DEFAULT_SEGMENT`]); `--explain` with `--format jsonl`
    /// is an error.
    fn resolve(self) -> Result<CleanArgs, Error> {
        let format = match (self.format, self.explain) {
            (Some(f @ (Format::Jsonl | Format::Records)), true) => {
                let name = if f == Format::Jsonl {
                    "jsonl"
                } else {
                    "records"
                };
                return Err(Error::usage(
                    format!("--explain and --format {name} cannot be combined"),
                    USAGE_CLEAN,
                ));
            }
            (_, true) => Format::Explain,
            (f, false) => f.unwrap_or(Format::Text),
        };
        let mut inputs = self.inputs;
        if inputs.is_empty() {
            inputs.push(Input::Stdin);
        }
        let mut keep = self.keep;
        if keep.is_empty() {
            keep.push(Label::Content);
        }
        Ok(CleanArgs {
            inputs,
            format,
            keep,
            threshold: self.threshold,
            out_dir: self.out_dir,
            stats: self.stats,
            html: self.html,
            jobs: self.jobs.unwrap_or_else(default_jobs),
            segment_size: self.segment_size.unwrap_or(DEFAULT_SEGMENT),
            input_format: self.input_format,
            text_field: self.text_field.unwrap_or_else(|| "text".to_string()),
            out_field: self.out_field,
            format_field: self.format_field,
            compress: self.compress.unwrap_or(Compress::None),
            quiet: self.quiet,
        })
    }
}

/// The default of `--jobs`: the cores available to this process.
pub(super) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A `--format` value: `text`, `jsonl` or `records` (`--explain` is an option of
/// its own).
fn format(v: &OsStr) -> Result<Format, Error> {
    match v.to_str() {
        Some("text") => Ok(Format::Text),
        Some("jsonl") => Ok(Format::Jsonl),
        Some("records") => Ok(Format::Records),
        _ => Err(Error::usage(
            format!(
                "--format: unknown format '{}' (expected text, jsonl or records)",
                v.to_string_lossy()
            ),
            USAGE_CLEAN,
        )),
    }
}

/// An `--input-format` value: `warc`, `jsonl` or `page`.
fn input_format(v: &OsStr) -> Result<InputFormat, Error> {
    match v.to_str() {
        Some("warc" | "wet") => Ok(InputFormat::Warc),
        Some("jsonl") => Ok(InputFormat::Jsonl),
        Some("page") => Ok(InputFormat::Page),
        _ => Err(Error::usage(
            format!(
                "--input-format: unknown format '{}' (expected warc, jsonl or page)",
                v.to_string_lossy()
            ),
            USAGE_CLEAN,
        )),
    }
}

/// A `--compress` value: `gz`, `zst` or `none`.
fn compress(v: &OsStr) -> Result<Compress, Error> {
    match v.to_str() {
        Some("gz" | "gzip") => Ok(Compress::Gzip),
        Some("zst" | "zstd") => Ok(Compress::Zstd),
        Some("none") => Ok(Compress::None),
        _ => Err(Error::usage(
            format!(
                "--compress: unknown compression '{}' (expected gz, zst or none)",
                v.to_string_lossy()
            ),
            USAGE_CLEAN,
        )),
    }
}

/// A field name (`--text-field` and the like): not empty.
fn field(option: &str, v: OsString) -> Result<String, Error> {
    match v.into_string() {
        Ok(name) if !name.is_empty() => Ok(name),
        Ok(_) => Err(Error::usage(
            format!("{option}: empty field name"),
            USAGE_CLEAN,
        )),
        Err(v) => Err(Error::usage(
            format!("{option}: not valid UTF-8: '{}'", v.to_string_lossy()),
            USAGE_CLEAN,
        )),
    }
}

/// Adds the labels of a `--keep` value (comma-separated, empty names skipped) to
/// `keep`, each once; a value that names none is an error.
fn add_labels(keep: &mut Vec<Label>, v: &OsStr) -> Result<(), Error> {
    let mut named = false;
    for name in v.to_string_lossy().split(',') {
        if name.trim().is_empty() {
            continue;
        }
        let label: Label = name
            .parse()
            .map_err(|e| Error::usage(format!("--keep: {e}"), USAGE_CLEAN))?;
        named = true;
        if !keep.contains(&label) {
            keep.push(label);
        }
    }
    if named {
        Ok(())
    } else {
        Err(Error::usage(
            format!("--keep: no label given (expected some of: {})", labels()),
            USAGE_CLEAN,
        ))
    }
}

/// A `--jobs` value: a whole number of at least 1.
fn jobs(v: &OsStr) -> Result<usize, Error> {
    match v.to_str().and_then(|s| s.trim().parse::<usize>().ok()) {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(Error::usage(
            format!(
                "--jobs: expected a whole number of at least 1, got '{}'",
                v.to_string_lossy()
            ),
            USAGE_CLEAN,
        )),
    }
}

/// A `--segment-size` value: a size (see [`parse_size`]) from [`MIN_SEGMENT`] to
/// [`MAX_SEGMENT`].
fn segment_size(v: &OsStr) -> Result<usize, Error> {
    match v.to_str().and_then(parse_size) {
        Some(n) if (MIN_SEGMENT..=MAX_SEGMENT).contains(&n) => Ok(n),
        _ => Err(Error::usage(
            format!(
                "--segment-size: expected a size from {} to {} (such as 8M), got '{}'",
                size_name(MIN_SEGMENT),
                size_name(MAX_SEGMENT),
                v.to_string_lossy()
            ),
            USAGE_CLEAN,
        )),
    }
}
