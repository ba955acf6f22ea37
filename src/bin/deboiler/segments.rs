//! Reading a text input in segments of bounded size, cut at line ends, so that the
//! memory a file takes does not grow with the file.
//!
//! A segment holds at most the segment size (`--segment-size`, [`DEFAULT_SEGMENT`])
//! and ends just after a `\n` (or at the end of the input), so that no line, and so
//! no UTF-8 sequence, is ever cut in two. Where the segment size holds no `\n` but a
//! `\r` not at its end, the segment ends just after that `\r`: text with classic Mac
//! line ends, whose lines the classifier splits at `\r` in a segment without `\n`. A line longer than the segment size is
//! read whole, into a segment of its own, up to [`LONG_LINE_FACTOR`] times the
//! segment size; a longer line is an error ([`SegmentError::LineTooLong`]).
//!
//! A segment also holds at most one line per [`BYTES_PER_LINE`] bytes of the segment
//! size (262,144 lines in 8 MiB): the classifier takes about 500 bytes a line, so a
//! segment of empty or one-letter lines would otherwise take 250 to 500 times its
//! size. A segment with more lines ends after the last line within that count.
//! Text dumps average about 50 bytes a line (the densest 8 MiB of the shared
//! corpora about 43), so their segments end where the size alone ends them.
//!
//! When reading fails (a truncated gzip stream, say), the bytes read before the
//! failure still make segments, as if the input ended there; the error comes after
//! the last of them, so that what could be read is cleaned before it is reported.

use std::fmt;
use std::io::{self, Read};

/// The default segment size: 8 MiB.
pub const DEFAULT_SEGMENT: usize = 8 << 20;

/// The smallest segment size accepted (64 KiB): a segment must hold the bytes
/// that are searched for a NUL byte and for the start of an HTML document.
pub const MIN_SEGMENT: usize = 64 << 10;

/// The largest segment size accepted (1 GiB).
pub const MAX_SEGMENT: usize = 1 << 30;

/// A segment holds at most one line per this many bytes of the segment size (see
/// the module's documentation).
pub const BYTES_PER_LINE: usize = 32;

/// How many segment sizes a single line, or an HTML page, may take (64 MiB with the
/// default segment size).
pub const LONG_LINE_FACTOR: usize = 8;

/// Why the next segment could not be read.
#[derive(Debug)]
pub enum SegmentError {
    /// Reading failed.
    Read(io::Error),
    /// The line starting at the segment's start is longer than this many bytes.
    LineTooLong(usize),
    /// [`Segments::rest_whole`]: the input is longer than this many bytes.
    TooLong(usize),
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SegmentError::Read(e) => write!(f, "{e}"),
            SegmentError::LineTooLong(limit) => {
                write!(f, "a line longer than {}", size_name(*limit))
            }
            SegmentError::TooLong(limit) => write!(f, "longer than {}", size_name(*limit)),
        }
    }
}

/// A size for people: `8 MiB`, `64 KiB`, or bytes.
pub fn size_name(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// Parses a size: a number of bytes, or with the suffix `K`, `M` or `G` (also `KiB`,
/// `MiB`, `GiB`; powers of 1024).
pub fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return None,
    };
    number.parse::<usize>().ok()?.checked_mul(1 << shift)
}

/// The segments of one input. The buffer is borrowed, so that a worker reuses its
/// allocation from one input to the next.
pub struct Segments<'b, R> {
    reader: R,
    /// The current segment, followed by the bytes read past its end.
    buf: &'b mut Vec<u8>,
    /// The end of the current segment in `buf`.
    cut: usize,
    /// The segment size.
    size: usize,
    /// The most lines a segment holds.
    max_lines: usize,
    /// Whether the current segment was cut to [`Segments::max_lines`] lines.
    capped: bool,
    /// Whether the reader is exhausted (or failed).
    eof: bool,
    /// Why reading failed, until it is reported.
    error: Option<io::Error>,
}

impl<'b, R: Read> Segments<'b, R> {
    /// Segments of at most `size` bytes (a single longer line excepted) of
    /// `reader`, read through `buf` (cleared first).
    pub fn new(reader: R, size: usize, buf: &'b mut Vec<u8>) -> Segments<'b, R> {
        buf.clear();
        Segments {
            reader,
            buf,
            cut: 0,
            size,
            max_lines: (size / BYTES_PER_LINE).max(1),
            capped: true,
            eof: false,
            error: None,
        }
    }

    /// The limit of a single line (and of [`Segments::rest_whole`]).
    pub fn long_limit(&self) -> usize {
        self.size.saturating_mul(LONG_LINE_FACTOR)
    }

    /// Reads from the input until `buf` holds `target` bytes or the input ends. A
    /// failure ends the input, and is kept for [`Segments::take_error`] (the bytes
    /// read before it stay in `buf`).
    fn fill(&mut self, target: usize) {
        while !self.eof && self.buf.len() < target {
            let want = target - self.buf.len();
            self.buf.reserve_exact(want);
            match (&mut self.reader).take(want as u64).read_to_end(self.buf) {
                Ok(n) if n < want => self.eof = true,
                Ok(_) => {}
                Err(e) => {
                    self.eof = true;
                    self.error = Some(e);
                }
            }
        }
    }

    /// The segment [`Segments::next_segment`] last gave (or [`Segments::advance`]
    /// read), `None` before the first or after the last.
    pub fn current(&mut self) -> Option<&[u8]> {
        self.cap();
        (self.cut > 0).then(|| &self.buf[..self.cut])
    }

    /// Cuts the current segment to [`Segments::max_lines`] lines, once.
    fn cap(&mut self) {
        if !self.capped {
            self.cut = cap_lines(&self.buf[..self.cut], self.max_lines);
            self.capped = true;
        }
    }

    /// Ends the segments: every byte read so far (from the first segment's start),
    /// the reader, and why reading failed, if it did.
    pub fn into_parts(self) -> (Vec<u8>, R, Option<io::Error>) {
        (std::mem::take(self.buf), self.reader, self.error)
    }

    /// The bytes read from the current segment's start on: the segment and what was
    /// read past it, at least the segment size unless the input ends first. What is
    /// sniffed at the start of an input (byte-order marks, NUL bytes, HTML) is sought
    /// here, whether the first segment ends early or not.
    pub fn head(&self) -> &[u8] {
        &self.buf[..]
    }

    /// Why reading failed, if it did (once).
    pub fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// The next segment, `None` at the end of the input; a read failure after the
    /// last segment of what was read before it.
    pub fn next_segment(&mut self) -> Result<Option<&[u8]>, SegmentError> {
        Ok(if self.advance()? {
            self.current()
        } else {
            None
        })
    }

    /// Reads the next segment, as [`Segments::next_segment`], without counting its
    /// lines yet: [`Segments::current`] cuts it to its count of lines, so that the
    /// first segment of an HTML page, read whole with [`Segments::rest_whole`], is
    /// never counted. `false` at the end of the input.
    pub fn advance(&mut self) -> Result<bool, SegmentError> {
        // The segment before is cut to its lines, if it was not: what comes after
        // its cut is read again, never skipped.
        self.cap();
        self.buf.drain(..self.cut);
        self.cut = 0;
        self.fill(self.size);
        if self.buf.is_empty() {
            return match self.error.take() {
                Some(e) => Err(SegmentError::Read(e)),
                None => Ok(false),
            };
        }
        self.cut = if self.eof {
            self.buf.len()
        } else if let Some(i) = memchr::memrchr(b'\n', self.buf) {
            i + 1
        } else if let Some(i) = memchr::memrchr(b'\r', &self.buf[..self.buf.len() - 1]) {
            // No `\n`: cut after the last `\r` before the last byte, which is not `\n`.
            i + 1
        } else {
            // One line fills the segment: read on until it ends.
            let limit = self.long_limit();
            let mut searched = self.buf.len();
            loop {
                if let Some(i) = memchr::memchr(b'\n', &self.buf[searched..]) {
                    break searched + i + 1;
                }
                if self.eof {
                    break self.buf.len();
                }
                // Still no `\n`: a `\r` ends the line (not the last byte, which may
                // be the first half of `\r\n`).
                let from = searched - 1;
                if let Some(i) = memchr::memchr(b'\r', &self.buf[from..self.buf.len() - 1]) {
                    break from + i + 1;
                }
                if self.buf.len() > limit {
                    return Err(SegmentError::LineTooLong(limit));
                }
                searched = self.buf.len();
                let target = (searched + self.size).min(limit + 1);
                self.fill(target);
            }
        };
        if self.cut > self.long_limit() {
            return Err(SegmentError::LineTooLong(self.long_limit()));
        }
        self.capped = false;
        Ok(true)
    }

    /// The current segment and the whole rest of the input, when all of it fits in
    /// [`Segments::long_limit`] bytes (for an HTML page, which is parsed whole); if
    /// reading failed, what was read before (see [`Segments::take_error`]).
    pub fn rest_whole(&mut self) -> Result<&[u8], SegmentError> {
        let limit = self.long_limit();
        self.fill(limit + 1);
        if self.buf.len() > limit {
            return Err(SegmentError::TooLong(limit));
        }
        self.cut = self.buf.len();
        self.capped = true;
        Ok(&self.buf[..])
    }
}

/// Whether `text`, a whole record's text classified at once (up to
/// [`LONG_LINE_FACTOR`] segment sizes, `long_limit` bytes), has more lines than a
/// segment may hold: such a text would take memory out of proportion to its bytes.
/// Counted only for a text longer in bytes than that many lines.
pub fn too_many_lines(text: &[u8], long_limit: usize) -> Option<usize> {
    let max_lines = (long_limit / LONG_LINE_FACTOR / BYTES_PER_LINE).max(1);
    (cap_lines(text, max_lines) < text.len()).then_some(max_lines)
}

/// The length of the start of `segment` that holds at most `max_lines` lines, as the
/// classifier splits them (at `\n`, or at `\r` in a text without `\n`): all of it,
/// or up to just after the line end of line number `max_lines`.
fn cap_lines(segment: &[u8], max_lines: usize) -> usize {
    // A line takes a byte at least: a short segment needs no count.
    if segment.len() <= max_lines {
        return segment.len();
    }
    let end = line_end(segment);
    let ends = memchr::memchr_iter(end, segment).count();
    let lines = ends + usize::from(segment.last() != Some(&end));
    if lines <= max_lines {
        return segment.len();
    }
    memchr::memchr_iter(end, segment)
        .nth(max_lines - 1)
        .map_or(segment.len(), |i| i + 1)
}

/// The byte that ends the lines of `text` for the classifier: `\n`, or `\r` in a
/// text with a `\r` and no `\n` (the library's rule, in its `text` module).
fn line_end(text: &[u8]) -> u8 {
    if memchr::memchr(b'\n', text).is_none() && memchr::memchr(b'\r', text).is_some() {
        b'\r'
    } else {
        b'\n'
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Every segment of `input` with segment size `size` and no limit on lines, or
    /// the error.
    fn segments(input: &[u8], size: usize) -> Result<Vec<Vec<u8>>, String> {
        segments_of_lines(input, size, usize::MAX)
    }

    /// Every segment of `input` with segment size `size` and at most `max_lines`
    /// lines, or the error.
    fn segments_of_lines(
        input: &[u8],
        size: usize,
        max_lines: usize,
    ) -> Result<Vec<Vec<u8>>, String> {
        let mut buf = Vec::new();
        let mut s = Segments::new(input, size, &mut buf);
        s.max_lines = max_lines;
        let mut out = Vec::new();
        while let Some(seg) = s.next_segment().map_err(|e| e.to_string())? {
            out.push(seg.to_vec());
        }
        Ok(out)
    }

    /// A reader that hands out at most 3 bytes a call, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(out.len()).min(3);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn segments_cover_the_input_and_end_at_line_ends() {
        let input = b"one\ntwo two\n\nthree three three\r\nfour\nlast without end";
        // From 3: the longest line, 19 bytes, is within 8 segment sizes.
        for size in 3..input.len() + 2 {
            let segs = segments(input, size).unwrap();
            assert_eq!(segs.concat(), input, "size {size}");
            for seg in &segs[..segs.len() - 1] {
                assert!(seg.ends_with(b"\n"), "size {size}: {seg:?}");
                // A segment is over the size only when it is one line.
                assert!(
                    seg.len() <= size || memchr::memchr(b'\n', seg) == Some(seg.len() - 1),
                    "size {size}: {seg:?}"
                );
            }
        }
        assert_eq!(segments(b"", 8).unwrap(), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn text_without_lf_is_cut_after_a_cr() {
        let input = b"one\rtwo two\r\rthree three three\rlast";
        for size in 3..input.len() + 2 {
            let segs = segments(input, size).unwrap();
            assert_eq!(segs.concat(), input, "size {size}");
            for seg in &segs[..segs.len() - 1] {
                assert!(seg.ends_with(b"\r"), "size {size}: {seg:?}");
            }
        }
        assert_eq!(
            segments(input, 8).unwrap(),
            [
                &b"one\r"[..],
                b"two two\r",
                b"\r",
                // The input ends within this long line: the rest is its segment.
                b"three three three\rlast",
            ]
        );
        // A `\r` at the end of the segment size may be the first half of `\r\n`.
        assert_eq!(
            segments(b"abcd\r\nef", 5).unwrap(),
            [&b"abcd\r\n"[..], b"ef"]
        );
    }

    /// The lines of `segment` as the classifier splits them.
    fn line_count(segment: &[u8]) -> usize {
        let end = line_end(segment);
        memchr::memchr_iter(end, segment).count() + usize::from(segment.last() != Some(&end))
    }

    #[test]
    fn segments_hold_at_most_max_lines() {
        let inputs: [&[u8]; 6] = [
            b"\n\n\n\n\n\n\n",
            b"a\nb\n\nc\r\nd\ne",
            b"a\rb\r\rc\rd",
            b"one\r\ntwo\rstill two\nthree\n\n\nfour\n",
            b"x\ry\rz\n\r\r",
            b"\r\n\r\n\r\n\r",
        ];
        for input in inputs {
            // From 2: the longest line, 14 bytes, is within 8 segment sizes.
            for size in 2..input.len() + 2 {
                for max in 1..6 {
                    let segs = segments_of_lines(input, size, max).unwrap();
                    assert_eq!(segs.concat(), input, "{input:?} size {size} max {max}");
                    for (i, seg) in segs.iter().enumerate() {
                        assert!(line_count(seg) <= max, "{input:?} {size} {max}: {seg:?}");
                        // A `\r\n` is never cut in two.
                        let next = segs.get(i + 1).and_then(|s| s.first());
                        assert!(!(seg.ends_with(b"\r") && next == Some(&b'\n')), "{seg:?}");
                    }
                    // Segments end early for the count of lines only.
                    let uncapped = segments(input, size).unwrap();
                    if uncapped.iter().all(|s| line_count(s) <= max) {
                        assert_eq!(segs, uncapped, "{input:?} {size} {max}");
                    }
                }
            }
        }
        // The line count bounds a segment of empty lines, and a partial last line
        // counts as a line.
        let empty = vec![b'\n'; 10_000];
        let segs = segments_of_lines(&empty, 4096, 128).unwrap();
        assert!(
            segs.iter()
                .all(|s| s.len() == 128 || s.len() == 10_000 % 128)
        );
        assert_eq!(
            segments_of_lines(b"a\nb\nc", 100, 2).unwrap(),
            [&b"a\nb\n"[..], b"c"]
        );
        assert_eq!(
            segments_of_lines(b"a\rb\rc", 100, 2).unwrap(),
            [&b"a\rb\r"[..], b"c"]
        );
    }

    #[test]
    fn advance_cuts_to_the_lines_whether_the_segment_is_seen_or_not() {
        let input = b"a\nb\nc\nd\ne\nf\ng".repeat(50);
        let seen = segments_of_lines(&input, 64, 3).unwrap();
        let mut buf = Vec::new();
        let mut s = Segments::new(&input[..], 64, &mut buf);
        s.max_lines = 3;
        let mut count = 0;
        while s.advance().unwrap() {
            count += 1;
            // Every other segment is looked at: the same segments either way.
            if count % 2 == 0 {
                assert_eq!(s.current().unwrap(), &seen[count - 1][..]);
            }
        }
        assert_eq!(count, seen.len());
    }

    #[test]
    fn a_record_of_too_many_lines() {
        let limit = 8 * MIN_SEGMENT;
        let max = MIN_SEGMENT / BYTES_PER_LINE;
        assert_eq!(too_many_lines(&b"\n".repeat(max), limit), None);
        assert_eq!(too_many_lines(&b"\n".repeat(max + 1), limit), Some(max));
        assert_eq!(too_many_lines(&b"a\r".repeat(max + 1), limit), Some(max));
        assert_eq!(too_many_lines(&b"x".repeat(10 * max), limit), None);
    }

    #[test]
    fn the_line_limit_is_one_line_per_32_bytes() {
        let mut buf = Vec::new();
        let input = b"\n".repeat(3 * MIN_SEGMENT);
        let mut s = Segments::new(&input[..], MIN_SEGMENT, &mut buf);
        let first = s.next_segment().unwrap().unwrap().len();
        assert_eq!(first, MIN_SEGMENT / BYTES_PER_LINE);
        // What was read past the segment is there to sniff.
        assert_eq!(s.head().len(), MIN_SEGMENT);
        assert_eq!(
            cap_lines(&input[..DEFAULT_SEGMENT.min(input.len())], 262_144),
            input.len()
        );
        assert_eq!(cap_lines(&input, 1000), 1000);
        assert_eq!(cap_lines(b"", 1), 0);
    }

    #[test]
    fn short_reads_change_nothing() {
        let input: Vec<u8> = (0..500)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let mut buf = Vec::new();
        let mut s = Segments::new(Trickle(&input), 100, &mut buf);
        let mut got = Vec::new();
        while let Some(seg) = s.next_segment().unwrap() {
            assert!(seg.len() <= 100 && seg.ends_with(b"\n"));
            got.extend_from_slice(seg);
        }
        assert_eq!(got, input);
    }

    #[test]
    fn a_line_over_the_limit_is_an_error() {
        let size = 10;
        let ok = [vec![b'x'; size * LONG_LINE_FACTOR - 1], b"\nend".to_vec()].concat();
        let segs = segments(&ok, size).unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].len(), size * LONG_LINE_FACTOR);
        let too_long = [b"short\n".to_vec(), vec![b'x'; size * LONG_LINE_FACTOR + 1]].concat();
        assert_eq!(
            segments(&too_long, size).unwrap_err(),
            "a line longer than 80 bytes"
        );
        // Also when the long line is the last, without a line end.
        let last = vec![b'y'; size * LONG_LINE_FACTOR + 5];
        assert!(segments(&last, size).is_err());
    }

    /// A reader that gives its bytes, then fails.
    struct Cut<'a>(&'a [u8]);

    impl Read for Cut<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
            }
            let n = self.0.len().min(out.len()).min(5);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn bytes_before_a_read_error_make_segments_then_the_error() {
        let input = b"one\ntwo two\nthree three three\nfour fo";
        for size in [8, 16, 100] {
            let mut buf = Vec::new();
            let mut s = Segments::new(Cut(input), size, &mut buf);
            assert_eq!(s.current(), None);
            let mut got = Vec::new();
            let error = loop {
                match s.next_segment() {
                    Ok(Some(seg)) => {
                        let seg = seg.to_vec();
                        assert_eq!(s.current(), Some(&seg[..]));
                        got.extend_from_slice(&seg);
                    }
                    Ok(None) => panic!("no error at size {size}"),
                    Err(e) => break e.to_string(),
                }
            };
            assert_eq!(
                (&got[..], error.as_str()),
                (&input[..], "cut"),
                "size {size}"
            );
        }
        let mut buf = Vec::new();
        let mut s = Segments::new(Cut(b"<p>a page</p>"), 8, &mut buf);
        s.next_segment().unwrap();
        assert_eq!(s.rest_whole().unwrap(), b"<p>a page</p>");
        assert_eq!(s.take_error().unwrap().to_string(), "cut");
        assert!(s.take_error().is_none());
        let (read, _, error) = Segments::new(Cut(b""), 8, &mut buf).into_parts();
        assert!(read.is_empty() && error.is_none());
    }

    #[test]
    fn rest_whole_is_bounded() {
        let input = [b'a'; 100];
        let mut buf = Vec::new();
        let mut s = Segments::new(&input[..], 20, &mut buf);
        s.next_segment().unwrap();
        assert_eq!(s.rest_whole().unwrap(), &input[..]);
        let mut s = Segments::new(&input[..], 10, &mut buf);
        assert_eq!(
            s.rest_whole().unwrap_err().to_string(),
            "longer than 80 bytes"
        );
    }

    #[test]
    fn a_gzip_stream_is_read_in_bounded_memory() {
        // 16 MiB of text that compresses to a few KiB, read through 64 KiB segments:
        // the buffer never holds more than about one segment.
        let line = b"The council met on Tuesday and voted for the new harbour wall.\n";
        let lines = (16 << 20) / line.len();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..lines {
            enc.write_all(line).unwrap();
        }
        let gz = enc.finish().unwrap();
        assert!(gz.len() < 1 << 20);
        let mut buf = Vec::new();
        let size = MIN_SEGMENT;
        let mut s = Segments::new(flate2::read::MultiGzDecoder::new(&gz[..]), size, &mut buf);
        let (mut total, mut count) = (0, 0);
        while let Some(seg) = s.next_segment().unwrap() {
            assert!(seg.len() <= size);
            count += memchr::memchr_iter(b'\n', seg).count();
            total += seg.len();
        }
        assert_eq!((total, count), (lines * line.len(), lines));
        assert!(buf.capacity() <= 2 * size, "capacity {}", buf.capacity());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Some(65536));
        assert_eq!(parse_size("64K"), Some(64 << 10));
        assert_eq!(parse_size("8 MiB"), Some(8 << 20));
        assert_eq!(parse_size("1g"), Some(1 << 30));
        assert_eq!(parse_size("8X"), None);
        assert_eq!(parse_size("M"), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
        assert_eq!(size_name(8 << 20), "8 MiB");
        assert_eq!(size_name(64 << 10), "64 KiB");
        assert_eq!(size_name(100), "100 bytes");
    }
}
