//! Naming each line's kind with the kind model ([`crate::kinds`]): after the
//! threshold has cut the scores into content and boilerplate, every line that is not
//! blank gets the features of [`crate::kinds::features`] and the model's
//! probabilities; a boilerplate line takes the most likely kind of boilerplate, and
//! the model's bars may move a line across the threshold (see [`crate::kinds`]).

use super::page::Row;
use crate::features::{BASE, CONTEXT};
use crate::kinds::features::words;
use crate::kinds::features::{OWN, OWN_START};
use crate::kinds::{CLASSES, K, KindModel, KindSink, class_of, context, shapes};
use crate::label::{Label, LineLabel};

/// What the kind step reads besides the rows and their labels.
#[derive(Clone, Copy)]
pub(crate) struct KindInput<'a> {
    /// The kind model, if there is one.
    pub model: Option<&'a KindModel>,
    /// Name every line, or only those whose kind can change what is kept (the
    /// lines over the threshold, which an override may move).
    pub every_line: bool,
    /// The page's text, which the rows' spans index.
    pub text: &'a [u8],
    /// Every row's per-line features (empty when the content model has no trees).
    pub base: &'a [[f32; BASE]],
    /// Every row's extra (HTML layout) features, `extra_dim` each, row-major.
    pub extra: &'a [f32],
    /// The number of extra features per row (0 for text).
    pub extra_dim: usize,
}

impl KindInput<'_> {
    /// No kind model and no features: the labels stay as the rules name them.
    #[cfg(test)]
    pub(crate) const NONE: KindInput<'static> = KindInput {
        model: None,
        every_line: true,
        text: &[],
        base: &[],
        extra: &[],
        extra_dim: 0,
    };
}

/// The facts of the page the features need.
pub(super) struct KindPage<'a> {
    pub rows: &'a [Row],
    /// The final scores (after the page rules).
    pub scores: &'a [f32],
    /// The context features of the content model's last stage (may be empty).
    pub ctx: &'a [[f32; CONTEXT]],
    /// The page's main run of content.
    pub main: Option<(usize, usize)>,
}

/// Names the kind of every line of `labels` with `input`'s model; with `sink`, also
/// appends every line's features to it (zeros for blank lines), for fitting.
pub(super) fn name_kinds(
    page: &KindPage<'_>,
    input: KindInput<'_>,
    labels: &mut [LineLabel],
    sink: Option<&mut KindSink>,
) {
    match (input.model, sink) {
        (Some(model), None) if model.context.is_some() => {
            name_in_context(page, &input, model, labels);
        }
        (_, sink) => name_alone(page, &input, labels, sink),
    }
}

/// Which lines' kinds a page pass works out: content lines only where some kind
/// may override them; lines under the threshold, unless they may be rescued, only
/// where their names are asked for; never blank lines.
#[derive(Clone, Copy)]
struct Named {
    content: bool,
    others: bool,
}

impl Named {
    fn new(model: &KindModel, every_line: bool) -> Named {
        Named {
            content: model.overrides.iter().any(|&bar| bar <= 1.0),
            others: every_line || model.rescue <= 1.0,
        }
    }

    /// Whether line `l`'s kind is worked out.
    fn line(self, l: &LineLabel) -> bool {
        match l.label {
            Label::Content => self.content,
            Label::Blank => false,
            _ => self.others,
        }
    }
}

/// [`name_kinds`] with the first stage alone (and the sink of a fit).
fn name_alone(
    page: &KindPage<'_>,
    input: &KindInput<'_>,
    labels: &mut [LineLabel],
    mut sink: Option<&mut KindSink>,
) {
    let Some(dim) = input
        .model
        .map(|m| m.dim)
        .or_else(|| sink.as_ref().map(|_| OWN_START + OWN + input.extra_dim))
    else {
        return;
    };
    let named = input.model.map(|m| Named::new(m, input.every_line));
    let mut x = vec![0.0f32; dim];
    let mut line_words = Vec::with_capacity(crate::kinds::features::MAX_WORDS);
    let mut p = [0.0f32; K];
    for (i, l) in labels.iter_mut().enumerate() {
        if l.label == Label::Blank {
            if let Some(s) = sink.as_deref_mut() {
                s.x.extend(std::iter::repeat_n(0.0, dim));
                s.words.push(Vec::new());
            }
            continue;
        }
        if sink.is_none() && !named.is_some_and(|n| n.line(l)) {
            continue;
        }
        let span = page.rows[i].span;
        let line = input.text.get(span.start..span.end).unwrap_or_default();
        features(page, input, i, line, &mut x);
        words(line, &mut line_words);
        if let Some(s) = sink.as_deref_mut() {
            s.x.extend_from_slice(&x);
            s.words.push(line_words.clone());
        }
        let Some(model) = input.model else {
            continue;
        };
        // Content's odds matter to a content line (may a kind override it?) and
        // where the model may rescue a line.
        if l.label == Label::Content || model.rescue <= 1.0 {
            model.logits(&x, &line_words, &mut p);
        } else {
            model.other_logits(&x, &line_words, &mut p);
        }
        decide(model, page.rows[i].kind, &p, l);
    }
}

/// [`name_kinds`] with a context stage: the first stage's probabilities of every
/// line that is not blank, then the context stage's names of the lines named. The
/// context stage's sums over a line's own features and words are taken in the
/// first pass, so that each line's features are worked out once.
fn name_in_context(
    page: &KindPage<'_>,
    input: &KindInput<'_>,
    model: &KindModel,
    labels: &mut [LineLabel],
) {
    let Some(stage) = model.context.as_deref() else {
        return;
    };
    let named = Named::new(model, input.every_line);
    if !labels.iter().any(|l| named.line(l)) {
        return;
    }
    let mut x = vec![0.0f32; model.dim];
    let mut line_words = Vec::with_capacity(crate::kinds::features::MAX_WORDS);
    // Per line that is not blank: the first stage's probabilities, and the context
    // stage's sums over its own features (zeros where it is not named).
    let mut probs: Vec<[f32; K]> = Vec::new();
    let mut own: Vec<[f32; K]> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if l.label == Label::Blank {
            continue;
        }
        let span = page.rows[i].span;
        let line = input.text.get(span.start..span.end).unwrap_or_default();
        features(page, input, i, line, &mut x);
        words(line, &mut line_words);
        probs.push(model.probabilities(&x, &line_words));
        let mut q = [0.0f32; K];
        if named.line(l) {
            stage.logits(&x, &line_words, &mut q);
        }
        own.push(q);
    }
    let around = context::Around::new(&probs);
    let mut ctx = [0.0f32; context::CTX];
    let mut pos = 0usize;
    for (i, l) in labels.iter_mut().enumerate() {
        if l.label == Label::Blank {
            continue;
        }
        pos += 1;
        if !named.line(l) {
            continue;
        }
        around.features(pos - 1, &mut ctx);
        let mut p = own[pos - 1];
        stage.add_context(model.dim, &ctx, &mut p);
        decide(model, page.rows[i].kind, &p, l);
    }
}

/// Names line `l` from its classes' log-odds `p` (content's at minus infinity where
/// it was not worked out), with `model`'s bars and rules; `rules` is the kind the
/// rules name.
fn decide(model: &KindModel, rules: Option<Label>, p: &[f32; K], l: &mut LineLabel) {
    let content = class_of(Label::Content).unwrap_or(0);
    // A class the rules name is the line's exactly when the rules say so.
    let rules_kind = rules.and_then(class_of).filter(|&c| model.rules[c]);
    let best_other = rules_kind.unwrap_or_else(|| {
        (0..K)
            .filter(|&c| c != content && !model.rules[c])
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap_or(content)
    });
    // The probabilities are asked only against a bar that can be reached.
    let reaches = |c: usize, bar: f32| {
        bar <= 1.0 && {
            let mut q = *p;
            crate::kinds::softmax(&mut q);
            q[c] >= bar
        }
    };
    if l.label == Label::Content {
        if reaches(best_other, model.overrides[best_other]) {
            l.label = CLASSES[best_other];
        }
    } else if reaches(content, model.rescue) {
        l.label = Label::Content;
    } else {
        l.label = CLASSES[best_other];
    }
}

/// Fills `x` with line `i`'s features, in the order of
/// [`crate::kinds::features::names`].
fn features(page: &KindPage<'_>, input: &KindInput<'_>, i: usize, line: &[u8], x: &mut [f32]) {
    let rows = page.rows;
    x.fill(0.0);
    if let Some(b) = input.base.get(i) {
        x[..BASE].copy_from_slice(b);
    }
    // The bias, also where the per-line features are not at hand.
    x[0] = 1.0;
    if page.ctx.len() == rows.len() {
        x[BASE..OWN_START].copy_from_slice(&page.ctx[i]);
    }
    let row = &rows[i];
    let own = &mut x[OWN_START..OWN_START + OWN];
    own[0] = page.scores[i];
    own[1] = row.info.p;
    own[2 + match row.kind {
        Some(Label::Timestamp) => 1,
        Some(Label::Caption) => 2,
        Some(Label::Marketing) => 3,
        Some(Label::Legal) => 4,
        Some(Label::Navigation) => 5,
        Some(Label::Byline) => 6,
        _ => 0,
    }] = 1.0;
    own[9] = f32::from(u8::from(row.headline_shape));
    own[10] = f32::from(u8::from(row.name_shape));
    own[11] = i as f32 / (rows.len().max(2) - 1) as f32;
    if let Some((start, end)) = page.main {
        own[12] = f32::from(u8::from(i < start));
        own[13] = f32::from(u8::from(i > end));
    }
    let score_of = |j: Option<usize>| j.map_or(0.0, |j| page.scores[j]);
    own[14] = score_of((0..i).rev().find(|&j| !rows[j].info.blank));
    own[15] = score_of((i + 1..rows.len()).find(|&j| !rows[j].info.blank));
    own[16] = f32::from(u8::from(shapes::is_social_row(line)));
    own[17] = f32::from(u8::from(shapes::has_price(line)));
    own[18] = f32::from(u8::from(shapes::is_speaker_header(line)));
    own[19] = f32::from(u8::from(shapes::opens_with_figure_label(line)));
    own[20] = f32::from(u8::from(shapes::opens_with_pointer_label(line)));
    let e = input.extra_dim;
    if e > 0 && input.extra.len() == rows.len() * e {
        x[OWN_START + OWN..].copy_from_slice(&input.extra[i * e..(i + 1) * e]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Reasons;
    use crate::revise::confidence::tests::row;

    fn label(l: Label) -> LineLabel {
        LineLabel {
            label: l,
            reasons: Reasons::default(),
            score: 0.0,
        }
    }

    /// A model that reads the line's score (`k_score`): comment where it is high,
    /// timestamp where it is low, and content in between only as a close second.
    fn model() -> KindModel {
        let mut m = KindModel::zeros(false);
        let score = OWN_START;
        let c = |l: Label| class_of(l).unwrap();
        m.weights[score][c(Label::Comment)] = 20.0;
        m.weights[0][c(Label::Comment)] = -14.0;
        m.weights[score][c(Label::Timestamp)] = -20.0;
        m.weights[0][c(Label::Timestamp)] = 6.0;
        m.weights[0][c(Label::Content)] = 2.0;
        m
    }

    fn named(m: &KindModel, scores: &[f32], labels: &[Label]) -> (Vec<Label>, Vec<f32>) {
        let rows: Vec<Row> = scores.iter().map(|_| row(5.0)).collect();
        let page = KindPage {
            rows: &rows,
            scores,
            ctx: &[],
            main: None,
        };
        let input = KindInput {
            model: Some(m),
            ..KindInput::NONE
        };
        let mut out: Vec<LineLabel> = labels.iter().map(|&l| label(l)).collect();
        let mut sink = KindSink::default();
        name_kinds(&page, input, &mut out, Some(&mut sink));
        assert_eq!(sink.words.len(), scores.len());
        (out.iter().map(|l| l.label).collect(), sink.x)
    }

    /// The names `m` gives, as in use (no sink), naming every line or not.
    fn named_in_use(
        m: &KindModel,
        scores: &[f32],
        labels: &[Label],
        every_line: bool,
    ) -> Vec<Label> {
        let rows: Vec<Row> = scores.iter().map(|_| row(5.0)).collect();
        let page = KindPage {
            rows: &rows,
            scores,
            ctx: &[],
            main: None,
        };
        let input = KindInput {
            model: Some(m),
            every_line,
            ..KindInput::NONE
        };
        let mut out: Vec<LineLabel> = labels.iter().map(|&l| label(l)).collect();
        name_kinds(&page, input, &mut out, None);
        out.iter().map(|l| l.label).collect()
    }

    #[test]
    fn boilerplate_takes_the_likeliest_kind_and_content_stays_unless_overridden() {
        let mut m = model();
        let scores = [0.95, 0.1, 0.5, 0.0];
        let labels = [
            Label::Content,
            Label::Navigation,
            Label::Content,
            Label::Blank,
        ];
        // No overrides: content stays, the low line is a timestamp, blank stays blank.
        let (got, sink) = named(&m, &scores, &labels);
        assert_eq!(
            got,
            [
                Label::Content,
                Label::Timestamp,
                Label::Content,
                Label::Blank
            ]
        );
        // Every line's features, zeros for the blank one; the score is among them.
        assert_eq!(sink.len(), 4 * m.dim);
        assert_eq!(sink[OWN_START], 0.95);
        assert_eq!(sink[m.dim + OWN_START], 0.1);
        assert!(sink[3 * m.dim..].iter().all(|&v| v == 0.0));
        // A comment override: the sure line over the threshold becomes a comment, the
        // unsure one stays content.
        m.overrides[class_of(Label::Comment).unwrap()] = 0.9;
        let (got, _) = named(&m, &scores, &labels);
        assert_eq!(got[..3], [Label::Comment, Label::Timestamp, Label::Content]);
        // A rescue bar content reaches: a boilerplate line in between becomes content.
        m.rescue = 0.5;
        let (got, _) = named(&m, &[0.5], &[Label::Navigation]);
        assert_eq!(got, [Label::Content]);
    }

    #[test]
    fn only_lines_that_may_change_sides_when_not_every_line_is_named() {
        let mut m = model();
        m.overrides[class_of(Label::Comment).unwrap()] = 0.9;
        let scores = [0.95, 0.1, 0.1];
        let labels = [Label::Content, Label::Navigation, Label::Marketing];
        let run = |every_line: bool, m: &KindModel| named_in_use(m, &scores, &labels, every_line);
        // Every line: the model names the boilerplate lines.
        let all = [Label::Comment, Label::Timestamp, Label::Timestamp];
        assert_eq!(run(true, &m), all);
        // Not: the override still applies, the boilerplate keeps the rules' kinds.
        assert_eq!(
            run(false, &m),
            [Label::Comment, Label::Navigation, Label::Marketing]
        );
        // Unless the model may rescue them.
        m.rescue = 0.99;
        assert_eq!(run(false, &m), all);
    }

    #[test]
    fn the_context_stage_names_a_line_by_what_the_first_makes_of_the_one_before() {
        let mut m = model();
        // Every low line is a timestamp to the first stage; to the context stage a
        // line is navigation, or marketing where the line before is a timestamp.
        let mut stage = KindModel::zeros_in_context(false);
        let c = |l: Label| class_of(l).unwrap();
        stage.weights[0][c(Label::Navigation)] = 1.0;
        let prev_timestamp = m.dim + c(Label::Timestamp);
        stage.weights[prev_timestamp][c(Label::Marketing)] = 5.0;
        stage.find_active();
        let scores = [0.1, 0.0, 0.1, 0.1];
        let labels = [
            Label::Navigation,
            Label::Blank,
            Label::Navigation,
            Label::Navigation,
        ];
        let (got, _) = named(&m, &scores, &labels);
        assert_eq!(
            got,
            [
                Label::Timestamp,
                Label::Blank,
                Label::Timestamp,
                Label::Timestamp
            ]
        );
        m.context = Some(Box::new(stage));
        let run = |every_line: bool| named_in_use(&m, &scores, &labels, every_line);
        // The first line has none before it; the blank line is passed over.
        assert_eq!(
            run(true),
            [
                Label::Navigation,
                Label::Blank,
                Label::Marketing,
                Label::Marketing
            ]
        );
        // Where no line is named, the rules' names stay.
        assert_eq!(run(false), labels);
        // A fit's sink gets the first stage's features alone, and its names.
        let (got, sink) = named(&m, &scores, &labels);
        assert_eq!(got[3], Label::Timestamp);
        assert_eq!(sink.len(), 4 * m.dim);
    }

    #[test]
    fn without_a_model_or_sink_nothing_changes() {
        let rows = vec![row(5.0); 2];
        let page = KindPage {
            rows: &rows,
            scores: &[0.9, 0.1],
            ctx: &[],
            main: None,
        };
        let mut out = vec![label(Label::Content), label(Label::Marketing)];
        name_kinds(&page, KindInput::NONE, &mut out, None);
        assert_eq!(out[0].label, Label::Content);
        assert_eq!(out[1].label, Label::Marketing);
    }
}
