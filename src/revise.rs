//! The page pass: measure every line, score it alone (stage 1), then revise every
//! score from its context (later stages), and name each line's label.
//!
//! This is the one classifier behind both the public API and `deboiler train`: the
//! trainer calls [`measure_page`] and [`context_matrix`] to see exactly the features
//! the classifier sees.

use crate::boost;
use crate::features::{
    self, BASE, CONTEXT, LineInfo, Page, Shape, WindowScratch, WindowSums, base_features,
    context_features_with, ln1p_fifth_table_into, page_facts, run_lengths, window_means_with,
    window_table_with,
};
use crate::label::{Label, Reason, Reasons};
use crate::score::{self, MAX_STAGES, Model, boilerplate_kind, dot, sigmoid};
use crate::text::{LineSpan, line_count, lines};

mod confidence;
mod line_cache;
mod repeats;
pub(crate) use confidence::PageBar;
use confidence::{away_from_main_text, confidence_scale};
use line_cache::{Found, LineCache, Measured};

/// What the page pass keeps of one line between stages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub span: LineSpan,
    /// Each stage's dot product over the per-line features.
    pub base_dot: [f32; MAX_STAGES],
    pub info: LineInfo,
    pub kind: Option<Label>,
    pub reasons: Reasons,
    /// Could be the page's headline (no kind, headline-sized, not ending like a sentence
    /// or a lead-in).
    pub headline_shape: bool,
    /// Shaped like a person's name: two to four capitalised words, no digits, no
    /// sentence end, nothing pointing to a kind.
    pub name_shape: bool,
}

/// Lines whose effective word count lies in this range may be the headline.
const HEADLINE_WORDS: (f32, f32) = (3.0, 25.0);
/// How many lines before the main run the headline may stand.
const HEADLINE_REACH: usize = 20;
/// Context may lift a line to content only when the line alone scores at least this,
/// or when nothing points to a kind of boilerplate: a timestamp or credit inside an
/// article stays what it is.
const RESCUE_LIMIT: f32 = 0.5;
/// On a page where no line reaches [`CONFIDENT`], scores are rescaled so that lines
/// scoring at least this share of the page's best reach the threshold.
const RELATIVE_THRESHOLD: f32 = 0.4;
/// A page where no line scores at least this has no line the model is sure of: its
/// scores are rescaled relative to its best line.
const CONFIDENT: f32 = 0.5;
/// A page whose best line scores below this is all boilerplate: no relative threshold.
const RELATIVE_FLOOR: f32 = 0.2;
/// Texts of at least this many lines get the context stages' scores in full;
/// shorter ones a blend with each line's own score, in proportion to their length.
const CONTEXT_FULL_LINES: f32 = 30.0;
/// Lines outside the main run have their scores divided by `this × the main run's
/// mean score` when that exceeds 1: on a page whose main text scores 0.9, a 0.55 line
/// elsewhere (a teaser, a comment) is not kept.
const MAIN_RUN_RELATIVE: f32 = 1.5;
/// A window mean above this says the neighbours are content.
const NEIGHBOURS_CONTENT: f32 = 0.6;
/// A window mean below this says the neighbours are boilerplate.
const NEIGHBOURS_BOILERPLATE: f32 = 0.2;

/// The buffers of one page's pass besides its rows: kept from page to page (by a
/// [`crate::Workspace`]), so that a long page's buffers are allocated, and their
/// memory first touched, once rather than for every page.
#[derive(Default)]
pub(crate) struct PageBuffers {
    /// Every line's hash, and which stand more than once.
    repeats: repeats::Repeats,
    /// Short lines measured before, on this page or an earlier one.
    lines: LineCache,
    /// The bits of the page's stage weights, for [`LineCache::start`].
    weight_bits: Vec<u32>,
    /// The rows' infos, their probabilities updated stage by stage.
    infos: Vec<LineInfo>,
    /// The next stage's probabilities.
    next_p: Vec<f32>,
    /// The context features of the stage the trees are added to.
    ctx: Vec<[f32; CONTEXT]>,
    /// The trees' sums.
    boost: Vec<f32>,
    /// The page's [`ln1p_fifth_table`].
    ln: Vec<f32>,
    /// Run lengths and window sums, and the latter's columns.
    runs: Vec<u32>,
    windows: Vec<WindowSums>,
    window_scratch: WindowScratch,
    /// The window sums [`name_labels`] asks (probabilities and counts).
    means: Vec<(f32, u32)>,
    /// The rescaled scores of [`name_labels`].
    scores: Vec<f32>,
    /// The labels [`name_labels`] names (taken out while it writes them).
    pub labels: Vec<(Label, Reasons, f32)>,
}

impl PageBuffers {
    /// Forgets the lines measured before (keeps the memory).
    #[cfg(feature = "internals")]
    pub(crate) fn forget_lines(&mut self) {
        self.lines.clear();
    }

    /// The bytes the buffers hold (their capacity).
    pub(crate) fn bytes_held(&self) -> usize {
        use std::mem::size_of;
        self.repeats.bytes_held()
            + self.lines.bytes_held()
            + self.weight_bits.capacity() * 4
            + self.infos.capacity() * size_of::<LineInfo>()
            + (self.next_p.capacity() + self.boost.capacity() + self.ln.capacity()) * 4
            + self.ctx.capacity() * size_of::<[f32; CONTEXT]>()
            + self.runs.capacity() * 4
            + self.windows.capacity() * size_of::<WindowSums>()
            + self.means.capacity() * size_of::<(f32, u32)>()
            + self.window_scratch.bytes_held()
            + self.scores.capacity() * 4
            + self.labels.capacity() * std::mem::size_of::<(Label, Reasons, f32)>()
    }
}

/// Splits `bytes` into lines and measures each; calls `each` with every line's
/// shape and features (the trainer keeps them; the classifier only their dot
/// products).
pub(crate) fn measure_page(
    bytes: &[u8],
    model: &Model,
    rows: &mut Vec<Row>,
    each: impl FnMut(&Shape, &[f32; BASE]),
) {
    measure_page_with(bytes, model, rows, &mut PageBuffers::default(), each);
}

/// [`measure_page`] with the hashes' buffers in `bufs`.
pub(crate) fn measure_page_with(
    bytes: &[u8],
    model: &Model,
    rows: &mut Vec<Row>,
    bufs: &mut PageBuffers,
    mut each: impl FnMut(&Shape, &[f32; BASE]),
) {
    rows.clear();
    let n = line_count(bytes);
    rows.reserve(n);
    let mut x = [0.0f32; BASE];
    let repeats = &mut bufs.repeats;
    repeats.start(n);
    let weights = StageWeights::new(model);
    for span in lines(bytes) {
        let text = &bytes[span.start..span.end];
        let shape = features::measure(text);
        base_features(&shape, &mut x);
        each(&shape, &x);
        let row = measured_row(span, &shape, &x, &weights);
        repeats.add(line_hash(text.trim_ascii()), !row.info.blank);
        rows.push(row);
    }
    repeats.finish(|i, repeated| rows[i].info.repeated = repeated);
}

/// [`measure_page_with`] for the classifier, which needs no line's [`Shape`]: every
/// line's row into `rows`, and its per-line features into `base` when `keep_base`
/// (cleared first either way). A short line already in `bufs`' [`LineCache`] (from
/// this page or an earlier one) is copied from there rather than measured again: the
/// same row and features bit for bit, as the cache is keyed by the line's bytes.
pub(crate) fn measure_page_cached(
    bytes: &[u8],
    model: &Model,
    rows: &mut Vec<Row>,
    bufs: &mut PageBuffers,
    base: &mut Vec<[f32; BASE]>,
    keep_base: bool,
) {
    rows.clear();
    base.clear();
    let n = line_count(bytes);
    rows.reserve(n);
    if keep_base {
        base.reserve(n);
    }
    let PageBuffers {
        repeats,
        lines: cache,
        weight_bits,
        ..
    } = bufs;
    repeats.start(n);
    let weights = StageWeights::new(model);
    weights.bits_into(weight_bits);
    cache.start(weight_bits);
    for span in lines(bytes) {
        let text = &bytes[span.start..span.end];
        let hash = line_hash(text.trim_ascii());
        let found = cache.find(hash, text);
        let blank = if let Found::Kept(m) = found {
            // Straight from the cache into the page's buffers.
            if keep_base {
                base.push(m.x);
            }
            rows.push(Row { span, ..m.row });
            m.row.info.blank
        } else {
            let shape = features::measure(text);
            let mut x = [0.0f32; BASE];
            base_features(&shape, &mut x);
            let row = measured_row(span, &shape, &x, &weights);
            if let Found::Free(slot) = found {
                cache.keep(slot, hash, text, Measured { row, x });
            }
            if keep_base {
                base.push(x);
            }
            rows.push(row);
            row.info.blank
        };
        repeats.add(hash, !blank);
    }
    repeats.finish(|i, repeated| rows[i].info.repeated = repeated);
}

/// The row of a line at `span` of shape `shape` and per-line features `x`, scored
/// alone by `weights` (its `repeated` flag false: the page sets it).
#[inline(always)]
fn measured_row(span: LineSpan, shape: &Shape, x: &[f32; BASE], weights: &StageWeights) -> Row {
    let base_dot = weights.dots(x);
    let blank = shape.is_blank();
    let ww = shape.effective_words();
    let kind = boilerplate_kind(shape);
    let mut reasons = score::shape_reasons(shape);
    reasons.set_if(blank, Reason::Empty);
    Row {
        span,
        base_dot,
        info: LineInfo {
            p: sigmoid(base_dot[0]),
            // `base_features` computed it (the same bits).
            words_log: x[features::WORDS_LOG],
            repeated: false,
            blank,
            sentence: shape.sentence_end,
            key: features::shape_key(shape),
        },
        kind,
        reasons,
        name_shape: kind.is_none()
            && (2..=4).contains(&shape.words)
            && shape.cap_words == shape.words
            && shape.digits == 0
            && !shape.sentence_end
            && !shape.link,
        headline_shape: kind.is_none()
            && (HEADLINE_WORDS.0..=HEADLINE_WORDS.1).contains(&ww)
            && !shape.colon_end
            && !shape.sentence_end
            && !shape.link,
    }
}

/// A 64-bit hash of a line's text, to find lines that stand on the page more than
/// once: eight bytes a step (FNV-1a takes one), each word mixed in with a multiply and
/// a shift; the length goes in last, so that lines differing only in trailing zero
/// bytes differ.
fn line_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    // The last 0 to 7 bytes, zeros after them, without a copy to a buffer (a call):
    // from the line's last eight bytes when it has them, shifted down past those
    // already mixed in.
    let rest = words.remainder();
    let last = match bytes.last_chunk::<8>() {
        _ if rest.is_empty() => 0,
        Some(tail) => u64::from_le_bytes(*tail) >> (8 * (8 - rest.len())),
        None => rest.iter().rev().fold(0, |w, &b| (w << 8) | b as u64),
    };
    h = mix(h, last);
    mix(h, bytes.len() as u64)
}

/// [`line_hash`] as it was, its last bytes copied to a buffer: the reference.
#[cfg(test)]
fn line_hash_buffered(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = mix(h, u64::from_le_bytes(last));
    mix(h, bytes.len() as u64)
}

#[cfg(test)]
mod line_hash_tests {
    use super::*;

    #[test]
    fn hashes_as_with_a_buffer() {
        let text: Vec<u8> = (0..40u8).map(|k| k.wrapping_mul(37) ^ 0xA5).collect();
        for start in 0..8 {
            for end in start..text.len() {
                let t = &text[start..end];
                assert_eq!(line_hash(t), line_hash_buffered(t), "{start}..{end}");
            }
        }
    }

    /// On the corpus, lines get the same [`line_hash`] exactly when they got the same
    /// FNV-1a hash (what the page pass used before), so the same lines are repeated.
    #[test]
    fn groups_lines_as_fnv1a_did() {
        let mut by_new = std::collections::HashMap::new();
        let mut by_old = std::collections::HashMap::new();
        let mut texts = std::collections::HashSet::new();
        for line in &crate::corpus_lines() {
            let t = line.trim_ascii();
            texts.insert(t.to_vec());
            let old = by_old
                .entry(crate::text::fnv1a(t))
                .or_insert_with(|| t.to_vec());
            assert_eq!(old.as_slice(), t, "FNV-1a collides");
            let new = by_new.entry(line_hash(t)).or_insert_with(|| t.to_vec());
            assert_eq!(new.as_slice(), t, "line_hash collides");
        }
        assert!(texts.len() > 1000);
        for t in ["", "a", "a\0", "abcdefgh", "abcdefgh\0", "abcdefghi"] {
            for u in ["", "a", "a\0", "abcdefgh", "abcdefgh\0", "abcdefghi"] {
                assert_eq!(line_hash(t.as_bytes()) == line_hash(u.as_bytes()), t == u);
            }
        }
    }
}

/// Lanes of [`StageWeights`]: one per stage, padded to a vector's width.
const LANES: usize = 4;
const _: () = assert!(MAX_STAGES <= LANES);

/// Every stage's per-line weights, feature by feature: each feature's weights for all
/// stages side by side, so that one pass over a line's features computes every
/// stage's dot product at once (one vector multiply and add per feature, rather
/// than a multiply and add per feature and stage).
struct StageWeights {
    /// `by_feature[j][k]`: stage `k`'s weight of feature `j`; 0 for missing stages.
    by_feature: [[f32; LANES]; BASE],
    /// How many stages the model has.
    stages: usize,
}

impl StageWeights {
    fn new(model: &Model) -> Self {
        let mut by_feature = [[0.0; LANES]; BASE];
        for (k, stage) in model.stages.iter().enumerate() {
            for (w, &v) in by_feature.iter_mut().zip(&stage.base) {
                w[k] = v;
            }
        }
        StageWeights {
            by_feature,
            stages: model.stages.len(),
        }
    }

    /// The weights' bits and the number of stages, into `out` (cleared first): rows
    /// scored with other weights are not reused.
    fn bits_into(&self, out: &mut Vec<u32>) {
        out.clear();
        out.push(self.stages as u32);
        out.extend(self.by_feature.iter().flatten().map(|w| w.to_bits()));
    }

    /// Each stage's dot product with `x`, bit for bit what [`dot`] gives: every lane
    /// adds its products in feature order starting from -0.0, as `f32::sum` does.
    fn dots(&self, x: &[f32; BASE]) -> [f32; MAX_STAGES] {
        let mut acc = [-0.0f32; LANES];
        // Features in eights, written out: the loop's own bookkeeping once per eight.
        let (heads, rest) = self.by_feature.as_chunks::<8>();
        let (x_heads, x_rest) = x.as_chunks::<8>();
        for (w4, v4) in heads.iter().zip(x_heads) {
            for (w, &v) in w4.iter().zip(v4) {
                for (a, &wk) in acc.iter_mut().zip(w) {
                    *a += wk * v;
                }
            }
        }
        for (w, &v) in rest.iter().zip(x_rest) {
            for (a, &wk) in acc.iter_mut().zip(w) {
                *a += wk * v;
            }
        }
        let mut out = [0.0; MAX_STAGES];
        out[..self.stages].copy_from_slice(&acc[..self.stages]);
        out
    }
}

#[cfg(test)]
mod line_cache_tests {
    use super::*;

    /// The rows and per-line features of `text` measured line by line, without a cache.
    fn uncached(text: &[u8], model: &Model) -> (String, Vec<[f32; BASE]>) {
        let mut rows = Vec::new();
        let mut base = Vec::new();
        measure_page(text, model, &mut rows, |_, x| base.push(*x));
        (format!("{rows:?}"), base)
    }

    fn cached(text: &[u8], model: &Model, bufs: &mut PageBuffers) -> (String, Vec<[f32; BASE]>) {
        let mut rows = Vec::new();
        let mut base = Vec::new();
        measure_page_cached(text, model, &mut rows, bufs, &mut base, true);
        (format!("{rows:?}"), base)
    }

    fn bits(base: &[[f32; BASE]]) -> Vec<u32> {
        base.iter().flatten().map(|v| v.to_bits()).collect()
    }

    fn assert_same(text: &[u8], model: &Model, bufs: &mut PageBuffers) {
        let (want_rows, want_base) = uncached(text, model);
        let (rows, base) = cached(text, model, bufs);
        assert_eq!(rows, want_rows);
        assert_eq!(bits(&base), bits(&want_base));
    }

    /// Every corpus page, twice over (the second time from the cache), and then all
    /// pages at once: the same rows and features as measuring every line.
    #[test]
    fn the_corpus_measures_as_without_the_cache() {
        let model = &*score::MODEL_WEIGHTS;
        let mut bufs = PageBuffers::default();
        let pages = crate::corpus_pages();
        for _ in 0..2 {
            for page in &pages {
                assert_same(page, model, &mut bufs);
            }
        }
        assert_same(&pages.concat(), model, &mut bufs);
    }

    /// More distinct short lines than the cache keeps (it starts over), lines that
    /// differ only in the white space around them (one hash, other bytes), lines
    /// just short enough to keep and just too long, and another model's weights in
    /// between (the cache forgets rows scored with other weights).
    #[test]
    fn overflow_white_space_lengths_and_models() {
        let shipped = &*score::MODEL_WEIGHTS;
        let fallback = Model::fallback();
        let mut page = String::new();
        for k in 0..20_000 {
            page.push_str(&format!("Item {k} of the list\n"));
            if k % 7 == 0 {
                page.push_str(&format!("  Item {k} of the list \t\n"));
                page.push_str(&format!("Item {} of the list\n", k / 2));
            }
        }
        for len in [
            line_cache::MAX_LINE - 1,
            line_cache::MAX_LINE,
            line_cache::MAX_LINE + 1,
        ] {
            let line = "Share this ".repeat(20)[..len].to_string();
            page.push_str(&format!("{line}\n{line}\n"));
        }
        let mut bufs = PageBuffers::default();
        for model in [shipped, &fallback, shipped] {
            assert_same(page.as_bytes(), model, &mut bufs);
            assert_same(&page.as_bytes()[..5000], model, &mut bufs);
        }
    }
}

#[cfg(test)]
mod stage_weights_tests {
    use super::*;
    use proptest::prelude::*;

    proptest::proptest! {
        /// All stages at once give, bit for bit, each stage's own [`dot`], with one to
        /// three stages and features of any sign, size or zero.
        #[test]
        fn dots_match_each_stage(
            stages in 1..=MAX_STAGES,
            w in proptest::collection::vec(-100.0f32..100.0, BASE * MAX_STAGES),
            x in proptest::collection::vec(
                prop_oneof![Just(0.0f32), Just(-0.0f32), -1e4f32..1e4], BASE),
        ) {
            let mut model = Model::fallback();
            model.stages = (0..stages)
                .map(|k| {
                    let mut s = score::Stage::default();
                    s.base.copy_from_slice(&w[k * BASE..(k + 1) * BASE]);
                    s
                })
                .collect();
            let x: [f32; BASE] = x.try_into().unwrap();
            let got = StageWeights::new(&model).dots(&x);
            for (k, stage) in model.stages.iter().enumerate() {
                prop_assert_eq!(got[k].to_bits(), dot(&stage.base, &x).to_bits());
            }
        }
    }

    /// The shipped model's stages, on a real page's lines.
    #[test]
    fn dots_match_shipped_model() {
        let model = &*score::MODEL_WEIGHTS;
        let weights = StageWeights::new(model);
        let page = "Home | News | Contact\nThe council met on Tuesday, 3 May 2022, to vote.\n\n\
                    Photo: Jane Doe / Reuters\n© 2022 Example Inc. All rights reserved.\n";
        let mut x = [0.0; BASE];
        for span in lines(page.as_bytes()) {
            base_features(
                &features::measure(&page.as_bytes()[span.start..span.end]),
                &mut x,
            );
            let got = weights.dots(&x);
            for (k, stage) in model.stages.iter().enumerate() {
                assert_eq!(got[k].to_bits(), dot(&stage.base, &x).to_bits());
            }
        }
    }
}

/// The context features of every line for the current probabilities, row-major.
#[cfg(feature = "train")]
pub(crate) fn context_matrix(infos: &[LineInfo], out: &mut Vec<[f32; CONTEXT]>) {
    let ln = features::ln1p_fifth_table(infos.len());
    let (mut runs, mut windows) = (Vec::new(), Vec::new());
    out.clear();
    out.reserve(infos.len());
    each_context(
        infos,
        &ln,
        &mut runs,
        &mut windows,
        &mut WindowScratch::default(),
        |_, x| out.push(*x),
    );
}

/// Calls `each` with every line's index and context features in turn, for the
/// current probabilities in `infos`, with the page's [`ln1p_fifth_table`] (made once
/// for all its stages) and buffers for the run lengths and window sums.
#[inline(always)]
fn each_context(
    infos: &[LineInfo],
    ln: &[f32],
    runs: &mut Vec<u32>,
    windows: &mut Vec<WindowSums>,
    scratch: &mut WindowScratch,
    mut each: impl FnMut(usize, &[f32; CONTEXT]),
) {
    let page = page_facts(infos);
    run_lengths(infos, runs);
    window_table_with(infos, windows, scratch);
    let mut x = [0.0; CONTEXT];
    for (i, sums) in windows.iter().enumerate() {
        context_features_with(infos, &page, runs, ln, i, sums, &mut x);
        each(i, &x);
    }
}

/// A measured page: its rows (see [`measure_page`]), every row's per-line features
/// when the model has trees (else it may be empty), and every row's layout features
/// when the trees ask about them (the HTML model's; [`NO_EXTRA`] for text).
pub(crate) struct MeasuredPage<'a, const E: usize> {
    pub rows: &'a mut [Row],
    pub base: &'a [[f32; BASE]],
    pub extra: &'a [[f32; E]],
}

/// No extra features: the text model's rows (see [`revise`]).
pub(crate) const NO_EXTRA: &[[f32; 0]] = &[];

/// Runs stages 2.. of `model` over the rows: each stage's probabilities replace the
/// previous ones in `rows[i].info.p`. `base` holds every row's per-line features when
/// the model has trees (they ask about them); it may be empty otherwise. `extra`
/// holds every row's features after the context ones, for trees that ask about them
/// (the HTML model's layout features), or is empty ([`NO_EXTRA`]). Every row comes
/// in with stage 1's probability, `rows[i].info.p == sigmoid(rows[i].base_dot[0])`.
pub(crate) fn revise<const E: usize>(
    model: &Model,
    rows: &mut [Row],
    base: &[[f32; BASE]],
    extra: &[[f32; E]],
    bufs: &mut PageBuffers,
) {
    if rows.is_empty() {
        return;
    }
    debug_assert!(
        rows.iter()
            .all(|r| r.info.p.to_bits() == sigmoid(r.base_dot[0]).to_bits()),
        "rows come in with stage 1's probabilities"
    );
    let PageBuffers {
        infos,
        next_p,
        ctx,
        boost,
        ln,
        runs,
        windows,
        window_scratch,
        ..
    } = bufs;
    infos.clear();
    infos.extend(rows.iter().map(|r| r.info));
    let last = model.stages.len() - 1;
    debug_assert!(
        model.trees.is_empty() || base.len() == rows.len(),
        "a model with trees needs every row's per-line features"
    );
    let boosted = !model.trees.is_empty() && base.len() == rows.len();
    let extra = if extra.len() == rows.len() {
        extra
    } else {
        &[]
    };
    ln1p_fifth_table_into(rows.len(), ln);
    next_p.reserve(rows.len());
    for (k, stage) in model.stages.iter().enumerate().skip(1) {
        next_p.clear();
        if boosted && k == last {
            // The trees ask about every row's context features at once.
            ctx.clear();
            ctx.reserve(rows.len());
            each_context(infos, ln, runs, windows, window_scratch, |_, x| {
                ctx.push(*x)
            });
            boost::predict_rows(&model.trees, base, ctx, extra, boost);
            next_p.extend(
                rows.iter()
                    .zip(ctx.iter())
                    .zip(boost.iter())
                    .map(|((row, c), b)| sigmoid(row.base_dot[k] + dot(&stage.context, c) + b)),
            );
        } else {
            // A stage without trees needs each line's features only for its dot
            // product: no matrix.
            each_context(infos, ln, runs, windows, window_scratch, |i, x| {
                next_p.push(sigmoid(rows[i].base_dot[k] + dot(&stage.context, x)));
            });
        }
        for (info, &p) in infos.iter_mut().zip(next_p.iter()) {
            info.p = p;
        }
    }
    // A short text gives little context to go on: trust each line's own score more.
    let trust = (rows.len() as f32 / CONTEXT_FULL_LINES).min(1.0);
    for (row, info) in rows.iter_mut().zip(infos.iter()) {
        // Stage 1's probability, `sigmoid(row.base_dot[0])`, kept since `measure_page`.
        let alone = row.info.p;
        let p = alone + trust * (info.p - alone);
        row.info.p = if row.kind.is_some() && alone < RESCUE_LIMIT {
            p.min(alone)
        } else {
            p
        };
    }
}

/// The mean score of the content-like lines of the page's main run (0 without one).
fn main_run_mean(rows: &[Row], page: &Page) -> f32 {
    let Some((start, end)) = page.main else {
        return 0.0;
    };
    let (sum, n) = rows[start..=end]
        .iter()
        .filter(|r| !r.info.blank && r.info.p >= features::CONTENT_LIKE)
        .fold((0.0, 0.0), |(s, n), r| (s + r.info.p, n + 1.0));
    if n > 0.0 { sum / n } else { 0.0 }
}

/// Names each line's label from its final probability, adds the context reasons and
/// picks the headline. `bar` tells how far the model's confidence in the page moves
/// the bar (0 for text) and whether each line lies in the page's main container
/// (HTML): on a page the model is sure of, a
/// line it is unsure of, outside both the main run of kept text
/// ([`confidence::away_from_main_text`]) and the main container, falls under the bar.
pub(crate) fn name_labels(
    rows: &[Row],
    threshold: f32,
    bar: PageBar,
    labels: &mut Vec<(Label, Reasons, f32)>,
    bufs: &mut PageBuffers,
) {
    labels.clear();
    let PageBuffers {
        infos,
        means,
        window_scratch,
        scores,
        ..
    } = bufs;
    infos.clear();
    infos.extend(rows.iter().map(|r| r.info));
    let page: Page = page_facts(infos);
    window_means_with(infos, means, window_scratch);
    // A page where no line reaches `CONFIDENT` still has a best part: keep the lines
    // that score close to the page's best, rather than nothing.
    let best = rows
        .iter()
        .filter(|r| !r.info.blank)
        .map(|r| r.info.p)
        .fold(0.0f32, f32::max);
    // Both page rules rescale the scores, so that the threshold stays a plain cut-off:
    // a line is content exactly when its (rescaled) score reaches it.
    let relative = (RELATIVE_FLOOR..CONFIDENT).contains(&best);
    let (scale_main, scale_outside) = if relative {
        let s = (CONFIDENT / (best * RELATIVE_THRESHOLD)).max(1.0);
        (s, s)
    } else {
        // Where the main text is clear, a line away from it must come closer to it in
        // score to be kept.
        let m = (MAIN_RUN_RELATIVE * main_run_mean(rows, &page)).max(1.0);
        (1.0, 1.0 / m)
    };
    let in_main = |i: usize| page.main.is_some_and(|(s, e)| (s..=e).contains(&i));
    scores.clear();
    scores.extend(rows.iter().enumerate().map(|(i, row)| {
        (row.info.p
            * if in_main(i) {
                scale_main
            } else {
                scale_outside
            })
        .min(1.0)
    }));
    let confidence = confidence_scale(rows, scores, bar.strength);
    for s in scores.iter_mut() {
        *s = (*s * confidence).min(1.0);
    }
    if let Some((first, last)) = away_from_main_text(rows, scores, bar.strength) {
        for (i, s) in scores.iter_mut().enumerate() {
            let in_container = bar.in_container.get(i).copied().unwrap_or(false);
            if !(first..=last).contains(&i) && !in_container && *s < confidence::SURE {
                *s *= confidence::AWAY_FACTOR;
            }
        }
    }
    for (i, (row, &score)) in rows.iter().zip(scores.iter()).enumerate() {
        let mut reasons = row.reasons;
        let in_main = in_main(i);
        let label = if row.info.blank {
            Label::Blank
        } else if score >= threshold && score > 0.0 {
            reasons.set_if(relative && row.info.p < threshold, Reason::BestOfPage);
            Label::Content
        } else {
            row.kind.unwrap_or(Label::Navigation)
        };
        // The neighbours' mean: their probabilities summed in order, as a loop over
        // the window skipping line `i` and the blank lines would.
        let (sum, n) = (means[i].0, means[i].1 as f32);
        if n > 0.0 {
            reasons.set_if(sum / n >= NEIGHBOURS_CONTENT, Reason::ContentNeighbours);
            reasons.set_if(
                sum / n <= NEIGHBOURS_BOILERPLATE,
                Reason::BoilerplateNeighbours,
            );
        }
        reasons.set_if(in_main, Reason::MainRun);
        reasons.set_if(!in_main && page.main.is_some(), Reason::OutsideMainRun);
        reasons.set_if(row.info.repeated, Reason::Repeated);
        labels.push((label, reasons, score));
    }
    // A name beside a byline or a date is the author's.
    for i in 0..labels.len() {
        let next_to = |j: Option<usize>| {
            j.and_then(|j| labels.get(j))
                .is_some_and(|(l, _, _)| matches!(l, Label::Byline | Label::Timestamp))
        };
        if labels[i].0 == Label::Navigation
            && rows[i].name_shape
            && (next_to(i.checked_sub(1)) || next_to(Some(i + 1)))
        {
            labels[i].0 = Label::Byline;
            labels[i].1.insert(Reason::AuthorName);
        }
    }
    // The headline: a headline-shaped line kept as content, before any sentence of
    // the page, whose next line is a byline or a date (an article's header); else the
    // fullest headline-shaped line shortly before the main run.
    // (At threshold 0 every visible line is kept, as documented: no headline is
    // taken from the content.)
    let header = (threshold > 0.0)
        .then(|| header_headline(rows, labels))
        .flatten();
    if let Some(i) = header {
        labels[i].0 = Label::Title;
        labels[i].1.insert(Reason::Headline);
    } else if let Some((start, _)) = page.main {
        let from = start.saturating_sub(HEADLINE_REACH);
        let best = (from..start)
            .filter(|&i| labels[i].0 == Label::Navigation && rows[i].headline_shape)
            .max_by(|&a, &b| rows[a].info.words_log.total_cmp(&rows[b].info.words_log));
        if let Some(i) = best {
            labels[i].0 = Label::Title;
            labels[i].1.insert(Reason::Headline);
        }
    }
}

/// The headline of an article's header: the first headline-shaped line labelled
/// content whose next non-blank line reads as a byline or a date, found before the
/// first content line that ends like a sentence.
///
/// The next line's kind (not its label) is asked, so that a lower threshold never
/// drops a line a higher one keeps: lowering it only adds content lines, which can
/// only move the choice earlier or cancel it.
fn header_headline(rows: &[Row], labels: &[(Label, Reasons, f32)]) -> Option<usize> {
    for (i, row) in rows.iter().enumerate() {
        if labels[i].0 != Label::Content {
            continue;
        }
        if row.info.sentence {
            return None;
        }
        if !row.headline_shape {
            continue;
        }
        let next = (i + 1..rows.len()).find(|&j| !rows[j].info.blank);
        if next.is_some_and(|j| matches!(rows[j].kind, Some(Label::Byline | Label::Timestamp))) {
            return Some(i);
        }
    }
    None
}
