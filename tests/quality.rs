//! The quality gate: pinned minimum figures on our own corpus and, where `../shared`
//! is present, on the benchmark dumps. A drop below a minimum (less a small noise
//! margin) fails CI. Minimums only ever rise: when the classifier improves, raise
//! them here in the same commit.
//!
//! The corpus is pinned by a checksum, so that a minimum is never silently measured
//! on different data: when `corpus/` changes, re-measure (`cargo test --test quality
//! -- --nocapture` prints the figures) and update both the checksum and the minimums.

use deboiler::eval::{Report, load_dir};
use deboiler::{Cleaner, Label};
use std::path::{Path, PathBuf};

/// Room for rounding and harmless noise below each minimum.
const MARGIN: f64 = 0.005;

/// FNV-1a over every corpus file's name and bytes, in name order.
const CORPUS_CHECKSUM: u64 = 0xcf5d3d6d7a14d60c;

/// Minimum F1 on `corpus/`: content vs rest (lines, words), then per label.
///
/// Title and timestamp were lowered once (0.744 → 0.735, 0.771 → 0.762) when the
/// boosted trees and the 0.46 threshold came in; the article-header headline rule
/// and compact ages (`2h`, `15 mins`) brought both back above their old minimums,
/// which are restored here (raised to the figures then measured).
const CORPUS_CONTENT_LINES: f64 = 0.876;
const CORPUS_CONTENT_WORDS: f64 = 0.929;
const CORPUS_LABELS: &[(Label, f64)] = &[
    (Label::Content, 0.876),
    (Label::Title, 0.750),
    (Label::Byline, 0.579),
    (Label::Timestamp, 0.807),
    (Label::Caption, 0.895),
    (Label::Navigation, 0.848),
    (Label::Marketing, 0.695),
    (Label::Legal, 0.866),
];

/// Minimum content-vs-rest F1 (lines, words) on the shared benchmark dumps.
const SHARED: &[(&str, f64, f64)] = &[
    ("../shared/corpora/aeb/dumps", 0.765, 0.912),
    ("../shared/corpora/wcxb/dev/dumps", 0.734, 0.869),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn checksum(dir: &Path) -> u64 {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "labels")
            )
        })
        .collect();
    names.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for b in name.bytes().chain(bytes) {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn report(dir: &Path) -> Report {
    let docs = load_dir(dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!docs.is_empty(), "no labelled dumps in {}", dir.display());
    let cleaner = Cleaner::new();
    let mut report = Report::default();
    for d in &docs {
        report.add(&d.text, &d.gold, &cleaner.classify_bytes(&d.text));
    }
    report
}

fn check(what: &str, got: f64, min: f64, failures: &mut Vec<String>) {
    println!("{what}: {got:.4} (minimum {min:.4})");
    if got + MARGIN < min {
        failures.push(format!(
            "{what}: F1 {got:.4} fell below its minimum {min:.4}"
        ));
    }
}

#[test]
fn corpus_figures_hold() {
    let dir = root().join("corpus");
    let sum = checksum(&dir);
    let r = report(&dir);
    println!("{}", r.to_text());
    assert_eq!(
        sum, CORPUS_CHECKSUM,
        "corpus/ changed (checksum {sum:#x}): re-measure and re-pin the minimums in tests/quality.rs"
    );
    let mut failures = Vec::new();
    check(
        "corpus content lines",
        r.content_lines().f1(),
        CORPUS_CONTENT_LINES,
        &mut failures,
    );
    check(
        "corpus content words",
        r.content_words().f1(),
        CORPUS_CONTENT_WORDS,
        &mut failures,
    );
    for &(label, min) in CORPUS_LABELS {
        check(
            &format!("corpus {label}"),
            r.label(label).f1(),
            min,
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "quality gate:\n{}",
        failures.join("\n")
    );
}

#[test]
fn shared_dump_figures_hold() {
    let mut failures = Vec::new();
    for &(rel, lines, words) in SHARED {
        let dir = root().join(rel);
        if !dir.is_dir() {
            // Straight to stderr: libtest captures `eprintln!`, and a skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED quality gate on {rel}: {} is absent",
                dir.display()
            );
            continue;
        }
        let r = report(&dir);
        check(
            &format!("{rel} content lines"),
            r.content_lines().f1(),
            lines,
            &mut failures,
        );
        check(
            &format!("{rel} content words"),
            r.content_words().f1(),
            words,
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "quality gate:\n{}",
        failures.join("\n")
    );
}
