//! The command line's record readers (`src/bin/deboiler/records/`: WARC, gzip
//! members, HTTP responses, JSONL lines and objects), included as they are, and what
//! the `records` fuzz target checks of them.

#[path = "../src/bin/deboiler/records/http.rs"]
#[allow(dead_code)]
pub mod http;

#[path = "../src/bin/deboiler/records/jsonl.rs"]
#[allow(dead_code)]
pub mod jsonl;

#[path = "../src/bin/deboiler/records/members.rs"]
#[allow(dead_code)]
pub mod members;

#[path = "../src/bin/deboiler/records/warc.rs"]
#[allow(dead_code)]
pub mod warc;

use super::Trickle;
use std::io::{self, Read};
use warc::{Item, Resync};

impl Resync for Trickle<'_> {}

/// Gzip members read through a small buffer, going on at the next member after a
/// corrupt one, as the command reads a `.warc.gz`.
struct Gz<'a>(members::GzMembers<io::BufReader<Trickle<'a>>>);

impl Read for Gz<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Resync for Gz<'_> {
    fn resync(&mut self) -> bool {
        self.0.resync()
    }
}

/// A record stream: the first byte picks the reader (WARC, gzipped WARC, JSONL, or
/// one HTTP response), the largest block or line (8 bytes to 256 KiB) and the size
/// of each read (1, 3, 61 or 4,096 bytes); the rest is the stream.
///
/// - WARC: the reader ends; records (and failed records) are numbered 1, 2, 3…
///   at offsets that grow and lie within the stream; no block is over the limit;
///   read a few bytes at a time, the same items as read at once. Each block that
///   parses as an HTTP response is checked as one.
/// - Gzipped WARC: the same numbering, whatever the members hold.
/// - JSONL: every line but blank ones is given, numbered by its place in the
///   stream, or reported when over the limit, as splitting the stream at `\n`
///   says; a few bytes at a time as at once. An object written back unchanged is
///   its line, byte for byte; with its `text` replaced, it parses (where the line
///   does) with the new text and every other field as it was.
/// - HTTP: a body that was inflated holds at most the limit.
pub fn records(data: &[u8]) {
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let limit = 8usize << (knobs & 15);
    let read = [1, 3, 61, 4096][usize::from((knobs >> 4) & 3)];
    match knobs >> 6 {
        0 => {
            let items = warc_items(warc::Reader::new(Trickle(rest, read), limit));
            let at_once = warc_items(warc::Reader::new(rest, limit));
            assert_eq!(format!("{items:?}"), format!("{at_once:?}"));
            check_warc(&items, rest.len(), limit);
        }
        1 => {
            let gz = Gz(members::GzMembers::new(io::BufReader::with_capacity(
                read,
                Trickle(rest, read),
            )));
            let items = warc_items(warc::Reader::new(gz, limit));
            for (i, item) in items.iter().enumerate() {
                assert_eq!(number(item), i as u64 + 1);
            }
        }
        2 => jsonl(rest, limit, read),
        _ => http_response(rest, limit),
    }
}

/// Every item of a WARC reader.
fn warc_items<R: Resync>(mut reader: warc::Reader<R>) -> Vec<Item> {
    std::iter::from_fn(|| reader.next_item()).collect()
}

fn number(item: &Item) -> u64 {
    match item {
        Item::Record(r) => r.number,
        Item::Failed { number, .. } => *number,
    }
}

fn check_warc(items: &[Item], len: usize, limit: usize) {
    let mut last_offset = 0;
    for (i, item) in items.iter().enumerate() {
        assert_eq!(number(item), i as u64 + 1);
        let offset = match item {
            Item::Record(r) => {
                assert!(r.block.len() <= limit, "{} > {limit}", r.block.len());
                http_response(&r.block, limit);
                r.offset
            }
            Item::Failed { offset, .. } => *offset,
        };
        assert!(offset >= last_offset && offset <= len as u64, "{offset}");
        last_offset = offset;
    }
}

/// A block parsed as an HTTP response: an inflated body within the limit.
fn http_response(block: &[u8], limit: usize) {
    if let Ok(response) = http::parse(block, limit) {
        assert!(response.body.len() <= limit.max(block.len()));
    }
}

/// What a JSONL reader must give for `stream`: each line that is not blank, by its
/// number, without its line end, or `None` when it is over `limit`.
fn expected_lines(stream: &[u8], limit: usize) -> Vec<(u64, Option<&[u8]>)> {
    let mut lines: Vec<&[u8]> = stream.split(|&b| b == b'\n').collect();
    if stream.ends_with(b"\n") || stream.is_empty() {
        lines.pop();
    }
    let mut out = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        let number = i as u64 + 1;
        if line.len() > limit {
            out.push((number, None));
        } else if !line.trim_ascii().is_empty() {
            out.push((number, Some(line.strip_suffix(b"\r").unwrap_or(line))));
        }
    }
    out
}

/// Every line of a JSONL reader, `None` for one reported.
fn jsonl_lines<R: Resync>(mut reader: jsonl::Lines<R>) -> Vec<(u64, Option<Vec<u8>>)> {
    std::iter::from_fn(|| reader.next_line())
        .map(|line| match line {
            jsonl::Line::Text(n, bytes) => (n, Some(bytes)),
            jsonl::Line::Failed(n, _) => (n, None),
        })
        .collect()
}

fn jsonl(stream: &[u8], limit: usize, read: usize) {
    let got = jsonl_lines(jsonl::Lines::new(Trickle(stream, read), limit));
    assert_eq!(got, jsonl_lines(jsonl::Lines::new(stream, limit)));
    let expected: Vec<(u64, Option<Vec<u8>>)> = expected_lines(stream, limit)
        .into_iter()
        .map(|(n, line)| (n, line.map(<[u8]>::to_vec)))
        .collect();
    assert_eq!(got, expected);
    for line in got.iter().filter_map(|(_, line)| line.as_deref()) {
        if let Ok(line) = std::str::from_utf8(line) {
            check_object(line);
        }
    }
}

/// A JSONL object written back unchanged, and with its `text` replaced.
fn check_object(line: &str) {
    let Ok(object) = jsonl::Object::parse(line) else {
        return;
    };
    let mut out = Vec::new();
    object.write_with(&mut out, &[]);
    assert_eq!(out, line.as_bytes());
    // The other fields' values are kept as raw text, so the rewritten object is
    // compared where the line is JSON that a parser fully decodes (not, say, a lone
    // surrogate escape).
    let Ok(mut before) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
    else {
        return;
    };
    out.clear();
    object.write_with(&mut out, &[("text", br#""kept \"text\"""#)]);
    let mut after: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&out).expect("the rewritten object is JSON");
    assert_eq!(after["text"], "kept \"text\"");
    before.remove("text");
    after.remove("text");
    assert_eq!(before, after);
}
