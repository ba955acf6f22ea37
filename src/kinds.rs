//! The kind model: which kind of line each line of a page is, learned from pages
//! labelled line by line (`labels/`), for text dumps (`seeds/kinds.txt`) and HTML
//! pages (`seeds/kinds_html.txt`).
//!
//! The content model ([`crate::score`]) decides how likely a line is to be content;
//! the kind model then names every line, over all the labels but `blank`, with a
//! softmax over the line's features: its per-line features, its context features
//! (of the content model's last stage), its final score, the kind its own evidence
//! points to ([`crate::score::boilerplate_kind`]), where it stands on the page, and
//! for HTML the block's layout and window features (class tokens such as
//! `newsletter`, `comment` or `caption` among them). The features are those of
//! [`features`]; the page pass applies the model in `revise::kinds`.
//!
//! How the two combine: a line under the threshold gets the most likely kind of
//! boilerplate; a line over it stays content unless the kind model is sure enough of
//! one kind that the model file names with an `override` (reader comments and
//! captions, which read as prose); a line under it becomes content where the model
//! file's `rescue` bar says the kind model is sure of content (rows of a table,
//! items of a list, lines of code inside the main text).
//!
//! A model may have a context stage ([`context`]): a second softmax that reads, beside
//! a line's features, the first stage's probabilities of the lines around it, and
//! names the line in the first stage's place.
//!
//! An empty model file means no kind model: every line keeps the label the rules
//! name.

pub(crate) mod context;
pub(crate) mod features;
#[cfg(feature = "train")]
pub mod fit;
pub(crate) mod shapes;

use crate::label::Label;
use once_cell::sync::Lazy;

/// The number of classes: every label but `blank`, the last of [`Label::ALL`].
pub(crate) const K: usize = Label::ALL.len() - 1;
const _: () = assert!(matches!(Label::ALL[K], Label::Blank));

/// The labels the kind model chooses among, in the order of its classes: those of
/// [`Label::ALL`], `blank` left out, so that a class is its label's index.
pub(crate) const CLASSES: [Label; K] = {
    let mut c = [Label::Blank; K];
    let mut i = 0;
    while i < K {
        c[i] = Label::ALL[i];
        i += 1;
    }
    c
};

/// The classes' sums are kept in this many lanes (the classes, then zeros), so that
/// adding one feature's weights to them is a few vector instructions.
pub(crate) const LANES: usize = 12;
const _: () = assert!(K <= LANES);

/// The classes but content, `1..K`: a line under the threshold chooses among them
/// alone (unless the model can rescue it), so only their sums are needed, eight
/// lanes.
const OTHERS: usize = K - 1;
const _: () = assert!(matches!(CLASSES[0], Label::Content) && OTHERS == 8);

/// The class index of a label (`None` for `blank`).
pub(crate) fn class_of(label: Label) -> Option<usize> {
    (label != Label::Blank).then_some(label.index())
}

/// A fitted kind model: a softmax over the features of [`features`], one weight
/// vector per class, and the bars that let it move a line across the content
/// threshold.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KindModel {
    /// The number of features (text or HTML: [`features::dim`]).
    pub dim: usize,
    /// Each feature's weight for every class (in the order of [`CLASSES`]): `dim`
    /// of them, feature by feature, so that a line's features that are 0 cost
    /// nothing and the classes' sums run side by side.
    pub weights: Vec<[f32; LANES]>,
    /// The features whose weights are not all 0, the only ones a line's sums go
    /// over (every feature in a model made by [`KindModel::zeros`]).
    pub active: Vec<u32>,
    /// Each word bucket's weight for every class ([`features::words`]).
    pub words: Vec<[f32; LANES]>,
    /// For each class, the probability at which a line over the threshold is named
    /// that class rather than content (above 1: never).
    pub overrides: [f32; K],
    /// The probability of content at which a line under the threshold is named
    /// content (above 1: never).
    pub rescue: f32,
    /// The classes the rules name rather than the model: a line under the threshold
    /// is such a class exactly when the rules say so ([`crate::score`]'s kind).
    pub rules: [bool; K],
    /// The context stage, if the model has one: a second softmax over this model's
    /// features and the [`context`] features of the lines around, whose
    /// probabilities name the line in place of this model's (the bars stay this
    /// model's). Its `dim` counts both.
    pub context: Option<Box<KindModel>>,
}

/// The line of a model file that starts its context stage.
const CONTEXT_STAGE: &str = "stage context";

/// Every line's kind features as the page pass hands them to a fit: `dim` values
/// per line (zeros for a blank line) and its hashed words.
#[derive(Clone, Debug, Default)]
pub(crate) struct KindSink {
    pub x: Vec<f32>,
    pub words: Vec<Vec<(u16, f32)>>,
}

/// The error of reading a kind model: the line (1-based, 0 for the whole file) and
/// what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KindModelError {
    pub line: usize,
    pub problem: String,
}

impl std::fmt::Display for KindModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str(&self.problem)
        } else {
            write!(f, "line {}: {}", self.line, self.problem)
        }
    }
}

impl KindModel {
    /// A model with every weight 0 and no overrides, for `html` pages or text.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn zeros(html: bool) -> KindModel {
        KindModel::zeros_of(features::dim(html))
    }

    /// A context stage with every weight 0, for `html` pages or text.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn zeros_in_context(html: bool) -> KindModel {
        KindModel::zeros_of(features::dim(html) + context::CTX)
    }

    /// A model of `dim` features with every weight 0 and no bars.
    fn zeros_of(dim: usize) -> KindModel {
        KindModel {
            dim,
            weights: vec![[0.0; LANES]; dim],
            active: (0..dim as u32).collect(),
            words: vec![[0.0; LANES]; features::WORD_BUCKETS],
            overrides: [f32::INFINITY; K],
            rescue: f32::INFINITY,
            rules: [false; K],
            context: None,
        }
    }

    /// The context stage's feature names: the first stage's, then [`context`]'s.
    fn names_in_context(html: bool) -> Vec<String> {
        let mut names = features::names(html);
        names.extend(context::names());
        names
    }

    /// Parses the text format of [`KindModel::to_text`]: `class NAME` lines, each
    /// followed by `feature weight` lines (features left out weigh 0), and
    /// `override NAME P`, `rescue P` and `rules NAME` lines; `#` starts a comment. A
    /// `stage context` line starts the context stage: `class` lines and weights
    /// again, over the features and the context features, and no bars.
    pub(crate) fn parse(text: &str, html: bool) -> Result<KindModel, KindModelError> {
        // The context stage's line: its index, and where it starts and ends.
        let mut split = None;
        let mut at = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if line.trim() == CONTEXT_STAGE {
                split = Some((i, at, at + line.len()));
                break;
            }
            at += line.len();
        }
        let first = split.map_or(text, |(_, start, _)| &text[..start]);
        let mut model = KindModel::parse_stage(first, features::names(html), 0)?;
        if let Some((i, _, end)) = split {
            let stage =
                KindModel::parse_stage(&text[end..], KindModel::names_in_context(html), i + 1)?;
            let bars = stage.overrides.iter().any(|&b| b.is_finite())
                || stage.rescue.is_finite()
                || stage.rules.iter().any(|&r| r);
            if bars {
                return Err(KindModelError {
                    line: 0,
                    problem: format!("the bars go before `{CONTEXT_STAGE}`"),
                });
            }
            model.context = Some(Box::new(stage));
        }
        Ok(model)
    }

    /// One stage of [`KindModel::parse`] over the features `names`, its first line
    /// being line `offset + 1` of the file.
    fn parse_stage(
        text: &str,
        names: Vec<String>,
        offset: usize,
    ) -> Result<KindModel, KindModelError> {
        let index: std::collections::HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(j, n)| (n.as_str(), j))
            .collect();
        let mut model = KindModel::zeros_of(names.len());
        let mut seen = [false; K];
        let mut class: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let err = |problem: String| KindModelError {
                line: offset + i + 1,
                problem,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let expected = if fields[0] == "override" { 3 } else { 2 };
            if fields.len() != expected {
                return Err(err(format!("expected {expected} fields, got {line:?}")));
            }
            let (key, value) = (fields[0], fields[1]);
            let label = || {
                value
                    .parse::<Label>()
                    .ok()
                    .and_then(class_of)
                    .ok_or_else(|| err(format!("{value:?} is not a class of the kind model")))
            };
            let number = |v: &str| match v.parse::<f32>() {
                Ok(x) if !x.is_nan() => Ok(x),
                _ => Err(err(format!("{v:?} is not a number"))),
            };
            match key {
                "class" => {
                    let c = label()?;
                    if seen[c] {
                        return Err(err(format!("class {value} given twice")));
                    }
                    seen[c] = true;
                    class = Some(c);
                }
                "override" => {
                    let c = label()?;
                    model.overrides[c] = number(fields[2])?;
                }
                "rescue" => model.rescue = number(value)?,
                "rules" => model.rules[label()?] = true,
                name => {
                    let Some(c) = class else {
                        return Err(err("a weight before the first `class` line".into()));
                    };
                    let w = number(value)?;
                    if !w.is_finite() {
                        return Err(err(format!("weight {w} is not finite")));
                    }
                    if let Some(b) = features::word_bucket(name) {
                        model.words[b][c] = w;
                    } else if let Some(&j) = index.get(name) {
                        model.weights[j][c] = w;
                    } else {
                        return Err(err(format!("unknown feature {name:?}")));
                    }
                }
            }
        }
        if seen.iter().all(|&s| !s) {
            return Err(KindModelError {
                line: 0,
                problem: "no class".into(),
            });
        }
        model.find_active();
        Ok(model)
    }

    /// Writes the model as text, with `header` as `#` comments: the bars, then each
    /// class and its weights other than 0.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn to_text(&self, header: &str, html: bool) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        for (c, &p) in self.overrides.iter().enumerate() {
            if p.is_finite() {
                let _ = writeln!(out, "override {} {p}", CLASSES[c]);
            }
        }
        if self.rescue.is_finite() {
            let _ = writeln!(out, "rescue {}", self.rescue);
        }
        for (c, _) in self.rules.iter().enumerate().filter(|(_, r)| **r) {
            let _ = writeln!(out, "rules {}", CLASSES[c]);
        }
        self.write_classes(&features::names(html), &mut out);
        if let Some(stage) = &self.context {
            let _ = writeln!(out, "{CONTEXT_STAGE}");
            stage.write_classes(&KindModel::names_in_context(html), &mut out);
        }
        out
    }

    /// Each class and its weights other than 0, over the features `names`.
    #[cfg(any(test, feature = "train"))]
    fn write_classes(&self, names: &[String], out: &mut String) {
        use std::fmt::Write as _;
        for (c, class) in CLASSES.iter().enumerate() {
            let _ = writeln!(out, "class {class}");
            for (name, w) in names.iter().zip(&self.weights) {
                if w[c] != 0.0 {
                    let _ = writeln!(out, "{name} {}", w[c]);
                }
            }
            for (b, w) in self.words.iter().enumerate() {
                if w[c] != 0.0 {
                    let _ = writeln!(out, "{} {}", features::word_name(b), w[c]);
                }
            }
        }
    }

    /// The log-odds of each class (up to a constant) for a line's features `x`
    /// (`dim` of them) and hashed words; [`softmax`] makes them probabilities.
    pub(crate) fn logits(&self, x: &[f32], words: &[(u16, f32)], out: &mut [f32; K]) {
        let acc = self.sums::<0, LANES>(x, words);
        out.copy_from_slice(&acc[..K]);
    }

    /// Adds to `out` the sums of a context stage over the context features `ctx`,
    /// which follow the first stage's `dim` features.
    pub(crate) fn add_context(&self, dim: usize, ctx: &[f32], out: &mut [f32; K]) {
        for (w, &v) in self.weights[dim..].iter().zip(ctx) {
            if v != 0.0 {
                for (o, w) in out.iter_mut().zip(w) {
                    *o += v * w;
                }
            }
        }
    }

    /// The probability of each class for a line's features `x` and hashed words.
    pub(crate) fn probabilities(&self, x: &[f32], words: &[(u16, f32)]) -> [f32; K] {
        let mut p = [0.0f32; K];
        self.logits(x, words, &mut p);
        softmax(&mut p);
        p
    }

    /// [`KindModel::logits`] of the classes but content, content's left at minus
    /// infinity: what a line under the threshold needs, in fewer operations.
    pub(crate) fn other_logits(&self, x: &[f32], words: &[(u16, f32)], out: &mut [f32; K]) {
        let acc = self.sums::<1, OTHERS>(x, words);
        out[0] = f32::NEG_INFINITY;
        out[1..].copy_from_slice(&acc);
    }

    /// Keeps in [`KindModel::active`] only the features with a weight that is not 0.
    pub(crate) fn find_active(&mut self) {
        self.active = (0..self.weights.len() as u32)
            .filter(|&j| self.weights[j as usize].iter().any(|&w| w != 0.0))
            .collect();
    }

    /// The sums of lanes `FROM..FROM + N` over the features and words.
    #[inline(always)]
    fn sums<const FROM: usize, const N: usize>(&self, x: &[f32], words: &[(u16, f32)]) -> [f32; N] {
        let mut acc = [0.0f32; N];
        let mut add = |v: f32, w: &[f32; LANES]| {
            let w: &[f32; N] = w[FROM..FROM + N].try_into().expect("N lanes");
            for (a, w) in acc.iter_mut().zip(w) {
                *a += v * w;
            }
        };
        for &j in &self.active {
            let j = j as usize;
            if let (Some(&v), Some(w)) = (x.get(j), self.weights.get(j))
                && v != 0.0
            {
                add(v, w);
            }
        }
        for &(b, v) in words {
            if let Some(w) = self.words.get(usize::from(b)) {
                add(v, w);
            }
        }
        acc
    }
}

/// Turns log-odds into probabilities, in place.
pub(crate) fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

static KINDS_TEXT: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/kinds.txt"));
static KINDS_HTML: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/kinds_html.txt"));

fn embedded(text: &str, html: bool, file: &str) -> Option<KindModel> {
    (!text.trim().is_empty())
        .then(|| KindModel::parse(text, html).unwrap_or_else(|e| panic!("{file} is invalid: {e}")))
}

/// The kind model of text dumps compiled into the library, if there is one.
pub(crate) static TEXT_KINDS: Lazy<Option<KindModel>> =
    Lazy::new(|| embedded(KINDS_TEXT, false, "seeds/kinds.txt"));

/// The kind model of HTML pages compiled into the library, if there is one.
pub(crate) static HTML_KINDS: Lazy<Option<KindModel>> =
    Lazy::new(|| embedded(KINDS_HTML, true, "seeds/kinds_html.txt"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_models_parse() {
        let _ = &*TEXT_KINDS;
        let _ = &*HTML_KINDS;
    }

    #[test]
    fn text_round_trips() {
        for html in [false, true] {
            let mut m = KindModel::zeros(html);
            m.weights[0][3] = 1.5;
            m.weights[m.dim - 1][8] = -0.25;
            m.overrides[8] = 0.6;
            m.words[1023][2] = 0.125;
            m.rescue = 0.8;
            m.rules[4] = true;
            let text = m.to_text("a header\nof two lines", html);
            assert!(text.starts_with("# a header\n# of two lines\n"), "{text}");
            // Parsed, only the features with a weight are gone over.
            m.active = vec![0, m.dim as u32 - 1];
            assert_eq!(KindModel::parse(&text, html), Ok(m.clone()));
            // With a context stage, whose last feature is a context one.
            let mut stage = KindModel::zeros_in_context(html);
            stage.weights[stage.dim - 1][1] = 2.0;
            stage.words[7][0] = -1.0;
            stage.active = vec![stage.dim as u32 - 1];
            m.context = Some(Box::new(stage));
            let text = m.to_text("", html);
            assert!(text.contains("\nstage context\n"), "{text}");
            assert!(text.contains("\nkc_far_comment 2\n"), "{text}");
            assert_eq!(KindModel::parse(&text, html), Ok(m));
        }
    }

    #[test]
    fn bad_models_are_reported() {
        let bad = |text: &str| KindModel::parse(text, false).unwrap_err().to_string();
        assert_eq!(bad(""), "no class");
        assert_eq!(
            bad("bias 1"),
            "line 1: a weight before the first `class` line"
        );
        assert_eq!(
            bad("class content\nnope 1"),
            "line 2: unknown feature \"nope\""
        );
        assert_eq!(
            bad("class blank"),
            "line 1: \"blank\" is not a class of the kind model"
        );
        assert_eq!(
            bad("class content\nbias x"),
            "line 2: \"x\" is not a number"
        );
        assert_eq!(
            bad("class content\nclass content"),
            "line 2: class content given twice"
        );
        assert_eq!(
            bad("class content\nstage context\nclass title\nkc_prev_nope 1"),
            "line 4: unknown feature \"kc_prev_nope\""
        );
        assert_eq!(
            bad("class content\nstage context\nrescue 0.5\nclass title"),
            "the bars go before `stage context`"
        );
        assert_eq!(bad("class content\nstage context\n"), "no class");
        assert_eq!(
            bad("class content bias"),
            "line 1: expected 2 fields, got \"class content bias\""
        );
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_the_order() {
        let mut z = [1.0, 3.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 100.0];
        softmax(&mut z);
        assert!((z.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(z[8] > 0.99 && z[1] > z[0] && z[0] > z[2]);
    }
}
