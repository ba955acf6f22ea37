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
pub(super) const USAGE_CLEAN: &str = "Usage: deboiler [OPTIONS] [FILE|DIR]...\n       \
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
     \x20      deboiler train --kinds [--html] [--folds K] [--balance X] [--rescue P] [--override LABEL=P] [--rules LABEL] [--context] [--context-l2 X] \
     [--shared DIR] [--features-out FILE] [--cv-out DIR] [--out FILE] MANIFEST [DIR...]\n\
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

Usage: deboiler [OPTIONS] [FILE|DIR]...
       deboiler eval [OPTIONS] DIR...     (see 'deboiler eval --help')
       deboiler train [OPTIONS] DIR...    (see 'deboiler train --help')

Cleans each FILE and prints the kept lines, each byte for byte as in the input
(invalid UTF-8 and CRLF line ends included; in a text without LF, a lone CR ends
a line), in the order of the FILEs. No FILE, or '-', is standard input; a DIR is
walked (sorted, hidden files left out); 'deboiler -- eval' or './eval' cleans a
file named 'eval'. Files ending in '.gz' or '.zst', or starting with their magic
bytes, are decompressed as they are read (other compressions are refused); a
truncated or corrupt one keeps what was decompressed before the error, which is
reported. UTF-16 input (with a byte-order mark, or mostly ASCII) is decoded;
other binary input (a NUL byte in its first 8 KiB) is skipped.

Memory is bounded by bytes, whatever the count of lines or elements: text is
read and classified in segments of at most --segment-size bytes (default
{segment}) and one line per {per_line} of those bytes, cut at line ends; a line,
an HTML page or a record may take {factor} times that ({long_line}), a longer one
is skipped with an error, as is a page of more than {nodes} nodes or {blocks}
blocks. At most {window} inputs (or batches of records) per job are in flight.

HTML pages are read as HTML: files named '*.html' or '*.htm' (also '.gz') that
hold markup in their first segment, input that starts like an HTML document
('<!doctype html', '<html', '<head' or '<body'), and all with --html. A page is
decoded by its byte-order mark, else as UTF-8 when it is valid UTF-8, else by
its <meta> charset, else as UTF-8 when mostly UTF-8, else in the encoding
Mozilla's chardetng detects; its blocks (scripts, styles, templates and ruby
readings left out, hidden text kept) are cleaned as lines.

Record files are cleaned record by record, in order, on every job: WARC
('*.warc', '*.wet', also '.gz' or '.zst'), whose HTML 'response' records are
cleaned as HTML (chunked and gzip encodings undone, the HTTP charset used where
the page declares none), WET 'conversion' records as text, others skipped and
counted; JSON Lines ('*.jsonl', '*.ndjson'), each object's text field cleaned
(as HTML with --html, by --format-field, or when it starts like a document).
Also found by content, or --input-format. A bad record is reported and skipped.

Options:
  -f, --format FORMAT   'text' (default): the kept lines. 'jsonl': an object
                        per input line, kept or not: file, record (in a record
                        file), line, label, score, kept, reasons, path (HTML),
                        text (invalid UTF-8 as U+FFFD, and \"invalid_utf8\":
                        true). 'records': an object per record (or input), even
                        one that keeps nothing: WARC's id, url, date, text (the
                        kept lines joined by \\n) and labels (lines per label);
                        a JSONL object as it was, its text field cleaned, and
                        labels; else file, text and labels.
      --explain         Every line with its number, KEEP or drop, label, score,
                        reasons and (shortened) text, for people.
  -k, --keep LABEL,...  The labels to keep (default: content). Repeatable.
                        Labels: {keep_labels}.
                        A blank line is kept only between two kept lines.
  -t, --threshold X     The content score (0 to 1) from which a line is content
                        (default: {threshold}). Higher keeps less, and is surer of it;
                        0 keeps every line that is not blank.
  -o, --out-dir DIR     Write each input's result to DIR/NAME.txt (.jsonl with
                        --format jsonl or records, .explain.txt with --explain).
                        NAME: the file name less '.gz' or '.zst', then less
                        '.txt', '.html', '.htm' or its record extensions
                        ('stdin' for standard input), under the file's path in
                        a walked DIR. DIR is created if missing; a second input
                        of one NAME is an error. Files are renamed from a hidden
                        temporary name when complete: each is always whole.
      --compress gz|zst Compress standard output, or each --out-dir file (its
                        name then ends in '.gz' or '.zst').
      --stats           Print on standard error, for each input: its lines,
                        kept lines and lines per label; for a record file, its
                        records cleaned, skipped (by type) and failed.
      --html            Read every input (every JSONL document) as HTML.
      --input-format F  Read every input as 'warc' (WARC or WET), 'jsonl', or
                        'page' (a text dump or HTML page), whatever its name.
      --text-field NAME The JSONL field cleaned (default: text).
      --out-field NAME  Write the cleaned text there, the text field kept as is.
      --format-field NAME
                        The field naming a JSONL document's format: one with
                        'html' in it (as 'text/html') is cleaned as HTML.
  -j, --jobs N          Clean N inputs (or batches of records) at once, on N
                        threads (default: the cores available, here {cores}).
      --segment-size SIZE
                        Read text in segments of at most SIZE bytes (suffix K, M
                        or G; {min_segment} to {max_segment}; default {segment}).
  -q, --quiet           No progress bar (shown on a terminal's standard error).
  -h, --help            Print this help.
  -V, --version         Print the version.

Exit status: 0 success; 1 an input or record could not be read, was skipped or
could not be written (the others are still processed; each problem is reported
on standard error); 2 usage error; 130 interrupted (Ctrl-C, SIGTERM or SIGHUP):
temporary files are removed, the unfinished inputs named on standard error.
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
    let k = deboiler::train_kinds::KindOptions::default();
    format!(
        "\
deboiler train: fits the model's weights on labelled dumps.

Usage: deboiler train [--stages N] [--l2 X] [--folds K] [--iterations N]
                      [--trees N] [--depth D] [--learning-rate X] [--tree-l2 X]
                      [--local-trees] [--no-excerpts] [--html] [--cv-out DIR] [--out FILE] DIR...
       deboiler train --kinds [--html] [--folds K] [--l2 X] [--iterations N]
                      [--balance X] [--rescue P] [--override LABEL=P]
                      [--rules LABEL] [--context] [--context-l2 X]
                      [--shared DIR] [--features-out FILE] [--cv-out DIR]
                      [--out FILE] MANIFEST [DIR...]

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

The kind model (--kinds): fits the softmax that names each line's kind
(seeds/kinds.txt, or with --html seeds/kinds_html.txt) on the fine-labelled pages
of MANIFEST (labels/pages.tsv: their dumps, or with --html their HTML pages, are
read from the shared corpora), and for text on the labelled dumps of each DIR
(such as corpus); the figures printed are the MANIFEST's pages'. --folds K
cross-validates by site (each DIR's dump a group of its own); --l2 (default
{kind_l2}) and --iterations (default {kind_iterations}) set its fit.
      --balance X     How far the classes are evened out, 0 (every line the
                      same) to 1 (every class the same) (default: {kind_balance}).
      --rescue P      A line under the threshold becomes content where the kind
                      model gives content at least P (default: never).
      --override LABEL=P
                      A line over the threshold becomes LABEL where the kind model
                      gives LABEL at least P (default: comment=0.5, caption=0.5;
                      above 1: never). May be repeated.
      --rules LABEL   The rules, not the model, name LABEL: a line under the
                      threshold is LABEL exactly when the rules say so (where
                      cross-validation shows them better). May be repeated.
      --context       Also fit a context stage: a second softmax that reads,
                      beside a line's features, what the first makes of the
                      lines around it (the one before, the one after, the 3 and
                      the 10 on each side), and names the line in its place.
      --context-l2 X  The context stage's L2 penalty (implies --context;
                      default: that of the first stage, --l2).
      --shared DIR    The shared benchmarks' folder (default: the 'shared' folder
                      beside the repository holding MANIFEST).
      --features-out FILE
                      Also write every line's features to FILE, a table with a
                      header (page, gold label, one column per feature).
      --cv-out DIR    With --folds: write each page's cross-validated labels to
                      DIR/CORPUS/ID.labels, one a line like the manifest's label
                      files (with --html, the pages whose blocks align), for
                      reading the errors line by line or scoring a subset of the
                      pages.
",
        kind_l2 = k.l2,
        kind_iterations = k.iterations,
        kind_balance = k.balance,
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
            "--input-format",
            "--text-field",
            "--out-field",
            "--format-field",
            "--compress",
            "--quiet",
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
