//! `--help` and `--version` of each command, and the README's copy of
//! `deboiler --help`, which must be the binary's output exactly.

use crate::common::{deboiler, run, stderr, stdout};
use std::fs;
use std::path::Path;

#[test]
fn help_and_version() {
    let out = run(deboiler(["--help"]));
    assert!(out.status.success());
    let help = stdout(&out);
    for flag in [
        "--format",
        "jsonl",
        "--explain",
        "--keep",
        "--threshold",
        "--out-dir",
        "--stats",
        "--help",
        "--version",
        "deboiler -- eval",
        "eval",
        "train",
    ] {
        assert!(help.contains(flag), "help lacks {flag}");
    }
    let out = run(deboiler(["--version"]));
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!("deboiler {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = run(deboiler(["eval", "--help"]));
    assert!(out.status.success());
    assert!(stdout(&out).contains("--json"));
    let out = run(deboiler(["train", "--help"]));
    assert!(out.status.success());
    for flag in ["--stages", "--l2", "--folds", "--out"] {
        assert!(stdout(&out).contains(flag), "train help lacks {flag}");
    }
}

/// The line of README.md that the copy of `deboiler --help` follows: a fenced block
/// from a line "```text" to a line "```".
const README_MARKER: &str = "<!-- the output of: deboiler --help -->";

/// The README's copy of `deboiler --help` (the block after [`README_MARKER`]) is
/// the binary's output, byte for byte.
#[test]
fn readme_help_block_is_the_help_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let block = readme_help_block(&readme).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let out = run(deboiler(["--help"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let help = without_core_count(&stdout(&out));
    if let Some(difference) = first_difference(&without_core_count(&block), &help) {
        panic!(
            "{}: the block after {README_MARKER} is not the output of `deboiler --help` \
             (`cargo run -q -- --help` prints it); {difference}",
            path.display()
        );
    }
}

/// `help` with the number of cores it names (`-j`'s default: "the cores available,
/// here 2)") replaced by `N`, so that a README written on one machine matches the
/// help printed on another.
fn without_core_count(help: &str) -> String {
    const BEFORE: &str = "available, here ";
    let mut out = String::with_capacity(help.len());
    let mut rest = help;
    while let Some(at) = rest.find(BEFORE) {
        let (head, tail) = rest.split_at(at + BEFORE.len());
        out.push_str(head);
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('N');
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The lines between the "```text" line that follows [`README_MARKER`] and the
/// next "```" line, each ended by `\n`; or what is missing.
fn readme_help_block(readme: &str) -> Result<String, String> {
    let mut lines = readme.lines();
    if !lines.any(|l| l == README_MARKER) {
        return Err(format!(
            "no line {README_MARKER} (followed by a ```text block holding the output of \
             `deboiler --help`)"
        ));
    }
    match lines.next() {
        Some("```text") => {}
        other => {
            return Err(format!(
                "the line after {README_MARKER} is {other:?}, not \"```text\""
            ));
        }
    }
    let mut block = String::new();
    for line in lines {
        if line == "```" {
            return Ok(block);
        }
        block.push_str(line);
        block.push('\n');
    }
    Err(format!(
        "the ```text block after {README_MARKER} has no closing \"```\" line"
    ))
}

/// Where `readme` (the README's block) first differs from `help` (the binary's
/// output): the line number and both lines; `None` when they are equal.
fn first_difference(readme: &str, help: &str) -> Option<String> {
    if readme == help {
        return None;
    }
    let (mut r, mut h) = (readme.split_inclusive('\n'), help.split_inclusive('\n'));
    for number in 1.. {
        match (r.next(), h.next()) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                return Some(format!(
                    "first difference at line {number} of the block:\n  README: {}\n  --help: {}",
                    a.map_or("(end of block)".to_string(), |l| format!("{l:?}")),
                    b.map_or("(end of output)".to_string(), |l| format!("{l:?}")),
                ));
            }
        }
    }
    unreachable!("two different texts differ at some line")
}

#[test]
fn the_core_count_is_left_out_of_the_comparison() {
    assert_eq!(
        without_core_count("(default: the cores\n    available, here 16). Output"),
        "(default: the cores\n    available, here N). Output"
    );
    assert_eq!(without_core_count("here 2"), "here 2");
    assert_ne!(
        without_core_count("available, here 2, more"),
        without_core_count("available, here 2x more")
    );
}
