//! The command line: the settings of each command (the types here), parsed with
//! `lexopt` from what the user typed.
//!
//! Each command has its parser ([`clean`], [`eval`], [`train`]), in two steps: the
//! options are first collected as typed (nothing filled in, nothing checked across
//! options), then resolved into the command's settings: defaults filled in, and the
//! options that exclude or need one another checked. [`help`] holds the help texts
//! and the usage lines.
//!
//! `eval` and `train` are subcommands only as the very first argument, so that they
//! never shadow a file: `deboiler -- eval` and `deboiler ./eval` clean a file named
//! `eval`.

mod clean;
mod eval;
mod help;
#[cfg(test)]
mod tests;
mod train;

use crate::error::Error;
use deboiler::Label;
use deboiler::train::TrainOptions;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// What to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Print this help text on standard output.
    Help(String),
    /// Print the version.
    Version,
    /// Clean files (the default command).
    Clean(CleanArgs),
    /// Evaluate against labelled dumps.
    Eval(EvalArgs),
    /// Fit a model on labelled dumps.
    Train(TrainArgs),
}

/// One input of the cleaning command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (no FILE, or `-`).
    Stdin,
    /// A file.
    Path(PathBuf),
}

/// How the cleaning command writes its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The kept lines, byte for byte.
    Text,
    /// One JSON object per input line.
    Jsonl,
    /// Every line with its verdict, for people.
    Explain,
    /// One JSON object per record of a record file (or per input).
    Records,
}

impl Format {
    /// The extension of the files written with `--out-dir`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Jsonl => "jsonl",
            Format::Explain => "explain.txt",
            Format::Records => "jsonl",
        }
    }
}

/// Settings of the cleaning command.
#[derive(Clone, Debug, PartialEq)]
pub struct CleanArgs {
    /// The inputs, in order (never empty: standard input when none was named).
    pub inputs: Vec<Input>,
    /// The output format.
    pub format: Format,
    /// The labels to keep (never empty).
    pub keep: Vec<Label>,
    /// The decision threshold, when given.
    pub threshold: Option<f32>,
    /// Where to write one result file per input, instead of standard output.
    pub out_dir: Option<PathBuf>,
    /// Whether to print per-file counts on standard error.
    pub stats: bool,
    /// Whether to read every input as HTML (`--html`), whatever its name and content.
    pub html: bool,
    /// How many inputs are cleaned at once, on as many threads (`--jobs`, at least 1).
    pub jobs: usize,
    /// The size of the segments a text input is read and classified in, in bytes
    /// (`--segment-size`).
    pub segment_size: usize,
    /// How to read every input (`--input-format`); `None`: by name and content.
    pub input_format: Option<InputFormat>,
    /// The JSONL field that holds the text to clean (`--text-field`).
    pub text_field: String,
    /// The JSONL field the cleaned text is written to (`--out-field`); `None`: the
    /// text field.
    pub out_field: Option<String>,
    /// The JSONL field that names each document's format (`--format-field`).
    pub format_field: Option<String>,
    /// How to compress the output (`--compress`).
    pub compress: Compress,
    /// No progress bar (`--quiet`).
    pub quiet: bool,
}

/// How an input is read, whatever its name and content (`--input-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// A WARC (or WET) file.
    Warc,
    /// JSON Lines.
    Jsonl,
    /// One page: a text dump, or an HTML page.
    Page,
}

/// How the output is compressed (`--compress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compress {
    /// Not at all.
    None,
    /// gzip.
    Gzip,
    /// zstd.
    Zstd,
}

impl Compress {
    /// The suffix of `--out-dir` file names (with its dot), empty without compression.
    pub fn suffix(self) -> &'static str {
        match self {
            Compress::None => "",
            Compress::Gzip => ".gz",
            Compress::Zstd => ".zst",
        }
    }
}

/// Settings of `deboiler eval`.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalArgs {
    /// Directories of labelled dumps (with `pages`, possibly none).
    pub dirs: Vec<PathBuf>,
    /// A `pages.tsv` manifest of fine-labelled pages of the shared benchmarks.
    pub pages: Option<PathBuf>,
    /// The shared folder holding `corpora/` (default: `../shared` beside the
    /// manifest's repository).
    pub shared: Option<PathBuf>,
    /// Evaluate the manifest's pages as HTML rather than as text dumps.
    pub html: bool,
    /// Print JSON instead of tables.
    pub json: bool,
    /// The decision threshold, when given.
    pub threshold: Option<f32>,
}

/// Settings of `deboiler train`.
#[derive(Clone, Debug)]
pub struct TrainArgs {
    /// Directories of labelled dumps (never empty).
    pub dirs: Vec<PathBuf>,
    /// The fit's settings (stages, L2 penalty, iterations, excerpts).
    pub options: TrainOptions,
    /// Cross-validation folds (at least 2), when asked for.
    pub folds: Option<usize>,
    /// Where to write the model (standard output when `None`).
    pub out: Option<PathBuf>,
    /// Where to write each document's kept text as classified by the model of the
    /// folds without it (`--cv-out`), for the referee scorer.
    pub cv_out: Option<PathBuf>,
    /// The command line, for the model's header.
    pub command_line: String,
    /// Fit the HTML model (`--html`): the DIRs hold HTML pages, with the labelled
    /// dumps in `DIR/../dumps`.
    pub html: bool,
    /// Fit the kind model (`--kinds`): the one DIR is a `pages.tsv` manifest.
    pub kinds: bool,
    /// The shared benchmarks' folder for `--kinds` (`--shared`).
    pub shared: Option<PathBuf>,
    /// The kind model's fit settings.
    pub kind_options: deboiler::train_kinds::KindOptions,
    /// Where `--kinds` writes every line's features as a table (`--features-out`).
    pub features_out: Option<PathBuf>,
}

/// Parses the arguments (without the program name).
pub fn parse(args: Vec<OsString>) -> Result<Command, Error> {
    match args.first().and_then(|a| a.to_str()) {
        Some("eval") => eval::parse(&args[1..]),
        Some("train") => train::parse(&args[1..], train::command_line(&args)),
        _ => clean::parse(&args),
    }
}

/// Turns a `lexopt` error into a usage error of the given command.
fn usage_err(usage: &'static str) -> impl Fn(lexopt::Error) -> Error {
    move |e| Error::usage(e, usage)
}

/// Parses a `--threshold` value: a number from 0 to 1.
fn parse_threshold(v: &OsStr, usage: &'static str) -> Result<f32, Error> {
    match v.to_str().and_then(|s| s.trim().parse::<f32>().ok()) {
        Some(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(Error::usage(
            format!(
                "--threshold: expected a number from 0 to 1, got '{}'",
                v.to_string_lossy()
            ),
            usage,
        )),
    }
}

/// Every label's name, comma-separated.
fn labels() -> String {
    Label::ALL
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
