//! The binary's peak memory on inputs shaped to blow it up, against the bounds the
//! README states (per job, at the default settings): text under
//! [`TEXT_BOUND_MB`], HTML under [`HTML_BOUND_MB`]. Before segments were bounded by
//! their lines and pages by their nodes and blocks, a million empty lines took about
//! 530 MB and a million `<p>x` 1.7 GB. The peak is the process's own
//! account (`VmHWM`, which the binary writes on standard error when
//! `DEBOILER_REPORT_PEAK` is set); where it cannot tell (no `/proc`), the memory
//! assertions are skipped with a message and the output is still checked.
//!
//! Each input also has its output checked: every line (or block) accounted for, or
//! the page refused with a message naming it.

#[allow(dead_code)]
mod common;

use common::{TempDir, deboiler, run, stderr, stdout};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

/// The README's bound on a job's memory for text input, in MB (10^6 bytes).
const TEXT_BOUND_MB: u64 = 250;

/// The README's bound on a job's memory for HTML input, in MB.
const HTML_BOUND_MB: u64 = 300;

/// Runs the binary with `args`, asking for its peak memory; the output (its
/// standard error without the peak's line) and the peak in MB, if known.
fn run_measured<I, S>(args: I) -> (Output, String, Option<u64>)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = deboiler(args);
    cmd.env("DEBOILER_REPORT_PEAK", "1");
    let out = run(cmd);
    let err = stderr(&out);
    let mut peak = None;
    let mut rest = String::new();
    for line in err.lines() {
        match line.strip_prefix("deboiler: peak resident memory: ") {
            Some(value) => peak = value.strip_suffix(" kB").and_then(|kb| kb.parse().ok()),
            None => {
                rest.push_str(line);
                rest.push('\n');
            }
        }
    }
    assert!(err.contains("peak resident memory"), "no report: {err}");
    (out, rest, peak.map(|kb: u64| kb * 1024 / 1_000_000))
}

/// Asserts that `peak` (MB) is under `bound`, or says why it is not known.
fn assert_under(peak: Option<u64>, bound: u64, what: &str) {
    match peak {
        Some(mb) => {
            eprintln!("{what}: peak {mb} MB (bound {bound} MB)");
            assert!(
                mb < bound,
                "{what}: peak {mb} MB, over the bound of {bound} MB"
            );
        }
        None => eprintln!("{what}: peak memory not known here (no /proc/self/status)"),
    }
}

/// The JSON objects of `--format jsonl` output.
fn objects(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `--stats`'s line for `path`: `PATH: N lines, …`.
fn stats_lines(err: &str, path: &Path) -> Option<usize> {
    let prefix = format!("{}: ", path.display());
    let line = err.lines().find_map(|l| l.strip_prefix(&prefix))?;
    line.split(' ').next()?.parse().ok()
}

#[test]
fn a_million_empty_lines_take_memory_by_their_bytes() {
    let dir = TempDir::new("peak-empty");
    let p = dir.write("empty.txt", "\n".repeat(1_000_000));
    let (out, err, peak) = run_measured(["--format".as_ref(), "jsonl".as_ref(), p.as_os_str()]);
    assert!(out.status.success(), "{err}");
    let objects = objects(&out);
    assert_eq!(objects.len(), 1_000_000);
    for (i, o) in [(0, &objects[0]), (999_999, &objects[999_999])] {
        assert_eq!(o["line"], i + 1);
        assert_eq!(
            (o["label"].as_str(), o["text"].as_str()),
            (Some("blank"), Some(""))
        );
    }
    assert_under(peak, TEXT_BOUND_MB, "1,000,000 empty lines, jsonl");
}

#[test]
fn one_letter_lines_and_lone_cr_lines() {
    let dir = TempDir::new("peak-short");
    for (name, text, lines) in [
        ("a.txt", "a\n".repeat(1_000_000), 1_000_000),
        ("mac.txt", "x\r".repeat(600_000), 600_000),
        (
            "words.txt",
            (0..300_000).map(|i| format!("w{i}\n")).collect(),
            300_000,
        ),
    ] {
        let p = dir.write(name, &text);
        let (out, err, peak) = run_measured([
            "--stats".as_ref(),
            "-t".as_ref(),
            "0".as_ref(),
            p.as_os_str(),
        ]);
        assert!(out.status.success(), "{err}");
        assert_eq!(stats_lines(&err, &p), Some(lines), "{err}");
        // Threshold 0 keeps every line that is not blank: the input, byte for byte.
        assert!(
            out.stdout == text.as_bytes(),
            "{name}: output differs from input"
        );
        assert_under(peak, TEXT_BOUND_MB, name);
    }
}

#[test]
fn two_jobs_take_two_bounds_at_most() {
    let dir = TempDir::new("peak-jobs");
    let a = dir.write("a.txt", "\n".repeat(700_000));
    let b = dir.write("b.txt", "\n\n".repeat(350_000));
    let (out, err, peak) = run_measured([
        "-j".as_ref(),
        "2".as_ref(),
        "--stats".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert!(out.status.success(), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(stats_lines(&err, &a), Some(700_000), "{err}");
    assert_eq!(stats_lines(&err, &b), Some(700_000), "{err}");
    assert_under(
        peak,
        2 * TEXT_BOUND_MB,
        "two inputs of 700,000 empty lines, -j 2",
    );
}

#[test]
fn a_page_of_a_million_tiny_elements_is_refused_by_its_nodes() {
    let dir = TempDir::new("peak-nodes");
    for (name, page) in [
        ("p.html", "<p>x".repeat(1_000_000)),
        ("li.html", "<li>x".repeat(1_000_000)),
        ("comments.html", "<!---->".repeat(1_000_000)),
        ("br.html", "<br>".repeat(1_000_000)),
    ] {
        let p = dir.write(name, &page);
        let (out, err, peak) = run_measured([p.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            err,
            format!(
                "deboiler: {}: HTML page of more than 524288 nodes; skipped\n",
                p.display()
            )
        );
        assert_under(peak, HTML_BOUND_MB, name);
    }
}

#[test]
fn a_pre_of_many_lines_is_refused_by_its_blocks() {
    let dir = TempDir::new("peak-blocks");
    let p = dir.write("pre.html", format!("<pre>{}</pre>", "a\n".repeat(100_000)));
    let (out, err, peak) = run_measured([p.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        err,
        format!(
            "deboiler: {}: HTML page of more than 65536 blocks (lines of text); skipped\n",
            p.display()
        )
    );
    assert_under(peak, HTML_BOUND_MB, "pre of 100,000 lines");
}

#[test]
fn pages_within_the_limits_have_every_block() {
    let dir = TempDir::new("peak-html");
    let deep = "<div>".repeat(200_000) + "deep text";
    let attribute = format!(
        "<p class=\"{}\">after the attribute</p>",
        "a".repeat(20 << 20)
    );
    for (name, page, blocks, text) in [
        ("p.html", "<p>x".repeat(65_000), 65_000, "x"),
        (
            "pre.html",
            format!("<pre>{}</pre>", "a\n".repeat(65_000)),
            65_000,
            "a",
        ),
        ("deep.html", deep, 1, "deep text"),
        ("attribute.html", attribute, 1, "after the attribute"),
    ] {
        let p = dir.write(name, &page);
        let (out, err, peak) = run_measured(["--format".as_ref(), "jsonl".as_ref(), p.as_os_str()]);
        assert!(out.status.success(), "{name}: {err}");
        let objects = objects(&out);
        assert_eq!(objects.len(), blocks, "{name}");
        assert!(objects.iter().all(|o| o["text"] == text), "{name}");
        assert_under(peak, HTML_BOUND_MB, name);
    }
}

#[test]
fn records_over_the_limits_are_skipped_and_named() {
    let dir = TempDir::new("peak-records");
    let record = |id: &str, body: &[u8]| {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <{id}>\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let prose =
        b"The council met on Tuesday and voted for the new harbour wall after a long debate.\n";
    let wet = [
        record("urn:a", &b"\n".repeat(1_000_000)),
        record("urn:b", prose),
    ]
    .concat();
    let p = dir.write("hostile.wet", &wet);
    let (out, err, peak) = run_measured(["-f".as_ref(), "records".as_ref(), p.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(": record 1 (<urn:a>, at byte 0): text of more than 262144 lines; skipped"),
        "{err}"
    );
    assert_eq!(objects(&out).len(), 1);
    assert_under(peak, TEXT_BOUND_MB, "a WET record of 1,000,000 empty lines");
    let lines = [
        serde_json::json!({ "text": "<p>x".repeat(1_000_000) }).to_string(),
        serde_json::json!({ "text": "\n".repeat(1_000_000) }).to_string(),
        serde_json::json!({ "text": String::from_utf8_lossy(prose) }).to_string(),
    ];
    let p = dir.write("hostile.jsonl", lines.join("\n") + "\n");
    let (out, err, peak) = run_measured([
        "--html".as_ref(),
        "-f".as_ref(),
        "records".as_ref(),
        p.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(": line 1: HTML page of more than 524288 nodes; skipped"),
        "{err}"
    );
    assert_under(
        peak,
        HTML_BOUND_MB,
        "JSONL records of 1,000,000 tiny elements",
    );
    let (out, err, _) = run_measured(["-f".as_ref(), "records".as_ref(), p.as_os_str()]);
    assert!(
        err.contains(": line 2: text of more than 262144 lines; skipped"),
        "{err}"
    );
    assert_eq!(objects(&out).len(), 2, "{err}");
}
