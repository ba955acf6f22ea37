//! What the fuzz targets check on any input, shared with `tests/fuzz_replay.rs`, which
//! replays the stored inputs (`fuzz/regressions/TARGET/`) under `cargo test`. A
//! check panics when a property fails.
//!
//! - [`text`]: a text dump through the classifier.
//! - [`html`]: a page's bytes decoded and classified.
//! - [`input`]: the command line's reading of an input: its segments (and their
//!   line limit) and UTF-16 decoding, with each segment classified.
//! - [`records`]: the command line's record readers (WARC, gzip members, HTTP,
//!   JSONL), in `records.rs`.

use deboiler::{Cleaner, Label, Verdict, Workspace};
use std::io::Read;

#[path = "../src/bin/deboiler/segments.rs"]
#[allow(dead_code)]
mod segments;

#[path = "../src/bin/deboiler/utf16.rs"]
#[allow(dead_code)]
mod utf16;

mod records;
#[allow(unused_imports)]
pub use records::records;

/// A text dump: the verdicts tile the input, one per line, each line's span within
/// its full span and without a line end; the kept output is the kept lines, byte for
/// byte; a reused workspace gives the same verdicts; at threshold 0 every line but
/// a blank one is kept (a blank line is kept between two kept lines).
pub fn text(data: &[u8]) {
    let cleaner = Cleaner::new();
    let verdicts = cleaner.classify_bytes(data);
    check_verdicts(data, &verdicts);
    let mut workspace = Workspace::new();
    let mut again = Vec::new();
    for _ in 0..2 {
        cleaner.classify_reusing(data, &mut workspace, &mut again);
        assert_eq!(same(&again), same(&verdicts));
    }
    let all = Cleaner::builder().threshold(0.0).build();
    for v in all.classify_bytes(data) {
        assert!(v.is_kept() || v.label() == Label::Blank, "{v:?}");
    }
}

/// What two runs must agree on: each verdict's spans, label, score and kept flag.
fn same(verdicts: &[Verdict]) -> Vec<(std::ops::Range<usize>, Label, u32, bool)> {
    verdicts
        .iter()
        .map(|v| (v.full_span(), v.label(), v.score().to_bits(), v.is_kept()))
        .collect()
}

/// The verdicts on `data` tile it, line by line, and the kept output is the kept
/// lines.
fn check_verdicts(data: &[u8], verdicts: &[Verdict]) {
    let mut pos = 0;
    for v in verdicts {
        let (span, full) = (v.span(), v.full_span());
        assert_eq!(full.start, pos, "{v:?}");
        assert!(span.start == full.start && span.end <= full.end, "{v:?}");
        assert!(!data[span.clone()].contains(&b'\n'), "{v:?}");
        assert!((0.0..=1.0).contains(&v.score()), "{v:?}");
        pos = full.end;
    }
    assert_eq!(pos, data.len());
    // The kept output: the kept lines as they are, each with its line end (one is
    // added to a last line without).
    let mut out = Vec::new();
    deboiler::write_kept(data, verdicts, &mut out).unwrap();
    let mut expected = Vec::new();
    for v in verdicts.iter().filter(|v| v.is_kept()) {
        expected.extend_from_slice(&data[v.full_span()]);
        if v.full_span().end == v.span().end {
            let end = if data.contains(&b'\n') || !data.contains(&b'\r') {
                b'\n'
            } else {
                b'\r'
            };
            expected.push(end);
        }
    }
    assert_eq!(out, expected);
}

/// An HTML page's bytes: decoded (or refused for its declared charset); then one
/// block per line of the dump, each verdict's span that block's text, the same
/// result from [`Cleaner::classify_html`] as from [`Cleaner::try_classify_html`];
/// the decoded text classified as a text dump too.
pub fn html(data: &[u8]) {
    let Ok(page) = deboiler::decode_html(data) else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(data) {
        // Valid UTF-8 is taken as it is (a byte-order mark aside).
        assert_eq!(page, text.strip_prefix('\u{feff}').unwrap_or(text));
    }
    let cleaner = Cleaner::new();
    let Ok(c) = cleaner.try_classify_html(&page) else {
        // Refused for its nodes or blocks: only a page that makes that many.
        assert!(cleaner.classify_html(&page).len() > 1000 || page.len() > 1000);
        return;
    };
    let dump = c.dump();
    assert_eq!(c.len(), c.verdicts().len());
    assert_eq!(c.len(), dump.matches('\n').count());
    assert!(dump.is_empty() || dump.ends_with('\n'));
    let mut pos = 0;
    for block in c.iter() {
        let v = block.verdict();
        assert_eq!(v.full_span().start, pos);
        assert_eq!(&dump[v.span()], block.text());
        assert!(!block.text().is_empty() && !block.text().contains('\n'));
        assert!(block.path().ends_with(block.tag()));
        pos = v.full_span().end;
    }
    assert_eq!(pos, dump.len());
    let again = cleaner.classify_html(&page);
    assert_eq!(again.dump(), dump);
    assert_eq!(same(again.verdicts()), same(c.verdicts()));
    check_verdicts(page.as_bytes(), &cleaner.classify(&page));
}

/// A reader that hands out at most `self.1` bytes a call, as a pipe may.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(out.len()).min(self.1);
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// The command line's reading: the first byte picks the segment size (2 to 65
/// bytes) and the size of each read (1 to 4 bytes); the rest is the input. Its
/// segments cover it, each ends at a line end (or the input's end), holds at most
/// the segment size (unless its first line is longer) and its count of lines; a
/// line over the limit is the only error. Each segment is classified as [`text`] checks.
/// Input that is UTF-16 decodes the same through [`utf16::Utf16Reader`], read in
/// small pieces, as at once.
pub fn input(data: &[u8]) {
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let size = 2 + usize::from(knobs & 63);
    let read = 1 + usize::from(knobs >> 6);
    let max_lines = (size / segments::BYTES_PER_LINE).max(1);
    let mut buf = Vec::new();
    let mut s = segments::Segments::new(Trickle(rest, read), size, &mut buf);
    let limit = s.long_limit();
    let mut seen = Vec::new();
    loop {
        match s.next_segment() {
            Ok(Some(seg)) => {
                let lines = line_count(seg);
                assert!(lines >= 1 && lines <= max_lines, "{seg:?}");
                assert!(seg.len() <= limit, "{seg:?}");
                seen.extend_from_slice(seg);
                let at_end = seen.len() == rest.len();
                // Over the size: a line longer than the size first (what follows it,
                // when the input ends within the size past it).
                assert!(seg.len() <= size || first_line(seg) >= size, "{seg:?}");
                assert!(
                    at_end || seg.ends_with(b"\n") || seg.ends_with(b"\r"),
                    "{seg:?}"
                );
                // A `\r\n` is never cut in two.
                assert!(!(seg.ends_with(b"\r") && rest.get(seen.len()) == Some(&b'\n')));
                check_verdicts(seg, &Cleaner::new().classify_bytes(seg));
            }
            Ok(None) => {
                assert_eq!(seen, rest);
                break;
            }
            Err(e) => {
                // Only a line longer than the limit stops the reading.
                assert!(matches!(e, segments::SegmentError::LineTooLong(_)), "{e}");
                assert!(rest.len() - seen.len() > limit);
                break;
            }
        }
    }
    if let Some(encoding) = utf16::detect(rest) {
        let mut decoded = Vec::new();
        utf16::Utf16Reader::new(Trickle(rest, read), encoding)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, encoding.decode(rest).0.as_bytes());
    }
}

/// The byte that ends the lines of a segment, as the classifier splits them.
fn line_end(seg: &[u8]) -> u8 {
    if memchr::memchr(b'\n', seg).is_none() && memchr::memchr(b'\r', seg).is_some() {
        b'\r'
    } else {
        b'\n'
    }
}

/// The lines of a segment as the classifier splits them.
fn line_count(seg: &[u8]) -> usize {
    let end = line_end(seg);
    memchr::memchr_iter(end, seg).count() + usize::from(seg.last() != Some(&end))
}

/// The length of a segment's first line, its line end included.
fn first_line(seg: &[u8]) -> usize {
    memchr::memchr(line_end(seg), seg).map_or(seg.len(), |i| i + 1)
}
