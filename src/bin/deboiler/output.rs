//! Writing a cleaned input: the kept text, JSON lines, the explained listing, or
//! records (one JSON object per input or record); and the counts of `--stats`.

use crate::args::Format;
use deboiler::{HtmlClassification, Label, Verdict};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

/// The most characters of a line's text shown by `--explain`.
const EXPLAIN_TEXT_CHARS: usize = 100;

/// The widest reasons column of `--explain` (longer lists overflow it).
const EXPLAIN_REASONS_WIDTH: usize = 48;

/// One classified input: the text whose lines were classified (a text dump as read,
/// or the dump made of an HTML page) and the verdicts on its lines.
#[derive(Clone, Copy)]
pub struct Page<'a> {
    /// The classified text.
    data: &'a [u8],
    /// One verdict per line of `data`.
    verdicts: &'a [Verdict],
    /// The HTML page the text was made of, if any: the blocks' element paths.
    html: Option<&'a HtmlClassification>,
    /// How many lines of the input come before `data` (when it is a segment of a
    /// longer input): line numbers in `jsonl` and `--explain` go on from there.
    lines_before: usize,
    /// The number of the record the page is, in a record file (for `jsonl`).
    record: Option<u64>,
}

impl<'a> Page<'a> {
    /// A text dump and its verdicts.
    pub fn text(data: &'a [u8], verdicts: &'a [Verdict]) -> Page<'a> {
        Page {
            data,
            verdicts,
            html: None,
            lines_before: 0,
            record: None,
        }
    }

    /// The same page as record number `record` of its file.
    pub fn in_record(self, record: u64) -> Page<'a> {
        Page {
            record: Some(record),
            ..self
        }
    }

    /// The same page, numbered as a segment after `lines_before` lines of its input.
    pub fn after_lines(self, lines_before: usize) -> Page<'a> {
        Page {
            lines_before,
            ..self
        }
    }

    /// A classified HTML page.
    pub fn html(c: &'a HtmlClassification) -> Page<'a> {
        Page {
            data: c.dump().as_bytes(),
            verdicts: c.verdicts(),
            html: Some(c),
            lines_before: 0,
            record: None,
        }
    }

    /// The counts of its verdicts.
    pub fn stats(&self) -> Stats {
        Stats::of(self.verdicts)
    }
}

/// Writes the result for one input in `format`; `file` names the input in JSON.
pub fn write_result(
    w: &mut impl Write,
    format: Format,
    file: &str,
    page: Page<'_>,
) -> io::Result<()> {
    match format {
        Format::Text => deboiler::write_kept(page.data, page.verdicts, w),
        Format::Jsonl => write_jsonl(w, file, page),
        Format::Explain => write_explain(w, page),
        Format::Records => {
            w.write_all(b"{\"file\":")?;
            json_str(w, file)?;
            w.write_all(b",\"text\":\"")?;
            write_kept_json(w, page, &mut false)?;
            w.write_all(b"\",\"labels\":")?;
            page.stats().write_labels(w)?;
            w.write_all(b"}\n")
        }
    }
}

/// Writes the kept lines of `page` as the inside of a JSON string (no quotes),
/// joined by `\n` (invalid UTF-8 as U+FFFD); `kept_before` says whether a line was
/// written before (of an earlier segment of the same input) and is set when one is.
pub fn write_kept_json(
    w: &mut impl Write,
    page: Page<'_>,
    kept_before: &mut bool,
) -> io::Result<()> {
    let mut text = String::new();
    for v in page.verdicts.iter().filter(|v| v.is_kept()) {
        if *kept_before {
            text.push('\n');
        }
        *kept_before = true;
        text.push_str(&String::from_utf8_lossy(&page.data[v.span()]));
    }
    let quoted = serde_json::to_vec(&text).map_err(io::Error::from)?;
    w.write_all(&quoted[1..quoted.len() - 1])
}

/// The kept lines of `page` as one JSON string: quoted, joined by `\n`.
pub fn kept_json(page: Page<'_>) -> Vec<u8> {
    let mut out = vec![b'"'];
    write_kept_json(&mut out, page, &mut false).expect("writing to memory does not fail");
    out.push(b'"');
    out
}

/// Writes `s` as a JSON string.
fn json_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::from)
}

/// Writes one JSON object per line: file, line (from 1), label, score (3 decimals),
/// kept, reasons, for an HTML page the block's element path, text, and
/// `"invalid_utf8": true` when the line is not valid UTF-8 (its text then has U+FFFD
/// in place of the invalid bytes).
fn write_jsonl(w: &mut impl Write, file: &str, page: Page<'_>) -> io::Result<()> {
    let Page {
        data,
        verdicts,
        html,
        lines_before,
        record,
    } = page;
    let mut file_json = Vec::new();
    json_str(&mut file_json, file)?;
    if let Some(record) = record {
        write!(file_json, ",\"record\":{record}")?;
    }
    let mut blocks = html.map(|c| c.iter());
    for (i, v) in verdicts.iter().enumerate() {
        w.write_all(b"{\"file\":")?;
        w.write_all(&file_json)?;
        write!(w, ",\"line\":{},\"label\":", lines_before + i + 1)?;
        json_str(w, v.label().as_str())?;
        let score = v.score();
        if score.is_finite() {
            write!(w, ",\"score\":{score:.3}")?;
        } else {
            w.write_all(b",\"score\":null")?;
        }
        write!(w, ",\"kept\":{},\"reasons\":[", v.is_kept())?;
        for (j, r) in v.reasons().iter().enumerate() {
            if j > 0 {
                w.write_all(b",")?;
            }
            json_str(w, r.as_str())?;
        }
        w.write_all(b"]")?;
        if let Some(block) = blocks.as_mut().and_then(Iterator::next) {
            w.write_all(b",\"path\":")?;
            json_str(w, block.path())?;
        }
        w.write_all(b",\"text\":")?;
        let bytes = &data[v.span()];
        match std::str::from_utf8(bytes) {
            Ok(text) => json_str(w, text)?,
            Err(_) => {
                json_str(w, &String::from_utf8_lossy(bytes))?;
                w.write_all(b",\"invalid_utf8\":true")?;
            }
        }
        w.write_all(b"}\n")?;
    }
    Ok(())
}

/// Writes every line with its number, `KEEP` or `drop`, label, score, reasons and
/// (shortened) text, e.g.
/// `  12 KEEP content     0.97  prose,sentence,main-run │ The text…`.
fn write_explain(w: &mut impl Write, page: Page<'_>) -> io::Result<()> {
    let Page {
        data,
        verdicts,
        lines_before,
        ..
    } = page;
    let number_width = (lines_before + verdicts.len()).to_string().len().max(4);
    let reasons: Vec<String> = verdicts
        .iter()
        .map(|v| {
            if v.reasons().is_empty() {
                "-".to_string()
            } else {
                v.reasons().to_string()
            }
        })
        .collect();
    let reasons_width = reasons
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .min(EXPLAIN_REASONS_WIDTH);
    for (i, (v, why)) in verdicts.iter().zip(&reasons).enumerate() {
        writeln!(
            w,
            "{:>number_width$} {} {:<11} {:.2}  {:<reasons_width$} │ {}",
            lines_before + i + 1,
            if v.is_kept() { "KEEP" } else { "drop" },
            v.label().as_str(),
            v.score(),
            why,
            display_text(&data[v.span()]),
        )?;
    }
    Ok(())
}

/// A line's text for people: invalid UTF-8 as U+FFFD, tabs as spaces, other
/// control characters as U+FFFD, and at most [`EXPLAIN_TEXT_CHARS`] characters (the
/// last one `…` when shortened).
fn display_text(bytes: &[u8]) -> String {
    // A character takes at most 4 bytes, so this prefix holds more characters than
    // are shown whenever it is shorter than the line.
    let prefix = &bytes[..bytes.len().min(4 * (EXPLAIN_TEXT_CHARS + 1))];
    let text = String::from_utf8_lossy(prefix);
    let mut out = String::with_capacity(text.len().min(4 * EXPLAIN_TEXT_CHARS));
    let mut chars = text.chars().map(|c| match c {
        '\t' => ' ',
        c if c.is_control() => char::REPLACEMENT_CHARACTER,
        c => c,
    });
    for c in chars.by_ref().take(EXPLAIN_TEXT_CHARS) {
        out.push(c);
    }
    if chars.next().is_some() || prefix.len() < bytes.len() {
        out.pop();
        out.push('…');
    }
    out
}

/// Line counts of one or more inputs: all, kept, and per label; and for record
/// files, the records' outcomes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    lines: usize,
    kept: usize,
    per_label: [usize; Label::ALL.len()],
    /// For record files.
    records: Option<RecordCounts>,
}

/// What became of the records of one or more record files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    /// Records cleaned (and written).
    pub cleaned: usize,
    /// Records that could not be read or cleaned (each reported).
    pub failed: usize,
    /// Records skipped as they should be (not pages), by kind.
    pub skipped: BTreeMap<String, usize>,
}

impl RecordCounts {
    /// Every record counted.
    pub fn total(&self) -> usize {
        self.cleaned + self.failed + self.skipped.values().sum::<usize>()
    }

    /// Adds other counts.
    fn add(&mut self, other: &RecordCounts) {
        self.cleaned += other.cleaned;
        self.failed += other.failed;
        for (kind, n) in &other.skipped {
            *self.skipped.entry(kind.clone()).or_default() += n;
        }
    }
}

impl Stats {
    /// The counts of one input's verdicts.
    pub fn of(verdicts: &[Verdict]) -> Stats {
        let mut s = Stats::default();
        for v in verdicts {
            s.lines += 1;
            s.kept += usize::from(v.is_kept());
            s.per_label[v.label().index()] += 1;
        }
        s
    }

    /// The counts of an input that is a record file with no records yet.
    pub fn of_records() -> Stats {
        Stats {
            records: Some(RecordCounts::default()),
            ..Stats::default()
        }
    }

    /// The record counts, made record counts if they were not.
    pub fn records_mut(&mut self) -> &mut RecordCounts {
        self.records.get_or_insert_with(RecordCounts::default)
    }

    /// Adds another input's counts.
    pub fn add(&mut self, other: &Stats) {
        self.lines += other.lines;
        self.kept += other.kept;
        for (a, b) in self.per_label.iter_mut().zip(&other.per_label) {
            *a += b;
        }
        if let Some(r) = &other.records {
            self.records_mut().add(r);
        }
    }

    /// Writes the lines per label as a JSON object (`{"content":3,"navigation":5}`,
    /// the labels that occur, in the order of [`Label::ALL`]).
    pub fn write_labels(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(b"{")?;
        let mut sep = "";
        for l in Label::ALL {
            let n = self.per_label[l.index()];
            if n > 0 {
                write!(w, "{sep}\"{}\":{n}", l.as_str())?;
                sep = ",";
            }
        }
        w.write_all(b"}")
    }
}

impl fmt::Display for Stats {
    /// `42 lines, 17 kept; content 17, navigation 20, blank 5` (labels that occur),
    /// after `9 records: 6 cleaned, 2 skipped (request 2), 1 failed; ` for record
    /// files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.records {
            let skipped: usize = r.skipped.values().sum();
            write!(
                f,
                "{} records: {} cleaned, {skipped} skipped",
                r.total(),
                r.cleaned
            )?;
            if skipped > 0 {
                let kinds: Vec<String> =
                    r.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect();
                write!(f, " ({})", kinds.join(", "))?;
            }
            write!(f, ", {} failed; ", r.failed)?;
        }
        write!(f, "{} lines, {} kept", self.lines, self.kept)?;
        let mut sep = "; ";
        for l in Label::ALL {
            let n = self.per_label[l.index()];
            if n > 0 {
                write!(f, "{sep}{} {n}", l.as_str())?;
                sep = ", ";
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deboiler::Cleaner;

    #[test]
    fn text_matches_clean_bytes() {
        let inputs: [&[u8]; 6] = [
            b"",
            b"Home\nThe council met on Tuesday and approved the plan after a debate.\n",
            b"a\r\n\nb c d\n  \nlast",
            b"caf\xe9 au lait\r\nno end",
            b"\n\n\n",
            b"one line without end",
        ];
        for threshold in [0.0, 0.5, 1.0] {
            let cleaner = Cleaner::builder().threshold(threshold).build();
            for input in inputs {
                let mut expected = Vec::new();
                cleaner.clean_bytes(input, &mut expected);
                let mut got = Vec::new();
                let v = cleaner.classify_bytes(input);
                write_result(&mut got, Format::Text, "x", Page::text(input, &v)).unwrap();
                assert_eq!(got, expected, "{input:?} at {threshold}");
            }
        }
    }

    /// One JSON value per line of `out`.
    fn parse_jsonl(out: Vec<u8>) -> Vec<serde_json::Value> {
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn jsonl_objects() {
        let data = b"caf\xe9\nShare\n";
        let v = Cleaner::new().classify_bytes(data);
        let mut out = Vec::new();
        write_jsonl(&mut out, "a \"b\".txt", Page::text(data, &v)).unwrap();
        let lines = parse_jsonl(out);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["file"], "a \"b\".txt");
        assert_eq!(lines[0]["text"], "caf\u{fffd}");
        assert_eq!(lines[0]["invalid_utf8"], true);
        assert_eq!(lines[1]["line"], 2);
        assert!(lines[1].get("invalid_utf8").is_none());
        assert!(lines[1].get("path").is_none());
    }

    #[test]
    fn segments_are_numbered_on() {
        let data = b"Home\nShare\n";
        let v = Cleaner::new().classify_bytes(data);
        let mut out = Vec::new();
        write_jsonl(&mut out, "f", Page::text(data, &v).after_lines(41)).unwrap();
        let lines = parse_jsonl(out);
        assert_eq!(
            (&lines[0]["line"], &lines[1]["line"]),
            (&42.into(), &43.into())
        );
        let mut out = Vec::new();
        write_explain(&mut out, Page::text(data, &v).after_lines(99_999)).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("100000 drop"), "{out}");
        assert!(out.contains("\n100001 drop"), "{out}");
    }

    #[test]
    fn jsonl_of_html_has_paths() {
        let c = Cleaner::new().classify_html("<ul><li>One</li></ul><p>Two <b>three</b></p>");
        let mut out = Vec::new();
        write_jsonl(&mut out, "p.html", Page::html(&c)).unwrap();
        let lines = parse_jsonl(out);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["path"], "html>body>ul>li");
        assert_eq!(lines[1]["path"], "html>body>p");
        assert_eq!(lines[1]["text"], "Two three");
    }

    #[test]
    fn display_text_shortens() {
        assert_eq!(display_text(b"a\tb\x1bc"), "a b\u{fffd}c");
        let long = "é".repeat(500);
        let shown = display_text(long.as_bytes());
        assert_eq!(shown.chars().count(), EXPLAIN_TEXT_CHARS);
        assert!(shown.ends_with('…'));
        let exact = "x".repeat(EXPLAIN_TEXT_CHARS);
        assert_eq!(display_text(exact.as_bytes()), exact);
    }

    #[test]
    fn stats_display() {
        let v = Cleaner::builder()
            .threshold(0.0)
            .build()
            .classify("a\n\nb\n");
        let s = Stats::of(&v);
        assert_eq!(s.to_string(), "3 lines, 3 kept; content 2, blank 1");
        assert_eq!(Stats::default().to_string(), "0 lines, 0 kept");
        let mut records = Stats::of_records();
        records.add(&s);
        let r = records.records_mut();
        r.cleaned = 2;
        r.failed = 1;
        r.skipped.insert("request".into(), 3);
        assert_eq!(
            records.to_string(),
            "6 records: 2 cleaned, 3 skipped (request 3), 1 failed; \
             3 lines, 3 kept; content 2, blank 1"
        );
        let mut labels = Vec::new();
        s.write_labels(&mut labels).unwrap();
        assert_eq!(labels, br#"{"content":2,"blank":1}"#);
    }

    #[test]
    fn records_of_pages() {
        let data = b"Home\nThe council met on Tuesday and voted for the new harbour wall after a long debate.\n\xe9t\xe9\n";
        let cleaner = Cleaner::builder().threshold(0.0).build();
        let v = cleaner.classify_bytes(data);
        let mut out = Vec::new();
        write_result(&mut out, Format::Records, "p.txt", Page::text(data, &v)).unwrap();
        let o: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(o["file"], "p.txt");
        assert_eq!(
            o["text"],
            "Home\nThe council met on Tuesday and voted for the new harbour wall after a long debate.\n\u{fffd}t\u{fffd}"
        );
        assert_eq!(o["labels"]["content"], 3);
        assert_eq!(kept_json(Page::text(b"", &[])), b"\"\"");
    }
}
