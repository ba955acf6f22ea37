//! The results of `classify` and `classify_html`: one `Line` per line of a text
//! dump, one `Block` per block of an HTML page, with offsets counted in characters
//! (Python's string indices), not the library's bytes.

use deboiler::{HtmlClassification, Label, Verdict};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// One line of a text dump with its verdict (from `classify`).
///
/// `text[line.span[0]:line.span[1]] == line.text` for the `text` classified.
#[pyclass(name = "Line", module = "deboiler", frozen, eq, get_all)]
#[derive(Clone, Debug, PartialEq)]
pub struct PyLine {
    /// The line's text, without its line end.
    text: String,
    /// The line's label: one of `deboiler.LABELS`.
    label: &'static str,
    /// How sure the classifier is, from 0 to 1, that the line is content.
    score: f64,
    /// The evidence behind the label, such as `"marketing-phrase"`.
    reasons: Vec<&'static str>,
    /// The line's start and end in the text classified, in characters (its line end
    /// excluded).
    span: (usize, usize),
    /// Whether the cleaner keeps the line.
    kept: bool,
}

#[pymethods]
impl PyLine {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Line(label={}, score={}, kept={}, span={:?}, text={})",
            py_repr(py, self.label),
            self.score,
            py_bool(self.kept),
            self.span,
            short_repr(py, &self.text)
        )
    }
}

/// One block of an HTML page with its verdict (from `classify_html`).
///
/// The page is turned into a text dump, each block's text on a line of its own:
/// `span` is the block's place in that dump, which is
/// `"".join(b.text + "\n" for b in blocks)`.
#[pyclass(name = "Block", module = "deboiler", frozen, eq, get_all)]
#[derive(Clone, Debug, PartialEq)]
pub struct PyBlock {
    /// The block's text, whitespace collapsed.
    text: String,
    /// The block's label: one of `deboiler.LABELS`.
    label: &'static str,
    /// How sure the classifier is, from 0 to 1, that the block is content.
    score: f64,
    /// The evidence behind the label.
    reasons: Vec<&'static str>,
    /// The block's start and end in the page's text dump, in characters.
    span: (usize, usize),
    /// Whether the cleaner keeps the block.
    kept: bool,
    /// The element path of the block's element, such as `html>body>article>p`.
    path: String,
    /// The name of the block's element, such as `p`, `li` or `td`.
    tag: String,
}

#[pymethods]
impl PyBlock {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Block(label={}, score={}, kept={}, path={}, text={})",
            py_repr(py, self.label),
            self.score,
            py_bool(self.kept),
            py_repr(py, &self.path),
            short_repr(py, &self.text)
        )
    }
}

/// The lines of `text` with their `verdicts` (those of `text`, in order).
pub(crate) fn lines(text: &str, verdicts: &[Verdict]) -> Vec<PyLine> {
    let mut chars = CharOffsets::new(text);
    verdicts
        .iter()
        .map(|v| {
            let span = v.span();
            PyLine {
                text: text.get(span.clone()).unwrap_or_default().to_string(),
                label: v.label().as_str(),
                score: py_float(v.score()),
                reasons: v.reasons().iter().map(|r| r.as_str()).collect(),
                span: (chars.at(span.start), chars.at(span.end)),
                kept: v.is_kept(),
            }
        })
        .collect()
}

/// The blocks of a classified HTML page.
pub(crate) fn blocks(page: &HtmlClassification) -> Vec<PyBlock> {
    let mut chars = CharOffsets::new(page.dump());
    page.iter()
        .map(|b| {
            let span = b.verdict().span();
            PyBlock {
                text: b.text().to_string(),
                label: b.label().as_str(),
                score: py_float(b.score()),
                reasons: b.reasons().iter().map(|r| r.as_str()).collect(),
                span: (chars.at(span.start), chars.at(span.end)),
                kept: b.is_kept(),
                path: b.path().to_string(),
                tag: b.tag().to_string(),
            }
        })
        .collect()
}

/// The number of lines of each label in `verdicts`, in the order of [`Label::ALL`].
pub(crate) fn label_counts(verdicts: &[Verdict]) -> [u32; Label::ALL.len()] {
    let mut counts = [0; Label::ALL.len()];
    for v in verdicts {
        if let Some(n) = counts.get_mut(v.label().index()) {
            *n += 1;
        }
    }
    counts
}

/// A score as Python sees it: the shortest decimal that reads back as the same `f32`
/// (0.56 rather than 0.5600000023841858).
pub(crate) fn py_float(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Python's `repr` of a string.
pub(crate) fn py_repr(py: Python<'_>, text: &str) -> String {
    PyString::new(py, text)
        .repr()
        .map_or_else(|_| format!("{text:?}"), |r| r.to_string())
}

/// Python's `repr` of a text, cut after 60 characters (then followed by `...`).
fn short_repr(py: Python<'_>, text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", py_repr(py, &text[..cut])),
        None => py_repr(py, text),
    }
}

/// Byte offsets into a text turned into character offsets, for offsets that never
/// decrease: each byte is counted once.
struct CharOffsets<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (not below the last one asked).
    fn at(&mut self, byte: usize) -> usize {
        let byte = byte.clamp(self.byte, self.bytes.len());
        // Every byte but a UTF-8 continuation byte (0b10xx_xxxx) starts a character.
        self.chars += self.bytes[self.byte..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        self.byte = byte;
        self.chars
    }
}
