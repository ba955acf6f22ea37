//! The per-line pass: splits a page into lines, measures each, scores it alone with
//! every stage's per-line weights at once ([`StageWeights`]), and marks the lines
//! that stand on the page more than once.
//!
//! The classifier measures through [`measure_page_cached`], which copies a short
//! line already measured from the page buffers' line cache; the trainer and the HTML
//! front end through [`measure_page`], which also hands out every line's [`Shape`].

use super::line_cache::Found;
use super::page::{Measured, PageBuffers, Row};
use super::repeats::line_hash;
use crate::features::{self, BASE, LineInfo, Shape, base_features};
use crate::label::Reason;
use crate::score::{self, MAX_STAGES, Model, boilerplate_kind, sigmoid};
use crate::text::{LineSpan, line_count, lines};

/// Lines whose effective word count lies in this range may be the headline.
const HEADLINE_WORDS: (f32, f32) = (3.0, 25.0);

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
fn measure_page_with(
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
/// (cleared first either way). A short line already in `bufs`' line cache
/// ([`LineCache`](super::line_cache::LineCache), from this page or an earlier one)
/// is copied from there rather than measured again: the same row and features bit
/// for bit, as the cache is keyed by the line's bytes.
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

    /// Each stage's dot product with `x`, bit for bit what [`score::dot`] gives: every
    /// lane adds its products in feature order starting from -0.0, as `f32::sum` does.
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
mod tests {
    use super::*;
    use crate::revise::line_cache;
    use crate::score::dot;
    use proptest::prelude::*;

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
