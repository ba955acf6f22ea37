//! The line scorer: a stack of logistic stages over the features of
//! [`crate::features`], with weights read from `seeds/model.txt`, and the rules that
//! name the kind of a boilerplate line.
//!
//! Stage 1 scores each line alone. Every later stage sees the same per-line features
//! plus the context features computed from the previous stage's scores (neighbours,
//! the page's main run, repeats), so that a short line inside a run of content is
//! judged differently from the same line inside a menu. Boosted trees
//! ([`crate::boost`]) add to the last stage's log-odds where features combine in ways
//! a sum of weights cannot express. In the model file, `tree` lines follow the last
//! stage.

use crate::boost::Tree;
use crate::features::{BASE, BASE_NAMES, CONTEXT, CONTEXT_NAMES, Shape};
use crate::label::{Label, Reason, Reasons};
use crate::lexicon::{Kind, MODEL};
use once_cell::sync::Lazy;

/// The most stages a model may have.
pub const MAX_STAGES: usize = 3;

/// One logistic stage: weights over the per-line features and (after stage 1) over
/// the context features.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Stage {
    pub base: [f32; BASE],
    pub context: [f32; CONTEXT],
}

impl Default for Stage {
    fn default() -> Self {
        Stage {
            base: [0.0; BASE],
            context: [0.0; CONTEXT],
        }
    }
}

/// A fitted model: one to [`MAX_STAGES`] stages, and boosted trees that add to the
/// last stage's log-odds (see [`crate::boost`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model {
    pub stages: Vec<Stage>,
    pub trees: Vec<Tree>,
}

/// A problem in a model file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ModelError {
    pub line: usize,
    pub problem: String,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "model line {}: {}", self.line, self.problem)
    }
}

impl Model {
    /// Parses the text format written by [`Model::to_text`]; its trees may ask about
    /// the per-line and context features only.
    pub(crate) fn parse(text: &str) -> Result<Model, ModelError> {
        Model::parse_with(text, crate::boost::DIM)
    }

    /// Like [`Model::parse`], with trees that may ask about the first `tree_dim`
    /// features of the combined vector (see [`crate::boost::HTML_DIM`]).
    pub(crate) fn parse_with(text: &str, tree_dim: usize) -> Result<Model, ModelError> {
        let mut stages: Vec<Stage> = Vec::new();
        let mut trees = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let err = |problem: String| ModelError {
                line: i + 1,
                problem,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("tree ") {
                if stages.len() < 2 {
                    return Err(err("trees need a context stage before them".into()));
                }
                let tree = Tree::parse(rest).map_err(err)?;
                if let Some(&f) = tree.features.iter().find(|&&f| f as usize >= tree_dim) {
                    let name = crate::boost::feature_name(f as usize);
                    return Err(err(format!(
                        "feature {name:?} is not for this model's trees"
                    )));
                }
                trees.push(tree);
                continue;
            }
            if !trees.is_empty() {
                return Err(err("trees come after the last stage".into()));
            }
            if let Some(n) = line.strip_prefix("stage ") {
                let n: usize = n
                    .trim()
                    .parse()
                    .map_err(|_| err(format!("bad stage number {n:?}")))?;
                if n != stages.len() + 1 || n > MAX_STAGES {
                    return Err(err(format!("stage {n} out of order or above {MAX_STAGES}")));
                }
                stages.push(Stage::default());
                continue;
            }
            let Some(stage) = stages.last_mut() else {
                return Err(err("a weight before the first `stage` line".into()));
            };
            let (name, w) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| err(format!("expected `name weight`, got {line:?}")))?;
            let w: f32 = w
                .trim()
                .parse()
                .map_err(|_| err(format!("weight {w:?} is not a number")))?;
            if !w.is_finite() {
                return Err(err(format!("weight {w} is not finite")));
            }
            if let Some(j) = BASE_NAMES.iter().position(|n| *n == name) {
                stage.base[j] = w;
            } else if let Some(j) = CONTEXT_NAMES.iter().position(|n| *n == name) {
                stage.context[j] = w;
            } else {
                return Err(err(format!("unknown feature {name:?}")));
            }
        }
        if stages.is_empty() {
            return Err(ModelError {
                line: 0,
                problem: "no stage".into(),
            });
        }
        Ok(Model { stages, trees })
    }

    /// Writes the model as text: `stage N` lines, then `name weight` lines.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for (k, stage) in self.stages.iter().enumerate() {
            out.push_str(&format!("stage {}\n", k + 1));
            for (name, w) in BASE_NAMES.iter().zip(stage.base.iter()) {
                out.push_str(&format!("{name} {w:.5}\n"));
            }
            if k > 0 {
                for (name, w) in CONTEXT_NAMES.iter().zip(stage.context.iter()) {
                    out.push_str(&format!("{name} {w:.5}\n"));
                }
            }
        }
        for tree in &self.trees {
            out.push_str(&tree.to_text());
            out.push('\n');
        }
        out
    }

    /// A hand-set single-stage model, used when `seeds/model.txt` is absent: long
    /// punctuated prose is content; word-list phrases, date shapes and credits are not.
    pub(crate) fn fallback() -> Model {
        let mut s = Stage::default();
        let set = |s: &mut Stage, name: &str, w: f32| {
            let j = BASE_NAMES.iter().position(|n| *n == name).unwrap();
            s.base[j] = w;
        };
        for (name, w) in [
            ("bias", -3.0),
            ("words_log", 1.2),
            ("sentence_end", 1.5),
            ("function_density", 3.0),
            ("lex_caption", -1.5),
            ("lex_timestamp", -1.0),
            ("lex_marketing", -2.5),
            ("lex_legal", -2.0),
            ("lex_navigation", -1.0),
            ("lex_byline", -1.0),
            ("credit_at_edge", -3.0),
            ("times", -1.5),
            ("dates", -1.5),
            ("timestamp_share", -2.0),
            ("separators_any", -1.0),
        ] {
            set(&mut s, name, w);
        }
        Model {
            stages: vec![s],
            trees: Vec::new(),
        }
    }
}

/// The model compiled into the library.
pub(crate) static MODEL_WEIGHTS: Lazy<Model> = Lazy::new(|| {
    if MODEL.trim().is_empty() {
        Model::fallback()
    } else {
        Model::parse(MODEL).unwrap_or_else(|e| panic!("seeds/model.txt is invalid: {e}"))
    }
});

/// The logistic function.
pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The dot product of two equally long slices.
pub(crate) fn dot(w: &[f32], x: &[f32]) -> f32 {
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

/// Evidence below which a boilerplate line gets no specific kind.
const KIND_EVIDENCE: f32 = 0.5;
/// Lines of up to this many words count their evidence in full; longer ones by the
/// square root of the ratio.
const KIND_FULL_WORDS: f32 = 8.0;
/// Words above which a line is too long to be a bare timestamp.
const TIMESTAMP_MAX_WORDS: f32 = 20.0;

/// Which kind of boilerplate a line is, from its word-list phrases and shape; `None`
/// when nothing points to a kind.
pub(crate) fn boilerplate_kind(s: &Shape) -> Option<Label> {
    let w = |k: Kind| s.hits.weight[k as usize];
    let short = s.effective_words() <= TIMESTAMP_MAX_WORDS;
    let stamp =
        w(Kind::Timestamp) + 1.5 * (s.times + s.dates + s.durations) as f32 + 0.7 * s.years as f32;
    let evidence = [
        (
            Label::Timestamp,
            if short {
                stamp * (0.5 + s.timestamp_share())
            } else {
                0.3 * stamp
            },
        ),
        (
            Label::Caption,
            w(Kind::Caption) + 2.0 * s.credit_at_edge() as u8 as f32,
        ),
        (Label::Marketing, w(Kind::Marketing)),
        (Label::Legal, w(Kind::Legal)),
        (
            Label::Navigation,
            w(Kind::Navigation) + 0.5 * (s.separators > 0) as u8 as f32,
        ),
        (Label::Byline, w(Kind::Byline)),
    ];
    let (label, best) =
        evidence.iter().copied().fold(
            (Label::Navigation, 0.0f32),
            |a, b| if b.1 > a.1 { b } else { a },
        );
    // One weak phrase says less in a long line: `Tuesday` in a sentence is no timestamp.
    let length = (KIND_FULL_WORDS / s.effective_words().max(1.0))
        .sqrt()
        .min(1.0);
    (best * length >= KIND_EVIDENCE).then_some(label)
}

/// Reasons that follow from the line's own shape.
pub(crate) fn shape_reasons(s: &Shape) -> Reasons {
    let mut r = Reasons::default();
    let ww = s.effective_words();
    let k = |k: Kind| s.hits.count[k as usize] > 0;
    r.set_if(ww >= 12.0 && s.sentence_end, Reason::Prose);
    r.set_if(ww <= 3.0, Reason::Short);
    r.set_if(s.sentence_end, Reason::Sentence);
    r.set_if(
        s.words >= 4 && s.hits.count[Kind::Function as usize] as f32 >= 0.25 * s.words as f32,
        Reason::FunctionWords,
    );
    r.set_if(s.times + s.dates > 0, Reason::DateTime);
    r.set_if(s.credit_at_edge(), Reason::ImageCredit);
    r.set_if(k(Kind::Timestamp), Reason::TimestampPhrase);
    r.set_if(k(Kind::Marketing), Reason::MarketingPhrase);
    r.set_if(k(Kind::Legal), Reason::LegalPhrase);
    r.set_if(k(Kind::Navigation), Reason::NavigationPhrase);
    r.set_if(k(Kind::Byline), Reason::BylinePhrase);
    r.set_if(k(Kind::Caption), Reason::CaptionPhrase);
    r.set_if(s.separators > 0, Reason::Separators);
    r.set_if(
        s.digits as u64 * 2 > s.chars.saturating_sub(s.words) as u64,
        Reason::Digits,
    );
    r.set_if(
        s.words >= 2 && s.cap_words as u64 * 10 >= s.words as u64 * 6 && !s.sentence_end,
        Reason::TitleCase,
    );
    r.set_if(s.link, Reason::Link);
    r.set_if(s.invalid_utf8, Reason::InvalidUtf8);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::measure;

    #[test]
    fn the_embedded_model_parses() {
        assert!(!MODEL_WEIGHTS.stages.is_empty());
    }

    #[test]
    fn model_text_round_trips() {
        let mut m = Model::fallback();
        m.stages.push(Stage::default());
        m.stages[1].context[3] = 0.25;
        let text = m.to_text("test model");
        assert_eq!(Model::parse(&text).unwrap(), m);
        m.trees.push(Tree {
            features: vec![1, 60],
            thresholds: vec![0.5, 0.25],
            leaves: vec![0.5, -0.5, 1.0, -1.0],
        });
        let text = m.to_text("with a tree");
        assert!(
            text.ends_with(" : 0.50000 -0.50000 1.00000 -1.00000\n"),
            "{text}"
        );
        assert_eq!(Model::parse(&text).unwrap(), m);
    }

    #[test]
    fn trees_need_a_context_stage_and_come_last() {
        let tree = "tree bias 0.5 : 1 2\n";
        let one = Model::parse(&format!("stage 1\nbias 1\n{tree}")).unwrap_err();
        assert!(one.problem.contains("context stage"), "{one}");
        let two = format!("stage 1\nbias 1\nstage 2\nbias 1\n{tree}");
        assert_eq!(Model::parse(&two).unwrap().trees.len(), 1);
        let late = Model::parse(&format!("{two}bias 2\n")).unwrap_err();
        assert!(late.problem.contains("after the last stage"), "{late}");
        let bad = Model::parse(&format!("{two}tree bias 0.5 : 1\n")).unwrap_err();
        assert!(bad.problem.contains("leaves"), "{bad}");
    }

    #[test]
    fn bad_models_are_reported() {
        assert!(Model::parse("").is_err());
        assert!(Model::parse("bias 1").is_err());
        assert!(
            Model::parse("stage 1\nnope 1")
                .unwrap_err()
                .problem
                .contains("nope")
        );
        assert!(Model::parse("stage 2").is_err());
        assert!(Model::parse("stage 1\nbias x").is_err());
        assert!(Model::parse("stage 1\nbias NaN").is_err());
    }

    #[test]
    fn kinds_follow_evidence() {
        let kind = |t: &str| boilerplate_kind(&measure(t.as_bytes()));
        assert_eq!(kind("09:56, Mon, Mar 17, 2025"), Some(Label::Timestamp));
        assert_eq!(kind("2025-03-17T09:56:00Z"), Some(Label::Timestamp));
        assert_eq!(
            kind("A view of the bridge. (Image: Getty)"),
            Some(Label::Caption)
        );
        assert_eq!(kind("Invalid email"), Some(Label::Marketing));
        assert_eq!(
            kind("We use cookies to improve your experience"),
            Some(Label::Legal)
        );
        assert_eq!(kind("Share on Facebook"), Some(Label::Navigation));
        assert_eq!(kind("Zebra"), None);
    }
}
