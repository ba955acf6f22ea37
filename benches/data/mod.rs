//! The benchmarks' data sets, shared by `benches/classify.rs` and
//! `tests/bench_data.rs` (which checks, under `cargo test`, that the data is there and
//! that the counts the benchmark asserts hold); the HTML pages of `benches/html.rs`
//! and `benches/peers.rs` are in [`html_pages`].
//!
//! - `corpus/*.txt`: our own labelled dumps. Always required: a missing or empty
//!   `corpus/` panics, since a benchmark must fail loudly when its own data is gone.
//! - `../shared/corpora/aeb/dumps/*.txt` and `../shared/corpora/wcxb/dev/dumps/*.txt`:
//!   public evaluation corpora, present only on some machines. When absent, those
//!   groups are skipped with one line saying why.
//! - `$DEBOILER_BENCH_FILE`: one more file, benchmarked as a single page (the set
//!   `file`), when the variable names one; see [`env_file`].
//!
//! This file is not a bench target of its own: Cargo only discovers `benches/*.rs`
//! and `benches/*/main.rs`.

// Each includer uses a different part of this module.
#![allow(dead_code)]

pub mod html_pages;

use deboiler::Cleaner;
use std::fs;
use std::path::{Path, PathBuf};

/// The criterion settings of every benchmark: kept small so that a whole run takes
/// about a minute; command-line flags (`--measurement-time`, `--sample-size`,
/// `--warm-up-time`) override them.
pub fn criterion_config() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(5))
}

/// The crate's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One data set: every `*.txt` page of a directory, sorted by file name (or the one
/// file of [`env_file`]).
pub struct DataSet {
    /// The benchmark function's name (`corpus`, `aeb_dumps`, `wcxb_dumps`, `file`).
    pub name: &'static str,
    /// Where the pages were read from (the directory, or the file of [`env_file`]).
    pub dir: PathBuf,
    /// One entry per page: the file's bytes.
    pub pages: Vec<Vec<u8>>,
}

impl DataSet {
    /// The total size of all pages in bytes.
    pub fn bytes(&self) -> u64 {
        self.pages.iter().map(|p| p.len() as u64).sum()
    }
}

/// What the benchmark computes over a data set, asserted before anything is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Pages (files).
    pub pages: usize,
    /// Bytes over all pages.
    pub bytes: u64,
    /// Lines (verdicts) over all pages.
    pub lines: usize,
    /// Lines the default cleaner keeps.
    pub kept: usize,
}

/// Reads every `*.txt` file of `dir`, sorted by name.
fn read_txt_dir(dir: &Path) -> Result<Vec<Vec<u8>>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("txt") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| fs::read(p).map_err(|e| format!("{}: {e}", p.display())))
        .collect()
}

/// Our own corpus. Panics, naming the directory, when it is missing, unreadable or
/// holds no `*.txt` file.
pub fn corpus() -> DataSet {
    let dir = root().join("corpus");
    let pages = read_txt_dir(&dir).unwrap_or_else(|e| {
        panic!("benchmark data missing: cannot read the corpus directory ({e})")
    });
    assert!(
        !pages.is_empty(),
        "benchmark data missing: no *.txt dump in {}",
        dir.display()
    );
    DataSet {
        name: "corpus",
        dir,
        pages,
    }
}

/// The shared corpora that are present, with one message per group that is skipped
/// (the whole of `../shared` absent, or one corpus's dump directory missing or empty).
pub fn shared() -> (Vec<DataSet>, Vec<String>) {
    let shared = root().join("../shared");
    let shared = shared.canonicalize().unwrap_or(shared);
    let groups = [
        ("aeb_dumps", "corpora/aeb/dumps"),
        ("wcxb_dumps", "corpora/wcxb/dev/dumps"),
    ];
    if !shared.is_dir() {
        let names: Vec<&str> = groups.iter().map(|g| g.0).collect();
        return (
            Vec::new(),
            vec![format!(
                "skipping classify/{{{}}}: {} is absent (the shared evaluation corpora are \
                 not part of a checkout); benchmarking corpus/ only",
                names.join(","),
                shared.display()
            )],
        );
    }
    let mut sets = Vec::new();
    let mut skipped = Vec::new();
    for (name, sub) in groups {
        let dir = shared.join(sub);
        match read_txt_dir(&dir) {
            Ok(pages) if !pages.is_empty() => sets.push(DataSet { name, dir, pages }),
            Ok(_) => skipped.push(format!(
                "skipping classify/{name}: no *.txt dump in {}",
                dir.display()
            )),
            Err(e) => skipped.push(format!("skipping classify/{name}: cannot read {e}")),
        }
    }
    (sets, skipped)
}

/// The environment variable naming one more file to benchmark, as a set of one page.
pub const BENCH_FILE_VAR: &str = "DEBOILER_BENCH_FILE";

/// The file [`BENCH_FILE_VAR`] names, as the set `file` of one page (a long dump such
/// as a slice of concatenated pages); `None` when the variable is unset or empty.
/// Panics, naming the file, when it cannot be read or is empty.
pub fn env_file() -> Option<DataSet> {
    let path = PathBuf::from(std::env::var_os(BENCH_FILE_VAR).filter(|p| !p.is_empty())?);
    let page = fs::read(&path)
        .unwrap_or_else(|e| panic!("{BENCH_FILE_VAR}: cannot read {}: {e}", path.display()));
    assert!(
        !page.is_empty(),
        "{BENCH_FILE_VAR}: {} is empty",
        path.display()
    );
    Some(DataSet {
        name: "file",
        dir: path,
        pages: vec![page],
    })
}

/// Lines of `bytes` as the cleaner splits them: one per `\n`, plus an unterminated
/// last line. Counted with `memchr`; this is the benchmark's machine-limit baseline.
pub fn count_lines(bytes: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// Classifies every page once and checks the result: one verdict per line, spans
/// covering each page exactly, and some but not all lines kept. Panics, naming the
/// page, when a check fails.
pub fn count(cleaner: &Cleaner, set: &DataSet) -> Counts {
    let mut lines = 0;
    let mut kept = 0;
    for (i, page) in set.pages.iter().enumerate() {
        let verdicts = cleaner.classify_bytes(page);
        assert_eq!(
            verdicts.len(),
            count_lines(page),
            "{}: page #{i} of {}: verdict count differs from its line count",
            set.name,
            set.dir.display()
        );
        let mut pos = 0;
        for v in &verdicts {
            assert_eq!(v.full_span().start, pos, "{}: page #{i}: spans", set.name);
            pos = v.full_span().end;
        }
        assert_eq!(pos, page.len(), "{}: page #{i}: spans", set.name);
        lines += verdicts.len();
        kept += verdicts.iter().filter(|v| v.is_kept()).count();
    }
    let counts = Counts {
        pages: set.pages.len(),
        bytes: set.bytes(),
        lines,
        kept,
    };
    assert!(counts.lines > 0, "{}: no line at all: {counts:?}", set.name);
    assert!(counts.kept > 0, "{}: no line kept: {counts:?}", set.name);
    assert!(
        counts.kept < counts.lines,
        "{}: every line kept: {counts:?}",
        set.name
    );
    counts
}
