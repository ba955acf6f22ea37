//! The benchmark's own data and checks (`benches/data/mod.rs`), under `cargo test`:
//! `corpus/` must be there, and the counts `benches/classify.rs` asserts before it
//! times anything must hold, so that a broken benchmark shows up in CI, which only
//! compiles the benchmarks.

#[path = "../benches/data/mod.rs"]
mod data;

use deboiler::Cleaner;

#[test]
fn corpus_is_present_and_its_counts_hold() {
    let corpus = data::corpus();
    let counts = data::count(&Cleaner::new(), &corpus);
    assert_eq!(counts.pages, corpus.pages.len());
    assert_eq!(
        counts.lines,
        corpus
            .pages
            .iter()
            .map(|p| data::count_lines(p))
            .sum::<usize>()
    );
}

#[test]
fn shared_groups_are_loaded_or_skipped_with_a_reason() {
    let (sets, skipped) = data::shared();
    assert!(sets.len() + skipped.len() >= 1);
    for set in &sets {
        assert!(!set.pages.is_empty(), "{}: loaded but empty", set.name);
    }
    for line in &skipped {
        assert!(line.starts_with("skipping classify/"), "{line}");
    }
}

/// The naive twin of `data::count_lines`: split on `\n`, without the empty piece
/// after a trailing `\n`.
fn naive_count_lines(bytes: &[u8]) -> usize {
    let mut n = bytes.split(|&b| b == b'\n').count();
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        n -= 1;
    }
    n
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
