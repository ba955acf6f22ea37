//! The help texts (`--help` of each command) and the usage lines printed after a
//! usage error.
//!
//! The figures in them (defaults, limits, the label names, the cores available) come
//! from the constants the code runs with, so the help cannot drift from the
//! behaviour. `tests/cli/help.rs` holds the README's copy of `deboiler --help` to
//! this output.

use super::clean::default_jobs;
use super::labels;
use super::train::max_stages;
use crate::segments::{DEFAULT_SEGMENT, LONG_LINE_FACTOR, MAX_SEGMENT, MIN_SEGMENT, size_name};
use deboiler::train::TrainOptions;

/// The usage line of the cleaning command.
pub(super) const USAGE_CLEAN: &str = "Usage: deboiler [OPTIONS] [FILE]...\n       \
     deboiler eval [OPTIONS] DIR...\n       \
     deboiler train [OPTIONS] DIR...\n\
     Try 'deboiler --help' for more information.";

/// The usage line of `deboiler eval`.
pub(super) const USAGE_EVAL: &str = "Usage: deboiler eval [--json] [--threshold X] DIR...\n       \
     deboiler eval [--json] [--threshold X] --pages PAGES.tsv [--shared DIR] [--html]\n\
     Try 'deboiler eval --help' for more information.";

/// The usage line of `deboiler train`.
pub(super) const USAGE_TRAIN: &str = "Usage: deboiler train [--stages N] [--l2 X] [--folds K] \
     [--iterations N] [--trees N] [--depth D] [--learning-rate X] [--tree-l2 X] [--local-trees] [--page-balance X] [--no-excerpts] [--html] [--cv-out DIR] [--out FILE] DIR...\n\
     Try 'deboiler train --help' for more information.";

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
pub(super) fn help_clean() -> String {
    format!(
        "\
deboiler {version}
Labels every line of a web-page text dump (or every block of an HTML page) as
content or boilerplate, and keeps the content.

Usage: deboiler [OPTIONS] [FILE]...
       deboiler eval [OPTIONS] DIR...     (see 'deboiler eval --help')
       deboiler train [OPTIONS] DIR...    (see 'deboiler train --help')

Cleans each FILE and prints the kept lines, each byte for byte as in the input
(invalid UTF-8 and CRLF line ends included; in a text without LF, a lone CR ends
a line), in the order of the FILEs. With no FILE, or where FILE is '-', reads
standard input. Files ending in '.gz', or starting with the gzip magic bytes,
are decompressed as they are read; a truncated or corrupt one keeps what was
decompressed before the error, and the error is reported. UTF-16 input (with a
byte-order mark, or mostly ASCII) is decoded; other binary input (a NUL byte in
its first 8 KiB) is skipped.

Memory is bounded by bytes, whatever the number of lines or elements: a text
input is read and classified in segments of at most --segment-size bytes
(default {segment}) and one line per {per_line} of those bytes, cut at line ends,
each classified as a page; a single longer line is read whole, up to {factor}
times that ({long_line}), and a longer line ends that input with an error. An
HTML page is parsed whole, up to the same {long_line}, {nodes} nodes and {blocks}
blocks; a larger page is skipped with an error. At most {window} inputs per job
are in flight at once, whatever the number of FILEs.

HTML pages are read as HTML: files named '*.html' or '*.htm' (also with '.gz')
that hold markup in their first segment, input that starts like an HTML
document ('<!doctype html', '<html', '<head' or '<body'), and every input with
--html. A page is decoded by its byte-order mark, else as UTF-8 when it is
valid UTF-8, else by its <meta> charset, else as UTF-8 when it is mostly UTF-8,
else in the legacy encoding Mozilla's chardetng detects. It is then turned into
a text dump of one block per line (scripts, styles, templates and ruby readings
left out, hidden text kept) and cleaned; the kept blocks are printed, one per
line.

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
                        with the same NAME are an error for the second. Each
                        file is written under a hidden temporary name and
                        renamed when complete: a file under its final name is
                        always whole.
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
  2  usage error (unknown option, bad value);
  130  interrupted (Ctrl-C, SIGTERM or SIGHUP): temporary files are removed
     and the unfinished inputs are named on standard error.
",
        version = env!("CARGO_PKG_VERSION"),
        keep_labels = wrap(&labels(), 50, 24),
        threshold = deboiler::DEFAULT_THRESHOLD,
        segment = size_name(DEFAULT_SEGMENT),
        factor = LONG_LINE_FACTOR,
        per_line = crate::segments::BYTES_PER_LINE,
        nodes = deboiler::MAX_HTML_NODES,
        blocks = deboiler::MAX_HTML_BLOCKS,
        long_line = size_name(DEFAULT_SEGMENT * LONG_LINE_FACTOR),
        window = crate::pool::WINDOW_PER_WORKER,
        cores = default_jobs(),
        min_segment = size_name(MIN_SEGMENT),
        max_segment = size_name(MAX_SEGMENT),
    )
}

/// The full help of `deboiler eval`.
pub(super) fn help_eval() -> String {
    format!(
        "\
deboiler eval: measures the cleaner against labelled dumps.

Usage: deboiler eval [--json] [--threshold X] DIR...
       deboiler eval [--json] [--threshold X] --pages PAGES.tsv [--shared DIR] [--html]

{about}

{pages}

Options:
      --json            Print the figures as JSON (with several DIRs, a \"dirs\"
                        key holds each DIR's figures).
  -t, --threshold X     The decision threshold, 0 to 1 (default: {threshold}).
      --pages PAGES.tsv Also evaluate the pages listed in a pages.tsv manifest
                        (such as the project's labels/pages.tsv).
      --shared DIR      The shared benchmarks' folder, holding corpora/ (default:
                        ../shared beside the repository of PAGES.tsv, that is
                        PAGES.tsv's folder/../../shared).
      --html            Evaluate the manifest's pages as HTML pages rather than as
                        text dumps.
  -h, --help            Print this help.
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
        pages = wrap(
            "With --pages, reads the manifest's rows (corpus, id, type, site, lines, \
             FNV-1a checksum of the dump), each page's labels from CORPUS/ID.labels \
             beside the manifest and its text dump from the shared corpora \
             (aeb/dumps/ID.txt, wcxb/dev/dumps/ID.txt). A dump whose line count or \
             checksum differs from the manifest's is an error naming the page, as is \
             an absent shared folder. With --html, each page's HTML \
             (aeb/html/ID.html.gz, wcxb/dev/html/ID.html.gz) is classified instead; \
             only the pages whose blocks are exactly the dump's lines are counted, \
             and the number left out is printed on standard error.",
            80,
            0
        ),
        threshold = deboiler::DEFAULT_THRESHOLD,
    )
}

/// The full help of `deboiler train`.
pub(super) fn help_train() -> String {
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
