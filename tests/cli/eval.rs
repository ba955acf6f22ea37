//! `deboiler eval`: the report as tables and as JSON, and the errors of a DIR
//! without labelled dumps.

use super::fixtures::labelled_corpus;
use crate::common::{TempDir, deboiler, run, stderr, stdout};
use std::fs;

#[test]
fn eval_prints_a_report() {
    let dir = TempDir::new("eval");
    let first = labelled_corpus(&dir, "first", 3);
    let second = labelled_corpus(&dir, "second", 2);
    let out = run(deboiler([
        "eval".as_ref(),
        first.as_os_str(),
        second.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("5 documents, "), "{text}");
    assert!(text.contains("precision"), "{text}");
    assert!(text.contains("content vs rest"), "{text}");
    // With several directories, a line for each.
    assert!(text.contains("per directory"), "{text}");
    for d in [&first, &second] {
        assert!(text.contains(&d.display().to_string()), "{text}");
    }

    let out = run(deboiler([
        "eval".as_ref(),
        "--json".as_ref(),
        "--threshold".as_ref(),
        "0.6".as_ref(),
        first.as_os_str(),
        second.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    for key in [
        "documents",
        "lines",
        "labels",
        "content_lines",
        "content_words",
        "confusion",
        "dirs",
    ] {
        assert!(json.get(key).is_some(), "{key} missing: {json}");
    }
    assert_eq!(json["documents"], 5);
    let f1 = json["content_lines"]["f1"].as_f64().expect("f1");
    assert!((0.0..=1.0).contains(&f1));
    assert!(json["labels"]["content"]["precision"].is_number(), "{json}");
    assert_eq!(json["dirs"][0]["documents"], 3);
    assert_eq!(json["dirs"][1]["documents"], 2);
    assert_eq!(json["dirs"][1]["dir"], second.display().to_string());
}

#[test]
fn eval_fails_on_a_dir_without_labelled_dumps() {
    let dir = TempDir::new("eval-empty");
    let corpus = labelled_corpus(&dir, "corpus", 1);
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).expect("mkdir");
    let out = run(deboiler([
        "eval".as_ref(),
        corpus.as_os_str(),
        empty.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{}: no labelled dumps", empty.display())),
        "{}",
        stderr(&out)
    );
    // A label count that does not match the line count names the file.
    dir.write("corpus/site0.labels", "content\n");
    let out = run(deboiler(["eval".as_ref(), corpus.as_os_str()]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site0.labels"), "{}", stderr(&out));
}
