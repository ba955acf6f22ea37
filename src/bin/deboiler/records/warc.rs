//! A streaming reader of WARC 1.0 and 1.1 files, record by record, in bounded
//! memory.
//!
//! A record is a version line (`WARC/1.0` or `WARC/1.1`), header lines
//! (`Name: value`, continued by lines that start with a space or tab), an empty
//! line, a block of exactly `Content-Length` bytes, and two line ends. The reader
//! holds one record's block at a time, up to a limit; a larger block is read past
//! and reported.
//!
//! Bad input is reported record by record ([`Item::Failed`], with the record's
//! number, its offset in the uncompressed stream and its id when known) and
//! reading goes on at the next record: after a block whose length lies (it is not
//! followed by the two line ends), the next record is looked for inside the block
//! (the length was too long) and then after it (too short); after a failed read of
//! the stream (a corrupt gzip member), the stream is asked to [`Resync`] (go on at
//! its next gzip member) and the next record is looked for there. A file cut off
//! inside a record ends with that record reported as truncated.
//!
//! This file depends on the standard library and `memchr` only, so that
//! `benches/records.rs` can include it as it is.

use std::io::{self, Read};

/// How many bytes of headers a record may have.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// How much is read from the stream at a time.
const CHUNK: usize = 64 * 1024;

/// A stream of WARC bytes that can, after a failed read, go on at a point where a
/// record may start (the next gzip member). `false`: it cannot, and the stream ends.
pub trait Resync: Read {
    /// Goes on after a failed read, where a record may start; `false` if there is
    /// no such place (the stream is then at its end).
    fn resync(&mut self) -> bool {
        false
    }
}

impl Resync for &[u8] {}
impl<R: Read> Resync for io::BufReader<R> {}

/// One record of a WARC file.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// Its number in the file, from 1 (records that failed count too).
    pub number: u64,
    /// Its offset in the uncompressed stream.
    pub offset: u64,
    /// `WARC-Type`, lower-cased (`response`, `conversion`, `request`…).
    pub kind: String,
    /// `WARC-Record-ID`, as written (`<urn:uuid:…>`).
    pub id: Option<String>,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// `Content-Type` of the block.
    pub content_type: Option<String>,
    /// `WARC-Identified-Payload-Type`, the payload's type as the crawler sniffed it.
    pub payload_type: Option<String>,
    /// The block.
    pub block: Vec<u8>,
}

/// What [`Reader::next_item`] gives.
#[derive(Debug)]
pub enum Item {
    /// A well-formed record.
    Record(Record),
    /// A record that could not be read: its number, offset, id when known, and why
    /// (one sentence, saying what is skipped).
    Failed {
        /// Its number in the file, from 1.
        number: u64,
        /// Its offset in the uncompressed stream.
        offset: u64,
        /// Its `WARC-Record-ID`, when the headers were read.
        id: Option<String>,
        /// What went wrong.
        message: String,
    },
}

/// Reads the records of a WARC stream one at a time.
pub struct Reader<R> {
    inner: R,
    /// Bytes read from `inner` and not yet used: `buf[pos..]`.
    buf: Vec<u8>,
    pos: usize,
    /// The offset in the stream of `buf[pos]`.
    offset: u64,
    /// `inner` is at its end.
    eof: bool,
    /// The largest block read whole.
    limit: usize,
    /// Records started so far.
    number: u64,
    /// Look for the next version line before reading a record (after an error).
    lost: bool,
    /// While `lost`: the unused bytes start inside a line that was partly passed
    /// over, so a version line is found there only after a `\n`, as when the whole
    /// line is in the buffer.
    mid_line: bool,
}

impl<R: Resync> Reader<R> {
    /// A reader of `inner` that holds blocks of at most `limit` bytes.
    pub fn new(inner: R, limit: usize) -> Reader<R> {
        Reader {
            inner,
            buf: Vec::new(),
            pos: 0,
            offset: 0,
            eof: false,
            limit,
            number: 0,
            lost: false,
            mid_line: false,
        }
    }

    /// The unused bytes.
    fn rest(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Uses `n` bytes.
    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.offset += n as u64;
    }

    /// Reads more of the stream (at least one byte unless it ends): `Ok(false)` at
    /// its end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let got = loop {
            match self.inner.read(&mut self.buf[start..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other,
            }
        };
        match got {
            Ok(0) => {
                self.buf.truncate(start);
                self.eof = true;
                Ok(false)
            }
            Ok(n) => {
                self.buf.truncate(start + n);
                Ok(true)
            }
            Err(e) => {
                self.buf.truncate(start);
                Err(e)
            }
        }
    }

    /// After a failed read: drops what was read of the record, lets the stream go
    /// on at its next member if it can, and looks for a record there. Says which,
    /// for the end of a message.
    fn after_read_error(&mut self) -> &'static str {
        self.offset += (self.buf.len() - self.pos) as u64;
        self.buf.clear();
        self.pos = 0;
        self.lost = true;
        if self.inner.resync() {
            "the reading goes on at the next gzip member"
        } else {
            self.eof = true;
            "the rest of the file is skipped"
        }
    }

    /// A failure of record `number` at `offset`.
    fn failed(&self, number: u64, offset: u64, id: Option<String>, message: String) -> Item {
        Item::Failed {
            number,
            offset,
            id,
            message,
        }
    }

    /// The next record, `None` at the end of the stream.
    pub fn next_item(&mut self) -> Option<Item> {
        // Blank lines between records (a missing or extra line end) are skipped.
        match self.skip_to_record() {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                self.number += 1;
                let (number, offset) = (self.number, self.offset);
                let then = self.after_read_error();
                return Some(self.failed(number, offset, None, format!("{e}; {then}")));
            }
        }
        self.number += 1;
        Some(self.read_record())
    }

    /// Skips line ends (and, after an error, everything up to the next line that
    /// starts a record); `Ok(false)` at the end of the stream.
    fn skip_to_record(&mut self) -> io::Result<bool> {
        loop {
            let rest = self.rest();
            let skip = rest
                .iter()
                .position(|&b| b != b'\r' && b != b'\n')
                .unwrap_or(rest.len());
            if skip > 0 && rest[skip - 1] == b'\n' {
                self.mid_line = false;
            }
            self.consume(skip);
            if self.lost {
                match find_version_line(self.rest(), !self.mid_line) {
                    Some(at) => {
                        self.consume(at);
                        self.lost = false;
                        self.mid_line = false;
                    }
                    None => {
                        // Keep the last bytes: a version line may straddle two reads.
                        let cut = self.rest().len().saturating_sub(8);
                        if cut > 0 {
                            self.mid_line = self.rest()[cut - 1] != b'\n';
                        }
                        self.consume(cut);
                        if !self.fill()? {
                            let n = self.rest().len();
                            self.consume(n);
                            return Ok(false);
                        }
                        continue;
                    }
                }
            }
            if self.rest().len() >= 9 || (self.eof && !self.rest().is_empty()) {
                return Ok(true);
            }
            if !self.fill()? && self.rest().is_empty() {
                return Ok(false);
            }
        }
    }

    /// Reads one record, starting at the current byte.
    fn read_record(&mut self) -> Item {
        let (number, offset) = (self.number, self.offset);
        let fail = |reader: &mut Self, id: Option<String>, message: String| {
            reader.lost = true;
            reader.failed(number, offset, id, message)
        };
        if !starts_with_version(self.rest()) {
            // The same start is shown however the stream was read (a read error
            // stops here, and is met again by the next read).
            while self.rest().len() < 16 && matches!(self.fill(), Ok(true)) {}
            let at = self.rest().len().min(16);
            let shown = String::from_utf8_lossy(&self.rest()[..at]).into_owned();
            self.consume(1);
            return fail(
                self,
                None,
                format!(
                    "not a WARC record (it starts with {shown:?}, not 'WARC/1.0' or 'WARC/1.1'); skipped to the next record"
                ),
            );
        }
        // The headers, up to the empty line.
        let end = loop {
            if let Some(end) = header_end(self.rest()) {
                break end;
            }
            if self.rest().len() > MAX_HEADER_BYTES {
                self.consume(1);
                return fail(
                    self,
                    None,
                    format!("headers longer than {MAX_HEADER_BYTES} bytes; skipped"),
                );
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    let n = self.rest().len();
                    self.consume(n);
                    return fail(self, None, "truncated inside its headers".to_string());
                }
                Err(e) => {
                    let then = self.after_read_error();
                    return self.failed(number, offset, None, format!("{e}; {then}"));
                }
            }
        };
        let mut record = Record {
            number,
            offset,
            ..Record::default()
        };
        let length = parse_headers(&self.rest()[..end.0], &mut record);
        self.consume(end.1);
        let length = match length {
            Ok(n) => n,
            Err(message) => return fail(self, record.id, format!("{message}; skipped")),
        };
        if length > self.limit as u64 {
            return self.skip_block(record, length);
        }
        // The block.
        let length = length as usize;
        // What was read ahead, then the rest straight from the stream into the
        // block: one copy of each byte.
        let mut block = Vec::with_capacity(length);
        let take = self.rest().len().min(length);
        block.extend_from_slice(&self.rest()[..take]);
        self.consume(take);
        while block.len() < length && !self.eof {
            let want = (length - block.len()) as u64;
            match (&mut self.inner).take(want).read_to_end(&mut block) {
                Ok(0) => self.eof = true,
                Ok(n) => self.offset += n as u64,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let read = block.len();
                    let then = self.after_read_error();
                    return self.failed(
                        number,
                        offset,
                        record.id,
                        format!("{e} after {read} bytes of its block; {then}"),
                    );
                }
            }
        }
        if block.len() < length {
            return fail(
                self,
                record.id,
                format!(
                    "truncated: its Content-Length is {length} bytes, the file ends after {}",
                    block.len()
                ),
            );
        }
        // Two line ends close the record; anything else means the length lies.
        match self.check_record_end() {
            Ok(true) => {
                record.block = block;
                Item::Record(record)
            }
            Ok(false) => {
                // The next record is looked for from the block's second byte on (or
                // right after an empty block): too long a length swallowed the start
                // of the next record.
                let back = block.get(1..).unwrap_or_default();
                self.buf.splice(self.pos..self.pos, back.iter().copied());
                self.offset -= back.len() as u64;
                fail(
                    self,
                    record.id,
                    format!(
                        "its Content-Length ({length}) does not end where the record ends \
                         (no blank line after the block); skipped to the next record"
                    ),
                )
            }
            Err(e) => {
                let then = self.after_read_error();
                self.failed(number, offset, record.id, format!("{e}; {then}"))
            }
        }
    }

    /// Whether the record's block is followed by its two line ends (`\r\n\r\n`, or
    /// `\n\n`), which are then used; at the end of the stream one or none will do.
    fn check_record_end(&mut self) -> io::Result<bool> {
        while self.rest().len() < 4 && self.fill()? {}
        let rest = self.rest();
        let n = if rest.starts_with(b"\r\n\r\n") {
            4
        } else if rest.starts_with(b"\n\n") {
            2
        } else if self.eof && rest.iter().all(|&b| b == b'\r' || b == b'\n') {
            rest.len()
        } else {
            return Ok(false);
        };
        self.consume(n);
        Ok(true)
    }

    /// Reads past the block of a record larger than the limit.
    fn skip_block(&mut self, record: Record, length: u64) -> Item {
        let (number, offset) = (record.number, record.offset);
        let mut left = length;
        while left > 0 {
            if self.rest().is_empty() {
                match self.fill() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        let then = self.after_read_error();
                        return self.failed(
                            number,
                            offset,
                            record.id,
                            format!(
                                "larger than the limit of {} bytes, and then {e}; {then}",
                                self.limit
                            ),
                        );
                    }
                }
            }
            let take = (self.rest().len() as u64).min(left) as usize;
            self.consume(take);
            left -= take as u64;
        }
        if matches!(self.check_record_end(), Ok(false)) {
            self.lost = true;
        }
        self.failed(
            number,
            offset,
            record.id,
            format!(
                "{length} bytes, larger than the limit of {} bytes; skipped",
                self.limit
            ),
        )
    }
}

/// Whether `bytes` starts with a WARC version line's start.
fn starts_with_version(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/1.")
}

/// Where the first line that starts like a WARC version line is in `bytes`: at its
/// start when that is the start of a line (`line_start`), or after a `\n`.
fn find_version_line(bytes: &[u8], line_start: bool) -> Option<usize> {
    if line_start && starts_with_version(bytes) {
        return Some(0);
    }
    memchr::memmem::find_iter(bytes, b"\nWARC/1.")
        .next()
        .map(|i| i + 1)
}

/// The end of the headers in `bytes`: the length of the header lines and of the
/// headers with the empty line after them.
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// Reads the header lines (after the version line) into `record`; the
/// `Content-Length`, or why the headers are unusable.
fn parse_headers(bytes: &[u8], record: &mut Record) -> Result<u64, String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let version = lines.next().unwrap_or_default();
    if !matches!(version.trim_end(), "WARC/1.0" | "WARC/1.1") {
        return Err(format!("unknown WARC version '{}'", version.trim_end()));
    }
    let mut length = None;
    let mut last: Option<(String, String)> = None;
    let mut fields = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = last.as_mut() {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some(field) = last.take() {
            fields.push(field);
        }
        if let Some((name, value)) = line.split_once(':') {
            last = Some((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    fields.extend(last);
    for (name, value) in fields {
        match name.as_str() {
            "warc-type" => record.kind = value.to_ascii_lowercase(),
            "warc-record-id" => record.id = Some(value),
            "warc-target-uri" => record.url = Some(value),
            "warc-date" => record.date = Some(value),
            "content-type" => record.content_type = Some(value),
            "warc-identified-payload-type" => record.payload_type = Some(value),
            "content-length" => length = Some(value),
            _ => {}
        }
    }
    match length {
        None => Err("no Content-Length header".to_string()),
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| format!("Content-Length '{v}' is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of type `kind` with `block`.
    fn record(kind: &str, id: u32, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
             WARC-Target-URI: http://example.com/{id}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    /// What `Reader` gives for `bytes`: record ids and block lengths, or failures.
    fn items(bytes: &[u8], limit: usize) -> Vec<String> {
        let mut r = Reader::new(bytes, limit);
        let mut out = Vec::new();
        while let Some(item) = r.next_item() {
            out.push(match item {
                Item::Record(r) => format!(
                    "{} {} {} {}",
                    r.number,
                    r.kind,
                    r.id.unwrap_or_default(),
                    r.block.len()
                ),
                Item::Failed {
                    number, message, ..
                } => format!("{number} failed: {message}"),
            });
        }
        out
    }

    #[test]
    fn reads_records_in_order() {
        let bytes = [
            record("warcinfo", 1, b"software: x\r\n"),
            record("response", 2, &[b'x'; 200_000]),
            record("conversion", 3, b"Line one\nLine two\n"),
        ]
        .concat();
        assert_eq!(
            items(&bytes, 1 << 20),
            [
                "1 warcinfo <urn:uuid:1> 13",
                "2 response <urn:uuid:2> 200000",
                "3 conversion <urn:uuid:3> 18"
            ]
        );
        // Folded headers, LF line ends, no blank line after the last record.
        let lf =
            b"WARC/1.0\nWARC-Type: resource\nWARC-Record-ID:\n <urn:x>\nContent-Length: 2\n\nab";
        assert_eq!(items(lf, 100), ["1 resource <urn:x> 2"]);
        assert!(items(b"", 100).is_empty());
        assert!(items(b"\r\n\r\n", 100).is_empty());
    }

    #[test]
    fn a_lying_length_fails_its_record_only() {
        let good = record("conversion", 2, b"Second record text\n");
        for delta in [-5i64, 7, 40] {
            let block = b"First record text\n";
            let mut first = record("conversion", 1, block);
            let header_len = first.len() - block.len() - 4;
            let lie = (block.len() as i64 + delta) as usize;
            let header = String::from_utf8(first[..header_len].to_vec())
                .unwrap()
                .replace(
                    &format!("Content-Length: {}", block.len()),
                    &format!("Content-Length: {lie}"),
                );
            first.splice(..header_len, header.into_bytes());
            let bytes = [first, good.clone(), record("conversion", 3, b"x\n")].concat();
            let got = items(&bytes, 1 << 20);
            assert!(
                got[0].starts_with("1 failed: its Content-Length"),
                "{delta}: {got:?}"
            );
            assert_eq!(
                got[1..],
                [
                    "2 conversion <urn:uuid:2> 19",
                    "3 conversion <urn:uuid:3> 2"
                ]
            );
        }
    }

    /// A stream read one byte at a time.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    impl Resync for OneByte<'_> {}

    #[test]
    fn a_version_inside_a_line_is_no_record_whatever_the_reads() {
        // After a record whose length lies, the next record is looked for; "WARC/1."
        // in the middle of a line is not one, even when a short read ends before it.
        let mut lie = record("conversion", 1, b"First record text\n");
        let header = String::from_utf8(lie[..120].to_vec()).unwrap();
        let header = header.replace("Content-Length: 18", "Content-Length: 9");
        lie.splice(..120, header.into_bytes());
        let bytes = [
            &lie[..],
            b"Content-LenWARC/1.\r\n\r\n",
            &record("conversion", 2, b"x\n"),
        ]
        .concat();
        fn debug(mut r: Reader<impl Resync>) -> Vec<String> {
            std::iter::from_fn(|| r.next_item())
                .map(|i| format!("{i:?}"))
                .collect()
        }
        let at_once = debug(Reader::new(&bytes[..], 1 << 20));
        assert_eq!(debug(Reader::new(OneByte(&bytes), 1 << 20)), at_once);
        assert_eq!(at_once.len(), 2, "{at_once:?}");
        assert!(at_once[1].contains("urn:uuid:2"), "{at_once:?}");
    }

    #[test]
    fn an_empty_block_without_its_line_ends_fails_alone() {
        let empty = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n";
        let next = record("conversion", 2, b"x\n");
        let got = items(&[&empty[..], b"junk\r\n", &next].concat(), 100);
        assert!(
            got[0].starts_with("1 failed: its Content-Length (0)"),
            "{got:?}"
        );
        assert_eq!(got[1..], ["2 conversion <urn:uuid:2> 2"]);
        // The next record right after the headers: it is found all the same.
        let got = items(&[&empty[..], &next].concat(), 100);
        assert!(
            got[0].starts_with("1 failed: its Content-Length (0)"),
            "{got:?}"
        );
        assert_eq!(got[1..], ["2 conversion <urn:uuid:2> 2"]);
    }

    #[test]
    fn truncation_garbage_and_size_are_reported() {
        let one = record("conversion", 1, b"Some text\n");
        let two = record("conversion", 2, b"More text here\n");
        let cut = [&one[..], &two[..two.len() - 9]].concat();
        let got = items(&cut, 100);
        assert_eq!(got[0], "1 conversion <urn:uuid:1> 10");
        assert_eq!(
            got[1],
            "2 failed: truncated: its Content-Length is 15 bytes, the file ends after 10"
        );
        let garbage = [&b"junk before\r\n"[..], &one, b"more junk\n", &two].concat();
        let got = items(&garbage, 100);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].starts_with("1 failed: not a WARC record"), "{got:?}");
        assert_eq!(got[1], "2 conversion <urn:uuid:1> 10");
        assert!(got[2].starts_with("3 failed: not a WARC record"), "{got:?}");
        assert_eq!(got[3], "4 conversion <urn:uuid:2> 15");
        let big = [record("response", 1, &[b'y'; 500]), two.clone()].concat();
        assert_eq!(
            items(&big, 100),
            [
                "1 failed: 500 bytes, larger than the limit of 100 bytes; skipped",
                "2 conversion <urn:uuid:2> 15"
            ]
        );
        let no_length = [&b"WARC/1.0\r\nWARC-Type: x\r\n\r\n"[..], &two].concat();
        assert_eq!(
            items(&no_length, 100),
            [
                "1 failed: no Content-Length header; skipped",
                "2 conversion <urn:uuid:2> 15"
            ]
        );
    }
}
