//! A truncated gzip file: what was inflated before the cut is cleaned and written
//! as the same bytes in a plain file would be, then the truncation is reported
//! with the file's name (exit 1).

use crate::common::{TempDir, deboiler, gzip, run, stderr};
use std::io::Read;

/// A multi-line text of a few dozen KiB, its lines varied (so that it compresses
/// to several KiB and a cut half-way leaves many lines).
fn long_text() -> String {
    (0..1500)
        .map(|i| match i % 3 {
            0 => format!("Home | News | Sport | page {i}\n"),
            1 => format!(
                "The council met on Tuesday, sitting {i}, and voted to rebuild the old harbour \
                 wall that the storms had damaged.\n"
            ),
            _ => format!(
                "Engineers estimated, in report {}, that it would cost {} pounds.\n",
                i * 7,
                i * 1013
            ),
        })
        .collect()
}

/// What a gzip decoder inflates of `gz` before it fails.
fn inflated_prefix(gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let result = flate2::read::MultiGzDecoder::new(gz).read_to_end(&mut out);
    assert!(result.is_err(), "the cut data should not decompress");
    out
}

#[test]
fn a_truncated_gzip_keeps_what_was_inflated() {
    let dir = TempDir::new("truncated");
    let text = long_text();
    let gz = gzip(text.as_bytes());
    for (tag, cut) in [("4", gz.len() - 4), ("half", gz.len() / 2)] {
        let prefix = inflated_prefix(&gz[..cut]);
        if tag == "4" {
            assert_eq!(prefix, text.as_bytes());
        } else {
            assert!(!prefix.is_empty() && prefix.len() < text.len());
        }
        let cut_gz = dir.write(&format!("cut-{tag}.txt.gz"), &gz[..cut]);
        let plain = dir.write(&format!("plain-{tag}.txt"), &prefix);
        let expected = run(deboiler([&plain]));
        assert!(expected.status.success());
        assert!(expected.stdout.len() > 1000, "{tag}: little is kept");
        for format in ["text", "jsonl"] {
            let mut cmd = deboiler(["--format", format]);
            let out = run({
                cmd.arg(&cut_gz);
                cmd
            });
            assert_eq!(out.status.code(), Some(1), "{tag} {format}");
            let err = stderr(&out);
            // The decoder says how the data ends: `unexpected end of file` in the
            // trailer, `incomplete deflate stream` before it.
            let named = format!("deboiler: {}: corrupt gzip data: ", cut_gz.display());
            assert!(err.starts_with(&named), "{tag}: {err}");
            assert!(err.contains("; the lines before line "), "{tag}: {err}");
            assert_eq!(err.lines().count(), 1, "{tag}: {err}");
            if format == "text" {
                assert_eq!(out.stdout, expected.stdout, "{tag}");
            } else {
                let lines = String::from_utf8(out.stdout).unwrap().lines().count();
                assert_eq!(
                    lines,
                    prefix.split_inclusive(|&b| b == b'\n').count(),
                    "{tag}"
                );
            }
        }
        // The same with --out-dir: the file holds what was cleaned.
        let out_dir = dir.path().join(format!("out-{tag}"));
        let mut cmd = deboiler(["-o".as_ref(), out_dir.as_os_str()]);
        cmd.arg(&cut_gz);
        let out = run(cmd);
        assert_eq!(out.status.code(), Some(1), "{tag}");
        assert!(
            stderr(&out).contains("corrupt gzip data"),
            "{}",
            stderr(&out)
        );
        let written = std::fs::read(out_dir.join(format!("cut-{tag}.txt"))).unwrap();
        assert_eq!(written, expected.stdout, "{tag}");
    }
}

#[test]
fn a_truncated_gzip_html_page_keeps_what_was_inflated() {
    let dir = TempDir::new("truncated-html");
    let mut page = String::from("<!DOCTYPE html>\n<html><body><nav><a href=/>Home</a></nav>\n");
    for i in 0..400 {
        page.push_str(&format!(
            "<p>The council met on Tuesday, sitting {i}, and voted to rebuild the old \
             harbour wall.</p>\n"
        ));
    }
    page.push_str("</body></html>\n");
    let gz = gzip(page.as_bytes());
    for (tag, cut) in [("4", gz.len() - 4), ("half", gz.len() / 2)] {
        let prefix = inflated_prefix(&gz[..cut]);
        let cut_gz = dir.write(&format!("cut-{tag}.html.gz"), &gz[..cut]);
        let plain = dir.write(&format!("plain-{tag}.html"), &prefix);
        let expected = run(deboiler([&plain]));
        assert!(expected.status.success());
        assert!(!expected.stdout.is_empty(), "{tag}");
        let out = run(deboiler([&cut_gz]));
        assert_eq!(out.status.code(), Some(1), "{tag}");
        let err = stderr(&out);
        let named = format!("deboiler: {}: corrupt gzip data: ", cut_gz.display());
        assert!(err.starts_with(&named), "{tag}: {err}");
        assert!(
            err.ends_with("; the page up to there was cleaned, the rest is skipped\n"),
            "{tag}: {err}"
        );
        assert_eq!(out.stdout, expected.stdout, "{tag}");
    }
}
