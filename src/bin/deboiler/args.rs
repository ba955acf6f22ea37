//! The command line: parsing (with `lexopt`) into a [`Command`], and the help texts.
//!
//! `eval` and `train` are subcommands only as the very first argument, so that they
//! never shadow a file: `deboiler -- eval` and `deboiler ./eval` clean a file named
//! `eval`.

use crate::error::Error;
use crate::segments::{DEFAULT_SEGMENT, LONG_LINE_FACTOR, MAX_SEGMENT, MIN_SEGMENT, size_name};
use deboiler::Label;
use deboiler::train::TrainOptions;
use lexopt::prelude::*;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// The usage line of the cleaning command.
pub const USAGE_CLEAN: &str = "Usage: deboiler [OPTIONS] [FILE]...\n       \
     deboiler eval [OPTIONS] DIR...\n       \
     deboiler train [OPTIONS] DIR...\n\
     Try 'deboiler --help' for more information.";

/// The usage line of `deboiler eval`.
pub const USAGE_EVAL: &str = "Usage: deboiler eval [--json] [--threshold X] DIR...\n\
     Try 'deboiler eval --help' for more information.";

/// The usage line of `deboiler train`.
pub const USAGE_TRAIN: &str = "Usage: deboiler train [--stages N] [--l2 X] [--folds K] \
     [--iterations N] [--trees N] [--depth D] [--learning-rate X] [--tree-l2 X] [--local-trees] [--page-balance X] [--no-excerpts] [--html] [--cv-out DIR] [--out FILE] DIR...\n\
     Try 'deboiler train --help' for more information.";

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
}

impl Format {
    /// The extension of the files written with `--out-dir`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Jsonl => "jsonl",
            Format::Explain => "explain.txt",
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
}

/// Settings of `deboiler eval`.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalArgs {
    /// Directories of labelled dumps (never empty).
    pub dirs: Vec<PathBuf>,
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
}

/// Parses the arguments (without the program name).
pub fn parse(args: Vec<OsString>) -> Result<Command, Error> {
    match args.first().and_then(|a| a.to_str()) {
        Some("eval") => parse_eval(&args[1..]),
        Some("train") => parse_train(&args[1..], command_line(&args)),
        _ => parse_clean(&args),
    }
}

/// The arguments as one line, quoted where needed, after `deboiler`.
fn command_line(args: &[OsString]) -> String {
    let mut line = String::from("deboiler");
    for a in args {
        let a = a.to_string_lossy();
        line.push(' ');
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)) {
            line.push('\'');
            line.push_str(&a.replace('\'', r"'\''"));
            line.push('\'');
        } else {
            line.push_str(&a);
        }
    }
    line
}

/// Turns a `lexopt` error into a usage error of the given command.
fn usage_err(usage: &'static str) -> impl Fn(lexopt::Error) -> Error {
    move |e| Error::usage(e, usage)
}

/// Parses the cleaning command's arguments.
fn parse_clean(args: &[OsString]) -> Result<Command, Error> {
    let err = usage_err(USAGE_CLEAN);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut inputs = Vec::new();
    let mut format = None;
    let mut explain = false;
    let mut keep: Vec<Label> = Vec::new();
    let mut threshold = None;
    let mut out_dir = None;
    let mut stats = false;
    let mut html = false;
    let mut jobs = None;
    let mut segment_size = DEFAULT_SEGMENT;
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_clean())),
            Short('V') | Long("version") => return Ok(Command::Version),
            Short('f') | Long("format") => {
                let v = p.value().map_err(&err)?;
                format = Some(match v.to_str() {
                    Some("text") => Format::Text,
                    Some("jsonl") => Format::Jsonl,
                    _ => {
                        return Err(Error::usage(
                            format!(
                                "--format: unknown format '{}' (expected text or jsonl)",
                                v.to_string_lossy()
                            ),
                            USAGE_CLEAN,
                        ));
                    }
                });
            }
            Long("explain") => explain = true,
            Short('k') | Long("keep") => {
                let v = p.value().map_err(&err)?;
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
                if !named {
                    return Err(Error::usage(
                        format!("--keep: no label given (expected some of: {})", labels()),
                        USAGE_CLEAN,
                    ));
                }
            }
            Short('t') | Long("threshold") => {
                threshold = Some(parse_threshold(&p.value().map_err(&err)?, USAGE_CLEAN)?);
            }
            Short('o') | Long("out-dir") => out_dir = Some(PathBuf::from(p.value().map_err(&err)?)),
            Long("stats") => stats = true,
            Long("html") => html = true,
            Short('j') | Long("jobs") => {
                let v = p.value().map_err(&err)?;
                match v.to_str().and_then(|s| s.trim().parse::<usize>().ok()) {
                    Some(n) if n >= 1 => jobs = Some(n),
                    _ => {
                        return Err(Error::usage(
                            format!(
                                "--jobs: expected a whole number of at least 1, got '{}'",
                                v.to_string_lossy()
                            ),
                            USAGE_CLEAN,
                        ));
                    }
                }
            }
            Long("segment-size") => {
                let v = p.value().map_err(&err)?;
                match v.to_str().and_then(crate::segments::parse_size) {
                    Some(n) if (MIN_SEGMENT..=MAX_SEGMENT).contains(&n) => segment_size = n,
                    _ => {
                        return Err(Error::usage(
                            format!(
                                "--segment-size: expected a size from {} to {} (such as 8M), \
                                 got '{}'",
                                size_name(MIN_SEGMENT),
                                size_name(MAX_SEGMENT),
                                v.to_string_lossy()
                            ),
                            USAGE_CLEAN,
                        ));
                    }
                }
            }
            Value(v) if v == "-" => inputs.push(Input::Stdin),
            Value(v) => inputs.push(Input::Path(PathBuf::from(v))),
            _ => return Err(err(arg.unexpected())),
        }
    }
    let format = match (format, explain) {
        (Some(Format::Jsonl), true) => {
            return Err(Error::usage(
                "--explain and --format jsonl cannot be combined",
                USAGE_CLEAN,
            ));
        }
        (_, true) => Format::Explain,
        (f, false) => f.unwrap_or(Format::Text),
    };
    if inputs.is_empty() {
        inputs.push(Input::Stdin);
    }
    if keep.is_empty() {
        keep.push(Label::Content);
    }
    Ok(Command::Clean(CleanArgs {
        inputs,
        format,
        keep,
        threshold,
        out_dir,
        stats,
        html,
        jobs: jobs.unwrap_or_else(default_jobs),
        segment_size,
    }))
}

/// The default of `--jobs`: the cores available to this process.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `deboiler eval`'s arguments.
fn parse_eval(args: &[OsString]) -> Result<Command, Error> {
    let err = usage_err(USAGE_EVAL);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut dirs = Vec::new();
    let mut json = false;
    let mut threshold = None;
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_eval())),
            Long("json") => json = true,
            Short('t') | Long("threshold") => {
                threshold = Some(parse_threshold(&p.value().map_err(&err)?, USAGE_EVAL)?);
            }
            Value(v) => dirs.push(PathBuf::from(v)),
            _ => return Err(err(arg.unexpected())),
        }
    }
    if dirs.is_empty() {
        return Err(Error::usage("eval: no DIR given", USAGE_EVAL));
    }
    Ok(Command::Eval(EvalArgs {
        dirs,
        json,
        threshold,
    }))
}

/// Parses `deboiler train`'s arguments.
fn parse_train(args: &[OsString], command_line: String) -> Result<Command, Error> {
    let err = usage_err(USAGE_TRAIN);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut t = TrainArgs {
        dirs: Vec::new(),
        options: TrainOptions::default(),
        folds: None,
        out: None,
        cv_out: None,
        command_line,
        html: false,
    };
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_train())),
            Long("stages") => {
                let max = max_stages();
                t.options.stages = train_number(
                    &mut p,
                    "--stages",
                    |n| (1..=max).contains(&n),
                    &format!("1 to {max}"),
                )?;
            }
            Long("l2") => {
                t.options.l2 = train_number(
                    &mut p,
                    "--l2",
                    |x: f64| x.is_finite() && x >= 0.0,
                    "a number of at least 0",
                )?;
            }
            Long("iterations") => {
                t.options.iterations =
                    train_number(&mut p, "--iterations", |n| n >= 1, "at least 1")?;
            }
            Long("trees") => {
                t.options.trees = parse_number(&p.value().map_err(&err)?, "--trees")?;
            }
            Long("depth") => {
                t.options.depth =
                    train_number(&mut p, "--depth", |d| (1..=8).contains(&d), "1 to 8")?;
            }
            Long("learning-rate") => {
                t.options.learning_rate = train_number(
                    &mut p,
                    "--learning-rate",
                    |x: f32| x.is_finite() && x > 0.0 && x <= 1.0,
                    "a number in (0, 1]",
                )?;
            }
            Long("tree-l2") => {
                t.options.tree_l2 = train_number(
                    &mut p,
                    "--tree-l2",
                    |x: f64| x.is_finite() && x >= 0.0,
                    "a number, at least 0",
                )?;
            }
            Long("local-trees") => t.options.local_trees = true,
            Long("folds") => {
                t.folds = Some(train_number(&mut p, "--folds", |k| k >= 2, "at least 2")?);
            }
            Long("page-balance") => {
                t.options.page_balance = train_number(
                    &mut p,
                    "--page-balance",
                    |x: f32| (0.0..=1.0).contains(&x),
                    "0 to 1",
                )?;
            }
            Long("no-excerpts") => t.options.excerpts = false,
            Long("html") => t.html = true,
            Long("cv-out") => t.cv_out = Some(PathBuf::from(p.value().map_err(&err)?)),
            Short('o') | Long("out") => t.out = Some(PathBuf::from(p.value().map_err(&err)?)),
            Value(v) => t.dirs.push(PathBuf::from(v)),
            _ => return Err(err(arg.unexpected())),
        }
    }
    if t.dirs.is_empty() {
        return Err(Error::usage("train: no DIR given", USAGE_TRAIN));
    }
    if t.cv_out.is_some() && t.folds.is_none() {
        return Err(Error::usage("train: --cv-out needs --folds", USAGE_TRAIN));
    }
    Ok(Command::Train(t))
}

/// The most stages a model has: the default of [`TrainOptions`].
fn max_stages() -> usize {
    TrainOptions::default().stages
}

/// Parses a number for a `train` option.
fn parse_number<T: std::str::FromStr>(v: &OsStr, option: &str) -> Result<T, Error> {
    v.to_str()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            Error::usage(
                format!("{option}: invalid number '{}'", v.to_string_lossy()),
                USAGE_TRAIN,
            )
        })
}

/// The value of the `train` option `option`: a number that `ok` accepts, else a usage
/// error saying it expected `expected`.
fn train_number<T: std::str::FromStr + std::fmt::Display + Copy>(
    p: &mut lexopt::Parser,
    option: &str,
    ok: impl Fn(T) -> bool,
    expected: &str,
) -> Result<T, Error> {
    let v = p.value().map_err(usage_err(USAGE_TRAIN))?;
    let x: T = parse_number(&v, option)?;
    if ok(x) {
        Ok(x)
    } else {
        Err(Error::usage(
            format!("{option}: expected {expected}, got {x}"),
            USAGE_TRAIN,
        ))
    }
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

/// Breaks `text` at spaces into lines of at most `width` characters (a longer word
/// stays whole); lines after the first are indented by `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// The full help of the cleaning command.
fn help_clean() -> String {
    format!(
        "\
deboiler {version}
Labels every line of a web-page text dump (or every block of an HTML page) as
content or boilerplate, and keeps the content.

Usage: deboiler [OPTIONS] [FILE]...
       deboiler eval [OPTIONS] DIR...     (see 'deboiler eval --help')
       deboiler train [OPTIONS] DIR...    (see 'deboiler train --help')

Cleans each FILE and prints the kept lines, each byte for byte as in the input
(invalid UTF-8 and CRLF line ends included), in the order of the FILEs. With no
FILE, or where FILE is '-', reads standard input. Files ending in '.gz', or
starting with the gzip magic bytes, are decompressed as they are read. Binary
input (a NUL byte in its first 8 KiB) is skipped.

Memory is bounded: a text input is read and classified in segments of at
most --segment-size bytes (default {segment}), cut at line ends, each classified
as a page; a single longer line is read whole, up to {factor} times that
({long_line}), and a longer line ends that input with an error. An HTML page is
parsed whole, up to the same {long_line}. At most {window} inputs per job are in
flight at once, whatever the number of FILEs.

HTML pages are read as HTML: files named '*.html' or '*.htm' (also with '.gz')
that hold markup in their first segment, input that starts like an HTML
document ('<!doctype html', '<html', '<head' or '<body'), and every input with
--html. A page is decoded (UTF-8, else its <meta> charset, else windows-1252),
turned into a text dump of one block per line (scripts and styles left out,
hidden text kept) and cleaned; the kept blocks are printed, one per line.

Arguments:
  [FILE]...  Text dumps or HTML pages to clean. 'eval' and 'train' as the first
             argument are subcommands; to clean a file of that name, write
             'deboiler -- eval' or 'deboiler ./eval'.

Options:
  -f, --format FORMAT   What to print: 'text' (default), the kept lines; or
                        'jsonl', one JSON object per input line with the keys
                        file (as given, or <stdin>), line (from 1), label,
                        score (3 decimals), kept, reasons, text (invalid UTF-8
                        replaced by U+FFFD, and then \"invalid_utf8\": true).
                        Every input line gets an object, kept or not; for
                        HTML, every block, with its element path (\"path\").
      --explain         Print every line with its line number, KEEP or drop, its
                        label, score and reasons, and its text (shortened), for a
                        person to read. Cannot be combined with --format jsonl.
  -k, --keep LABEL,...  The labels to keep (default: content). Repeatable.
                        Labels: {keep_labels}.
                        A blank line is kept only between two kept lines.
  -t, --threshold X     The content score (0 to 1) from which a line is content
                        (default: {threshold}). Higher keeps less, and is surer of it;
                        0 keeps every line that is not blank.
  -o, --out-dir DIR     Write each input's result to DIR/NAME.txt (DIR/NAME.jsonl
                        with --format jsonl, DIR/NAME.explain.txt with --explain)
                        instead of standard output. NAME is the file name without
                        '.gz' and without '.txt', '.html' or '.htm'; standard input
                        is named 'stdin'. DIR is created if missing. Two inputs
                        with the same NAME are an error for the second.
      --stats           Print on standard error, for each input: its lines, the
                        kept lines, and the count of lines per label.
      --html            Read every input as HTML, whatever its name or content.
  -j, --jobs N          Clean N inputs at once, on N threads (default: the cores
                        available, here {cores}). Output keeps the input order.
      --segment-size SIZE
                        Read text in segments of at most SIZE bytes (suffix K, M
                        or G; {min_segment} to {max_segment}; default {segment}).
  -h, --help            Print this help.
  -V, --version         Print the version.

Subcommands:
  eval    Measure precision and recall against labelled dumps (NAME.txt with
          NAME.labels beside it).
  train   Fit the model's weights on labelled dumps.

Exit status:
  0  success;
  1  an input could not be read, was skipped or could not be written (the other
     inputs are still processed; each problem is reported on standard error);
  2  usage error (unknown option, bad value).
",
        version = env!("CARGO_PKG_VERSION"),
        keep_labels = wrap(&labels(), 50, 24),
        threshold = deboiler::DEFAULT_THRESHOLD,
        segment = size_name(DEFAULT_SEGMENT),
        factor = LONG_LINE_FACTOR,
        long_line = size_name(DEFAULT_SEGMENT * LONG_LINE_FACTOR),
        window = crate::pool::WINDOW_PER_WORKER,
        cores = default_jobs(),
        min_segment = size_name(MIN_SEGMENT),
        max_segment = size_name(MAX_SEGMENT),
    )
}

/// The full help of `deboiler eval`.
fn help_eval() -> String {
    format!(
        "\
deboiler eval: measures the cleaner against labelled dumps.

Usage: deboiler eval [--json] [--threshold X] DIR...

{about}

Options:
      --json         Print the figures as JSON (with several DIRs, a \"dirs\" key
                     holds each DIR's figures).
  -t, --threshold X  The decision threshold, 0 to 1 (default: {threshold}).
  -h, --help         Print this help.
",
        about = wrap(
            &format!(
                "Reads every NAME.txt that has a NAME.labels beside it in each DIR (one \
                 label per line: {}; or 'other' for any label but content), classifies \
                 it with the default cleaner and prints precision, recall and F1 per \
                 label, content against the rest (by lines and by words), and the \
                 confusion matrix, for all DIRs together; with several DIRs, also a \
                 content-vs-rest line per DIR. A DIR without labelled dumps is an error \
                 (exit status 1).",
                labels()
            ),
            80,
            0
        ),
        threshold = deboiler::DEFAULT_THRESHOLD,
    )
}

/// The full help of `deboiler train`.
fn help_train() -> String {
    let d = TrainOptions::default();
    format!(
        "\
deboiler train: fits the model's weights on labelled dumps.

Usage: deboiler train [--stages N] [--l2 X] [--folds K] [--iterations N]
                      [--trees N] [--depth D] [--learning-rate X] [--tree-l2 X]
                      [--local-trees] [--no-excerpts] [--html] [--cv-out DIR] [--out FILE] DIR...

Reads every NAME.txt that has a NAME.labels beside it in each DIR, fits the model
on all of them and writes it in the format of seeds/model.txt (with a header of
'#' comments naming the command, the DIRs and the document and line counts).
Progress and figures go to standard error.

Options:
      --stages N      Stages of the model, 1 to {max} (default: {stages}).
      --l2 X          The L2 penalty on the weights, at least 0 (default: {l2}).
      --iterations N  Newton iterations per stage (default: {iterations}).
      --trees N       Boosted trees on top of the last stage, 0 for none
                      (default: {trees}; needs 2 stages or more).
      --depth D       Levels of each tree, 1 to 8 (default: {depth}).
      --learning-rate X
                      Shrinkage of each tree, in (0, 1] (default: {rate}).
      --tree-l2 X     The L2 penalty on the trees' leaf values, at least 0
                      (default: {tree_l2}); larger values keep a tree from
                      fitting a few pages.
      --local-trees   Keep the trees from splitting on page-level features (the
                      page's mean score, main run or main container share, size):
                      such splits learn the training sites' pages.
      --no-excerpts   Train on the whole pages only, not also on an excerpt of
                      each page (its content with a few lines either side).
      --folds K       Also cross-validate with K folds (K >= 2), split by site so
                      that no site is on both sides, and print the
                      cross-validated figures next to the full-set ones (the model
                      fitted on all, evaluated on all).
      --cv-out DIR    With --folds: write each document's kept lines, as the
                      model fitted without its fold keeps them, to DIR/NAME.txt
                      (for the referee scorer), and every line's label, score
                      and verdict to DIR/NAME.verdicts.tsv (one line each:
                      label, score to 3 decimals, 'kept' or 'dropped').
                      DIR is created if missing.
      --page-balance X
                      How far pages' weights are evened out, 0 (by their lines)
                      to 1 (every page the same) (default: {balance}).
      --html          Fit the HTML model (seeds/model_html.txt's format): each DIR
                      holds pages NAME.html[.gz], their labelled dumps are
                      DIR/../dumps/NAME.txt and NAME.labels; pages whose blocks
                      match their dump's lines exactly are used, the others
                      counted and left out. Whole pages only (no excerpts).
  -o, --out FILE      Write the model to FILE (default: standard output).
  -h, --help          Print this help.
",
        max = max_stages(),
        stages = d.stages,
        l2 = d.l2,
        iterations = d.iterations,
        trees = d.trees,
        depth = d.depth,
        rate = d.learning_rate,
        tree_l2 = d.tree_l2,
        balance = d.page_balance,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    fn clean(a: &[&str]) -> CleanArgs {
        match parse(args(a)) {
            Ok(Command::Clean(c)) => c,
            other => panic!("{a:?}: {other:?}"),
        }
    }

    fn usage_error(a: &[&str]) -> String {
        match parse(args(a)) {
            Err(Error::Usage { message, .. }) => message,
            other => panic!("{a:?}: {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = clean(&[]);
        assert_eq!(c.inputs, vec![Input::Stdin]);
        assert_eq!(c.format, Format::Text);
        assert_eq!(c.keep, vec![Label::Content]);
        assert_eq!(c.threshold, None);
    }

    #[test]
    fn options() {
        let c = clean(&[
            "--format=jsonl",
            "-k",
            "content,Title",
            "--keep",
            "legal",
            "-t",
            "0.25",
            "-",
            "a.txt",
            "--stats",
        ]);
        assert_eq!(c.format, Format::Jsonl);
        assert_eq!(c.keep, vec![Label::Content, Label::Title, Label::Legal]);
        assert_eq!(c.threshold, Some(0.25));
        assert_eq!(c.inputs, vec![Input::Stdin, Input::Path("a.txt".into())]);
        assert!(c.stats);
        assert!(!c.html);
        assert_eq!(clean(&["--explain"]).format, Format::Explain);
        assert!(clean(&["--html", "a.txt"]).html);
        assert_eq!(clean(&["-j", "3"]).jobs, 3);
        assert!(clean(&[]).jobs >= 1);
        assert_eq!(clean(&["--segment-size", "64K"]).segment_size, 64 << 10);
        assert_eq!(clean(&[]).segment_size, DEFAULT_SEGMENT);
    }

    #[test]
    fn subcommands_only_first() {
        assert!(matches!(parse(args(&["eval", "d"])), Ok(Command::Eval(_))));
        assert_eq!(
            clean(&["--", "eval"]).inputs,
            vec![Input::Path("eval".into())]
        );
        assert_eq!(
            clean(&["a", "train"]).inputs,
            vec![Input::Path("a".into()), Input::Path("train".into())]
        );
        match parse(args(&[
            "train", "--html", "--trees", "5", "--depth", "3", "d",
        ])) {
            Ok(Command::Train(t)) => {
                assert!(t.html);
                assert_eq!((t.options.trees, t.options.depth), (5, 3));
            }
            _ => panic!("train --html takes --trees and --depth"),
        }
        match parse(args(&["train", "--stages", "2", "--folds", "3", "my dir"])) {
            Ok(Command::Train(t)) => {
                assert_eq!((t.options.stages, t.folds), (2, Some(3)));
                assert!(t.options.excerpts);
                assert_eq!(
                    t.command_line,
                    "deboiler train --stages 2 --folds 3 'my dir'"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn usage_errors() {
        assert!(usage_error(&["--keep", "bogus"]).contains("content, title"));
        assert!(usage_error(&["--keep", ","]).contains("no label"));
        assert!(usage_error(&["-k", "title", "--keep", ""]).contains("no label"));
        assert!(usage_error(&["--threshold", "1.5"]).contains("0 to 1"));
        assert!(usage_error(&["--threshold", "NaN"]).contains("0 to 1"));
        assert!(usage_error(&["--format", "xml"]).contains("xml"));
        assert!(usage_error(&["--bogus"]).contains("--bogus"));
        assert!(usage_error(&["--explain", "-f", "jsonl"]).contains("combined"));
        assert!(usage_error(&["-j", "0"]).contains("--jobs"));
        assert!(usage_error(&["--jobs", "x"]).contains("--jobs"));
        assert!(usage_error(&["--segment-size", "1K"]).contains("64 KiB"));
        assert!(usage_error(&["--segment-size", "2G"]).contains("1024 MiB"));
        assert!(usage_error(&["eval"]).contains("no DIR"));
        assert!(usage_error(&["train", "--folds", "1", "d"]).contains("at least 2"));
        assert!(usage_error(&["train", "--cv-out", "o", "d"]).contains("--folds"));
        assert!(usage_error(&["train", "--stages", "0", "d"]).contains("--stages"));
        assert!(usage_error(&["train", "--l2", "-1", "d"]).contains("--l2"));
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc dd", 5, 2), "aa bb\n  cc dd");
        assert_eq!(wrap("toolongword x", 4, 0), "toolongword\nx");
        assert_eq!(wrap("", 4, 0), "");
    }

    #[test]
    fn help_documents_every_flag() {
        let help = help_clean();
        for flag in [
            "--format",
            "--explain",
            "--keep",
            "--threshold",
            "--out-dir",
            "--stats",
            "--html",
            "--jobs",
            "--segment-size",
            "--help",
            "--version",
        ] {
            assert!(help.contains(flag), "{flag}");
        }
        for flag in [
            "--stages",
            "--l2",
            "--folds",
            "--iterations",
            "--no-excerpts",
            "--out",
        ] {
            assert!(help_train().contains(flag), "{flag}");
        }
        for flag in ["--json", "--threshold"] {
            assert!(help_eval().contains(flag), "{flag}");
        }
    }
}
