//! Evaluation against labelled dumps: `NAME.txt` with `NAME.labels` beside it, one
//! label per line (`other` meaning any label but `content`) ([`load_dir`]), or the
//! pages of a `pages.tsv` manifest whose labels are ours and whose dumps are the
//! shared benchmarks' ([`load_pages`]).
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

mod pages;
pub use pages::{Page, load_pages, read_pages};

/// A line's expected label.
///
/// ```
/// use deboiler::eval::Gold;
/// use deboiler::Label;
/// let gold: Vec<Gold> = "content\nother\ncaption\n".lines().filter_map(Gold::parse).collect();
/// assert_eq!(gold, [Gold::Label(Label::Content), Gold::Other, Gold::Label(Label::Caption)]);
/// ```
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
    ///
    /// ```
    /// use deboiler::eval::Gold;
    /// use deboiler::Label;
    /// assert!(Gold::Label(Label::Content).is_content());
    /// assert!(!Gold::Label(Label::Title).is_content());
    /// assert!(!Gold::Other.is_content());
    /// ```
    pub fn is_content(self) -> bool {
        self == Gold::Label(Label::Content)
    }

    /// The name written in `.labels` files; [`Gold::parse`] reads it back.
    ///
    /// ```
    /// use deboiler::eval::Gold;
    /// use deboiler::Label;
    /// assert_eq!(Gold::Other.as_str(), "other");
    /// let g = Gold::Label(Label::Legal);
    /// assert_eq!(g.as_str(), "legal");
    /// assert_eq!(Gold::parse(g.as_str()), Some(g));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Gold::Label(l) => l.as_str(),
            Gold::Other => "other",
        }
    }
}

/// A labelled dump read from disk (see [`load_dir`]), or built in memory.
///
/// ```
/// use deboiler::eval::{Document, Gold};
/// use deboiler::{Cleaner, Label};
/// let doc = Document {
///     name: "page".into(),
///     path: "page.txt".into(),
///     text: b"Share on Facebook\nThe council approved the plan after a long debate.\n".to_vec(),
///     gold: vec![Gold::Other, Gold::Label(Label::Content)],
/// };
/// // One gold label per line, as the verdicts come.
/// assert_eq!(Cleaner::new().classify_bytes(&doc.text).len(), doc.gold.len());
/// ```
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
///
/// ```
/// use deboiler::eval::{EvalError, load_dir};
/// let missing = std::env::temp_dir().join("deboiler-doc-no-such-dir");
/// let err: EvalError = load_dir(&missing).unwrap_err();
/// assert_eq!(err.path, missing);
/// assert!(err.to_string().starts_with(&format!("{}: ", missing.display())));
/// ```
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
/// A dump whose label count differs from its line count is an error, as is an
/// unknown label; a `NAME.txt` without `NAME.labels` is skipped.
///
/// ```
/// use deboiler::eval::{Gold, load_dir};
/// use std::fs;
/// let dir = std::env::temp_dir().join(format!("deboiler-doc-load-dir-{}", std::process::id()));
/// fs::create_dir_all(&dir).unwrap();
/// fs::write(dir.join("b.txt"), "Share on Facebook\nThe council approved the plan.\n").unwrap();
/// fs::write(dir.join("b.labels"), "navigation\ncontent\n").unwrap();
/// fs::write(dir.join("a.txt"), "Invalid email\n").unwrap();
/// fs::write(dir.join("a.labels"), "other\n").unwrap();
/// fs::write(dir.join("unlabelled.txt"), "No labels beside me.\n").unwrap();
///
/// let docs = load_dir(&dir).unwrap();
/// let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
/// assert_eq!(names, ["a", "b"]);
/// assert_eq!(docs[0].gold, [Gold::Other]);
/// assert_eq!(docs[1].path, dir.join("b.txt"));
///
/// fs::write(dir.join("a.labels"), "other\nother\n").unwrap();
/// let err = load_dir(&dir).unwrap_err();
/// assert_eq!(err.path, dir.join("a.labels"));
/// assert_eq!(err.problem, "2 labels for 1 lines");
/// fs::remove_dir_all(&dir).unwrap();
/// ```
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
        let gold = read_gold(&labels_path)?;
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

/// Reads a `.labels` file: one label (or `other`) a line.
fn read_gold(path: &Path) -> Result<Vec<Gold>, EvalError> {
    let err = |problem: String| EvalError {
        path: path.to_path_buf(),
        problem,
    };
    let labels = fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    labels
        .lines()
        .enumerate()
        .map(|(i, l)| {
            Gold::parse(l)
                .ok_or_else(|| err(format!("line {}: unknown label {:?}", i + 1, l.trim())))
        })
        .collect()
}

/// True/false positives and negatives of one binary decision. The counts are
/// weights (lines, or words), hence `f64`.
///
/// ```
/// use deboiler::eval::Counts;
/// let c = Counts { tp: 8.0, fp: 2.0, fn_: 0.0 };
/// assert_eq!((c.precision(), c.recall()), (0.8, 1.0));
/// ```
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
    /// Precision, `tp / (tp + fp)` (1 when nothing was predicted).
    ///
    /// ```
    /// use deboiler::eval::Counts;
    /// assert_eq!(Counts { tp: 3.0, fp: 1.0, fn_: 5.0 }.precision(), 0.75);
    /// assert_eq!(Counts { tp: 0.0, fp: 0.0, fn_: 5.0 }.precision(), 1.0);
    /// ```
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// Recall, `tp / (tp + fn_)` (1 when nothing was expected).
    ///
    /// ```
    /// use deboiler::eval::Counts;
    /// assert_eq!(Counts { tp: 1.0, fp: 5.0, fn_: 3.0 }.recall(), 0.25);
    /// assert_eq!(Counts::default().recall(), 1.0);
    /// ```
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    ///
    /// ```
    /// use deboiler::eval::Counts;
    /// let c = Counts { tp: 2.0, fp: 2.0, fn_: 0.0 }; // precision 0.5, recall 1
    /// assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(Counts { tp: 0.0, fp: 1.0, fn_: 1.0 }.f1(), 0.0);
    /// ```
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

/// Accumulated figures over many documents: per-label counts, content against the
/// rest (by lines and by words) and a confusion matrix. Start from
/// [`Report::default`] and [`add`](Report::add) documents.
///
/// ```
/// use deboiler::eval::{Gold, Report};
/// use deboiler::{Cleaner, Label};
/// let mut report = Report::default();
/// for (text, gold) in [
///     ("Invalid email\n", vec![Gold::Label(Label::Marketing)]),
///     ("Share on Facebook\nShare on X\n", vec![Gold::Other, Gold::Other]),
/// ] {
///     report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
/// }
/// assert_eq!(report.size(), (2, 3));
/// ```
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
    /// Adds one document: its text, expected labels and verdicts (same length; where
    /// they differ, only the lines both cover are counted).
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// use deboiler::{Cleaner, Label};
    /// let text = "Share on Facebook\nThe council approved the plan after a long and heated debate.\n";
    /// let gold = [Gold::Other, Gold::Label(Label::Content)];
    /// let mut report = Report::default();
    /// report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
    /// report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
    /// assert_eq!(report.size(), (2, 4));
    /// ```
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
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// use deboiler::{Cleaner, Label};
    /// let text = "Invalid email\nThe council approved the plan after a long and heated debate.\n";
    /// let gold = [Gold::Other, Gold::Label(Label::Content)];
    /// let mut report = Report::default();
    /// report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
    /// let c = report.content_lines();
    /// assert_eq!(c.tp + c.fn_, 1.0); // one gold content line
    /// assert_eq!(c.fp, 0.0); // `Invalid email` is not kept as content
    /// ```
    pub fn content_lines(&self) -> Counts {
        self.content_lines
    }

    /// Word-weighted content-vs-rest counts: each line counts for its
    /// whitespace-separated words.
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// use deboiler::{Cleaner, Label};
    /// let text = "Invalid email\nThe council approved the plan after a long and heated debate.\n";
    /// let gold = [Gold::Other, Gold::Label(Label::Content)];
    /// let mut report = Report::default();
    /// report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
    /// let c = report.content_words();
    /// assert_eq!(c.tp + c.fn_, 11.0); // the gold content line's words
    /// ```
    pub fn content_words(&self) -> Counts {
        self.content_words
    }

    /// Line-level counts for one label (lines labelled `other` count only for content).
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// use deboiler::{Cleaner, Label};
    /// let text = "Invalid email\nShare on Facebook\n";
    /// let gold = [Gold::Label(Label::Marketing), Gold::Other];
    /// let mut report = Report::default();
    /// report.add(text.as_bytes(), &gold, &Cleaner::new().classify(text));
    /// let m = report.label(Label::Marketing);
    /// assert_eq!(m.tp + m.fn_, 1.0);
    /// assert_eq!(report.label(Label::Navigation).fn_, 0.0); // `other` is no navigation gold
    /// ```
    pub fn label(&self, l: Label) -> Counts {
        self.per_label[l.index()]
    }

    /// The number of documents and lines added.
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// let mut report = Report::default();
    /// assert_eq!(report.size(), (0, 0));
    /// let text = "Share on Facebook\nInvalid email\n";
    /// report.add(text.as_bytes(), &[Gold::Other; 2], &deboiler::Cleaner::new().classify(text));
    /// assert_eq!(report.size(), (1, 2));
    /// ```
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

    /// A table for people: size, precision/recall/F1 per label, content against the
    /// rest, and the confusion matrix (rows: gold labels present; columns: predicted).
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// let mut report = Report::default();
    /// let text = "Share on Facebook\nInvalid email\n";
    /// report.add(text.as_bytes(), &[Gold::Other; 2], &deboiler::Cleaner::new().classify(text));
    /// let table = report.to_text();
    /// assert!(table.starts_with("1 documents, 2 lines\n"));
    /// assert!(table.contains("content vs rest, words: precision"));
    /// assert!(table.contains("\nother "));
    /// ```
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

    /// The same figures as JSON: `documents`, `lines`, `labels` (per label:
    /// `precision`, `recall`, `f1`, `gold`, `predicted`), `content_lines`,
    /// `content_words` and `confusion` (gold → predicted → count).
    ///
    /// ```
    /// use deboiler::eval::{Gold, Report};
    /// use deboiler::Label;
    /// let mut report = Report::default();
    /// let text = "Invalid email\nThe council approved the plan after a long and heated debate.\n";
    /// let gold = [Gold::Other, Gold::Label(Label::Content)];
    /// report.add(text.as_bytes(), &gold, &deboiler::Cleaner::new().classify(text));
    /// let json = report.to_json();
    /// assert_eq!(json["documents"], 1);
    /// assert_eq!(json["lines"], 2);
    /// assert_eq!(json["content_lines"]["gold"], 1.0);
    /// assert!(json["confusion"]["other"].is_object());
    /// ```
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
