//! The context stages: stage 1 scored each line alone (see [`super::measure`]);
//! every later stage revises every line's score from its context (the neighbours'
//! scores, the page's main run, repeated lines), and the model's boosted trees, when
//! it has them, add to the last stage's sum.

use super::page::{PageBuffers, Row};
use crate::boost;
use crate::features::{
    BASE, CONTEXT, LineInfo, WindowScratch, WindowSums, context_features_with,
    ln1p_fifth_table_into, page_facts, run_lengths, window_table_with,
};
use crate::score::{Model, dot, sigmoid};

/// Context may lift a line to content only when the line alone scores at least this,
/// or when nothing points to a kind of boilerplate: a timestamp or credit inside an
/// article stays what it is.
const RESCUE_LIMIT: f32 = 0.5;
/// Texts of at least this many lines get the context stages' scores in full;
/// shorter ones a blend with each line's own score, in proportion to their length.
const CONTEXT_FULL_LINES: f32 = 30.0;

/// The context features of every line for the current probabilities, row-major.
#[cfg(feature = "train")]
pub(crate) fn context_matrix(infos: &[LineInfo], out: &mut Vec<[f32; CONTEXT]>) {
    let ln = crate::features::ln1p_fifth_table(infos.len());
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

/// Runs stages 2.. of `model` over the rows: each stage's probabilities replace the
/// previous ones in `rows[i].info.p`. `base` holds every row's per-line features when
/// the model has trees (they ask about them); it may be empty otherwise. `extra`
/// holds every row's features after the context ones, for trees that ask about them
/// (the HTML model's layout features), or is empty ([`NO_EXTRA`](super::NO_EXTRA)).
/// Every row comes in with stage 1's probability,
/// `rows[i].info.p == sigmoid(rows[i].base_dot[0])`.
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
