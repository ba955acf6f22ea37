//! The benchmark's own data and checks (`benches/data/mod.rs`), under `cargo test`:
//! `corpus/` must be there, and the counts `benches/classify.rs` asserts before it
//! times anything must hold, so that a broken benchmark shows up in CI, which only
//! compiles the benchmarks. Each count is held to a recount made here, from the files
//! and the cleaner's text output, by other code than the benchmark's.

#[path = "../benches/data/mod.rs"]
mod data;

use deboiler::Cleaner;
use std::fs;
use std::path::{Path, PathBuf};

/// The `*.txt` files of `dir`, sorted by name.
fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The reference (naive) version of `data::count_lines` that the tests hold it to:
/// split on `\n`, without the empty piece after a trailing `\n`.
fn naive_count_lines(bytes: &[u8]) -> usize {
    let mut n = bytes.split(|&b| b == b'\n').count();
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        n -= 1;
    }
    n
}

#[test]
fn corpus_is_present_and_its_counts_hold() {
    let corpus = data::corpus();
    let files = txt_files(&data::root().join("corpus"));
    let pages: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("a page")).collect();
    assert_eq!(
        corpus.pages, pages,
        "the benchmark reads corpus/*.txt in name order"
    );
    let cleaner = Cleaner::new();
    let counts = data::count(&cleaner, &corpus);
    let bytes: u64 = files
        .iter()
        .map(|p| fs::metadata(p).expect("a page's size").len())
        .sum();
    let lines: usize = pages.iter().map(|p| naive_count_lines(p)).sum();
    // The kept lines, counted on the cleaner's text output (one kept line per
    // output line).
    let kept: usize = pages
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            cleaner.clean_bytes(p, &mut out);
            naive_count_lines(&out)
        })
        .sum();
    assert_eq!(
        counts,
        data::Counts {
            pages: files.len(),
            bytes,
            lines,
            kept,
        }
    );
}

#[test]
fn present_shared_corpora_are_loaded_and_absent_ones_named() {
    let (sets, skipped) = data::shared();
    let shared = data::root().join("../shared");
    if !shared.is_dir() {
        assert!(sets.is_empty());
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0].starts_with("skipping classify/{aeb_dumps,wcxb_dumps}")
                && skipped[0].contains("is absent"),
            "{}",
            skipped[0]
        );
        return;
    }
    for (name, sub) in [
        ("aeb_dumps", "corpora/aeb/dumps"),
        ("wcxb_dumps", "corpora/wcxb/dev/dumps"),
    ] {
        let dir = shared.join(sub);
        let files = if dir.is_dir() {
            txt_files(&dir)
        } else {
            Vec::new()
        };
        let set = sets.iter().find(|s| s.name == name);
        let skip = skipped
            .iter()
            .find(|l| l.starts_with(&format!("skipping classify/{name}: ")));
        if files.is_empty() {
            assert!(set.is_none() && skip.is_some(), "{name}: {skipped:?}");
        } else {
            let set = set.unwrap_or_else(|| panic!("{name} not loaded: {skipped:?}"));
            assert!(skip.is_none(), "{name} loaded and skipped");
            assert_eq!(set.pages.len(), files.len(), "{name}");
            let first = fs::read(&files[0]).expect("a page");
            assert_eq!(set.pages[0], first, "{name}: pages in name order");
        }
    }
    assert_eq!(sets.len() + skipped.len(), 2, "{skipped:?}");
}

#[test]
fn count_lines_agrees_with_naive_and_with_the_cleaner() {
    let cleaner = Cleaner::new();
    for s in [
        "", "\n", "a", "a\n", "a\r\nb", "a\n\nb\n", "\r\n\r\n", "x\ry\n", "\r", "\n\n\nz",
    ] {
        let n = data::count_lines(s.as_bytes());
        assert_eq!(n, naive_count_lines(s.as_bytes()), "input {s:?}");
        assert_eq!(n, cleaner.classify(s).len(), "input {s:?}");
    }
}
