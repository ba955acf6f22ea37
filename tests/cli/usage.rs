//! Usage errors: a bad option or value exits with status 2 and the usage line on
//! standard error, and nothing on standard output.

use super::fixtures::PAGE;
use crate::common::{deboiler, run, run_with_stdin, stderr};
use deboiler::Label;

#[test]
fn unknown_keep_label_is_a_usage_error() {
    let out = run_with_stdin(deboiler(["--keep", "content,bogus"]), PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("bogus"), "{err}");
    for l in Label::ALL {
        assert!(err.contains(l.as_str()), "{err} should list {l}");
    }
    assert!(err.contains("Usage: deboiler"), "{err}");
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        &["--bogus"][..],
        &["--threshold", "2"],
        &["--threshold", "x"],
        &["--format", "xml"],
        &["--format"],
        &["--explain", "--format", "jsonl"],
        &["--stats=yes"],
        &["eval"],
        &["train", "--folds", "1", "dir"],
    ] {
        let out = run(deboiler(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("Usage:"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
