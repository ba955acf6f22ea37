//! Record files: WARC (Common Crawl's WARC files of `response` records and WET
//! files of `conversion` records) and JSON Lines documents, each cleaned record by
//! record.
//!
//! A file is a record file by its name (`.warc`, `.wet`, `.wat`, `.jsonl`,
//! `.ndjson`, each also with `.gz` or `.zst`), by `--input-format`, or by its content
//! ([`sniff`]: a WARC version line, or a first line that is a JSON object with the
//! text field). [`Reader`] reads its records one batch at a time ([`warc`],
//! [`jsonl`], gzip member by member with [`members`]); the batches are cleaned on
//! the worker threads ([`clean`], with [`http`] for `response` records) and written
//! in input order.

pub mod clean;
pub mod http;
pub mod jsonl;
pub mod members;
pub mod warc;

use crate::args::Input;
use crate::input::{Compression, Head, InputError, has_extension};
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use warc::Resync;

/// The record formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// WARC (also WET and WAT).
    Warc,
    /// JSON Lines.
    Jsonl,
}

/// The extensions of record files (before `.gz` or `.zst`), with their format.
const EXTENSIONS: [(&str, Kind); 5] = [
    ("warc", Kind::Warc),
    ("wet", Kind::Warc),
    ("wat", Kind::Warc),
    ("jsonl", Kind::Jsonl),
    ("ndjson", Kind::Jsonl),
];

/// The record format of a file by its name: its extension, before an optional
/// `.gz` or `.zst`.
pub fn kind_by_name(path: &Path) -> Option<Kind> {
    let name = Path::new(path.file_name()?);
    let name = if has_extension(name.as_os_str(), "gz") || has_extension(name.as_os_str(), "zst") {
        Path::new(name.file_stem()?)
    } else {
        name
    };
    EXTENSIONS
        .iter()
        .find(|(ext, _)| has_extension(name.as_os_str(), ext))
        .map(|&(_, kind)| kind)
}

/// The name of a record file's result without its record extensions (`a.warc.wet`
/// gives `a`); `None` when it has none.
pub fn strip_extensions(name: &Path) -> Option<&std::ffi::OsStr> {
    let mut name = name;
    let mut stripped = false;
    while EXTENSIONS
        .iter()
        .any(|(ext, _)| has_extension(name.as_os_str(), ext))
    {
        name = Path::new(name.file_stem()?);
        stripped = true;
    }
    stripped.then_some(name.as_os_str())
}

/// The record format of a stream whose first bytes are `first`: WARC when it starts
/// with a WARC version line; JSON Lines when its first line is a JSON object with a
/// string field `text_field`.
pub fn sniff(first: &[u8], text_field: &str) -> Option<Kind> {
    if first.starts_with(b"WARC/1.0\r\n")
        || first.starts_with(b"WARC/1.1\r\n")
        || first.starts_with(b"WARC/1.0\n")
        || first.starts_with(b"WARC/1.1\n")
    {
        return Some(Kind::Warc);
    }
    let line = &first[..memchr::memchr(b'\n', first)?];
    let line = std::str::from_utf8(line).ok()?;
    if !line.trim_start().starts_with('{') {
        return None;
    }
    let object = jsonl::Object::parse(line).ok()?;
    object.string(text_field).ok().map(|_| Kind::Jsonl)
}

/// A record as read from its file, before it is cleaned.
pub enum Raw {
    /// A WARC record.
    Warc(warc::Record),
    /// A line of a JSONL file: its number and bytes.
    Line(u64, Vec<u8>),
    /// A record that could not be read: where it is (`record 3 (<id>, at byte
    /// 1234)`, `line 7`) and why.
    Failed(String, String),
}

impl Raw {
    /// The bytes the record holds.
    fn size(&self) -> usize {
        match self {
            Raw::Warc(r) => r.block.len(),
            Raw::Line(_, bytes) => bytes.len(),
            Raw::Failed(..) => 0,
        }
    }
}

/// Where a WARC record is, for messages: `record 3 (<urn:uuid:…>, at byte 1234)`.
pub fn warc_place(number: u64, id: Option<&str>, offset: u64) -> String {
    match id {
        Some(id) => format!("record {number} ({id}, at byte {offset})"),
        None => format!("record {number} (at byte {offset})"),
    }
}

/// A stream that can go on after a failed read at its next gzip member.
pub type Stream = Box<dyn Resync + Send>;

impl<T: Resync + ?Sized> Resync for Box<T> {
    fn resync(&mut self) -> bool {
        (**self).resync()
    }
}

/// The records of one file.
pub enum Reader {
    /// A WARC file.
    Warc(warc::Reader<Stream>),
    /// A JSONL file.
    Jsonl(jsonl::Lines<Stream>),
}

/// How many bytes of records a batch holds (at least one record): enough that
/// handing a batch to a thread costs nothing next to cleaning it, few enough that
/// the threads share a file's records evenly.
pub const BATCH_BYTES: usize = 256 * 1024;

/// The most records in a batch.
pub const BATCH_RECORDS: usize = 64;

impl Reader {
    /// Reads the records of `stream` in `kind`, each record (or line) of at most
    /// `limit` bytes.
    pub fn new(kind: Kind, stream: Stream, limit: usize) -> Reader {
        match kind {
            Kind::Warc => Reader::Warc(warc::Reader::new(stream, limit)),
            Kind::Jsonl => Reader::Jsonl(jsonl::Lines::new(stream, limit)),
        }
    }

    /// The next record, `None` at the end of the file.
    pub fn next_record(&mut self) -> Option<Raw> {
        match self {
            Reader::Warc(r) => r.next_item().map(|item| match item {
                warc::Item::Record(r) => Raw::Warc(r),
                warc::Item::Failed {
                    number,
                    offset,
                    id,
                    message,
                } => Raw::Failed(warc_place(number, id.as_deref(), offset), message),
            }),
            Reader::Jsonl(r) => r.next_line().map(|line| match line {
                jsonl::Line::Text(n, bytes) => Raw::Line(n, bytes),
                jsonl::Line::Failed(n, message) => Raw::Failed(format!("line {n}"), message),
            }),
        }
    }

    /// The next batch of records ([`BATCH_BYTES`], [`BATCH_RECORDS`]); empty at
    /// the end of the file.
    pub fn next_batch(&mut self) -> Vec<Raw> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < BATCH_BYTES && batch.len() < BATCH_RECORDS {
            let Some(record) = self.next_record() else {
                break;
            };
            bytes += record.size();
            batch.push(record);
        }
        batch
    }
}

/// A stream that cannot resync: after a failed read, it ends.
struct Plain<R>(R);

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.0.read(out)
    }
}

impl<R: Read> Resync for Plain<R> {}

impl<R: BufRead> Resync for members::GzMembers<R> {
    fn resync(&mut self) -> bool {
        members::GzMembers::resync(self)
    }
}

/// Opens a record file: its decompressed stream (gzip read member by member, so
/// that a corrupt member costs only its records), with the count of raw bytes read
/// added to `counter`.
pub fn open(input: &Input, counter: Arc<AtomicU64>) -> Result<Stream, InputError> {
    let (raw, compression) = input.open_counted(Some(counter))?;
    from_raw(raw, compression)
}

/// The decompressed stream of an opened input.
fn from_raw(raw: Head, compression: Compression) -> Result<Stream, InputError> {
    Ok(match compression {
        Compression::None => Box::new(Plain(raw)),
        Compression::Gzip => Box::new(members::GzMembers::new(raw)),
        Compression::Zstd => Box::new(Plain(
            zstd::stream::read::Decoder::with_buffer(raw)
                .map_err(|e| InputError::Decompress(Compression::Zstd, e))?,
        )),
    })
}

/// A stream already decompressed (by [`Input::open`]) as a record stream: it ends
/// at a failed read.
pub fn from_stream(stream: Box<dyn Read + Send>) -> Stream {
    Box::new(Plain(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_content() {
        let by_name = |n: &str| kind_by_name(Path::new(n));
        assert_eq!(by_name("CC-MAIN-1.warc.gz"), Some(Kind::Warc));
        assert_eq!(by_name("a.warc.wet.gz"), Some(Kind::Warc));
        assert_eq!(by_name("dir/a.WARC"), Some(Kind::Warc));
        assert_eq!(by_name("a.jsonl.zst"), Some(Kind::Jsonl));
        assert_eq!(by_name("a.ndjson"), Some(Kind::Jsonl));
        for page in ["a.txt", "a.html.gz", "warc", "a.json", "a.jsonl.txt"] {
            assert_eq!(by_name(page), None, "{page}");
        }
        assert_eq!(
            strip_extensions(Path::new("a.warc.wet")).map(|s| s.to_string_lossy().into_owned()),
            Some("a".to_string())
        );
        assert_eq!(strip_extensions(Path::new("a.txt")), None);
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: x", "text"), Some(Kind::Warc));
        assert_eq!(sniff(b"WARC/1.0 is a version\n", "text"), None);
        assert_eq!(
            sniff(b"{\"id\":1,\"text\":\"a\"}\n{", "text"),
            Some(Kind::Jsonl)
        );
        assert_eq!(sniff(b"{\"id\":1,\"body\":\"a\"}\n", "text"), None);
        assert_eq!(
            sniff(b"{\"id\":1,\"body\":\"a\"}\n", "body"),
            Some(Kind::Jsonl)
        );
        assert_eq!(sniff(b"{\"text\":\"a\"}", "text"), None, "one line, no end");
        assert_eq!(sniff(b"{ a text dump\n", "text"), None);
    }
}
