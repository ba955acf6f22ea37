//! Record files built by the tests: WARC records (`response`, `conversion` and the
//! rest), HTTP responses, HTML pages made from `corpus/` dumps, and what the binary
//! gives for each page as a file of its own.

use crate::common::{TempDir, deboiler, run, stderr};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `corpus/*.txt` dumps, sorted by name: (name without `.txt`, bytes).
pub fn corpus_pages() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("corpus/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "corpus/ has {} pages", paths.len());
    paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read(p).expect("a corpus page"))
        })
        .collect()
}

/// An HTML page made of a text dump: each line a paragraph (the first a heading).
pub fn to_html(dump: &[u8]) -> String {
    let text = String::from_utf8_lossy(dump);
    let mut html = String::from("<!doctype html><html><head><title>t</title></head><body>\n");
    for (i, line) in text.lines().enumerate() {
        let line = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let tag = if i == 0 { "h1" } else { "p" };
        html.push_str(&format!("<{tag}>{line}</{tag}>\n"));
    }
    html.push_str("</body></html>\n");
    html
}

/// A WARC record of type `kind`, with `headers` (name, value) after the usual ones.
pub fn warc(kind: &str, id: &str, url: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {id}\r\n\
         WARC-Date: 2025-03-17T09:56:00Z\r\nWARC-Target-URI: {url}\r\n"
    );
    for (name, value) in headers {
        r.push_str(&format!("{name}: {value}\r\n"));
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A `response` record holding an HTTP response with `head` (header lines) and
/// `body`.
pub fn response(id: &str, url: &str, head: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\n{head}\r\n").into_bytes();
    http.extend_from_slice(body);
    warc(
        "response",
        id,
        url,
        &[("Content-Type", "application/http; msgtype=response")],
        &http,
    )
}

/// A record id: `<urn:uuid:…>` numbered `n`.
pub fn id(n: usize) -> String {
    format!("<urn:uuid:00000000-0000-4000-8000-{n:012}>")
}

/// The body of a chunked transfer of `bytes`, in chunks of `size`.
pub fn chunked(bytes: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in bytes.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        out.extend_from_slice(piece);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// zstd-compresses `bytes`.
pub fn zstd(bytes: &[u8]) -> Vec<u8> {
    let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).expect("zstd");
    e.write_all(bytes).expect("compress");
    e.finish().expect("finish zstd")
}

/// What the binary writes for each of `pages` (name, bytes, extension) as a file
/// of its own, with `args`, by `--out-dir` (in page order).
pub fn single_outputs(pages: &[(String, Vec<u8>)], ext: &str, args: &[&str]) -> Vec<Vec<u8>> {
    let dir = TempDir::new("single");
    let files: Vec<PathBuf> = pages
        .iter()
        .map(|(name, bytes)| dir.write(&format!("in/{name}.{ext}"), bytes))
        .collect();
    let out_dir = dir.path().join("out");
    let mut cmd = deboiler(args);
    cmd.arg("--out-dir").arg(&out_dir).args(&files);
    let out = run(cmd);
    assert!(out.status.success(), "{}", stderr(&out));
    pages
        .iter()
        .map(|(name, _)| fs::read(out_dir.join(format!("{name}.txt"))).expect("an output"))
        .collect()
}

/// The JSON objects of a `--format records` output, one a line.
pub fn objects(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The text of a record as the kept lines of a single file's output: its lines
/// joined by `\n`.
pub fn as_record_text(single: &[u8]) -> String {
    let text = String::from_utf8_lossy(single);
    text.strip_suffix('\n').unwrap_or(&text).to_string()
}

/// The sum of a `labels` object's counts.
pub fn label_lines(labels: &serde_json::Value) -> u64 {
    labels
        .as_object()
        .expect("labels is an object")
        .values()
        .map(|n| n.as_u64().expect("a count"))
        .sum()
}
