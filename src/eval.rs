//! Evaluation against labelled dumps: `NAME.txt` with `NAME.labels` beside it, one
//! label per line (`other` meaning any label but `content`).
//!
//! ```
//! use deboiler::eval::{Gold, Report};
//! use deboiler::{Cleaner, Label};
//! let text = "Share\nThe council approved the plan on Tuesday after a long and heated debate.\n";
//! let gold = [Gold::Other, Gold::Label(Label::Content)];
//! let mut report = Report::default();
//! report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
//! assert_eq!(report.content_lines().f1(), 1.0);
//! ```

use crate::{Label, Verdict};
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

/// A line's expected label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gold {
    /// This exact label.
    Label(Label),
    /// Any label but [`Label::Content`].
    Other,
}

impl Gold {
    /// Parses a `.labels` entry: a label's name or `other`.
    ///
    /// ```
    /// use deboiler::eval::Gold;
    /// assert_eq!(Gold::parse("other"), Some(Gold::Other));
    /// assert_eq!(Gold::parse("bogus"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Gold> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("other") {
            Some(Gold::Other)
        } else {
            s.parse().ok().map(Gold::Label)
        }
    }

    /// Whether the line is content.
    pub fn is_content(self) -> bool {
        self == Gold::Label(Label::Content)
    }

    /// The name written in `.labels` files.
    pub fn as_str(self) -> &'static str {
        match self {
            Gold::Label(l) => l.as_str(),
            Gold::Other => "other",
        }
    }
}

/// A labelled dump read from disk.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file name without `.txt`.
    pub name: String,
    /// The `.txt` file's path.
    pub path: PathBuf,
    /// The dump's bytes.
    pub text: Vec<u8>,
    /// One expected label per line.
    pub gold: Vec<Gold>,
}

/// A problem reading a labelled dump; names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for EvalError {}

/// Reads every `NAME.txt` of `dir` that has a `NAME.labels` beside it, sorted by name.
/// A dump whose label count differs from its line count is an error.
pub fn load_dir(dir: &Path) -> Result<Vec<Document>, EvalError> {
    let err = |path: &Path, problem: String| EvalError {
        path: path.to_path_buf(),
        problem,
    };
    let entries = fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))?;
    let mut docs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| err(dir, e.to_string()))?;
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let labels_path = path.with_extension("labels");
        if !labels_path.exists() {
            continue;
        }
        let text = fs::read(&path).map_err(|e| err(&path, e.to_string()))?;
        let labels =
            fs::read_to_string(&labels_path).map_err(|e| err(&labels_path, e.to_string()))?;
        let mut gold = Vec::new();
        for (i, l) in labels.lines().enumerate() {
            gold.push(Gold::parse(l).ok_or_else(|| {
                err(
                    &labels_path,
                    format!("line {}: unknown label {:?}", i + 1, l.trim()),
                )
            })?);
        }
        let lines = crate::text::lines(&text).count();
        if lines != gold.len() {
            return Err(err(
                &labels_path,
                format!("{} labels for {lines} lines", gold.len()),
            ));
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        docs.push(Document {
            name,
            path,
            text,
            gold,
        });
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(docs)
}

/// True/false positives and negatives of one binary decision.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    /// Predicted and expected.
    pub tp: f64,
    /// Predicted, not expected.
    pub fp: f64,
    /// Expected, not predicted.
    pub fn_: f64,
}

impl Counts {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// Recall (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, predicted: bool, expected: bool, weight: f64) {
        match (predicted, expected) {
            (true, true) => self.tp += weight,
            (true, false) => self.fp += weight,
            (false, true) => self.fn_ += weight,
            (false, false) => {}
        }
    }
}

/// Rows of the confusion matrix: every label, then `other`.
const GOLD_ROWS: usize = Label::ALL.len() + 1;

/// Accumulated figures over many documents.
#[derive(Clone, Debug, Default)]
pub struct Report {
    documents: usize,
    lines: usize,
    per_label: [Counts; Label::ALL.len()],
    content_lines: Counts,
    content_words: Counts,
    confusion: [[u64; Label::ALL.len()]; GOLD_ROWS],
}

fn words(bytes: &[u8]) -> f64 {
    bytes
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .count() as f64
}

impl Report {
    /// Adds one document: its text, expected labels and verdicts (same length).
    pub fn add(&mut self, text: &[u8], gold: &[Gold], verdicts: &[Verdict]) {
        self.documents += 1;
        for (g, v) in gold.iter().zip(verdicts) {
            self.lines += 1;
            let pred = v.label();
            let row = match g {
                Gold::Label(l) => l.index(),
                Gold::Other => Label::ALL.len(),
            };
            self.confusion[row][pred.index()] += 1;
            if let Gold::Label(gl) = g {
                for l in Label::ALL {
                    self.per_label[l.index()].add(pred == l, *gl == l, 1.0);
                }
            } else {
                // `other` only says "not content".
                self.per_label[Label::Content.index()].add(pred.is_content(), false, 1.0);
            }
            self.content_lines
                .add(pred.is_content(), g.is_content(), 1.0);
            self.content_words
                .add(pred.is_content(), g.is_content(), words(&text[v.span()]));
        }
    }

    /// Line-level content-vs-rest counts.
    pub fn content_lines(&self) -> Counts {
        self.content_lines
    }

    /// Word-weighted content-vs-rest counts.
    pub fn content_words(&self) -> Counts {
        self.content_words
    }

    /// Line-level counts for one label (lines labelled `other` count only for content).
    pub fn label(&self, l: Label) -> Counts {
        self.per_label[l.index()]
    }

    /// The number of documents and lines added.
    pub fn size(&self) -> (usize, usize) {
        (self.documents, self.lines)
    }

    /// Gold labels present, as confusion-matrix rows: (name, row index).
    fn rows(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        Label::ALL
            .iter()
            .map(|l| (l.as_str(), l.index()))
            .chain(std::iter::once(("other", Label::ALL.len())))
            .filter(|(_, r)| self.confusion[*r].iter().any(|&c| c > 0))
    }

    /// A table for people.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} documents, {} lines", self.documents, self.lines);
        let _ = writeln!(
            s,
            "\n{:<12} {:>9} {:>9} {:>9} {:>8}",
            "label", "precision", "recall", "F1", "gold"
        );
        for l in Label::ALL {
            let c = self.per_label[l.index()];
            if c.tp + c.fp + c.fn_ == 0.0 {
                continue;
            }
            let _ = writeln!(
                s,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                l.as_str(),
                c.precision(),
                c.recall(),
                c.f1(),
                (c.tp + c.fn_) as u64
            );
        }
        for (name, c) in [
            ("content vs rest, lines", self.content_lines),
            ("content vs rest, words", self.content_words),
        ] {
            let _ = writeln!(
                s,
                "\n{name}: precision {:.3}  recall {:.3}  F1 {:.3}",
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let _ = write!(
            s,
            "\nconfusion (rows: gold, columns: predicted)\n{:<11}",
            ""
        );
        for l in Label::ALL {
            let _ = write!(s, " {:>6}", &l.as_str()[..l.as_str().len().min(6)]);
        }
        s.push('\n');
        for (name, r) in self.rows() {
            let _ = write!(s, "{name:<11}");
            for c in self.confusion[r] {
                let _ = write!(s, " {c:>6}");
            }
            s.push('\n');
        }
        s
    }

    /// The same figures as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let prf = |c: Counts| {
            serde_json::json!({
                "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                "gold": c.tp + c.fn_, "predicted": c.tp + c.fp,
            })
        };
        let mut labels = serde_json::Map::new();
        for l in Label::ALL {
            let c = self.per_label[l.index()];
            if c.tp + c.fp + c.fn_ > 0.0 {
                labels.insert(l.as_str().into(), prf(c));
            }
        }
        let mut confusion = serde_json::Map::new();
        for (name, r) in self.rows() {
            let mut row = serde_json::Map::new();
            for l in Label::ALL {
                row.insert(l.as_str().into(), self.confusion[r][l.index()].into());
            }
            confusion.insert(name.into(), row.into());
        }
        serde_json::json!({
            "documents": self.documents,
            "lines": self.lines,
            "labels": labels,
            "content_lines": prf(self.content_lines),
            "content_words": prf(self.content_words),
            "confusion": confusion,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_edge_cases() {
        let c = Counts::default();
        assert_eq!((c.precision(), c.recall()), (1.0, 1.0));
        let c = Counts {
            tp: 0.0,
            fp: 1.0,
            fn_: 1.0,
        };
        assert_eq!(c.f1(), 0.0);
        let c = Counts {
            tp: 3.0,
            fp: 1.0,
            fn_: 0.0,
        };
        assert!((c.f1() - 6.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn load_dir_reports_mismatches() {
        let dir = std::env::temp_dir().join(format!("deboiler-eval-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.txt"), "one\ntwo\n").unwrap();
        fs::write(dir.join("a.labels"), "content\nother\n").unwrap();
        fs::write(dir.join("lonely.txt"), "no labels beside me\n").unwrap();
        let docs = load_dir(&dir).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].gold, vec![Gold::Label(Label::Content), Gold::Other]);
        fs::write(dir.join("a.labels"), "content\n").unwrap();
        let e = load_dir(&dir).unwrap_err();
        assert!(e.to_string().contains("1 labels for 2 lines"), "{e}");
        fs::write(dir.join("a.labels"), "content\nnonsense\n").unwrap();
        assert!(load_dir(&dir).unwrap_err().problem.contains("nonsense"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
